"""The checker page in Chromium: a sample of the case table clicked through, compared with the Python evaluator;
answers kept in the address; keyboard-only use; accessibility; and the page without JavaScript."""

from __future__ import annotations

import json

import pytest
from applicability_cases import BROWSER_SAMPLE, CASES
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT

from socialvalue.applicability import evaluate, load_rules, rules_json
from test_applicability import rules_from_the_yaml_file, same_as_the_yaml_file

BY_NAME = {c["name"]: c for c in CASES}
PATH = "the-act/checker/"


@pytest.fixture(scope="module")
def rules(real_data):
    return load_rules(ROOT, real_data.facts)


def current_question(page) -> str | None:
    """The id of the question on screen, or None when the result is shown."""
    page.wait_for_selector("#sv-checker form[data-question], #sv-result-heading")
    form = page.locator("#sv-checker form[data-question]")
    return form.get_attribute("data-question") if form.count() else None


def click_through(page, rules, answers: dict[str, str]) -> list[str]:
    """Answer each question the page asks, by its visible label; returns the questions asked in order."""
    asked = []
    while (question_id := current_question(page)) is not None:
        assert question_id not in asked, f"asked {question_id} twice"
        asked.append(question_id)
        label = rules.question(question_id).option(answers[question_id]).label
        page.get_by_role("radio", name=label, exact=True).check()
        page.get_by_role("button", name="Continue", exact=True).click()
    return asked


def shown_result(page) -> dict:
    reasons = page.locator("#sv-checker .sv-reason")
    return {
        "heading": page.locator("#sv-result-heading").inner_text().strip(),
        "reasons": [(li.get_attribute("data-question"), li.get_attribute("data-option"))
                    for li in reasons.all()],
        # The reasons are folded in a <details>: read their text whether it is open or not.
        "texts": [t.strip() for t in page.locator("#sv-checker .sv-reason__text").all_text_contents()],
        "others": [li.get_attribute("data-rule") for li in page.locator("#sv-checker .sv-result__others li").all()],
        "steps": [t.strip() for t in page.locator("#sv-checker .sv-step__text").all_text_contents()],
    }


def expected_result(rules, answers) -> dict:
    result = evaluate(rules, answers)
    return {
        "heading": result.verdict.heading,
        "reasons": [(r.question, r.option) for r in result.reasons],
        "texts": [r.text for r in result.reasons],
        "others": [r.id for r in result.other_rules],
        "steps": [s.text for s in result.verdict.next_steps],
    }


@pytest.mark.parametrize("name", BROWSER_SAMPLE)
def test_case_clicked_through_matches_python(page, base_url, rules, name):
    case = BY_NAME[name]
    page.goto(base_url + PATH)
    asked = click_through(page, rules, case["answers"])
    expected = expected_result(rules, case["answers"])
    assert asked == [q for q, _ in expected["reasons"]]
    shown = shown_result(page)
    assert shown == expected
    effects = {r.question: r.effect for r in evaluate(rules, case["answers"]).reasons}
    assert [q for q, e in effects.items() if e != "meets"] == [b.split("=")[0] for b in case["because"]]
    assert page.evaluate("document.activeElement.id") == "sv-result-heading"
    assert "guidance, not legal advice" in page.locator("#sv-checker").inner_text()
    assert page.locator(f"#sv-checker time[datetime='{rules.last_reviewed}']").count() == 1
    assert page.console_errors == []


def test_the_address_keeps_the_answers_so_a_result_can_be_shared(page, browser, base_url, rules):
    case = BY_NAME["light-touch-framework-started"]
    page.goto(base_url + PATH)
    click_through(page, rules, case["answers"])
    before = shown_result(page)
    address = page.url
    assert "kind=light-touch" in address and "started=previous-thresholds" in address
    page.reload()
    assert current_question(page) is None
    assert shown_result(page) == before
    context = browser.new_context()
    try:
        other = context.new_page()
        other.goto(address)
        assert current_question(other) is None
        assert shown_result(other) == before
    finally:
        context.close()
    assert page.console_errors == []


