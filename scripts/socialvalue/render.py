"""Render case-study records to Markdown.

Text from data files is data, never markup: every string goes through `esc` (Markdown and HTML
escaped) or `attr` (HTML attribute escaped), and every URL through `href`. Generated pages carry
`render_macros: false`, so the macros plugin never treats their text as a Jinja template.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

import yaml

from .model import HEADINGS, CaseStudy, Claim, Metric, is_stale, related

# A page whose facts were last reviewed longer ago than this says it may be out of date.
OUT_OF_DATE_MONTHS = 18
# Vocabulary -> facet URL segment (see facets.py), for the links on a case-study page's terms.
TAG_FACETS = {"headings": "heading", "sectors": "sector", "nations": "nation", "regions": "region",
              "beneficiaries": "beneficiary", "legal_forms": "legal-form", "statuses": "status",
              "body_types": "public-body"}
from .taxonomy import Taxonomy

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter, many times faster; same data

# Characters Python-Markdown (with the tables extension) lets a backslash escape.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SPACES = re.compile(r"\s+")
_LINE_START = {":": "&#58;", "~": "&#126;"}


def esc(text: object) -> str:
    """Escape text for Markdown inline content: it renders literally, as one line, with no HTML."""
    return _esc(text if isinstance(text, str) else str(text))


def _escape(text: str) -> str:
    flat = _SPACES.sub(" ", text).strip()
    escaped = html.escape(_MD_SPECIAL.sub(r"\\\1", flat), quote=False)
    # A line starting with ':' would become a definition, one starting with '~~~' a code fence; no backslash
    # escape exists for either, so the first character becomes an HTML entity.
    if escaped[:1] in _LINE_START:
        escaped = _LINE_START[escaped[0]] + escaped[1:]
    return escaped


# A record's name and summary are escaped for its page, each topic page and the lists, so the results are kept.
# Wrapped rather than decorated, so that mutation testing (which leaves decorated functions alone) reaches it;
# tests/conftest.py empties the cache before each test.
_esc = lru_cache(maxsize=1 << 16)(_escape)


def attr(text: object) -> str:
    """Escape text for an HTML attribute or raw-HTML text node."""
    return html.escape(_SPACES.sub(" ", str(text)).strip(), quote=True)


def text(value: object) -> str:
    """Escape text for a raw-HTML text node (quotes may stay as they are there)."""
    return html.escape(_SPACES.sub(" ", str(value)).strip(), quote=False)


def href(url: str) -> str:
    """A validated https URL, percent-encoded so it cannot end a Markdown link or an attribute."""
    if not url.startswith(("https://", "mailto:")):
        raise ValueError(f"refusing to link to {url!r}: only https and mailto links are allowed")
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._")


def long_date(value: str | dt.date) -> str:
    """'2026-01-01' -> '1 January 2026'; '2022-10' -> 'October 2022'; '2022' -> '2022' (GOV.UK style)."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = text.split("-")
    if len(parts) == 3:
        day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        return f"{day.day} {day:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return text


def gbp(value: int | float) -> str:
    """135018 -> '£135,018'; 2.5 -> '£2.5'. Never rounds."""
    return f"£{number(value)}"


def number(value: int | float) -> str:
    """Thousands separators without rounding: 4000 -> '4,000', 0.25 -> '0.25'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    # Decimal(repr()) keeps the digits as written (0.1, not 0.1000000000000000055...); format "f" writes a
    # small or large figure in full (0.00001, not 1e-05).
    whole, _, frac = format(Decimal(repr(value)), "f").partition(".")
    return f"{int(whole):,}.{frac}"


def figure(metric: Metric, taxonomy: Taxonomy) -> str:
    """A metric's value as a reader says it: 'more than 4,000 people', '£2,500,000', '76%'."""
    unit = metric.unit.strip()
    if unit.upper() == "GBP":
        shown = gbp(metric.value)
    elif unit.lower() in ("percent", "%"):
        shown = f"{number(metric.value)}%"
    else:
        shown = f"{number(metric.value)} {unit}"
    qualifier = taxonomy.label("qualifiers", metric.qualifier)
    return f"{qualifier} {shown}".strip()


FIGURE_COLUMNS = ("What was counted", "Figure", "Year", "Kind", "Reported by", "Source")


