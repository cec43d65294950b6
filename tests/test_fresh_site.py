"""build/site is never stale under pytest: the check that decides when conftest.py rebuilds it."""

from __future__ import annotations

import os
import time

from conftest import site_is_stale


def tree(tmp_path):
    for name in ("data/case-studies", "docs", "scripts/socialvalue", "overrides"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "data" / "case-studies" / "a.yml").write_text("x")
    (tmp_path / "docs" / "index.md").write_text("x")
    (tmp_path / "scripts" / "socialvalue" / "render.py").write_text("x")
    (tmp_path / "mkdocs.yml").write_text("x")
    site = tmp_path / "build" / "site"
    site.mkdir(parents=True)
    past = time.time() - 100
    for path in tmp_path.rglob("*"):
        os.utime(path, (past, past))
    (site / "index.html").write_text("built")  # built now, after every source
    return site


def later(path):
    soon = time.time() + 10
    os.utime(path, (soon, soon))


def test_a_site_built_after_its_sources_is_fresh(tmp_path):
    assert site_is_stale(tree(tmp_path), tmp_path) == ""


def test_a_missing_site_is_stale(tmp_path):
    site = tree(tmp_path)
    (site / "index.html").unlink()
    assert site_is_stale(site, tmp_path) == "build/site has not been built"


def test_an_edited_source_makes_the_site_stale(tmp_path):
    for source in ("data/case-studies/a.yml", "docs/index.md", "scripts/socialvalue/render.py", "mkdocs.yml"):
        site = tree(tmp_path / source.replace("/", "-"))
        root = site.parent.parent
        later(root / source)
        assert site_is_stale(site, root) == f"{source} changed after build/site was built"


def test_a_deleted_or_added_file_makes_the_site_stale(tmp_path):
    site = tree(tmp_path)
    (tmp_path / "docs" / "index.md").unlink()
    later(tmp_path / "docs")
    assert site_is_stale(site, tmp_path) == "docs changed after build/site was built"


def test_byte_code_and_files_outside_the_sources_do_not(tmp_path):
    site = tree(tmp_path)
    cache = tmp_path / "scripts" / "socialvalue" / "__pycache__"
    cache.mkdir()
    (cache / "render.cpython-311.pyc").write_bytes(b"x")
    later(cache / "render.cpython-311.pyc")
    later(cache)
    os.utime(tmp_path / "scripts" / "socialvalue", (time.time() - 50, time.time() - 50))  # as at a build's start
    (tmp_path / "tests").mkdir()
    later(tmp_path / "tests")
    assert site_is_stale(site, tmp_path) == ""
