"""The validator: one defect per invalid fixture, each reported as path:line: field: message."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, TODAY, VALID_RECORD

from socialvalue.validation import check_uniqueness, load_library
from socialvalue.yamlsafe import MAX_BYTES

INVALID = FIXTURES / "invalid"

# fixture file -> (line, field, words the message must contain)
EXPECTED = {
    "syntax-error.yml": (10, "(file)", "YAML syntax error"),
    "duplicate-key.yml": (10, "organisation.place", "appears twice (first on line 9)"),
    "empty.yml": (1, "(file)", "empty"),
    "not-a-mapping.yml": (1, "(file)", "holds a list"),
    "not-utf8.yml": (1, "(file)", "not UTF-8"),
    "unknown-field.yml": (4, "sumary", "unknown field (did you mean 'summary'?)"),
    "missing-field.yml": (3, "summary", "is missing"),
    "wrong-type.yml": (11, "organisation.founded", "must be a whole number, not text"),
    "unknown-vocabulary.yml": (8, "organisation.regions[0]", "did you mean 'north-west'?); allowed: north-east"),
    "http-url.yml": (10, "organisation.website", "must start with https://"),
    "javascript-url.yml": (72, "sources[0].url", "'javascript:alert(1)' is not allowed"),
    "data-url.yml": (78, "sources[1].url", "'data:text/html,hello' is not allowed"),
    "year-out-of-range.yml": (39, "metrics[0].year", "2031 is in the future"),
    "founded-too-early.yml": (11, "organisation.founded", "out of range"),
    "future-date.yml": (83, "reviewed", "is in the future"),
    "unquoted-date.yml": (82, "added", 'put the date in quotes, like "2026-11-24"'),
    "missing-source.yml": (52, "metrics[1].source", "(did you mean 'council-news'?)"),
    "raw-html.yml": (4, "summary", "contains HTML"),
    "yes-no-surprise.yml": (9, "organisation.place", "YAML reads yes, no, on and off as true/false"),
    "closed-without-note.yml": (12, "organisation.status.note", "needs a note"),
    "unknown-outcome.yml": (63, "frameworks[0].outcome", "did you mean 'jobs-and-skills'?"),
    "bad-year-format.yml": (39, "metrics[0].year", "must be a year or period"),
    "control-character.yml": (9, "organisation.place", "control or direction character"),
    "Bad_Slug.yml": (1, "(file name)", "rename the file to bad-slug.yml"),
    "wrong-extension.yaml": (1, "(file name)", "use the .yml extension"),
    "index.yml": (1, "(file name)", "'index' is reserved"),
}


def check(paths, taxonomy, schema):
    return load_library(INVALID, taxonomy, schema, today=TODAY, files=list(paths), root=ROOT)


def test_every_invalid_fixture_has_an_expectation():
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defect_is_reported_with_file_line_and_field(name, taxonomy, schema):
    library = check([INVALID / name], taxonomy, schema)
    line, field, words = EXPECTED[name]
    assert library.records == []
    shown = [str(p) for p in library.problems]
    wanted = f"tests/fixtures/invalid/{name}:{line}: {field}: "
    matching = [s for s in shown if s.startswith(wanted)]
    assert matching, f"no problem starting {wanted!r} in {shown}"
    assert any(words in s for s in matching), shown


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_invalid_fixture_has_only_its_own_defect(name, taxonomy, schema):
    # A fixture with one defect gets one message, except where the defect removes a required field.
    library = check([INVALID / name], taxonomy, schema)
    limit = 2 if name in ("unknown-field.yml",) else 1
    assert 1 <= len(library.problems) <= limit, [str(p) for p in library.problems]


def test_the_valid_fixture_passes(taxonomy, schema):
    library = check([VALID_RECORD], taxonomy, schema)
    assert library.problems == []
    assert [r.slug for r in library.records] == ["example-reuse-project"]


def test_every_problem_in_a_folder_is_reported_at_once(taxonomy, schema):
    library = check(sorted(INVALID.iterdir()), taxonomy, schema)
    files_with_problems = {p.path for p in library.problems}
    assert len(files_with_problems) == len(EXPECTED)


def test_oversized_file_is_rejected(tmp_path, taxonomy, schema, record_text):
    big = tmp_path / "big-record.yml"
    big.write_text(record_text + "# padding\n" * (MAX_BYTES // 10 + 10))
    library = load_library(tmp_path, taxonomy, schema, today=TODAY, files=[big])
    assert [p.field for p in library.problems] == ["(file)"]
    assert "the limit is 256 KB" in library.problems[0].message


def test_a_slug_used_again_as_a_former_slug_is_rejected(tmp_path, taxonomy, schema, record_text):
    (tmp_path / "first-project.yml").write_text(record_text)
    (tmp_path / "second-project.yml").write_text(record_text.replace("former_slugs: []", "")
                                                 + "former_slugs: [first-project]\n")
    library = load_library(tmp_path, taxonomy, schema, today=TODAY)
    messages = [str(p) for p in library.problems]
    assert any("second-project.yml:1: former_slugs: 'first-project' is already the file name of" in m
               for m in messages), messages


def test_a_former_slug_claimed_twice_is_rejected(tmp_path, taxonomy, schema, record_text):
    for name in ("one-project", "two-project"):
        (tmp_path / f"{name}.yml").write_text(record_text + "former_slugs: [old-project]\n")
    library = load_library(tmp_path, taxonomy, schema, today=TODAY)
    assert any("is already a former slug of" in p.message for p in library.problems)


def test_uniqueness_accepts_distinct_former_slugs(tmp_path, taxonomy, schema, record_text):
    (tmp_path / "one-project.yml").write_text(record_text + "former_slugs: [old-one]\n")
    (tmp_path / "two-project.yml").write_text(record_text + "former_slugs: [old-two]\n")
    library = load_library(tmp_path, taxonomy, schema, today=TODAY)
    assert library.problems == [] and len(library.records) == 2
    assert check_uniqueness(library.records) == []


def run_cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_cli_lists_every_problem_and_a_count_and_exits_1():
    result = run_cli(INVALID)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert re.fullmatch(r"\d+ problem\(s\) in 26 of 26 file\(s\)\.", lines[-1])
    pattern = re.compile(r"^tests/fixtures/invalid/[^:]+:\d+: [^:]+: .+")
    assert all(pattern.match(line) for line in lines[:-1]), lines
    assert "Traceback" not in result.stderr


def test_cli_accepts_a_single_valid_file_with_a_one_line_summary():
    result = run_cli(VALID_RECORD)
    assert result.returncode == 0
    assert result.stdout.strip() == "All 1 case-study file(s) are valid."


def test_cli_reports_a_missing_path_without_a_traceback():
    result = run_cli(ROOT / "no-such-file.yml")
    assert result.returncode == 1
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr


# Boundaries of the date checks, with `today` injected: this year passes, next year fails ------------------------

def problems_for(tmp_path, taxonomy, schema, text, today):
    path = tmp_path / "example-reuse-project.yml"
    path.write_text(text, encoding="utf-8")
    return [f"{p.field}: {p.message}" for p in load_library(tmp_path, taxonomy, schema, today=today).problems]


@pytest.mark.parametrize("written,expected", [
    (".inf", ["metrics[0].value: must be a figure written with digits: YAML reads .inf as infinity"]),
    (".nan", ["metrics[0].value: must be a figure written with digits: YAML reads .nan as 'not a number'"]),
    ("0.00001", []),
])
def test_a_figure_of_infinity_or_not_a_number_is_refused_with_its_field(tmp_path, taxonomy, schema, record_text,
                                                                         written, expected):
    text = record_text.replace("    value: 27\n", f"    value: {written}\n", 1)
    assert text != record_text
    assert problems_for(tmp_path, taxonomy, schema, text, dt.date(2026, 11, 24)) == expected


@pytest.mark.parametrize("today,year,expected", [
    (dt.date(2026, 11, 24), "2026", []),
    (dt.date(2026, 12, 31), "2026", []),
    (dt.date(2026, 11, 24), "2027", ["metrics[0].year: 2027 is in the future (this year is 2026)"]),
    (dt.date(2026, 12, 31), "2027", ["metrics[0].year: 2027 is in the future (this year is 2026)"]),
    (dt.date(2027, 1, 1), "2027", []),
    (dt.date(2026, 11, 24), "2025/26", []),
    (dt.date(2026, 11, 24), "2026-2027", ["metrics[0].year: 2027 is in the future (this year is 2026)"]),
    (dt.date(2026, 11, 24), "1800", []),
    (dt.date(2026, 11, 24), "1799", ["metrics[0].year: 1799 is too early; check the year"]),
])
def test_a_figure_from_this_year_passes_and_one_from_next_year_fails(tmp_path, taxonomy, schema, record_text,
                                                                      today, year, expected):
    text = record_text.replace('year: "2017"\n', f'year: "{year}"\n', 1)
    assert text != record_text
    assert problems_for(tmp_path, taxonomy, schema, text, today) == expected


@pytest.mark.parametrize("founded,expected", [
    (2026, []),
    (2027, ["organisation.founded: 2027 is in the future (this year is 2026)"]),
])
def test_an_organisation_founded_this_year_passes_and_next_year_fails(tmp_path, taxonomy, schema, record_text,
                                                                       founded, expected):
    text = record_text.replace("founded: 2001\n", f"founded: {founded}\n")
    assert problems_for(tmp_path, taxonomy, schema, text, dt.date(2026, 11, 24)) == expected


@pytest.mark.parametrize("today,expected", [
    (dt.date(2026, 11, 25), []),
    (dt.date(2026, 11, 24), ["added: '2026-11-25' is in the future (today is 2026-11-24)",
                             "reviewed: '2026-11-25' is in the future (today is 2026-11-24)"]),
])
def test_a_record_added_today_passes_and_one_added_tomorrow_fails(tmp_path, taxonomy, schema, record_text,
                                                                   today, expected):
    text = record_text.replace('added: "2026-11-24"', 'added: "2026-11-25"').replace(
        'reviewed: "2026-11-24"', 'reviewed: "2026-11-25"')
    assert problems_for(tmp_path, taxonomy, schema, text, today) == expected


# Each message in full, as a contributor reads it ---------------------------------------------------------------

@pytest.mark.parametrize("old,new,expected", [
    ("  place: Exampletown\n", "  place: yes\n",
     "organisation.place: must be text, not true/false; YAML reads yes, no, on and off as true/false, "
     "so put the text in quotes"),
    ("  place: Exampletown\n", "  place: ~\n", "organisation.place: must be text, not empty"),
    ("  place: Exampletown\n", "  place: 12\n", "organisation.place: must be text, not a number; put it in quotes"),
    ("  place: Exampletown\n", "  place: [a]\n", "organisation.place: must be text, not a list"),
    ("  place: Exampletown\n", "  place: {a: b}\n", "organisation.place: must be text, not a set of fields"),
    ('added: "2026-11-24"', "added: 2026-11-24", 'added: must be text, not a date; put the date in quotes, like "2026-11-24"'),
    ('added: "2026-11-24"', "added: 2026-11-24 10:30:00",
     'added: must be text, not a date; put the date in quotes, like "2026-11-24"'),
    ("  founded: 2001\n", '  founded: "2001"\n', "organisation.founded: must be a whole number, not text"),
    ("  founded: 2001\n", "  founded: 2001.5\n", "organisation.founded: must be a whole number, not a number"),
    ("summary: A fictional", "sumary: A fictional", "summary: is missing; this field is required (see the template)"),
])
def test_type_messages_in_full(tmp_path, taxonomy, schema, record_text, old, new, expected):
    text = record_text.replace(old, new, 1)
    assert text != record_text
    assert expected in problems_for(tmp_path, taxonomy, schema, text, TODAY)


def test_an_unknown_key_with_no_close_match_lists_the_allowed_ones(tmp_path, taxonomy, schema, record_text):
    text = record_text.replace("sectors: [waste-and-re-use]", "sectors: [qqqqqqqq]")
    found = problems_for(tmp_path, taxonomy, schema, text, TODAY)
    assert len(found) == 1 and found[0].startswith("sectors[0]: 'qqqqqqqq' is not a known sector; allowed: ")
    assert found[0].endswith(", ".join(taxonomy.keys("sectors")))


def test_record_files_finds_the_records_of_folders_and_files(tmp_path):
    from socialvalue.validation import record_files
    data = tmp_path / "data" / "case-studies"
    data.mkdir(parents=True)
    for name in ("b.yml", "a.yaml", "c.txt", "d.YML"):
        (data / name).write_text("x")
    (data / "folder.yml").mkdir()
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "z.yml").write_text("x")
    single = tmp_path / "single.yml"
    assert record_files([tmp_path / "data", loose, single]) == [data / "a.yaml", data / "b.yml", loose / "z.yml", single]


LONG = "a" * 70


@pytest.mark.parametrize("old,new,expected", [
    ("  website: https://www.example.org\n", "  website: VBScript:msgbox(1)\n",
     "organisation.website: 'VBScript:msgbox(1)' is not allowed; links must be https:// web addresses"),
    ("  website: https://www.example.org\n", f"  website: javascript:{LONG}\n",
     f"organisation.website: 'javascript:{'a' * 29}' is not allowed; links must be https:// web addresses"),
    ("  website: https://www.example.org\n", "  website: http://www.example.org\n",
     "organisation.website: must start with https:// (plain http:// links are not allowed)"),
    ("  website: https://www.example.org\n", f"  website: www.example.org/{LONG}\n",
     f"organisation.website: 'www.example.org/{'a' * 44}' is not an absolute https:// web address"),
    ("sectors: [waste-and-re-use]", f"sectors: [Waste_{LONG}]",
     f"sectors[0]: 'Waste_{'a' * 54}' must be a lower-case key with hyphens, like 'north-west'"),
    ('added: "2026-11-24"', 'added: "24/11/2026"', "added: '24/11/2026' must be a date written \"YYYY-MM-DD\", in quotes"),
    ('published: "2018-03"', f'published: "March {LONG}"',
     f"sources[0].published: 'March {'a' * 54}' must be a date like \"2022\", \"2022-10\" or \"2022-10-13\""),
    ('published: "2018-03"', 'published: "March 2018"',
     "sources[0].published: 'March 2018' must be a date like \"2022\", \"2022-10\" or \"2022-10-13\""),
    ('year: "2017"\n', 'year: "2017a"\n',
     "metrics[0].year: '2017a' must be a year or period like \"2017\", \"2012/13\", \"2006-2008\" or \"c.2018\""),
])
def test_pattern_messages_in_full(tmp_path, taxonomy, schema, record_text, old, new, expected):
    text = record_text.replace(old, new, 1)
    assert text != record_text
    assert expected in problems_for(tmp_path, taxonomy, schema, text, TODAY)


# Every other message in full, and only that message: one change to the valid record each ----------------------

def record_text_between(start: str, end: str) -> str:
    """The valid record's lines from the one starting `start` up to (not including) the one starting `end`."""
    text = VALID_RECORD.read_text(encoding="utf-8")
    return text[text.index(start):text.index(end)]


