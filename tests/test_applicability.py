"""The checker's rules (data/applicability.yml): the case table, every path through the rules, the loader's
error messages, and the page generated from the rules."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from applicability_cases import CASES, NOT, APPLIES, DEPENDS
from bs4 import BeautifulSoup
from conftest import MODEL_SCOPE, ROOT, per_mutant

from socialvalue.applicability import (ApplicabilityError, Guidance, all_paths, evaluate, load_rules, page_url,
                                        relative_url, rules_json)

SITE = ROOT / "build" / "site"
PAGE = "the-act/checker.md"
BUILT = SITE / "the-act" / "checker" / "index.html"


@pytest.fixture(scope=MODEL_SCOPE)
def rules(real_data):
    return per_mutant("rules", lambda: load_rules(ROOT, real_data.facts))


def decisive(result) -> list[str]:
    return [f"{r.question}={r.option}" for r in result.reasons if r.effect != "meets"]


# ---------------------------------------------------------------- the case table


def test_case_names_are_unique():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(rules, case):
    result = evaluate(rules, case["answers"])
    assert result.next_question is None, f"the case leaves question {result.next_question.id} unanswered"
    assert result.verdict.id == case["verdict"]
    assert decisive(result) == case["because"]
    # Every reason is one of the case's answers, in the order asked, with a source and a guidance page.
    asked = [(r.question, r.option) for r in result.reasons]
    assert all(case["answers"][q] == o for q, o in asked)
    assert [q for q, _ in asked] == [q.id for q in rules.questions if q.id in dict(asked)]
    for reason in result.reasons:
        assert reason.sources and all(s.url.startswith("https://") for s in reason.sources)
        assert (ROOT / "docs" / reason.guidance.page).is_file()


def test_the_table_reaches_every_answer_and_every_result(rules):
    reached, stops = set(), set()
    for case in CASES:
        result = evaluate(rules, case["answers"])
        reached |= {(r.question, r.option) for r in result.reasons}
        last = result.reasons[-1]
        if last.effect in ("fails", "refer"):
            stops.add((last.question, last.option))
    every = {(q.id, o.id) for q in rules.questions for o in q.options}
    assert every - reached == set(), "answers no case reaches"
    stopping = {(q.id, o.id) for q in rules.questions for o in q.options if o.effect in ("fails", "refer")}
    assert stopping - stops == set(), "stopping answers no case ends on"
    assert {c["verdict"] for c in CASES} == {APPLIES, DEPENDS, NOT}


# ---------------------------------------------------------------- every path, against the law as written here


def the_law(a: dict[str, str]) -> tuple[str, list[str]]:
    """The fact sheet's rules written out by hand, independently of the data file's layout:
    (result, the answers that make it something other than 'The Act applies')."""
    doubts: list[str] = []

    def no(key):
        return NOT, doubts + [f"{key}={a[key]}"]

    if a["nation"] in ("scotland", "northern-ireland"):  # s.4: England and Wales only
        return no("nation")
    if a["nation"] == "unsure":  # where it mainly exercises its functions is unclear (UK-wide, cross-border)
        doubts.append("nation=unsure")
    elif a["nation"] not in ("england", "wales"):
        raise AssertionError(f"the law here does not know the nation answer {a['nation']!r}")
    if a["nation"] == "wales":  # s.1(11)-(12): exempt Welsh bodies
        if a["welsh-body"] == "exempt":
            return no("welsh-body")
        if a["welsh-body"] == "unsure":
            doubts.append("welsh-body=unsure")
    if a["started"] == "before-reform":  # the old rules applied
        return DEPENDS, doubts + ["started=before-reform"]
    # Started from 1 January 2026: the current thresholds applied, the duty was due before the start, and
    # s.1(10) keeps what was done under the PA 2023 valid, so nothing in doubt. Started from 24 February to
    # 31 December 2025: the higher previous thresholds applied, which the value questions do not ask about.
    if a["started"] == "previous-thresholds":
        doubts.append("started=previous-thresholds")
    elif a["started"] not in ("not-yet", "current-thresholds"):
        raise AssertionError(f"the law here does not know the start answer {a['started']!r}")
    if a["buyer"] == "not-contracting-authority":  # s.1(15): a relevant authority
        return no("buyer")
    if a["buyer"] == "unsure":
        doubts.append("buyer=unsure")
    if a["subject"] in ("goods", "works"):  # goods or works alone are not covered
        return no("subject")
    if a["subject"] == "mixed":  # unsettled since the 2025 amendments, whichever part is larger
        doubts.append(f"mixed-share={a['mixed-share']}")
    if a["kind"] in ("excluded", "exempted"):  # outside the meaning of a public services contract
        return no("kind")
    if a["kind"] in ("light-touch", "psr", "unsure"):  # plain reading only / no source / unknown
        doubts.append(f"kind={a['kind']}")
    if a["route"] in ("call-off", "call-off-old-framework"):  # s.1(1), in both wordings: no call-offs
        return no("route")
    if a["route"] == "framework":
        if a["framework-share"] == "mostly-other":
            return no("framework-share")
        if a["framework-share"] == "unsure":
            doubts.append("framework-share=unsure")
    value = {"central": "value-central", "sub-central": "value-sub-central", "unsure": "value-either"}[a["level"]]
    if a[value] in ("below", "below-both"):  # only at or above the threshold, with VAT
        return no(value)
    if a[value] in ("unknown", "between"):
        doubts.append(f"{value}={a[value]}")
    return (DEPENDS if doubts else APPLIES), doubts


def test_every_path_through_the_rules_gives_what_the_law_says(rules):
    paths = all_paths(rules)
    assert len(paths) > 1000  # the rules branch; if this drops sharply, the walk is broken
    wrong = []
    for answers in paths:
        result = evaluate(rules, answers)
        got = (result.verdict.id, decisive(result))
        if got != the_law(answers):
            wrong.append((answers, got, the_law(answers)))
    assert wrong == []
    assert {evaluate(rules, p).verdict.id for p in paths} == {APPLIES, DEPENDS, NOT}


def test_doubt_never_gives_a_confident_yes(rules):
    for answers in all_paths(rules):
        result = evaluate(rules, answers)
        if any(r.effect in ("unsure", "refer") for r in result.reasons):
            assert result.verdict.id != APPLIES, answers


def test_every_not_sure_answer_and_every_open_question_says_take_advice(rules):
    # A "not sure" answer says take advice, unless a follow-up question is asked just for it.
    followed_up = {(q.show_if[0], o) for q in rules.questions if q.show_if for o in q.show_if[1]}
    for question in rules.questions:
        for option in question.options:
            if option.id in ("unsure", "unknown") and (question.id, option.id) not in followed_up:
                assert option.effect == "unsure", (question.id, option.id)
    assert ("level", "unsure") in followed_up
    # The fact sheet's open questions: mixed contracts, light touch services and the PSR after 2025.
    assert {o.effect for o in rules.question("mixed-share").options} == {"unsure"}
    assert rules.question("kind").option("light-touch").effect == "unsure"
    assert rules.question("kind").option("psr").effect == "unsure"


def test_unknown_answers_are_refused(rules):
    with pytest.raises(ValueError, match="no answer"):
        evaluate(rules, {"nation": "wales-and-scotland"})
    with pytest.raises(ValueError, match="no question"):
        evaluate(rules, {"colour": "blue"})


def test_an_unfinished_set_of_answers_names_the_next_question(rules):
    result = evaluate(rules, {"nation": "wales"})
    assert result.verdict is None and result.next_question.id == "welsh-body"
    assert evaluate(rules, {"nation": "england"}).next_question.id == "started"


def test_thresholds_come_from_facts(rules, real_data):
    current = real_data.facts["thresholds"]["current"]
    central = f"£{current['central']:,}"
    sub_central = f"£{current['sub_central']:,}"
    assert central in rules.question("value-central").text
    assert sub_central in rules.question("value-sub-central").text
    text = (ROOT / "data" / "applicability.yml").read_text(encoding="utf-8")
    assert central not in text and sub_central not in text


def test_rules_kept_between_serve_builds_follow_the_facts_and_the_rules_file(real_data, tmp_path):
    """Under `make serve` the rules are kept in a memo while nothing they are made from changed; a new figure in
    the facts, or an edited rules file, must give the rules a fresh load gives."""
    import copy
    memo: dict = {}
    first = load_rules(ROOT, real_data.facts, memo=memo)
    assert load_rules(ROOT, real_data.facts, memo=memo) is first
    facts = copy.deepcopy(real_data.facts)
    facts["thresholds"]["current"]["central"] += 1000
    raised = load_rules(ROOT, facts, memo=memo)
    assert raised.question("value-central").text == load_rules(ROOT, facts).question("value-central").text
    assert raised.question("value-central").text != first.question("value-central").text
    edited = tmp_path / "applicability.yml"
    text = (ROOT / "data" / "applicability.yml").read_text(encoding="utf-8")
    caution = load_rules(ROOT, facts).caution
    edited.write_text(text.replace(caution.split()[0], "Edited", 1), encoding="utf-8")
    assert load_rules(ROOT, facts, path=edited, memo=memo).caution == load_rules(ROOT, facts, path=edited).caution
    assert load_rules(ROOT, facts, path=edited, memo=memo).caution != caution


def test_rules_kept_between_serve_builds_follow_the_guidance_pages_and_a_missing_file(real_data, tmp_path):
    """A question links to a heading on a guidance page: renaming that heading under `make serve` must stop the
    rules as a fresh load does, not leave the kept rules in place. A rules file that is not there is named."""
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    memo: dict = {}
    # The facts file may hold dates as YAML dates, which are not JSON: keeping the rules must cope with them.
    dated = {**real_data.facts, "last_checked": dt.date(2026, 11, 24)}
    kept = load_rules(tmp_path, dated, memo=memo)
    assert kept.caution == load_rules(tmp_path, dated).caution
    assert load_rules(tmp_path, dated, memo=memo) is kept
    page = tmp_path / "docs" / "the-act" / "who-and-what-it-covers.md"
    text = page.read_text(encoding="utf-8")
    assert "\n## Where the Act applies\n" in text
    page.write_text(text.replace("\n## Where the Act applies\n", "\n## Where it reaches\n"), encoding="utf-8")
    # The same facts and the same rules file: only the page tells this load from the kept one. (Other facts
    # here would change the key on their own, and the test would pass with the pages left out of it.)
    with pytest.raises(ApplicabilityError, match=r"no heading with the anchor #where-the-act-applies"):
        load_rules(tmp_path, dated, memo=memo)
    with pytest.raises(ApplicabilityError, match=r"missing\.yml"):
        load_rules(tmp_path, real_data.facts, path=tmp_path / "data" / "missing.yml", memo=memo)


def test_rules_kept_between_serve_builds_cope_with_a_page_name_that_is_not_utf8(real_data, tmp_path):
    """On Linux a file name is bytes, and one that is not UTF-8 reaches Python with lone surrogates in it, which
    strict UTF-8 refuses to encode. Such a file in docs/ must not stop the rules being kept under `make serve`."""
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    odd = tmp_path / "docs" / os.fsdecode(b"notes-\xff.md")
    try:
        odd.write_text("# Notes\n", encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses a file name that is not UTF-8")
    assert odd in set((tmp_path / "docs").rglob("*.md")) and not str(odd).isascii()
    memo: dict = {}
    kept = load_rules(tmp_path, real_data.facts, memo=memo)
    assert kept.caution == load_rules(tmp_path, real_data.facts).caution
    assert load_rules(tmp_path, real_data.facts, memo=memo) is kept


# ---------------------------------------------------------------- the loader's messages


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "data" / "applicability.yml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "applicability.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems(tmp_path, facts, old, new) -> list[str]:
    with pytest.raises(ApplicabilityError) as caught:
        load_rules(ROOT, facts, path=broken(tmp_path, old, new))
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("old,new,expected", [
    ("sources: [sva-extent]\n", "sources: [sva-extnet]\n", r"questions\[0\]\.options\[0\]\.sources\[0\]: unknown source 'sva-extnet'"),
    ("label: England\n", "label: England £5\n", r"options\[0\]\.label: types a money figure"),
    ("{gbp:thresholds.current.central}.", "{gbp:thresholds.current.centrall}.", r"no figure 'thresholds.current.centrall'"),
    ("guidance: the-act/who-and-what-it-covers.md#where-the-act-applies",
     "guidance: the-act/who-and-what-it-covers.md#nowhere", r"questions\[0\]\.guidance: .*no heading with the anchor #nowhere"),
    ("guidance: the-act/who-and-what-it-covers.md#where-the-act-applies",
     "guidance: the-act/missing.md", r"questions\[0\]\.guidance: no page docs/the-act/missing.md"),
    ("show_if: {subject: [mixed]}", "show_if: {nation: [wales]}", r"show_if: must name the nearest earlier question"),
    ("show_if: {subject: [mixed]}", "show_if: {subject: [food]}", r"show_if\.subject\[0\]: question 'subject' has no answer 'food'"),
    ("effect: meets\n", "effect: maybe\n", r"questions\[0\]\.options\[0\]\.effect"),
    ("label: England\n", "label: England\n        colour: red\n", r"options\[0\]\.colour: unknown field"),
    ("label: England\n", "label: <b>England</b>\n", r"options\[0\]\.label: must be plain text"),
    ("url: https://www.legislation.gov.uk/ukpga/2012/3\n", "url: javascript:alert(1)\n", r"sources\.sva\.url: "),
])
def test_a_broken_rules_file_gets_a_clear_message(tmp_path, real_data, old, new, expected):
    found = problems(tmp_path, real_data.facts, old, new)
    assert any(re.search(r"^[^:]+applicability\.yml:\d+: " + ".*" + expected, p) or re.search(expected, p)
               for p in found), found
    assert all(re.match(r"^\S+applicability\.yml:\d+: \S+: ", p) for p in found), found


def test_a_broken_rules_file_stops_the_build_without_a_traceback(tmp_path):
    from conftest import make_project, run_build
    project = make_project(tmp_path, {})
    rules_file = project / "data" / "applicability.yml"
    rules_file.write_text(rules_file.read_text(encoding="utf-8").replace(
        "sources: [sva-extent]\n", "sources: [nowhere]\n", 1), encoding="utf-8")
    built = run_build(project)
    assert built.returncode != 0
    assert re.search(r"data/applicability\.yml:\d+: questions\[0\]\.options\[0\]\.sources\[0\]: unknown source",
                     built.output), built.output
    assert "Traceback" not in built.output
    assert not (project / "site").exists()


# ---------------------------------------------------------------- the generated page


@pytest.fixture(scope="module")
def page_html(fresh_site) -> BeautifulSoup:
    if not BUILT.exists():
        pytest.fail(f"{BUILT} is missing: run `make test`, which builds build/site before pytest")
    return BeautifulSoup(BUILT.read_text(encoding="utf-8"), "html.parser")


def rules_from_the_yaml_file() -> dict:
    """What the page's JSON must hold, read from data/applicability.yml and data/facts.yml without the product's
    loader: placeholders filled the way a reader reads them ({gbp:...} as '£135,018', {date:...} as
    '1 January 2026'), guidance as (docs page, anchor)."""
    data = yaml.safe_load((ROOT / "data" / "applicability.yml").read_text(encoding="utf-8"))
    facts = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))

    def fact(dotted):
        node = facts
        for part in dotted.split("."):
            node = node[part]
        return node

    def shown(match):
        kind, value = match.group(1), fact(match.group(2))
        if kind == "date":
            day = dt.date.fromisoformat(value)
            return f"{day.day} {day:%B %Y}"
        return f"£{value:,}" if kind == "gbp" else f"{value:,}"

    def fill(text):
        return re.sub(r"\{(gbp|date|num):([a-z0-9_.]+)\}", shown, text)

    def sources(ids):
        return [{"title": fill(data["sources"][i]["title"]), "url": data["sources"][i]["url"]} for i in ids]

    def guide(ref):
        page, _, anchor = ref.partition("#")
        return (page, anchor)

    def step(s):
        return {"text": fill(s["text"]), "sources": sources(s["sources"]), "guidance": guide(s["guidance"])}

    return {
        "last_reviewed": data["last_reviewed"], "caution": fill(data["caution"]),
        "questions": [{
            "id": q["id"], "number": n, "text": fill(q["text"]), "hint": fill(q["hint"]),
            "guidance": guide(q["guidance"]), "show_if": q.get("show_if"),
            "options": [{"id": o["id"], "label": fill(o["label"]), "effect": o["effect"], "reason": fill(o["reason"]),
                         "sources": sources(o["sources"]), "guidance": guide(o.get("guidance", q["guidance"]))}
                        for o in q["options"]],
        } for n, q in enumerate(data["questions"], start=1)],
        "verdicts": {key: {"heading": fill(v["heading"]), "summary": fill(v["summary"]),
                           "next_steps": [step(s) for name in v["next_steps"] for s in data["next_steps"][name]]}
                     for key, v in data["results"].items()},
        "other_rules": [{"id": r["id"], "title": fill(r["title"]), "when": r["when"], "text": fill(r["text"]),
                         "sources": sources(r["sources"]), "guidance": guide(r["guidance"])}
                        for r in data["other_rules"]],
    }


def page_and_anchor(link: dict) -> tuple[str, str]:
    """The docs page and anchor that a guidance link on the checker page (the-act/checker/) leads to."""
    target = urlsplit(urljoin("https://example.org/the-act/checker/", link["url"]))
    path = target.path.strip("/")
    page = "index.md" if path == "" else f"{path}.md"
    if not (ROOT / "docs" / page).is_file():
        page = f"{path}/index.md"
    return page, target.fragment


def links_as_pages(node):
    """The JSON with each guidance link {title, url} replaced by the (docs page, anchor) it leads to."""
    if isinstance(node, dict):
        if set(node) == {"title", "url"} and not node["url"].startswith("https://"):
            return page_and_anchor(node)
        return {k: links_as_pages(v) for k, v in node.items()}
    if isinstance(node, list):
        return [links_as_pages(v) for v in node]
    return node


def same_as_the_yaml_file(exported: dict, expected: dict) -> None:
    shown = links_as_pages(exported)
    for key in expected:
        assert shown[key] == expected[key], key
    assert set(exported) == set(expected) | {"effects", "last_reviewed_text"}


def test_rules_json_holds_the_rules_of_the_yaml_file(rules):
    """The same check as on the built page, without a build (fast enough for `make mutation`)."""
    data = rules_json(rules, PAGE)
    same_as_the_yaml_file(data, rules_from_the_yaml_file())
    titles = {q["id"]: q["guidance"]["title"] for q in data["questions"]}
    assert titles["nation"] == "Where the Act applies (Who and what it covers)"
    assert data["last_reviewed_text"] == "1 December 2026"  # last_reviewed in data/applicability.yml, as a reader sees it
    assert data["effects"]["refer"] == {"verdict": "depends", "stops": True, "label": "Take advice"}


@pytest.mark.parametrize("page,url", [("index.md", ""), ("guides/index.md", "guides/"),
                                      ("guides/commissioners.md", "guides/commissioners/"),
                                      ("the-act/checker.md", "the-act/checker/")])
def test_page_urls_are_directory_urls(page, url):
    assert page_url(page) == url


@pytest.mark.parametrize("target,anchor,from_page,link", [
    ("the-act/who-and-what-it-covers.md", "thresholds", "the-act/checker.md", "../who-and-what-it-covers/#thresholds"),
    ("the-act/checker.md", "", "the-act/checker.md", "./"),
    ("the-act/checker.md", "start", "the-act/checker.md", "#start"),
    ("guides/commissioners.md", "", "the-act/checker.md", "../../guides/commissioners/"),
    ("index.md", "", "the-act/checker.md", "../../"),
    ("the-act/checker.md", "", "index.md", "the-act/checker/"),
])
def test_guidance_links_are_relative_to_the_page(target, anchor, from_page, link):
    assert relative_url(Guidance(target, anchor, "Title"), from_page) == link


def test_the_page_sends_the_rules_once_as_the_list_with_data_attributes(rules, page_html):
    """No JSON copy of the rules: the decision list carries them, marked for the script, which reads them back
    (tests/browser/test_checker.py compares what it reads with data/applicability.yml)."""
    assert page_html.find("article").find("script", type="application/json") is None
    assert page_html.find(id="sv-checker-rules") is None
    box = page_html.find(id="sv-checker")
    # What each effect does, as the rules file's own header describes it: the one piece not in the list.
    assert json.loads(box["data-effects"]) == {
        "meets": {"verdict": None, "stops": False, "label": "Met"},
        "unsure": {"verdict": "depends", "stops": False, "label": "Take advice"},
        "fails": {"verdict": "does-not-apply", "stops": True, "label": "Does not apply"},
        "refer": {"verdict": "depends", "stops": True, "label": "Take advice"},
    }
    listed = page_html.find(id="sv-checker-list")
    assert [s["data-sv-q"] for s in listed.select("h3 [data-sv-q]")] == [q.id for q in rules.questions]
    for q in rules.questions:
        heading = listed.find(id=f"q-{q.id}")
        span = heading.select_one("[data-sv-q]")
        assert span.get_text() == q.text
        assert span.get("data-show-if") == (f"{q.show_if[0]}={' '.join(q.show_if[1])}" if q.show_if else None)
        items = heading.find_next("ul").find_all("li", recursive=False)
        assert [(li.select_one("[data-sv-o]")["data-sv-o"], li.select_one("[data-sv-o]")["data-effect"])
                for li in items] == [(o.id, o.effect) for o in q.options]
    assert [s["data-sv-verdict"] for s in listed.select("[data-sv-verdict]")] == ["applies", "depends", "does-not-apply"]
    assert [s["data-sv-other"] for s in listed.select("[data-sv-other]")] == [r.id for r in rules.other_rules]
    assert page_html.select_one("[data-sv=caution]").get_text() == rules.caution
    # A reader sees the figures written out; spot-check them as written here.
    text = listed.get_text(" ")
    for figure in ("£135,018", "£207,720", "£139,688", "£214,904", "1 January 2026", "24 February 2025"):
        assert figure in text, figure


@pytest.mark.site
def test_the_page_loads_only_its_own_script(page_html):
    sources = [s["src"] for s in page_html.find_all("script", src=True)]
    assert all(not urlsplit(src).netloc for src in sources), sources
    ours = [s for s in sources if s.endswith("checker.js")]
    assert ours == ["../../assets/checker.js"]
    assert (SITE / "assets" / "checker.js").exists()
    other = BeautifulSoup((SITE / "the-act" / "who-and-what-it-covers" / "index.html").read_text(), "html.parser")
    assert not [s for s in other.find_all("script", src=True) if "checker" in s["src"]]


def test_the_no_javascript_list_has_every_question_result_and_other_rule(rules, page_html):
    ids = {tag["id"] for tag in page_html.find_all(id=True)}
    for question in rules.questions:
        heading = page_html.find(id=f"q-{question.id}")
        assert heading is not None and heading.name == "h3"
        assert question.text in heading.get_text()
        items = heading.find_next("ul").find_all("li", recursive=False)
        assert [li.strong.get_text().rstrip(":") for li in items] == [o.label for o in question.options]
    for key in ("applies", "depends", "does-not-apply"):
        assert f"result-{key}" in ids
    for rule in rules.other_rules:
        assert f"other-{rule.id}" in ids
    # Every link inside the page points at something that exists on it.
    for a in page_html.select("article a[href^='#']"):
        assert a["href"][1:] in ids, a["href"]


def test_the_numbered_sources_match_the_rules(rules, page_html):
    listed = page_html.find(id="sources").find_next("ol").find_all("li", recursive=False)
    assert [(li.a["id"], li.a["href"]) for li in listed] == [(f"source-{s.id}", s.url) for s in rules.sources.values()]
    number = {f"#source-{s.id}": i for i, s in enumerate(rules.sources.values(), start=1)}
    cites = page_html.select("article a[href^='#source-']")
    assert cites
    for a in cites:
        assert a.get_text() == f"[{number[a['href']]}]"


@pytest.mark.site
def test_every_guidance_link_in_the_json_leads_to_a_real_section(rules):
    data = rules_json(rules, PAGE)
    links = [q["guidance"] for q in data["questions"]] + [o["guidance"] for q in data["questions"] for o in q["options"]]
    links += [s["guidance"] for v in data["verdicts"].values() for s in v["next_steps"]]
    links += [r["guidance"] for r in data["other_rules"]]
    base = "https://example.org/the-act/checker/"
    for link in links:
        target = urlsplit(urljoin(base, link["url"]))
        path = SITE / target.path.lstrip("/") / "index.html"
        assert path.exists(), link
        if target.fragment:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            assert soup.find(id=target.fragment) is not None, link


def test_the_page_shows_the_caution_and_the_review_date(rules, page_html):
    text = page_html.get_text(" ")
    assert "guidance, not legal advice" in text
    reviewed = page_html.select_one("article time[datetime='%s']" % rules.last_reviewed)
    assert reviewed is not None
    meta = yaml.safe_load((ROOT / "docs" / PAGE).read_text(encoding="utf-8").split("---\n")[1])
    assert str(meta["last_reviewed"]) == rules.last_reviewed


@pytest.mark.site
@pytest.mark.parametrize("page", ["index.html", "the-act/who-and-what-it-covers/index.html"])
def test_the_checker_is_linked_from(page):
    soup = BeautifulSoup((SITE / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert any(a["href"].rstrip("/").endswith("checker") for a in article.find_all("a", href=True)), page


def test_rules_text_stays_text_through_the_whole_build(tmp_path):
    """Markdown, Jinja and entities in the rules reach the page as the same characters, never as markup."""
    from conftest import make_project, run_build
    project = make_project(tmp_path, {})
    rules_file = project / "data" / "applicability.yml"
    hostile = "{{ 7*7 }} [click](javascript:alert(1)) **bold** &amp; x {% raw %}"
    rules_file.write_text(rules_file.read_text(encoding="utf-8").replace(
        "reason: The buyer works in England, where the Act applies.", f"reason: '{hostile}'", 1), encoding="utf-8")
    built = run_build(project)
    assert built.returncode == 0, built.output
    soup = BeautifulSoup(built.page("the-act/checker"), "html.parser")
    england = soup.find(id="q-nation").find_next("ul").find("li")
    assert hostile in england.get_text()
    assert not soup.select("a[href^='javascript']") and not england.find("strong", string="bold")
    assert england.select_one("[data-sv=reason]").get_text() == hostile


# ---------------------------------------------------------------- messages and results in full


def test_a_broken_rules_file_lists_every_problem_in_its_message(tmp_path, real_data):
    text = (ROOT / "data" / "applicability.yml").read_text(encoding="utf-8")
    path = tmp_path / "applicability.yml"
    path.write_text(text.replace("        label: England\n", "        label: <b>England</b>\n", 1).replace(
        "        label: Wales\n", "        label: <i>Wales</i>\n", 1), encoding="utf-8")
    with pytest.raises(ApplicabilityError) as caught:
        load_rules(ROOT, real_data.facts, path=path)
    assert str(caught.value) == (
        f"{path}:116: questions[0].options[0].label: must be plain text; HTML is not allowed\n"
        f"{path}:121: questions[0].options[1].label: must be plain text; HTML is not allowed")


def test_a_placeholder_that_is_not_a_figure_is_named(tmp_path, real_data):
    found = problems(tmp_path, real_data.facts, "authority, so its threshold is {gbp:thresholds.current.central}.",
                     "authority, so its threshold is {gbp:thresholds.current}.")
    assert [p.split(": ", 1)[1] for p in found] == [
        "questions[9].options[0].reason: placeholder problem: thresholds.current is not a number"]
    assert found[0].endswith("applicability.yml:412: questions[9].options[0].reason: placeholder problem: "
                             "thresholds.current is not a number")


def test_an_unknown_answer_or_question_is_named_with_the_allowed_ones(rules):
    with pytest.raises(ValueError) as caught:
        evaluate(rules, {"nation": "wales-and-scotland"})
    assert str(caught.value) == ("question 'nation' has no answer 'wales-and-scotland'; "
                                 "allowed: england, wales, scotland, northern-ireland, unsure")
    with pytest.raises(ValueError) as caught:
        evaluate(rules, {"colour": "blue"})
    assert str(caught.value) == ("no question 'colour'; questions: nation, welsh-body, started, buyer, subject, "
                                 "mixed-share, kind, route, framework-share, level, value-central, "
                                 "value-sub-central, value-either")


def test_an_unfinished_result_keeps_the_reasons_so_far(rules):
    result = evaluate(rules, {"nation": "england", "started": "not-yet"})
    assert result.verdict is None and result.next_question.id == "buyer"
    assert [(r.question, r.option, r.effect) for r in result.reasons] == [
        ("nation", "england", "meets"), ("started", "not-yet", "meets")]
    assert result.reasons[0].text == "The buyer works in England, where the Act applies."


@pytest.mark.parametrize("answers,verdict,others", [
    ({"nation": "scotland"}, NOT, ["procurement-act", "scotland-duty"]),
    ({"nation": "northern-ireland"}, NOT, ["procurement-act", "ni-ppn"]),
    ({"nation": "wales", "welsh-body": "exempt"}, NOT, ["procurement-act", "wales-act"]),
    ({"nation": "wales", "welsh-body": "not-exempt", "started": "before-reform"}, DEPENDS,
     ["procurement-act", "ppn-002", "wales-act"]),
    ({"nation": "england", "started": "before-reform"}, DEPENDS, ["procurement-act", "ppn-002"]),
])
def test_the_other_rules_shown_follow_the_answers(rules, answers, verdict, others):
    result = evaluate(rules, answers)
    assert result.verdict.id == verdict
    assert [r.id for r in result.other_rules] == others


def test_fill_writes_figures_as_a_reader_reads_them_and_refuses_what_is_not_a_number():
    from socialvalue.applicability import fill
    facts = {"a": {"money": 135018, "count": 1234, "day": "2026-01-01", "word": "many", "flag": True}}
    assert fill("{gbp:a.money}, {num:a.count} from {date:a.day}", facts) == "£135,018, 1,234 from 1 January 2026"
    for kind, name in (("gbp", "word"), ("num", "flag")):
        with pytest.raises(ValueError) as caught:
            fill(f"{{{kind}:a.{name}}}", facts)
        assert str(caught.value) == f"a.{name} is not a number"
    with pytest.raises(KeyError):
        fill("{gbp:a.missing}", facts)


def test_heading_anchors_are_those_python_markdown_makes():
    from socialvalue.applicability import heading_anchors
    text = ("# Who it covers\n"
            "```\n# not a heading, inside a fence\n```\n"
            "## Thresholds and values {#thresholds}\n"
            "### Light touch services { .note }\n"
            "#### Spaces after   \n"
            "#No space, so not a heading\n"
            "####### Seven is too many\n")
    assert heading_anchors(text) == {"who-it-covers": "Who it covers", "thresholds": "Thresholds and values",
                                     "light-touch-services": "Light touch services",
                                     "spaces-after": "Spaces after"}


def test_a_guidance_page_is_named_by_its_title_or_else_its_path(tmp_path):
    from socialvalue.applicability import _Loader
    (tmp_path / "titled.md").write_text("---\ntitle: Who and what it covers \n---\n# Heading\n", encoding="utf-8")
    (tmp_path / "untitled.md").write_text("---\ndescription: No title here\n---\n# Heading\n", encoding="utf-8")
    (tmp_path / "plain.md").write_text("# Heading\n\ntitle: not front matter\n", encoding="utf-8")
    loader = _Loader(None, "rules.yml", {}, tmp_path)
    assert loader.page("titled.md") == ("Who and what it covers", {"heading": "Heading"})
    assert loader.page("untitled.md") == ("untitled.md", {"heading": "Heading"})
    assert loader.page("plain.md") == ("plain.md", {"heading": "Heading"})
    assert loader.page("missing.md") is None


def test_a_condition_on_a_later_question_names_the_earlier_ones(tmp_path, real_data):
    found = [p.split(": ", 1)[1] for p in problems(tmp_path, real_data.facts, "show_if: {subject: [mixed]}",
                                                     "show_if: {kind: [none]}")]
    assert found == ["questions[5].show_if.kind: names no earlier question; earlier questions: nation, welsh-body, "
                     "started, buyer, subject",
                     "questions[5].show_if: must name the nearest earlier question that has no show_if (subject)"]


def test_an_unknown_source_is_named_with_every_known_one(tmp_path, real_data):
    """The message lists the source ids a contributor may use, in the rules file's order, comma-separated."""
    known = list(yaml.safe_load((ROOT / "data" / "applicability.yml").read_text(encoding="utf-8"))["sources"])
    assert known[:3] == ["sva", "sva-extent", "sva-notes"]
    found = [p.split(": ", 1)[1] for p in problems(tmp_path, real_data.facts, "sources: [sva-extent]\n",
                                                     "sources: [sva-extnet]\n")]
    assert found == ["questions[0].options[0].sources[0]: unknown source 'sva-extnet'; sources: sva, sva-extent, "
                     "sva-notes, " + ", ".join(known[3:])]


