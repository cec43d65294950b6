"""A former slug's page sends the reader on to the current page and keeps the #section of the old address."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from browser_fixtures import PREFIX, SiteHandler

from socialvalue.share import redirect_page


@pytest.fixture
def moved_site(tmp_path):
    new = tmp_path / "case-studies" / "renamed-trust"
    old = tmp_path / "case-studies" / "old-trust-name"
    new.mkdir(parents=True)
    old.mkdir(parents=True)
    filler = "<p>Filler.</p>" * 200  # tall enough that a section is not at the top
    (new / "index.html").write_text(f"<!doctype html><title>New</title><h1>Renamed</h1>{filler}"
                                    f'<h2 id="figures">Figures</h2>{filler}', encoding="utf-8")
    (old / "index.html").write_text(redirect_page("../renamed-trust/", "https://example.org/case-studies/renamed-trust/",
                                                  'Old & "quoted" name'), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    server.shutdown()
    server.server_close()


def test_a_redirect_keeps_the_section_of_the_old_address(page, moved_site):
    page.goto(moved_site + "case-studies/old-trust-name/#figures")
    page.wait_for_url(moved_site + "case-studies/renamed-trust/#figures")
    page.wait_for_function("document.getElementById('figures').getBoundingClientRect().top < 100")


def test_a_redirect_without_a_section_lands_on_the_page(page, moved_site):
    page.goto(moved_site + "case-studies/old-trust-name/")
    page.wait_for_url(moved_site + "case-studies/renamed-trust/")


def test_without_javascript_the_refresh_still_redirects(browser, moved_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(moved_site + "case-studies/old-trust-name/")
    page.wait_for_url(moved_site + "case-studies/renamed-trust/")
    context.close()
