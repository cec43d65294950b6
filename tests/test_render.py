"""Rendering records to Markdown and HTML: figures read as the source gives them, text stays text."""

from __future__ import annotations

import dataclasses

import markdown
import pytest
from conftest import TODAY, VALID_RECORD

from socialvalue.render import esc, figure, gbp, href, long_date, number, render_record
from socialvalue.validation import load_library

# The same Markdown extensions as mkdocs.yml (less the snippets include, which needs the docs folder).
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]


@pytest.fixture
def record(taxonomy, schema):
    library = load_library(VALID_RECORD.parent, taxonomy, schema, today=TODAY, files=[VALID_RECORD])
    assert library.problems == []
    return library.records[0]


def to_html(text: str) -> str:
    body = text.split("---\n", 2)[2]  # drop the front matter
    return markdown.markdown(body, extensions=EXTENSIONS)


@pytest.mark.parametrize("value,expected", [(4000, "4,000"), (2500000, "2,500,000"), (2.5, "2.5"),
                                            (0.25, "0.25"), (76.0, "76"), (1234.5, "1,234.5")])
def test_numbers_are_never_rounded(value, expected):
    assert number(value) == expected


def test_money_and_dates_read_as_gov_uk_style():
    assert gbp(135018) == "£135,018"
    assert long_date("2026-01-01") == "1 January 2026"
    assert long_date("2022-10") == "October 2022"
    assert long_date("2022") == "2022"


def test_figures_keep_the_sources_qualifier_and_unit(record, taxonomy):
    shown = [figure(m, taxonomy) for m in record.metrics]
    assert shown == ["27 people", "more than 120 tonnes", "£2,500,000"]


def test_self_reported_figures_are_marked(record, taxonomy):
    html = to_html(render_record(record, taxonomy))
    rows = [row for row in html.split("<tr>") if "People helped into paid work" in row]
    assert rows and "Own figure" in rows[0]
    rows = [row for row in html.split("<tr>") if "Waste diverted" in row]
    assert rows and "Third party" in rows[0]


def test_page_shows_ended_contract_and_scottish_extent(record, taxonomy):
    html = to_html(render_record(record, taxonomy))
    assert "Contract ended" in html and "The council brought the service in house." in html
    assert "Partly outside the Act" in html and "Scotland" in html


def test_closed_status_is_shown_at_the_top(record, taxonomy):
    org = dataclasses.replace(record.organisation, status=dataclasses.replace(
        record.organisation.status, value="closed", note="It went into administration."))
    closed = dataclasses.replace(record, organisation=org)
    html = to_html(render_record(closed, taxonomy))
    first_heading_end = html.index("</h1>")
    assert html.index("Status: Closed") - first_heading_end < 200
    assert "It went into administration." in html


def test_every_source_is_listed_with_an_anchor_and_https_link(record, taxonomy):
    html = to_html(render_record(record, taxonomy))
    for source in record.sources:
        assert f'id="source-{source.id}"' in html
        assert f'href="{source.url}"' in html


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    "{{ 7*7 }} {% raw %}",
    "*bold* _em_ `code` # heading | pipe",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_escaped_even_if_validation_is_bypassed(text, record, taxonomy):
    # The validator rejects HTML; this proves the renderer escapes it anyway.
    service = dataclasses.replace(record.services[0], description=text, name=text)
    hostile = dataclasses.replace(record, name=text, summary=text, services=(service,))
    html = to_html(render_record(hostile, taxonomy))
    for tag in ("<script", "<img", "<svg", 'href="javascript'):
        assert tag not in html
    for markup in ("<em>bold</em>", "<em>em</em>", "<code>code</code>", "<h1>heading", "<td>pipe"):
        assert markup not in html
    visible = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert visible in html


def test_front_matter_escapes_title_and_description(record, taxonomy):
    hostile = dataclasses.replace(record, name='A & B "quoted"', summary='Say "hi" <b> & go')
    front = render_record(hostile, taxonomy).split("---\n")[1]
    assert "title: A &amp; B &quot;quoted&quot;" in front
    assert "&lt;b&gt;" in front and "render_macros: false" in front


def test_only_https_and_mailto_links_are_produced():
    assert href("https://example.org/a (b)") == "https://example.org/a%20%28b%29"
    for bad in ("javascript:alert(1)", "http://example.org", "data:text/html,x"):
        with pytest.raises(ValueError):
            href(bad)


def test_esc_flattens_newlines_so_text_cannot_start_a_block():
    assert "\n" not in esc("line one\n\n# not a heading\n- not a list")
    assert to_html("---\n---\n" + esc("1. not a list")).startswith("<p>")


def test_each_devolved_nation_says_what_applies_there_instead(record, taxonomy):
    # The fixture works in North West England and Scotland.
    html = to_html(render_record(record, taxonomy))
    assert "Partly outside the Act" in html and "Part of this work is in Scotland, outside England" in html
    assert "Procurement Reform (Scotland) Act 2014" in html
    assert 'href="../guides/across-the-uk.md#scotland"' in html
    welsh = dataclasses.replace(record, organisation=dataclasses.replace(record.organisation, regions=("wales",)))
    html = to_html(render_record(welsh, taxonomy))
    assert "What applies in Wales" in html and "Partly outside" not in html
    assert "most Welsh devolved public bodies do not have to comply" in html
    assert "Social Partnership and Public Procurement (Wales) Act 2023" in html
    ni = dataclasses.replace(record, organisation=dataclasses.replace(record.organisation,
                                                                      regions=("london", "northern-ireland")))
    html = to_html(render_record(ni, taxonomy))
    assert "PPN 01/21" in html and "Partly outside" in html and "What applies" not in html
    scottish = dataclasses.replace(record, organisation=dataclasses.replace(record.organisation, regions=("scotland",)))
    html = to_html(render_record(scottish, taxonomy))
    assert "Outside the Act" in html and "Partly" not in html and "This work is in Scotland, outside" in html
    english = dataclasses.replace(record, organisation=dataclasses.replace(record.organisation, regions=("london",)))
    assert "What applies in" not in to_html(render_record(english, taxonomy))
