"""MkDocs hook for `make serve` (`mkdocs serve --dirty`): every page is still built on every save, but the site
folder is not emptied first, and files that cannot have changed are not copied again.

Plain `mkdocs serve` empties the site folder before each rebuild and copies every file again. On this project
that is 1,100 link-preview images and their folders at 1,000 records, seconds of file-system work per save.
MkDocs's --dirty mode skips the emptying, but on its own it also skips every Markdown page whose source is
older than its HTML, which would leave pages that list records or link to other pages out of date. So:
- every page, and every file from docs/ (the site's CSS and JavaScript are rewritten after copying, see
  search_hooks.py), counts as changed: they are built and copied as in a clean build;
- the theme's files and the cached preview images are copied only when their source is newer than the copy
  (MkDocs's own rule; a preview image's name is the hash of what it shows, so its bytes never change);
- a page whose HTML is the same as what this process last wrote to the same file is not written again
  (writing a file costs more than building its page here); MkDocs skips a page whose output is empty, so
  the hook hands it an empty string, and its "Page skipped" line is not shown;
- after the build, every file in the site folder that this build did not write (a deleted case study's page,
  a topic page no longer needed) is removed, so the folder holds exactly what a clean build writes
  (tests/test_preview.py compares the two file by file). The search index is made afresh (search_hooks.py);
- MkDocs's warning that a dirty build may leave navigation out of date is not shown: here it cannot.
Without --dirty (plain `mkdocs serve`, `mkdocs build`, scripts/build.py) this hook does nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue.current import state  # noqa: E402

QUIET = ("A 'dirty' build is being performed", "Page skipped: ")
KEEP = "pagefind"  # the search index, made afresh after the build by search_hooks.py


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(QUIET)


_FILTER = state.setdefault("dirty_warning_filter", _DropDirtyWarning())  # one filter, however often this loads


def _dirty_serve() -> bool:
    return bool(state.get("dirty_serve"))


def on_startup(command, dirty):
    state["dirty_serve"] = command == "serve" and dirty
    logger = logging.getLogger("mkdocs.commands.build")
    if state["dirty_serve"] and _FILTER not in logger.filters:
        logger.addFilter(_FILTER)  # before MkDocs's strict mode counts it as a warning


def _changed() -> bool:
    return True


@event_priority(-100)  # after every other hook has added its files
def on_files(files, config):
    if not _dirty_serve():
        return files
    docs = os.path.abspath(config.docs_dir) + os.sep
    for file in files:
        if file.is_documentation_page() or (file.abs_src_path or "").startswith(docs):
            file.is_modified = _changed  # built and copied as in a clean build
    state["dirty_outputs"] = {os.path.abspath(f.abs_dest_path) for f in files if f.inclusion.is_in_serve()}
    return files


_written: dict[str, bytes] = state.setdefault("dirty_written", {})  # page file -> hash of the HTML written there


@event_priority(-100)  # after every other hook: the HTML exactly as MkDocs would write it
def on_post_page(output, page, config):
    if not _dirty_serve():
        return output
    path = page.file.abs_dest_path
    digest = hashlib.sha1(output.encode("utf-8", errors="xmlcharrefreplace")).digest()
    if _written.get(path) == digest and os.path.isfile(path):
        return ""  # the file already holds exactly this
    _written[path] = digest
    return output


@event_priority(50)  # before search_hooks.py indexes the site
def on_post_build(config):
    if not _dirty_serve():
        return
    site = Path(os.path.abspath(config.site_dir))
    wanted = set(state.get("dirty_outputs") or ())
    for name in config.theme.static_templates:  # 404.html, sitemap.xml (and MkDocs's sitemap.xml.gz)
        wanted.add(str(site / name))
        if name == "sitemap.xml":
            wanted.add(str(site / "sitemap.xml.gz"))
    for folder, dirs, names in os.walk(site, topdown=False):
        here = Path(folder)
        if here.relative_to(site).parts[:1] == (KEEP,):
            continue
        for name in names:
            path = here / name
            if str(path) not in wanted:
                path.unlink()
        if here != site and not any(here.iterdir()):
            here.rmdir()