SOCIAL_VALUE = """social_value:
  economic:
    - text: Trains local people and helps some into paid work.
      sources: [annual-report]
  environmental:
    - text: Keeps furniture out of landfill by passing it on.
      sources: [annual-report, council-news]
"""
THIRD_SOURCE = """  - id: council-news
    url: https://www.example.gov.uk/news/other
    title: Another page
    publisher: Exampletown Borough Council
    read: "2026-11-24"
added:"""


@pytest.mark.parametrize("old,new,expected", [
    # Lengths, counts and ranges from the schema.
    ("name: Example Re-use Project\n", 'name: ""\n', ["name: is empty; write something or delete the field"]),
    ("summary: A fictional community re-use project that collects unwanted furniture for a council and trains "
     "local people.\n", "summary: Too short here.\n", ["summary: is too short: 15 characters, at least 40 needed"]),
    ("    unit: people\n", f"    unit: {'p' * 41}\n", ["metrics[0].unit: is too long: 41 characters, at most 40 allowed"]),
    ("    unit: people\n", f"    unit: {'p' * 40}\n", []),
    ("sectors: [waste-and-re-use]", "sectors: []", ["sectors: needs at least 1 item(s)"]),
    ("stages: [award, contract-management]", "stages: [award, award]", ["stages: lists the same item twice"]),
    (SOCIAL_VALUE, "social_value: {}\n", ["social_value: needs at least one of: economic, social, environmental"]),
    ("  founded: 2001\n", "  founded: 1799\n", ["organisation.founded: 1799 is out of range (1800 to 2100)"]),
    ("  founded: 2001\n", "  founded: 1800\n", []),
    ("  founded: 2001\n", "  founded: 2101\n", ["organisation.founded: 2101 is in the future (this year is 2026)",
                                                "organisation.founded: 2101 is out of range (1800 to 2100)"]),
    ("    value: 27\n", "    value: -5\n", ["metrics[0].value: -5 is too small; the smallest allowed is 0"]),
    # Unknown fields and keys, with the allowed ones listed.
    ("    source: annual-report\nsectors:", "    source: annual-report\n    colour: red\nsectors:",
     ["organisation.status.colour: unknown field; allowed here: value, as_of, source, note"]),
    ("    source: annual-report\nsectors:", "    source: annual-report\n    notes: Closed in 2020.\nsectors:",
     ["organisation.status.notes: unknown field (did you mean 'note'?); allowed here: value, as_of, source, note"]),
    ("    type: outcome\n", "    type: outcme\n",
     ["metrics[0].type: 'outcme' is not a known metric type (did you mean 'outcome'?); "
      "allowed: output, outcome, commitment"]),
    ("    reported_by: organisation\n", "    reported_by: nobody\n",
     ["metrics[0].reported_by: 'nobody' is not a known reporter; allowed: organisation, third-party"]),
    ("    outcome: jobs-and-skills\n", "    outcome: jobs-and-skils\n",
     ["frameworks[0].outcome: 'jobs-and-skils' is not an outcome of social-value-model-2020 (did you mean "
      "'jobs-and-skills'?); allowed: covid-19-recovery, jobs-and-skills, supply-chain-resilience, environment, "
      "disability-employment-gap, workforce-inequality, health-and-wellbeing, community-cohesion"]),
    ("    outcome: jobs-and-skills\n", "    outcome: 7\n", ["frameworks[0].outcome: must be text, not a number; put it in quotes"]),
    ("    outcome: jobs-and-skills\n", "    outcome: covid-19-recovery\n", []),
    ("frameworks:\n", "frameworks:\n  - social-value-model-2020\n",
     ["frameworks[0]: must be a set of fields, not text"]),
    ("frameworks:\n", "frameworks:\n  - social-value-model-2020\n  - framework: social-value-model-2020\n"
     "    outcome: jobs\n", ["frameworks[0]: must be a set of fields, not text",
                             "frameworks[1].outcome: 'jobs' is not an outcome of social-value-model-2020; allowed: "
                             "covid-19-recovery, jobs-and-skills, supply-chain-resilience, environment, "
                             "disability-employment-gap, workforce-inequality, health-and-wellbeing, community-cohesion"]),
    # Sources and what cites them.
    ("    reported_by: organisation\n    source: annual-report\n",
     "    reported_by: organisation\n    source: annul-report\n",
     ["metrics[0].source: cites the source 'annul-report', which is not in sources (did you mean "
      "'annual-report'?); sources here: annual-report, council-news"]),
    ("    sources: [council-news]\n", "    sources: [council-newz]\n",
     ["services[0].sources[0]: cites the source 'council-newz', which is not in sources (did you mean "
      "'council-news'?); sources here: annual-report, council-news"]),
    ("  economic:\n    - text: Trains local people and helps some into paid work.\n      sources: [annual-report]\n",
     "  economic:\n    - text: Trains local people and helps some into paid work.\n      sources: [leaflet]\n",
     ["social_value.economic[0].sources[0]: cites the source 'leaflet', which is not in sources; "
      "sources here: annual-report, council-news"]),
    ("  environmental:\n", "  social:\n    - text: Runs a weekly lunch club.\n      sources: [lunch-club]\n  environmental:\n",
     ["social_value.social[0].sources[0]: cites the source 'lunch-club', which is not in sources; "
      "sources here: annual-report, council-news"]),
    ("      sources: [annual-report, council-news]\n", "      sources: [annual-report, council-newz]\n",
     ["social_value.environmental[0].sources[1]: cites the source 'council-newz', which is not in sources (did you "
      "mean 'council-news'?); sources here: annual-report, council-news"]),
    ("    sources: []\n", "    sources: [annual-reprot]\n",
     ["limitations[0].sources[0]: cites the source 'annual-reprot', which is not in sources (did you mean "
      "'annual-report'?); sources here: annual-report, council-news"]),
    ("    source: annual-report\nsectors:", "    source: anual-report\nsectors:",
     ["organisation.status.source: cites the source 'anual-report', which is not in sources (did you mean "
      "'annual-report'?); sources here: annual-report, council-news"]),
    ("  legal_form: community-interest-company\n",
     "  legal_form: community-interest-company\n  legal_form_source: council-news\n", []),
    ("  legal_form: community-interest-company\n",
     "  legal_form: community-interest-company\n  legal_form_source: companies-house\n",
     ["organisation.legal_form_source: cites the source 'companies-house', which is not in sources; "
      "sources here: annual-report, council-news"]),
    ("added:", THIRD_SOURCE, ["sources[2].id: the source id 'council-news' is used twice"]),
    ("added:", "  - council-news\nadded:", ["sources[2]: must be a set of fields, not text"]),
    # Dates: real, not too early, in order.
    ('added: "2026-11-24"', 'added: "2026-02-30"', ["added: '2026-02-30' is not a real date"]),
    # A date that is not real does not stop the check of the dates after it.
    ('added: "2026-11-24"\nreviewed: "2026-11-24"', 'added: "2026-02-30"\nreviewed: "2026-04-31"',
     ["added: '2026-02-30' is not a real date", "reviewed: '2026-04-31' is not a real date"]),
    ('published: "2018-03"', 'published: "2018-13"', ["sources[0].published: '2018-13' is not a real date"]),
    ('published: "2018-03"', 'published: "1799-03"', ["sources[0].published: '1799-03' is too early; check the year"]),
    ('published: "2018-03"', 'published: "1800"', []),
    ('    read: "2026-11-24"\n  - id: council-news', '    read: "2026-11-25"\n  - id: council-news',
     ["sources[0].read: '2026-11-25' is in the future (today is 2026-11-24)"]),
    # A date in the wrong format is the schema's to report; the dates after it are still checked.
    ('added: "2026-11-24"\nreviewed: "2026-11-24"', 'added: "24/11/2026"\nreviewed: "2026-11-25"',
     ["added: '24/11/2026' must be a date written \"YYYY-MM-DD\", in quotes",
      "reviewed: '2026-11-25' is in the future (today is 2026-11-24)"]),
    ('reviewed: "2026-11-24"', 'reviewed: "2026-11-23"',
     ["reviewed: is earlier than added; the review date cannot come before the record was added"]),
    ("    ended: 2020\n", "    ended: 2004\n", ["services[0].ended: 2004 is before the start year 2005"]),
    ("    ended: 2020\n", "    ended: 2005\n", []),
    ("    as_of: 2024\n", "    as_of: 2027\n", ["organisation.status.as_of: 2027 is in the future (this year is 2026)"]),
    ("    started: 2005\n", "    started: 2027\n", ["services[0].started: 2027 is in the future (this year is 2026)",
                                                     "services[0].ended: 2020 is before the start year 2027"]),
    ("    ended: 2020\n", "    ended: 2027\n", ["services[0].ended: 2027 is in the future (this year is 2026)"]),
    ('    year: "2017"\n', '    year: "c.1799"\n', ["metrics[0].year: 1799 is too early; check the year"]),
    # Rules between fields.
    (record_text_between("organisation:\n", "sectors:"), "",
     ["organisation: is missing; this field is required (see the template)"]),
    ("kind: provider\n", "kind: commissioner\n",
     ["organisation: a commissioner needs body_type: the kind of public body (county-council, district-council, "
      "unitary-council, metropolitan-borough, london-borough, combined-authority, nhs-trust, integrated-care-board, "
      "central-government, police, fire-and-rescue, housing-association, university, other-public-body)"]),
    ("kind: provider\norganisation:\n", "kind: commissioner\norganisation:\n  body_type: police\n", []),
    ("    value: active\n", "    value: merged\n",
     ["organisation.status.note: say what happened: a merged organisation needs a note"]),
    ("    value: active\n", "    value: closed\n    note: It closed in 2024.\n", []),
    # Text that is not plain text.
    ("  place: Exampletown\n", "  place: <b>Exampletown</b>\n",
     ["organisation.place: contains HTML (a '<' followed by a tag); write plain text without < and >"]),
    ("  place: Exampletown\n", "  place: 3 < 4 > 2\n", []),
    ("  place: Exampletown\n", '  place: "Example\\u202etown"\n',
     ["organisation.place: contains an invisible control or direction character; delete it"]),
    ("  place: Exampletown\n", '  place: "Example\\ttown"\n', []),
    # Former slugs.
    ("reviewed: \"2026-11-24\"\n", "reviewed: \"2026-11-24\"\nformer_slugs: [example-reuse-project]\n",
     ["former_slugs: 'example-reuse-project' is this record's own slug; list only earlier names"]),
])
def test_each_message_in_full_and_no_other(tmp_path, taxonomy, schema, record_text, old, new, expected):
    text = record_text.replace(old, new, 1)
    assert text != record_text
    assert problems_for(tmp_path, taxonomy, schema, text, TODAY) == expected


