"""The search index step: Pagefind indexes only marked page bodies, and a failed index leaves the old site."""

from __future__ import annotations

import importlib.util
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT

from socialvalue import search

PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<header>Header words everywhere</header><article {attrs}><h1>{title}</h1><p>{text}</p>"
        "<div data-search-exclude><p>Hidden related list</p></div></article></body></html>")


def page(folder: Path, title: str, text: str, attrs: str = "data-pagefind-body") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(PAGE.format(title=title, text=text, attrs=attrs), encoding="utf-8")


def test_only_marked_bodies_are_indexed(tmp_path):
    page(tmp_path / "a", "Alpha Trust", "Bulky waste collection in Kendal.")
    page(tmp_path / "b", "Topic list", "A listing page.", attrs="")
    search.index_site(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    # One page indexed: one fragment file (Pagefind writes one per page).
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1


def test_under_serve_the_index_is_made_in_the_background_and_a_new_rebuild_stops_it(tmp_path):
    """mkdocs serve reloads the browser without waiting for Pagefind; the next rebuild stops an unfinished
    index before the site folder is cleaned, and a failure is reported, a stopped index is not."""
    page(tmp_path / "a", "Alpha Trust", "Bulky waste collection in Kendal.")
    failures = []
    search.index_in_background(tmp_path, failures.append)
    search.wait_for_background()
    assert (tmp_path / "pagefind" / "pagefind.js").is_file() and failures == []
    stale = tmp_path / "pagefind" / "fragment" / "stale.pf_fragment"  # make serve keeps the site folder
    stale.write_text("stale", encoding="utf-8")
    search.index_in_background(tmp_path, failures.append)
    search.wait_for_background()
    assert (tmp_path / "pagefind" / "pagefind.js").is_file() and not stale.exists() and failures == []

    search.index_in_background(tmp_path / "nothing-here", failures.append)
    search.wait_for_background()
    assert len(failures) == 1 and isinstance(failures[0], search.SearchIndexError)

    search.index_in_background(tmp_path, failures.append)
    while search._background.is_alive() and not search._process:  # until Pagefind runs
        time.sleep(0.01)
    search.stop_background()
    assert not search._background.is_alive()
    assert len(failures) == 1, "a stopped index is not a failure"


def test_a_missing_site_is_an_error(tmp_path):
    with pytest.raises(search.SearchIndexError):
        search.index_site(tmp_path / "nothing-here")


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_script", ROOT / "scripts" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_failed_index_leaves_the_previous_site_untouched(tmp_path, monkeypatch, capsys):
    build = load_build_script()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old site", encoding="utf-8")

    def fake_mkdocs(cmd, env=None):  # a successful MkDocs build that writes one page into the staging folder
        staging = Path(cmd[cmd.index("--site-dir") + 1])
        (staging / "index.html").write_text("new site", encoding="utf-8")
        return subprocess.CompletedProcess(cmd, 0)

    def broken_index(folder):
        raise search.SearchIndexError("pagefind exploded")

    monkeypatch.setattr(build.subprocess, "run", fake_mkdocs)
    monkeypatch.setattr(build, "index_site", broken_index)
    assert build.build(site, ROOT / "mkdocs.yml") == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "old site"
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "the staging folder was removed"
    assert "pagefind exploded" in capsys.readouterr().err


def test_the_sites_css_and_javascript_lose_only_whole_line_comments_and_indentation():
    from socialvalue.assets import strip
    css = '/* A comment\n   on two lines. */\n.a::before {\n  content: attr(data-label) ": ";  /* kept */\n}\n'
    assert strip(css, javascript=False) == '.a::before {\ncontent: attr(data-label) ": ";  /* kept */\n}\n'
    js = '// note\n(function () {\n  var url = "https://example.org/x"; // kept\n  /* block */\n  return 1;\n})();\n'
    assert strip(js, javascript=True) == '(function () {\nvar url = "https://example.org/x"; // kept\nreturn 1;\n})();\n'


@pytest.mark.site
def test_the_built_site_carries_the_smaller_assets():
    built = ROOT / "build" / "site" / "assets"
    for name in ("site.css", "search.js", "checker.js"):
        source = (ROOT / "docs" / "assets" / name).read_text(encoding="utf-8")
        shipped = (built / name).read_text(encoding="utf-8")
        assert len(shipped) < len(source) * 0.9, name
        assert "\n  " not in shipped, name


def test_materials_stylesheet_keeps_only_the_rules_the_site_can_use():
    from socialvalue.assets import Usage, purge_css
    usage = Usage()
    usage.add_page('<div class="md-typeset admonition note"><input data-md-color-primary="custom"></div>')
    usage.add_script('el.classList.add("md-search__output")')
    css = ('@charset "UTF-8";.md-typeset .admonition{a:1}.md-typeset .tabbed-set{b:2}'
           '.md-typeset .note,.md-typeset .tip{c:3}.md-search__output{d:4}'
           '@media screen{.tabbed-set{e:5}.note:not(.tip){f:6}}@keyframes spin{0%{g:7}}'
           '[data-md-color-primary=red]{h:8}[data-md-color-primary=custom]{i:9}a[href="{x}"]{j:10}')
    assert purge_css(css, usage) == (
        '@charset "UTF-8";.md-typeset .admonition{a:1}.md-typeset .note{c:3}.md-search__output{d:4}'
        '@media screen{.note:not(.tip){f:6}}@keyframes spin{0%{g:7}}'
        '[data-md-color-primary=custom]{i:9}a[href="{x}"]{j:10}')


def test_the_stylesheet_cut_reads_commas_braces_and_comments_as_a_browser_does():
    from socialvalue.assets import Usage, purge_css
    usage = Usage()
    usage.add_page('<div class="md-typeset note"></div>')
    # A comma inside an attribute value does not split the selector; a brace inside a comment or a string
    # does not end the rule; an escaped character is part of the class name it is in.
    css = ('.md-typeset a[title="a,b"]{k:1}/* } .tip{ */.note{content:"}"}.tip{x:2}'
           '.md-typeset .note\\:wide{y:3}.md-typeset,.gone{z:4}')
    assert purge_css(css, usage) == '.md-typeset a[title="a,b"]{k:1}/* } .tip{ */.note{content:"}"}.md-typeset{z:4}'


def test_only_whole_class_and_colour_attributes_count_and_a_remembered_page_counts_the_same():
    """`subclass="..."` or `xdata-md-color-...` is not a class or colour attribute; and a page read through the
    memo `make serve` keeps between saves gives the same usage as a page read afresh."""
    from socialvalue.assets import Usage
    html = ('<p subclass="tabbed-set" class="note"><i data-md-color-scheme="slate" '
            'xdata-md-color-primary="red" data-md-color-accent="custom">')
    memo: dict = {}
    for _ in range(2):  # the second time from the memo
        usage = Usage()
        usage.add_page(html, memo)
        assert usage.classes == {"note"}
        assert usage.colours == {"data-md-color-scheme": {"slate"}, "data-md-color-accent": {"custom"}}
    assert len(memo) == 1


@pytest.mark.site
def test_the_built_site_carries_materials_stylesheets_cut_and_renamed():
    site = ROOT / "build" / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    for stem in ("main", "palette"):
        [css] = (site / "assets" / "stylesheets").glob(f"{stem}.*.min.css")
        assert f"assets/stylesheets/{css.name}" in home
        assert "tabbed-set" not in css.read_text(encoding="utf-8")  # a Markdown extension the site does not use
    assert not list((site / "assets" / "stylesheets").glob("*.map"))


def test_pages_lose_their_indentation_but_never_inside_pre_textarea_or_script():
    from socialvalue.assets import compact_html
    page = '<ul>\n    <li>a</li>\n</ul>\n<pre>  code\n    more</pre>\n  <script>\n  var x = `\n  y`;</script>\n\t<p>b</p>'
    assert compact_html(page) == ('<ul>\n<li>a</li>\n</ul>\n<pre>  code\n    more</pre>\n'
                                  '<script>\n  var x = `\n  y`;</script>\n<p>b</p>')


def test_pages_two_folders_deep_are_indexed_and_deeper_ones_are_not_read(tmp_path):
    """Pagefind reads only the pages a reader can search: the home page, and pages one or two folders down.
    A marked page deeper down would be left out, which is why the next test checks the real site has none."""
    page(tmp_path, "Home", "Start here.")
    page(tmp_path / "guidance", "Guidance", "The Act in plain English.")
    page(tmp_path / "case-studies" / "alpha-trust", "Alpha Trust", "Bulky waste collection in Kendal.")
    page(tmp_path / "case-studies" / "sector" / "waste", "Waste", "A topic page.")
    search.index_site(tmp_path)
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 3


@pytest.mark.site
def test_every_page_marked_for_search_is_one_pagefind_reads(fresh_site):
    marked = [p.relative_to(fresh_site) for p in fresh_site.rglob("*.html")
              if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert len(marked) > 120
    too_deep = [str(p) for p in marked if p.name != "index.html" or len(p.parts) > search.SEARCH_DEPTH]
    assert too_deep == []
