"""The CSV export on records whose every column is written out by hand: the header, each value, the quoting.
CSV_HEADER is also the list the built site's CSV is checked against (test_sharing.py)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from conftest import MODEL_SCOPE, ROOT, TODAY, VALID_RECORD

import socialvalue.exports
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


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch):
    """Each test starts with no field names remembered (exports._FIELDS), as a fresh build does: `make mutation`
    runs each planted bug in a process forked from one whose tests already filled them in, which would hide a
    bug in how they are worked out."""
    monkeypatch.setattr(socialvalue.exports, "_FIELDS", {})


@pytest.fixture(scope=MODEL_SCOPE)
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


# The JSON file, the feed and the sitemap dates, on the fixture record and changed copies of it ------------------

def test_the_json_file_is_laid_out_as_json_dumps_lays_it_out_and_a_remembered_record_is_never_stale(record):
    """library_json writes the file one record at a time and remembers each record's text between builds of one
    process (mkdocs serve); the bytes must be those of json.dumps(indent=2) of the whole document, every time."""
    from socialvalue.exports import LICENCE, LICENCE_URL, library_json, record_data

    def expected(records):
        items = [{"slug": r.slug, "url": f"https://e.org/{r.url}", **record_data(r)}
                 for r in sorted(records, key=lambda r: r.slug)]
        document = {"title": "S: case studies", "licence": LICENCE, "licence_url": LICENCE_URL,
                    "attribution": "S, https://e.org/", "schema": "https://e.org/data/case-study.schema.json",
                    "count": len(items), "case_studies": items}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    later = dataclasses.replace(record, slug="a-later-slug", name="Caf\u00e9 \"quoted\"\nname")
    memo: dict = {}
    for records in ([], [record], [record, later], [record, later]):  # the last one from what was remembered
        assert library_json(records, "https://e.org/", "S") == expected(records)
        assert library_json(records, "https://e.org/", "S", memo) == expected(records)
    assert len(memo) == 2
    changed = dataclasses.replace(later, summary="A changed summary, as a save under mkdocs serve makes it.")
    assert library_json([record, changed], "https://e.org/", "S", memo) == expected([record, changed])
    assert '"url": "https://e.org/other/case-studies/' in library_json([record, changed], "https://e.org/other/", "S", memo)

def test_the_json_file_holds_each_record_with_its_slug_url_and_licence(record):
    from socialvalue.exports import library_json
    later = dataclasses.replace(record, slug="a-later-slug", stages=(), former_slugs=("old-one",))
    text = library_json([record, later], "https://example.org/site/", "Example Site")
    assert text.endswith("}\n") and "\n  \"title\"" in text  # indented, one line per field
    data = json.loads(text)
    assert {k: v for k, v in data.items() if k != "case_studies"} == {
        "title": "Example Site: case studies", "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "attribution": "Example Site, https://example.org/site/",
        "schema": "https://example.org/site/data/case-study.schema.json", "count": 2}
    first, second = data["case_studies"]
    assert (first["slug"], first["url"]) == ("a-later-slug", "https://example.org/site/case-studies/a-later-slug/")
    assert second["slug"] == "example-reuse-project" and list(second)[:3] == ["slug", "url", "name"]
    assert "path" not in second and "stages" not in first and first["former_slugs"] == ["old-one"]
    assert "former_slugs" not in second and second["stages"] == ["award", "contract-management"]
    assert second["social_value"] == {
        "economic": [{"text": "Trains local people and helps some into paid work.", "sources": ["annual-report"]}],
        "environmental": [{"text": "Keeps furniture out of landfill by passing it on.",
                           "sources": ["annual-report", "council-news"]}]}
    assert second["organisation"]["status"] == {"value": "active", "as_of": 2024, "source": "annual-report"}
    assert "legal_form_detail" not in second["organisation"]  # unset optional fields are left out
    assert second["metrics"][1] == {"label": "Waste diverted from landfill", "value": 120, "unit": "tonnes",
                                    "year": "2017/18", "heading": "environmental", "type": "output",
                                    "reported_by": "third-party", "source": "council-news",
                                    "qualifier": "more-than"}
    assert second["lessons"] == {"commissioners": ["Agree how social value will be measured before the contract starts."]}
    no_lessons = dataclasses.replace(record, lessons={})
    assert "lessons" not in json.loads(library_json([no_lessons], "https://e.org/", "S"))["case_studies"][0]


def test_the_feed_lists_new_and_reviewed_case_studies_newest_first(record):
    import xml.etree.ElementTree as ET

    from socialvalue.exports import atom_feed
    reviewed = dataclasses.replace(record, slug="reviewed-one", name="Reviewed & Co", added="2025-01-02",
                                   reviewed="2026-11-20")
    older = dataclasses.replace(record, slug="older-one", name="Older", added="2024-05-06", reviewed="2024-05-06")
    text = atom_feed([older, record, reviewed], "https://example.org/", "Example Site")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')
    assert text.endswith("</feed>\n") and 'xml:lang="en-GB"' in text
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(text)
    assert root.findtext(f"{atom}id") == "https://example.org/feed.xml"
    assert root.findtext(f"{atom}title") == "Example Site: what's new"  # guidance updates and case studies together
    assert root.findtext(f"{atom}updated") == "2026-11-24T00:00:00Z"
    assert root.findtext(f"{atom}author/{atom}name") == "Example Site"
    assert root.findtext(f"{atom}author/{atom}uri") == "https://example.org/"
    assert [(link.get("rel"), link.get("type"), link.get("href")) for link in root.findall(f"{atom}link")] == [
        ("self", "application/atom+xml", "https://example.org/feed.xml"),
        ("alternate", "text/html", "https://example.org/whats-new/")]  # the page that lists the same items
    assert root.findtext(f"{atom}subtitle") == (
        "Changes to the guidance on the law, case studies added to the library, and case studies whose facts were "
        "checked again.")
    assert root.findtext(f"{atom}rights") == "Content and data under CC BY 4.0: https://creativecommons.org/licenses/by/4.0/"
    entries = root.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == [
        "Example Re-use Project", "Reviewed & Co (facts reviewed)", "Older"]
    new, again = entries[0], entries[1]
    assert new.findtext(f"{atom}id") == "https://example.org/case-studies/example-reuse-project/"
    assert [(link.get("rel"), link.get("type"), link.get("href")) for link in new.findall(f"{atom}link")] == [
        ("alternate", "text/html", "https://example.org/case-studies/example-reuse-project/")]
    assert (new.findtext(f"{atom}published"), new.findtext(f"{atom}updated")) == (
        "2026-11-24T00:00:00Z", "2026-11-24T00:00:00Z")
    assert (new.find(f"{atom}category").get("term"), new.find(f"{atom}category").get("label")) == (
        "new", "New case study")
    assert (again.findtext(f"{atom}published"), again.findtext(f"{atom}updated")) == (
        "2025-01-02T00:00:00Z", "2026-11-20T00:00:00Z")
    assert (again.find(f"{atom}category").get("term"), again.find(f"{atom}category").get("label")) == (
        "reviewed", "Facts reviewed")
    assert again.findtext(f"{atom}summary") == (
        "A fictional community re-use project that collects unwanted furniture for a council and trains local "
        "people. Added on 2 January 2025. Facts last reviewed on 20 November 2026.")
    empty = ET.fromstring(atom_feed([], "https://example.org/", "Example Site"))
    assert empty.findtext(f"{atom}updated") == "2012-03-08T00:00:00Z" and empty.findall(f"{atom}entry") == []


def test_the_feed_keeps_the_newest_fifty(record):
    import xml.etree.ElementTree as ET

    from socialvalue.exports import atom_feed
    many = [dataclasses.replace(record, slug=f"r-{i:02d}", added=f"2026-01-{1 + i % 28:02d}",
                                reviewed=f"2026-01-{1 + i % 28:02d}") for i in range(60)]
    entries = ET.fromstring(atom_feed(many, "https://example.org/", "S")).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 50
    assert entries[0].findtext("{http://www.w3.org/2005/Atom}id").endswith("/r-55/")  # 28 Jan, highest slug first


@pytest.mark.parametrize("added,reviewed,changed,expected", [
    ("2025-01-01", "2026-02-03", None, "2026-02-03"),
    ("2025-01-01", "2025-01-01", "2026-05-06", "2026-05-06"),
    ("2025-01-01", "2026-02-03", "2025-06-07", "2026-02-03"),
])
def test_a_case_study_page_changed_on_its_latest_date(record, added, reviewed, changed, expected):
    from socialvalue.exports import entry_date, record_lastmod
    changed_record = dataclasses.replace(record, added=added, reviewed=reviewed)
    assert record_lastmod(changed_record, changed) == expected
    assert entry_date(changed_record) == max(added, reviewed)


def test_a_hand_written_page_uses_its_review_date_then_its_history_then_the_fallback():
    from socialvalue.exports import page_lastmod
    assert page_lastmod("2026-11-24", "2026-01-01", "2020-01-01") == "2026-11-24"
    assert page_lastmod(None, "2026-01-01", "2020-01-01") == "2026-01-01"
    assert page_lastmod("", None, "2020-01-01") == "2020-01-01"


def test_the_json_file_keeps_non_ascii_text_readable_and_urls_whole(record):
    from socialvalue.exports import library_json
    cafe = dataclasses.replace(record, name="Café £5 – “quoted”")
    text = library_json([cafe], "https://example.org/BOX/", "Site")
    assert '"name": "Café £5 – “quoted”"' in text  # not \u escapes
    assert json.loads(text)["case_studies"][0]["url"] == "https://example.org/BOX/case-studies/example-reuse-project/"
    # The file's head (written apart from the records) too, with or without records: a site name from mkdocs.yml.
    for records in ([cafe], []):
        text = library_json(records, "https://example.org/", "Gwerth cymdeithasol – Site")
        assert '"title": "Gwerth cymdeithasol – Site: case studies"' in text
        assert '"attribution": "Gwerth cymdeithasol – Site, https://example.org/"' in text


def test_the_feed_has_an_entry_for_each_guidance_update_among_the_case_studies(record):
    """Each update in a guidance page's history is an entry, newest first with the case studies; on the same day
    a guidance update comes before a case study. The record is added and reviewed on 24 November 2026."""
    import xml.etree.ElementTree as ET

    from socialvalue.changes import PageHistory, Update
    from socialvalue.exports import atom_feed
    timeline = PageHistory("the-act/timeline.md", "Timeline of the Act", "2025-06-01",
                           updates=(Update("2026-11-25", "Added the 2026 thresholds."),
                                    Update("2025-09-15", "Corrected the date of the 2020 amendment.")))
    about = PageHistory("about.md", "About this site", "2025-01-01",
                        updates=(Update("2026-11-24", "Named who checks the facts."),))
    text = atom_feed([record], "https://example.org/", "Example Site", guidance=[timeline, about])
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(text)
    assert root.findtext(f"{atom}updated") == "2026-11-25T00:00:00Z"

    def shown(entry):
        return [(child.tag.removeprefix(atom), (child.text or "").strip(), dict(child.attrib)) for child in entry]

    entries = root.findall(f"{atom}entry")
    assert len(entries) == 4
    assert shown(entries[0]) == [
        ("id", "https://example.org/the-act/timeline/#update-2026-11-25-2", {}),
        ("title", "Timeline of the Act (guidance updated)", {}),
        ("link", "", {"rel": "alternate", "type": "text/html", "href": "https://example.org/the-act/timeline/"}),
        ("published", "2026-11-25T00:00:00Z", {}),
        ("updated", "2026-11-25T00:00:00Z", {}),
        ("category", "", {"term": "guidance", "label": "Guidance updated"}),
        ("summary", "Added the 2026 thresholds. Updated on 25 November 2026.", {}),
    ]
    assert shown(entries[1]) == [
        ("id", "https://example.org/about/#update-2026-11-24-1", {}),
        ("title", "About this site (guidance updated)", {}),
        ("link", "", {"rel": "alternate", "type": "text/html", "href": "https://example.org/about/"}),
        ("published", "2026-11-24T00:00:00Z", {}),
        ("updated", "2026-11-24T00:00:00Z", {}),
        ("category", "", {"term": "guidance", "label": "Guidance updated"}),
        ("summary", "Named who checks the facts. Updated on 24 November 2026.", {}),
    ]
    assert entries[2].findtext(f"{atom}id") == "https://example.org/case-studies/example-reuse-project/"
    assert [entries[3].findtext(f"{atom}id"), entries[3].findtext(f"{atom}summary")] == [
        "https://example.org/the-act/timeline/#update-2025-09-15-1",
        "Corrected the date of the 2020 amendment. Updated on 15 September 2025."]