# The template's placeholders: what to do with each, by whether the field and its block are optional ------------

@pytest.mark.parametrize("old,new,expected", [
    ("  website: https://www.example.org\n", "  website: https://www.example.org/REPLACE-ME\n",
     ["organisation.website: still holds the template's placeholder 'https://www.example.org/REPLACE-ME'; "
      "fill it in or delete the line (the note above it in the file says what goes there)"]),
    ("  place: Exampletown\n", "  place: TOWN OR AREA\n",
     ["organisation.place: still holds the template's placeholder 'TOWN OR AREA'; "
      "replace it (the note above it in the file says what goes there)"]),
    ("summary: A fictional community re-use project that collects unwanted furniture for a council and trains "
     "local people.\n", "summary: ONE SENTENCE THAT SAYS WHAT THE ORGANISATION DOES AND FOR WHOM.\n",
     ["summary: still holds the template's placeholder 'ONE SENTENCE THAT SAYS WHAT THE ORGANISA'; "
      "replace it (the note above it in the file says what goes there)"]),
    ("  - framework: social-value-model-2020\n", "  - framework: FRAMEWORK-KEY\n",
     ["frameworks[0].framework: still holds the template's placeholder 'FRAMEWORK-KEY'; "
      "fill it in, or delete the whole frameworks block if you do not use it "
      "(the note above it in the file says what goes there)"]),
    ("    - Agree how social value will be measured before the contract starts.\n",
     "    - A LESSON FOR PEOPLE WHO BUY SERVICES.\n",
     ["lessons.commissioners[0]: still holds the template's placeholder 'A LESSON FOR PEOPLE WHO BUY SERVICES.'; "
      "fill it in, or delete the whole lessons block if you do not use it "
      "(the note above it in the file says what goes there)"]),
    ("  economic:\n    - text: Trains local people and helps some into paid work.\n",
     "  economic:\n    - text: A SENTENCE ABOUT JOBS, SKILLS OR LOCAL SPENDING.\n",
     ["social_value.economic[0].text: still holds the template's placeholder 'A SENTENCE ABOUT JOBS, SKILLS OR "
      "LOCAL S'; fill it in, or delete the whole social_value.economic block if you do not use it "
      "(the note above it in the file says what goes there)"]),
    ("    status_note: The council brought the service in house.\n", "    status_note: OPTIONAL NOTE\n",
     ["services[0].status_note: still holds the template's placeholder 'OPTIONAL NOTE'; "
      "fill it in or delete the line (the note above it in the file says what goes there)"]),
    ("    unit: people\n", "    unit: UNIT-WORD\n",
     ["metrics[0].unit: still holds the template's placeholder 'UNIT-WORD'; "
      "replace it (the note above it in the file says what goes there)"]),
    ("  place: Exampletown\n", "  place: ABC DEF\n",
     ["organisation.place: still holds the template's placeholder 'ABC DEF'; "
      "replace it (the note above it in the file says what goes there)"]),
    ("stages: [award, contract-management]", "stages: [STAGE-KEY, award]",
     ["stages[0]: still holds the template's placeholder 'STAGE-KEY'; "
      "fill it in, or delete the whole stages block if you do not use it "
      "(the note above it in the file says what goes there)"]),
    # Under a field the schema does not know, every field counts as optional.
    ("    source: annual-report\nsectors:", "    source: annual-report\n    extra: [{note: ABCDEFGH}]\nsectors:",
     ["organisation.status.extra: unknown field; allowed here: value, as_of, source, note",
      "organisation.status.extra[0].note: still holds the template's placeholder 'ABCDEFGH'; "
      "fill it in or delete the line (the note above it in the file says what goes there)"]),
    # Five capital letters are an abbreviation, not a placeholder; so is a name with any lower-case letter.
    ("  place: Exampletown\n", "  place: ABC DE\n", []),
    ("  place: Exampletown\n", "  place: NHS ÉCOLE DE SANTÉ\n",
     ["organisation.place: still holds the template's placeholder 'NHS ÉCOLE DE SANTÉ'; "
      "replace it (the note above it in the file says what goes there)"]),
    ("  place: Exampletown\n", "  place: ÉCOLE ÀÉÎÕÜé\n", []),
])
def test_each_placeholder_says_what_to_do_with_it(tmp_path, taxonomy, schema, record_text, old, new, expected):
    text = record_text.replace(old, new, 1)
    assert text != record_text
    assert problems_for(tmp_path, taxonomy, schema, text, TODAY) == expected