class RecordPage:
    """Builds the Markdown of one case-study page."""

    def __init__(self, record: CaseStudy, taxonomy: Taxonomy, library: list[CaseStudy] | None = None,
                 today: dt.date | None = None, changed: str | None = None, history_url: str | None = None,
                 cite: str | None = None):
        self.r = record
        self.cite_section = cite
        self.t = taxonomy
        self.library = library or []
        self.today = today
        self.changed = changed
        self.history_url = history_url
        self.numbers = {s.id: i for i, s in enumerate(record.sources, start=1)}

    def cite(self, ids: tuple[str, ...] | list[str]) -> str:
        """Numbered links to the sources list: [1] [3]."""
        return " ".join(f"[\\[{self.numbers[i]}\\]](#source-{i} \"Source {self.numbers[i]}\")" for i in ids)

    def claim(self, claim: Claim) -> str:
        cites = self.cite(claim.sources)
        return f"- {esc(claim.text)}{' ' + cites if cites else ''}"

    def labels(self, vocabulary: str, keys: tuple[str, ...]) -> str:
        return ", ".join(esc(self.t.label(vocabulary, k)) for k in keys)

    def tags(self, vocabulary: str, keys: tuple[str, ...]) -> str:
        """Labels linked to their facet pages (case-studies/<facet>/<key>/), so each term lists its case studies."""
        facet = TAG_FACETS[vocabulary]
        return ", ".join(f"[{esc(self.t.label(vocabulary, k))}]({facet}/{k}.md)" for k in keys)

    def front_matter(self) -> str:
        meta = {
            # Material prints title and description into the page head without escaping them.
            "title": attr(self.r.name),
            "description": attr(self.r.summary),
            "render_macros": False,
            "case_study": self.r.slug,
            "last_reviewed": self.r.reviewed,
            # A search for an organisation's name should put its own page first.
            "search": {"boost": 2},
        }
        return "---\n" + yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False) + "---\n"

    def notices(self) -> list[str]:
        out = []
        if self.today and is_stale(self.r, self.today, OUT_OF_DATE_MONTHS):
            out += ['!!! warning "This page may be out of date"', "",
                    f"    Its facts were last checked on {long_date(self.r.reviewed)}, more than "
                    f"{OUT_OF_DATE_MONTHS} months ago. Check the sources before you rely on it.", ""]
        org = self.r.organisation
        if org.status.value != "active":
            label = self.t.label("statuses", org.status.value)
            note = f" {esc(org.status.note)}" if org.status.note else ""
            out += [f'!!! warning "Status: {attr(label)} (last confirmed {org.status.as_of})"', "",
                    f"    This organisation is {label.lower()}.{note} {self.cite([org.status.source])}", ""]
        ended = [s for s in self.r.services if s.status == "ended"]
        if ended:
            title = "Contract ended" if len(ended) == 1 else "Contracts ended"
            out += [f'!!! note "{title}"', ""]
            for service in ended:
                note = f" {esc(service.status_note)}" if service.status_note else ""
                when = f" in {service.ended}" if service.ended else ""
                out.append(f"    - {esc(service.name)}: ended{when}.{note} {self.cite(service.sources)}")
            out.append("")
        outside = self.r.outside_extent(self.t)
        devolved = [n for n in self.r.nations(self.t) if self.t.term("nations", n).get("law_here")]
        if outside:
            names = esc(" and ".join(self.t.label("nations", n) for n in outside))
            wholly = len(outside) == len(self.r.nations(self.t))
            out += [f'!!! info "{"Outside" if wholly else "Partly outside"} the Act\u2019s extent"', "",
                    f"    {'This work is in' if wholly else 'Part of this work is in'} {names}, outside England and "
                    "Wales. The Public Services (Social Value) Act 2012 extends to England and Wales only, so it "
                    "does not apply there.", ""]
        elif devolved:
            out += ['!!! note "What applies in Wales"', ""]
        for n in devolved:
            term = self.t.term("nations", n)
            out.append(f"    - {esc(term['label'])}: {esc(term['law_here'])} "
                       f"[Read more in Across the UK](../guides/across-the-uk.md#{term['guide_section']}).")
        if devolved:
            out.append("")
        return out

    def summary_box(self) -> list[str]:
        r, org = self.r, self.r.organisation
        rows = [
            ("Type", esc(self.t.label("kinds", r.kind))),
            ("Legal form", self.tags("legal_forms", (org.legal_form,))
             + (f" ({esc(org.legal_form_detail)})" if org.legal_form_detail else "")
             + (f" {self.cite([org.legal_form_source])}" if org.legal_form_source else "")),
            *([("Kind of public body", self.tags("body_types", (org.body_type,)))] if org.body_type else []),
            ("Where", f"{esc(org.place)}; {self.tags('regions', org.regions)}"),
            ("Nation", self.tags("nations", r.nations(self.t))),
            ("Sector", self.tags("sectors", r.sectors)),
            ("Social value", self.tags("headings", r.headings)),
            ("Commissioned by", "; ".join(dict.fromkeys(esc(s.commissioner) for s in r.services))),
            ("Status", f"{self.tags('statuses', (org.status.value,))} (last confirmed {org.status.as_of}) "
                       f"{self.cite([org.status.source])}"),
        ]
        if org.founded:
            rows.append(("Founded", str(org.founded)))
        rows.append(("Social value considered", self.labels("stages", r.stages) if r.stages
                     else "Not documented in the sources"))
        rows.append(("Who benefits", self.tags("beneficiaries", r.beneficiaries)))
        if org.website:
            rows.append(("Website", f"[{esc(org.website)}]({href(org.website)})"))
        out = ['<div class="cs-summary" markdown>', ""]
        for term, detail in rows:
            out += [term, f":   {detail}", ""]
        return out + ["</div>", ""]

    def services(self) -> list[str]:
        title = "The services bought" if self.r.kind == "commissioner" else "The public service"
        out = [f"## {title}", ""]
        for s in self.r.services:
            years = ""
            if s.started and s.ended:
                years = f", {s.started} to {s.ended}"
            elif s.started:
                years = f", since {s.started}"
            status = esc(self.t.label("service_statuses", s.status)).lower()
            # An ended service's note is already in the notice at the top of the page.
            note = f" {esc(s.status_note)}" if s.status_note and s.status != "ended" else ""
            if s.status == "ended":
                note = " See the notice at the top of this page."
            out += [f"### {esc(s.name)}", "", f"{esc(s.description)} {self.cite(s.sources)}", "",
                    f"Commissioner: {esc(s.commissioner)}{years}. Contract status: {status}.{note}", ""]
        return out

    def social_value(self) -> list[str]:
        out = ["## Social value delivered", ""]
        for heading in HEADINGS:
            claims = self.r.social_value.get(heading) or ()
            if claims:
                out += [f"### {self.t.label('headings', heading)}", ""]
                out += [self.claim(c) for c in claims] + [""]
        return out

    def metrics(self) -> list[str]:
        if not self.r.metrics:
            return []
        out = ["## Figures", "",
               "Each figure is shown as the source gives it, with the year it refers to. "
               "Figures marked \u201cown figure\u201d are the organisation\u2019s own claims, "
               "made with its own methods, and have not been checked independently.", "",
               # An HTML table, so each cell carries its column's name: on a phone each row becomes one block
               # per figure, its cells labelled (docs/assets/site.css). The cells hold escaped text only.
               '<div class="cs-figures" markdown="1">', '<table markdown="1">',
               "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in FIGURE_COLUMNS) + "</tr></thead>",
               '<tbody markdown="1">']
        for m in self.r.metrics:
            label = esc(m.label) + (f" ({esc(m.note)})" if m.note else "")
            reporter = "Own figure" if m.self_reported else "Third party"
            kind = (f"{esc(self.t.label('headings', m.heading))} "
                    f"{esc(self.t.label('metric_types', m.type)).lower()}")
            cells = [label, esc(figure(m, self.t)), esc(m.year), kind, reporter, self.cite([m.source])]
            # markdown="span": each cell's escaped Markdown (and its source link) is rendered inline.
            out.append('<tr markdown="1">' + "".join(f'<td data-label="{h}" markdown="span">{c}</td>'
                                                     for h, c in zip(FIGURE_COLUMNS, cells)) + "</tr>")
        return out + ["</tbody>", "</table>", "</div>", ""]

    def frameworks(self) -> list[str]:
        if not self.r.frameworks:
            return []
        out = ["## How it maps to measurement frameworks", "",
               "This mapping is the site\u2019s own reading of the work, not the organisation\u2019s.", ""]
        for link in self.r.frameworks:
            framework = self.t.term("frameworks", link.framework)
            outcome = self.t.outcomes(link.framework)[link.outcome]["label"]
            note = f" {esc(link.note)}" if link.note else ""
            out.append(f"- **{esc(framework['label'])}**: [{esc(outcome)}](outcome/{link.framework}--{link.outcome}.md)."
                       f"{note}")
        return out + [""]

    def limitations(self) -> list[str]:
        out = ["## What did not work, and the limits of the evidence", ""]
        return out + [self.claim(c) for c in self.r.limitations] + [""]

    def lessons(self) -> list[str]:
        groups = [(k, v) for k, v in self.r.lessons.items() if v]
        if not groups:
            return []
        out = ["## Lessons", ""]
        for key, lessons in groups:
            out += [f"### For {key}", ""] + [f"- {esc(text)}" for text in lessons] + [""]
        return out

    def sources(self) -> list[str]:
        out = ["## Sources", "", '<ol class="cs-sources" data-search-exclude>']
        for s in self.r.sources:
            published = f", {attr(long_date(s.published))}" if s.published else ""
            original = (f' Original: <a href="{attr(href(s.original))}">{attr(s.original)}</a>.'
                        if s.original else "")
            out.append(f'<li id="source-{attr(s.id)}"><a href="{attr(href(s.url))}">{attr(s.title)}</a> '
                       f"({attr(s.publisher)}{published}). Read on {attr(long_date(s.read))}.{original}</li>")
        return out + ["</ol>", ""]

    def related(self) -> list[str]:
        others = related(self.r, self.library)
        if not others:
            return []
        # Out of the search index, so a search for another organisation's name finds its own page, not this one.
        out = ['<div class="cs-related" data-search-exclude markdown>', "", "## Related case studies", ""]
        return out + [f"- [{esc(o.name)}]({o.slug}.md): {esc(o.summary)}" for o in others] + ["", "</div>", ""]

    def footer(self) -> list[str]:
        line = f"Added on {long_date(self.r.added)}. Facts last reviewed on {long_date(self.r.reviewed)}."
        if self.changed:
            line += f" File last changed on {long_date(self.changed)}."
        if self.history_url:
            line += f" [See the history of changes to this case study]({href(self.history_url)})."
        return ['<div class="cs-history" markdown>', "", line, "", "</div>", ""]

    def breadcrumbs(self) -> list[str]:
        """A way back that works without JavaScript: the home page and the case-study list. On a visit from a
        topic page or a filtered list, docs/assets/share.js adds or points at the list the reader came from."""
        return ['<nav class="cs-breadcrumbs" aria-label="Breadcrumb" data-search-exclude>'
                '<ol><li><a href="../../">Home</a></li><li><a href="../" data-cs-back>Case studies</a></li>'
                f'<li aria-current="page">{attr(self.r.name)}</li></ol></nav>', ""]

    def markdown(self) -> str:
        body = self.breadcrumbs() + [f"# {esc(self.r.name)}", ""]
        body += self.notices()
        body += [esc(self.r.summary), ""]
        body += self.summary_box()
        body += self.services() + self.social_value() + self.metrics() + self.frameworks()
        body += self.limitations() + self.lessons() + self.related() + self.sources()
        body += [self.cite_section] if self.cite_section else []
        body += self.footer()
        return self.front_matter() + "\n" + "\n".join(body)


