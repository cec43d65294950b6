"""Remember each page's converted HTML, so a save under `mkdocs serve`, or the next build, converts again only
the pages whose Markdown changed. No MkDocs imports; scripts/cache_hooks.py passes plain values in and out.

Converting Markdown is the biggest part of a build (about 4 s per 1,000 pages). Between two saves almost
every page's Markdown, after the macros have run, is the same as before, and so is its HTML. A page's
conversion depends only on:
- its Markdown (after the macros), its own path and URL (relative links are resolved from there);
- the paths and URLs of every file in the site (what a link points to);
- the Markdown settings (mkdocs.yml), the snippet files they append (docs/includes/) and the versions of
  MkDocs and the Markdown packages.
The key below hashes all of them, so any change to any of them converts the page again; the result is the
same HTML a full conversion gives, which tests/test_preview.py checks against a clean build.
In memory the store lives as long as the process (under `mkdocs serve`, MkDocs loads hook files afresh for
every build; this package module stays loaded). Between builds it is kept in .cache/pages.pickle, written
only after a build that succeeded (so a page whose conversion warned, which fails a strict build, is never
kept) and holding only the pages of that build. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
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
        self.used: dict[str, Rendered] = {}
        self.loaded_from: Path | None = None

    def start_build(self, files: Iterable[tuple[str, str]], settings: Iterable[Path], versions: str,
                    path: Path) -> None:
        """Once per build: a hash of every file's (path, URL), of the files holding the Markdown settings and
        of the packages' versions; the stored pages are read from `path` if this process has not read them."""
        if self.loaded_from != path:
            self.loaded_from = path
            try:
                with path.open("rb") as handle:
                    stored = pickle.load(handle)
                self.entries = stored if isinstance(stored, dict) else {}
            except Exception:  # no cache yet, or an unreadable one: start afresh
                self.entries = {}
        self.used = {}
        digest = hashlib.sha256(versions.encode("utf-8") + b"\0")
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
            self.used[key] = found
        return found

    def put(self, key: str, rendered: Rendered) -> None:
        self.entries[key] = rendered
        self.used[key] = rendered

    def save(self) -> None:
        """After a build that succeeded: keep this build's pages, atomically; a cache that cannot be written
        is simply not kept."""
        if self.loaded_from is None:
            return
        # Memory keeps every page (up to LIMIT): under `mkdocs serve` a broken save, whose pages are all empty,
        # must not push out the real pages the next good save brings back. The file keeps this build's pages.
        temporary = None
        try:
            self.loaded_from.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".pages-", dir=self.loaded_from.parent)
            with os.fdopen(handle, "wb") as out:
                pickle.dump(self.used, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.loaded_from)
        except Exception:
            if temporary:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass


store = RenderCache()


class PageOutputs:
    """Under `mkdocs serve`: each page's finished template output, with the key of everything the template saw
    (scripts/cache_hooks.py builds the key). Memory only. Two outputs a page, the last two keys used, so that
    after a broken save (every page shows the problems) the next good save finds the real pages again."""

    KEEP = 2

    def __init__(self) -> None:
        self.entries: dict[str, list[tuple[str, str]]] = {}  # page's src_uri -> [(key, output)], latest first
        self.hits = 0
        self.misses = 0

    def start_build(self) -> None:
        self.hits = self.misses = 0

    def get(self, src_uri: str, key: str) -> str | None:
        kept = self.entries.get(src_uri, [])
        for n, (stored, output) in enumerate(kept):
            if stored == key:
                kept.insert(0, kept.pop(n))
                self.hits += 1
                return output
        self.misses += 1
        return None

    def put(self, src_uri: str, key: str, output: str) -> None:
        kept = self.entries.setdefault(src_uri, [])
        kept.insert(0, (key, output))
        del kept[self.KEEP:]


outputs = PageOutputs()
