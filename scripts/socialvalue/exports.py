"""Open data and feeds from the records: JSON, CSV, the Atom feed and the sitemap's last-modified dates.

Plain Python, no MkDocs. Every output is a pure function of the records, so two builds of the same data
give the same bytes: no wall-clock time is written anywhere (the feed's `updated` is its newest entry's date).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from typing import Any, Iterable

from .model import CaseStudy
from .render import long_date
from .taxonomy import Taxonomy

ATOM = "http://www.w3.org/2005/Atom"
JSON_PATH = "data/case-studies.json"
CSV_PATH = "data/case-studies.csv"
SCHEMA_PATH = "data/case-study.schema.json"  # the schema's own $id points here
FEED_PATH = "feed.xml"
FEED_ENTRIES = 50
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DOWNLOADS = {JSON_PATH: "application/json", CSV_PATH: "text/csv", SCHEMA_PATH: "application/schema+json"}


def _url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return _FIELDS[kind]


def _drop_empty(value: Any) -> Any:
    """The value as plain dicts and lists (what dataclasses.asdict gives, in one pass and without its deep
    copies: the values are immutable), leaving out unset optional fields (None), as the YAML files do; empty
    lists that are data are kept."""
    names = _field_names(type(value))
    if names is not None:
        return {name: _drop_empty(v) for name in names if (v := getattr(value, name)) is not None}
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_drop_empty(v) for v in value]
    return value


def record_data(record: CaseStudy) -> dict[str, Any]:
    """A record as the data model holds it, in the shape of the JSON Schema (without slug and url)."""
    data = _drop_empty(record)
    for key in ("slug", "path"):
        data.pop(key)
    data["social_value"] = {k: v for k, v in data["social_value"].items() if v}
    for key in ("stages", "frameworks", "former_slugs"):
        if not data[key]:
            data.pop(key)
    if not data["lessons"]:
        data.pop("lessons")
    return data


def library_json(records: list[CaseStudy], site_url: str, site_name: str, memo: dict | None = None) -> str:
    """The whole library: every record with its slug and permanent URL, sorted by slug. memo: a dict the caller
    keeps between builds (under `mkdocs serve`), holding each record's text by the record object."""
    ordered = sorted(records, key=lambda r: r.slug)
    document = {
        "title": f"{site_name}: case studies",
        "licence": LICENCE, "licence_url": LICENCE_URL,
        "attribution": f"{site_name}, {site_url}",
        "schema": _url(site_url, SCHEMA_PATH),
        "count": len(ordered),
        "case_studies": [],
    }
    head = json.dumps(document, ensure_ascii=False, indent=2)
    if not ordered:
        return head + "\n"
    # The same text as json.dumps(document, indent=2) (tests/test_exports.py checks it), written one record at a
    # time, so that with a memo (under `mkdocs serve`, where an unchanged record is the same object from save to
    # save, see socialvalue.cache) a record is not formatted again: Python's indenting encoder is pure Python,
    # about 3 ms a record.
    assert head.endswith('"case_studies": []\n}')
    body = ",\n".join(_item_text(r, site_url, memo) for r in ordered)
    if memo is not None:  # only this library's records are kept
        wanted = {id(r) for r in ordered}
        for key in [k for k in memo if k not in wanted]:
            del memo[key]
    return f'{head[:-len("[]}") - 1]}[\n{body}\n  ]\n}}\n'


def _item_text(record: CaseStudy, site_url: str, memo: dict | None) -> str:
    """A record's indented text inside the library file. The memo maps id(record) to (the record, the site
    URL, the text); the record is kept, so its id is never reused for another; records never change once built."""
    found = memo.get(id(record)) if memo is not None else None
    if found is not None and found[0] is record and found[1] == site_url:
        return found[2]
    item = {"slug": record.slug, "url": _url(site_url, record.url), **record_data(record)}
    text = "    " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    if memo is not None:
        memo[id(record)] = (record, site_url, text)
    return text


# CSV columns: (name, what it holds, how to get it). Lists are joined with "; ". Shown on the open-data page.
def _join(values) -> str:
    return "; ".join(str(v) for v in values)


CSV_COLUMNS: list[tuple[str, str]] = [
    ("slug", "The case study's short name, used in its web address. It never changes."),
    ("url", "The permanent web address of the case study."),
    ("name", "The organisation's name."),
    ("summary", "One sentence on what the case study shows."),
    ("kind", "Whether the organisation is a provider or a commissioner (a key from the taxonomy)."),
    ("legal_form", "The organisation's legal form (a key from the taxonomy)."),
    ("legal_form_detail", "More about the legal form, such as a company or charity number."),
    ("body_type", "For a public body, the kind of body (a key from the taxonomy); empty for providers."),
    ("place", "The town, city or area where the organisation works."),
    ("regions", "Regions and nations it works in (keys, separated by semicolons)."),
    ("nations", "The UK nations those regions are in."),
    ("sectors", "The kinds of public service (keys)."),
    ("beneficiaries", "The groups of people who benefit (keys)."),
    ("stages", "Where in buying the social value was considered (keys; may be empty)."),
    ("status", "Whether the organisation is still trading (a key)."),
    ("status_as_of", "The year the status was last confirmed."),
    ("founded", "The year the organisation was founded, if known."),
    ("website", "The organisation's website, if known."),
    ("commissioners", "The public bodies that bought the services."),
    ("services", "How many services the case study describes."),
    ("figures", "How many figures the case study gives (the JSON file has each one)."),
    ("sources", "How many sources the case study cites (the JSON file has each one)."),
    ("added", "The date the case study was first published."),
    ("reviewed", "The date its facts were last checked."),
    ("former_slugs", "Earlier short names; their old addresses redirect to the current one."),
]


