"""Listings of case studies: the filterable index, one static page per facet term, and build-time charts.

Everything from data is escaped with `attr` or `esc`. The index works without JavaScript: its HTML holds the
first INDEX_PAGE_SIZE case studies, with plain links to static pages of the rest (case-studies/page/<n>/), so
it does not grow with the library. docs/assets/filters.js adds the filters over the whole library: it fetches
a compact list of every case study (INDEX_DATA, written by `index_data`) when the reader first uses them.
"""

from __future__ import annotations

import json
import operator

import yaml

from .facets import BY_KEY, FACETS, Term, group, sort_key
from .model import CaseStudy
from .render import _Dumper, attr, esc, text
from .taxonomy import Taxonomy


def _front(meta: dict) -> str:
    """A generated page's front matter, with libyaml's emitter (render.py does the same for record pages)."""
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _where(record: CaseStudy, taxonomy: Taxonomy) -> str:
    """The item's last line: place (regions) · sectors."""
    regions = ", ".join(taxonomy.label("regions", k) for k in record.regions)
    sectors = ", ".join(taxonomy.label("sectors", k) for k in record.sectors)
    return f"{record.organisation.place} ({regions}) · {sectors}"


def _status(record: CaseStudy, taxonomy: Taxonomy) -> str:
    """The status tag's words ("Closed"), or "" for an active organisation."""
    status = record.organisation.status.value
    return "" if status == "active" else taxonomy.label("statuses", status)


def _item(record: CaseStudy, taxonomy: Taxonomy, prefix: str = "") -> str:
    """One case study in a list: name, status, summary and where. docs/assets/filters.js draws the same
    markup from the index's data file; `prefix` leads from the page to case-studies/."""
    status = _status(record, taxonomy)
    tag = f' <span class="cs-item__status">{attr(status)}</span>' if status else ""
    return (f'<li class="cs-item"><a class="cs-item__name" href="{attr(prefix + record.slug)}/">{attr(record.name)}</a>'
            f'{tag}<p class="cs-item__summary">{attr(record.summary)}</p>'
            f'<p class="cs-item__meta">{attr(_where(record, taxonomy))}</p></li>')


# A generated list page's text is Markdown down to this line and finished HTML after it. The HTML (the list itself,
# most of the page at 1,000 records) is set aside before the conversion and put back after it
# (scripts/hooks.py), so Python-Markdown does not read it: as raw HTML it would only be passed through, at a
# cost. Everything from data in it is escaped with `attr` or `text`; data can never hold this line, whose "<"
# they escape.
FINISHED_HTML = "<!-- finished HTML follows -->"


def split_finished(text: str) -> tuple[str, str | None]:
    """(the Markdown with the line left as a marker where the HTML goes, the HTML), or (text, None)."""
    markdown, found, finished = text.partition(FINISHED_HTML)
    return (markdown + FINISHED_HTML + "\n", finished) if found else (text, None)


# The index shows this many case studies a page: the first page in its HTML, the others as static pages
# (case-studies/page/<n>/) for readers without JavaScript, so no page grows with the library.
INDEX_PAGE_SIZE = 20
# The data file the filters fetch, once, when the reader first uses them: every case study, compactly.
INDEX_DATA = "case-studies/records.json"


def index_pager(number: int, pages: int, count: int, up: str) -> str:
    """Links to the previous and next pages of the whole list; `up` leads from the page to case-studies/.
    The links carry data-page, so the filters' script can turn pages in place instead."""
    first = (number - 1) * INDEX_PAGE_SIZE + 1
    last = min(number * INDEX_PAGE_SIZE, count)

    def url(n: int) -> str:
        return up if n == 1 else f"{up}page/{n}/"

    links = []
    if number > 1:
        links.append(f'<a rel="prev" href="{url(number - 1)}" data-page="{number - 1}">Previous page</a>')
    links.append(f"<span>Page {number} of {pages}, case studies {first} to {last}</span>")
    if number < pages:
        links.append(f'<a rel="next" href="{url(number + 1)}" data-page="{number + 1}">Next page</a>')
    hidden = "" if pages > 1 else " hidden"
    return (f'<nav class="cs-pages" aria-label="Pages of the list" data-cs-pager{hidden}>'
            + " · ".join(links) + "</nav>")


