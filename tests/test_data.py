"""The real case-study records: all valid, each complete enough to publish."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import ROOT

from socialvalue import record_files

RECORDS = sorted(p.stem for p in record_files([ROOT / "data"]))


def test_every_real_record_is_valid(real_data):
    assert [str(p) for p in real_data.library.problems] == []
    assert len(real_data.records) == len(RECORDS) >= 3


@pytest.mark.parametrize("slug", RECORDS)
def test_record_has_enough_evidence(slug, real_data):
    case = next(r for r in real_data.records if r.slug == slug)
    assert len(case.metrics) >= 3, "a case study needs at least three sourced figures"
    assert len(case.sources) >= 2, "a case study needs at least two sources"
    ids = {s.id for s in case.sources}
    assert all(m.source in ids for m in case.metrics)
    assert all(s.url.startswith("https://") for s in case.sources)
    cited = Counter(m.source for m in case.metrics)
    cited.update(i for claims in case.social_value.values() for c in claims for i in c.sources)
    cited.update(i for s in case.services for i in s.sources)
    cited.update(i for c in case.limitations for i in c.sources)
    cited[case.organisation.status.source] += 1
    cited[case.organisation.legal_form_source] += 1
    unused = sorted(ids - set(cited))
    assert unused == [], f"sources listed but never cited: {unused}"


@pytest.mark.parametrize("slug", RECORDS)
def test_record_file_starts_with_the_schema_line(slug):
    first = (ROOT / "data" / "case-studies" / f"{slug}.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../case-study.schema.json"
