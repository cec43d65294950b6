"""Under `mkdocs serve` only: remember each page's converted HTML, so a save re-converts only the pages whose
Markdown changed. No MkDocs imports; scripts/preview_hooks.py passes plain values in and out.

Converting Markdown is the biggest part of a build (about 4 s per 1,000 pages). Between two saves almost
every page's Markdown, after the macros have run, is the same as before, and so is its HTML. A page's
conversion depends only on:
- its Markdown (after the macros), its own path and URL (relative links are resolved from there);
- the paths and URLs of every file in the site (what a link points to);
- the Markdown settings (mkdocs.yml) and the snippet files they append (docs/includes/).
The key below hashes all of them, so any change to any of them converts the page again; the result is the
same HTML a full conversion gives, which tests/test_preview.py checks against a clean build.
The store lives as long as the serve process (MkDocs loads hook files afresh for every build; this package
module stays loaded). A plain `mkdocs build` never uses it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

# How many pages to remember: more than the biggest library measured (3,000 records and their topic pages).
LIMIT = 20_000


@dataclass
class Rendered:
    """What converting one page's Markdown produced."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # linked file's src_uri -> {anchor: original link}


class RenderCache:
    def __init__(self) -> None:
        self.entries: dict[str, Rendered] = {}
        self.context = ""
        self.hits = 0
        self.misses = 0

    def start_build(self, files: Iterable[tuple[str, str]], settings: Iterable[Path]) -> None:
        """Once per build: a hash of every file's (path, URL) and of the files holding the Markdown settings."""
        digest = hashlib.sha256()
        for src_uri, url in sorted(files):
            digest.update(f"{src_uri}\0{url}\0".encode("utf-8"))
        for path in sorted(settings):
            digest.update(str(path).encode("utf-8") + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        self.context = digest.hexdigest()
        self.hits = self.misses = 0
        if len(self.entries) > LIMIT:
            self.entries.clear()

    def key(self, src_uri: str, url: str, markdown: str) -> str:
        text = f"{self.context}\0{src_uri}\0{url}\0{markdown}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> Rendered | None:
        found = self.entries.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, rendered: Rendered) -> None:
        self.entries[key] = rendered


store = RenderCache()