@pytest.mark.parametrize("today,published,yesterday", [(dt.date(2026, 11, 1), "2026-11", "2026-10-31"),
                                                      (dt.date(2026, 1, 1), "2026", "2025-12-31")])
def test_a_month_or_year_counts_from_its_first_day(tmp_path, taxonomy, schema, record_text, today, published,
                                                   yesterday):
    """A source published "2026-11" is not in the future on 1 November 2026, but is on 31 October."""
    day = today.isoformat()
    text = record_text.replace('published: "2018-03"', f'published: "{published}"').replace("2026-11-24", day)
    assert problems_for(tmp_path, taxonomy, schema, text, today) == []
    assert problems_for(tmp_path, taxonomy, schema, text, dt.date.fromisoformat(yesterday)) == [
        f"sources[0].published: '{published}' is in the future (today is {yesterday})",
        f"sources[0].read: '{day}' is in the future (today is {yesterday})",
        f"sources[1].read: '{day}' is in the future (today is {yesterday})",
        f"added: '{day}' is in the future (today is {yesterday})",
        f"reviewed: '{day}' is in the future (today is {yesterday})",
    ]


def test_a_record_with_no_sources_says_so_for_each_citation(tmp_path, taxonomy, schema, record_text):
    text = record_text[:record_text.index("sources:\n  - id: annual-report")] + "sources: []\n" + \
        record_text[record_text.index("added:"):]
    found = problems_for(tmp_path, taxonomy, schema, text, TODAY)
    assert "sources: needs at least 1 item(s)" in found
    assert ("metrics[0].source: cites the source 'annual-report', which is not in sources; sources here: none"
            in found)


