"""Browser fixtures: the built site served on localhost, and Debian's Chromium driven by Playwright.

Browser tests never skip. If Chromium is missing they fail, naming the command that installs it.
The site is served under the same path as in production (/social-value-reference/), so absolute
links such as the 404 page's work as they will on the real host.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
PREFIX = "/social-value-reference/"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves build/site under PREFIX, with the site's own 404 page for anything missing."""

    def translate_path(self, path):
        url_path = urlsplit(path).path
        if url_path.startswith(PREFIX):
            url_path = "/" + url_path[len(PREFIX):]
        else:
            url_path = "/__outside_the_site__"
        return super().translate_path(url_path)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def built_site(fresh_site) -> Path:
    """build/site, built by `make test` just before pytest; rebuilt first if a source is newer (conftest.py)."""
    return fresh_site


@pytest.fixture(scope="session")
def base_url(built_site) -> str:
    """The site's address on a local server, ending in /social-value-reference/."""
    handler = functools.partial(SiteHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: run `sudo apt-get install chromium`.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleLog(list):
    """Console errors and uncaught page errors seen while a test ran."""


PHONE = {"width": 375, "height": 667}  # the narrow screen every phone test uses


@pytest.fixture
def phone(browser):
    """A fresh phone-sized touch page (375 by 667)."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page that records console errors in page.console_errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors = ConsoleLog()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()
