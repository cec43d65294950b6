"""Rendering records to Markdown and HTML: figures read as the source gives them, text stays text."""

from __future__ import annotations

import dataclasses
import datetime as dt

import markdown
import pytest
from conftest import TODAY, VALID_RECORD

from socialvalue.render import esc, figure, gbp, href, long_date, number, render_links, render_record, text
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
                                            (0.25, "0.25"), (76.0, "76"), (1234.5, "1,234.5"),
                                            (0.00001, "0.00001"), (0.0000001, "0.0000001"), (0.1, "0.1"), (1234567.125, "1,234,567.125")])
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


def test_a_welsh_page_keeps_its_other_notices_before_what_applies_in_wales(record, taxonomy):
    """The fixture's contract ended; in Wales its page has that notice, then the note on the law in Wales."""
    welsh = dataclasses.replace(record, organisation=dataclasses.replace(record.organisation, regions=("wales",)))
    lines = lines_of(welsh, taxonomy)
    start = lines.index('!!! note "Contract ended"')
    assert lines[start:start + 8] == [
        '!!! note "Contract ended"', "",
        f"    - Bulky waste collection: ended in 2020. The council brought the service in house\\. {S2}", "",
        '!!! note "What applies in Wales"', "",
        "    - Wales: The Act extends to Wales, but most Welsh devolved public bodies do not have to comply with "
        "it\\. They work under the Well\\-being of Future Generations \\(Wales\\) Act 2015 and the Social Partnership "
        "and Public Procurement \\(Wales\\) Act 2023\\. [Read more in Across the UK](../guides/across-the-uk.md#wales).",
        ""]


# The page's Markdown, line by line, as a reader of the fixture record would expect it (labels from
# data/taxonomy.yml written out). Fast, so `make mutation` runs it against every planted bug in render.py.

S1 = '[\\[1\\]](#source-annual-report "Source 1")'
S2 = '[\\[2\\]](#source-council-news "Source 2")'


def cells(*values: str) -> str:
    names = ("What was counted", "Figure", "Year", "Kind", "Reported by", "Source")
    return "".join(f'<td data-label="{n}" markdown="span">{v}</td>' for n, v in zip(names, values))


def lines_of(record, taxonomy, **options):
    return render_record(record, taxonomy, **options).split("\n")


