"""Keyboard-only use: the skip link, the navigation and search all work from the keyboard, with focus visible.

Most tests run at desktop size, where Material shows the navigation sidebar and the search box in the header;
the phone tests at the end cover the menu button and the drawer that replace the sidebar on small screens.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser_fixtures import PHONE
from site_pages import PAGES, SEARCH_TERM, page_id

# Enough Tab presses to get from the top of any page through the header into the site navigation.
MAX_TABS_TO_NAV = 15

# What the focused element is, where it is, and whether a focus indicator is drawn. A visually hidden
# control (Material's colour-scheme radio buttons) shows its focus on the label that follows it.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  let shown = el;
  const box = el.getBoundingClientRect();
  if ((box.width === 0 || box.height === 0) && el.nextElementSibling && el.nextElementSibling.tagName === 'LABEL') {
    shown = el.nextElementSibling;
  }
  const style = getComputedStyle(shown);
  const rect = shown.getBoundingClientRect();
  return {
    tag: el.tagName, cls: String(el.className), text: (el.textContent || '').trim().slice(0, 40),
    href: el.getAttribute('href'), url: el.href || null,
    siteNav: !!el.closest('.md-nav--primary'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    visible: rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && parseFloat(style.opacity) > 0,
    inView: rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
  };
}"""


def focus_state(page):
    """The focus state once any transition has finished (Material slides the skip link in, for example)."""
    try:
        page.wait_for_function(f"() => {{ const s = ({FOCUS_STATE})(); return s && s.visible && s.inView; }}",
                               timeout=2_000)
    except PlaywrightTimeoutError:
        pass  # the assertions below report what is wrong
    return page.evaluate(FOCUS_STATE)


def assert_focus_visible(state, where: str) -> None:
    assert state is not None, f"{where}: nothing has focus"
    assert state["visible"] and state["inView"], f"{where}: focus is on something not visible on screen: {state}"
    assert state["outline"] or state["shadow"], f"{where}: the focused element has no focus indicator: {state}"


def load(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("name_url", PAGES, ids=page_id)
def test_first_tab_reaches_a_visible_skip_link_that_works(page, base_url, name_url):
    name, url = name_url
    load(page, base_url + url)
    page.keyboard.press("Tab")
    state = focus_state(page)
    assert_focus_visible(state, f"{name}, first Tab")
    assert state["text"] == "Skip to content" and state["href"].startswith("#"), state
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == state["href"]
    # The target of the skip link is at the top of the window now.
    top = page.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", state["href"][1:])
    assert 0 <= top < 200, f"{name}: skip link target is {top}px from the top of the window"


@pytest.mark.parametrize("name_url", PAGES, ids=page_id)
def test_tab_reaches_the_navigation_with_focus_visible_at_every_stop(page, base_url, name_url):
    name, url = name_url
    load(page, base_url + url)
    stops = []
    for _ in range(MAX_TABS_TO_NAV):
        page.keyboard.press("Tab")
        state = focus_state(page)
        assert_focus_visible(state, f"{name}, Tab stop {len(stops) + 1}")
        stops.append(state)
        if state["siteNav"] and state["tag"] == "A" and state["text"]:
            break
    else:
        pytest.fail(f"{name}: {MAX_TABS_TO_NAV} Tab presses never reached the site navigation: "
                    f"{[(s['tag'], s['cls'], s['text']) for s in stops]}")


def test_a_navigation_link_is_followed_with_enter(page, base_url):
    load(page, base_url)
    for _ in range(MAX_TABS_TO_NAV * 2):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state and state["siteNav"] and state["tag"] == "A" and state["text"] == "All case studies":
            break
    else:
        pytest.fail("Tab never reached the 'All case studies' link in the navigation")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "case-studies/")
    assert page.locator("h1").first.inner_text().strip()


