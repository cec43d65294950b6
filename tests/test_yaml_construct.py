"""yamlsafe builds text, lists and mappings itself and leaves every other node to PyYAML: the data (or the
error) must be exactly what PyYAML's own construct_document gives, for every kind of node."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from socialvalue.yamlsafe import _BaseLoader, _construct, load_text

CASES = {
    "text, lists and mappings": "a: x\nb: [1, two, 3.5]\nc: {d: e, f: [g]}\n",
    "numbers of every YAML 1.1 form": "a: 0x1F\nb: 0o17\nc: 1_000\nd: 1:30\ne: .inf\nf: -0.5e+3\ng: 017\nh: 1e3\n",
    "true, false and nothing": "a: yes\nb: Off\nc: ~\nd: null\ne: ''\n",
    "dates and times": "a: 2024-01-31\nb: 2024-01-31T10:00:00Z\nc: '2024-01-31'\n",
    "keys that are not text": "1: one\n2024-01-01: day\ntrue: yes\n~: nothing\n3.5: x\n",
    "a merge key": "a: 1\n<<: {b: 2, a: 3}\n",
    "a list of merges": "<<: [{b: 2}, {c: 3}]\nd: 4\n",
    "a value key": "=: x\n",
    "a set, an ordered map and pairs": "a: !!set {x, y}\nb: !!omap [{p: 1}, {q: 2}]\nc: !!pairs [{p: 1}, {p: 2}]\n",
    "binary": "a: !!binary aGVsbG8=\n",
    "explicit tags": "a: !!str 12\nb: !!int '7'\nc: !!float '1'\nd: !!map {e: f}\ne: !!seq [g]\n",
    "a repeated key": "a: 1\nb: 2\na: 3\n",
    "block text": "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n",
    "nesting": "a:\n  - b: [c, {d: [e, f]}]\n    g: {h: {i: j}}\n",
}
ERRORS = {
    "an unhashable key": "? [a, b]\n: c\n",
    "a mapping as key": "? {a: b}\n: c\n",
    "an unknown tag": "a: !python/object:os.system x\n",
    "an unknown local tag": "a: !local x\n",
    "a tagged mapping PyYAML cannot build": "a: !!str {b: c}\n",
}


def both(text: str):
    """(PyYAML's construct_document, yamlsafe's _construct) on the same text, each from a fresh loader."""
    results = []
    for build in (lambda loader, node: loader.construct_document(node), _construct):
        loader = _BaseLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:  # an empty file: load_text reports it before anything is built
                return [("empty", None), ("empty", None)]
            try:
                results.append(("data", build(loader, node)))
            except yaml.YAMLError as exc:
                results.append(("error", str(exc)))
        finally:
            loader.dispose()
    return results


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_of_node_is_built_as_pyyaml_builds_it(name):
    ours, theirs = both(CASES[name])[1], both(CASES[name])[0]
    assert ours == theirs and ours[0] == "data"
    assert [type(v) for v in (ours[1].values() if isinstance(ours[1], dict) else [])] == \
           [type(v) for v in theirs[1].values()]  # 1 and True, a date and its text, stay apart


def test_the_types_come_out_as_a_reader_of_yaml_expects():
    data = both(CASES["numbers of every YAML 1.1 form"])[1][1]
    # YAML 1.1: 017 is octal, 1:30 is base 60; 0o17 and 1e3 (no dot, no sign) stay text.
    assert data == {"a": 31, "b": "0o17", "c": 1000, "d": 90, "e": float("inf"), "f": -500.0, "g": 15, "h": "1e3"}
    assert both(CASES["dates and times"])[1][1]["a"] == dt.date(2024, 1, 31)
    assert both(CASES["a merge key"])[1][1] == {"a": 1, "b": 2}
    assert both(CASES["a repeated key"])[1][1] == {"a": 3, "b": 2}
    assert both(CASES["a set, an ordered map and pairs"])[1][1]["a"] == {"x", "y"}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_what_pyyaml_refuses_is_refused_with_its_own_words(name):
    ours, theirs = both(ERRORS[name])[1], both(ERRORS[name])[0]
    assert ours == theirs and ours[0] == "error"


def test_every_real_record_and_fixture_gives_the_same_data():
    files = sorted((ROOT / "data" / "case-studies").glob("*.yml")) + sorted((FIXTURES / "valid").glob("*.yml"))
    files += [p for p in sorted((FIXTURES / "invalid").iterdir()) if p.name != "not-utf8.yml"]
    assert len(files) > 130
    differ = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            ours, theirs = both(text)[1], both(text)[0]
        except yaml.YAMLError:  # cannot be parsed at all: nothing is constructed
            continue
        if ours != theirs:
            differ.append(path.name)
    assert differ == []


def test_a_repeated_key_kept_going_still_gives_the_later_value():
    loaded, problems = load_text("a: 1\nb: 2\na: 3\n", "x.yml", keep_going=True)
    assert loaded.data == {"a": 3, "b": 2} and [p.line for p in problems] == [3]


SCALARS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.dates(),
                    st.floats(allow_nan=False))


@settings(max_examples=150, deadline=None)
@given(st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20))
def test_any_data_written_out_as_yaml_reads_back_the_same_both_ways(value):
    text = yaml.safe_dump({"v": value}, allow_unicode=True)
    ours, theirs = both(text)[1], both(text)[0]
    assert ours == theirs
