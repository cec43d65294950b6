"""Finding case studies in a real browser: the filters on the index, shared filtered links, and search
(Pagefind in Material's search box; the wider query list is in test_search_quality.py).

Expected lists are worked out from the YAML files, not read from the page under test.
"""

from __future__ import annotations

import functools
import http.server
import random
import re
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from browser_fixtures import PREFIX, SiteHandler
from conftest import ROOT
from search_ui import search

RAW = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
       for p in sorted((ROOT / "data" / "case-studies").glob("*.yml"))}
TOTAL = len(RAW)


def having(**wanted: list[str]) -> set[str]:
    """Slugs matching any of the values in each group, and every group (the filters' rule)."""
    def keys(data, facet):
        org = data["organisation"]
        return {"sector": set(data["sectors"]), "region": set(org["regions"]),
                "beneficiary": set(data["beneficiaries"]), "legal-form": {org["legal_form"]},
                "status": {org["status"]["value"]}}[facet]
    return {slug for slug, data in RAW.items()
            if all(keys(data, facet.replace("_", "-")) & set(values) for facet, values in wanted.items())}


PAGE_SIZE = 20  # the index shows this many a page (listing.INDEX_PAGE_SIZE)


def settled(page) -> None:
    """Wait until the list shows the filters' result (the whole list may still be on its way)."""
    page.wait_for_function("!document.querySelector('[data-cs-list]').hasAttribute('aria-busy')")


def visible(page) -> set[str]:
    """The slugs the list shows now: one page of results."""
    settled(page)
    return set(page.eval_on_selector_all(
        "[data-cs-list] > li:not([hidden]) > a", "els => els.map(a => a.getAttribute('href').replace(/\\/$/, ''))"))


def first_page(slugs: set[str]) -> set[str]:
    """What the first page of a result shows: the first PAGE_SIZE by name (the listings' order)."""
    return set(sorted(slugs, key=lambda s: (RAW[s]["name"].casefold(), s))[:PAGE_SIZE])


def every_page(page) -> list[str]:
    """The slugs on every page of the current result, following "Next page" to the end, in order."""
    seen = []
    while True:
        settled(page)
        seen += page.eval_on_selector_all("[data-cs-list] > li > a",
                                          "els => els.map(a => a.getAttribute('href').replace(/\\/$/, ''))")
        following = page.locator("[data-cs-pager]:not([hidden]) a[rel=next]")
        if not following.count():
            return seen
        where = page.locator("[data-cs-pager] span").inner_text()
        # From the keyboard: a mouse click can land on Material's "Back to top" button as it slides in.
        following.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("w => document.querySelector('[data-cs-pager] span').textContent !== w", arg=where)


def count_text(page) -> str:
    return page.locator("[data-cs-count]").inner_text()


def box(page, facet: str, value: str):
    return page.locator(f"input[name='{facet}'][value='{value}']")


def open_group(page, facet: str):
    page.locator(f"details[data-facet='{facet}'] > summary").click()


@pytest.fixture
def index(page, base_url):
    page.goto(base_url + "case-studies/")
    page.wait_for_selector("form[data-cs-filters]:not([hidden])")
    return page


def in_order(slugs) -> list[str]:
    return sorted(slugs, key=lambda s: (RAW[s]["name"].casefold(), s))