@pytest.mark.parametrize("old,new,field", [
    ("    heading: The Act applies\n", "    heading: The Act <em>applies</em>\n", "results.applies.heading"),
    ("    summary: On your answers, the Act applies to this contract or framework.\n",
     "    summary: On your answers, the Act <em>applies</em>.\n", "results.applies.summary"),
    ("    heading: The Act does not apply\n", "    heading: The Act <em>does not</em> apply\n",
     "results.does-not-apply.heading"),
    ("  This is guidance, not legal advice.", "  This is <b>guidance</b>, not legal advice.", "caution"),
    ("    title: Procurement Act 2023\n", "    title: <b>Procurement Act 2023</b>\n", "other_rules[0].title"),
    ("        The Act asks you to take these steps", "        The Act asks you to take <b>these</b> steps",
     "next_steps.duty[0].text"),
    ("    text: Where does the buyer mainly work?\n", "    text: Where does the <b>buyer</b> mainly work?\n",
     "questions[0].text"),
    ("      The Act extends to England and Wales only.", "      The Act extends to <b>England</b> and Wales only.",
     "questions[0].hint"),
    ("    title: Public Services (Social Value) Act 2012, current text",
     "    title: Public Services (Social Value) Act 2012, <i>current</i> text", "sources.sva.title"),
    ("      It covers procurements started", "      It <b>covers</b> procurements started", "other_rules[0].text"),
])
def test_html_in_any_text_field_is_refused_with_that_fields_path(tmp_path, real_data, old, new, field):
    """Each kind of text a reader sees is checked, and the message names the field a contributor must fix."""
    found = [p.split(": ", 1)[1] for p in problems(tmp_path, real_data.facts, old, new)]
    assert found == [f"{field}: must be plain text; HTML is not allowed"]


