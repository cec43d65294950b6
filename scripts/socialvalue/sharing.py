"""Everything the build adds for linking and sharing, in one object the MkDocs hooks call.

Plain Python, no MkDocs: the hooks pass in plain values (site URL, a page's source path and front matter)
and get back strings and file contents. The pieces live in share.py (head tags, JSON-LD, cite box,
redirect pages), exports.py (JSON, CSV, feed, dates) and preview.py (images).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from . import SiteData
from . import exports, share
from .history import last_changed
from .model import CaseStudy
from .preview import Card, previews
from .render import esc

log = logging.getLogger("mkdocs.hooks.socialvalue")
CACHE = Path(".cache") / "previews"


class Sharing:
    """Link previews, structured data, redirects, exports and dates for one build."""

    def __init__(self, site: SiteData, site_url: str | None, site_name: str, site_description: str | None,
                 changed: dict[str, str], memo: dict | None = None):
        """memo: a dict kept between builds (under `mkdocs serve`) for the JSON export (exports.library_json)."""
        if not site_url:
            raise ValueError("mkdocs.yml must set site_url: link previews, the feed and the sitemap need "
                             "absolute addresses")
        self.site = site
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.site_name = site_name
        self.site_description = site_description or ""
        self.changed = changed
        self.docs_changed = last_changed(site.root, "docs")
        self.by_slug = {r.slug: r for r in site.records}
        dates = [d for r in site.records for d in (r.added, r.reviewed, changed.get(r.path)) if d]
        self.newest = max(dates) if dates else None
        self.drawn = 0
        self.memo = memo

    # Generated files --------------------------------------------------------------------------------------

    def outputs(self) -> list[tuple[str, dict[str, Any]]]:
        """(site path, File.generated keyword arguments) for every file this feature adds to the site."""
        out: list[tuple[str, dict[str, Any]]] = []
        records = sorted(self.site.records, key=lambda r: r.slug)
        for record in records:
            for old in record.former_slugs:
                out.append((f"case-studies/{old}/index.html", {"content": share.redirect_page(
                    f"../{record.slug}/", share.case_study_url(self.site_url, record), record.name)}))
        host = urlsplit(self.site_url)
        site_card = Card(self.site_name, self.site_description, "A plain-English reference",
                         (host.netloc + host.path).rstrip("/"))
        images, self.drawn = previews([*(self.card(r) for r in records), site_card], self.site.root / CACHE)
        targets = [*(share.preview_path(r.slug) for r in records), share.SITE_PREVIEW]
        out += [(target, {"abs_src_path": str(image)}) for target, image in zip(targets, images)]
        if self.drawn:
            log.info("Drew %d link-preview image(s); the rest came from %s.", self.drawn, CACHE)
        schema = (self.site.root / "data" / "case-study.schema.json").read_bytes()
        out += [
            (exports.JSON_PATH, {"content": exports.library_json(records, self.site_url, self.site_name, self.memo)}),
            (exports.CSV_PATH, {"content": exports.library_csv(records, self.site.taxonomy, self.site_url)}),
            (exports.SCHEMA_PATH, {"content": schema}),
            (exports.FEED_PATH, {"content": exports.atom_feed(records, self.site_url, self.site_name, self.site.histories.values())}),
        ]
        return out

    def card(self, record: CaseStudy) -> Card:
        return Card(record.name, record.summary, "Case study", self.site_name)

    # Per page -----------------------------------------------------------------------------------------------

    def cite(self, record: CaseStudy) -> str:
        return share.cite_box(record, self.site_url, self.site_name)

    def record_for(self, meta: dict[str, Any]) -> CaseStudy | None:
        slug = meta.get("case_study") if meta else None
        return self.by_slug.get(slug) if slug else None

    def lastmod(self, src_uri: str, meta: dict[str, Any]) -> str:
        """The sitemap date of a page (YYYY-MM-DD)."""
        record = self.record_for(meta)
        if record is not None:
            return exports.record_lastmod(record, self.changed.get(record.path))
        return exports.page_lastmod((meta or {}).get("last_reviewed"), self.docs_changed.get(f"docs/{src_uri}"),
                                    self.newest)

    def head(self, src_uri: str, meta: dict[str, Any], title: str | None, canonical_url: str | None,
             is_homepage: bool) -> str:
        """Open Graph, Twitter card and JSON-LD tags for one page."""
        meta = meta or {}
        url = canonical_url or share.absolute(self.site_url, "")
        record = self.record_for(meta)
        if record is not None:
            lastmod = self.lastmod(src_uri, meta)
            return share.Head(
                title=record.name, description=record.summary, url=url,
                image=share.absolute(self.site_url, share.preview_path(record.slug)),
                image_alt=f"{record.name}. {record.summary}", site_name=self.site_name,
                jsonld=[share.case_study_jsonld(record, self.site.taxonomy, self.site_url, self.site_name,
                                                lastmod)]).html()
        page_title = self.site_name if is_homepage else share.plain(meta.get("title") or title or self.site_name)
        description = share.plain(meta.get("description") or self.site_description)
        jsonld = []
        if src_uri.startswith(share.LEGISLATION_SECTION):
            reviewed = meta.get("last_reviewed")
            jsonld.append(share.legislation_jsonld(self.site.facts["act"], url, page_title, self.site_url,
                                                   self.site_name, str(reviewed) if reviewed else None))
        if meta.get("dataset"):
            jsonld.append(share.dataset_jsonld(self.site_url, self.site_name, url, description,
                                               self.site.records, exports.DOWNLOADS))
        return share.Head(
            title=page_title, description=description, url=url,
            image=share.absolute(self.site_url, share.SITE_PREVIEW),
            image_alt=f"{self.site_name}. {self.site_description}", site_name=self.site_name,
            type="website" if is_homepage else "article", jsonld=jsonld).html()


def columns_table() -> str:
    """A Markdown table of the CSV file's columns, for the open-data page."""
    rows = ["| Column | What it holds |", "| --- | --- |"]
    rows += [f"| `{name}` | {esc(text)} |" for name, text in exports.CSV_COLUMNS]
    return "\n".join(rows)


def sharing_macros(site: SiteData) -> dict[str, Callable[..., Any]]:
    """Macros for the open-data page."""
    return {"open_data_columns": columns_table}
