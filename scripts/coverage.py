"""Print what the case-study library covers, so gaps are visible at a glance.

Usage: python scripts/coverage.py
One table per dimension (nation, region, kind, kind of public body, sector, legal form, status, latest figure
year), every taxonomy term listed with its count (a 0 is a gap), then the library's spread goals.
Exit status 0 always: it is a report, not a check. A broken record is reported and left out of the counts.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue import load_site_data  # noqa: E402
from socialvalue.coverage import DIMENSIONS, table, targets  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    site = load_site_data(ROOT)
    records, taxonomy = site.records, site.taxonomy
    if site.library.problems:
        print(f"{len(site.library.problems)} problem(s) in the data; run `make validate`. Counting valid records only.\n")
    print(f"Case-study library: {len(records)} records\n")
    for dimension in DIMENSIONS:
        rows = table(dimension, records, taxonomy)
        width = max(len(label) for label, _ in rows)
        print(f"{dimension.title}")
        for label, n in rows:
            print(f"  {label.ljust(width)}  {n:>3}{'  <- none yet' if n == 0 else ''}")
        print()
    print("Spread goals")
    for t in targets(records, taxonomy):
        print(f"  [{'x' if t.met else ' '}] {t.have:>3} of {t.wanted:>2} wanted: {t.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
