"""Phones: on a 375 px screen no table or control is wider than the screen, and case-study figures read as
one block per figure in body-size text."""

from __future__ import annotations

import pytest

from browser_fixtures import PHONE
from site_pages import PAGES, page_id


WIDE = """(screen) => {
  const out = [];
  const sel = 'table, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button, ' +
              '.md-button, [role=button], pre, .cs-figure svg';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width === 0 || s.visibility === 'hidden' || el.closest('[hidden]')) continue;
    if (el.closest('.md-sidebar--primary, .md-search')) continue;  // off-screen drawer; full-screen dialog
    if (r.width > screen + 0.5 || r.right > screen + 0.5 || r.left < -0.5)
      out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  if (document.documentElement.scrollWidth > screen) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px`);
  return out;
}"""


@pytest.mark.parametrize("name_url", PAGES, ids=page_id)
def test_no_table_or_control_is_wider_than_a_phone(phone, base_url, name_url):
    name, url = name_url
    phone.goto(base_url + url)
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate(WIDE, PHONE["width"]) == [], name


def test_the_wide_check_can_fail(phone, base_url):
    phone.goto(base_url)
    phone.evaluate("() => { const b = document.createElement('button'); b.style.width = '600px';"
                   " b.textContent = 'x'; document.querySelector('article').append(b); }")
    assert any(w.startswith("button") for w in phone.evaluate(WIDE, PHONE["width"]))


FIGURES = """() => {
  const table = document.querySelector('.cs-figures table');
  const body = getComputedStyle(document.querySelector('article > p')).fontSize;
  const rows = [...table.querySelectorAll('tbody tr')].map(tr => {
    const r = tr.getBoundingClientRect();
    const cells = [...tr.children].map(td => {
      const c = td.getBoundingClientRect();
      return {label: td.dataset.label, before: getComputedStyle(td, '::before').content, size: getComputedStyle(td).fontSize,
              left: c.left, right: c.right, top: c.top, width: c.width};
    });
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, cells};
  });
  const head = table.querySelector('thead').getBoundingClientRect();
  return {body, rows, headHeight: head.height, columns: [...table.querySelectorAll('thead th')].map(th => th.textContent)};
}"""

COLUMNS = ["What was counted", "Figure", "Year", "Kind", "Reported by", "Source"]


@pytest.mark.parametrize("slug", ["preston-city-council", "frc-group", "right2work-kendal"])
def test_on_a_phone_each_figure_is_one_labelled_block_in_body_size_text(phone, base_url, slug):
    phone.goto(base_url + f"case-studies/{slug}/")
    state = phone.evaluate(FIGURES)
    assert state["columns"] == COLUMNS
    assert state["headHeight"] <= 1  # the header row is out of sight; each cell says what it is instead
    assert state["rows"]
    for row in state["rows"]:
        assert 0 <= row["left"] and row["right"] <= PHONE["width"]
        tops = [c["top"] for c in row["cells"]]
        assert tops == sorted(tops) and len(set(tops)) == len(COLUMNS), "cells stack, one under another"
        for cell in row["cells"]:
            assert cell["size"] == state["body"], cell
            assert cell["right"] <= row["right"] + 0.5
        assert [c["label"] for c in row["cells"]] == COLUMNS
        assert all(c["before"] == f'"{c["label"]}: "' for c in row["cells"][1:]), row["cells"]
    # Blocks do not overlap: each figure ends before the next begins.
    for above, below in zip(state["rows"], state["rows"][1:]):
        assert above["bottom"] <= below["top"]


def test_on_a_desktop_the_figures_stay_a_table(page, base_url):
    page.goto(base_url + "case-studies/preston-city-council/")
    state = page.evaluate(FIGURES)
    assert state["headHeight"] > 10
    first = state["rows"][0]["cells"]
    assert len({round(c["top"]) for c in first}) == 1, "the cells of a row sit side by side"
    assert all(c["before"] in ("none", "normal") for c in first)
