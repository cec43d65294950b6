"""Shared fixtures: the project root, a fixed 'today', a helper that builds a site in a temporary copy, and
build/site kept fresh: a test marked `site` reads build/site, which is rebuilt first (once per run) whenever a
source (data/, docs/, scripts/, overrides/, mkdocs.yml) is newer than it, so `pytest` never tests an old site."""

from __future__ import annotations

import datetime as dt
import fcntl
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

SITE = ROOT / "build" / "site"
# What the built site is made from. A file changed, added or deleted under these makes build/site stale.
SITE_SOURCES = ("data", "docs", "scripts", "overrides", "mkdocs.yml")
TODAY = dt.date(2026, 11, 24)
# Scope of fixtures that call the data model. Under `make mutation` each test calls it afresh, because mutmut
# runs against a planted bug only the tests that called the changed function, and a module-scoped fixture
# would count as called by the module's first test alone.
MODEL_SCOPE = "function" if os.environ.get("SV_MUTATION") else "module"
_PER_MUTANT: dict[tuple[str, str], object] = {}


def per_mutant(key: str, make):
    """make(), made afresh for each test while mutmut records which tests call which function (its "stats" run),
    then once per mutant while it tests one (the same as a module-scoped fixture, and much faster: every test of
    a mutant share it, and it is kept under the mutant's name, so nothing made under one mutant is used under another)."""
    mutant = os.environ.get("MUTANT_UNDER_TEST")
    if not os.environ.get("SV_MUTATION") or mutant in (None, "", "stats"):
        return make()
    if (mutant, key) not in _PER_MUTANT:
        _PER_MUTANT[(mutant, key)] = make()
    return _PER_MUTANT[(mutant, key)]
VALID_RECORD = FIXTURES / "valid" / "example-reuse-project.yml"


@pytest.fixture(autouse=True)
def _no_escaped_text_remembered():
    """Each test starts with render's cache of escaped text empty, as a fresh build does: under `make mutation`
    a planted bug in the escaping would otherwise be hidden by results remembered from the real code."""
    import socialvalue.render
    socialvalue.render._esc.cache_clear()


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


# build/site, fresh ------------------------------------------------------------------------------------------------

def pytest_addoption(parser):
    parser.addoption("--rebuild-site", action="store_true",
                     help="build build/site once before the tests that read it, even if it looks up to date")


def newest_source(root: Path = ROOT) -> tuple[float, str]:
    """(mtime, path) of the most recently changed source file or folder (a folder changes when a file in it is
    added, renamed or deleted). Byte-code caches are not sources."""
    newest = (0.0, "")
    for name in SITE_SOURCES:
        top = root / name
        if top.is_file():
            newest = max(newest, (top.stat().st_mtime, name))
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            here = Path(folder)
            newest = max(newest, (here.stat().st_mtime, str(here.relative_to(root))))
            for file in files:
                if not file.endswith(".pyc"):
                    path = here / file
                    newest = max(newest, (path.stat().st_mtime, str(path.relative_to(root))))
    return newest


def site_is_stale(site: Path = SITE, root: Path = ROOT) -> str:
    """Why the built site is out of date ('' when it is up to date). Its index.html is written during the build."""
    index = site / "index.html"
    if not index.exists():
        return f"{site.relative_to(root)} has not been built"
    when, path = newest_source(root)
    if when > index.stat().st_mtime:
        return f"{path} changed after {site.relative_to(root)} was built"
    return ""


@pytest.fixture(scope="session")
def fresh_site(request) -> Path:
    """build/site, rebuilt once now if a source is newer than it (or with --rebuild-site). `make test` builds
    it just before pytest, so then nothing is built twice. A failed build fails the tests: never the old site.
    With several workers (pytest -n), each asks under one lock: the first builds, the others then find it fresh."""
    SITE.parent.mkdir(exist_ok=True)
    with open(SITE.parent / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        reason = site_is_stale()
        # --rebuild-site: once per run, however many workers (xdist gives them one id for the run).
        run = getattr(request.config, "workerinput", {}).get("testrunuid", "")
        done = SITE.parent / f"site-rebuilt-for-run-{run}"
        if request.config.getoption("--rebuild-site") and not (run and done.exists()):
            reason = "--rebuild-site was given"
        if reason:
            capture = request.config.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():
                print(f"\nBuilding build/site before the tests that read it: {reason}.", file=sys.stderr)
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--site-dir", str(SITE)],
                                    cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
            if result.returncode != 0:
                pytest.fail(f"build/site was out of date ({reason}) and the build failed:\n"
                            f"{result.stdout[-3000:]}{result.stderr[-3000:]}", pytrace=False)
            if run:
                for old in SITE.parent.glob("site-rebuilt-for-run-*"):
                    old.unlink()
                done.touch()
    return SITE


@pytest.fixture(autouse=True)
def _site_for_tests_that_read_it(request):
    if request.node.get_closest_marker("site"):
        request.getfixturevalue("fresh_site")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A test that uses build/site through a fixture is marked `site` too, so `-m "not site"` leaves it out."""
    for item in items:
        if {"fresh_site", "built_site"} & set(getattr(item, "fixturenames", ())):
            item.add_marker("site")
