"""Driving the site's search (Pagefind in Material's search box) as a reader would, for the browser tests."""

from __future__ import annotations

from urllib.parse import urlsplit

INPUT = "#sv-search-input"
RESULT = ".md-search-result__item"
RESULT_LINK = ".md-search-result__item > a"
STATUS = "#sv-search-status"
OPEN_BUTTON = ".sv-search-button"


def open_search(page) -> None:
    """Open search: the search button on a phone, the search box itself on a desktop."""
    button = page.locator(OPEN_BUTTON)
    if button.is_visible():
        button.click()
    else:
        page.locator(INPUT).click()
    page.locator(INPUT).wait_for(state="visible")


def answered(page, query: str, timeout: float = 15_000) -> None:
    """Wait until the status line reports the results of exactly this query."""
    page.wait_for_function(
        "q => { const s = document.querySelector('#sv-search-status');"
        " return s && s.textContent.includes('\\u201c' + q + '\\u201d'); }",
        arg=query.strip(), timeout=timeout)


def search(page, query: str) -> list[str]:
    """Type a query into the search box and return the result paths, best first."""
    box = page.locator(INPUT)
    if not box.is_visible() or not page.evaluate("document.getElementById('__search').checked"):
        open_search(page)
    box.fill(query)
    answered(page, query)
    hrefs = page.eval_on_selector_all(RESULT_LINK, "els => els.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]
