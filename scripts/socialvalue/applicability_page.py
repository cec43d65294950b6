"""The checker page's content, generated from the rules: a decision list that works without JavaScript,
an empty box the script fills in, and the rules as JSON for the script.

All text from the rules file is data: it goes through `esc` (Markdown and HTML) or into JSON whose `<` is
escaped, so nothing in it can become markup or close the <script> block.
"""

from __future__ import annotations

import json
import posixpath

from .applicability import EFFECTS, Guidance, Option, Question, Rules, next_question, rules_json
from .render import attr, esc, href, long_date

JSON_ID = "sv-checker-rules"
SCRIPT = "assets/checker.js"


def script_json(data: object) -> str:
    """JSON safe inside <script type="application/json">: no '<' at all, so no '</script' or '<!--'."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


class CheckerPage:
    def __init__(self, rules: Rules, page: str):
        self.rules = rules
        self.page = page
        self.numbers = {source_id: i for i, source_id in enumerate(rules.sources, start=1)}

    def guide_link(self, guidance: Guidance) -> str:
        """A Markdown link relative to this page's source, so MkDocs checks the page and the anchor."""
        target = posixpath.relpath(guidance.page, posixpath.dirname(self.page) or ".")
        anchor = f"#{guidance.anchor}" if guidance.anchor else ""
        return f"[{esc(guidance.title)}]({target}{anchor})"

    def cites(self, sources) -> str:
        return " ".join(f'[\\[{self.numbers[s.id]}\\]](#{source_anchor(s.id)} "{attr(s.title)}")' for s in sources)

    def outcome(self, question: Question, option: Option) -> str:
        after = next_question(self.rules, question, option)
        go = f"Go to [question {after.number}](#q-{after.id})." if after else "That was the last question: see [the results](#results)."
        if option.effect == "fails":
            return "**Result: the Act does not apply.** See [what else may apply](#other-rules)."
        if option.effect == "refer":
            return "**Result: take advice.** The checker stops here."
        if option.effect == "unsure":
            return f"**Result so far: take advice.** {go}"
        return go

    def question(self, q: Question) -> list[str]:
        lines = [f"### Question {q.number}: {esc(q.text)} {{#q-{q.id}}}", ""]
        if q.show_if:
            on, allowed = q.show_if
            source = self.rules.question(on)
            labels = " or ".join(f"\u201c{esc(source.option(a).label)}\u201d" for a in allowed)
            lines += [f"Answer this only if you chose {labels} in question {source.number}.", ""]
        lines += [f"{esc(q.hint)} Read more: {self.guide_link(q.guidance)}.", ""]
        for option in q.options:
            extra = f" Read more: {self.guide_link(option.guidance)}." if option.guidance != q.guidance else ""
            lines.append(f"- **{esc(option.label)}:** {esc(option.reason)} {self.cites(option.sources)}{extra} "
                         f"{self.outcome(q, option)}")
        return lines + [""]

    def steps(self, steps) -> list[str]:
        return [f"- {esc(s.text)} {self.cites(s.sources)} Read more: {self.guide_link(s.guidance)}." for s in steps]

    def results(self) -> list[str]:
        v = self.rules.verdicts
        lines = ["## Results {#results}", "",
                 "Look back at your answers:", "",
                 f"- If any answer says **Result: the Act does not apply**, the result is \u201c{esc(v['does-not-apply'].heading)}\u201d.",
                 f"- If not, and any answer says **take advice**, the result is \u201c{esc(v['depends'].heading)}\u201d.",
                 f"- Otherwise the result is \u201c{esc(v['applies'].heading)}\u201d.", ""]
        for key in ("applies", "depends", "does-not-apply"):
            verdict = v[key]
            lines += [f"### {esc(verdict.heading)} {{#result-{key}}}", "", esc(verdict.summary), ""]
            if verdict.next_steps:
                lines += ["What the Act would ask you to do next:", ""] + self.steps(verdict.next_steps) + [""]
        return lines

    def when_text(self, when) -> str:
        parts = []
        for condition in when:
            bits = []
            for question_id, allowed in condition.items():
                q = self.rules.question(question_id)
                labels = " or ".join(f"\u201c{esc(q.option(a).label)}\u201d" for a in allowed)
                bits.append(f"{labels} in question {q.number}")
            parts.append(" and ".join(bits))
        return "This may matter if you chose " + "; or ".join(parts) + "."

    def other_rules(self) -> list[str]:
        lines = ["## What else may apply {#other-rules}", "",
                 "Other laws and policies may apply instead of the Act, or as well as it.", ""]
        for rule in self.rules.other_rules:
            lines += [f"### {esc(rule.title)} {{#other-{rule.id}}}", "",
                      f"{esc(rule.text)} {self.cites(rule.sources)} Read more: {self.guide_link(rule.guidance)}.", "",
                      self.when_text(rule.when), ""]
        return lines

    def render(self) -> str:
        reviewed = self.rules.last_reviewed
        script = posixpath.relpath(SCRIPT, posixpath.dirname(posixpath.join(self.page[:-3], "index.html")))
        out = [
            f'<div class="sv-checker" id="sv-checker" data-rules="{JSON_ID}" hidden></div>', "",
            f'<script type="application/json" id="{JSON_ID}">{script_json(rules_json(self.rules, self.page))}</script>',
            "",
            f'<script src="{attr(script)}" defer></script>', "",
            # While the checker runs, the full list is out of the way (hidden by CSS from the first paint, so
            # nothing moves); this link shows it. Without JavaScript the link is hidden and the list shown.
            '<p class="sv-checker-show"><a href="#questions" data-sv-show-list>See all the questions '
            "and answers as one list</a></p>", "",
            '<div class="sv-checker-list" id="sv-checker-list" markdown>', "",
            "## All the questions {#questions}", "",
            "Start at question 1. Each answer tells you where to go next.", "",
        ]
        for q in self.rules.questions:
            out += self.question(q)
        out += self.results()
        out += self.other_rules()
        out += ["</div>", ""]
        out += ['!!! note ""', "", f"    {esc(self.rules.caution)}", "",
                f'The rules in this checker were last reviewed on <time datetime="{attr(reviewed)}">'
                f"{esc(long_date(reviewed))}</time>.", ""]
        return "\n".join(out)


def render_checker(rules: Rules, page: str) -> str:
    """The checker's Markdown for the page at docs/`page`."""
    if set(EFFECTS) != {"meets", "unsure", "fails", "refer"}:  # pragma: no cover - guards outcome()
        raise ValueError("render_checker knows four effects")
    return CheckerPage(rules, page).render()


def sources_check(rules: Rules) -> list[tuple[int, str, str]]:
    """(number, anchor, url) for every source, in the order the page numbers them."""
    return [(i, source_anchor(s.id), href(s.url)) for i, s in enumerate(rules.sources.values(), start=1)]