def test_the_page_reads_as_the_record_says(record, taxonomy):
    lines = lines_of(record, taxonomy)
    for expected in [
        '<nav class="cs-breadcrumbs" aria-label="Breadcrumb" data-search-exclude><ol><li><a href="../../">Home</a>'
        '</li><li><a href="../" data-cs-back>Case studies</a></li><li aria-current="page">Example Re-use Project</li>'
        "</ol></nav>",
        "# Example Re\\-use Project",
        "A fictional community re\\-use project that collects unwanted furniture for a council and trains local people\\.",
        "Type", ":   Provider",
        "Legal form", ":   [Community interest company \\(CIC\\)](legal-form/community-interest-company.md)",
        "Where", ":   Exampletown; [North West England](region/north-west.md), [Scotland](region/scotland.md)",
        "Nation", ":   [England](nation/england.md), [Scotland](nation/scotland.md)",
        "Sector", ":   [Waste, recycling and re\\-use](sector/waste-and-re-use.md)",
        "Social value", ":   [Economic](heading/economic.md), [Environmental](heading/environmental.md)",
        "Commissioned by", ":   Exampletown Borough Council",
        "Status", f":   [Active](status/active.md) (last confirmed 2024) {S1}",
        "Founded", ":   2001",
        "Social value considered", ":   At award, During the contract",
        "Who benefits", ":   [Disabled people](beneficiary/disabled-people.md), "
                        "[Unemployed people](beneficiary/unemployed-people.md)",
        "Website", ":   [https://www\\.example\\.org](https://www.example.org)",
        '!!! note "Contract ended"',
        f"    - Bulky waste collection: ended in 2020. The council brought the service in house\\. {S2}",
        '!!! info "Partly outside the Act\u2019s extent"',
        "## The public service",
        "### Bulky waste collection",
        f"Collects large household items and passes on what can be re\\-used\\. {S2}",
        "Commissioner: Exampletown Borough Council, 2005 to 2020. Contract status: ended. "
        "See the notice at the top of this page.",
        "## Social value delivered", "### Economic", "### Environmental",
        f"- Trains local people and helps some into paid work\\. {S1}",
        f"- Keeps furniture out of landfill by passing it on\\. {S1} {S2}",
        "## Figures",
        # The figures are an HTML table whose cells carry their column's name, for the phone layout.
        '<thead><tr><th scope="col">What was counted</th><th scope="col">Figure</th><th scope="col">Year</th>'
        '<th scope="col">Kind</th><th scope="col">Reported by</th><th scope="col">Source</th></tr></thead>',
        '<tr markdown="1">' + cells("People helped into paid work", "27 people", "2017", "Economic outcome",
                                    "Own figure", S1) + "</tr>",
        '<tr markdown="1">' + cells("Waste diverted from landfill", "more than 120 tonnes", "2017/18",
                                    "Environmental output", "Third party", S2) + "</tr>",
        '<tr markdown="1">' + cells("Value of the contract", "£2,500,000", "c\\.2019", "Economic output",
                                    "Third party", S2) + "</tr>",
        "## How it maps to measurement frameworks",
        "- **Social Value Model \\(2020, PPN 06/20\\)**: [Tackling economic inequality: new businesses, jobs and "
        "skills](outcome/social-value-model-2020--jobs-and-skills.md).",
        "## What did not work, and the limits of the evidence",
        "- Most figures are the organisation's own and are several years old\\.",
        "## Lessons", "### For commissioners",
        "- Agree how social value will be measured before the contract starts\\.",
        "## Sources",
        '<ol class="cs-sources" data-search-exclude>',
        '<li id="source-annual-report"><a href="https://www.example.org/annual-report">Annual report 2017</a> '
        "(Example Re-use Project, March 2018). Read on 24 November 2026.</li>",
        '<li id="source-council-news"><a href="https://www.example.gov.uk/news/bulky-waste">Bulky waste contract '
        "update</a> (Exampletown Borough Council). Read on 24 November 2026.</li>",
        "Added on 24 November 2026. Facts last reviewed on 24 November 2026.",
    ]:
        assert expected in lines, expected
    assert "    Part of this work is in Scotland, outside England and Wales. The Public Services (Social Value) Act " \
           "2012 extends to England and Wales only, so it does not apply there." in lines
    order = [lines.index(h) for h in ("# Example Re\\-use Project", '!!! note "Contract ended"', "## The public service",
                                      "## Social value delivered", "## Figures", "## Lessons", "## Sources")]
    assert order == sorted(order)
    assert not any(line.startswith(("!!! warning", "## Related")) for line in lines)
    front = render_record(record, taxonomy).split("---\n")[1]
    import yaml
    assert yaml.safe_load(front) == {
        "title": "Example Re-use Project",
        "description": "A fictional community re-use project that collects unwanted furniture for a council and "
                       "trains local people.",
        "render_macros": False, "case_study": "example-reuse-project", "last_reviewed": "2026-11-24",
        "search": {"boost": 2}}


