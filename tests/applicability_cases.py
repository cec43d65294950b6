"""The checker's case table: answers in, the result and its reasons out, written by hand from the fact sheet.

It is the specification of data/applicability.yml. tests/test_applicability.py checks every case against the
Python evaluator; tests/browser/test_checker.py clicks a sample of the same cases through the page in
Chromium. `because` lists, in order, the answers that stop the result from being "The Act applies":
the answer that rules the Act out, or every point on which the reader must take advice.
"""

from __future__ import annotations

APPLIES, DEPENDS, NOT = "applies", "depends", "does-not-apply"

# A council in England buying an ordinary services contract above its threshold, before the start.
ENGLAND = {"nation": "england", "started": "not-yet", "buyer": "contracting-authority", "subject": "services",
           "kind": "none", "route": "contract", "level": "sub-central", "value-sub-central": "at-or-above"}


def case(name: str, verdict: str, because: list[str], **changes: str) -> dict:
    answers = dict(ENGLAND)
    for key, value in changes.items():
        key = key.replace("_", "-")
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    return {"name": name, "answers": answers, "verdict": verdict, "because": because}


CASES = [
    # The Act applies.
    case("council-services-above-threshold", APPLIES, []),
    case("central-government-above-threshold", APPLIES, [], level="central", value_sub_central=None,
         value_central="at-or-above"),
    case("unsure-level-above-both-thresholds", APPLIES, [], level="unsure", value_sub_central=None,
         value_either="above-both"),
    case("services-framework", APPLIES, [], route="framework", framework_share="mostly-services"),
    case("welsh-body-not-exempt", APPLIES, [], nation="wales", welsh_body="not-exempt"),
    case("started-under-current-thresholds", APPLIES, [], started="current-thresholds"),
    # Where the buyer works.
    case("scotland", NOT, ["nation=scotland"], nation="scotland"),
    case("northern-ireland", NOT, ["nation=northern-ireland"], nation="northern-ireland"),
    case("exempt-welsh-body", NOT, ["welsh-body=exempt"], nation="wales", welsh_body="exempt"),
    case("unsure-welsh-body", DEPENDS, ["welsh-body=unsure"], nation="wales", welsh_body="unsure"),
    case("unsure-nation-or-uk-wide", DEPENDS, ["nation=unsure"], nation="unsure"),
    case("unsure-nation-then-goods-only", NOT, ["nation=unsure", "subject=goods"], nation="unsure",
         subject="goods"),
    # When: the duty comes before the start. From the 2026 thresholds a started procurement was covered
    # (the duty was due before the start); under the previous thresholds the checker's figures do not fit;
    # earlier procurements used the old rules.
    case("already-started-under-previous-thresholds", DEPENDS, ["started=previous-thresholds"],
         started="previous-thresholds"),
    case("already-started-central-under-current-thresholds", APPLIES, [], started="current-thresholds",
         level="central", value_sub_central=None, value_central="at-or-above"),
    case("started-under-current-thresholds-below-threshold", NOT, ["value-sub-central=below"],
         started="current-thresholds", value_sub_central="below"),
    case("started-before-2025-reform", DEPENDS, ["started=before-reform"], started="before-reform"),
    case("scotland-wins-over-start-date", NOT, ["nation=scotland"], nation="scotland", started="before-reform"),
    # Who is buying.
    case("not-a-contracting-authority", NOT, ["buyer=not-contracting-authority"], buyer="not-contracting-authority"),
    case("unsure-contracting-authority", DEPENDS, ["buyer=unsure"], buyer="unsure"),
    # What is bought: goods or works alone are out; a mix is an open question after 2025.
    case("goods-only", NOT, ["subject=goods"], subject="goods"),
    case("works-only", NOT, ["subject=works"], subject="works"),
    case("mixed-mostly-services", DEPENDS, ["mixed-share=services"], subject="mixed", mixed_share="services"),
    case("mixed-mostly-goods-or-works", DEPENDS, ["mixed-share=goods-or-works"], subject="mixed",
         mixed_share="goods-or-works"),
    case("mixed-share-unknown", DEPENDS, ["mixed-share=unsure"], subject="mixed", mixed_share="unsure"),
    # Special kinds of contract.
    case("light-touch", DEPENDS, ["kind=light-touch"], kind="light-touch"),
    case("healthcare-under-psr", DEPENDS, ["kind=psr"], kind="psr"),
    case("utilities-defence-or-concession", NOT, ["kind=excluded"], kind="excluded"),
    case("exempted-contract", NOT, ["kind=exempted"], kind="exempted"),
    case("unsure-kind", DEPENDS, ["kind=unsure"], kind="unsure"),
    # How it is bought.
    case("call-off", NOT, ["route=call-off"], route="call-off"),
    # A call-off under a framework set up before 24 February 2025 stays under the 2015 regulations, and
    # neither wording of the Act covers call-offs.
    case("call-off-under-pre-2025-framework", NOT, ["route=call-off-old-framework"],
         route="call-off-old-framework"),
    case("framework-mostly-goods-or-works", NOT, ["framework-share=mostly-other"], route="framework",
         framework_share="mostly-other"),
    case("framework-share-unknown", DEPENDS, ["framework-share=unsure"], route="framework",
         framework_share="unsure"),
    # How much, against the right threshold (with VAT).
    case("council-below-threshold", NOT, ["value-sub-central=below"], value_sub_central="below"),
    case("council-value-unknown", DEPENDS, ["value-sub-central=unknown"], value_sub_central="unknown"),
    case("central-below-threshold", NOT, ["value-central=below"], level="central", value_sub_central=None,
         value_central="below"),
    case("central-value-unknown", DEPENDS, ["value-central=unknown"], level="central", value_sub_central=None,
         value_central="unknown"),
    case("unsure-level-below-both", NOT, ["value-either=below-both"], level="unsure", value_sub_central=None,
         value_either="below-both"),
    case("unsure-level-between-thresholds", DEPENDS, ["value-either=between"], level="unsure",
         value_sub_central=None, value_either="between"),
    case("unsure-level-value-unknown", DEPENDS, ["value-either=unknown"], level="unsure", value_sub_central=None,
         value_either="unknown"),
    # Several doubts are all listed; a firm "no" beats any doubt before it.
    case("light-touch-framework-started", DEPENDS, ["started=previous-thresholds", "kind=light-touch",
         "framework-share=unsure"], started="previous-thresholds", kind="light-touch", route="framework",
         framework_share="unsure"),
    case("doubts-then-below-threshold", NOT, ["welsh-body=unsure", "buyer=unsure", "mixed-share=services",
         "value-sub-central=below"], nation="wales", welsh_body="unsure", buyer="unsure", subject="mixed",
         mixed_share="services", value_sub_central="below"),
]

# The cases clicked through in Chromium: every result, and stops at the start, middle and end.
BROWSER_SAMPLE = ["council-services-above-threshold", "services-framework", "welsh-body-not-exempt",
                  "started-under-current-thresholds", "unsure-nation-or-uk-wide",
                  "scotland", "started-before-2025-reform", "goods-only", "mixed-mostly-services",
                  "light-touch-framework-started", "unsure-level-between-thresholds", "doubts-then-below-threshold"]
