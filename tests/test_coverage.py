"""The coverage report (make coverage), the taxonomy's documentation, and the kind-of-public-body field."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, TODAY, VALID_RECORD
from socialvalue.coverage import latest_figure_year, table, targets, DIMENSIONS
from socialvalue.validation import load_library

SITE = ROOT / "build" / "site"
RAW_TAXONOMY = yaml.safe_load((ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8"))


def library_of(tmp_path, taxonomy, schema, texts: dict[str, str]):
    cases = tmp_path / "case-studies"
    cases.mkdir()
    for slug, text in texts.items():
        (cases / f"{slug}.yml").write_text(text, encoding="utf-8")
    library = load_library(cases, taxonomy, schema, today=TODAY)
    assert [str(p) for p in library.problems] == []
    return library.records


def with_years(text: str, years: list[str]) -> str:
    """The valid fixture with its three metric years replaced, in order."""
    for old, new in zip(['year: "2017"\n', 'year: "2017/18"\n', "year: c.2019\n"], years):
        assert old in text
        text = text.replace(old, f'year: "{new}"\n', 1)
    return text


def test_latest_figure_year_takes_the_end_of_a_period_and_ignores_future_targets(tmp_path, taxonomy, schema):
    record = library_of(tmp_path, taxonomy, schema, {"one": VALID_RECORD.read_text(encoding="utf-8")})[0]

    def latest(*years: str) -> int | None:
        metrics = tuple(dataclasses.replace(record.metrics[0], year=y) for y in years)
        return latest_figure_year(dataclasses.replace(record, metrics=metrics), TODAY)

    assert latest("2017", "2021/22", "2019") == 2022
    assert latest("2019-2023", "2018") == 2023
    assert latest("2020", "2040") == 2020  # a target for 2040 says nothing about how recent the figures are
    assert latest("2026") == 2026 and latest("2027") is None


def test_tables_list_every_term_with_zero_counts_and_count_a_record_once(tmp_path, taxonomy, schema):
    base = VALID_RECORD.read_text(encoding="utf-8")  # regions: north-west and scotland
    records = library_of(tmp_path, taxonomy, schema, {"one": base, "two": base.replace(
        "regions: [north-west, scotland]", "regions: [north-west, london]")})
    region = dict(table(next(d for d in DIMENSIONS if d.title == "Region"), records, taxonomy))
    assert region["North West England"] == 2
    assert region["Scotland"] == 1 and region["London"] == 1
    assert region["East of England"] == 0
    assert len(region) == len(RAW_TAXONOMY["regions"])
    nation = dict(table(next(d for d in DIMENSIONS if d.title == "Nation"), records, taxonomy))
    assert nation["England"] == 2  # both records are in England, each counted once


def test_targets_count_nations_public_bodies_and_recent_figures(tmp_path, taxonomy, schema):
    base = VALID_RECORD.read_text(encoding="utf-8")
    council = base.replace("kind: provider", "kind: commissioner").replace(
        "organisation:\n", "organisation:\n  body_type: london-borough\n", 1)
    records = library_of(tmp_path, taxonomy, schema, {
        "provider-old": base,
        "council-recent": with_years(council, ["2023/24", "2017", "2019"]),
    })
    got = {t.text: t.have for t in targets(records, taxonomy)}
    assert got["case studies in all"] == 2
    assert got["in Scotland"] == 2 and got["in Wales"] == 0
    assert got["public bodies"] == 1 and got["providers"] == 1
    assert got["kinds of public body"] == 1
    assert got["with a figure from 2022 or later"] == 1


def test_make_coverage_prints_every_dimension_and_the_goals():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "coverage.py")], capture_output=True, text=True,
                         check=True).stdout
    for title in ("Nation", "Region", "Kind of public body", "Sector", "Legal form", "Status", "Latest figure year",
                  "Spread goals"):
        assert f"\n{title}\n" in out
    count = len(list((ROOT / "data" / "case-studies").glob("*.yml")))
    assert f"Case-study library: {count} records" in out
    assert "East of England" in out and "65 wanted: case studies in all" in out


def test_a_commissioner_without_body_type_is_rejected_with_its_line(tmp_path, taxonomy, schema):
    text = VALID_RECORD.read_text(encoding="utf-8").replace("kind: provider", "kind: commissioner")
    cases = tmp_path / "case-studies"
    cases.mkdir()
    (cases / "a-council.yml").write_text(text, encoding="utf-8")
    problems = [str(p) for p in load_library(cases, taxonomy, schema, today=TODAY).problems]
    assert len(problems) == 1
    assert "a-council.yml:6: organisation: a commissioner needs body_type" in problems[0]
    (cases / "a-council.yml").write_text(text.replace("organisation:\n", "organisation:\n  body_type: nhs-trus\n"),
                                         encoding="utf-8")
    problems = [str(p) for p in load_library(cases, taxonomy, schema, today=TODAY).problems]
    assert len(problems) == 1 and "'nhs-trus' is not a known kind of public body" in problems[0]
    assert "did you mean 'nhs-trust'" in problems[0]


def test_every_term_the_records_use_is_defined():
    for path in sorted((ROOT / "data" / "case-studies").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        org = data["organisation"]
        used = {"kinds": [data["kind"]], "legal_forms": [org["legal_form"]], "regions": org["regions"],
                "sectors": data["sectors"], "beneficiaries": data["beneficiaries"],
                "statuses": [org["status"]["value"]], "body_types": [org["body_type"]] if "body_type" in org else []}
        for vocabulary, keys in used.items():
            for key in keys:
                assert key in RAW_TAXONOMY[vocabulary], f"{path.name}: {vocabulary} '{key}' is not in the taxonomy"
        for link in data.get("frameworks", []):
            assert link["outcome"] in RAW_TAXONOMY["frameworks"][link["framework"]]["outcomes"], path.name
        if data["kind"] == "commissioner":
            assert "body_type" in org, f"{path.name}: a public body needs body_type"


@pytest.mark.site
def test_every_term_defined_is_documented_on_the_field_reference_page():
    page = SITE / "contribute" / "fields" / "index.html"
    assert page.exists(), "run `make test`, which builds build/site before pytest"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for vocabulary, terms in RAW_TAXONOMY.items():
        section = soup.find(id=vocabulary.replace("_", "-"))
        assert section is not None, f"the field reference has no section for {vocabulary}"
        table_el = section.find_next("table")
        keys = {code.get_text() for code in table_el.select("tbody td:first-child code")}
        assert keys == set(terms), vocabulary
        if vocabulary == "frameworks":
            text = table_el.get_text()
            for framework in terms.values():
                for outcome in framework["outcomes"]:
                    assert f"{outcome}" in text, outcome
    fields = soup.get_text()
    assert "organisation.body_type" in fields
    assert "where the public service the record describes is delivered" in fields
