"""Errors where the contributor looks: under a real `mkdocs serve`, a save that breaks the data shows its problems
in the open browser page (file, line, field, message, and that the site was not rebuilt); the next good save brings
the real page back by itself; the terminal lists the same problems. Runs in a temporary copy of the project."""

from __future__ import annotations

import re
import sys
import urllib.request

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from preview_timing import PROBLEMS, Serve, make_copy, shows, wait_for  # noqa: E402

RECORD = "frc-group"


@pytest.fixture
def served(tmp_path):
    project = make_copy(tmp_path, 0)
    serve = Serve(project)
    yield project, serve
    serve.stop()


def test_a_broken_save_shows_its_problems_in_the_browser_and_a_good_save_brings_the_page_back(served, browser):
    project, serve = served
    record = project / "data" / "case-studies" / f"{RECORD}.yml"
    original = record.read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(f"{serve.base}case-studies/{RECORD}/", wait_until="domcontentloaded")
    title = page.locator("h1").first.inner_text()
    assert "FRC" in title or "Furniture" in title

    # A tab, and in another file a hostile value that the page must show as text, never as markup.
    lines = original.splitlines(keepends=True)
    place = next(i for i, line in enumerate(lines) if line.startswith("  place:"))
    lines[place] = "\t" + lines[place].lstrip(" ")
    other = project / "data" / "case-studies" / "a-hostile-test.yml"
    other.write_text((ROOT / "tests" / "fixtures" / "valid" / "example-reuse-project.yml").read_text(encoding="utf-8")
                     .replace("regions: [north-west", "regions: ['<img src=x id=injected>'", 1), encoding="utf-8")
    record.write_text("".join(lines), encoding="utf-8")
    wait_for(page, PROBLEMS, 300)
    box = page.locator("#preview-problems")
    text = box.inner_text()
    assert "The site was not rebuilt" in text
    assert f"data/case-studies/{RECORD}.yml" in text and str(place + 1) in text and "tab" in text
    assert "data/case-studies/a-hostile-test.yml" in text and "organisation.regions[0]" in text
    assert "<img src=x id=injected>" in text and page.locator("#injected").count() == 0
    # The terminal says the same.
    wait_for(page, "true", 1)
    assert f"data/case-studies/{RECORD}.yml:{place + 1}: (file):" in serve.text()
    assert "the site was not rebuilt" in serve.text()

    # The broken record's own address shows the problems too, not a 404.
    hostile = browser.new_page()
    response = hostile.goto(f"{serve.base}case-studies/a-hostile-test/", wait_until="domcontentloaded")
    assert response.status == 200 and hostile.locator("#preview-problems").count() == 1

    other.unlink()
    record.write_text(original, encoding="utf-8")
    wait_for(page, f"!{PROBLEMS} && {shows('Liverpool')}", 300)
    assert page.locator("h1").first.inner_text() == title

    # Nothing of the broken build is left: the pages are the same as a fresh `mkdocs serve` of the same files.
    after = {url: fetch(serve.base + url) for url in PAGES}
    fresh = Serve(project)
    try:
        before = {url: fetch(fresh.base + url) for url in PAGES}
    finally:
        fresh.stop()
    for url in PAGES:
        assert "preview-problems" not in after[url]
        assert comparable(after[url], serve.port) == comparable(before[url], fresh.port), url
    assert fetch(serve.base + "case-studies/a-hostile-test/", missing_ok=True) is None


PAGES = ["", f"case-studies/{RECORD}/", "case-studies/", "help/glossary/", "feed.xml"]


def fetch(url, missing_ok=False):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        if missing_ok and exc.code == 404:
            return None
        raise


def comparable(html: str, port: int) -> str:
    """The page without what differs between two servers: the port and the live-reload script's build number."""
    html = html.replace(f"127.0.0.1:{port}", "127.0.0.1:PORT")
    html = html.replace(f"127.0.0.1%3A{port}", "127.0.0.1:PORT")  # the report-a-problem links encode it
    return re.sub(r"<script>\s*var livereload.*?</script>", "", html, flags=re.DOTALL)


def test_the_address_make_new_prints_is_served(served, browser, tmp_path):
    project, serve = served
    sys.path.insert(0, str(ROOT / "scripts"))
    from new_case_study import PREVIEW_HOST, preview_base
    address = preview_base(project / "mkdocs.yml").replace(PREVIEW_HOST, f"http://127.0.0.1:{serve.port}")
    page = browser.new_page()
    response = page.goto(f"{address}case-studies/{RECORD}/", wait_until="domcontentloaded")
    assert response.status == 200 and "case-studies" in page.url
