"""The contributor path: scaffold, placeholders, field reference, review dates and change history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, TODAY, VALID_RECORD

from socialvalue.history import last_changed
from socialvalue.model import months_before, stale
from socialvalue.reference import dotted, fields
from socialvalue.render import render_record
from socialvalue.scaffold import ScaffoldError, new_case_study, slugify
from socialvalue.validation import load_library

TEMPLATE = ROOT / "scripts" / "templates" / "case-study.yml"


@pytest.fixture
def cases(tmp_path):
    """A temporary copy of the real data folder."""
    folder = tmp_path / "case-studies"
    shutil.copytree(ROOT / "data" / "case-studies", folder)
    return folder


@pytest.mark.parametrize("name,slug", [
    ("Bikeworks CIC", "bikeworks-cic"),
    ("Furniture Resource Centre (FRC) & Co.", "furniture-resource-centre-frc-and-co"),
    ("Café Ünïcode", "cafe-unicode"),
    ("St Mary's   Trust", "st-marys-trust"),
])
def test_slugs_are_kebab_case(name, slug):
    assert slugify(name) == slug


def test_scaffold_writes_the_template_with_name_and_dates(cases):
    path = new_case_study("New Example Trust", cases, TEMPLATE, TODAY)
    assert path == cases / "new-example-trust.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../case-study.schema.json"
    assert "name: 'New Example Trust'" in text
    assert f'added: "{TODAY.isoformat()}"' in text and f'read: "{TODAY.isoformat()}"' in text


def test_scaffold_refuses_to_overwrite(cases):
    before = (cases / "frc-group.yml").read_bytes()
    with pytest.raises(ScaffoldError, match="already exists"):
        new_case_study("FRC Group", cases, TEMPLATE, TODAY)
    assert (cases / "frc-group.yml").read_bytes() == before


def test_scaffold_refuses_a_former_slug(cases):
    path = cases / "frc-group.yml"
    path.write_text(path.read_text(encoding="utf-8") + "former_slugs: [furniture-resource-centre]\n")
    with pytest.raises(ScaffoldError, match="earlier name of"):
        new_case_study("Furniture Resource Centre", cases, TEMPLATE, TODAY)


@pytest.mark.parametrize("name", ["", "   ", "{{ 7*7 }}", "!!!"])
def test_scaffold_refuses_unusable_names(name, cases):
    with pytest.raises(ScaffoldError):
        new_case_study(name, cases, TEMPLATE, TODAY)


def test_scaffold_refuses_reserved_slugs(cases):
    with pytest.raises(ScaffoldError, match="reserved"):
        new_case_study("Index", cases, TEMPLATE, TODAY)


def test_placeholders_give_helpful_messages(cases, taxonomy, schema):
    path = new_case_study("New Example Trust", cases, TEMPLATE, TODAY)
    library = load_library(cases, taxonomy, schema, today=TODAY, files=[path])
    assert library.records == []
    messages = {p.field: p.message for p in library.problems}
    for field in ("summary", "organisation.legal_form", "organisation.regions[0]", "sources[0].url",
                  "metrics[0].label"):
        assert "template's placeholder" in messages[field], field
    assert "fill it in or delete the line" in messages["organisation.legal_form_detail"]
    assert all("placeholder" in p.message for p in library.problems), [str(p) for p in library.problems]


def test_template_filled_in_is_valid(cases, taxonomy, schema):
    path = new_case_study("New Example Trust", cases, TEMPLATE, TODAY)
    text = path.read_text(encoding="utf-8")
    for old, new in {
        "ONE SENTENCE THAT SAYS WHAT THE ORGANISATION DOES AND FOR WHOM.":
            "A fictional trust used to prove that the template, once filled in, passes validation.",
        "  body_type: OPTIONAL-BODY-TYPE-KEY\n": "", "LEGAL-FORM-KEY": "charity", "OPTIONAL DETAIL": "Registered charity", "REGION-KEY": "london",
        "TOWN OR AREA": "Camden", "SOURCE-ID": "report", "OPTIONAL NOTE": "A note.",
        "SECTOR-KEY": "housing", "BENEFICIARY-KEY": "older-people", "NAME OF THE SERVICE": "Home repairs",
        "WHAT THE SERVICE DOES, IN ONE OR TWO SENTENCES.": "Repairs homes.",
        "NAME OF THE PUBLIC BODY": "Camden Council", "A SENTENCE ABOUT JOBS, SKILLS OR LOCAL SPENDING.": "Jobs.",
        "A SENTENCE ABOUT HEALTH, INCLUSION OR COMMUNITY.": "Health.",
        "A SENTENCE ABOUT WASTE, CARBON OR THE ENVIRONMENT.": "Waste.",
        "WHAT WAS COUNTED, FOR EXAMPLE PEOPLE HELPED INTO PAID WORK": "People helped into work",
        "FOR EXAMPLE, MOST FIGURES ARE THE ORGANISATION'S OWN AND ARE SEVERAL YEARS OLD.": "Figures are old.",
        "A LESSON FOR PEOPLE WHO BUY SERVICES.": "Ask early.",
        "A LESSON FOR ORGANISATIONS THAT DELIVER THEM.": "Measure early.",
        "TITLE OF THE PAGE OR REPORT": "Annual report", "WHO PUBLISHED IT": "The trust",
        "https://www.example.org/REPLACE-ME": "https://www.example.org/report",
        "FOUNDED-YEAR": "1999", "STATUS-YEAR": "2025", "STAGE-KEY": "award", "START-YEAR": "2010",
        "END-YEAR": "2020", "SERVICE-STATUS-KEY": "ended", "NUMBER-ONLY": "12", "QUALIFIER-KEY": "more-than",
        "UNIT-WORD": "people", "YEAR-OR-PERIOD": "2019/20", "HEADING-KEY": "economic", "OUTPUT-OR-OUTCOME": "outcome",
        "ORGANISATION-OR-THIRD-PARTY": "organisation", "FRAMEWORK-KEY": "national-toms",
        "OUTCOME-KEY": "local-skills-and-employment", "PUBLISHED-DATE": "2020-05",
    }.items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    library = load_library(cases, taxonomy, schema, today=TODAY, files=[path])
    assert [str(p) for p in library.problems] == []


def test_scaffold_command_prints_next_steps(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "new_case_study.py"), "Command Test Trust",
                             "--data", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "command-test-trust.yml").exists()
    assert "make validate FILE=" in result.stdout and "make serve" in result.stdout
    again = subprocess.run([sys.executable, str(ROOT / "scripts" / "new_case_study.py"), "Command Test Trust",
                            "--data", str(tmp_path)], capture_output=True, text=True)
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.site
def test_field_reference_page_lists_every_schema_field(schema):
    page = ROOT / "build" / "site" / "contribute" / "fields" / "index.html"
    if not page.exists():
        pytest.fail("build/site is missing: run `make test`, which builds it before pytest")
    shown = {code.get_text() for code in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
             .select("article table td:first-child code")}
    expected = {dotted(path) for path, _, _ in fields(schema)}
    assert len(expected) > 40
    assert expected <= shown, sorted(expected - shown)
    assert "metrics[].qualifier" in shown and "organisation.status.as_of" in shown


@pytest.fixture
def record(taxonomy, schema):
    library = load_library(VALID_RECORD.parent, taxonomy, schema, today=TODAY, files=[VALID_RECORD])
    return library.records[0]


def test_months_before_handles_month_ends():
    assert months_before(dt.date(2026, 11, 24), 12) == dt.date(2025, 11, 24)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 18) == dt.date(2024, 7, 15)


def test_stale_report_lists_old_reviews_oldest_first(record):
    old = dataclasses.replace(record, slug="old", reviewed="2024-01-10")
    older = dataclasses.replace(record, slug="older", reviewed="2023-05-01")
    fresh = dataclasses.replace(record, slug="fresh", reviewed="2026-01-01")
    boundary = dataclasses.replace(record, slug="boundary", reviewed="2025-11-24")
    assert [r.slug for r in stale([old, fresh, older, boundary], TODAY, 12)] == ["older", "old"]


def test_stale_command_runs_on_the_real_data():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "stale.py"), "--today", "2099-01-01"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "last reviewed more than 12 months before 2099-01-01" in result.stdout
    assert "data/case-studies/frc-group.yml" in result.stdout
    # Guidance pages and facts not checked for 6 months are listed beside the case studies (issue 13).
    assert "guidance page(s) last checked more than 6 months before 2099-01-01" in result.stdout
    assert "docs/the-act/timeline.md" in result.stdout
    assert "data/facts.yml: ppn_002" in result.stdout
    fresh = subprocess.run([sys.executable, str(ROOT / "scripts" / "stale.py"), "--today", "2026-12-01"],
                           capture_output=True, text=True)
    assert "No guidance page was last checked more than 6 months" in fresh.stdout


def test_out_of_date_notice_after_18_months(record, taxonomy):
    reviewed = dataclasses.replace(record, reviewed="2025-05-01")
    assert "may be out of date" not in render_record(reviewed, taxonomy, today=dt.date(2026, 11, 1))
    assert "may be out of date" in render_record(reviewed, taxonomy, today=dt.date(2026, 11, 2))
    assert "may be out of date" not in render_record(reviewed, taxonomy)  # no date, no notice


def test_page_shows_change_history(record, taxonomy):
    page = render_record(record, taxonomy, changed="2026-11-20",
                         history_url="https://github.com/o/r/commits/main/data/case-studies/x.yml")
    assert "Added on 24 November 2026." in page and "File last changed on 20 November 2026." in page
    assert "(https://github.com/o/r/commits/main/data/case-studies/x.yml)" in page


def test_last_changed_reads_git_history(tmp_path):
    def git(*args, date="2026-01-02T10:00:00"):
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
               "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
               "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, env=env)
    folder = tmp_path / "data" / "case-studies"
    folder.mkdir(parents=True)
    git("init", "-q")
    (folder / "a.yml").write_text("one\n")
    (folder / "b.yml").write_text("one\n")
    git("add", ".")
    git("commit", "-qm", "first")
    (folder / "a.yml").write_text("two\n")
    git("commit", "-qam", "second", date="2026-03-04T10:00:00")
    assert last_changed(tmp_path) == {"data/case-studies/a.yml": "2026-03-04", "data/case-studies/b.yml": "2026-01-02"}


def test_last_changed_without_git_is_empty(tmp_path):
    assert last_changed(tmp_path) == {}