def test_without_filters_every_case_study_shows_page_by_page(index):
    # The page's own HTML holds the first page; the others come from the whole list, fetched on demand.
    assert TOTAL > PAGE_SIZE
    assert visible(index) == first_page(set(RAW))
    assert count_text(index) == f"Showing all {TOTAL} case studies."
    assert every_page(index) == in_order(RAW)
    last = -(-TOTAL // PAGE_SIZE)
    assert parse_qs(urlsplit(index.url).query) == {"page": [str(last)]}
    assert index.locator("[data-cs-pager] span").inner_text().startswith(f"Page {last} of {last}")
    # The page turned in place, and Back goes to the page before.
    index.go_back()
    index.wait_for_function(f"document.querySelector('[data-cs-pager] span').textContent.startsWith('Page {last - 1} ')")
    assert visible(index) == set(in_order(RAW)[(last - 2) * PAGE_SIZE:(last - 1) * PAGE_SIZE])
    assert index.console_errors == []


def test_a_filtered_result_longer_than_a_page_pages_too(index):
    wide = having(region=["north-west", "london", "scotland", "wales", "yorkshire-and-the-humber"])
    assert len(wide) > PAGE_SIZE, len(wide)
    index.goto(index.url + "?" + "&".join(f"region={r}" for r in
                                          ["north-west", "london", "scotland", "wales", "yorkshire-and-the-humber"]))
    index.wait_for_selector("form[data-cs-filters]:not([hidden])")
    assert count_text(index) == f"Showing {len(wide)} of {TOTAL} case studies."
    assert every_page(index) == in_order(wide)


def test_applying_and_clearing_filters_changes_the_list_the_count_and_the_address(index):
    open_group(index, "sector")
    box(index, "sector", "employment-support").check()
    expected = having(sector=["employment-support"])
    assert 0 < len(expected) < TOTAL
    assert visible(index) == first_page(expected)
    assert count_text(index) == f"Showing {len(expected)} of {TOTAL} case studies."
    assert parse_qs(urlsplit(index.url).query) == {"sector": ["employment-support"]}

    # A second value in the same group widens the list; a value in another group narrows it.
    box(index, "sector", "waste-and-re-use").check()
    wider = having(sector=["employment-support", "waste-and-re-use"])
    assert visible(index) == first_page(wider) and len(wider) > len(expected)
    open_group(index, "region")
    box(index, "region", "north-west").check()
    narrower = having(sector=["employment-support", "waste-and-re-use"], region=["north-west"])
    assert visible(index) == first_page(narrower) and len(narrower) < len(wider)
    query = parse_qs(urlsplit(index.url).query)
    assert query == {"sector": ["waste-and-re-use", "employment-support"], "region": ["north-west"]}

    index.get_by_role("button", name="Clear all filters").click()
    index.wait_for_function(f"document.querySelector('[data-cs-count]').textContent.includes('all {TOTAL}')")
    assert visible(index) == first_page(set(RAW))
    assert urlsplit(index.url).query == ""
    assert index.console_errors == []


def test_a_shared_filtered_address_restores_the_filters(page, base_url):
    page.goto(base_url + "case-studies/?sector=employment-support&region=north-west&region=london")
    page.wait_for_selector("form[data-cs-filters]:not([hidden])")
    expected = having(sector=["employment-support"], region=["north-west", "london"])
    assert visible(page) == first_page(expected)
    assert box(page, "sector", "employment-support").is_checked()
    assert box(page, "region", "london").is_checked() and box(page, "region", "north-west").is_checked()
    assert page.locator("details[data-facet='region']").get_attribute("open") is not None
    assert count_text(page) == f"Showing {len(expected)} of {TOTAL} case studies."

    # Round trip: the address the page writes after a change restores the same list on reload.
    box(page, "region", "london").uncheck()
    written = page.url
    page.reload()
    page.wait_for_selector("form[data-cs-filters]:not([hidden])")
    assert page.url == written
    assert visible(page) == first_page(having(sector=["employment-support"], region=["north-west"]))
    assert page.console_errors == []


def test_no_match_says_so(page, base_url):
    page.goto(base_url + "case-studies/?sector=manufacturing&region=north-east")
    page.wait_for_selector("form[data-cs-filters]:not([hidden])")
    assert having(sector=["manufacturing"], region=["north-east"]) == set()
    assert visible(page) == set()
    assert page.locator("[data-cs-none]").is_visible()


def test_filters_work_from_the_keyboard(index):
    summary = index.locator("details[data-facet='legal-form'] > summary")
    summary.focus()
    index.keyboard.press("Enter")
    index.keyboard.press("Tab")
    focused = index.evaluate("document.activeElement.name + '=' + document.activeElement.value")
    index.keyboard.press("Space")
    facet, value = focused.split("=")
    assert facet == "legal-form"
    assert visible(index) == first_page(having(legal_form=[value]))
    assert re.fullmatch(rf"Showing \d+ of {TOTAL} case studies\.", count_text(index))


def follow(page, link) -> None:
    """Go where a plain link points and wait until that page is there to read. Clicking a plain link with
    JavaScript off is the browser's own behaviour, nothing of the site's; on a busy machine three waits for
    a click's navigation (for 'load', 'domcontentloaded', then the first response) each once ran out with
    the next page never requested. So the test reads the link's address and opens it, as the click would."""
    target = link.evaluate("a => a.href")
    page.goto(target, wait_until="commit", timeout=60_000)
    page.locator("article .cs-pages").first.wait_for(state="attached", timeout=60_000)
    assert page.url == target


def test_without_javascript_the_list_shows_page_by_page_and_the_form_stays_hidden(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "case-studies/?sector=manufacturing")
    assert not page.locator("form[data-cs-filters]").is_visible()
    # Plain links lead through static pages (case-studies/page/<n>/) to every case study, in order.
    seen = []
    while True:
        seen += [urlsplit(h).path.rstrip("/").rsplit("/", 1)[-1] for h in
                 page.locator("article .cs-list > li:visible > a").evaluate_all("els => els.map(a => a.href)")]
        following = page.locator(".cs-pages a[rel=next]")
        if not following.count():
            break
        follow(page, following)
    assert seen == in_order(RAW)
    assert page.url.endswith(f"/case-studies/page/{-(-TOTAL // PAGE_SIZE)}/")
    follow(page, page.locator(".cs-pages a[rel=prev]"))
    assert page.locator("article .cs-list > li").count() == PAGE_SIZE
    context.close()


def test_a_term_link_on_a_case_study_leads_to_a_list_that_includes_it(page, base_url):
    page.goto(base_url + "case-studies/preston-city-council/")
    page.locator(".cs-summary a", has_text="North West").click()
    page.wait_for_url(re.compile(r"/case-studies/region/north-west/$"))
    names = page.locator("article ul li > a").all_inner_texts()
    assert "Preston City Council" in names
    assert sorted(names) == sorted(RAW[s]["name"] for s in having(region=["north-west"]))


# One search per record would grow with the library, so a fixed-seed sample of records is searched by name,
# plus every record whose name another record's name contains (the hard cases). Same sample every run.
NAME_SAMPLE = 30


def name_sample() -> list[str]:
    names = {slug: data["name"] for slug, data in RAW.items()}
    hard = {slug for slug, name in names.items()
            if any(other != slug and name.casefold() in n.casefold() for other, n in names.items())}
    rest = sorted(set(names) - hard)
    return sorted(hard | set(random.Random(2012).sample(rest, min(NAME_SAMPLE, len(rest)))))


def test_search_for_an_organisations_name_puts_its_page_first(page, base_url):
    """Its own page comes first; where another record's name contains this name (National Highways and
    National Highways A14...), its own page is at least in the top three."""
    page.goto(base_url)
    names = {slug: data["name"] for slug, data in RAW.items()}
    wrong = {}
    for slug in name_sample():
        results = search(page, names[slug])
        shared = any(other != slug and names[slug].casefold() in n.casefold() for other, n in names.items())
        top = results[:3] if shared else results[:1]
        if not any(r.endswith(f"/case-studies/{slug}/") for r in top):
            wrong[slug] = results[:3]
    assert wrong == {}
    assert page.console_errors == []


def test_search_finds_a_case_study_by_place_commissioner_or_service(page, base_url):
    page.goto(base_url)
    cases = [("Preston", "preston-city-council"),  # place
             ("Kendal", "right2work-kendal"),  # place
             ("Liverpool City Council", "frc-group"),  # commissioner
             ("school meals", "whole-school-meals")]  # service
    for query, slug in cases:
        results = search(page, query)
        assert any(r.endswith(f"/case-studies/{slug}/") for r in results[:5]), (query, results[:5])
    assert page.console_errors == []


def test_search_results_link_under_the_published_path(page, base_url):
    page.goto(base_url)
    results = search(page, "Kendal")
    assert results and all(r.startswith("/social-value-reference/") for r in results), results
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(base_url + "case-studies/right2work-kendal/")


def test_search_loads_nothing_until_it_is_opened(page, base_url):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(base_url + "case-studies/preston-city-council/")
    page.wait_for_load_state("networkidle")
    # Only the small script that drives the box (assets/search.js) loads with the page; Pagefind does not.
    assert not [p for p in fetched if "/pagefind/" in p], fetched
    search(page, "Preston")
    assert any(p.endswith("/pagefind/pagefind.js") for p in fetched), fetched


def test_a_query_with_no_match_says_so_and_offers_the_index(page, base_url):
    page.goto(base_url)
    assert search(page, "zzzyqx") == []
    status = page.locator("#sv-search-status")
    assert "No pages match" in status.inner_text()
    assert status.get_by_role("link", name="all case studies").get_attribute("href").endswith("/case-studies/")


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 667}, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
def test_without_javascript_the_search_box_offers_the_index_and_topic_pages(browser, base_url, viewport):
    context = browser.new_context(java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    page.goto(base_url + "the-act/what-the-act-says/")
    if viewport["width"] < 600:  # the header's search button opens the dialog without JavaScript
        page.locator("label.sv-search-label").click()
    offer = page.locator(".sv-search-nojs")
    assert offer.is_visible()
    assert not page.locator("#sv-search-input").is_visible()
    hrefs = [urlsplit(h).path for h in offer.locator("a").evaluate_all("els => els.map(a => a.href)")]
    assert hrefs == ["/social-value-reference/case-studies/", "/social-value-reference/case-studies/browse/"]
    offer.get_by_role("link", name="topics").click()
    page.wait_for_url(base_url + "case-studies/browse/")
    context.close()


def option_count(page, facet: str, value: str) -> str:
    return box(page, facet, value).locator("xpath=..").locator("[data-count]").inner_text()


def test_clear_all_filters_shows_only_when_something_is_chosen(index):
    clear = index.locator("[data-cs-clear]")
    assert not clear.is_visible()
    open_group(index, "sector")
    box(index, "sector", "employment-support").check()
    assert clear.is_visible()
    clear.click()
    index.wait_for_function("document.querySelector('[data-cs-count]').textContent.includes('all')")
    assert not clear.is_visible()


def test_option_counts_follow_the_other_groups_choices_and_say_when_none(index):
    open_group(index, "region")
    open_group(index, "sector")
    # Before any choice, each option counts every case study that has it.
    assert option_count(index, "region", "north-east") == f"({len(having(region=['north-east']))})"
    box(index, "sector", "manufacturing").check()
    # Now a region's count is the case studies in manufacturing there: none in the North East.
    assert having(sector=["manufacturing"], region=["north-east"]) == set()
    assert option_count(index, "region", "north-east") == "(none with your other choices)"
    south_east = having(sector=["manufacturing"], region=["south-east"])
    assert south_east and option_count(index, "region", "south-east") == f"({len(south_east)})"
    # Options in the chosen group itself still count against the other groups (none chosen there).
    assert option_count(index, "sector", "food-and-catering") == f"({len(having(sector=['food-and-catering']))})"
    box(index, "sector", "manufacturing").uncheck()
    assert option_count(index, "region", "north-east") == f"({len(having(region=['north-east']))})"


IN_VIEW = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }"""


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 667}, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
def test_after_a_tick_the_count_and_a_show_results_link_are_in_view(browser, base_url, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB", is_mobile=viewport["width"] < 600)
    page = context.new_page()
    page.goto(base_url + "case-studies/")
    page.wait_for_selector("form[data-cs-filters]:not([hidden])")
    # Open every group, then tick an option in the last one: far down the form.
    for group in page.locator("details[data-facet] > summary").all():
        group.click()
    last = page.locator("details[data-facet]").last.locator("input[type=checkbox]").first
    last.check()
    assert page.evaluate(IN_VIEW, "form[data-cs-filters] input:checked")
    assert page.evaluate(IN_VIEW, "[data-cs-count]"), "the live count is off screen"
    assert "of" in count_text(page)
    show = page.get_by_role("link", name="Show results")
    assert page.evaluate(IN_VIEW, ".cs-filters__actions a")
    show.click()
    page.wait_for_function("() => { const r = document.querySelector('[data-cs-list]').getBoundingClientRect();"
                           " return r.top >= 0 && r.top < innerHeight; }")
    context.close()


@pytest.mark.parametrize("viewport,button", [({"width": 375, "height": 667}, True),
                                             ({"width": 1280, "height": 900}, False)], ids=["phone", "desktop"])
def test_the_header_shows_a_search_button_on_a_phone_and_the_box_on_a_desktop(browser, base_url, viewport, button):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url)
    assert page.locator(".sv-search-button").is_visible() is button
    if not button:  # on a phone the box waits off screen until the button opens the dialog
        assert page.locator("#sv-search-input").is_visible()
    assert not page.locator("label.sv-search-label").is_visible()  # the no-JavaScript way in
    context.close()


@pytest.mark.parametrize("query", ["", "?sector=employment-support&region=north-west"], ids=["all", "filtered"])
def test_the_index_does_not_shift_when_the_filters_start(browser, base_url, query):
    for viewport in ({"width": 375, "height": 667}, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.add_init_script("""window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
            if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});""")
        # Hold the filters' script back, so the page is drawn before it runs, as on a slow phone.
        page.route("**/assets/filters.js", lambda route: (page.wait_for_timeout(400), route.continue_()))
        page.goto(base_url + "case-studies/" + query)
        page.wait_for_selector("form[data-cs-filters]:not([hidden])")
        settled(page)  # a filtered address fetches the whole list and draws its result
        page.wait_for_timeout(300)
        cls = page.evaluate("window.__cls")
        print(f"case-study index{query} CLS at {viewport['width']} px: {cls:.4f}")
        assert cls < 0.02, (viewport, cls)
        context.close()


class _StallAfterTheForm(SiteHandler):
    """Sends the case-study index in two parts, pausing after the filter form, so the browser draws the page
    with the form in it before it has read the rest: a slow connection or a slow first paint, made certain."""

    def copyfile(self, source, outputfile):
        if not urlsplit(self.path).path.endswith("/case-studies/"):
            return super().copyfile(source, outputfile)
        body = source.read()
        cut = body.index(b"</form>", body.index(b"data-cs-filters")) + len(b"</form>")
        outputfile.write(body[:cut])
        outputfile.flush()
        time.sleep(0.6)
        outputfile.write(body[cut:])


def test_a_shared_filtered_address_opens_its_groups_before_the_page_is_first_drawn(browser, built_site):
    handler = functools.partial(_StallAfterTheForm, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script("""window.__cls = 0; window.__painted = false;
            new PerformanceObserver(list => { for (const e of list.getEntries()) window.__cls += e.value; })
                .observe({type: 'layout-shift', buffered: true});
            new PerformanceObserver(() => { window.__painted = true; }).observe({type: 'paint', buffered: true});""")
        page.goto(f"http://127.0.0.1:{server.server_port}{PREFIX}case-studies/?sector=employment-support"
                  "&region=north-west", wait_until="commit")
        # The page is drawn while the rest of it is still on its way.
        page.wait_for_function("window.__painted && !!document.querySelector('[data-facet]')", timeout=5000)
        assert page.evaluate("document.readyState") == "loading"
        opened = page.eval_on_selector_all("details[data-facet][open]", "ds => ds.map(d => d.dataset.facet)")
        assert sorted(opened) == ["region", "sector"]
        page.wait_for_selector("form[data-cs-filters]:not([hidden])")
        settled(page)
        page.wait_for_timeout(300)
        cls = page.evaluate("window.__cls")
        print(f"filtered index drawn before its end arrived: CLS {cls:.4f}")
        assert cls < 0.02, cls
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_if_the_whole_list_does_not_load_the_page_says_so_and_its_page_links_still_work(page, base_url):
    page.route("**/case-studies/records.json", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(base_url + "case-studies/")
    page.wait_for_selector("form[data-cs-filters]:not([hidden])")
    open_group(page, "sector")
    box(page, "sector", "employment-support").check()
    page.wait_for_function("document.querySelector('[data-cs-count]').textContent.includes('did not load')")
    assert not page.locator("[data-cs-list]").get_attribute("aria-busy")
    box(page, "sector", "employment-support").uncheck()
    page.locator("[data-cs-pager] a[rel=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "case-studies/page/2/")
    assert page.locator("article .cs-list > li").count() == PAGE_SIZE
