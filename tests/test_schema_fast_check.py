"""The fast schema check (jsonschema-rs) in front of jsonschema: it may only ever save time, never let a
problem through or change a message."""

from __future__ import annotations

import copy

import pytest
from conftest import FIXTURES, ROOT, TODAY, VALID_RECORD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from socialvalue import validation
from socialvalue.validation import load_library, meets_schema_at_once
from socialvalue.yamlsafe import load_file

RECORDS = sorted((ROOT / "data" / "case-studies").glob("*.yml"))


def data_of(path):
    loaded, problems = load_file(path, keep_going=True)
    assert loaded is not None, problems
    return loaded.data


def jsonschema_finds_nothing(validator, data) -> bool:
    return not list(validator.iter_errors(data))


def test_every_real_record_passes_the_fast_check(schema):
    validator = Draft202012Validator(schema)
    passed = [p.name for p in RECORDS if meets_schema_at_once(validator, data_of(p))]
    assert len(RECORDS) >= 100
    assert passed == [p.name for p in RECORDS]


def test_no_invalid_fixture_that_breaks_the_schema_passes_the_fast_check(schema):
    validator = Draft202012Validator(schema)
    broken = []
    for path in sorted((FIXTURES / "invalid").iterdir()):
        loaded, _ = load_file(path, keep_going=True)
        if loaded is not None and not jsonschema_finds_nothing(validator, loaded.data):
            broken.append(path.name)
            assert not meets_schema_at_once(validator, loaded.data), path.name
    # The fixtures that break the schema itself (others break the taxonomy or the rules between fields).
    assert {"unknown-field.yml", "missing-field.yml", "wrong-type.yml", "http-url.yml", "javascript-url.yml",
            "founded-too-early.yml", "bad-year-format.yml"} <= set(broken)


@pytest.mark.parametrize("character", ["\x1c", "\x1f", "\x85"])
def test_a_character_the_two_regular_expressions_read_differently_is_left_to_jsonschema(schema, character):
    """Python's \\s matches these; Rust's does not, so the Rust check alone would pass the address."""
    validator = Draft202012Validator(schema)
    data = data_of(VALID_RECORD)
    data["sources"][0]["url"] = f"https://www.example.org/annual{character}report"
    assert not jsonschema_finds_nothing(validator, data)
    assert not meets_schema_at_once(validator, data)
    assert validation._fast_for(validator).is_valid(data)  # the reason for the rule: Rust alone says valid


def test_a_next_line_character_in_an_address_is_reported_on_its_line(taxonomy, schema, tmp_path):
    text = VALID_RECORD.read_text(encoding="utf-8")
    old = "url: https://www.example.org/annual-report"
    assert text.count(old) == 1
    record = tmp_path / "example-reuse-project.yml"
    record.write_text(text.replace(old, 'url: "https://www.example.org/annual\\Nreport"'), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    library = load_library(tmp_path, taxonomy, schema, today=TODAY, files=[record], root=tmp_path)
    assert library.records == []
    assert [(p.line, p.field) for p in library.problems] == [(line, "sources[0].url")]
    assert "is not an absolute https:// web address" in library.problems[0].message


def test_a_key_that_is_a_number_is_left_to_jsonschema(taxonomy, schema, tmp_path):
    """JSON keys are text; the Rust check cannot read a number key and must not count that as a pass."""
    record = tmp_path / "example-reuse-project.yml"
    record.write_text(VALID_RECORD.read_text(encoding="utf-8") + "2024: a year as a field name\n",
                      encoding="utf-8")
    validator = Draft202012Validator(schema)
    assert not meets_schema_at_once(validator, data_of(record))
    library = load_library(tmp_path, taxonomy, schema, today=TODAY, files=[record], root=tmp_path)
    assert [p.field for p in library.problems] == ["[2024]"]  # how a number key is shown
    assert library.problems[0].message.startswith("unknown field")


def test_a_number_key_deep_inside_is_seen_too(schema):
    validator = Draft202012Validator(schema)
    data = data_of(VALID_RECORD)
    data["sources"][0] = {**data["sources"][0], "note\x85": "x"}
    assert not meets_schema_at_once(validator, data)  # a differing character in a key, not a value


def test_a_valid_record_is_not_checked_again_by_jsonschema(taxonomy, schema, monkeypatch):
    """The point of the fast check: jsonschema only looks at a record that has a problem."""
    calls = []
    real = Draft202012Validator.iter_errors
    monkeypatch.setattr(Draft202012Validator, "iter_errors", lambda self, data: calls.append(1) or real(self, data))
    library = load_library(VALID_RECORD.parent, taxonomy, schema, today=TODAY, files=[VALID_RECORD], root=ROOT)
    assert [r.slug for r in library.records] == ["example-reuse-project"] and calls == []
    load_library(FIXTURES / "invalid", taxonomy, schema, today=TODAY,
                 files=[FIXTURES / "invalid" / "wrong-type.yml"], root=ROOT)
    assert calls == [1]


def test_each_schema_gets_its_own_fast_check(schema):
    """A stricter schema's answer is never taken from an earlier schema's check, however many there are."""
    data = data_of(VALID_RECORD)
    validation._fast.clear()
    sizes = []
    for round_ in range(10):
        strict = copy.deepcopy(schema)
        strict["properties"]["summary"]["maxLength"] = 10 + round_
        assert meets_schema_at_once(Draft202012Validator(schema), data)
        sizes.append(len(validation._fast))
        assert not meets_schema_at_once(Draft202012Validator(strict), data)
        sizes.append(len(validation._fast))
    assert max(sizes) == 8 and sizes[:9] == [1, 2, 3, 4, 5, 6, 7, 8, 1]  # at most eight kept, then a fresh start


def test_the_fast_checks_kept_are_the_ones_in_use(schema):
    validation._fast.clear()
    validators = [Draft202012Validator(schema) for _ in range(3)]
    for v in validators:
        validation._fast_for(v)
    assert [entry[0] for entry in validation._fast.values()] == validators
    assert validation._fast_for(validators[0]) is validation._fast_for(validators[0])


URL_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=URL_TEXT, year=st.text(alphabet="0123456789c./-\n\u0663 ", max_size=10))
def test_whatever_the_fast_check_passes_jsonschema_passes_too(schema, tail, year):
    validator = Draft202012Validator(schema)
    data = data_of(VALID_RECORD)
    data["sources"][0]["url"] = "https://www.example.org/" + tail
    data["metrics"][0]["year"] = year
    if meets_schema_at_once(validator, data):
        assert jsonschema_finds_nothing(validator, data)


def test_a_differing_character_in_a_field_name_is_left_to_jsonschema_too():
    """For a schema that checks field names against a pattern (propertyNames), a name holding \x85 is where the
    two engines differ; the record's own schema has none, so a small one is used."""
    validator = Draft202012Validator({"type": "object", "propertyNames": {"pattern": "^[^\\s]+$"}})
    data = {"ok": 1, "a\x85b": 2}
    assert not jsonschema_finds_nothing(validator, data)
    assert validation._fast_for(validator).is_valid(data)  # Rust alone would pass it
    assert not meets_schema_at_once(validator, data)
    assert meets_schema_at_once(validator, {"ok": 1, "a-b": 2})