@pytest.mark.parametrize("old,new,start", [
    ("    sources: [pa-section-12, pa, pa-part-1, transition-guidance]\n",
     "    sources: [pa-section-12x, pa, pa-part-1, transition-guidance]\n",
     "other_rules[0].sources[0]: unknown source 'pa-section-12x'; sources: sva, "),
    ("      sources: [sva]\n      guidance: the-act/what-the-act-says.md#when-the-authority-must-act",
     "      sources: [svaa]\n      guidance: the-act/what-the-act-says.md#when-the-authority-must-act",
     "next_steps.duty[0].sources[0]: unknown source 'svaa'; sources: sva, "),
    ("    guidance: guides/commissioners.md\n  - id: ppn-002", "    guidance: guides/missing.md\n  - id: ppn-002",
     "other_rules[0].guidance: no page docs/guides/missing.md"),
    ("      guidance: the-act/what-the-act-says.md#when-the-authority-must-act",
     "      guidance: the-act/what-the-act-says.md#nowhere", "next_steps.duty[0].guidance: "),
    ("      - {nation: [england, wales, northern-ireland, scotland, unsure]}",
     "      - {nation: [england, wales, northern-ireland, scotland, unsure, mars]}",
     "other_rules[0].when[0].nation[5]: question 'nation' has no answer 'mars'; allowed: england, wales, "),
    ('last_reviewed: "2026-12-01"', 'last_reviewed: "2026-02-30"', "last_reviewed: '2026-02-30' is not a real date"),
])
def test_a_problem_in_results_rules_or_steps_names_its_field(tmp_path, real_data, old, new, start):
    """The path a contributor is pointed to, for each part of the rules file outside the questions."""
    found = [p.split(": ", 1)[1] for p in problems(tmp_path, real_data.facts, old, new)]
    assert len(found) == 1 and found[0].startswith(start), found