def render_record(record: CaseStudy, taxonomy: Taxonomy, library: list[CaseStudy] | None = None,
                  today: dt.date | None = None, changed: str | None = None, history_url: str | None = None,
                  cite: str | None = None) -> str:
    """The Markdown source of a record's page. `library` supplies related case studies; `today` turns on the
    out-of-date notice; `changed` and `history_url` describe the file's history; `cite` is the cite-and-link
    section (socialvalue.share.cite_box), placed after the sources."""
    return RecordPage(record, taxonomy, library, today, changed, history_url, cite).markdown()


class RenderMemo:
    """Under `mkdocs serve`: each record's page as render_record gives it, remembered with a key of everything
    render_record reads (the record, the taxonomy, the related case studies it lists, today, the file's history
    and the cite section), so a save renders again only the records whose page changes. One page per record."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[bytes, str]] = {}  # slug -> (key, Markdown)
        self._taxonomy: tuple[Taxonomy, str] | None = None  # the object itself is kept, so its id is never reused
        self.hits = 0

    def render(self, record: CaseStudy, taxonomy: Taxonomy, library: list[CaseStudy] | None = None,
               today: dt.date | None = None, changed: str | None = None, history_url: str | None = None,
               cite: str | None = None) -> str:
        if self._taxonomy is None or self._taxonomy[0] is not taxonomy:
            self._taxonomy = (taxonomy, hashlib.sha256(repr(taxonomy).encode("utf-8")).hexdigest())
        others = [(o.slug, o.name, o.summary) for o in related(record, library or [])]
        key = hashlib.sha256(repr((self._taxonomy[1], record, others, today, changed, history_url, cite))
                             .encode("utf-8", "surrogatepass")).digest()
        found = self.entries.get(record.slug)
        if found is not None and found[0] == key:
            self.hits += 1
            return found[1]
        text = render_record(record, taxonomy, library, today, changed, history_url, cite)
        self.entries[record.slug] = (key, text)
        return text


def render_links(records: list[CaseStudy], prefix: str = "") -> str:
    """A bulleted list of links to records, with their summaries; `prefix` is the path to case-studies/."""
    return "\n".join(f"- [{esc(r.name)}]({prefix}{r.slug}.md): {esc(r.summary)}" for r in records)

