"""Linking and sharing: head tags, preview images, JSON-LD, the cite box, feed, open data, sitemap, redirects,
published URLs and a deterministic build. Most tests read build/site, which `make test` builds before pytest."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, ROOT, make_project, run_build
from jsonschema import Draft202012Validator
from PIL import Image

sys.path.insert(0, str(ROOT / "scripts"))
import published_urls  # noqa: E402

from socialvalue import preview as preview_module  # noqa: E402
from socialvalue.preview import Card, preview  # noqa: E402
from socialvalue.render import long_date  # noqa: E402
from socialvalue.share import Head, cite_box  # noqa: E402
from test_exports import CSV_HEADER  # noqa: E402

SITE = ROOT / "build" / "site"
pytestmark = pytest.mark.site  # reads build/site: rebuilt first if a source is newer
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["site_url"]
SITE_NAME = CONFIG["site_name"]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OG = ("og:title", "og:description", "og:url", "og:type", "og:image", "og:locale", "og:site_name")
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image")


def built(path: str) -> Path:
    target = SITE / path
    if not target.exists():
        pytest.fail(f"{target} is missing: run `make test`, which builds build/site before pytest")
    return target


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def is_redirect(page: BeautifulSoup) -> bool:
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None


def content_pages() -> list[Path]:
    """Every page of the built site that readers can land on (not the 404 page, not redirect pages)."""
    pages = [p for p in built("index.html").parent.rglob("index.html")
             if not is_redirect(soup_of(p)) and "assets" not in p.relative_to(SITE).parts]
    assert len(pages) > 30
    return sorted(pages)


def page_url(path: Path) -> str:
    folder = path.parent.relative_to(SITE).as_posix()
    return SITE_URL if folder == "." else f"{SITE_URL}{folder}/"


def one_meta(page: BeautifulSoup, key: str) -> str:
    attribute = "property" if key.startswith("og:") else "name"
    found = page.find_all("meta", attrs={attribute: key})
    assert len(found) == 1, f"{key}: {len(found)} tags"
    return found[0]["content"]


def site_file(url: str) -> Path:
    """The built file behind an absolute URL on this site."""
    assert url.startswith(SITE_URL), url
    rest = url[len(SITE_URL):]
    target = SITE / rest
    return target / "index.html" if url.endswith("/") else target


def jsonld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def graph(page: BeautifulSoup) -> dict[str, dict]:
    """JSON-LD nodes of a page by @type (graphs flattened)."""
    nodes = {}
    for item in jsonld(page):
        for node in item.get("@graph", [item]):
            nodes[node["@type"]] = node
    return nodes


@pytest.fixture(scope="module")
def records(real_data):
    return real_data.records


# Head tags ---------------------------------------------------------------------------------------------------

def test_every_page_has_canonical_description_open_graph_and_twitter_tags():
    for path in content_pages():
        page = soup_of(path)
        url = page_url(path)
        canonical = page.find_all("link", rel="canonical")
        assert [c["href"] for c in canonical] == [url], path
        assert one_meta(page, "description").strip(), path
        values = {key: one_meta(page, key) for key in OG + TWITTER}
        assert all(v.strip() for v in values.values()), path
        assert values["og:url"] == url
        assert values["og:locale"] == "en_GB" and values["og:site_name"] == SITE_NAME
        assert values["og:type"] == ("website" if url == SITE_URL else "article")
        assert values["twitter:card"] == "summary_large_image"
        assert values["og:image"] == values["twitter:image"]
        assert site_file(values["og:image"]).is_file(), values["og:image"]
        assert values["og:description"] == one_meta(page, "description"), path


# A link with rel exactly "alternate" makes Material fetch the whole sitemap.xml: the feed's rel is
# "alternate feed", and only these pages link it.
FEED_PAGES = {"index.html", "case-studies/index.html", "whats-new/index.html"}


def test_the_feed_is_linked_with_a_site_relative_href_only_where_readers_look_for_new_case_studies():
    linked = set()
    for path in content_pages():
        links = soup_of(path).find_all("link", rel="alternate")
        where = path.relative_to(SITE).as_posix()
        if where not in FEED_PAGES:
            assert links == [], where
            continue
        linked.add(where)
        assert len(links) == 1 and links[0]["type"] == "application/atom+xml", where
        assert links[0]["rel"] == ["alternate", "feed"], where
        href = links[0]["href"]
        assert not urlsplit(href).scheme and not href.startswith("/"), href  # absolute hrefs break instant loading
        assert (path.parent / href).resolve() == (SITE / "feed.xml").resolve()
    assert {"index.html", "case-studies/index.html"} <= linked


def test_case_study_previews_show_the_record(records):
    digests = set()
    for record in records:
        page = soup_of(built(f"case-studies/{record.slug}/index.html"))
        assert one_meta(page, "og:title") == record.name
        assert one_meta(page, "og:description") == record.summary
        assert one_meta(page, "twitter:title") == record.name
        image_url = one_meta(page, "og:image")
        assert image_url == f"{SITE_URL}assets/previews/{record.slug}.png"
        image_file = site_file(image_url)
        with Image.open(image_file) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
        digests.add(hashlib.sha256(image_file.read_bytes()).hexdigest())
    assert len(digests) == len(records)  # each case study has its own image


def test_head_tags_escape_hostile_text():
    text = 'Smith & "Sons" <b>x</b> </script><script>alert(1)</script>'
    html = Head(title=text, description=text, url="https://example.org/a/", image="https://example.org/a.png",
                image_alt=text, site_name="Site", jsonld=[{"name": text}]).html()
    page = BeautifulSoup(f"<head>{html}</head>", "html.parser")
    assert one_meta(page, "og:title") == text and one_meta(page, "twitter:description") == text
    scripts = page.find_all("script")
    assert len(scripts) == 1 and json.loads(scripts[0].string) == {"name": text}
    assert "<script>alert" not in html and "<b>" not in html


# Preview images ----------------------------------------------------------------------------------------------

CARD = Card("Example Trust", "A fictional trust that does useful things for its town.", "Case study", "Site")


def png_chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind.decode("ascii"))
        at += 12 + length
    return chunks


def test_preview_images_are_the_same_bytes_every_time_and_carry_no_metadata():
    first, second = preview_module.draw(CARD), preview_module.draw(CARD)
    assert first == second
    assert not set(png_chunks(first)) & {"tIME", "tEXt", "iTXt", "zTXt", "eXIf"}
    with Image.open(io.BytesIO(first)) as image:
        assert image.size == (1200, 630)


def test_preview_images_use_a_small_palette_and_stay_small():
    data = preview_module.draw(CARD)
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "P"
        colours = image.convert("RGB").getcolors(maxcolors=256)
        assert colours is not None and len(colours) <= preview_module.PALETTE_COLOURS
        # The card's own colours survive the palette exactly.
        rgb = {colour for _, colour in colours}
        for name in ("BACKGROUND", "BAND", "TEXT"):
            value = getattr(preview_module, name)
            value = tuple(int(value[i:i + 2], 16) for i in (1, 3, 5)) if isinstance(value, str) else tuple(value)
            assert value in rgb, name
    assert len(data) < 30_000, len(data)


def test_unchanged_records_are_not_redrawn(tmp_path, monkeypatch):
    path, drawn = preview(CARD, tmp_path)
    assert drawn and path.is_file()
    calls = []
    monkeypatch.setattr(preview_module, "draw", lambda card: calls.append(card) or b"redrawn")
    again, drawn_again = preview(CARD, tmp_path)
    assert (again, drawn_again, calls) == (path, False, [])
    changed = Card(CARD.title, CARD.summary + " More.", CARD.kicker, CARD.footer)
    other, drawn_other = preview(changed, tmp_path)
    assert drawn_other and other != path and calls == [changed]


# The card's layout as a reader sees it, written out here (not read from preview.py): a blue band 16 px high at
# the top and 96 px at the bottom, white between, and text no nearer than 72 px to the left and right edges.
WHITE, BLUE = (255, 255, 255), (29, 79, 124)
SIDE, TOP_BAND, BOTTOM_BAND = 72, 16, 96


def text_outside_the_card(png: bytes) -> list[str]:
    """Where drawn text has left its box: the side margins, the bands, or the gap just above the bottom band."""
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1200, 630)
        pixels = image.convert("RGB").load()
    width, height = 1200, 630
    found = []
    for y in range(TOP_BAND + 1, height - BOTTOM_BAND):
        for x in (*range(0, SIDE - 1), *range(width - SIDE + 1, width)):
            if pixels[x, y] != WHITE:
                found.append(f"side margin at x={x}, y={y}")
                break
    for y in range(height - BOTTOM_BAND - 16, height - BOTTOM_BAND):
        if any(pixels[x, y] != WHITE for x in range(width)):
            found.append(f"the gap above the bottom band at y={y}")
    for y in (*range(0, TOP_BAND), *range(height - BOTTOM_BAND + 1, height - BOTTOM_BAND + 20)):
        if any(pixels[x, y] != BLUE for x in range(width)):
            found.append(f"a band at y={y}")
    inked = sum(pixels[x, y] != WHITE for y in range(TOP_BAND + 1, height - BOTTOM_BAND, 4)
                for x in range(SIDE, width - SIDE, 4))
    if inked < 200:
        found.append(f"almost no text drawn ({inked} sampled pixels)")
    return found[:5]


@pytest.mark.parametrize("title,summary", [
    ("The Extremely Long Named Community Interest Company For Testing Word Wrapping In Titles Ltd", "word " * 200),
    ("Supercalifragilisticexpialidociousandthensomemoreletters Community Ltd",
     "Pneumonoultramicroscopicsilicovolcanoconiosisandmoreandmoreandmoreletters " * 3),
    ("W" * 80, "M" * 300),
    ("Short", "Short."),
    ("Wide WWWW MMMM @@@@ " * 6, "Wide WWWW MMMM @@@@ " * 40),
])
def test_long_names_and_summaries_fit_the_image(title, summary):
    assert text_outside_the_card(preview_module.draw(Card(title, summary, "Case study", SITE_NAME))) == []


def test_every_built_preview_image_keeps_its_text_inside_the_card():
    images = sorted(built("assets/previews").glob("*.png"))
    assert len(images) >= 20
    for path in images:
        assert text_outside_the_card(path.read_bytes()) == [], path.name


# Structured data ---------------------------------------------------------------------------------------------

def is_date(value) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def here(page_url_: str):
    return lambda value: value == page_url_


# What each JSON-LD node type must carry (schema.org and the search engines' rich-result rules), with a check of
# each value. Written out here: a property the build stops writing, or writes empty, fails.
def required_properties(url: str, kind: str) -> dict[str, dict]:
    website = {"@id": f"{SITE_URL}#website"}
    common_page = {
        "@id": here(url), "url": here(url), "name": text, "inLanguage": lambda v: v == "en-GB",
        "isPartOf": lambda v: v == website, "about": lambda v: isinstance(v, dict) and text(v.get("@id")),
        "license": lambda v: v == "https://creativecommons.org/licenses/by/4.0/",
    }
    case_study_page = {
        **common_page, "description": text, "datePublished": is_date, "dateModified": is_date,
        "lastReviewed": is_date, "breadcrumb": lambda v: v == {"@id": f"{url}#breadcrumb"},
        "primaryImageOfPage": lambda v: v["@type"] == "ImageObject" and site_file(v["url"]).is_file()
        and (v["width"], v["height"]) == (1200, 630),
    }
    return {
        "WebPage": case_study_page if kind == "case study" else {**common_page, "lastReviewed": is_date},
        "Organization": {"@id": lambda v: v == f"{url}#organisation", "name": text,
                         "description": lambda v: text(v) and v.startswith("Legal form: "),
                         "location": lambda v: v["@type"] == "Place" and text(v["name"]),
                         "areaServed": lambda v: isinstance(v, list) and v and all(map(text, v))},
        "BreadcrumbList": {"@id": lambda v: v == f"{url}#breadcrumb",
                           "itemListElement": lambda v: [i["position"] for i in v] == list(range(1, len(v) + 1))
                           and len(v) >= 2 and all(i["@type"] == "ListItem" and text(i["name"]) for i in v)
                           and v[-1]["item"] == url},
        "WebSite": {"@id": lambda v: v == f"{SITE_URL}#website", "name": lambda v: v == SITE_NAME,
                    "url": lambda v: v == SITE_URL, "inLanguage": lambda v: v == "en-GB"},
        "Legislation": {"@id": lambda v: v == "https://www.legislation.gov.uk/ukpga/2012/3",
                        "name": lambda v: v == "Public Services (Social Value) Act 2012",
                        "alternateName": lambda v: v == "2012 c. 3",
                        "legislationIdentifier": lambda v: v == "https://www.legislation.gov.uk/ukpga/2012/3",
                        "legislationDate": lambda v: v == "2012-03-08", "url": text,
                        "inLanguage": lambda v: v == "en-GB"},
        "Dataset": {"@id": lambda v: v == f"{url}#dataset", "name": text,
                    "description": lambda v: text(v) and 50 <= len(v) <= 5000, "url": here(url),
                    "license": lambda v: v == "https://creativecommons.org/licenses/by/4.0/",
                    "isAccessibleForFree": lambda v: v is True, "inLanguage": lambda v: v == "en-GB",
                    "dateModified": is_date,
                    "creator": lambda v: v["@type"] == "Organization" and v["name"] == SITE_NAME,
                    "spatialCoverage": lambda v: v == {"@type": "Place", "name": "United Kingdom"},
                    "distribution": lambda v: len(v) == 3 and all(
                        d["@type"] == "DataDownload" and text(d["encodingFormat"]) and site_file(d["contentUrl"]).is_file()
                        for d in v)},
    }


# Which nodes each kind of page carries.
PAGE_TYPES = {
    "case study": ["BreadcrumbList", "Organization", "WebPage", "WebSite"],
    "law": ["Legislation", "WebPage", "WebSite"],
    "open data": ["Dataset"],
    "other": [],
}


def page_kind(path: Path, slugs: set[str]) -> str:
    parts = path.parent.relative_to(SITE).parts
    if len(parts) == 2 and parts[0] == "case-studies" and parts[1] in slugs:
        return "case study"
    if len(parts) == 2 and parts[0] == "the-act":
        return "law"
    return "open data" if parts == ("about", "open-data") else "other"


def test_every_json_ld_block_has_the_properties_its_page_type_needs(records):
    slugs = {r.slug for r in records}
    seen = {kind: 0 for kind in PAGE_TYPES}
    for path in content_pages():
        url, kind = page_url(path), page_kind(path, slugs)
        blocks = jsonld(soup_of(path))
        assert all(block["@context"] == "https://schema.org" for block in blocks), path
        nodes = [node for block in blocks for node in block.get("@graph", [block])]
        assert sorted(n["@type"] for n in nodes) == PAGE_TYPES[kind], (path, kind)
        ids = {n["@id"] for n in nodes}
        rules = required_properties(url, kind)
        for node in nodes:
            for name, check in rules[node["@type"]].items():
                assert name in node, f"{path}: {node['@type']} has no {name}"
                assert check(node[name]), f"{path}: {node['@type']}.{name} = {node[name]!r}"
            for name in ("about", "isPartOf", "breadcrumb"):
                if name in node:
                    assert node[name]["@id"] in ids, f"{path}: {node['@type']}.{name} points at no node"
        seen[kind] += 1
    assert seen["case study"] == len(records) and seen["law"] >= 5 and seen["open data"] == 1, seen


def test_case_study_json_ld_describes_page_organisation_review_date_and_breadcrumb(records, taxonomy):
    for record in records:
        url = f"{SITE_URL}case-studies/{record.slug}/"
        nodes = graph(soup_of(built(f"case-studies/{record.slug}/index.html")))
        assert nodes["WebPage"]["url"] == url and nodes["WebPage"]["lastReviewed"] == record.reviewed
        assert nodes["WebPage"]["about"] == {"@id": nodes["Organization"]["@id"]}
        organisation = nodes["Organization"]
        assert organisation["name"] == record.name
        assert taxonomy.label("legal_forms", record.organisation.legal_form) in organisation["description"]
        crumbs = nodes["BreadcrumbList"]["itemListElement"]
        assert [c["position"] for c in crumbs] == [1, 2, 3]
        assert [c["item"] for c in crumbs] == [SITE_URL, f"{SITE_URL}case-studies/", url]
        for crumb in crumbs:
            assert site_file(crumb["item"]).is_file()


def test_law_pages_describe_the_act_as_legislation(real_data):
    act = real_data.facts["act"]
    law_pages = sorted(SITE.glob("the-act/*/index.html"))
    assert len(law_pages) >= 5
    for path in law_pages:
        legislation = graph(soup_of(path))["Legislation"]
        assert legislation["legislationIdentifier"] == "https://www.legislation.gov.uk/ukpga/2012/3"
        assert legislation["name"] == "Public Services (Social Value) Act 2012" == act["title"]
        assert legislation["legislationDate"] == "2012-03-08"


def test_open_data_page_has_dataset_markup_with_licence_and_downloads():
    page = soup_of(built("about/open-data/index.html"))
    dataset = graph(page)["Dataset"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    urls = sorted(d["contentUrl"] for d in dataset["distribution"])
    assert urls == [f"{SITE_URL}data/case-studies.csv", f"{SITE_URL}data/case-studies.json",
                    f"{SITE_URL}data/case-study.schema.json"]
    for url in urls:
        assert site_file(url).is_file()
    text = page.find("article").get_text(" ")
    assert "CC BY 4.0" in text
    for column in ("slug", "summary", "legal_form", "reviewed"):
        assert page.find("code", string=column) is not None, column


# Cite and link box -------------------------------------------------------------------------------------------

def test_cite_box_gives_link_citation_and_snippets(records):
    for record in records:
        url = f"{SITE_URL}case-studies/{record.slug}/"
        page = soup_of(built(f"case-studies/{record.slug}/index.html"))
        box = page.select_one(".cs-cite")
        assert box.find(id="cs-cite-link").get_text() == url
        citation = " ".join(box.find(id="cs-cite-text").get_text().split())
        for part in (record.name, SITE_NAME, f"Last reviewed {long_date(record.reviewed)}", url, "accessed"):
            assert part in citation, part
        assert box.find(id="cs-cite-markdown").get_text() == f"[{record.name}: social value case study]({url})"
        link = BeautifulSoup(box.find(id="cs-cite-html").get_text(), "html.parser").find("a")
        assert link["href"] == url and link.get_text() == f"{record.name}: social value case study"
        buttons = box.find_all("button")
        assert len(buttons) == 4 and all(b.has_attr("hidden") for b in buttons)  # shown by JavaScript only


def test_cite_box_escapes_markup_in_names(records):
    record = records[0]
    record = type(record)(**{**record.__dict__, "name": 'A [b] & "c" <i>'})
    html = cite_box(record, SITE_URL, SITE_NAME)
    box = BeautifulSoup(html.split("\n", 2)[2], "html.parser")
    assert box.find("i") is None
    assert box.find(id="cs-cite-markdown").get_text().startswith("[A \\[b\\] & \"c\" <i>: social")
    assert BeautifulSoup(box.find(id="cs-cite-html").get_text(), "html.parser").a.get_text() == \
        'A [b] & "c" <i>: social value case study'


# Feed --------------------------------------------------------------------------------------------------------

def test_feed_is_valid_atom_listing_new_and_reviewed_case_studies(records):
    raw = built("feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{element}") is not None, element
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE_URL}feed.xml"
    entries = root.findall(f"{ATOM}entry")
    # Guidance updates share the feed with case studies (issue 13); both kinds are checked.
    guidance = [e for e in entries if e.find(f"{ATOM}category").get("term") == "guidance"]
    studies = [e for e in entries if e not in guidance]
    assert guidance, "the feed carries no guidance update"
    assert len(entries) == min(len(records) + len(guidance), 50) and len(studies) <= len(records)
    by_url = {f"{SITE_URL}case-studies/{r.slug}/": r for r in records}
    updated = []
    for entry in entries:
        for element in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{element}") or "").strip(), element
        url = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        if entry in guidance:
            assert entry.findtext(f"{ATOM}id").startswith(url + "#update-")
            assert url.startswith(SITE_URL) and not url.startswith(f"{SITE_URL}case-studies/")
            updated.append(entry.findtext(f"{ATOM}updated"))
            continue
        record = by_url[url]
        assert entry.findtext(f"{ATOM}id") == url
        assert entry.findtext(f"{ATOM}published") == f"{record.added}T00:00:00Z"
        assert entry.findtext(f"{ATOM}updated") == f"{max(record.added, record.reviewed)}T00:00:00Z"
        updated.append(entry.findtext(f"{ATOM}updated"))
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == updated[0]  # the newest entry's date, not the build time


# Open data ---------------------------------------------------------------------------------------------------

def test_json_export_matches_the_records_and_the_schema(records, schema):
    data = json.loads(built("data/case-studies.json").read_text(encoding="utf-8"))
    assert data["count"] == len(records) == len(data["case_studies"])
    assert data["licence"] == "CC BY 4.0"
    validator = Draft202012Validator(schema)
    by_slug = {r.slug: r for r in records}
    for item in data["case_studies"]:
        record = by_slug[item["slug"]]
        assert item["url"] == f"{SITE_URL}case-studies/{record.slug}/"
        body = {k: v for k, v in item.items() if k not in ("slug", "url")}
        assert [e.message for e in validator.iter_errors(body)] == [], item["slug"]
        assert (body["name"], body["summary"], body["added"], body["reviewed"]) == \
            (record.name, record.summary, record.added, record.reviewed)
        assert body["organisation"]["legal_form"] == record.organisation.legal_form
        assert [(m["label"], m["value"], m["year"]) for m in body["metrics"]] == \
            [(m.label, m.value, m.year) for m in record.metrics]
        assert [s["url"] for s in body["sources"]] == [s.url for s in record.sources]
    assert sorted(by_slug) == [i["slug"] for i in data["case_studies"]]


def written_in(written, exported, where: str) -> None:
    """Every value a contributor wrote is in the export, unchanged (the export may add defaults)."""
    if isinstance(written, dict):
        assert isinstance(exported, dict), where
        for key, value in written.items():
            if value in ([], {}, None) and key not in exported:
                continue  # an empty optional list is left out
            assert key in exported, f"{where}.{key}"
            written_in(value, exported[key], f"{where}.{key}")
    elif isinstance(written, list):
        assert isinstance(exported, list) and len(exported) == len(written), where
        for i, (a, b) in enumerate(zip(written, exported)):
            written_in(a, b, f"{where}[{i}]")
    else:
        assert exported == written, where


def test_json_export_keeps_every_field_of_the_yaml_files(records):
    """Read each YAML file independently: every field a contributor wrote reaches the JSON unchanged."""
    data = {i["slug"]: i for i in json.loads(built("data/case-studies.json").read_text(encoding="utf-8"))["case_studies"]}
    for record in records:
        written = yaml.safe_load((ROOT / record.path).read_text(encoding="utf-8"))
        written_in(written, data[record.slug], record.slug)


def test_csv_export_matches_the_records(records):
    """Every column of every row against the YAML file read on its own (and the taxonomy file for nations)."""
    text = built("data/case-studies.csv").read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert table[0] == CSV_HEADER
    assert len(table) == len(records) + 1
    regions = yaml.safe_load((ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8"))["regions"]
    by_slug = {r.slug: r for r in records}
    assert [row[0] for row in table[1:]] == sorted(by_slug)
    for values in table[1:]:
        row = dict(zip(CSV_HEADER, values, strict=True))
        y = yaml.safe_load((ROOT / by_slug[row["slug"]].path).read_text(encoding="utf-8"))
        org = y["organisation"]
        nations = list(dict.fromkeys(regions[r]["nation"] for r in org["regions"]))
        assert row == {
            "slug": row["slug"], "url": f"{SITE_URL}case-studies/{row['slug']}/", "name": y["name"],
            "summary": y["summary"], "kind": y["kind"], "legal_form": org["legal_form"],
            "legal_form_detail": org.get("legal_form_detail", ""), "body_type": org.get("body_type", ""),
            "place": org["place"], "regions": "; ".join(org["regions"]), "nations": "; ".join(nations),
            "sectors": "; ".join(y["sectors"]), "beneficiaries": "; ".join(y["beneficiaries"]),
            "stages": "; ".join(y.get("stages", [])), "status": org["status"]["value"],
            "status_as_of": str(org["status"]["as_of"]), "founded": str(org.get("founded", "")),
            "website": org.get("website", ""),
            "commissioners": "; ".join(dict.fromkeys(s["commissioner"] for s in y["services"])),
            "services": str(len(y["services"])), "figures": str(len(y["metrics"])),
            "sources": str(len(y["sources"])), "added": y["added"], "reviewed": y["reviewed"],
            "former_slugs": "; ".join(y.get("former_slugs", [])),
        }, row["slug"]


def test_published_schema_is_the_repository_schema():
    assert built("data/case-study.schema.json").read_bytes() == (ROOT / "data" / "case-study.schema.json").read_bytes()


# Sitemap -----------------------------------------------------------------------------------------------------

def git_date(path: str) -> str | None:
    result = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--no-merges", "--format=%cs", "--", path],
                            capture_output=True, text=True)
    return result.stdout.strip() or None


def test_sitemap_dates_come_from_review_dates_and_history(records):
    root = ET.fromstring(built("sitemap.xml").read_bytes())
    dates = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")}
    for record in records:
        expected = max(d for d in (record.added, record.reviewed, git_date(record.path)) if d)
        assert dates[f"{SITE_URL}case-studies/{record.slug}/"] == expected, record.slug
    checked = 0
    for page in (ROOT / "docs").rglob("*.md"):
        if "includes" in page.parts:
            continue
        meta = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n", 2)[1])
        if meta.get("last_reviewed"):
            rel = page.relative_to(ROOT / "docs").as_posix()[:-3]
            rel = "" if rel == "index" else (rel[:-5] if rel.endswith("/index") else rel + "/")
            assert dates[f"{SITE_URL}{rel}"] == str(meta["last_reviewed"]), rel
            checked += 1
    assert checked >= 15
    for value in dates.values():
        dt.date.fromisoformat(value)
    assert gzip.decompress(built("sitemap.xml.gz").read_bytes()) == built("sitemap.xml").read_bytes()


# Redirects and published URLs --------------------------------------------------------------------------------

def follow(site: Path, url: str, hops: int = 5) -> tuple[Path, list[str]]:
    """The page a site-relative URL ends at, following each meta refresh the way a browser does (not the
    canonical link, which may disagree), and the URLs passed through. Fails on a loop or a missing page."""
    seen = [url]
    for _ in range(hops):
        path = site / url.lstrip("/") / "index.html" if url.endswith("/") else site / url.lstrip("/")
        assert path.is_file(), f"{' -> '.join(seen)}: no page"
        if not url.endswith("/"):
            return path, seen
        refresh = soup_of(path).find("meta", attrs={"http-equiv": "refresh"})
        if refresh is None:
            return path, seen
        delay, _, target = refresh["content"].partition(";")
        assert delay.strip() == "0" and target.strip().startswith("url="), refresh["content"]
        url = urlsplit(urljoin(f"https://example.org{url}", target.strip()[4:])).path
        assert url not in seen, f"redirect loop: {' -> '.join(seen + [url])}"
        seen.append(url)
    pytest.fail(f"more than {hops} redirects: {' -> '.join(seen)}")


def check_listed(site: Path, listed: list[str]) -> int:
    """Every listed URL reaches a page, through redirects if need be. Returns how many were redirects."""
    redirects = 0
    for url in listed:
        page, hops = follow(site, url)
        redirects += len(hops) > 1
        if page.name == "index.html":
            assert not is_redirect(soup_of(page)), hops
    return redirects


def test_every_listed_url_still_resolves_to_a_page_or_a_redirect():
    listed = published_urls.read_list()
    assert "/" in listed and "/feed.xml" in listed and len(listed) >= 40
    assert published_urls.missing(built("index.html").parent) == []
    check_listed(SITE, listed)


def test_former_slugs_of_the_fixture_record_resolve_through_their_redirects(two_builds):
    """The fixture record (tests/fixtures/redirect/renamed-trust.yml) has two former slugs, so the redirect branch
    runs on every test run. Its old URLs are added to the real list and followed to the page itself. The copy holds
    a sample of the real records (conftest.make_project), so the real list's case-study pages are left out here;
    test_every_listed_url_still_resolves_to_a_page_or_a_redirect checks them all on the real site."""
    site = two_builds[0].site
    listed = [u for u in published_urls.read_list() if not u.startswith("/case-studies/")]
    listed += ["/case-studies/old-trust-name/", "/case-studies/older-trust-name/"]
    assert check_listed(site, listed) == 2
    for old in ("old-trust-name", "older-trust-name"):
        page, hops = follow(site, f"/case-studies/{old}/")
        assert hops == [f"/case-studies/{old}/", "/case-studies/renamed-trust/"]
        assert page == site / "case-studies" / "renamed-trust" / "index.html"
        assert soup_of(page).find("h1").get_text().strip("¶") == 'Renamed & "Quoted" Trust'


def test_a_redirect_is_followed_by_its_refresh_not_its_canonical_link(tmp_path):
    from socialvalue.share import redirect_page
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "index.html").write_text("<h1>New</h1>")
    (tmp_path / "old").mkdir()
    # The canonical link is right, the refresh is wrong: a reader is sent to a page that does not exist.
    (tmp_path / "old" / "index.html").write_text(redirect_page("../gone/", "https://example.org/new/", "Old"))
    with pytest.raises(AssertionError, match="/old/ -> /gone/: no page"):
        follow(tmp_path, "/old/")
    (tmp_path / "old" / "index.html").write_text(redirect_page("../old/", "https://example.org/new/", "Old"))
    with pytest.raises(AssertionError, match="redirect loop"):
        follow(tmp_path, "/old/")
    (tmp_path / "old" / "index.html").write_text(redirect_page("../new/", "https://example.org/new/", "Old"))
    assert follow(tmp_path, "/old/") == (tmp_path / "new" / "index.html", ["/old/", "/new/"])


def test_every_case_study_is_listed_as_published(records):
    listed = set(published_urls.read_list())
    unlisted = [r.slug for r in records if f"/case-studies/{r.slug}/" not in listed]
    assert unlisted == [], "run `make published-urls` and commit data/published-urls.txt"


def test_published_url_check_fails_for_a_lost_page_and_the_script_adds_new_ones(tmp_path):
    site = tmp_path / "site"
    (site / "case-studies" / "kept").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>")
    (site / "case-studies" / "kept" / "index.html").write_text("<p>kept</p>")
    (site / "feed.xml").write_text("<feed/>")
    listing = tmp_path / "urls.txt"
    listing.write_text("/case-studies/gone/\n/case-studies/kept/\n")
    assert published_urls.missing(site, listing) == ["/case-studies/gone/"]
    assert published_urls.add_new(site, listing) == ["/", "/feed.xml"]
    assert published_urls.read_list(listing) == ["/", "/case-studies/gone/", "/case-studies/kept/", "/feed.xml"]
    assert published_urls.add_new(site, listing) == []


# Builds in a copy of the project: redirects from former slugs, and determinism ---------------------------------

RENAMED = (FIXTURES / "redirect" / "renamed-trust.yml").read_text(encoding="utf-8")  # two former slugs


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The same input built twice in two fresh copies, preview images drawn from scratch each time."""
    builds = []
    for name in ("first", "second"):
        project = make_project(tmp_path_factory.mktemp(name), {"renamed-trust.yml": RENAMED})
        shutil.rmtree(project / ".cache", ignore_errors=True)
        result = run_build(project)
        assert result.returncode == 0, result.output
        builds.append(result)
    return builds