@pytest.mark.parametrize("old,new,expected", [
    # The thirteenth question takes the id of the eleventh.
    ("  - id: value-either\n", "  - id: value-central\n",
     "applicability.yml:474: questions[12].id: question id 'value-central' is used twice"),
    # The fifth answer to "kind" takes the id of the fourth.
    ("      - id: exempted\n", "      - id: excluded\n",
     "applicability.yml:335: questions[6].options[4].id: answer id 'excluded' is used twice in this question"),
    # An answer's own guidance link (Scotland's), not the question's.
    ("        guidance: the-act/who-and-what-it-covers.md#scotland-and-northern-ireland\n",
     "        guidance: the-act/who-and-what-it-covers.md#scotland\n",
     "applicability.yml:132: questions[0].options[2].guidance: docs/the-act/who-and-what-it-covers.md has no heading "
     "with the anchor #scotland"),
    ("    next_steps: [duty]\n", "    next_steps: [dutyy]\n",
     "applicability.yml:509: results.applies.next_steps[0]: no next_steps list called 'dutyy'"),
])
def test_a_repeated_id_or_a_broken_reference_is_named_with_its_line_and_field(tmp_path, real_data, old, new, expected):
    found = problems(tmp_path, real_data.facts, old, new)
    assert len(found) == 1 and found[0].endswith(expected), found


