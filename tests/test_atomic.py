"""The build is atomic: whatever stops it, early (bad data) or late (a strict-mode warning while pages are
written), the previous site/ stays exactly as it was, file for file, and no staging folder is left behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import VALID_RECORD, BuiltSite, make_project, run_build


def snapshot(site: Path) -> dict[str, str]:
    """Every file and folder under site/, with a hash of each file's bytes."""
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(site.rglob("*"))}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BuiltSite:
    project = make_project(tmp_path_factory.mktemp("atomic"), {})
    site = run_build(project)
    assert site.returncode == 0, site.output
    return site


def leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith(".site")]


def test_invalid_records_leave_the_previous_site_untouched(built):
    before = snapshot(built.site)
    assert len(before) > 100 and "case-studies/frc-group/index.html" in before
    cases = built.project / "data" / "case-studies"
    broken = {
        "broken-yaml.yml": "name: [unclosed\nsummary: x\n",
        "bad-fields.yml": VALID_RECORD.read_text(encoding="utf-8").replace("value: 27", "value: lots"),
    }
    for name, text in broken.items():
        (cases / name).write_text(text, encoding="utf-8")
    try:
        failed = run_build(built.project)
    finally:
        for name in broken:
            (cases / name).unlink()
    assert failed.returncode != 0
    assert "Traceback" not in failed.output
    assert "data/case-studies/broken-yaml.yml:2: (file): YAML syntax error" in failed.output
    assert "data/case-studies/bad-fields.yml:37: metrics[0].value: must be a number, not text" in failed.output
    assert "nothing was built" in failed.output and "was left as it was" in failed.output
    assert snapshot(built.site) == before
    assert leftovers(built.project) == []


def test_a_failure_late_in_the_build_leaves_the_previous_site_untouched(built):
    before = snapshot(built.site)
    page = built.project / "docs" / "help" / "faq.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n\nSee [a page that does not exist](../no-such-page.md).\n", encoding="utf-8")
    try:
        failed = run_build(built.project)
    finally:
        page.write_text(original, encoding="utf-8")
    assert failed.returncode != 0
    assert "no-such-page.md" in failed.output and "Traceback" not in failed.output
    assert snapshot(built.site) == before
    assert leftovers(built.project) == []


def test_a_good_build_replaces_the_site_in_one_step(built):
    path = built.project / "data" / "case-studies" / "example-reuse-project.yml"
    path.write_text(VALID_RECORD.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        rebuilt = run_build(built.project)
    finally:
        path.unlink()
    assert rebuilt.returncode == 0, rebuilt.output
    assert (rebuilt.site / "case-studies" / "example-reuse-project" / "index.html").exists()
    assert leftovers(built.project) == []
