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
from socialvalue.listing import bar_chart, render_filter_index

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
        page = soup(SITE / "case-studies" / facet / key / "index.html")
        content = page.select_one("article")
        listed = {a["href"].strip("./").split("/")[-1] for a in content.select("ul li > a[href]")}
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


def test_index_lists_every_case_study_with_its_terms_as_data():
    page = soup(SITE / "case-studies" / "index.html")
    items = page.select("[data-cs-list] > li")
    assert len(items) == len(RAW)
    for li in items:
        slug = li.select_one("a")["href"].strip("/")
        for facet, keys in raw_terms(slug).items():
            assert set(li[f"data-f-{facet}"].split()) - {""} == keys, f"{slug}: {facet}"
    names = [li.select_one("a").get_text() for li in items]
    assert names == sorted(names, key=str.casefold)


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
    assert tree.find("script") is None and tree.find("b") is None
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


def test_search_index_holds_case_studies_but_not_listings_or_other_pages_names():
    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    locations = [d["location"] for d in docs]
    assert not any(loc.startswith(f"case-studies/{f.key}/") for loc in locations for f in FACETS)
    for slug, data in RAW.items():
        own = [d for d in docs if d["location"].startswith(f"case-studies/{slug}/")]
        assert own and html.unescape(own[0]["title"]) == data["name"] and own[0].get("boost") == 2
        # Listings (home, index, topic pages, related lists) never repeat the name, so its own page ranks first.
        # Another case study may name it in its own story (a provider named by a commissioner, say).
        elsewhere = [d["location"] for d in docs if data["name"] in html.unescape(d["text"])
                     and not any(d["location"].startswith(f"case-studies/{other}/") for other in RAW)]
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
    listed = [line for _, md in pages for line in md.splitlines() if line.startswith("- [")]
    assert len(listed) == len(many) and len(set(listed)) == len(many)
    first, middle, last = (md for _, md in pages)
    assert 'rel="next" href="./2/"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="../"' in middle and 'rel="next" href="../3/"' in middle
    assert 'rel="prev" href="../2/"' in last and 'rel="next"' not in last
    assert "](../../synthetic-" in middle and "](../synthetic-" in first
