"""The site's search index: Pagefind (PyPI `pagefind`, binary included) run over the built HTML.

Only the page body is indexed: the hooks mark each page's article with data-pagefind-body, and pages whose
front matter says `search: {exclude: true}` (listings, topic pages) get no body, so they are left out.
Blocks marked data-search-exclude (sources, related case studies, citation boxes) are skipped, so a search
for an organisation's name finds its own page first. The index goes into <site>/pagefind/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

OUTPUT_SUBDIR = "pagefind"
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink", ".md-content__button"]
# The pages Pagefind reads: every page a reader can search is at most two folders deep (a guidance page, a case
# study). The deeper pages are topic pages and the index's later pages, kept out of search; not reading them
# saves Pagefind a third of its pages. tests/test_search_index.py checks that no page to be searched is deeper.
GLOB = "{index.html,*/index.html,*/*/index.html}"
SEARCH_DEPTH = 3  # parts of a searchable page's path: case-studies/<slug>/index.html


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


def command(site_dir: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR,
           "--force-language", "en", "--glob", GLOB, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        cmd += ["--exclude-selectors", selector]
    return cmd


def index_site(site_dir: Path, nice: int = 0, started: Callable[[subprocess.Popen], None] | None = None) -> str:
    """Index the built site in place; return Pagefind's output. Raises SearchIndexError on failure.
    `nice` lowers Pagefind's priority and `started` is given the running process (both for the background
    index under `mkdocs serve`)."""
    try:
        process = subprocess.Popen(command(site_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=(lambda: os.nice(nice)) if nice else None)
    except FileNotFoundError as exc:  # pragma: no cover - sys.executable always exists
        raise SearchIndexError(str(exc)) from exc
    if started is not None:
        started(process)
    try:
        stdout, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    output = (stdout + stderr).strip()
    if process.returncode != 0:
        if "No module named pagefind" in output:
            output += "\nInstall the site's requirements: pip install -r requirements.txt"
        raise SearchIndexError(output or f"pagefind exited with {process.returncode}")
    if not (site_dir / OUTPUT_SUBDIR / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind wrote no {OUTPUT_SUBDIR}/pagefind.js\n{output}")
    return output


# Under `mkdocs serve`: the index is made in a thread after each rebuild, so the browser reloads without
# waiting for it; search catches up a moment later. The next rebuild stops an index still being made (it
# would be made again anyway) before MkDocs cleans the site folder. This lives here, not in the hook module,
# because `mkdocs serve` loads the hooks afresh for every rebuild while this module stays loaded.
_background: threading.Thread | None = None
_process: list[subprocess.Popen] = []  # the background Pagefind, while it runs
_stopped = threading.Event()


def index_in_background(site_dir: Path, report: Callable[[SearchIndexError], None]) -> None:
    """Start indexing the built site at low priority; `report` is called if Pagefind fails."""
    global _background
    stop_background()
    _stopped.clear()

    def started(process: subprocess.Popen) -> None:
        _process.append(process)
        if _stopped.is_set():  # stopped before Pagefind had started
            process.terminate()

    def run() -> None:
        old = _move_aside(site_dir / OUTPUT_SUBDIR)  # `make serve` keeps the site folder: start afresh
        try:
            if not _stopped.is_set():
                index_site(site_dir, nice=10, started=started)
        except SearchIndexError as exc:
            if not _stopped.is_set():
                report(exc)
        finally:
            _process.clear()
            if old is not None:  # deleted beside, so a rebuild never waits for it
                threading.Thread(target=shutil.rmtree, args=(old, True), name="pagefind-old").start()

    # Not a daemon thread: a process that ends after a build (a test, say) waits for its index.
    _background = threading.Thread(target=run, name="pagefind")
    _background.start()


def _move_aside(folder: Path) -> Path | None:
    """Move an old index out of the site folder at once (deleting 1,000 pages' index takes seconds)."""
    if not folder.is_dir():
        return None
    aside = folder.parent.parent / f".{folder.parent.name}-pagefind-old-{os.getpid()}-{time.monotonic_ns()}"
    try:
        folder.rename(aside)
        return aside
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None


def wait_for_background() -> None:
    """Wait until the index being made in the background is finished."""
    if _background is not None:
        _background.join()


def stop_background() -> None:
    """Stop the index being made in the background, if any, and wait until it has stopped: call before the
    site is cleaned or rebuilt, so Pagefind never reads a half-written site or writes into a new one."""
    if _background is None or not _background.is_alive():
        return
    _stopped.set()
    for process in list(_process):
        process.terminate()
    _background.join()
