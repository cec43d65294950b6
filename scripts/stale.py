"""List case studies whose facts were last reviewed more than N months ago (default 12).

Usage: python scripts/stale.py [--months 12] [--today YYYY-MM-DD]
Exit status 0 always: the list is a to-do list for maintainers, not a failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue import load_site_data  # noqa: E402
from socialvalue.model import stale  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="List case studies due for review.")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    records = load_site_data(ROOT, today=args.today).records
    due = stale(records, args.today, args.months)
    if not due:
        print(f"No case study was last reviewed more than {args.months} months before {args.today}.")
        return 0
    print(f"{len(due)} case stud{'y' if len(due) == 1 else 'ies'} last reviewed more than {args.months} months "
          f"before {args.today}, oldest first:")
    for record in due:
        print(f"  {record.reviewed}  {record.path}  ({record.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
