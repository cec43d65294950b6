"""The CSV export on records whose every column is written out by hand: the header, each value, the quoting.
CSV_HEADER is also the list the built site's CSV is checked against (test_sharing.py)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from conftest import ROOT, TODAY, VALID_RECORD

from socialvalue.exports import CSV_COLUMNS, library_csv
from socialvalue.validation import load_library

# Written out, not read from the code: dropping, renaming or reordering a column must fail a test.
CSV_HEADER = [
    "slug", "url", "name", "summary", "kind", "legal_form", "legal_form_detail", "body_type", "place", "regions",
    "nations", "sectors", "beneficiaries", "stages", "status", "status_as_of", "founded", "website",
    "commissioners", "services", "figures", "sources", "added", "reviewed", "former_slugs",
]

# Fields of a record (data/case-study.schema.json) and where each one is in the CSV. A field that is only in
# the JSON export says so; a new schema field fails test_every_schema_field_has_a_place until it is listed.
SCHEMA_FIELDS_IN_CSV = {
    "name": "name", "summary": "summary", "kind": "kind", "sectors": "sectors", "beneficiaries": "beneficiaries",
    "stages": "stages", "added": "added", "reviewed": "reviewed", "former_slugs": "former_slugs",
    "services": "services (a count) and commissioners", "metrics": "figures (a count)",
    "sources": "sources (a count)", "social_value": "JSON only (free text)", "frameworks": "JSON only",
    "limitations": "JSON only (free text)", "lessons": "JSON only (free text)",
    "organisation": "below",
}
ORGANISATION_FIELDS_IN_CSV = {
    "legal_form": "legal_form", "legal_form_detail": "legal_form_detail", "body_type": "body_type",
    "legal_form_source": "JSON only (a source id)", "regions": "regions and nations", "place": "place",
    "website": "website", "founded": "founded", "status": "status and status_as_of",
}


@pytest.fixture(scope="module")
def record(taxonomy, schema):
    library = load_library(VALID_RECORD.parent, taxonomy, schema, today=TODAY, files=[VALID_RECORD])
    assert library.problems == []
    return library.records[0]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_header_is_every_column_in_order(record, taxonomy):
    text = library_csv([record], taxonomy, "https://example.org/")
    assert rows(text)[0] == CSV_HEADER
    assert [name for name, _ in CSV_COLUMNS] == CSV_HEADER  # the open-data page describes the same columns
    assert all(description.strip() for _, description in CSV_COLUMNS)


def test_every_column_of_a_record(record, taxonomy):
    text = library_csv([record], taxonomy, "https://example.org/")
    assert text.split("\r\n")[0] == ",".join(CSV_HEADER) and text.endswith("\r\n")
    assert rows(text)[1] == [
        "example-reuse-project",
        "https://example.org/case-studies/example-reuse-project/",
        "Example Re-use Project",
        "A fictional community re-use project that collects unwanted furniture for a council and trains local people.",
        "provider", "community-interest-company", "", "", "Exampletown",
        "north-west; scotland", "england; scotland",
        "waste-and-re-use", "disabled-people; unemployed-people", "award; contract-management",
        "active", "2024", "2001", "https://www.example.org",
        "Exampletown Borough Council", "1", "3", "2",
        "2026-11-24", "2026-11-24", "",
    ]
    assert len(rows(text)) == 2


def test_lists_counts_and_quoting(record, taxonomy):
    org = dataclasses.replace(record.organisation, legal_form_detail='Company 123, "the trust"',
                              body_type="local-authority", website=None, founded=None, regions=("wales",))
    first = record.services[0]
    services = (first, dataclasses.replace(first, name="Second"),
                dataclasses.replace(first, commissioner="Other Council"))
    other = dataclasses.replace(record, slug="a-first-slug", organisation=org, services=services, stages=(),
                                former_slugs=("old-name", "older-name"), summary="Line one,\nline two.")
    text = library_csv([record, other], taxonomy, "https://example.org/site/")
    assert 'Company 123, ""the trust""' in text  # RFC 4180: quotes doubled inside a quoted field
    table = rows(text)
    assert [row[0] for row in table[1:]] == ["a-first-slug", "example-reuse-project"]  # sorted by slug
    row = dict(zip(CSV_HEADER, table[1]))
    assert row == {**row, "url": "https://example.org/site/case-studies/a-first-slug/",
                   "summary": "Line one,\nline two.", "legal_form_detail": 'Company 123, "the trust"',
                   "body_type": "local-authority", "regions": "wales", "nations": "wales", "stages": "",
                   "founded": "", "website": "", "commissioners": "Exampletown Borough Council; Other Council",
                   "services": "3", "former_slugs": "old-name; older-name"}


def test_every_schema_field_has_a_place():
    schema = json.loads((ROOT / "data" / "case-study.schema.json").read_text(encoding="utf-8"))
    assert sorted(schema["properties"]) == sorted(SCHEMA_FIELDS_IN_CSV)
    organisation = schema["properties"]["organisation"]
    if "$ref" in organisation:
        organisation = schema["$defs"][organisation["$ref"].rsplit("/", 1)[1]]
    assert sorted(organisation["properties"]) == sorted(ORGANISATION_FIELDS_IN_CSV)
    for where in (*SCHEMA_FIELDS_IN_CSV.values(), *ORGANISATION_FIELDS_IN_CSV.values()):
        first = where.split(" ")[0]
        assert first in CSV_HEADER or first in ("JSON", "below"), where
