"""List what is due for a check: case studies whose facts were last reviewed more than N months ago (default
12), and guidance pages and facts.yml entries not checked for M months (default 6).

Usage: python scripts/stale.py [--months 12] [--guidance-months 6] [--today YYYY-MM-DD]
Exit status 0 always: the list is a to-do list for maintainers, not a failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue import load_site_data  # noqa: E402
from socialvalue.changes import stale_facts, stale_pages  # noqa: E402
from socialvalue.model import stale  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="List case studies due for review.")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--guidance-months", type=int, default=6)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    site = load_site_data(ROOT, today=args.today)
    due = stale(site.records, args.today, args.months)
    if not due:
        print(f"No case study was last reviewed more than {args.months} months before {args.today}.")
    else:
        print(f"{len(due)} case stud{'y' if len(due) == 1 else 'ies'} last reviewed more than {args.months} "
              f"months before {args.today}, oldest first:")
        for record in due:
            print(f"  {record.reviewed}  {record.path}  ({record.name})")
    months = args.guidance_months
    pages = stale_pages(site.histories.values(), args.today, months)
    if not pages:
        print(f"No guidance page was last checked more than {months} months before {args.today}.")
    else:
        print(f"{len(pages)} guidance page(s) last checked more than {months} months before {args.today}, "
              f"oldest first:")
        for h in pages:
            print(f"  {h.last_reviewed or h.last_updated}  docs/{h.page}  ({h.title})")
    facts = stale_facts(site.facts, args.today, months)
    if not facts:
        print(f"No entry in data/facts.yml was last checked more than {months} months before {args.today}.")
    else:
        print(f"{len(facts)} entr{'y' if len(facts) == 1 else 'ies'} in data/facts.yml last checked more than "
              f"{months} months before {args.today}, oldest first:")
        for key, checked in facts:
            print(f"  {checked}  data/facts.yml: {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