def test_former_slugs_redirect_to_the_current_page(two_builds):
    site = two_builds[0].site
    for old in ("old-trust-name", "older-trust-name"):
        page = soup_of(site / "case-studies" / old / "index.html")
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == "0; url=../renamed-trust/"
        target = urljoin(f"{SITE_URL}case-studies/{old}/", refresh.split("url=", 1)[1])
        assert target == f"{SITE_URL}case-studies/renamed-trust/"
        assert page.find("link", rel="canonical")["href"] == target
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        link = page.find("a")
        assert link["href"] == "../renamed-trust/" and "Renamed & \"Quoted\" Trust" in page.title.get_text()
        assert (site / "case-studies" / "renamed-trust" / "index.html").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "renamed-trust/" in sitemap and "old-trust-name" not in sitemap
    # Pagefind indexes only pages with data-pagefind-body: the current page, never a redirect.
    assert "data-pagefind-body" in (site / "case-studies" / "renamed-trust" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (site / "case-studies" / "old-trust-name" / "index.html").read_text(encoding="utf-8")


def test_the_build_is_deterministic(two_builds):
    first, second = (b.site for b in two_builds)
    files_first = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    files_second = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files_first == files_second
    assert Path("assets/previews/renamed-trust.png") in files_first
    different = [str(p) for p in files_first if (first / p).read_bytes() != (second / p).read_bytes()]
    assert different == []
    for build in two_builds:  # both copies drew their images afresh: nothing came from a shared cache
        assert len(list((build.project / ".cache" / "previews").glob("*.png"))) == len(
            [p for p in files_first if p.parent == Path("assets/previews")])


def test_the_site_builds_under_mkdocs_serve_with_a_local_http_site_url(tmp_path):
    """`make serve` rewrites site_url to http://127.0.0.1:8000/...; the build must not refuse its own URL."""
    from conftest import make_project, run_build
    project = make_project(tmp_path, {})
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^site_url: .*$", "site_url: http://127.0.0.1:8000/social-value-reference/",
                             text, count=1, flags=re.M), encoding="utf-8")
    built = run_build(project)
    assert built.returncode == 0, built.output
    page = (built.site / "case-studies" / "frc-group" / "index.html").read_text(encoding="utf-8")
    assert 'href="http://127.0.0.1:8000/social-value-reference/case-studies/frc-group/"' in page