def csv_row(record: CaseStudy, taxonomy: Taxonomy, site_url: str) -> dict[str, str]:
    org = record.organisation
    return {
        "slug": record.slug, "url": _url(site_url, record.url), "name": record.name, "summary": record.summary,
        "kind": record.kind, "legal_form": org.legal_form, "legal_form_detail": org.legal_form_detail or "",
        "body_type": org.body_type or "",
        "place": org.place, "regions": _join(org.regions), "nations": _join(record.nations(taxonomy)),
        "sectors": _join(record.sectors), "beneficiaries": _join(record.beneficiaries),
        "stages": _join(record.stages), "status": org.status.value, "status_as_of": str(org.status.as_of),
        "founded": str(org.founded or ""), "website": org.website or "",
        "commissioners": _join(dict.fromkeys(s.commissioner for s in record.services)),
        "services": str(len(record.services)), "figures": str(len(record.metrics)),
        "sources": str(len(record.sources)), "added": record.added, "reviewed": record.reviewed,
        "former_slugs": _join(record.former_slugs),
    }


def library_csv(records: list[CaseStudy], taxonomy: Taxonomy, site_url: str) -> str:
    """One row per case study, sorted by slug, with a header row. RFC 4180: CRLF line ends, quoted as needed."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in CSV_COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    for record in sorted(records, key=lambda r: r.slug):
        writer.writerow(csv_row(record, taxonomy, site_url))
    return out.getvalue()


def entry_date(record: CaseStudy) -> str:
    """When a record last appeared in the feed: the later of the day it was added and the day it was reviewed."""
    return max(record.added, record.reviewed)


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom_feed(records: list[CaseStudy], site_url: str, site_name: str, guidance: Iterable[Any] = ()) -> str:
    """An Atom feed of guidance updates and of new and reviewed case studies together, newest first.
    `guidance` is the pages' change histories (changes.PageHistory); each update is one entry."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    # (date, tie-break, builder) for every entry; a guidance update outranks a case study on the same day.
    candidates: list[tuple[str, int, str, Any]] = []
    for record in records:
        candidates.append((entry_date(record), 0, record.slug, record))
    for history in guidance:
        for n, update in enumerate(history.updates):
            candidates.append((update.date, 1, f"{history.page}#{n}", (history, update, n)))
    chosen = sorted(candidates, key=lambda c: (c[0], c[1], c[2]), reverse=True)[:FEED_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en-GB"})
    sub(feed, "id", _url(site_url, FEED_PATH))
    sub(feed, "title", f"{site_name}: what's new")
    sub(feed, "subtitle", "Changes to the guidance on the law, case studies added to the library, and case "
                          "studies whose facts were checked again.")
    sub(feed, "updated", _timestamp(chosen[0][0]) if chosen else "2012-03-08T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    sub(author, "uri", site_url)
    sub(feed, "link", rel="self", type="application/atom+xml", href=_url(site_url, FEED_PATH))
    sub(feed, "link", rel="alternate", type="text/html", href=_url(site_url, "whats-new/"))
    sub(feed, "rights", f"Content and data under {LICENCE}: {LICENCE_URL}")
    for date, kind, _, item in chosen:
        entry = sub(feed, "entry")
        if kind == 1:
            history, update, n = item
            url = _url(site_url, history.url)
            # Entries keep their id when later updates are added: the page, the date and the update's place
            # counted from the oldest.
            sub(entry, "id", f"{url}#update-{update.date}-{len(history.updates) - n}")
            sub(entry, "title", f"{history.title} (guidance updated)")
            sub(entry, "link", rel="alternate", type="text/html", href=url)
            sub(entry, "published", _timestamp(update.date))
            sub(entry, "updated", _timestamp(update.date))
            sub(entry, "category", term="guidance", label="Guidance updated")
            sub(entry, "summary", f"{update.change} Updated on {long_date(update.date)}.")
            continue
        record = item
        url = _url(site_url, record.url)
        sub(entry, "id", url)
        new = record.reviewed <= record.added
        sub(entry, "title", record.name if new else f"{record.name} (facts reviewed)")
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "published", _timestamp(record.added))
        sub(entry, "updated", _timestamp(entry_date(record)))
        sub(entry, "category", term="new" if new else "reviewed",
            label="New case study" if new else "Facts reviewed")
        sub(entry, "summary", f"{record.summary} Added on {long_date(record.added)}. "
                              f"Facts last reviewed on {long_date(record.reviewed)}.")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="utf-8"?>\n', "\n"])


def record_lastmod(record: CaseStudy, changed: str | None) -> str:
    """A case-study page last changed when its facts were reviewed or its file last changed, whichever is later."""
    return max(d for d in (record.added, record.reviewed, changed) if d)


def page_lastmod(last_reviewed: object, changed: str | None, fallback: str) -> str:
    """A hand-written page's date: its front-matter review date, else its file's last change, else `fallback`."""
    if last_reviewed:
        return str(last_reviewed)
    return changed or fallback