def test_part_answers_in_the_address_resume_at_the_next_question(page, base_url):
    page.goto(base_url + PATH + "?nation=wales&kind=nonsense")
    assert current_question(page) == "welsh-body"
    assert page.console_errors == []


def test_back_and_change_keep_earlier_answers(page, base_url, rules):
    case = BY_NAME["council-services-above-threshold"]
    page.goto(base_url + PATH)
    page.get_by_role("radio", name="England", exact=True).check()
    page.get_by_role("button", name="Continue", exact=True).click()
    assert current_question(page) == "started"
    page.get_by_role("button", name="Back", exact=True).click()
    assert current_question(page) == "nation"
    assert page.get_by_role("radio", name="England", exact=True).is_checked()
    page.get_by_role("button", name="Continue", exact=True).click()
    click_through(page, rules, case["answers"])
    assert shown_result(page)["heading"] == rules.verdicts["applies"].heading
    # Change the answer on what is bought: goods only, so the Act does not apply. The reasons are folded.
    page.locator("#sv-checker .sv-result__why > summary").click()
    page.get_by_role("button", name="Change your answer to: What are you buying?").click()
    assert current_question(page) == "subject"
    page.get_by_role("radio", name="Goods only", exact=True).check()
    page.get_by_role("button", name="Continue", exact=True).click()
    assert shown_result(page) == expected_result(rules, {**case["answers"], "subject": "goods"})
    # The browser's back button returns to the result before the change.
    page.go_back()
    assert shown_result(page)["heading"] == rules.verdicts["applies"].heading
    assert page.console_errors == []


def test_continue_without_an_answer_says_what_to_do(page, base_url):
    page.goto(base_url + PATH)
    page.get_by_role("button", name="Continue", exact=True).click()
    assert page.get_by_role("alert").inner_text() == "Choose an answer to continue."
    assert current_question(page) == "nation"
    assert page.evaluate("document.activeElement.name") == "sv-answer"


def test_keyboard_alone_completes_the_checker(page, base_url, rules):
    case = BY_NAME["mixed-mostly-services"]
    page.goto(base_url + PATH)

    def focused(js: str):
        return page.evaluate(f"(() => {{ const e = document.activeElement; return {js}; }})()")

    for _ in range(80):  # Tab from the top of the page into the first question
        page.keyboard.press("Tab")
        if focused("e.name === 'sv-answer'"):
            break
    while (question_id := current_question(page)) is not None:
        for _ in range(5):  # the question's heading has focus; tab past the guidance link to the answers
            if focused("e.name === 'sv-answer'"):
                break
            page.keyboard.press("Tab")
        question = rules.question(question_id)
        index = [o.id for o in question.options].index(case["answers"][question_id])
        page.keyboard.press("Space")  # check the first answer
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        assert focused("e.value") == case["answers"][question_id]
        page.keyboard.press("Tab")
        assert focused("e.textContent") == "Continue"
        page.keyboard.press("Enter")
        page.wait_for_function(f"!document.querySelector(\"form[data-question='{question_id}']\")")
    assert focused("e.id") == "sv-result-heading"
    assert shown_result(page) == expected_result(rules, case["answers"])
    assert page.console_errors == []


def test_question_and_result_have_no_accessibility_violations(page, base_url, rules):
    axe = Axe()
    page.goto(base_url + PATH)
    found = axe.run(page, context="#sv-checker")
    assert found.violations_count == 0, found.generate_report()
    click_through(page, rules, BY_NAME["light-touch-framework-started"]["answers"])
    found = axe.run(page, context="#sv-checker")
    assert found.violations_count == 0, found.generate_report()


