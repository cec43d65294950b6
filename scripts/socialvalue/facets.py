"""Facets: the ways a reader can narrow the case-study library (sector, region, who benefits...).

Each facet has a URL segment, which is also its query parameter on the filterable index
(`/case-studies/?sector=health-and-care`) and the folder of its static term pages
(`/case-studies/sector/health-and-care/`). Keys come from data/taxonomy.yml and never change once published.
"""

from __future__ import annotations

import operator

from dataclasses import dataclass
from typing import Callable

from .model import CaseStudy
from .taxonomy import Taxonomy

# Framework outcomes are keyed "<framework>--<outcome>", one flat key per outcome.
OUTCOME_JOIN = "--"


@dataclass(frozen=True)
class Facet:
    key: str  # URL segment and query parameter
    label: str  # 'Sector', as a filter's name
    heading: str  # 'By sector', as a section heading
    vocabulary: str  # taxonomy vocabulary the keys come from
    values: Callable[[CaseStudy, Taxonomy], tuple[str, ...]]


def _outcomes(record: CaseStudy, taxonomy: Taxonomy) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{f.framework}{OUTCOME_JOIN}{f.outcome}" for f in record.frameworks))


FACETS: tuple[Facet, ...] = (
    Facet("heading", "Social value heading", "By social value heading", "headings", lambda r, t: r.headings),
    Facet("sector", "Sector", "By sector", "sectors", lambda r, t: r.sectors),
    Facet("nation", "Nation", "By nation", "nations", lambda r, t: r.nations(t)),
    Facet("region", "Region", "By region", "regions", lambda r, t: r.regions),
    Facet("beneficiary", "Who benefits", "By who benefits", "beneficiaries", lambda r, t: r.beneficiaries),
    Facet("legal-form", "Legal form", "By legal form", "legal_forms",
          lambda r, t: (r.organisation.legal_form,)),
    Facet("public-body", "Kind of public body", "By kind of public body", "body_types",
          lambda r, t: (r.organisation.body_type,) if r.organisation.body_type else ()),
    Facet("outcome", "Framework outcome", "By measurement framework outcome", "frameworks", _outcomes),
    Facet("status", "Organisation status", "By organisation status", "statuses",
          lambda r, t: (r.organisation.status.value,)),
)
BY_KEY = {f.key: f for f in FACETS}


@dataclass(frozen=True)
class Term:
    facet: Facet
    key: str
    label: str
    description: str | None
    records: tuple[CaseStudy, ...]

    @property
    def src_uri(self) -> str:
        """The generated page's source path, inside the docs folder."""
        return f"case-studies/{self.facet.key}/{self.key}.md"


def facet_terms(facet: Facet, taxonomy: Taxonomy) -> list[tuple[str, str, str | None]]:
    """(key, label, description) for every term of a facet, in the taxonomy's order."""
    if facet.vocabulary == "frameworks":
        out = []
        for fw_key in taxonomy.keys("frameworks"):
            framework = taxonomy.term("frameworks", fw_key)
            for key, outcome in taxonomy.outcomes(fw_key).items():
                out.append((f"{fw_key}{OUTCOME_JOIN}{key}", f"{framework['label']}: {outcome['label']}",
                            outcome.get("description")))
        return out
    return [(k, taxonomy.label(facet.vocabulary, k), taxonomy.term(facet.vocabulary, k).get("description"))
            for k in taxonomy.keys(facet.vocabulary)]


def term_label(facet: Facet, taxonomy: Taxonomy, key: str) -> str:
    if facet.vocabulary == "frameworks":
        fw_key, _, outcome = key.partition(OUTCOME_JOIN)
        return f"{taxonomy.label('frameworks', fw_key)}: {taxonomy.outcomes(fw_key)[outcome]['label']}"
    return taxonomy.label(facet.vocabulary, key)


_last: list = []  # [records, taxonomy, result] of the last call: a build asks for the same grouping many times


def group(records: list[CaseStudy], taxonomy: Taxonomy) -> dict[str, list[Term]]:
    """facet key -> every term of that facet with its records (sorted by name). One pass over the records,
    sorted once. The result of the last call is given again while the records (the same objects, in the same
    order) and the taxonomy (the same object) are unchanged, so callers must not change it."""
    if (_last and _last[1] is taxonomy and len(_last[0]) == len(records)
            and all(map(operator.is_, _last[0], records))):
        return _last[2]
    members: dict[tuple[str, str], list[CaseStudy]] = {}
    for record in sorted(records, key=sort_key):
        for facet in FACETS:
            for value in facet.values(record, taxonomy):
                members.setdefault((facet.key, value), []).append(record)
    out: dict[str, list[Term]] = {}
    for facet in FACETS:
        out[facet.key] = [Term(facet, key, label, description, tuple(members.get((facet.key, key), ())))
                          for key, label, description in facet_terms(facet, taxonomy)]
    _last[:] = [tuple(records), taxonomy, out]
    return out


def sort_key(record: CaseStudy) -> tuple[str, str]:
    """Listings are alphabetical by organisation name; the slug breaks ties, so order never varies."""
    return (record.name.casefold(), record.slug)