# File names, paths and lines as printed, and the record cache ---------------------------------------------------

def test_a_problem_names_the_file_under_root_or_as_given_with_line_and_field(tmp_path, taxonomy, schema, record_text):
    data = tmp_path / "data"
    data.mkdir()
    own = data / "example-reuse-project.yml"
    own.write_text(record_text + "former_slugs: [example-reuse-project]\n", encoding="utf-8")
    odd = data / "_Old_Name_.yml"
    odd.write_text(record_text, encoding="utf-8")
    library = load_library(data, taxonomy, schema, today=TODAY, root=tmp_path)
    assert [str(p) for p in library.problems] == [
        "data/_Old_Name_.yml:1: (file name): '_Old_Name_' is not a lower-case kebab-case slug; "
        "rename the file to old-name.yml",
        "data/example-reuse-project.yml:1: former_slugs: 'example-reuse-project' is this record's own slug; "
        "list only earlier names",
    ]
    assert library.files_checked == 2
    # A file outside root is named by its path as given.
    elsewhere = load_library(data, taxonomy, schema, today=TODAY, files=[odd], root=tmp_path / "other")
    assert [p.path for p in elsewhere.problems] == [str(odd)]


def test_a_record_file_that_is_a_link_is_named_by_the_file_it_points_to(tmp_path, taxonomy, schema, record_text):
    """A problem names the file to edit: for a record file that is a symbolic link, the file the link points to,
    as path.resolve() gives it (the folder shortcut for plain files must not change that), or the path as given
    when that file is outside root. The slug is still the link's own name."""
    project = tmp_path / "project"
    data, drafts, outside = project / "data", project / "drafts", tmp_path / "outside"
    for folder in (data, drafts, outside):
        folder.mkdir(parents=True)
    (drafts / "draft.yml").write_text(record_text + "former_slugs: [linked-project]\n", encoding="utf-8")
    (outside / "kept-elsewhere.yml").write_text(record_text, encoding="utf-8")
    (data / "linked-project.yml").symlink_to(drafts / "draft.yml")
    (data / "from-outside.yml").symlink_to(outside / "kept-elsewhere.yml")
    library = load_library(data, taxonomy, schema, today=TODAY, root=project)
    assert [str(p) for p in library.problems] == [
        "drafts/draft.yml:1: former_slugs: 'linked-project' is this record's own slug; list only earlier names"]
    assert {(r.slug, r.path) for r in library.records} == {
        ("linked-project", "drafts/draft.yml"), ("from-outside", str(data / "from-outside.yml"))}


