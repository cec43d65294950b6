"""Related case studies for every page without comparing every pair of records in Python.

The score of two records (see model.related) is 3 per shared sector, 2 per shared beneficiary group and
1 per shared region or social value heading. Each term becomes as many bits as its weight in one integer
per record, so a score is one AND and one bit count, done in C over the whole library at once. The
library is indexed once and reused while the same list of records is passed in.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .model import CaseStudy

WEIGHTS = (("sectors", 3), ("beneficiaries", 2), ("regions", 1), ("headings", 1))


class RelatedIndex:
    """Bit masks of every record's terms, in tie-break order (name, then slug)."""

    def __init__(self, records: list[CaseStudy]):
        self.snapshot = tuple(records)
        self.bits: dict[tuple[str, str, int], int] = {}
        self.order = sorted(records, key=lambda r: (r.name.casefold(), r.slug))
        self.masks = [self.mask(r) for r in self.order]
        self.positions: dict[str, list[int]] = {}
        for i, record in enumerate(self.order):
            self.positions.setdefault(record.slug, []).append(i)

    def mask(self, record: CaseStudy) -> int:
        """One bit per (field, term, copy); a term shared with another record adds its weight in bits."""
        value = 0
        for name, weight in WEIGHTS:
            for term in set(getattr(record, name)):
                for copy in range(weight):
                    key = (name, term, copy)
                    if key not in self.bits:
                        self.bits[key] = len(self.bits)
                    value |= 1 << self.bits[key]
        return value

    def related(self, record: CaseStudy, count: int = 3) -> list[CaseStudy]:
        """The `count` best-scoring other records; ties go to the name in alphabetical order, then the slug."""
        mask = self.mask(record)
        scores = list(map(int.bit_count, map(mask.__and__, self.masks)))
        for i in self.positions.get(record.slug, ()):
            scores[i] = 0  # never the record itself
        found: list[CaseStudy] = []
        for score in sorted(set(scores), reverse=True):
            if score <= 0 or len(found) >= count:
                break
            start = 0
            while len(found) < count:
                try:
                    start = scores.index(score, start)  # the next record with this score, in tie-break order
                except ValueError:
                    break
                found.append(self.order[start])
                start += 1
        return found


_cache: RelatedIndex | None = None


def _same(snapshot: tuple[CaseStudy, ...], records: list[CaseStudy]) -> bool:
    """The same record objects in the same order. By identity, not ==: under `mkdocs serve` each rebuild has
    new, equal records, and comparing them field by field on every page cost a second per record at 1,000
    records (the index is simply made again for the new objects)."""
    return len(snapshot) == len(records) and all(map(operator.is_, snapshot, records))


def related_records(record: CaseStudy, records: list[CaseStudy], count: int = 3) -> list[CaseStudy]:
    """model.related, with the index of `records` kept while the same records are passed in the same order."""
    global _cache
    if _cache is None or not _same(_cache.snapshot, records):
        _cache = RelatedIndex(records)
    return _cache.related(record, count)
