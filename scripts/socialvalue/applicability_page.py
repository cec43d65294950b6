"""The checker page's content, generated from the rules: a decision list that works without JavaScript,
and an empty box the script fills in. The list is also the script's only copy of the rules: its pieces carry
data attributes (data-sv-q, data-sv-o, data-sv="reason", data-when...) from which docs/assets/checker.js reads
the same rules that `rules_json` exports, so the page sends them once.

All text from the rules file is data: it goes through `esc` (Markdown and HTML) or `attr`, so nothing in it
can become markup. Attribute values made from keys (question and option ids) are keys: [a-z0-9-] only.
"""

from __future__ import annotations

import json
import posixpath

from .applicability import EFFECTS, Guidance, Option, Question, Rules, next_question
from .render import attr, esc, href, long_date

SCRIPT = "assets/checker.js"


def source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


class CheckerPage:
    def __init__(self, rules: Rules, page: str):
        self.rules = rules
        self.page = page
        self.numbers = {source_id: i for i, source_id in enumerate(rules.sources, start=1)}

    def guide_link(self, guidance: Guidance) -> str:
        """A Markdown link relative to this page's source, so MkDocs checks the page and the anchor; the span
        marks it as the guidance link for the script."""
        target = posixpath.relpath(guidance.page, posixpath.dirname(self.page) or ".")
        anchor = f"#{guidance.anchor}" if guidance.anchor else ""
        return f'<span data-sv="guide">[{esc(guidance.title)}]({target}{anchor})</span>'

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
        show_if = f' data-show-if="{attr(q.show_if[0])}={attr(" ".join(q.show_if[1]))}"' if q.show_if else ""
        lines = [f'### Question {q.number}: <span data-sv-q="{attr(q.id)}"{show_if}>{esc(q.text)}</span> {{#q-{q.id}}}',
                 ""]
        if q.show_if:
            on, allowed = q.show_if
            source = self.rules.question(on)
            labels = " or ".join(f"\u201c{esc(source.option(a).label)}\u201d" for a in allowed)
            lines += [f"Answer this only if you chose {labels} in question {source.number}.", ""]
        lines += [f'<span data-sv="hint">{esc(q.hint)}</span> Read more: {self.guide_link(q.guidance)}.', ""]
        for option in q.options:
            extra = f" Read more: {self.guide_link(option.guidance)}." if option.guidance != q.guidance else ""
            lines.append(f'- **<span data-sv-o="{attr(option.id)}" data-effect="{attr(option.effect)}">'
                         f'{esc(option.label)}</span>:** <span data-sv="reason">{esc(option.reason)}</span> '
                         f"{self.cites(option.sources)}{extra} {self.outcome(q, option)}")
        return lines + [""]

    def steps(self, steps) -> list[str]:
        return [f'- <span data-sv="step">{esc(s.text)}</span> {self.cites(s.sources)} '
                f"Read more: {self.guide_link(s.guidance)}." for s in steps]

    def results(self) -> list[str]:
        v = self.rules.verdicts
        lines = ["## Results {#results}", "",
                 "Look back at your answers:", "",
                 f"- If any answer says **Result: the Act does not apply**, the result is \u201c{esc(v['does-not-apply'].heading)}\u201d.",
                 f"- If not, and any answer says **take advice**, the result is \u201c{esc(v['depends'].heading)}\u201d.",
                 f"- Otherwise the result is \u201c{esc(v['applies'].heading)}\u201d.", ""]
        for key in ("applies", "depends", "does-not-apply"):
            verdict = v[key]
            lines += [f'### <span data-sv-verdict="{key}">{esc(verdict.heading)}</span> {{#result-{key}}}', "",
                      f'<span data-sv="summary">{esc(verdict.summary)}</span>', ""]
            if verdict.next_steps:
                lines += ["What the Act would ask you to do next:", ""] + self.steps(verdict.next_steps) + [""]
        return lines

    def when_text(self, when) -> str:
        """In words, and for the script as data-when: conditions joined by ';', each 'question=a b&question=c'."""
        data = ";".join("&".join(f"{k}={' '.join(v)}" for k, v in condition.items()) for condition in when)
        parts = []
        for condition in when:
            bits = []
            for question_id, allowed in condition.items():
                q = self.rules.question(question_id)
                labels = " or ".join(f"\u201c{esc(q.option(a).label)}\u201d" for a in allowed)
                bits.append(f"{labels} in question {q.number}")
            parts.append(" and ".join(bits))
        return (f'<span data-when="{attr(data)}">This may matter if you chose ' + "; or ".join(parts) + ".</span>")

    def other_rules(self) -> list[str]:
        lines = ["## What else may apply {#other-rules}", "",
                 "Other laws and policies may apply instead of the Act, or as well as it.", ""]
        for rule in self.rules.other_rules:
            lines += [f'### <span data-sv-other="{attr(rule.id)}">{esc(rule.title)}</span> {{#other-{rule.id}}}', "",
                      f'<span data-sv="text">{esc(rule.text)}</span> {self.cites(rule.sources)} '
                      f"Read more: {self.guide_link(rule.guidance)}.", "",
                      self.when_text(rule.when), ""]
        return lines

    def render(self) -> str:
        reviewed = self.rules.last_reviewed
        script = posixpath.relpath(SCRIPT, posixpath.dirname(posixpath.join(self.page[:-3], "index.html")))
        # The effects (what each kind of answer does) are the only rules the list does not show in full.
        effects = json.dumps(EFFECTS, separators=(",", ":"))
        out = [
            f'<div class="sv-checker" id="sv-checker" data-effects="{attr(effects)}" hidden></div>', "",
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
        out += ['!!! note ""', "", f'    <span data-sv="caution">{esc(self.rules.caution)}</span>', "",
                f'The rules in this checker were last reviewed on <time datetime="{attr(reviewed)}" data-sv="reviewed">'
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
