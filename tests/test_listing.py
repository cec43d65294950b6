"""Finding case studies: the facets, their static pages, the index's data, the charts and the search index.

Expected values are worked out from the raw YAML files, not from the code under test.
"""

from __future__ import annotations

import dataclasses
import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from socialvalue.facets import FACETS
from socialvalue.listing import INDEX_PAGE_SIZE, OPEN_IF_CHOSEN, bar_chart, render_filter_index

SITE = ROOT / "build" / "site"
pytestmark = pytest.mark.site  # reads build/site: rebuilt first if a source is newer
RAW = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
       for p in sorted((ROOT / "data" / "case-studies").glob("*.yml"))}
TAXONOMY = yaml.safe_load((ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8"))


def raw_terms(slug: str) -> dict[str, set[str]]:
    """A record's keys under each facet, read straight from its YAML."""
    data = RAW[slug]
    org = data["organisation"]
    return {
        "heading": {h for h, claims in data["social_value"].items() if claims},
        "sector": set(data["sectors"]),
        "region": set(org["regions"]),
        "nation": {TAXONOMY["regions"][r]["nation"] for r in org["regions"]},
        "beneficiary": set(data["beneficiaries"]),
        "legal-form": {org["legal_form"]},
        "public-body": {org["body_type"]} if "body_type" in org else set(),
        "outcome": {f"{f['framework']}--{f['outcome']}" for f in data.get("frameworks", [])},
        "status": {org["status"]["value"]},
    }


def all_keys(facet: str) -> list[str]:
    vocabulary = {"heading": "headings", "sector": "sectors", "region": "regions", "nation": "nations",
                  "beneficiary": "beneficiaries", "legal-form": "legal_forms", "status": "statuses",
                  "public-body": "body_types"}
    if facet == "outcome":
        return [f"{fw}--{o}" for fw, term in TAXONOMY["frameworks"].items() for o in term["outcomes"]]
    return list(TAXONOMY[vocabulary[facet]])


def soup(path: Path) -> BeautifulSoup:
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test`, which builds build/site before pytest")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_facets_are_the_ones_the_index_and_pages_use():
    assert [f.key for f in FACETS] == ["heading", "sector", "nation", "region", "beneficiary", "legal-form",
                                       "public-body", "outcome", "status"]


@pytest.mark.parametrize("facet", [f.key for f in FACETS])
def test_every_term_has_a_static_page_listing_exactly_its_case_studies(facet):
    for key in all_keys(facet):
        # A term page lists 50 case studies; later ones are on /2/, /3/... (checked on their own below).
        listed: set[str] = set()
        folder, number = SITE / "case-studies" / facet / key, 1
        while (folder / "index.html").exists() or number == 1:
            content = soup(folder / "index.html").select_one("article")
            listed |= {a["href"].strip("./").split("/")[-1] for a in content.select("ul li > a[href]")
                       if not a["href"].rstrip("/").split("/")[-1].isdigit()}
            number += 1
            folder = SITE / "case-studies" / facet / key / str(number)
        expected = {slug for slug in RAW if key in raw_terms(slug)[facet]}
        assert listed == expected, f"{facet}/{key}"


def test_case_study_pages_link_their_terms_to_the_term_pages():
    for slug in RAW:
        page = soup(SITE / "case-studies" / slug / "index.html")
        linked = {}
        for a in page.select(".cs-summary a[href]"):
            parts = a["href"].split("/")
            if len(parts) == 4 and parts[0] == "..":  # ../sector/key/
                linked.setdefault(parts[1], set()).add(parts[2])
        terms = raw_terms(slug)
        for facet in ("heading", "sector", "region", "nation", "beneficiary", "legal-form", "public-body", "status"):
            assert linked.get(facet, set()) == terms[facet], f"{slug}: {facet}"
        outcomes = {a["href"].split("/")[2] for a in page.select("article a[href^='../outcome/']")}
        assert outcomes == terms["outcome"], slug


def test_index_data_lists_every_case_study_with_its_terms():
    """The filters' data file holds every case study, in the listings' order, with its facet keys."""
    data = json.loads((SITE / "case-studies" / "records.json").read_text(encoding="utf-8"))
    assert data["facets"] == [f.key for f in FACETS]
    slugs = [row[0] for row in data["records"]]
    assert sorted(slugs) == sorted(RAW)
    for slug, name, status, summary, where, values in data["records"]:
        assert name == RAW[slug]["name"] and summary == RAW[slug]["summary"]
        assert where.startswith(RAW[slug]["organisation"]["place"] + " (")
        assert (status == "") == (RAW[slug]["organisation"]["status"]["value"] == "active")
        for facet, value in zip(data["facets"], values):
            assert set(value.split()) == raw_terms(slug)[facet], f"{slug}: {facet}"
    names = [row[1] for row in data["records"]]
    assert names == sorted(names, key=str.casefold)


def test_index_html_holds_only_the_first_page_and_links_to_the_rest():
    """The index's HTML does not grow with the library: the first INDEX_PAGE_SIZE case studies, then static
    pages of the same size, which together list every case study once, in order."""
    data = json.loads((SITE / "case-studies" / "records.json").read_text(encoding="utf-8"))
    order = [row[0] for row in data["records"]]
    page = soup(SITE / "case-studies" / "index.html")
    first = [li.select_one("a")["href"].strip("/") for li in page.select("[data-cs-list] > li")]
    assert first == order[:INDEX_PAGE_SIZE]
    pages = -(-len(order) // INDEX_PAGE_SIZE)
    assert pages > 1
    assert page.select_one("[data-cs-pager] a[rel=next]")["href"] == "page/2/"
    seen = list(first)
    for n in range(2, pages + 1):
        other = soup(SITE / "case-studies" / "page" / str(n) / "index.html")
        hrefs = [li.select_one("a")["href"] for li in other.select("article .cs-list > li")]
        assert all(h.startswith("../../") for h in hrefs)
        seen += [h.removeprefix("../../").strip("/") for h in hrefs]
        assert (other.select_one(".cs-pages a[rel=next]") is None) == (n == pages)
        assert other.select_one(".cs-pages a[rel=prev]")["href"] == ("../../" if n == 2 else f"../../page/{n - 1}/")
    assert seen == order
    assert not (SITE / "case-studies" / "page" / str(pages + 1)).exists()


def test_index_html_stays_small_at_a_thousand_records(real_data):
    """At 1,000 records the index's HTML is as big as at today's size: only the first page is in it."""
    records = real_data.records
    many = [dataclasses.replace(records[i % len(records)], slug=f"copy-{i:04d}", name=f"Copy {i:04d}")
            for i in range(1000)]
    small, large = render_filter_index(records, real_data.taxonomy), render_filter_index(many, real_data.taxonomy)
    assert large.count('<li class="cs-item"') == INDEX_PAGE_SIZE
    # The filter form's counts grow by a digit or two; nothing grows with the number of records.
    assert len(large.encode()) < len(small.encode()) * 1.1, (len(small), len(large))


def test_index_filter_form_is_hidden_until_the_script_runs_and_offers_only_used_terms():
    page = soup(SITE / "case-studies" / "index.html")
    form = page.select_one("form[data-cs-filters]")
    assert form.has_attr("hidden")
    offered = {(box["name"], box["value"]) for box in form.select("input[type=checkbox]")}
    used = {(facet, key) for slug in RAW for facet, keys in raw_terms(slug).items() for key in keys}
    assert offered == used
    assert page.select_one("[data-cs-count]")["role"] == "status"


def test_index_escapes_record_text_in_attributes_and_text(record, taxonomy):
    hostile = dataclasses.replace(record, name='Say "hi" <script>alert(1)</script>', summary="a & <b>")
    html = render_filter_index([hostile], taxonomy)
    tree = BeautifulSoup(html, "html.parser")
    # The only scripts are the constant that opens a chosen group early, one in each group: nothing from the record.
    groups = tree.select("details[data-facet]")
    assert groups and [str(s) for s in tree.find_all("script")] == [OPEN_IF_CHOSEN] * len(groups)
    assert all(g.find("script", recursive=False) for g in groups) and tree.find("b") is None
    assert tree.select_one(".cs-item__name").get_text() == hostile.name


@pytest.fixture
def record(real_data):
    return real_data.records[0]


@pytest.fixture
def taxonomy(real_data):
    return real_data.taxonomy


def test_bar_chart_is_valid_svg_with_bars_in_proportion_and_every_figure_in_its_label():
    svg = ET.fromstring(bar_chart("Case studies by sector", [("A & B", 8), ("C", 2), ("D", 0)]))
    ns = "{http://www.w3.org/2000/svg}"
    widths = [float(r.get("width").rstrip("%")) for r in svg.iter(f"{ns}rect")]
    assert widths[0] > 0 and widths[1] == pytest.approx(widths[0] / 4) and widths[2] == 0
    assert svg.get("role") == "img"
    assert "A & B: 8; C: 2; D: 0" in svg.get("aria-label")
    assert [t.text for t in svg.iter(f"{ns}text")] == ["A & B", "8", "C", "2", "D", "0"]


def test_browse_page_charts_match_the_data():
    page = soup(SITE / "case-studies" / "browse" / "index.html")
    charts = page.select("svg.cs-chart")
    assert len(charts) == 3
    by_sector = next(c for c in charts if "by sector" in c["aria-label"])
    for key, term in TAXONOMY["sectors"].items():
        n = sum(key in raw_terms(slug)["sector"] for slug in RAW)
        if n:
            assert f"{term['label']}: {n}" in by_sector["aria-label"]
    figure = by_sector.find_parent("figure")
    assert figure.find("figcaption") is not None


def markdown_source(url: str) -> str:
    """The hand-written Markdown behind a built page's URL ("guides/providers/" -> docs/guides/providers.md)."""
    stem = url.strip("/") or "index"
    for candidate in (ROOT / "docs" / f"{stem}.md", ROOT / "docs" / stem / "index.md"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return ""


def indexed_text(path: Path) -> str | None:
    """What Pagefind indexes on a page: the data-pagefind-body element less the blocks it skips, or None."""
    from socialvalue.search import EXCLUDE_SELECTORS
    body = soup(path).select_one("[data-pagefind-body]")
    if body is None:
        return None
    for selector in EXCLUDE_SELECTORS:
        for element in body.select(selector):
            element.decompose()
    return body.get_text(" ")


def test_search_index_holds_case_studies_but_not_listings_or_other_pages_names():
    assert (SITE / "pagefind" / "pagefind.js").is_file() and any((SITE / "pagefind" / "index").iterdir())
    pages = {str(p.parent.relative_to(SITE)).replace("\\", "/") + "/": indexed_text(p) for p in SITE.rglob("index.html")}
    indexed = {url: text for url, text in pages.items() if text is not None}
    # Topic pages are lists of case studies: out of the index, so they never outrank the case studies.
    assert not any(url.startswith(f"case-studies/{f.key}/") for url in indexed for f in FACETS)
    assert "the-act/what-the-act-says/" in indexed and "./" in indexed
    for slug, data in RAW.items():
        own = soup(SITE / "case-studies" / slug / "index.html").select_one("[data-pagefind-body]")
        assert own is not None and own.h1.get_text().replace("\u00b6", "").strip() == data["name"]
        assert own.get("data-pagefind-meta") == "kind:Case study"
        # Listings (home, index, topic pages, related lists) never repeat the name, so its own page ranks first.
        # Another case study may name it in its own story (a provider named by a commissioner, say).
        # A guidance page may also name it in its own words (Crown Commercial Service, as a source of the law):
        # only a name that reached a page through a listing, not through the page's own Markdown, counts.
        elsewhere = [url for url, text in indexed.items() if data["name"] in text
                     and not any(url.startswith(f"case-studies/{other}/") for other in RAW)
                     and data["name"] not in markdown_source(url)]
        assert elsewhere == [], (slug, elsewhere)


def test_long_term_lists_are_split_into_pages_that_link_to_each_other(real_data, tmp_path):
    from socialvalue.facets import group
    from socialvalue.listing import PAGE_SIZE, term_pages
    base = real_data.records[0]
    many = [dataclasses.replace(base, slug=f"synthetic-{i:03d}", name=f"Synthetic {i:03d}")
            for i in range(PAGE_SIZE * 2 + 3)]
    term = next(t for t in group(many, real_data.taxonomy)["sector"] if t.records)
    pages = term_pages(term, real_data.taxonomy)
    assert [src for src, _ in pages] == [term.src_uri, term.src_uri[:-3] + "/2.md", term.src_uri[:-3] + "/3.md"]
    listed = [line for _, md in pages for line in md.splitlines() if line.startswith("<li><a ")]
    assert len(listed) == len(many) and len(set(listed)) == len(many)
    first, middle, last = (md for _, md in pages)
    assert 'rel="next" href="./2/"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="../"' in middle and 'rel="next" href="../3/"' in middle
    assert 'rel="prev" href="../2/"' in last and 'rel="next"' not in last
    # The list is finished HTML (listing.FINISHED_HTML), so its links are the pages' final addresses: from
    # case-studies/<facet>/<term>/ two folders up, from its page 2 three.
    assert '<li><a href="../../../synthetic-051/">Synthetic 051</a>: ' in middle
    assert '<li><a href="../../synthetic-000/">Synthetic 000</a>: ' in first


def test_the_serve_memo_of_the_list_pages_follows_every_change_to_the_records_or_the_taxonomy(real_data):
    """Under `make serve` the topic pages, the list pages and the filters' data come from ListingMemo while the
    records are the same objects and the taxonomy is equal; any change must give what the functions give."""
    import copy
    import dataclasses

    from socialvalue.listing import ListingMemo, facet_pages, index_data, index_pages
    memo = ListingMemo()

    def both(records, taxonomy):
        expected = (facet_pages(records, taxonomy) + index_pages(records, taxonomy), index_data(records, taxonomy))
        assert memo.pages_and_data(records, taxonomy) == expected
        return expected

    records, taxonomy = list(real_data.records), real_data.taxonomy
    first = both(records, taxonomy)
    assert memo.pages_and_data(records, taxonomy) is memo.pages_and_data(list(records), copy.deepcopy(taxonomy))
    renamed = [dataclasses.replace(records[0], name="A renamed organisation")] + records[1:]
    assert both(renamed, taxonomy) != first
    assert both(renamed[:-1], taxonomy) != first  # one fewer
    relabelled = copy.deepcopy(taxonomy)
    relabelled.vocabularies["sectors"][records[0].sectors[0]]["label"] = "A relabelled sector"
    assert "A relabelled sector" in str(both(renamed[:-1], relabelled))


def test_a_list_page_shows_its_whole_list_with_names_and_summaries_as_written():
    """The list on a topic page is set aside before the Markdown conversion and put back after it
    (listing.FINISHED_HTML): every case study under the term is there, once, in order, its name and summary
    exactly as the YAML has them, and the marker itself is gone."""
    from socialvalue.listing import FINISHED_HTML
    marker = html.escape(FINISHED_HTML)
    leftover = [str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
                if FINISHED_HTML in p.read_text(encoding="utf-8")]
    assert leftover == [] and marker != FINISHED_HTML
    wanted = sorted((slug for slug in RAW if "health-and-care" in RAW[slug]["sectors"]),
                    key=lambda s: (RAW[s]["name"].casefold(), s))
    assert len(wanted) > 3
    soup = BeautifulSoup((SITE / "case-studies" / "sector" / "health-and-care" / "index.html").read_text("utf-8"),
                         "html.parser")
    items = soup.select("article ul li")[:len(wanted)]
    assert [li.a["href"] for li in items] == [f"../../{slug}/" for slug in wanted]
    assert [li.get_text(" ", strip=True) for li in items] == [
        f"{RAW[s]['name']} : {' '.join(RAW[s]['summary'].split())}" for s in wanted]


def test_the_grouping_is_made_again_whenever_the_records_or_the_taxonomy_change(real_data):
    """facets.group gives its last result again only for the very same records and taxonomy objects."""
    import copy

    from socialvalue.facets import group
    records, taxonomy = list(real_data.records), real_data.taxonomy
    first = group(records, taxonomy)
    assert group(list(records), taxonomy) is first  # the same objects: the same grouping, not made again
    wanted = sorted((s for s in RAW if "health-and-care" in RAW[s]["sectors"]),
                    key=lambda s: (RAW[s]["name"].casefold(), s))
    sector = {t.key: t for t in first["sector"]}
    assert [r.slug for r in sector["health-and-care"].records] == wanted
    renamed = dataclasses.replace(records[0], name="Zzz renamed")
    second = group([renamed, *records[1:]], taxonomy)
    assert second is not first
    assert all(r is not records[0] for terms in second.values() for t in terms for r in t.records)
    assert [r.slug for r in group(records[1:], taxonomy)["heading"][0].records] == [
        r.slug for r in first["heading"][0].records if r is not records[0]]
    again = group(records, taxonomy)
    other = copy.deepcopy(taxonomy)
    assert group(records, other) is not again and group(records, other) == again  # equal, but made again