def test_a_condition_on_the_first_question_says_there_is_none_before_it(tmp_path, real_data):
    """show_if on the first question: no question comes before it, and none without show_if until the third, so
    the second question's show_if (on the first) is wrong too."""
    found = [p.split(": ", 1)[1] for p in problems(tmp_path, real_data.facts, "  - id: nation\n",
                                                     "  - id: nation\n    show_if: {nation: [wales]}\n")]
    assert found == ["questions[0].show_if.nation: names no earlier question; earlier questions: none",
                     "questions[0].show_if: must name the nearest earlier question that has no show_if (there is none)",
                     "questions[1].show_if: must name the nearest earlier question that has no show_if (there is none)"]


def test_every_question_of_a_condition_is_checked_after_an_unknown_one(tmp_path, real_data):
    found = [p.split(": ", 1)[1] for p in problems(tmp_path, real_data.facts,
                                                     "      - {nation: [wales], welsh-body: [not-exempt, unsure]}",
                                                     "      - {natoin: [wales], welsh-body: [not-exempt, mars]}")]
    assert found == ["other_rules[1].when[1].natoin: names no earlier question; earlier questions: nation, welsh-body, "
                     "started, buyer, subject, mixed-share, kind, route, framework-share, level, value-central, "
                     "value-sub-central, value-either",
                     "other_rules[1].when[1].welsh-body[1]: question 'welsh-body' has no answer 'mars'; "
                     "allowed: exempt, not-exempt, unsure"]