def test_the_page_changes_with_the_record(record, taxonomy):
    org = dataclasses.replace(record.organisation, founded=None, website=None, body_type="county-council",
                              legal_form_detail="Company 123", legal_form_source="council-news",
                              status=dataclasses.replace(record.organisation.status, value="closed", note="It shut."))
    service = dataclasses.replace(record.services[0], ended=None, status="current", status_note="Going well.")
    changed = dataclasses.replace(record, kind="commissioner", organisation=org, services=(service,), stages=(),
                                  lessons={"commissioners": ()}, frameworks=())
    lines = lines_of(changed, taxonomy, changed="2026-11-30", history_url="https://example.org/history")
    for expected in [
        ":   [Community interest company \\(CIC\\)](legal-form/community-interest-company.md) (Company 123) " + S2,
        "Kind of public body", ":   [County council](public-body/county-council.md)",
        ":   Not documented in the sources",
        '!!! warning "Status: Closed (last confirmed 2024)"', f"    This organisation is closed. It shut\\. {S1}",
        "## The services bought",
        "Commissioner: Exampletown Borough Council, since 2005. Contract status: current. Going well\\.",
        "Added on 24 November 2026. Facts last reviewed on 24 November 2026. File last changed on 30 November 2026. "
        "[See the history of changes to this case study](https://example.org/history).",
    ]:
        assert expected in lines, expected
    for gone in ("Founded", "Website", "## Lessons", "## How it maps to measurement frameworks", '!!! note "Contract ended"'):
        assert gone not in lines, gone
    two = dataclasses.replace(record, services=(record.services[0], dataclasses.replace(record.services[0], name="Two")))
    assert '!!! note "Contracts ended"' in lines_of(two, taxonomy)


@pytest.mark.parametrize("today,warned", [("2028-05-24", False), ("2028-05-25", True)])
def test_a_page_last_reviewed_over_18_months_ago_says_so(record, taxonomy, today, warned):
    import datetime as dt
    lines = lines_of(record, taxonomy, today=dt.date.fromisoformat(today))
    assert ('!!! warning "This page may be out of date"' in lines) is warned
    if warned:
        assert ("    Its facts were last checked on 24 November 2026, more than 18 months ago. Check the sources "
                "before you rely on it.") in lines


def test_related_case_studies_are_listed_with_their_summaries(record, taxonomy):
    other = dataclasses.replace(record, slug="other-one", name="Other *One*", summary="Does [things].")
    lines = lines_of(record, taxonomy, library=[record, other])
    start = lines.index("## Related case studies")
    assert lines[start - 2] == '<div class="cs-related" data-search-exclude markdown>'
    assert lines[start + 2] == "- [Other \\*One\\*](other-one.md): Does \\[things\\]\\."
    assert render_links([other], "case-studies/") == "- [Other \\*One\\*](case-studies/other-one.md): Does \\[things\\]\\."


@pytest.mark.parametrize("text,expected", [
    (": not a definition", "&#58; not a definition"), ("~~~ not a fence", "&#126;~~ not a fence"),
    ("  two   spaces\tand tab ", "two spaces and tab"), ("a<b & c>d", "a&lt;b &amp; c&gt;d"),
    ("1. not a list", "1\\. not a list"), ("+ - ! | # { } ( ) [ ] ` _ * \\", "\\+ \\- \\! \\| \\# \\{ \\} \\( \\) \\[ \\] \\` \\_ \\* \\\\"),
    (2024, "2024"), (12.5, "12\\.5"),  # a year or a figure, not text, is written as its digits
])
def test_esc_written_out(text, expected):
    assert esc(text) == expected


def test_attr_escapes_quotes_and_flattens_space():
    from socialvalue.render import attr
    assert attr(' A "b" \'c\' <d> & e\n f ') == "A &quot;b&quot; &#x27;c&#x27; &lt;d&gt; &amp; e f"
    assert href("mailto:someone@example.org") == "mailto:someone@example.org"


@pytest.mark.parametrize("value,unit,qualifier,expected", [
    (76, "percent", "exactly", "76%"), (12.5, "%", "exactly", "12.5%"), (4000, "people", "more-than", "more than 4,000 people"),
    (135018, "gbp", "exactly", "£135,018"), (3, " tonnes ", "exactly", "3 tonnes"),
])
def test_figures_written_out(record, taxonomy, value, unit, qualifier, expected):
    metric = dataclasses.replace(record.metrics[0], value=value, unit=unit, qualifier=qualifier)
    assert figure(metric, taxonomy) == expected


def test_dates_accept_a_date_object():
    import datetime as dt
    assert long_date(dt.date(2026, 3, 9)) == "9 March 2026"


