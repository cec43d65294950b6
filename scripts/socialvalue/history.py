"""When each record file last changed, from git. Works without git: then nothing is known."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(root: Path, folder: str = "data/case-studies") -> dict[str, str]:
    """Repository-relative path -> date of the last commit (not a merge) that changed it ("YYYY-MM-DD"). One git call."""
    try:
        result = subprocess.run(["git", "-C", str(root), "log", "--no-merges", "--format=%x00%cs", "--name-only", "--", folder],
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    changed: dict[str, str] = {}
    for entry in result.stdout.split("\x00")[1:]:
        lines = [line for line in entry.splitlines() if line.strip()]
        if not lines:
            continue
        date, paths = lines[0], lines[1:]
        for path in paths:
            changed.setdefault(path, date)  # git log lists newest first
    return changed