def test_a_cached_record_comes_back_the_same_even_in_a_moved_copy(tmp_path, taxonomy, schema, record_text):
    from socialvalue.cache import RecordCache
    for project in ("first", "moved"):
        data = tmp_path / project / "data"
        data.mkdir(parents=True)
        (data / "example-reuse-project.yml").write_text(record_text, encoding="utf-8")
        (data / "another-project.yml").write_text(
            record_text.replace("name: Example Re-use Project", "name: Another Project"), encoding="utf-8")
    store = tmp_path / "records.json"
    cold_cache = RecordCache(store, "same rules")
    cold = load_library(tmp_path / "first" / "data", taxonomy, schema, today=TODAY, root=tmp_path / "first",
                        cache=cold_cache)
    assert cold_cache.hits == 0 and store.exists()
    # The cache is keyed by the path under root and the bytes, so a copy of the project elsewhere uses it.
    warm_cache = RecordCache(store, "same rules")
    warm = load_library(tmp_path / "moved" / "data", taxonomy, schema, today=TODAY, root=tmp_path / "moved",
                        cache=warm_cache)
    assert warm_cache.hits == 2
    assert [(r.slug, r.path, r.name) for r in warm.records] == [
        ("another-project", "data/another-project.yml", "Another Project"),
        ("example-reuse-project", "data/example-reuse-project.yml", "Example Re-use Project")]
    assert warm.records == cold.records and warm.problems == [] and warm.files_checked == 2