def test_without_javascript_every_question_is_a_readable_list_with_anchors(browser, base_url, rules):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + PATH)
        assert not page.locator("#sv-checker").is_visible()
        for question in rules.questions:
            heading = page.locator(f"h3#q-{question.id}")
            assert heading.is_visible() and question.text in heading.inner_text()
            items = heading.locator("xpath=following-sibling::ul[1]/li")
            texts = items.all_inner_texts()
            assert [t.split(":")[0] for t in texts] == [o.label.split(":")[0] for o in question.options]
            assert all(items.nth(i).is_visible() for i in range(len(texts)))
        page.goto(base_url + PATH + "#q-level")
        assert page.locator("#q-level").is_visible()
        assert page.locator("#results").is_visible() and page.locator("#other-rules").is_visible()
        text = page.locator("article").inner_text()
        assert "guidance, not legal advice" in text
        for verdict in rules.verdicts.values():
            assert verdict.heading in text
    finally:
        context.close()


def test_the_result_gives_the_verdict_then_next_steps_then_the_reasons_folded_with_the_decider_marked(
        page, base_url, rules):
    case = BY_NAME["unsure-contracting-authority"]
    page.goto(base_url + PATH)
    click_through(page, rules, case["answers"])
    result = page.locator("#sv-checker .sv-result")
    order = result.evaluate("""el => [...el.children].map(c => c.tagName + '.' + (c.className || c.textContent.slice(0, 20)))""")
    kinds = [o.split(".")[0] for o in order]
    assert kinds[:2] == ["H2", "P"], order
    assert kinds.index("DETAILS") > kinds.index("UL"), "next steps come before the reasons"
    why = result.locator("details.sv-result__why")
    assert why.get_attribute("open") is None, "the reasons start folded"
    assert not why.locator(".sv-result__reasons").is_visible()
    # The deciding answer is named beside the fold and marked in the list.
    expected = evaluate(rules, case["answers"])
    deciding = [r for r in expected.reasons if r.question == "buyer"]
    assert deciding, expected.reasons
    assert "The deciding answer" in result.locator(".sv-result__decider").inner_text()
    why.locator("summary").click()
    marked = why.locator(".sv-reason--deciding")
    assert marked.count() == 1 and marked.get_attribute("data-question") == "buyer"
    assert "This answer decided the result" in marked.inner_text()


def test_a_result_where_every_answer_fits_marks_no_single_decider(page, base_url, rules):
    page.goto(base_url + PATH)
    click_through(page, rules, BY_NAME["council-services-above-threshold"]["answers"])
    assert page.locator("#sv-checker .sv-reason--deciding").count() == 0
    assert page.locator("#sv-checker .sv-result__decider").count() == 0


def test_with_javascript_the_full_list_is_folded_away_and_a_link_shows_it(page, base_url, rules):
    page.goto(base_url + PATH)
    page.wait_for_selector("#sv-checker form[data-question]")
    # The page sends the rules once, as the list; what the script reads from it is data/applicability.yml,
    # checked against the YAML file itself and against the Python export the evaluator uses.
    read = page.evaluate("svCheckerRules()")
    same_as_the_yaml_file(read, rules_from_the_yaml_file())
    assert read == json.loads(json.dumps(rules_json(rules, "the-act/checker.md")))
    assert page.console_errors == []
    assert not page.locator("h3#q-nation").is_visible()
    page.get_by_role("link", name="See all the questions and answers as one list").click()
    assert page.locator("h3#q-nation").is_visible()


def test_the_checker_page_does_not_shift_as_the_script_draws_it(browser, base_url):
    """Cumulative layout shift while the checker page loads and draws its first question, on a phone."""
    for viewport in ({"width": 375, "height": 667}, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.add_init_script("""window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
            if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});""")
        page.goto(base_url + PATH)
        page.wait_for_selector("#sv-checker form[data-question]")
        page.wait_for_timeout(500)
        cls = page.evaluate("window.__cls")
        print(f"checker CLS at {viewport['width']} px: {cls:.4f}")
        assert cls < 0.02, (viewport, cls)
        context.close()
