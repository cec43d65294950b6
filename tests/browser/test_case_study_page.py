"""Case-study pages: one "last reviewed" line, breadcrumbs back to the list or topic page (without JavaScript
too), and a "Report a problem with this page" link on every page, by email with the address filled in."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import ROOT

from site_pages import PAGES, page_id

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
REPORT = CONFIG["extra"]["report_problem"]
SITE_URL = CONFIG["site_url"]
SLUG = "preston-city-council"


def test_a_case_study_says_last_reviewed_once(page, base_url):
    page.goto(base_url + f"case-studies/{SLUG}/")
    text = page.locator("article").inner_text()
    assert text.lower().count("last reviewed") == 2, "once in the history line, once in the citation"
    assert page.locator(".page-reviewed").count() == 0
    assert page.locator(".cs-history").inner_text().count("last reviewed") == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_breadcrumbs_lead_back_to_the_case_study_list(browser, base_url, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(base_url + f"case-studies/{SLUG}/")
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.is_visible()
    assert crumbs.locator("li").all_inner_texts() == ["Home", "Case studies", "Preston City Council"]
    assert crumbs.locator("[aria-current=page]").inner_text() == "Preston City Council"
    crumbs.get_by_role("link", name="Case studies").click()
    page.wait_for_url(base_url + "case-studies/")
    context.close()


def test_from_a_filtered_list_the_breadcrumb_returns_to_it_with_its_filters(page, base_url):
    page.goto(base_url + "case-studies/?region=north-west")
    page.wait_for_selector("form[data-cs-filters]:not([hidden])")
    page.locator(f"[data-cs-list] a[href$='{SLUG}/']").click()
    page.wait_for_url(base_url + f"case-studies/{SLUG}/")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Case studies").click()
    page.wait_for_url(base_url + "case-studies/?region=north-west")


def test_from_a_topic_page_the_breadcrumbs_include_it(page, base_url):
    page.goto(base_url + "case-studies/region/north-west/")
    page.locator(f"article a[href$='{SLUG}/']").first.click()
    page.wait_for_url(base_url + f"case-studies/{SLUG}/")
    crumbs = page.get_by_role("navigation", name="Breadcrumb").locator("li")
    crumbs.nth(3).wait_for()
    assert crumbs.all_inner_texts() == ["Home", "Case studies", "Where: North West England", "Preston City Council"]
    crumbs.nth(2).locator("a").click()
    page.wait_for_url(base_url + "case-studies/region/north-west/")


@pytest.mark.parametrize("name_url", PAGES, ids=page_id)
def test_every_page_has_report_a_problem_by_email_with_its_address_and_on_github(page, base_url, name_url):
    name, url = name_url
    page.goto(base_url + url)
    report = page.locator(".page-report")
    assert report.count() == 1, name
    assert report.inner_text().startswith("Report a problem with this page")
    mail = report.get_by_role("link", name="by email").get_attribute("href")
    parts = urlsplit(mail)
    assert parts.scheme == "mailto" and unquote(parts.path) == REPORT["email"]
    query = parse_qs(parts.query)
    body = query["body"][0]
    if name != "not-found":  # the 404 page is served at any address; it reports the site's own
        path = urlsplit(base_url + url).path.replace("/social-value-reference/", "", 1).split("?")[0]
        assert f"Page: {SITE_URL}{path}" in body, (name, body)
    assert query["subject"][0].startswith("Problem with a page: ")
    github = report.get_by_role("link", name="on GitHub").get_attribute("href")
    assert github.startswith(REPORT["github"] + "?")