def structure_problems(markdown_text: str) -> list[str]:
    """Blocks a reader would see run together or broken: every block is set off by a blank line, except lines
    that belong together (list items, table rows, an admonition's indented body, a term and its definition, the
    items of a raw HTML list), and every raw HTML element is closed."""
    body = markdown_text.split("---\n", 2)[2].split("\n")

    def kind(line: str) -> str:
        for prefix, name in (("#", "heading"), ("!!! ", "admonition"), ("    ", "indented"), ("- ", "list"),
                             ("|", "table"), (":   ", "definition"), ("<li ", "item"), ("</ol>", "item"),
                             ("<", "html")):
            if line.startswith(prefix):
                return name
        return "text"

    together = {("list", "list"), ("table", "table"), ("indented", "indented"), ("text", "definition"),
                ("html", "item"), ("item", "item"), ("html", "html")}  # one raw HTML block, line by line
    found = [f"line {i + 1}: {a!r} then {b!r}" for i, (a, b) in enumerate(zip(body, body[1:]))
             if a and b and (kind(a), kind(b)) not in together]
    for opener, closer in (("<div ", "</div>"), ("<ol ", "</ol>")):
        if sum(line.startswith(opener) for line in body) != body.count(closer):
            found.append(f"{opener!r} and {closer!r} do not pair up")
    return found


def test_every_block_of_the_page_stands_apart(record, taxonomy):
    other = dataclasses.replace(record, slug="other-one", name="Other")
    import datetime as dt
    closed = dataclasses.replace(record, organisation=dataclasses.replace(
        record.organisation, status=dataclasses.replace(record.organisation.status, value="closed")))
    for page in (render_record(record, taxonomy), render_record(closed, taxonomy, library=[record, other],
                                                                today=dt.date(2030, 1, 1), cite="<p>Cite</p>\n")):
        assert structure_problems(page) == []
        lines = page.split("\n")
        for fixed in ('<div class="cs-summary" markdown>', '<div class="cs-history" markdown>', "</div>", "</ol>",
                      '<div class="cs-figures" markdown="1">', '<table markdown="1">', '<tbody markdown="1">',
                      "</tbody>", "</table>",
                      "Each figure is shown as the source gives it, with the year it refers to. Figures marked "
                      "\u201cown figure\u201d are the organisation\u2019s own claims, made with its own methods, and "
                      "have not been checked independently.",
                      "This mapping is the site\u2019s own reading of the work, not the organisation\u2019s."):
            assert fixed in lines, fixed
    lines = render_record(closed, taxonomy, library=[record, other], today=dt.date(2030, 1, 1),
                          cite="<p>Cite</p>\n").split("\n")
    assert '!!! warning "This page may be out of date"' in lines and '!!! warning "Status: Closed (last confirmed 2024)"' in lines
    assert f"    This organisation is closed. {S1}" in lines and "<p>Cite</p>" in lines
    assert structure_problems("---\n---\n\n## Heading\nXXXX\n") == ["line 2: '## Heading' then 'XXXX'"]


