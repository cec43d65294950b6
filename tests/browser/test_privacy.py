"""Privacy: every page type loads only from the local server and sets no cookies.

Each request the page makes is recorded, including those made after load (the search worker, the search
index) and those made by opening search. Any host other than the local server fails the test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from search_ui import search
from site_pages import PAGES, SEARCH_TERM, page_id


@pytest.fixture
def recorded(browser, base_url):
    """A fresh context and page, with every request it makes listed in page.requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def assert_only_local(page, base_url: str, name: str) -> None:
    local = urlsplit(base_url).netloc
    # data: and blob: URLs are made in the page itself, not fetched from anywhere.
    fetched = [url for url in page.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    assert fetched, f"{name}: no requests were recorded at all"
    elsewhere = [url for url in fetched if urlsplit(url).netloc != local]
    other_schemes = [url for url in page.requests if urlsplit(url).scheme not in ("http", "https", "data", "blob")]
    assert not elsewhere, f"{name}: requests to hosts other than the local server: {elsewhere}"
    assert not other_schemes, f"{name}: requests with unexpected schemes: {other_schemes}"


def assert_no_cookies(page, name: str) -> None:
    assert page.context.cookies() == [], f"{name}: cookies were set: {page.context.cookies()}"
    assert page.evaluate("document.cookie") == "", f"{name}: document.cookie is not empty"


@pytest.mark.parametrize("name_url", PAGES, ids=page_id)
def test_page_loads_nothing_from_other_hosts_and_sets_no_cookies(recorded, base_url, name_url):
    name, url = name_url
    recorded.goto(base_url + url)
    recorded.wait_for_load_state("networkidle")
    assert_only_local(recorded, base_url, name)
    assert_no_cookies(recorded, name)
    storage = recorded.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    print(f"{name}: {len(recorded.requests)} requests, all local; no cookies; localStorage and sessionStorage keys: {storage}")


def test_searching_and_switching_colour_scheme_stay_local_and_set_no_cookies(recorded, base_url):
    recorded.goto(base_url)
    recorded.wait_for_load_state("networkidle")
    search(recorded, SEARCH_TERM)  # Pagefind's script, its WebAssembly, index and fragments: all local
    assert any("/pagefind/" in url for url in recorded.requests), "search fetched nothing from Pagefind"
    recorded.keyboard.press("Escape")
    # The colour-scheme toggle: Material keeps the choice in localStorage, not in a cookie.
    recorded.locator("form[data-md-component='palette'] label:visible").first.click()
    recorded.wait_for_load_state("networkidle")
    recorded.locator("a.md-nav__link", has_text="All case studies").first.click()
    recorded.wait_for_load_state("networkidle")
    assert_only_local(recorded, base_url, "search, colour scheme and a second page")
    assert_no_cookies(recorded, "search, colour scheme and a second page")
    storage = recorded.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    print(f"after search and the scheme toggle: localStorage and sessionStorage keys {storage}")


def test_a_third_party_request_would_be_caught(recorded, base_url):
    """The check can fail: a page that asks another host for an image is reported."""
    recorded.route("http://third-party.invalid/**", lambda route: route.abort())
    recorded.goto(base_url)
    recorded.wait_for_load_state("networkidle")
    # Wait for the request itself: the page's load state is already "network idle", so waiting on that races.
    with recorded.expect_request("http://third-party.invalid/pixel.gif"):
        recorded.evaluate("() => { const i = new Image(); i.src = 'http://third-party.invalid/pixel.gif'; }")
    with pytest.raises(AssertionError, match="third-party.invalid"):
        assert_only_local(recorded, base_url, "planted")
