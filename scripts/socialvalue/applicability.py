"""The rules of the checker "Does the Act apply to my contract?": load, check, evaluate, export.

The rules live in data/applicability.yml (described by data/applicability.schema.json); the figures and dates
in them come from data/facts.yml through placeholders such as {gbp:thresholds.current.central}. This module
is plain Python with no MkDocs import. `evaluate` is the reference meaning of the rules; the page's
JavaScript (docs/assets/checker.js) interprets the same rules, exported by `rules_json`, and the tests check
that the two agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from jsonschema import Draft202012Validator
from markdown.extensions.toc import slugify

from .render import gbp, long_date, number
from .validation import HTML_RE, _schema_problems, load_schema
from .yamlsafe import LoadedYaml, Problem, field_name, load_file

RULES_FILE = "data/applicability.yml"
SCHEMA_FILE = "data/applicability.schema.json"

# What each effect does to the result. `stops` ends the questions at once.
# `label` tags each reason in the result.
EFFECTS = {
    "meets": {"verdict": None, "stops": False, "label": "Met"},
    "unsure": {"verdict": "depends", "stops": False, "label": "Take advice"},
    "fails": {"verdict": "does-not-apply", "stops": True, "label": "Does not apply"},
    "refer": {"verdict": "depends", "stops": True, "label": "Take advice"},
}
VERDICTS = ("applies", "depends", "does-not-apply")

PLACEHOLDER = re.compile(r"\{(gbp|date|num):([a-z0-9_.]+)\}")
TYPED_MONEY = re.compile(r"£\s?\d")


class ApplicabilityError(Exception):
    """The rules file is broken; every problem is listed, as `path:line: field: message`."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str


@dataclass(frozen=True)
class Guidance:
    """A page of this site, and optionally a section of it."""

    page: str  # docs path, e.g. the-act/who-and-what-it-covers.md
    anchor: str  # '' for the top of the page
    title: str  # link text, e.g. 'Thresholds (Who and what it covers)'


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    effect: str
    reason: str
    sources: tuple[Source, ...]
    guidance: Guidance


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    text: str
    hint: str
    guidance: Guidance
    options: tuple[Option, ...]
    show_if: tuple[str, tuple[str, ...]] | None = None  # (question id, option ids)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise ValueError(f"question {self.id!r} has no answer {option_id!r}; "
                         f"allowed: {', '.join(o.id for o in self.options)}")


@dataclass(frozen=True)
class Step:
    text: str
    sources: tuple[Source, ...]
    guidance: Guidance


@dataclass(frozen=True)
class OtherRule:
    id: str
    title: str
    when: tuple[dict[str, tuple[str, ...]], ...]
    text: str
    sources: tuple[Source, ...]
    guidance: Guidance


@dataclass(frozen=True)
class Verdict:
    id: str
    heading: str
    summary: str
    next_steps: tuple[Step, ...]


@dataclass
class Rules:
    last_reviewed: str
    caution: str
    sources: dict[str, Source]
    questions: list[Question]
    verdicts: dict[str, Verdict]
    other_rules: list[OtherRule]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise ValueError(f"no question {question_id!r}; questions: {', '.join(q.id for q in self.questions)}")


@dataclass(frozen=True)
class Reason:
    """One answer and what it means: a line in the result's list of reasons."""

    question: str
    option: str
    effect: str
    text: str
    sources: tuple[Source, ...]
    guidance: Guidance


@dataclass
class Result:
    """The checker's answer. While questions remain, `verdict` is None and `next_question` says what to ask."""

    verdict: Verdict | None
    reasons: list[Reason] = field(default_factory=list)
    next_question: Question | None = None
    other_rules: list[OtherRule] = field(default_factory=list)


def visible(question: Question, answers: Mapping[str, str]) -> bool:
    """Whether the question is asked, given the answers so far."""
    if question.show_if is None:
        return True
    on, allowed = question.show_if
    return answers.get(on) in allowed


def matches(when: tuple[dict[str, tuple[str, ...]], ...], answers: Mapping[str, str]) -> bool:
    """True when, for any one set of conditions, every named question got one of its listed answers."""
    return any(all(answers.get(q) in allowed for q, allowed in condition.items()) for condition in when)


