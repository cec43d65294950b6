"""Reproducible installs: every package, transitive ones included, is locked with hashes and installed from the lock."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

REQ = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)
PAIRS = [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    found = {norm(n): v for n, v in REQ.findall(text)}
    for include in re.findall(r"^-r\s+(\S+)", text, re.MULTILINE):
        found.update(pins(path.parent / include))
    return found


def locked(path) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) for each entry of a pip-compile lock file."""
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", path.read_text(encoding="utf-8")):
        match = REQ.match(block)
        if match:
            entries[norm(match[1])] = (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return entries


@pytest.mark.parametrize("source,lock", PAIRS)
def test_every_pinned_package_is_in_the_lock_at_the_same_version(source, lock):
    wanted, have = pins(ROOT / source), locked(ROOT / lock)
    stale = {n: (v, have.get(n, ("missing",))[0]) for n, v in wanted.items() if have.get(n, (None,))[0] != v}
    assert not stale, f"run `make lock` after editing {source}: {stale}"


@pytest.mark.parametrize("lock", [lock for _, lock in PAIRS])
def test_every_locked_package_has_an_exact_version_and_a_hash(lock):
    entries = locked(ROOT / lock)
    assert len(entries) > 20  # transitive packages are there too, not only the direct pins
    assert all(hashes for _, hashes in entries.values()), [n for n, (_, h) in entries.items() if not h]
    text = (ROOT / lock).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert all(REQ.match(line) for line in lines), "every requirement is an exact == pin"


def test_the_site_lock_agrees_with_the_test_lock():
    site, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert {n: v[0] for n, v in site.items()} == {n: dev[n][0] for n in site}


def test_make_installs_only_from_the_locks_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if line.strip().startswith("$(PIP)")]
    assert installs and all("--require-hashes -r requirements" in line and ".lock" in line for line in installs)
    assert "requirements.lock" in makefile.split("$(VENV)/.site-deps:", 1)[1].split("\n", 1)[0]