def test_optional_details_appear_when_given(record, taxonomy):
    metric = dataclasses.replace(record.metrics[0], note="full-time jobs")
    link = dataclasses.replace(record.frameworks[0], note="Our reading.")
    source = dataclasses.replace(record.sources[1], original="https://example.org/original")
    ended = dataclasses.replace(record.services[0], ended=None, status_note=None)
    current = dataclasses.replace(record.services[0], name="Other", commissioner="Other Council", started=None,
                                  ended=None, status="current", status_note=None)
    org = dataclasses.replace(record.organisation, regions=("scotland", "northern-ireland"))
    changed = dataclasses.replace(record, metrics=(metric,), frameworks=(link,), sources=(record.sources[0], source),
                                  services=(ended, current), organisation=org)
    lines = lines_of(changed, taxonomy)
    for expected in [
        '<tr markdown="1">' + cells("People helped into paid work (full\\-time jobs)", "27 people", "2017",
                                    "Economic outcome", "Own figure", S1) + "</tr>",
        "- **Social Value Model \\(2020, PPN 06/20\\)**: [Tackling economic inequality: new businesses, jobs and "
        "skills](outcome/social-value-model-2020--jobs-and-skills.md). Our reading\\.",
        '<li id="source-council-news"><a href="https://www.example.gov.uk/news/bulky-waste">Bulky waste contract '
        "update</a> (Exampletown Borough Council). Read on 24 November 2026. Original: "
        '<a href="https://example.org/original">https://example.org/original</a>.</li>',
        f"    - Bulky waste collection: ended. {S2}",
        "Commissioner: Other Council. Contract status: current.",
        ":   Exampletown Borough Council; Other Council",
        "    This work is in Scotland and Northern Ireland, outside England and Wales. The Public Services "
        "(Social Value) Act 2012 extends to England and Wales only, so it does not apply there.",
    ]:
        assert expected in lines, expected
    assert render_links([record, dataclasses.replace(record, slug="b", name="B", summary="S.")]) == (
        "- [Example Re\\-use Project](example-reuse-project.md): A fictional community re\\-use project that collects "
        "unwanted furniture for a council and trains local people\\.\n- [B](b.md): S\\.")
    with pytest.raises(ValueError, match="only https and mailto links are allowed"):
        href("ftp://example.org")


def test_the_serve_memo_gives_what_render_record_gives_after_any_change_it_reads(real_data):
    """Under `make serve` a record's page comes from socialvalue.render.RenderMemo when nothing it reads changed.
    After a change to the record, to a related case study it lists, to the taxonomy or to the date, the memo's
    page must be render_record's page for the new inputs, never the old one."""
    import copy

    from socialvalue.model import related
    from socialvalue.render import RenderMemo
    memo = RenderMemo()
    library = list(real_data.records)
    record = next(r for r in library if related(r, library))
    args = dict(today=TODAY, changed="2026-11-01", history_url="https://example.org/h", cite="Cite me")

    def both(records, taxonomy=real_data.taxonomy, **changed_args):
        kwargs = {**args, **changed_args}
        target = next(r for r in records if r.slug == record.slug)
        return memo.render(target, taxonomy, records, **kwargs), render_record(target, taxonomy, records, **kwargs)

    first, expected = both(library)
    assert first == expected
    assert both(library) == (first, first) and memo.hits == 1  # unchanged: from the memo
    assert both(library) == (first, first) and memo.hits == 2  # and again: each reuse is counted
    neighbour = related(record, library)[0]
    renamed = [dataclasses.replace(r, name="A renamed neighbour") if r is neighbour else r for r in library]
    got, expected = both(renamed)
    assert got == expected and "A renamed neighbour" in got
    edited = [dataclasses.replace(r, summary="An edited summary, long enough.") if r.slug == record.slug else r
              for r in renamed]
    got, expected = both(edited)
    assert got == expected and "An edited summary" in got
    taxonomy = copy.deepcopy(real_data.taxonomy)
    sector = record.sectors[0]
    taxonomy.vocabularies["sectors"][sector]["label"] = "A relabelled sector"
    got, expected = both(edited, taxonomy)
    assert got == expected and "A relabelled sector" in got
    for changed_args in ({"changed": "2026-11-02"}, {"history_url": None}, {"cite": "Cite me again"},
                         {"today": dt.date(2040, 1, 1)}):
        both(edited, taxonomy)  # remembered with the other inputs as they were
        got, expected = both(edited, taxonomy, **changed_args)
        assert got == expected, changed_args


def test_text_for_raw_html_escapes_markup_keeps_quotes_and_flattens_white_space():
    """render.text: a record's name or summary inside finished HTML (the topic pages' lists)."""
    assert text('A "quoted" <b>bold</b> & it\'s') == 'A "quoted" &lt;b&gt;bold&lt;/b&gt; &amp; it\'s'
    assert text("  two\n  lines\t here  ") == "two lines here"
    assert text(2024) == "2024"