def evaluate(rules: Rules, answers: Mapping[str, str]) -> Result:
    """The result for a set of answers {question id: option id}. Answers to questions that are not asked
    (because of earlier answers) are ignored; an unknown question or answer raises ValueError."""
    for question_id, option_id in answers.items():
        rules.question(question_id).option(option_id)
    reasons: list[Reason] = []
    verdict = "applies"
    asked: dict[str, str] = {}
    for question in rules.questions:
        if not visible(question, asked):
            continue
        if question.id not in answers:
            return Result(None, reasons, next_question=question)
        option = question.option(answers[question.id])
        asked[question.id] = option.id
        reasons.append(Reason(question.id, option.id, option.effect, option.reason, option.sources,
                              option.guidance))
        effect = EFFECTS[option.effect]
        if effect["verdict"] and verdict != "does-not-apply":
            verdict = effect["verdict"]
        if effect["stops"]:
            break
    others = [rule for rule in rules.other_rules if matches(rule.when, asked)]
    return Result(rules.verdicts[verdict], reasons, other_rules=others)


def next_question(rules: Rules, question: Question, option: Option) -> Question | None:
    """The question asked after this answer (None: the questions end). Valid because every show_if names the
    nearest earlier question without one (load checks this), so a conditional question is asked only
    straight after the question it depends on, or after a sibling conditional question."""
    if EFFECTS[option.effect]["stops"]:
        return None
    for later in rules.questions[question.number:]:
        if later.show_if is None:
            return later
        on, allowed = later.show_if
        if on == question.id and option.id in allowed:
            return later
    return None


def all_paths(rules: Rules) -> list[dict[str, str]]:
    """Every complete way through the questions, as answers in order: the basis of the exhaustive tests."""
    paths: list[dict[str, str]] = []

    def walk(question: Question | None, answers: dict[str, str]) -> None:
        if question is None:
            paths.append(answers)
            return
        for option in question.options:
            walk(next_question(rules, question, option), {**answers, question.id: option.id})

    walk(rules.questions[0], {})
    return paths


# ---------------------------------------------------------------- loading and checking


def _fact(facts: Mapping[str, Any], dotted: str) -> Any:
    node: Any = facts
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