def test_records_kept_between_serve_builds_are_the_same_objects_until_their_file_changes(tmp_path, taxonomy, schema,
                                                                                       record_text):
    """Under `make serve` an unchanged file's record is the very object built last time (the page, export and
    related-case-study memos match records by identity); an edited file gives a new record with the new text."""
    from socialvalue.cache import RecordCache
    data = tmp_path / "data"
    data.mkdir()
    (data / "example-reuse-project.yml").write_text(record_text, encoding="utf-8")
    other = data / "another-project.yml"
    other.write_text(record_text.replace("name: Example Re-use Project", "name: Another Project"), encoding="utf-8")
    store, built = tmp_path / "records.json", {}
    first = load_library(data, taxonomy, schema, today=TODAY, root=tmp_path, cache=RecordCache(store, "r"),
                         built=built)
    assert len(built) == 2 and {id(r) for r in built.values()} == {id(r) for r in first.records}
    again = load_library(data, taxonomy, schema, today=TODAY, root=tmp_path, cache=RecordCache(store, "r"),
                         built=built)
    assert [a is b for a, b in zip(again.records, first.records)] == [True, True]
    other.write_text(record_text.replace("name: Example Re-use Project", "name: Another Project Renamed"),
                     encoding="utf-8")
    edited = load_library(data, taxonomy, schema, today=TODAY, root=tmp_path, cache=RecordCache(store, "r"),
                          built=built)
    assert [r.name for r in edited.records] == ["Another Project Renamed", "Example Re-use Project"]
    assert edited.records[0] is not first.records[0] and edited.records[1] is first.records[1]
    assert len(built) == 2
