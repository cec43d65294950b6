"""scripts/nav_hooks.py: which pages share a kept navigation (their links are relative to the same folder)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

from conftest import ROOT


def hooks():
    spec = importlib.util.spec_from_file_location("nav_hooks_under_test", ROOT / "scripts" / "nav_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def key(module, url, nav_urls):
    pages = [SimpleNamespace(url=u) for u in nav_urls]
    nav = SimpleNamespace(pages=pages)
    module.on_nav(nav, None, None)
    page = next((p for p in pages if p.url == url), SimpleNamespace(url=url))
    return module.on_page_context({}, page, None, nav)["nav_key"]


NAV = ["", "the-act/what-the-act-says/", "case-studies/", "case-studies/browse/", "about/"]


def test_pages_outside_the_navigation_in_one_folder_share_a_key_and_others_do_not():
    m = hooks()
    assert key(m, "case-studies/frc-group/", NAV) == key(m, "case-studies/preston-city-council/", NAV) \
        == "folder below case-studies"
    assert key(m, "case-studies/sector/waste/", NAV) == "folder below case-studies/sector"
    assert key(m, "case-studies/sector/waste/2/", NAV) == "folder below case-studies/sector/waste"
    assert key(m, "privacy-notice/", NAV) == "folder below "
    assert key(m, "case-studies/frc-group.html", NAV) == "file in case-studies"  # use_directory_urls: false


def test_pages_in_the_navigation_and_pages_above_one_are_drawn_as_material_draws_them():
    m = hooks()
    for url in NAV:
        assert key(m, url, NAV) is None, url
    assert key(m, "the-act/", NAV) is None  # a navigation page below it: its links differ from its neighbours'


def test_each_build_starts_with_no_kept_navigation():
    import jinja2
    m = hooks()
    env = m.on_env(jinja2.Environment(loader=jinja2.DictLoader({})), None, None)
    env.globals["nav_memo"]["x"] = "kept"
    env = m.on_env(env, None, None)
    assert env.globals["nav_memo"] == {}
    source, filename, _ = env.loader.get_source(env, "material/partials/nav.html")
    assert filename.endswith("material/templates/partials/nav.html") and 'data-md-level="0"' in source
