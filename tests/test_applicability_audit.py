"""Points from the independent audit of the checker's rules (issue 9), kept as checks that can fail:
current sources for current figures, hints that name real answers, and wording the fact sheet asks for."""

from __future__ import annotations

import re

import pytest
from conftest import MODEL_SCOPE, ROOT, per_mutant

from socialvalue.applicability import load_rules


@pytest.fixture(scope=MODEL_SCOPE)
def rules(real_data):
    return per_mutant("rules", lambda: load_rules(ROOT, real_data.facts))


def test_no_source_points_at_an_old_version_or_the_welsh_language_interface(rules):
    for source in rules.sources.values():
        assert "legislation.gov.uk/cy/" not in source.url, source
    # The Procurement Act 2023 is cited for the current thresholds: never a dated (point-in-time) version.
    procurement_act = [s for s in rules.sources.values() if "/ukpga/2023/54" in s.url]
    assert len(procurement_act) >= 4
    for source in procurement_act:
        assert not re.search(r"/\d{4}-\d{2}-\d{2}(/|$)", source.url), source


def test_every_current_threshold_cites_the_2026_figures(rules, real_data):
    current = real_data.facts["thresholds"]["current"]
    assert (current["central"], current["sub_central"]) == (135018, 207720)
    figures = ["£135,018", "£207,720"]  # as a reader sees them
    cited = 0
    for question in rules.questions:
        for option in question.options:
            shown = " ".join([question.text, option.label, option.reason])
            if any(f in shown for f in figures) or question.id == "level":
                assert "thresholds-2026" in [s.id for s in option.sources], (question.id, option.id)
                cited += 1
    assert cited >= 10


def test_previous_thresholds_come_from_facts(rules, real_data):
    previous = real_data.facts["thresholds"]["previous"]
    option = rules.question("started").option("previous-thresholds")
    assert (previous["central"], previous["sub_central"]) == (139688, 214904)
    assert "£139,688" in option.reason and "£214,904" in option.reason
    assert option.effect == "unsure"


def test_a_quoted_answer_in_a_hint_is_a_real_answer(rules):
    quoted = 0
    for question in rules.questions:
        for phrase in re.findall(r'"([^"]+)"', question.hint):
            assert any(o.label.startswith(phrase) for o in question.options), (question.id, phrase)
            quoted += 1
    assert quoted >= 3


def test_the_welsh_question_warns_councils_and_nhs_bodies(rules):
    hint = rules.question("welsh-body").hint
    for words in ("Welsh councils", "NHS bodies in Wales", "UK government department", "I am not sure"):
        assert words in hint
    assert "devolved" in rules.question("welsh-body").option("not-exempt").label


def test_the_start_includes_every_trigger_in_section_1_2(rules):
    hint = rules.question("started").hint
    for words in ("publish a notice", "advertise", "offer or an expression of interest",
                  "offer you did not ask for", "enter into the contract"):
        assert words in hint


def test_next_steps_fit_a_procurement_that_has_started(rules):
    """A started procurement can get "The Act applies", so the steps must not assume it has not started."""
    started = rules.question("started").option("current-thresholds")
    assert started.effect == "meets" and "section 1(10)" in started.reason
    steps = [s.text for s in rules.verdicts["applies"].next_steps]
    assert "already started" in steps[0]
    assert not any(s.startswith("Before the procurement starts") for s in steps)
    assert any("every authority" in s for s in steps) and any("urgent" in s for s in steps)


def test_other_rules_keep_to_the_fact_sheet(rules):
    by_id = {r.id: r for r in rules.other_rules}
    assert "cultural well-being" in by_id["wales-act"].text
    assert "Welsh contracting authorities" not in by_id["wales-act"].text
    ppn = by_id["ppn-002"].text
    assert "private utilities" in ppn and "Ministry of Defence" in ppn
    # The fact sheet lists PPN 002's start date as unconfirmed (read only in secondary sources): left out.
    assert "October" not in ppn and "mandatory" not in ppn
    assert "20%" not in by_id["ni-ppn"].text and "not confirmed" in by_id["ni-ppn"].text
