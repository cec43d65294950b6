"""MkDocs hook: convert a page's Markdown again only when it changed since the last save (`mkdocs serve`) or
the last build that succeeded, and, under `mkdocs serve` only, render a page's theme template again only when
something the template sees changed since the last save. Every page still goes through every other step
(data, macros, the other hooks), so the site is exactly what a clean build writes; tests/test_preview.py
compares them file by file. The Markdown cache and its key live in scripts/socialvalue/rendercache.py (see
there for what the key covers); the template key is built here (`_page_key`), because it reads MkDocs's
page, navigation and configuration objects.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import sys
import types
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue.current import state  # noqa: E402
from socialvalue.rendercache import Rendered, outputs, store  # noqa: E402

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
    if state.get("serving") and _on(config):
        env.template_class = _PageTemplate  # every template this build loads (none is loaded before on_env)
        outputs.start_build()
    return env


# ---- Under `mkdocs serve`: a page's template output, reused while everything the template sees is unchanged ----
#
# Rendering Material's templates is most of a save's work once the Markdown is cached (about 4 ms a page, 4 s
# at 1,000 records), and for almost every page nothing it shows changed. The template sees only its context:
# - the page: its HTML, table of contents, front matter, title, addresses, edit link, sitemap date, and its
#   neighbours and ancestors in the navigation;
# - the navigation (every item's kind, title, address, front matter and children, in order) and the list of
#   pages; which items are active follows from the page;
# - the configuration (mkdocs.yml as loaded, the theme's settings included), the theme's templates (the files
#   in overrides/ and the versions of MkDocs, Jinja and Material) and the template's name;
# - everything else in the context: base_url, extra_css, extra_javascript, the MkDocs version and what the
#   hooks add (share_head, page_history, last_reviewed_words), compared as JSON. A value that is not plain
#   data turns the cache off for that page, so a new kind of context value can never be reused wrongly.
# build_date_utc is left out: it changes every build, and no template of the site or of Material shows it.
# The key hashes all of these; the output is what the template gave for that key last time. Everything after
# the template (on_post_page: search marks, compact HTML, the skip link, the stylesheet's name) still runs.
# Left out of `mkdocs build`: there each page is rendered once, and a stored output would be a risk for no gain.

TEMPLATE_PACKAGES = ("mkdocs", "Jinja2", "mkdocs-material")
_SEEN = {"config", "nav", "pages", "page", "build_date_utc"}  # the context keys _build_digest and _page_key cover
_build: dict[str, str] = {}  # this build's digest of what every page's template sees alike


class _PageTemplate(jinja2.Template):
    """A theme template that gives a page the output it gave last time when its key is unchanged."""

    def render(self, *args, **kwargs):
        page = args[0].get("page") if len(args) == 1 and not kwargs and isinstance(args[0], dict) else None
        if page is None:  # 404.html, sitemap.xml: once a build, rendered as usual
            return super().render(*args, **kwargs)
        key = _page_key(self.name, args[0], page)
        if key is not None:
            found = outputs.get(page.file.src_uri, key)
            if found is not None:
                return found
        output = super().render(*args, **kwargs)
        if key is not None:
            outputs.put(page.file.src_uri, key, output)
        return output


def _typed(value) -> str:
    return f"{type(value).__name__}:{value}"  # a date and the same text as a string stay different


def _plain(value):
    """Configuration as plain data: mappings, lists and scalars as they are; anything else by its type."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict) or (hasattr(value, "items") and hasattr(value, "keys")):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    if isinstance(value, types.ModuleType):
        return f"module:{value.__name__}"
    if hasattr(value, "dirs") and hasattr(value, "static_templates"):  # the theme: its settings and folders
        return {"dirs": list(value.dirs), "static_templates": sorted(value.static_templates),
                "settings": {str(k): _plain(value[k]) for k in value}}
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def _link(item) -> list | None:
    return None if item is None else [type(item).__name__, item.title, getattr(item, "url", None)]


def _nav(items) -> list:
    out = []
    for item in items:
        entry = _link(item)
        if getattr(item, "is_page", False):
            entry += [item.file.src_uri, item.is_index, json.dumps(item.meta, sort_keys=True, default=_typed)]
        if getattr(item, "children", None):
            entry.append(_nav(item.children))
        out.append(entry)
    return out


def _toc(links) -> list:
    return [[link.title, link.id, link.level, getattr(link, "active", None), _toc(link.children)] for link in links]


def _build_digest(context) -> str:
    """What every page's template sees alike; worked out at the first page, when every page has its title."""
    if "digest" not in _build:
        config, nav = context["config"], context["nav"]
        digest = hashlib.sha256(" ".join(f"{n}={importlib.metadata.version(n)}" for n in TEMPLATE_PACKAGES).encode())
        custom = config.theme.custom_dir
        for path in sorted(Path(custom).rglob("*")) if custom else []:
            if path.is_file():
                digest.update(f"\0{path.relative_to(custom)}\0".encode() + path.read_bytes())
        digest.update(json.dumps(_plain(config), sort_keys=True, default=_typed).encode())
        digest.update(json.dumps([_nav(nav.items), _link(nav.homepage)], default=_typed).encode())
        digest.update(json.dumps([[f.src_uri, f.url] for f in context["pages"]]).encode())
        _build["digest"] = digest.hexdigest()
    return _build["digest"]


def _refuse(value):
    raise TypeError(type(value).__name__)


def _page_key(name: str, context, page) -> str | None:
    rest = {k: v for k, v in context.items() if k not in _SEEN}
    try:
        rest_json = json.dumps(rest, sort_keys=True, default=_refuse)
    except (TypeError, ValueError):
        return None  # something the key cannot compare: render it every time
    fields = [name, _build_digest(context), page.file.src_uri, page.url, page.canonical_url, page.abs_url,
              page.edit_url, page.is_homepage, page.title, page.update_date,
              json.dumps(page.meta, sort_keys=True, default=_typed), _toc(page.toc),
              _link(page.previous_page), _link(page.next_page), [_link(a) for a in page.ancestors], rest_json]
    digest = hashlib.sha256(json.dumps(fields, default=_typed).encode("utf-8", "surrogatepass"))
    digest.update(b"\0" + (page.content or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _on(config) -> bool:
    return not state.get("no_render_cache")


def _versions() -> str:
    return " ".join(f"{name}={importlib.metadata.version(name)}" for name in PACKAGES)


@event_priority(-100)  # after every other hook: the file list is final
def on_nav(nav, config, files):
    _build.clear()
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
    # MkDocs converts a page by calling page.render(config, files) next (it builds a new Markdown converter
    # for every page, a millisecond each); this page's own render puts the remembered result in place instead.
    page.render = _reuse(page, found)
    return markdown


def _reuse(page, found: Rendered):
    """A stand-in for page.render: what converting this Markdown gave last time, set as MkDocs sets it."""

    def render(config, files):
        page.content = found.content
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

    return render


@event_priority(100)  # before every other hook: the HTML exactly as the conversion gave it
def on_page_content(html, page, config, files):
    src_uri = page.file.src_uri
    if src_uri in _keys:
        key, _ = _keys.pop(src_uri)
        if _warnings.count != _before.pop(src_uri, None):
            return html  # it warned: convert it again next time, so the warning is seen again
        links = getattr(page, "links_to_anchors", None)
        store.put(key, Rendered(html, page.toc, page._title_from_render, page.present_anchor_ids,
                                {f.src_uri: a for f, a in links.items()} if links is not None else None))
    return html
