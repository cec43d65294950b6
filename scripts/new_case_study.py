"""Start a new case study: python scripts/new_case_study.py "Organisation name" [--slug SLUG]

Writes data/case-studies/<slug>.yml from the annotated template and prints the next steps.
It never overwrites a file and never reuses a slug that an existing record used before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue.scaffold import ScaffoldError, new_case_study  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Start a new case-study file from the template.")
    parser.add_argument("name", help='the organisation\'s name, in quotes: "Bikeworks CIC"')
    parser.add_argument("--slug", help="the file name and URL to use instead of one made from the name")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "case-studies", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        path = new_case_study(args.name, args.data, ROOT / "scripts" / "templates" / "case-study.yml",
                              dt.date.today(), args.slug)
    except ScaffoldError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"Created {shown}. Next steps:")
    print(f"  1. Open {shown} and replace every value in CAPITALS. The notes (lines starting #) explain each field.")
    print(f"  2. Check it: make validate FILE={shown}")
    print(f"  3. Preview it: make serve, then open /case-studies/{path.stem}/")
    print("  4. Open a pull request. CONTRIBUTING.md has the checklist.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
