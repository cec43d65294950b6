"""Build the site atomically: into a temporary folder beside the target, then swap it in.

Usage: python scripts/build.py [--site-dir DIR]
An invalid record or a strict-mode warning stops the build and leaves the previous site untouched.
The search index (Pagefind, scripts/socialvalue/search.py) is made in the staging folder, so a failed
index also leaves the previous site untouched.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INFO = re.compile(r"^INFO\s+-")  # MkDocs's own progress lines ("Cleaning site directory", ...)
sys.path.insert(0, str(ROOT / "scripts"))

from socialvalue.search import SearchIndexError, index_site  # noqa: E402


def build(site_dir: Path, config: Path) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    # No --quiet: in MkDocs 1.6 it hides warnings from --strict, so a broken link would pass. Instead the info
    # lines are dropped here and everything else (warnings, errors, the list of data problems) is passed on.
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict",
                                "--config-file", str(config), "--site-dir", str(staging)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if not INFO.match(line):
            sys.stderr.write(line)
    returncode = process.wait()
    elapsed = time.perf_counter() - started
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed; {site_dir} was left as it was.", file=sys.stderr)
        return 1
    try:
        index_site(staging)
    except SearchIndexError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"{exc}\nThe search index failed; {site_dir} was left as it was.", file=sys.stderr)
        return 1
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    print(f"Built {pages} pages into {site_dir} in {elapsed:.1f} s.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args()
    return build(args.site_dir, args.config_file)


if __name__ == "__main__":
    sys.exit(main())
