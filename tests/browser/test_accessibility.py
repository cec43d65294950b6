"""WCAG 2.2 A and AA checks with axe-core on every page type, in light and dark mode, on a desktop and a phone.

The bar is zero violations: a failing rule is fixed in the site (palette, overrides), never switched off here.
axe-core comes bundled with axe-playwright-python (pinned in requirements-dev.txt); it is injected from disk.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from search_ui import INPUT, RESULT, answered, open_search
from site_pages import PAGES, SCHEMES, SEARCH_PAGE, SEARCH_TERM, VIEWPORTS, page_id

# Every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA that the bundled axe-core knows.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# Material names the dark scheme "slate" and the light one "default".
SCHEME_NAMES = {"light": "default", "dark": "slate"}

axe = Axe()


@pytest.fixture
def open_page(browser):
    """open_page(url, scheme, viewport) -> a page loaded in a fresh context with that colour scheme and size."""
    contexts = []

    def _open(url: str, scheme: str, viewport: str):
        # Reduced motion: Material then turns every CSS transition off, so axe reads each colour as it ends, not
        # mid-fade. Without it, a CI run read a list link still in its light colour on the dark background
        # (contrast 2.25) although the page had settled: the list items use content-visibility, so an item off the
        # screen can start its colour fade only when axe asks for its style. The colours themselves are the same.
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, locale="en-GB",
                                      is_mobile=viewport == "phone", has_touch=viewport == "phone",
                                      reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        # The palette follows the reader's system setting until they use the toggle; check it took effect.
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEME_NAMES[scheme]
        return page

    yield _open
    for context in contexts:
        context.close()


def open_search_with_results(page, term: str = SEARCH_TERM) -> None:
    """Open the search dialog as a reader would (the search button on a phone, the box on a desktop), type a
    term key by key and wait for the results and their announcement."""
    open_search(page)
    page.locator(INPUT).press_sequentially(term)
    answered(page, term)
    page.locator(RESULT).first.wait_for(state="visible", timeout=15_000)
def violations_report(results) -> str:
    lines = []
    for violation in results.response["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def check(page, label: str) -> None:
    # Check the page as it settles: with reduced motion (open_page) no transition should be left running.
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
    assert page.evaluate("""() => [...document.querySelectorAll('.md-typeset a')]
        .every(a => getComputedStyle(a).transitionDuration.split(', ').every(d => d === '0s'))""")
    results = axe.run(page, options=AXE_OPTIONS)
    # axe ran the WCAG rules (not an empty selection that passes trivially).
    assert results.response["toolOptions"]["runOnly"]["values"] == WCAG_TAGS
    report = violations_report(results)
    print(f"axe {label}: {results.violations_count} violations" + (f"\n{report}" if report else ""))
    assert results.violations_count == 0, f"axe found WCAG 2.2 A/AA violations on {label}:\n{report}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name_url", PAGES, ids=page_id)
def test_page_has_no_wcag_violations(open_page, base_url, name_url, scheme, viewport):
    name, url = name_url
    page = open_page(base_url + url, scheme, viewport)
    check(page, f"{name} ({scheme}, {viewport})")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_results_have_no_wcag_violations(open_page, base_url, scheme, viewport):
    page = open_page(base_url, scheme, viewport)
    open_search_with_results(page)
    check(page, f"{SEARCH_PAGE} for {SEARCH_TERM!r} ({scheme}, {viewport})")


def test_axe_finds_a_planted_violation(open_page, base_url):
    """The check can fail: an image without alternative text, added to a real page, is reported."""
    page = open_page(base_url, "light", "desktop")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        document.querySelector('.md-content').prepend(img);
    }""")
    results = axe.run(page, options=AXE_OPTIONS)
    assert "image-alt" in [v["id"] for v in results.response["violations"]]


def test_the_scheme_toggle_switches_to_dark_keeps_the_choice_and_the_next_page_passes(open_page, base_url):
    """The other way into dark mode: the reader's own choice with the toggle, kept in localStorage."""
    page = open_page(base_url, "light", "desktop")
    page.locator("form[data-md-component='palette'] label[title='Switch to dark mode']").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.goto(base_url + dict(PAGES)["case-study"])
    page.wait_for_load_state("networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    check(page, "case-study (dark by the toggle, desktop)")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_search_is_labelled_and_announces_its_results(open_page, base_url, viewport):
    page = open_page(base_url, "light", viewport)
    open_search_with_results(page)
    assert page.get_by_role("dialog", name="Search this site").count() == 1
    assert page.get_by_role("searchbox", name="Search this site").is_visible()
    status = page.locator("#sv-search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert f"match \u201c{SEARCH_TERM}\u201d" in status.inner_text()
    # The box points at the results list and the announcement.
    box = page.locator(INPUT)
    assert box.get_attribute("aria-controls") == "sv-search-results"
    assert box.get_attribute("aria-describedby") == "sv-search-status"