def test_search_opens_from_the_keyboard_and_a_result_is_followed_with_enter(page, base_url):
    load(page, base_url)
    for _ in range(MAX_TABS_TO_NAV):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state and "md-search__input" in state["cls"]:
            break
    else:
        pytest.fail("Tab never reached the search box")
    assert_focus_visible(state, "search box")
    page.keyboard.type(SEARCH_TERM)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    assert page.get_by_role("dialog", name="Search this site").is_visible()
    # Material moves through the results with the arrow keys.
    page.keyboard.press("ArrowDown")
    state = focus_state(page)
    assert_focus_visible(state, "first search result")
    assert SEARCH_TERM.lower() in state["text"].lower() or SEARCH_TERM.lower() in (state["url"] or ""), state
    page.keyboard.press("Enter")
    page.wait_for_url(state["url"])
    assert SEARCH_TERM in page.locator("h1").first.inner_text()


def test_search_opens_with_the_slash_shortcut_and_closes_with_escape(page, base_url):
    load(page, base_url + "case-studies/")
    page.keyboard.press("/")
    query = page.locator("input.md-search__input")
    assert query.evaluate("el => el === document.activeElement")
    page.keyboard.press("Escape")
    assert not query.evaluate("el => el === document.activeElement")


# Enough Tab presses to pass the header on a phone (skip link, menu, colour scheme, search) into the page.
PHONE_TABS = 8


@pytest.mark.parametrize("name_url", PAGES, ids=page_id)
def test_on_a_phone_every_tab_stop_is_on_screen_with_focus_visible(phone, base_url, name_url):
    """The closed menu drawer sits off screen: its links must not take focus until it is opened."""
    name, url = name_url
    load(phone, base_url + url)
    for stop in range(1, PHONE_TABS + 1):
        phone.keyboard.press("Tab")
        state = focus_state(phone)
        if state is None and stop > 4:
            break  # a short page: Tab has gone past its last link, out of the page
        assert_focus_visible(state, f"{name} on a phone, Tab stop {stop}")
        assert not state["siteNav"], f"{name} on a phone: Tab reached the closed menu: {state}"


def test_on_a_phone_the_menu_opens_from_the_keyboard_and_a_link_is_followed(phone, base_url):
    load(phone, base_url)
    menu = phone.get_by_role("button", name="Menu")
    for _ in range(PHONE_TABS):
        phone.keyboard.press("Tab")
        if menu.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the menu button on a phone")
    assert_focus_visible(focus_state(phone), "menu button")
    assert menu.get_attribute("aria-expanded") == "false"
    phone.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    for _ in range(MAX_TABS_TO_NAV * 2):
        state = focus_state(phone)
        assert_focus_visible(state, "in the open menu")
        if state["siteNav"] and state["tag"] == "A" and state["text"] == "All case studies":
            break
        phone.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached 'All case studies' in the open menu")
    phone.keyboard.press("Enter")
    phone.wait_for_url(base_url + "case-studies/")


def test_on_a_phone_escape_closes_the_menu_and_returns_focus_to_its_button(phone, base_url):
    load(phone, base_url)
    menu = phone.get_by_role("button", name="Menu")
    menu.focus()
    phone.keyboard.press(" ")
    assert menu.get_attribute("aria-expanded") == "true"
    assert focus_state(phone)["siteNav"], "opening the menu moves focus into it"
    phone.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("el => el === document.activeElement")


def test_on_a_phone_the_search_button_opens_search_from_the_keyboard_and_escape_returns_to_it(phone, base_url):
    load(phone, base_url)
    button = phone.get_by_role("button", name="Search")
    for _ in range(PHONE_TABS):
        phone.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the search button on a phone")
    assert_focus_visible(focus_state(phone), "search button")
    phone.keyboard.press("Enter")
    query = phone.locator("input.md-search__input")
    query.wait_for(state="visible")
    assert query.evaluate("el => el === document.activeElement")
    assert button.get_attribute("aria-expanded") == "true"
    phone.keyboard.type(SEARCH_TERM)
    phone.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    phone.keyboard.press("ArrowDown")
    assert_focus_visible(focus_state(phone), "first search result on a phone")
    phone.keyboard.press("Escape")
    assert button.evaluate("el => el === document.activeElement")
    assert button.get_attribute("aria-expanded") == "false"
    assert not phone.evaluate("document.getElementById('__search').checked")
