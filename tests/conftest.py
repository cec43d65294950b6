"""Shared fixtures: the project root, a fixed 'today', and a helper that builds a site in a temporary copy."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Fixtures for tests/browser/: the built site on a local server and Debian's Chromium.
pytest_plugins = ["browser_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT / "scripts"))

from socialvalue import load_site_data  # noqa: E402
from socialvalue.taxonomy import load_taxonomy  # noqa: E402
from socialvalue.validation import load_schema  # noqa: E402

TODAY = dt.date(2026, 11, 24)
VALID_RECORD = FIXTURES / "valid" / "example-reuse-project.yml"


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy(ROOT / "data" / "taxonomy.yml")


@pytest.fixture(scope="session")
def schema():
    return load_schema(ROOT / "data" / "case-study.schema.json")


@pytest.fixture
def record_text() -> str:
    return VALID_RECORD.read_text(encoding="utf-8")


@dataclass
class BuiltSite:
    project: Path
    site: Path
    returncode: int
    output: str

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def rebuild(self) -> "BuiltSite":
        return run_build(self.project)


# Whole-site builds in a temporary copy keep only some of the real records, so their cost does not grow with
# the library: every record a guidance page links to (the build fails on a broken link), and a fixed-seed sample.
SAMPLED_REAL_RECORDS = 12
SAMPLE_SEED = 2012


def kept_real_records() -> set[str]:
    slugs = {p.stem for p in (ROOT / "data" / "case-studies").glob("*.yml")}
    docs = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    linked = set(re.findall(r"case-studies/([a-z0-9]+(?:-[a-z0-9]+)*)", docs))
    linked |= set(re.findall(r'"([a-z0-9]+(?:-[a-z0-9]+)*)"', " ".join(re.findall(r"featured_case_studies\(([^)]*)\)", docs))))
    kept = (linked & slugs) | {"frc-group"}
    rest = sorted(slugs - kept)
    return kept | set(random.Random(SAMPLE_SEED).sample(rest, min(SAMPLED_REAL_RECORDS, len(rest))))


def make_project(tmp: Path, records: dict[str, str | bytes]) -> Path:
    """A copy of the project with the given records added to some of the real ones (pages link to real records)."""
    project = tmp / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "build", ".pytest_cache", "__pycache__", "tests", ".site-*", ".cache",
        "node_modules"))
    cases = project / "data" / "case-studies"
    kept = kept_real_records()
    for path in cases.glob("*.yml"):
        if path.stem not in kept:
            path.unlink()
    for name, content in records.items():
        path = cases / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return project


def run_build(project: Path) -> BuiltSite:
    """Run the project's own atomic build script in the copy, as `make build` would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, str(project / "scripts" / "build.py")], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    return BuiltSite(project, project / "site", result.returncode, result.stdout + result.stderr)


@pytest.fixture
def build_site(tmp_path):
    """build_site({"name.yml": text, ...}) -> BuiltSite."""
    def _build(records: dict[str, str | bytes]) -> BuiltSite:
        return run_build(make_project(tmp_path, records))
    return _build


@pytest.fixture(scope="session")
def real_data():
    return load_site_data(ROOT)