def fill(text: str, facts: Mapping[str, Any]) -> str:
    """Replace {gbp:...}, {date:...} and {num:...} with figures from facts.yml. Raises KeyError or ValueError."""
    def one(match: re.Match) -> str:
        kind, dotted = match.groups()
        value = _fact(facts, dotted)
        if kind == "date":
            return long_date(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{dotted} is not a number")
        return gbp(value) if kind == "gbp" else number(value)
    return PLACEHOLDER.sub(one, text)


def heading_anchors(markdown_text: str) -> dict[str, str]:
    """{anchor: heading text} for a page's Markdown headings, as Python-Markdown's toc extension makes them."""
    found = {}
    in_fence = False
    for line in markdown_text.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else re.match(r"^#{1,6} (.+?)\s*$", line)
        if match:
            text = match.group(1)
            explicit = re.search(r"\{\s*#([\w-]+)[^}]*\}\s*$", text)
            text = re.sub(r"\s*\{[^}]*\}\s*$", "", text)
            found[explicit.group(1) if explicit else slugify(text, "-")] = text
    return found


class _Loader:
    """Turns the loaded YAML into Rules, collecting every problem with its line."""

    def __init__(self, loaded: LoadedYaml, shown: str, facts: Mapping[str, Any], docs: Path):
        self.loaded = loaded
        self.shown = shown
        self.facts = facts
        self.docs = docs
        self.problems: list[Problem] = []
        self.pages: dict[str, tuple[str, dict[str, str]]] = {}

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.shown, self.loaded.line_of(path), field_name(path), message))

    def text(self, value: str, path: tuple) -> str:
        if HTML_RE.search(value):
            self.problem(path, "must be plain text; HTML is not allowed")
        if TYPED_MONEY.search(value):
            self.problem(path, "types a money figure; use a placeholder such as {gbp:thresholds.current.central}")
        try:
            return fill(value, self.facts)
        except KeyError as exc:
            self.problem(path, f"no figure {exc.args[0]!r} in data/facts.yml")
        except ValueError as exc:
            self.problem(path, f"placeholder problem: {exc}")
        return value

    def page(self, page: str) -> tuple[str, dict[str, str]] | None:
        if page not in self.pages:
            path = self.docs / page
            if not path.is_file():
                return None
            body = path.read_text(encoding="utf-8")
            meta = re.match(r"^---\n(.*?)\n---\n", body, flags=re.S)
            title = re.search(r"^title:\s*(.+)$", meta.group(1), flags=re.M) if meta else None
            self.pages[page] = (title.group(1).strip() if title else page, heading_anchors(body))
        return self.pages[page]

    def guidance(self, ref: str, path: tuple) -> Guidance:
        page, _, anchor = ref.partition("#")
        found = self.page(page)
        if found is None:
            self.problem(path, f"no page docs/{page}")
            return Guidance(page, anchor, page)
        title, anchors = found
        if anchor and anchor not in anchors:
            self.problem(path, f"docs/{page} has no heading with the anchor #{anchor}")
            return Guidance(page, anchor, title)
        return Guidance(page, anchor, f"{anchors[anchor]} ({title})" if anchor else title)

    def sources(self, ids: list[str], path: tuple, known: dict[str, Source]) -> tuple[Source, ...]:
        out = []
        for i, source_id in enumerate(ids):
            if source_id in known:
                out.append(known[source_id])
            else:
                self.problem(path + (i,), f"unknown source {source_id!r}; sources: {', '.join(known)}")
        return tuple(out)

    def condition(self, condition: dict, path: tuple, before: list[Question]) -> dict[str, tuple[str, ...]]:
        by_id = {q.id: q for q in before}
        for question_id, option_ids in condition.items():
            if question_id not in by_id:
                self.problem(path + (question_id,), "names no earlier question; earlier questions: "
                             f"{', '.join(by_id) or 'none'}")
                continue
            allowed = [o.id for o in by_id[question_id].options]
            for i, option_id in enumerate(option_ids):
                if option_id not in allowed:
                    self.problem(path + (question_id, i),
                                 f"question {question_id!r} has no answer {option_id!r}; allowed: {', '.join(allowed)}")
        return {k: tuple(v) for k, v in condition.items()}

    def build(self) -> Rules:
        data = self.loaded.data
        sources = {}
        for source_id, source in data["sources"].items():
            sources[source_id] = Source(source_id, self.text(source["title"], ("sources", source_id, "title")),
                                        source["url"])
        questions: list[Question] = []
        anchor: Question | None = None  # the nearest earlier question without show_if
        for qi, q in enumerate(data["questions"]):
            path = ("questions", qi)
            if any(q["id"] == other.id for other in questions):
                self.problem(path + ("id",), f"question id {q['id']!r} is used twice")
            options = []
            for oi, o in enumerate(q["options"]):
                opath = path + ("options", oi)
                if any(o["id"] == other.id for other in options):
                    self.problem(opath + ("id",), f"answer id {o['id']!r} is used twice in this question")
                options.append(Option(o["id"], self.text(o["label"], opath + ("label",)), o["effect"],
                                      self.text(o["reason"], opath + ("reason",)),
                                      self.sources(o["sources"], opath + ("sources",), sources),
                                      self.guidance(o.get("guidance", q["guidance"]), opath + ("guidance",))))
            show_if = None
            if "show_if" in q:
                (on, allowed), = q["show_if"].items()
                self.condition(q["show_if"], path + ("show_if",), questions)
                if anchor is None or on != anchor.id:
                    self.problem(path + ("show_if",), "must name the nearest earlier question that has no show_if"
                                 f" ({anchor.id if anchor else 'there is none'})")
                show_if = (on, tuple(allowed))
            question = Question(q["id"], qi + 1, self.text(q["text"], path + ("text",)),
                                self.text(q["hint"], path + ("hint",)),
                                self.guidance(q["guidance"], path + ("guidance",)), tuple(options), show_if)
            questions.append(question)
            if show_if is None:
                anchor = question
        steps = {}
        for key, items in data["next_steps"].items():
            steps[key] = tuple(Step(self.text(s["text"], ("next_steps", key, i, "text")),
                                    self.sources(s["sources"], ("next_steps", key, i, "sources"), sources),
                                    self.guidance(s["guidance"], ("next_steps", key, i, "guidance")))
                               for i, s in enumerate(items))
        verdicts = {}
        for key, v in data["results"].items():
            chosen = []
            for i, step_key in enumerate(v["next_steps"]):
                if step_key in steps:
                    chosen.extend(steps[step_key])
                else:
                    self.problem(("results", key, "next_steps", i), f"no next_steps list called {step_key!r}")
            verdicts[key] = Verdict(key, self.text(v["heading"], ("results", key, "heading")),
                                    self.text(v["summary"], ("results", key, "summary")), tuple(chosen))
        others = []
        for i, r in enumerate(data["other_rules"]):
            path = ("other_rules", i)
            when = tuple(self.condition(c, path + ("when", j), questions) for j, c in enumerate(r["when"]))
            others.append(OtherRule(r["id"], self.text(r["title"], path + ("title",)), when,
                                    self.text(r["text"], path + ("text",)),
                                    self.sources(r["sources"], path + ("sources",), sources),
                                    self.guidance(r["guidance"], path + ("guidance",))))
        try:
            dt.date.fromisoformat(data["last_reviewed"])
        except ValueError:
            self.problem(("last_reviewed",), f"{data['last_reviewed']!r} is not a real date")
        return Rules(data["last_reviewed"], self.text(data["caution"], ("caution",)), sources, questions,
                     verdicts, others)


