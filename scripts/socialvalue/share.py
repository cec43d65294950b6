"""Linking and sharing: link-preview head tags, JSON-LD, the cite-and-link box and redirect pages.

Plain Python, no MkDocs. Every string from a data file is escaped here: `attr` for HTML, `_json_for_html`
for JSON inside a <script> element, so a record's text can never end a tag or start a script.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .model import CaseStudy
from .render import attr, long_date
from .taxonomy import Taxonomy

LOCALE = "en_GB"
LANGUAGE = "en-GB"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PREVIEW_FOLDER = "assets/previews"
SITE_PREVIEW = f"{PREVIEW_FOLDER}/site.png"
PREVIEW_SIZE = (1200, 630)
# Hand-written pages about the Act itself: their JSON-LD describes the Act as legislation.
LEGISLATION_SECTION = "the-act/"


def absolute(site_url: str, path: str) -> str:
    """An absolute URL from the site's address and a site-relative path ('' is the home page)."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def case_study_url(site_url: str, record: CaseStudy) -> str:
    return absolute(site_url, record.url)


def preview_path(slug: str) -> str:
    """Site-relative path of a case study's preview image."""
    return f"{PREVIEW_FOLDER}/{slug}.png"


def plain(text: str) -> str:
    """Page text that may already be HTML-escaped (front matter of generated pages) as plain text."""
    return " ".join(html.unescape(str(text)).split())


def _json_for_html(data: Any) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class Head:
    """What a page shows when its link is pasted somewhere: all text plain, all URLs absolute."""

    title: str
    description: str
    url: str
    image: str
    image_alt: str
    site_name: str
    type: str = "article"
    jsonld: list[dict[str, Any]] = field(default_factory=list)

    def html(self) -> str:
        """Open Graph, Twitter card and JSON-LD tags. Canonical link and meta description come from the theme."""
        width, height = PREVIEW_SIZE
        tags = [("og:title", self.title), ("og:description", self.description), ("og:url", self.url),
                ("og:type", self.type), ("og:image", self.image), ("og:image:type", "image/png"),
                ("og:image:width", str(width)), ("og:image:height", str(height)),
                ("og:image:alt", self.image_alt), ("og:locale", LOCALE), ("og:site_name", self.site_name)]
        lines = [f'<meta property="{name}" content="{attr(value)}">' for name, value in tags]
        cards = [("twitter:card", "summary_large_image"), ("twitter:title", self.title),
                 ("twitter:description", self.description), ("twitter:image", self.image),
                 ("twitter:image:alt", self.image_alt)]
        lines += [f'<meta name="{name}" content="{attr(value)}">' for name, value in cards]
        lines += [f'<script type="application/ld+json">{_json_for_html(item)}</script>' for item in self.jsonld]
        return "\n".join(lines)


def _breadcrumb(url: str, trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb",
            "itemListElement": [{"@type": "ListItem", "position": i, "name": name, "item": item}
                                for i, (name, item) in enumerate(trail, start=1)]}


def _website(site_url: str, site_name: str) -> dict[str, Any]:
    return {"@type": "WebSite", "@id": f"{site_url}#website", "name": site_name, "url": site_url,
            "inLanguage": LANGUAGE}


def case_study_jsonld(record: CaseStudy, taxonomy: Taxonomy, site_url: str, site_name: str,
                      modified: str) -> dict[str, Any]:
    """The page, the organisation with its legal form, review dates and the breadcrumb, as one graph."""
    url = case_study_url(site_url, record)
    org = record.organisation
    legal_form = taxonomy.label("legal_forms", org.legal_form)
    organisation: dict[str, Any] = {
        "@type": "Organization", "@id": f"{url}#organisation", "name": record.name,
        # schema.org has no property for a legal form; it is stated in words here and in the page.
        "description": f"Legal form: {legal_form}." + (f" {org.legal_form_detail}" if org.legal_form_detail else ""),
        "location": {"@type": "Place", "name": org.place},
        "areaServed": [taxonomy.label("regions", r) for r in org.regions],
    }
    if org.website:
        organisation["url"] = org.website
    if org.founded:
        organisation["foundingDate"] = str(org.founded)
    page = {
        "@type": "WebPage", "@id": url, "url": url, "name": f"{record.name}: social value case study",
        "description": record.summary, "inLanguage": LANGUAGE, "datePublished": record.added,
        "dateModified": modified, "lastReviewed": record.reviewed,
        "isPartOf": {"@id": f"{site_url}#website"}, "about": {"@id": f"{url}#organisation"},
        "breadcrumb": {"@id": f"{url}#breadcrumb"}, "license": LICENCE_URL,
        "primaryImageOfPage": {"@type": "ImageObject", "url": absolute(site_url, preview_path(record.slug)),
                               "width": PREVIEW_SIZE[0], "height": PREVIEW_SIZE[1]},
    }
    trail = [("Home", site_url), ("Case studies", absolute(site_url, "case-studies/")), (record.name, url)]
    return {"@context": "https://schema.org",
            "@graph": [page, organisation, _breadcrumb(url, trail), _website(site_url, site_name)]}


