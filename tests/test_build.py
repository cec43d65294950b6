"""Whole-site builds in a temporary copy of the project: one page per record, safe text, atomic output."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from socialvalue.facets import FACETS
from conftest import ROOT, VALID_RECORD

BASE = VALID_RECORD.read_text(encoding="utf-8")
TEMPLATE_NAME = "{{ 7*7 }} Trust {% if true %}yes{% endif %}"
TRICKY_SUMMARY = 'A "quoted" summary with x < y & z > w, *stars* and {{ config.site_name }} in it for tests.'


def record(name: str, summary: str | None = None) -> str:
    text = BASE.replace("name: Example Re-use Project", f"name: '{name}'")
    if summary:
        text = text.replace(
            "summary: A fictional community re-use project that collects unwanted furniture for a council "
            "and trains local people.", f"summary: '{summary}'")
    return text


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import make_project, run_build
    project = make_project(tmp_path_factory.mktemp("site"), {
        "example-reuse-project.yml": BASE,
        "template-trust.yml": record(TEMPLATE_NAME, TRICKY_SUMMARY),
    })
    built = run_build(project)
    assert built.returncode == 0, built.output
    return built


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_one_page_per_record(site):
    listings = {f.key for f in FACETS} | {p.stem for p in (site.project / "docs" / "case-studies").glob("*.md")}
    pages = sorted(p.parent.name for p in (site.site / "case-studies").glob("*/index.html")
                   if p.parent.name not in listings)
    records = sorted(p.stem for p in (site.project / "data" / "case-studies").glob("*.yml"))
    assert "example-reuse-project" in records and "template-trust" in records
    assert pages == records


def test_edit_link_opens_the_yaml_record(site):
    page = soup(site.page("case-studies/example-reuse-project"))
    edit = page.find("a", rel="edit")
    assert edit is not None
    assert edit["href"].endswith("/edit/main/data/case-studies/example-reuse-project.yml")


def test_hand_written_pages_edit_their_markdown(site):
    edit = soup(site.page("case-studies")).find("a", rel="edit")
    assert edit["href"].endswith("/edit/main/docs/case-studies/index.md")


def test_template_syntax_in_data_renders_literally(site):
    html = site.page("case-studies/template-trust")
    page = soup(html)
    assert page.find("h1").get_text().strip("¶") == TEMPLATE_NAME
    assert "{{ config.site_name }}" in page.find("article").get_text()
    assert "Social value in UK public services in it for tests" not in html
    # The index page renders macros, but record text passed through a macro is still data.
    index = soup(site.page("case-studies")).find("article").get_text()
    assert TEMPLATE_NAME in index and "49 Trust" not in index


def test_head_tags_are_escaped(site):
    page = soup(site.page("case-studies/template-trust"))
    description = page.find("meta", attrs={"name": "description"})
    assert description["content"] == TRICKY_SUMMARY
    assert page.title.get_text().startswith(TEMPLATE_NAME)


def test_case_studies_stay_out_of_the_navigation(site):
    nav = soup(site.page("case-studies")).find("nav", class_="md-nav--primary")
    links = [a.get("href", "") for a in nav.find_all("a")]
    assert not any("example-reuse-project" in href for href in links)


def test_index_lists_every_record(site):
    links = {a["href"] for a in soup(site.page("case-studies")).select("article [data-cs-list] a")}
    records = {f"{p.stem}/" for p in (site.project / "data" / "case-studies").glob("*.yml")}
    assert links == records


def test_editing_a_record_changes_its_page(site):
    path = site.project / "data" / "case-studies" / "example-reuse-project.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("place: Exampletown", "place: Newtown on Sea"), encoding="utf-8")
    try:
        rebuilt = site.rebuild()
        assert rebuilt.returncode == 0, rebuilt.output
        assert "Newtown on Sea" in rebuilt.page("case-studies/example-reuse-project")
    finally:
        path.write_text(original, encoding="utf-8")


def test_script_in_a_record_stops_the_build_and_keeps_the_old_site(site):
    path = site.project / "data" / "case-studies" / "template-trust.yml"
    original = path.read_text(encoding="utf-8")
    before = site.page("case-studies/template-trust")
    path.write_text(record("Evil <script>alert(1)</script> Ltd"), encoding="utf-8")
    try:
        failed = site.rebuild()
        assert failed.returncode != 0
        assert "data/case-studies/template-trust.yml:3: name: contains HTML" in failed.output
        assert "nothing was built" in failed.output and "Traceback" not in failed.output
        assert site.page("case-studies/template-trust") == before  # previous site untouched
        for html in site.site.rglob("*.html"):
            assert "<script>alert(1)" not in html.read_text(encoding="utf-8")
        leftovers = [p.name for p in site.project.iterdir() if p.name.startswith(".site-")]
        assert leftovers == []
    finally:
        path.write_text(original, encoding="utf-8")


def test_no_generated_markdown_is_written_into_docs(site):
    after = sorted(str(p.relative_to(site.project / "docs")) for p in (site.project / "docs").rglob("*.md"))
    before = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))
    assert after == before


def test_no_page_loads_anything_from_another_host(site):
    for html_path in site.site.rglob("*.html"):
        page = soup(html_path.read_text(encoding="utf-8"))
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute, "")
                if tag == "link" and element.get("rel") in (["canonical"], ["edit"]):
                    continue
                assert not value.startswith(("http://", "https://", "//")), (html_path, value)


def test_hooks_module_imports_without_loading_data():
    import importlib.util
    spec = importlib.util.spec_from_file_location("site_hooks", ROOT / "scripts" / "hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module._site is None  # data loads in on_config, not at import time
    assert {"on_config", "on_files", "on_page_context"} <= set(dir(module))
    assert "on_env" not in dir(module)  # no custom filters for the theme (a move to another generator keeps working)


@pytest.mark.site
def test_the_real_data_builds_into_a_page_per_record(real_data):
    built = Path(ROOT / "build" / "site")
    if not built.exists():
        pytest.fail("run `make test` (it builds build/site before pytest) or `python scripts/build.py "
                    "--site-dir build/site` first")
    for case in real_data.records:
        assert (built / "case-studies" / case.slug / "index.html").exists(), case.slug


def test_mkdocs_yml_has_no_duplicate_keys():
    """YAML keeps only the last of two equal keys, so a second extra_javascript list silently drops the first."""
    from socialvalue.yamlsafe import load_file
    loaded, problems = load_file(ROOT / "mkdocs.yml")
    assert problems == [] and loaded is not None, [str(p) for p in problems]


def test_the_shared_navigation_gives_every_page_exactly_what_material_draws(site, tmp_path):
    """scripts/nav_hooks.py and overrides/partials/nav.html draw the navigation once for all the pages in a folder
    that the navigation does not show. Without them (Material's partial on every page) the site must be the same,
    byte for byte; the pages that used a kept navigation must be most of the site."""
    import re
    import shutil

    from conftest import run_build
    copy = shutil.ignore_patterns("site", ".cache", "__pycache__")
    # Both built now from the same files (other tests here edit the module's project and build it again).
    shared, plain = tmp_path / "shared", tmp_path / "plain"
    shutil.copytree(site.project, shared, ignore=copy)
    shutil.copytree(site.project, plain, ignore=copy)
    site = run_build(shared)
    assert site.returncode == 0, site.output
    (plain / "overrides" / "partials" / "nav.html").unlink()
    config = plain / "mkdocs.yml"
    config.write_text(re.sub(r"\n  - scripts/nav_hooks\.py[^\n]*", "", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    assert "nav_hooks" not in config.read_text(encoding="utf-8")
    built = run_build(plain)
    assert built.returncode == 0, built.output
    ours = {p.relative_to(site.site): p.read_bytes() for p in site.site.rglob("*.html")}
    theirs = {p.relative_to(built.site): p.read_bytes() for p in built.site.rglob("*.html")}
    assert sorted(ours) == sorted(theirs)
    assert [str(p) for p in ours if ours[p] != theirs[p]] == []
    nav = re.compile(rb'<nav class="md-nav md-nav--primary".*?</nav>', re.S)
    shared = [p for p in ours if p.parts[0] == "case-studies" and len(p.parts) >= 3]
    assert len(shared) > 100 and all(nav.search(ours[p]) for p in shared)
