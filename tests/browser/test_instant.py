"""The site's scripts also work when Material's instant navigation swaps pages without a full load.

The site ships without `navigation.instant`; this builds a copy with it switched on, so turning it on
later cannot silently break the filters.
"""

from __future__ import annotations

import functools
import re
import http.server
import threading

import pytest
from browser_fixtures import PREFIX, SiteHandler
from conftest import make_project, run_build


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("instant"), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(SiteHandler, directory=str(project / "site")))
    base = f"http://127.0.0.1:{server.server_port}{PREFIX}"
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  features:\n" in text and "\nsite_url: " in text
    text = text.replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    # Material takes over only links listed in sitemap.xml, after giving each listed URL the current page's
    # protocol and host name, but not its port: so the port goes into site_url (https, as the build requires).
    text = re.sub(r"^site_url: .*$", f"site_url: https://127.0.0.1:{server.server_port}{PREFIX}", text,
                  count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    built = run_build(project)
    assert built.returncode == 0, built.output
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()
    server.server_close()


def test_filters_start_after_an_instant_navigation(page, instant_site):
    page.goto(instant_site)
    page.wait_for_load_state("networkidle")  # Material reads sitemap.xml before it takes over links
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary a", has_text="All case studies").first.click()
    page.wait_for_url("**/case-studies/")
    page.wait_for_selector("form[data-cs-filters]:not([hidden])", timeout=10_000)
    # Still the same document: Material swapped the page in, rather than loading it.
    assert page.evaluate("window.__sameDocument === true")
    page.locator("details[data-facet='sector'] > summary").click()
    page.locator("input[name='sector'][value='manufacturing']").check()
    assert "manufacturing" in page.url
    # The whole list comes on demand; the count then says how many of it match.
    page.wait_for_function("/Showing \\d+ of \\d+/.test(document.querySelector('[data-cs-count]').textContent)")
    shown, total = map(int, re.findall(r"\d+", page.locator("[data-cs-count]").inner_text()))
    assert 0 < shown < total
    assert page.locator("[data-cs-list] > li").count() == min(shown, 20)
    assert page.console_errors == []