def legislation_jsonld(act: dict[str, Any], url: str, title: str, site_url: str, site_name: str,
                       reviewed: str | None) -> dict[str, Any]:
    """A law page: the page is about the Act, described as legislation with its legislation.gov.uk identifier.
    `act` is facts.yml's `act` entry, so the Act's details are kept once."""
    legislation = {
        "@type": "Legislation", "@id": act["legislation_url"], "name": act["title"],
        "alternateName": act["chapter"], "legislationIdentifier": act["legislation_url"],
        "url": act["legislation_url"],
        "legislationDate": act["royal_assent"], "inLanguage": LANGUAGE,
    }
    page: dict[str, Any] = {"@type": "WebPage", "@id": url, "url": url, "name": title, "inLanguage": LANGUAGE,
                            "isPartOf": {"@id": f"{site_url}#website"}, "about": {"@id": act["legislation_url"]},
                            "license": LICENCE_URL}
    if reviewed:
        page["lastReviewed"] = reviewed
    return {"@context": "https://schema.org", "@graph": [page, legislation, _website(site_url, site_name)]}


def dataset_jsonld(site_url: str, site_name: str, url: str, description: str, records: list[CaseStudy],
                   downloads: dict[str, str]) -> dict[str, Any]:
    """The open-data page: the case-study library as a schema.org Dataset with its downloads and licence.
    `downloads` maps a site-relative path to its media type."""
    dates = sorted({d for r in records for d in (r.added, r.reviewed)})
    dataset: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Dataset", "@id": f"{url}#dataset",
        "name": f"{site_name}: case studies", "description": description, "url": url,
        "license": LICENCE_URL, "isAccessibleForFree": True, "inLanguage": LANGUAGE,
        "creator": {"@type": "Organization", "name": site_name, "url": site_url},
        "spatialCoverage": {"@type": "Place", "name": "United Kingdom"},
        "distribution": [{"@type": "DataDownload", "encodingFormat": kind, "contentUrl": absolute(site_url, path)}
                         for path, kind in downloads.items()],
    }
    if dates:
        dataset["dateModified"] = dates[-1]
    return dataset


def citation_title(record: CaseStudy) -> str:
    return f"{record.name}: social value case study"


def cite_box(record: CaseStudy, site_url: str, site_name: str) -> str:
    """The 'Cite or link to this case study' section, as Markdown with a raw HTML block.
    Everything is selectable text; the copy buttons are hidden until assets/share.js shows them.
    Without JavaScript the access date is a placeholder the reader fills in."""
    url = case_study_url(site_url, record)
    # The URL is the site's own (site_url from mkdocs.yml, plus a validated slug), not data from a record.
    # `mkdocs serve` sets site_url to http://127.0.0.1:8000/..., which href() would refuse, so only
    # percent-encode it here.
    link = quote(url, safe="/:?#[]@!$&'*+,;=%~-._")
    title = citation_title(record)
    link_markdown = "[" + title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]") + f"]({link})"
    link_html = f'<a href="{attr(link)}">{attr(title)}</a>'

    def copy(target: str, label: str) -> str:
        return (f'<button type="button" class="md-button cs-copy" data-copy="{target}" hidden>'
                f"{label}</button>")

    parts = [
        "## Cite or link to this case study", "",
        '<div class="cs-cite" data-search-exclude>',
        '<p class="cs-cite-label">Permanent link</p>',
        f'<p><code id="cs-cite-link">{attr(url)}</code></p>',
        f'<p>{copy("cs-cite-link", "Copy link")}</p>',
        '<p class="cs-cite-label">Citation</p>',
        f'<p id="cs-cite-text" class="cs-cite-text">{attr(title)}. <cite>{attr(site_name)}</cite>. '
        f'Last reviewed {attr(long_date(record.reviewed))}. {attr(url)} '
        f'(accessed <span class="cs-accessed">[add the date you read it]</span>).</p>',
        f'<p>{copy("cs-cite-text", "Copy citation")}</p>',
        '<p class="cs-cite-label">Markdown link</p>',
        f'<pre><code id="cs-cite-markdown">{attr(link_markdown)}</code></pre>',
        f'<p>{copy("cs-cite-markdown", "Copy Markdown")}</p>',
        '<p class="cs-cite-label">HTML link</p>',
        f'<pre><code id="cs-cite-html">{html.escape(link_html, quote=False)}</code></pre>',
        f'<p>{copy("cs-cite-html", "Copy HTML")}</p>',
        '<p class="cs-copy-status" role="status" aria-live="polite"></p>',
        "</div>", "",
    ]
    return "\n".join(parts)


def redirect_page(target: str, canonical: str, name: str) -> str:
    """An HTML page that sends readers (and search engines) from a former URL to the current one.
    `target` is relative to the old page, so it also works on a local copy; `canonical` is absolute."""
    return (
        "<!doctype html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{attr(name)} has moved</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{attr(canonical)}">\n'
        # A refresh drops the #section of the old address; the script keeps it (and runs first). Without
        # JavaScript the refresh still lands on the page, at the top.
        f"<script>location.replace({_json_for_html(target)} + location.hash)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={attr(target)}">\n'
        "</head>\n<body>\n"
        f'<p>This case study has moved to <a href="{attr(target)}">{attr(canonical)}</a>.</p>\n'
        "</body>\n</html>\n"
    )
