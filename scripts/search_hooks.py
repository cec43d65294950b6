"""MkDocs hook: mark what Pagefind indexes, and index the site under `mkdocs serve` too; and, for page weight,
write pages without their indentation, the site's own CSS and JavaScript without their comments, and cut
Material's stylesheets to the rules the site uses (scripts/socialvalue/assets.py).

scripts/build.py runs Pagefind after `mkdocs build`, inside the atomic build. `mkdocs serve` never calls
build.py, so on serve this hook runs Pagefind after each rebuild, in the background (the browser reloads
without waiting for it; a rebuild that starts before it is done stops it first, and makes the index again). If Pagefind is not
installed, the site is still served and the search box says that search is not available.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue.assets import compact_html, purge_material_css, shrink_folder  # noqa: E402
from socialvalue.current import state  # noqa: E402
from socialvalue.search import SearchIndexError, index_in_background, stop_background  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")
ARTICLE = '<article class="md-content__inner md-typeset">'
# `mkdocs serve` loads the config, and so this module, again for every rebuild, and calls on_startup only
# once: the command is kept in the environment of the process, which outlives the reloads.
COMMAND = "SOCIAL_VALUE_MKDOCS_COMMAND"


def on_startup(command, dirty):
    os.environ[COMMAND] = command


def on_pre_build(config):
    """Under `mkdocs serve`: stop the last rebuild's index, if it is still being made, before MkDocs cleans
    the site folder (this rebuild makes it again)."""
    stop_background()


def on_shutdown():
    stop_background()


def body_attributes(meta: dict) -> str:
    """The attributes the article gets: data-pagefind-body unless the page is kept out of search."""
    search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
    if search.get("exclude"):
        return ""
    attrs = " data-pagefind-body"
    if meta.get("case_study"):
        attrs += ' data-pagefind-meta="kind:Case study"'
    return attrs


def on_post_page(output: str, page, config) -> str:
    attrs = body_attributes(page.meta or {})
    if attrs:
        if output.count(ARTICLE) != 1:
            log.warning("%s: Material's article markup changed; scripts/search_hooks.py could not mark it "
                        "for search.", page.file.src_uri)
        output = output.replace(ARTICLE, ARTICLE[:-1] + attrs + ">", 1)
    if os.environ.get(COMMAND) != "serve":
        return compact_html(output)
    # Under `mkdocs serve` most pages' HTML is the same as at the last save: its compact form is remembered,
    # for the pages of the last build only (on_post_build keeps this build's), so memory stays one site's worth.
    key = hashlib.sha1(output.encode("utf-8", "surrogatepass")).digest()
    found = state.setdefault("compact_html", {}).get(key)
    _compacted[key] = found if found is not None else compact_html(output)
    return _compacted[key]


_compacted: dict[bytes, str] = {}  # this build's pages (serve loads this module afresh for every build)


def on_post_build(config):
    docs_assets = Path(config.docs_dir) / "assets"
    names = sorted(p.name for p in docs_assets.iterdir() if p.suffix in (".css", ".js"))
    shrink_folder(Path(config.site_dir) / "assets", names)
    # Under `mkdocs serve` what each page uses is remembered between saves (by the hash of its HTML).
    memo = state.setdefault("css_usage", {}) if os.environ.get(COMMAND) == "serve" else None
    for name, (before, after) in purge_material_css(Path(config.site_dir), memo).items():
        log.info("Material's stylesheet cut to what the site uses: %s, %d bytes of %d.", name, after, before)
    if os.environ.get(COMMAND) != "serve":
        return  # scripts/build.py indexes the finished site before it swaps it in
    state["compact_html"] = dict(_compacted)
    index_in_background(Path(config.site_dir), _unavailable)


def _unavailable(exc: SearchIndexError) -> None:
    log.info("Search is not available under mkdocs serve: %s", str(exc).splitlines()[-1])
