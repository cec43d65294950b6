"""The cite-and-link box in a real browser: copy buttons with JavaScript, selectable text without it, and print."""

from __future__ import annotations

import datetime as dt

import yaml
from browser_fixtures import ROOT

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SLUG = "frc-group"
PERMALINK = f"{SITE_URL}case-studies/{SLUG}/"


def test_copy_link_button_puts_the_permanent_link_on_the_clipboard(browser, base_url):
    context = browser.new_context(locale="en-GB", permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base_url}case-studies/{SLUG}/")
        button = page.get_by_role("button", name="Copy link")
        assert button.is_visible()
        button.click()
        status = page.locator(".cs-copy-status")
        status.wait_for(state="visible")
        assert status.inner_text() == "Copied: link."
        assert page.evaluate("navigator.clipboard.readText()") == PERMALINK
        page.get_by_role("button", name="Copy Markdown").click()
        assert page.evaluate("navigator.clipboard.readText()") == f"[FRC Group: social value case study]({PERMALINK})"
        today = dt.date.today()
        assert page.locator(".cs-accessed").inner_text() == f"{today.day} {today:%B %Y}"
        assert errors == []
    finally:
        context.close()


def test_without_javascript_the_citation_is_plain_text_and_the_buttons_stay_hidden(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}case-studies/{SLUG}/")
        assert page.locator(".cs-cite button").count() == 4
        assert not any(b.is_visible() for b in page.locator(".cs-cite button").all())
        citation = page.locator("#cs-cite-text")
        assert citation.is_visible()
        assert "[add the date you read it]" in citation.inner_text()
        assert page.locator("#cs-cite-link").inner_text() == PERMALINK
    finally:
        context.close()


def test_a_case_study_prints_without_site_furniture_and_with_source_addresses(page, base_url):
    page.goto(f"{base_url}case-studies/{SLUG}/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".cs-copy", ".md-content__button"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    after = page.evaluate("""() => {
        const a = document.querySelector('.cs-sources a');
        return [a.getAttribute('href'), getComputedStyle(a, '::after').content];
    }""")
    assert after[0] in after[1]
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert page.console_errors == []