def load_rules(root: Path, facts: Mapping[str, Any], path: Path | None = None, memo: dict | None = None) -> Rules:
    """Load and check data/applicability.yml (or `path`); raise ApplicabilityError listing every problem.
    memo: a dict the caller keeps between builds (under `mkdocs serve`); rules that loaded without a problem are
    kept there under a hash of what they were made from: the rules file, its schema, the facts and the guidance
    pages (a question may link to a heading on one)."""
    path = path or root / RULES_FILE
    if memo is None:
        return _load_rules(root, facts, path)
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode("utf-8"))
    docs = root / "docs"
    for source in [path, root / SCHEMA_FILE, *sorted(docs.rglob("*.md") if docs.is_dir() else [])]:
        digest.update(f"\0{source}\0".encode("utf-8", "surrogatepass"))
        digest.update(source.read_bytes() if source.is_file() else b"(missing)")
    key = digest.hexdigest()
    if key not in memo:
        rules = _load_rules(root, facts, path)
        memo.clear()
        memo[key] = rules
    return memo[key]


def _load_rules(root: Path, facts: Mapping[str, Any], path: Path) -> Rules:
    try:
        shown = str(path.relative_to(root))
    except ValueError:
        shown = str(path)
    loaded, problems = load_file(path, shown)
    if loaded is None:
        raise ApplicabilityError(problems)
    validator = Draft202012Validator(load_schema(root / SCHEMA_FILE))
    problems = _schema_problems(loaded, validator, shown)
    if problems:
        raise ApplicabilityError(problems)
    loader = _Loader(loaded, shown, facts, root / "docs")
    rules = loader.build()
    if loader.problems:
        raise ApplicabilityError(loader.problems)
    return rules


# ---------------------------------------------------------------- export for the page's JavaScript


def page_url(page: str) -> str:
    """docs path -> site path with directory URLs: 'guides/commissioners.md' -> 'guides/commissioners/'."""
    stem = page[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(target: Guidance, from_page: str) -> str:
    """The link from one page's built URL to a guidance page (and section)."""
    here = page_url(from_page) or "."
    there = page_url(target.page) or "."
    rel = posixpath.relpath(there, here)
    rel = "" if rel == "." else rel + "/"
    return rel + (f"#{target.anchor}" if target.anchor else "") or "./"


def rules_json(rules: Rules, from_page: str) -> dict[str, Any]:
    """Everything the page's JavaScript needs, with figures filled in and links made relative to the page."""
    def src(sources: tuple[Source, ...]) -> list[dict[str, str]]:
        return [{"title": s.title, "url": s.url} for s in sources]

    def guide(g: Guidance) -> dict[str, str]:
        return {"title": g.title, "url": relative_url(g, from_page)}

    return {
        "last_reviewed": rules.last_reviewed,
        "last_reviewed_text": long_date(rules.last_reviewed),
        "caution": rules.caution,
        "effects": EFFECTS,
        "questions": [{
            "id": q.id, "number": q.number, "text": q.text, "hint": q.hint, "guidance": guide(q.guidance),
            "show_if": {q.show_if[0]: list(q.show_if[1])} if q.show_if else None,
            "options": [{"id": o.id, "label": o.label, "effect": o.effect, "reason": o.reason,
                         "sources": src(o.sources), "guidance": guide(o.guidance)} for o in q.options],
        } for q in rules.questions],
        "verdicts": {v.id: {"heading": v.heading, "summary": v.summary,
                            "next_steps": [{"text": s.text, "sources": src(s.sources), "guidance": guide(s.guidance)}
                                           for s in v.next_steps]} for v in rules.verdicts.values()},
        "other_rules": [{"id": r.id, "title": r.title, "when": [{k: list(v) for k, v in c.items()} for c in r.when],
                         "text": r.text, "sources": src(r.sources), "guidance": guide(r.guidance)}
                        for r in rules.other_rules],
    }