def _filters(terms: dict[str, list[Term]], total: int) -> str:
    """The filter form: one collapsible group of checkboxes per facet, hidden until the script starts."""
    out = ['<form class="cs-filters" data-cs-filters hidden aria-labelledby="cs-filters-title">',
           '<h2 id="cs-filters-title">Filter case studies</h2>',
           '<p class="cs-filters__hint">Choose one or more options. A case study is shown if it matches any '
           "option you chose in a group, and every group you used.</p>"]
    for facet in FACETS:
        used = [t for t in terms[facet.key] if t.records]
        if not used:
            continue
        out.append(f'<details class="cs-facet" data-facet="{attr(facet.key)}"><summary>{attr(facet.label)}'
                   '<span class="cs-facet__chosen" data-chosen></span></summary>' + OPEN_IF_CHOSEN +
                   f'<fieldset><legend class="cs-visually-hidden">{attr(facet.label)}</legend>')
        for t in used:
            out.append(f'<label class="cs-facet__option"><input type="checkbox" name="{attr(facet.key)}" '
                       f'value="{attr(t.key)}"> {attr(t.label)} <span class="cs-facet__count" data-count>'
                       f"({len(t.records)})</span></label>")
        out.append("</fieldset></details>")
    # The live count, a link to the results and "Clear all filters" stay in view at the foot of the screen
    # while the reader works through the groups (position: sticky), so a tick never seems to do nothing.
    out += ['<div class="cs-filters__bar">',
            f'<p class="cs-count" role="status" aria-live="polite" data-cs-count data-total="{total}">'
            f"Showing all {total} {'case study' if total == 1 else 'case studies'}.</p>",
            '<p class="cs-filters__actions"><a class="md-button md-button--primary" href="#cs-results">'
            'Show results</a> <button type="reset" class="md-button" data-cs-clear hidden>'
            "Clear all filters</button></p>", "</div>", "</form>"]
    return "".join(out)


# A shared filtered address opens the groups it names as each group is read, before anything below it exists,
# so nothing moves when docs/assets/filters.js starts (it opens them too, and does the rest). One script after
# each group's summary: a single script after the form let a slow first paint show the groups closed and then
# push the list down. A constant: no data in it.
OPEN_IF_CHOSEN = ('<script>(function (d) { if (new URLSearchParams(window.location.search)'
                  '.has(d.getAttribute("data-facet"))) d.open = true; })(document.currentScript.parentNode);</script>')


