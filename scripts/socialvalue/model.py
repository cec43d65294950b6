"""Typed case-study records, built from validated YAML data. Defaults and derived values live here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .taxonomy import Taxonomy

HEADINGS = ("economic", "social", "environmental")


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    title: str
    publisher: str
    read: str
    published: str | None = None
    original: str | None = None


@dataclass(frozen=True)
class Claim:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    label: str
    value: int | float
    unit: str
    year: str
    heading: str
    type: str
    reported_by: str
    source: str
    qualifier: str = "exactly"
    note: str | None = None

    @property
    def self_reported(self) -> bool:
        return self.reported_by == "organisation"


@dataclass(frozen=True)
class Service:
    name: str
    description: str
    commissioner: str
    status: str
    sources: tuple[str, ...]
    started: int | None = None
    ended: int | None = None
    status_note: str | None = None


@dataclass(frozen=True)
class Status:
    value: str
    as_of: int
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Organisation:
    legal_form: str
    regions: tuple[str, ...]
    place: str
    status: Status
    legal_form_detail: str | None = None
    legal_form_source: str | None = None
    body_type: str | None = None
    website: str | None = None
    founded: int | None = None


@dataclass(frozen=True)
class FrameworkLink:
    framework: str
    outcome: str
    note: str | None = None


@dataclass
class CaseStudy:
    """One organisation's case study. `slug` is the file name and the URL; it never changes."""

    slug: str
    path: str  # repository-relative path of the YAML file, for edit links and messages
    name: str
    summary: str
    kind: str
    organisation: Organisation
    sectors: tuple[str, ...]
    beneficiaries: tuple[str, ...]
    services: tuple[Service, ...]
    social_value: dict[str, tuple[Claim, ...]]
    metrics: tuple[Metric, ...]
    limitations: tuple[Claim, ...]
    sources: tuple[Source, ...]
    added: str
    reviewed: str
    stages: tuple[str, ...] = ()
    frameworks: tuple[FrameworkLink, ...] = ()
    lessons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    former_slugs: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page."""
        return f"case-studies/{self.slug}/"

    @property
    def headings(self) -> tuple[str, ...]:
        """The social value headings this case study has something under, in the Act's order."""
        return tuple(h for h in HEADINGS if self.social_value.get(h))

    @property
    def regions(self) -> tuple[str, ...]:
        return self.organisation.regions

    def nations(self, taxonomy: Taxonomy) -> tuple[str, ...]:
        """Nations derived from regions, without repeats, in order."""
        return tuple(dict.fromkeys(taxonomy.nation_of(r) for r in self.regions))

    def outside_extent(self, taxonomy: Taxonomy) -> tuple[str, ...]:
        """Nations of this record where the Act does not extend (Scotland, Northern Ireland...)."""
        return tuple(n for n in self.nations(taxonomy) if not taxonomy.term("nations", n)["in_extent"])

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


def _claims(items: list[dict[str, Any]] | None) -> tuple[Claim, ...]:
    return tuple(Claim(i["text"], tuple(i.get("sources", ()))) for i in items or ())


def build_record(slug: str, path: str, data: dict[str, Any]) -> CaseStudy:
    """Turn validated data into a CaseStudy. Call only after validation passed."""
    org = data["organisation"]
    return CaseStudy(
        slug=slug,
        path=path,
        name=data["name"],
        summary=data["summary"],
        kind=data["kind"],
        organisation=Organisation(
            legal_form=org["legal_form"],
            regions=tuple(org["regions"]),
            place=org["place"],
            status=Status(**org["status"]),
            legal_form_detail=org.get("legal_form_detail"),
            legal_form_source=org.get("legal_form_source"),
            body_type=org.get("body_type"),
            website=org.get("website"),
            founded=org.get("founded"),
        ),
        sectors=tuple(data["sectors"]),
        beneficiaries=tuple(data["beneficiaries"]),
        services=tuple(Service(**{**s, "sources": tuple(s["sources"])}) for s in data["services"]),
        social_value={h: _claims(data["social_value"].get(h)) for h in HEADINGS},
        metrics=tuple(Metric(**m) for m in data["metrics"]),
        limitations=_claims(data["limitations"]),
        sources=tuple(Source(**s) for s in data["sources"]),
        added=data["added"],
        reviewed=data["reviewed"],
        stages=tuple(data.get("stages", ())),
        frameworks=tuple(FrameworkLink(**f) for f in data.get("frameworks", ())),
        lessons={k: tuple(v) for k, v in (data.get("lessons") or {}).items()},
        former_slugs=tuple(data.get("former_slugs", ())),
    )


def related(record: CaseStudy, records: list[CaseStudy], count: int = 3) -> list[CaseStudy]:
    """The records sharing most terms with this one: sectors weigh most, then who benefits, then place.
    Deterministic: ties go to the name in alphabetical order.
    Score: 3 per shared sector, 2 per shared beneficiary group, 1 per shared region or heading; only
    records scoring above 0 count. Computed from an index of the whole library (see related.py), so a
    page per record does not cost a comparison of every pair in Python."""
    from .related import related_records
    return related_records(record, records, count)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of the month where that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def is_stale(record: CaseStudy, today: dt.date, months: int) -> bool:
    """True when the record's facts were last reviewed more than `months` months before today."""
    return dt.date.fromisoformat(record.reviewed) < months_before(today, months)


def stale(records: list[CaseStudy], today: dt.date, months: int = 12) -> list[CaseStudy]:
    """Records due for review, oldest review first."""
    return sorted((r for r in records if is_stale(r, today, months)), key=lambda r: (r.reviewed, r.slug))
