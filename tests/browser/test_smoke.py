"""The browser harness itself: the local server, Chromium, and a page that loads without errors."""


def test_home_page_loads_in_chromium_without_console_errors(page, base_url):
    response = page.goto(base_url)
    assert response.status == 200
    assert page.locator("h1").first.inner_text().strip()
    assert page.console_errors == []


def test_missing_page_gets_the_site_404_page(page, base_url):
    response = page.goto(base_url + "no-such-page/")
    assert response.status == 404
    assert "404" in page.content()