def render_filter_index(records: list[CaseStudy], taxonomy: Taxonomy) -> str:
    """The case-study index: filter form (hidden without JavaScript), live count, the first page of the list
    and links to the other pages. Its script, docs/assets/filters.js, is loaded by docs/case-studies/index.md,
    the only page that needs it; it fetches the whole list (INDEX_DATA) when the reader first filters."""
    if not records:
        return "There are no case studies yet."
    ordered = sorted(records, key=sort_key)
    count = len(ordered)
    pages = -(-count // INDEX_PAGE_SIZE)
    noun = "case study" if count == 1 else "case studies"
    data = INDEX_DATA.removeprefix("case-studies/")
    parts = [
        '<div class="cs-index" data-search-exclude>',
        _filters(group(ordered, taxonomy), count),
        f'<h2 id="cs-results" class="cs-visually-hidden" tabindex="-1">The {noun}</h2>',
        f'<ul class="cs-list" data-cs-list data-cs-data="{attr(data)}" data-page-size="{INDEX_PAGE_SIZE}">',
        *(_item(r, taxonomy) for r in ordered[:INDEX_PAGE_SIZE]),
        "</ul>",
        '<p class="cs-none" data-cs-none hidden>No case study matches every filter you chose. '
        "Clear a filter to see more.</p>",
        index_pager(1, pages, count, ""),
        "</div>",
    ]
    return "\n".join(parts)


def index_pages(records: list[CaseStudy], taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(src_uri, markdown) for pages 2 onwards of the whole list, case-studies/page/<n>/: plain lists with
    links to the pages before and after, for readers without JavaScript."""
    ordered = sorted(records, key=sort_key)
    count = len(ordered)
    pages = -(-count // INDEX_PAGE_SIZE)
    out = []
    for number in range(2, pages + 1):
        shown = ordered[(number - 1) * INDEX_PAGE_SIZE:number * INDEX_PAGE_SIZE]
        meta = {"title": f"All case studies (page {number} of {pages})",
                "description": f"Case studies on this site, page {number} of {pages}, in alphabetical order.",
                "render_macros": False, "search": {"exclude": True}}
        body = [f"# All case studies (page {number} of {pages})", "", FINISHED_HTML,
                '<div class="cs-index" data-search-exclude>',
                '<ul class="cs-list">', *(_item(r, taxonomy, "../../") for r in shown), "</ul>",
                index_pager(number, pages, count, "../../"),
                '<p class="cs-facet-links"><a href="../../">All case studies, with filters</a> · '
                '<a href="../../browse/">Browse case studies by topic</a></p>',
                "</div>", ""]
        out.append((f"case-studies/page/{number}.md",
                    "---\n" + _front(meta) + "---\n\n" + "\n".join(body)))
    return out


def index_data(records: list[CaseStudy], taxonomy: Taxonomy) -> str:
    """The filters' data file: every case study in the index's order, as [slug, name, status, summary, where,
    [facet values in FACETS order, each a space-separated string]], with the facet keys. Text is data: the
    script sets it with textContent."""
    ordered = sorted(records, key=sort_key)
    rows = [[r.slug, r.name, _status(r, taxonomy), r.summary, _where(r, taxonomy),
             [" ".join(f.values(r, taxonomy)) for f in FACETS]] for r in ordered]
    return json.dumps({"facets": [f.key for f in FACETS], "records": rows},
                      ensure_ascii=False, separators=(",", ":"))


# Term pages list this many case studies each, so no page grows with the size of the library.
PAGE_SIZE = 50


def render_facet_page(term: Term, taxonomy: Taxonomy, number: int = 1) -> str:
    """The Markdown of page `number` of a term's list: its case studies, linked, with a way back.
    Page 1 is case-studies/<facet>/<term>/; page n is case-studies/<facet>/<term>/<n>/."""
    facet = term.facet
    pages = max(1, -(-len(term.records) // PAGE_SIZE))
    up = "../" * (2 if number == 1 else 3)  # from this page's URL back to case-studies/
    suffix = "" if number == 1 else f" (page {number} of {pages})"
    meta = {"title": attr(f"{facet.label}: {term.label}{suffix}"),
            "description": attr(f"Case studies on this site under {facet.label.lower()}: {term.label}."),
            "render_macros": False,
            # The case-study pages themselves are what search should find.
            "search": {"exclude": True}}
    body = [f"# {esc(facet.label)}: {esc(term.label)}", ""]
    if term.description and number == 1:
        body += [esc(term.description), ""]
    count = len(term.records)
    if count:
        noun = "case study" if count == 1 else "case studies"
        body += [f"{count} {noun} on this site {'is' if count == 1 else 'are'} filed under this "
                 f"{facet.label.lower()}.", ""]
        if pages > 1:
            first = (number - 1) * PAGE_SIZE
            body += [f"This is page {number} of {pages}, showing {first + 1} to "
                     f"{min(first + PAGE_SIZE, count)}.", ""]
    else:
        body += ["There are no case studies under this term yet.", ""]
    body.append(FINISHED_HTML)
    if count:
        shown = term.records[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
        body += ["<ul>", *(f'<li><a href="{up}{attr(r.slug)}/">{text(r.name)}</a>: {text(r.summary)}</li>'
                           for r in shown), "</ul>"]
    if pages > 1:
        here = "./" if number == 1 else "../"  # URL of page 1 from this page
        links = []
        if number > 1:
            links.append(f'<a rel="prev" href="{here}{"" if number == 2 else f"{number - 1}/"}">Previous page</a>')
        if number < pages:
            links.append(f'<a rel="next" href="{here}{number + 1}/">Next page</a>')
        body += ["", '<nav class="cs-pages" aria-label="Pages of this list">' + " · ".join(links) + "</nav>"]
    body += ["", f'<p class="cs-facet-links"><a href="{up}?{attr(facet.key)}={attr(term.key)}">'
             "Combine this with other filters</a> · "
             f'<a href="{up}browse/">Browse case studies by topic</a> · '
             f'<a href="{up}">All case studies</a></p>', ""]
    return "---\n" + _front(meta) + "---\n\n" + "\n".join(body)


def term_pages(term: Term, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(src_uri, markdown) for every page of a term's list."""
    pages = max(1, -(-len(term.records) // PAGE_SIZE))
    out = [(term.src_uri, render_facet_page(term, taxonomy))]
    folder = term.src_uri.removesuffix(".md")
    return out + [(f"{folder}/{n}.md", render_facet_page(term, taxonomy, n)) for n in range(2, pages + 1)]


def render_facet_overview(facet_key: str, records: list[CaseStudy], taxonomy: Taxonomy) -> str:
    """The Markdown of a facet's own page (case-studies/sector/): its terms, linked, with their counts."""
    facet = BY_KEY[facet_key]
    meta = {"title": f"Case studies {facet.heading.lower()}",
            "description": f"Every {facet.label.lower()} used to file case studies on this site, with counts.",
            "render_macros": False, "search": {"exclude": True}}
    # Links in the section are relative to case-studies/; this page's source is case-studies/<facet>/index.md.
    section = render_facet_section(facet_key, records, taxonomy).replace(f"]({facet_key}/", "](")
    body = [f"# Case studies {esc(facet.heading.lower())}", "", section, "",
            '<p class="cs-facet-links"><a href="../browse/">Browse case studies by topic</a> · '
            '<a href="../">All case studies</a></p>', ""]
    return "---\n" + _front(meta) + "---\n\n" + "\n".join(body)


def facet_pages(records: list[CaseStudy], taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(src_uri, markdown) for each facet's own page and every term of every facet, including terms with no
    case study yet, so that each term's URL exists from the day the term is added."""
    pages = [(f"case-studies/{f.key}/index.md", render_facet_overview(f.key, records, taxonomy)) for f in FACETS]
    return pages + [page for terms in group(records, taxonomy).values() for t in terms
                    for page in term_pages(t, taxonomy)]


def facet_link(facet_key: str, key: str, label: str, prefix: str = "") -> str:
    """A Markdown link to a term's page; `prefix` is the path from the linking page to case-studies/."""
    return f"[{esc(label)}]({prefix}{facet_key}/{key}.md)"


def bar_chart(title: str, rows: list[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG. There is no viewBox: the text keeps its size at any width and the
    bars are percentages of it, so the chart stays readable on a phone. Each label sits above its bar.
    Colours come from the stylesheet, so dark mode works. The aria-label carries every figure."""
    label_h, bar_h, gap, longest = 18, 14, 12, 85.0
    row_h = label_h + bar_h + gap
    height = row_h * len(rows)
    most = max((n for _, n in rows), default=0) or 1
    summary = "; ".join(f"{label}: {n}" for label, n in rows)
    out = [f'<svg class="cs-chart" width="100%" height="{height}" role="img" '
           f'aria-label="{attr(title)}. {attr(summary)}." xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n) in enumerate(rows):
        y = i * row_h
        share = round(longest * n / most, 2)
        out.append(f'<text class="cs-chart__label" x="0" y="{y + 13}">{attr(label)}</text>')
        out.append(f'<rect class="cs-chart__bar" x="0" y="{y + label_h}" width="{share}%" height="{bar_h}"/>')
        out.append(f'<text class="cs-chart__value" x="{share}%" dx="6" y="{y + label_h + 12}">{n}</text>')
    out.append("</svg>")
    return "".join(out)


def render_facet_section(facet_key: str, records: list[CaseStudy], taxonomy: Taxonomy,
                         chart: bool = False) -> str:
    """For the browse page: optionally a chart, then the list of terms with their counts, linked to their pages.
    The list is the chart's text alternative. Terms with no case study are listed at the end, unlinked counts."""
    terms = group(records, taxonomy)[facet_key]
    used = [t for t in terms if t.records]
    out = []
    if chart and used:
        title = f"Number of case studies {terms[0].facet.heading.lower()}"
        # One raw HTML block (no blank lines, no markdown attribute): Markdown extensions such as abbr must not
        # reach inside the SVG, where an <abbr> element is invalid.
        out += ['<figure class="cs-figure">' + bar_chart(title, [(t.label, len(t.records)) for t in used])
                + f"<figcaption>{attr(title)}. The list below gives the same figures.</figcaption></figure>", ""]
    out += [f"- {facet_link(facet_key, t.key, t.label)}: {len(t.records)}" for t in used]
    empty = [t for t in terms if not t.records]
    if empty:
        out += ["", "No case studies yet: " + ", ".join(facet_link(facet_key, t.key, t.label) for t in empty) + "."]
    # Out of the search index, like every listing, so a search for a topic finds the case studies first.
    return '<div class="cs-facet-terms" data-search-exclude markdown>\n\n' + "\n".join(out) + "\n\n</div>"



class ListingMemo:
    """Under `mkdocs serve`: the topic and list pages and the filters' data file, made again only when the
    records or the taxonomy changed. An unchanged record is the same object from save to save (socialvalue.cache),
    so the records are compared by identity, in order; the taxonomy by value."""

    def __init__(self) -> None:
        self._inputs: tuple[tuple[CaseStudy, ...], Taxonomy] | None = None
        self._outputs: tuple[list[tuple[str, str]], str] | None = None

    def pages_and_data(self, records: list[CaseStudy], taxonomy: Taxonomy) -> tuple[list[tuple[str, str]], str]:
        """(facet_pages + index_pages, index_data), as those functions give them."""
        same = (self._inputs is not None and len(self._inputs[0]) == len(records)
                and all(map(operator.is_, self._inputs[0], records)) and self._inputs[1] == taxonomy)
        if not same or self._outputs is None:
            self._outputs = (facet_pages(records, taxonomy) + index_pages(records, taxonomy),
                             index_data(records, taxonomy))
            self._inputs = (tuple(records), taxonomy)
        return self._outputs