def test_a_rules_file_that_cannot_be_read_as_yaml_is_named_from_the_project_root(tmp_path, real_data):
    """A problem found while reading the file (here a byte that is not UTF-8, on line 3) is shown with the file's
    path from the project root, as for every other problem."""
    rules_file = tmp_path / "data" / "applicability.yml"
    rules_file.parent.mkdir()
    rules_file.write_bytes(b"# The rules\nlast_reviewed: \"2026-12-01\"\ncaution: caf\xe9\n")
    with pytest.raises(ApplicabilityError) as caught:
        load_rules(tmp_path, real_data.facts, path=rules_file)
    assert str(caught.value) == "data/applicability.yml:3: (file): byte 0xe9 is not UTF-8; save the file as UTF-8"


def test_a_guidance_page_is_read_as_utf8_whatever_the_locale(tmp_path):
    """A contributor's machine may not use UTF-8 by default (Windows uses cp1252): the page's title and headings
    still read as written. Here the locale is set to plain C (ASCII), where a read without an encoding fails."""
    import locale
    from socialvalue.applicability import _Loader
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Who it covers — in brief\n---\n## Café contracts\n", encoding="utf-8")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        with pytest.raises(UnicodeDecodeError):  # the locale really is one that cannot read the page
            page.read_text()
        found = _Loader(None, "rules.yml", {}, tmp_path).page("page.md")
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert found == ("Who it covers — in brief", {"cafe-contracts": "Café contracts"})
