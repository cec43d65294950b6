"""MkDocs hook: convert a page's Markdown again only when it changed since the last save (`mkdocs serve`) or
the last build that succeeded. Every page still goes through every other step (data, macros, templates, the
other hooks), so the site is exactly what a clean build writes; tests/test_preview.py compares them file by
file. The cache and its key live in scripts/socialvalue/rendercache.py (see there for what the key covers).
"""

from __future__ import annotations

import importlib.metadata
import logging
import sys
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue.current import state  # noqa: E402
from socialvalue.rendercache import Rendered, store  # noqa: E402

_hits: dict[str, tuple[str, str, Rendered]] = {}  # this build's pages served from the cache: src_uri -> (key, markdown, result)
_keys: dict[str, tuple[str, str]] = {}  # this build's converted pages: src_uri -> (key, markdown)


PACKAGES = ("mkdocs", "Markdown", "pymdown-extensions", "mkdocs-material")
CACHE = Path(".cache") / "pages.pickle"


class _Warnings(logging.Handler):
    """Counts MkDocs's warnings, so a page whose conversion warned (a broken link) is never remembered: a
    strict build must see that warning again."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _Warnings()
_before: dict[str, int] = {}  # this build's converted pages: src_uri -> warnings counted before the conversion


class _TemplateCode(BytecodeCache):
    """Jinja's compiled theme templates, kept between the builds of `mkdocs serve` (MkDocs makes a new Jinja
    environment for every build, which compiled Material's templates again: about a tenth of a rebuild).
    Jinja checks each template's source against the stored code, so an edited template is compiled afresh."""

    def load_bytecode(self, bucket: Bucket) -> None:
        code = _compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        _compiled[bucket.key] = bucket.bytecode_to_string()


_compiled = state.setdefault("compiled_templates", {})  # outlives this module, which serve loads per build


def on_env(env, config, files):
    env.bytecode_cache = _TemplateCode()
    return env


def _on(config) -> bool:
    return not state.get("no_render_cache")


def _versions() -> str:
    return " ".join(f"{name}={importlib.metadata.version(name)}" for name in PACKAGES)


@event_priority(-100)  # after every other hook: the file list is final
def on_nav(nav, config, files):
    _hits.clear()
    _keys.clear()
    _before.clear()
    logger = logging.getLogger("mkdocs")
    if _warnings not in logger.handlers:
        logger.addHandler(_warnings)
    if _on(config):
        root = Path(config.config_file_path).resolve().parent
        includes = root / "docs" / "includes"
        settings = [Path(config.config_file_path), *(includes.rglob("*") if includes.is_dir() else [])]
        store.start_build(((f.src_uri, f"{f.url}\0{f.inclusion}") for f in files),
                          [p for p in settings if p.is_file()], _versions(), root / CACHE)
    return nav


def on_post_build(config):
    """Keep this build's pages for the next build (a build that failed earlier never gets here). Under
    `mkdocs serve` the pages stay in memory between saves and are written once, when the server stops:
    writing the file (30 MB at 1,000 records) on every save cost seconds."""
    logging.getLogger("mkdocs").removeHandler(_warnings)
    if _on(config):
        state["pages_to_save"] = True
        if not state.get("serving"):
            _save()


def on_shutdown():
    if state.get("serving"):
        _save()


def _save() -> None:
    if state.pop("pages_to_save", False):
        store.save()


@event_priority(-100)  # after the macros plugin: the Markdown exactly as it is about to be converted
def on_page_markdown(markdown, page, config, files):
    if not _on(config):
        return markdown
    key = store.key(page.file.src_uri, page.file.url, markdown)
    found = store.get(key)
    if found is None:
        _keys[page.file.src_uri] = (key, markdown)
        _before[page.file.src_uri] = _warnings.count
        return markdown
    _hits[page.file.src_uri] = (key, markdown, found)
    return ""  # converted in no time; on_page_content puts the remembered HTML back


@event_priority(100)  # before every other hook: the HTML exactly as the conversion gave it
def on_page_content(html, page, config, files):
    src_uri = page.file.src_uri
    if src_uri in _hits:
        _, markdown, found = _hits.pop(src_uri)
        page.markdown = markdown
        page.toc = found.toc
        page._title_from_render = found.title
        page.present_anchor_ids = found.anchors
        if found.links_to_anchors is not None:
            links = {}
            for target, anchors in found.links_to_anchors.items():
                to_file = files.get_file_from_path(target)
                if to_file is not None:
                    links[to_file] = anchors
            page.links_to_anchors = links
        return found.content
    if src_uri in _keys:
        key, _ = _keys.pop(src_uri)
        if _warnings.count != _before.pop(src_uri, None):
            return html  # it warned: convert it again next time, so the warning is seen again
        links = getattr(page, "links_to_anchors", None)
        store.put(key, Rendered(html, page.toc, page._title_from_render, page.present_anchor_ids,
                                {f.src_uri: a for f, a in links.items()} if links is not None else None))
    return html
