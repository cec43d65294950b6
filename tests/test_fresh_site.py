"""build/site is never stale under pytest: the check that decides when conftest.py rebuilds it."""

from __future__ import annotations

import ast
import os
import time

from conftest import ROOT, site_is_stale


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


# ---- every test that reads build/site asks for a fresh one

def _reads_the_built_site(node, site_names: set[str]) -> bool:
    """Whether a function's body names build/site: a module constant bound to it, or ROOT / "build" / "site"."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in site_names:
            return True
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Div) and isinstance(sub.right, ast.Constant) \
                and sub.right.value == "site" and isinstance(sub.left, ast.BinOp) \
                and isinstance(sub.left.right, ast.Constant) and sub.left.right.value == "build" \
                and isinstance(sub.left.left, ast.Name) and sub.left.left.id == "ROOT":
            return True
    return False


def _marked_site(decorators) -> bool:
    return any("mark.site" in ast.unparse(d) for d in decorators)


def unfresh_readers(source: str) -> list[str]:
    """Tests and fixtures that read build/site but neither carry the `site` mark (directly or through the
    module's pytestmark) nor take the fresh_site or built_site fixture: they would read an old site."""
    tree = ast.parse(source)
    site_names, module_marked = set(), False
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            names = {t.id for t in stmt.targets if isinstance(t, ast.Name)}
            if "pytestmark" in names and "site" in ast.unparse(stmt.value):
                module_marked = True
            if _reads_the_built_site(stmt.value, site_names):
                site_names |= names
    if module_marked:
        return []
    out = []
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and _reads_the_built_site(stmt, site_names):
            args = {a.arg for a in stmt.args.args}
            if not (_marked_site(stmt.decorator_list) or {"fresh_site", "built_site"} & args):
                out.append(stmt.name)
    return out


def test_the_check_finds_a_test_that_reads_build_site_without_asking_for_a_fresh_one():
    source = ('SITE = ROOT / "build" / "site"\nPAGE = SITE / "index.html"\n'
              "def test_a():\n    assert PAGE.exists()\n"
              'def test_b():\n    assert (ROOT / "build" / "site").exists()\n'
              "@pytest.mark.site\ndef test_c():\n    assert SITE.exists()\n"
              "def test_d(fresh_site):\n    assert SITE.exists()\n"
              "def test_e(tmp_path):\n    assert (tmp_path / 'site').exists()\n")
    assert unfresh_readers(source) == ["test_a", "test_b"]
    assert unfresh_readers("pytestmark = pytest.mark.site\n" + source) == []


def test_every_test_that_reads_build_site_asks_for_a_fresh_one():
    found = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        names = unfresh_readers(path.read_text(encoding="utf-8"))
        if names:
            found[str(path.relative_to(ROOT))] = names
    assert found == {}, "mark these @pytest.mark.site (or take fresh_site), or they may read an old build/site"
