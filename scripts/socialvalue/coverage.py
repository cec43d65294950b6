"""What the library covers: counts of case studies by nation, region, sector, kind of body, legal form,
latest figure year and status, with every term of the taxonomy listed, so a gap shows as a 0."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from .model import CaseStudy
from .taxonomy import Taxonomy

RECENT_FROM = 2022  # "a figure from 2022 or later"


def latest_figure_year(record: CaseStudy, today: dt.date | None = None) -> int | None:
    """The latest year any figure refers to: the end year of a period ("2021/22" -> 2022, "2019-2023" -> 2023).
    Years after this one (a target "by 2030") are not counted: they say when, not how recent, a figure is."""
    this_year = (today or dt.date.today()).year
    years = []
    for metric in record.metrics:
        found = [int(y) for y in re.findall(r"\d{4}", metric.year)]
        short = re.fullmatch(r"(\d{4})/(\d{2})", metric.year.strip())
        if short:
            found.append(int(short.group(1)[:2] + short.group(2)))
        years += found
    years = [y for y in years if y <= this_year]
    return max(years) if years else None


def ended_or_closed(record: CaseStudy) -> bool:
    """Something stopped: the organisation closed or merged, or one of its contracts ended."""
    return record.organisation.status.value in ("closed", "merged") or any(
        s.status == "ended" for s in record.services)


@dataclass(frozen=True)
class Dimension:
    title: str
    vocabulary: str | None  # taxonomy vocabulary whose every term is listed, or None for computed keys
    values: Callable[[CaseStudy, Taxonomy], Iterable[str]]


def _year_band(record: CaseStudy, taxonomy: Taxonomy) -> tuple[str, ...]:
    year = latest_figure_year(record)
    if year is None:
        return ("no figure",)
    return (str(year) if year >= RECENT_FROM else f"before {RECENT_FROM}",)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("Nation", "nations", lambda r, t: r.nations(t)),
    Dimension("Region", "regions", lambda r, t: r.regions),
    Dimension("Kind", "kinds", lambda r, t: (r.kind,)),
    Dimension("Kind of public body", "body_types",
              lambda r, t: (r.organisation.body_type,) if r.organisation.body_type else ()),
    Dimension("Sector", "sectors", lambda r, t: r.sectors),
    Dimension("Legal form", "legal_forms", lambda r, t: (r.organisation.legal_form,)),
    Dimension("Status", "statuses", lambda r, t: (r.organisation.status.value,)),
    Dimension("Latest figure year", None, _year_band),
)


def table(dimension: Dimension, records: list[CaseStudy], taxonomy: Taxonomy) -> list[tuple[str, int]]:
    """(label, number of case studies) for every term of the dimension, zeros included, in taxonomy order."""
    counts = Counter(key for r in records for key in dict.fromkeys(dimension.values(r, taxonomy)))
    if dimension.vocabulary is None:
        # Years newest first, then the older band, then records with no dated figure.
        return sorted(counts.items(), key=lambda kv: (not kv[0].isdigit(), kv[0] == "no figure", -int(kv[0])
                                                       if kv[0].isdigit() else 0))
    return [(taxonomy.label(dimension.vocabulary, k), counts.get(k, 0)) for k in taxonomy.keys(dimension.vocabulary)]


@dataclass(frozen=True)
class Target:
    text: str
    wanted: int
    have: int

    @property
    def met(self) -> bool:
        return self.have >= self.wanted


def targets(records: list[CaseStudy], taxonomy: Taxonomy) -> list[Target]:
    """The library's spread goals (issue 14), each with what the library has now."""
    def count(pred: Callable[[CaseStudy], bool]) -> int:
        return sum(1 for r in records if pred(r))

    english = [k for k in taxonomy.keys("regions") if taxonomy.nation_of(k) == "england"]
    public = [r for r in records if r.kind == "commissioner"]
    providers = [r for r in records if r.kind == "provider"]
    out = [Target("case studies in all", 65, len(records))]
    for nation in ("wales", "scotland", "northern-ireland"):
        out.append(Target(f"in {taxonomy.label('nations', nation)}", 5, count(lambda r: nation in r.nations(taxonomy))))
    out.append(Target("English regions with at least 3", len(english),
                      sum(1 for k in english if count(lambda r: k in r.regions) >= 3)))
    out.append(Target("public bodies", 16, len(public)))
    out.append(Target("kinds of public body", 6, len({r.organisation.body_type for r in public})))
    out.append(Target("providers", 30, len(providers)))
    out.append(Target("sectors among providers", 10, len({s for r in providers for s in r.sectors})))
    out.append(Target(f"with a figure from {RECENT_FROM} or later", 40,
                      count(lambda r: (latest_figure_year(r) or 0) >= RECENT_FROM)))
    out.append(Target("where an organisation closed or merged, or a contract ended", 8, count(ended_or_closed)))
    return out
