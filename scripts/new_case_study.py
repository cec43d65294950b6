"""Start a new case study: python scripts/new_case_study.py "Organisation name" [--slug SLUG]
(or, through make: make new NAME="Organisation name" [SLUG=file-name]).

Writes data/case-studies/<slug>.yml from the annotated template and prints the next steps, each one a command
or address that works as printed. It never overwrites a file and never reuses a slug an existing record used before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue.scaffold import ScaffoldError, new_case_study  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PREVIEW_HOST = "http://127.0.0.1:8000"  # the address `make serve` uses (Makefile --dev-addr)


def preview_base(config: Path = ROOT / "mkdocs.yml") -> str:
    """The address of the site under `make serve`: MkDocs serves it under site_url's path."""
    try:
        match = re.search(r"^site_url:\s*['\"]?https?://[^/\s'\"]+(/[^\s'\"]*)?", config.read_text(encoding="utf-8"),
                          re.MULTILINE)
    except OSError:
        match = None
    path = (match.group(1) if match and match.group(1) else "/").rstrip("/") + "/"
    return PREVIEW_HOST + path


def command(name: str, slug: str | None, via_make: bool) -> str:
    """The command that makes the file, for the form the contributor used."""
    if via_make:
        return f"make new NAME={shlex.quote(name)}" + (f" SLUG={slug}" if slug else "")
    return f"python scripts/new_case_study.py {shlex.quote(name)}" + (f" --slug {slug}" if slug else "")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Start a new case-study file from the template.")
    parser.add_argument("name", help='the organisation\'s name, in quotes: "Bikeworks CIC"')
    parser.add_argument("--slug", help="the file name and URL to use instead of one made from the name")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "case-studies", help=argparse.SUPPRESS)
    parser.add_argument("--via-make", action="store_true", help=argparse.SUPPRESS)  # set by `make new`
    args = parser.parse_args(argv)
    if not args.name.strip() and args.via_make:
        print('Not created: give the organisation\'s name, for example: make new NAME="Bikeworks CIC"',
              file=sys.stderr)
        return 1
    try:
        path = new_case_study(args.name, args.data, ROOT / "scripts" / "templates" / "case-study.yml",
                              dt.date.today(), args.slug or None)
    except ScaffoldError as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        if exc.choose_slug:
            print(f"To choose the file name yourself: {command(args.name, 'your-file-name', args.via_make)}",
                  file=sys.stderr)
        return 1
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"Created {shown}. Next steps:")
    print(f"  1. Open {shown}. Replace every value in CAPITALS; delete the optional lines you do not use.")
    print("     The notes (lines starting #) explain each field.")
    print(f"  2. Check it: make validate FILE={shown}")
    print("     Run it again after each fix until it says the file is valid.")
    print(f"  3. Preview it: run make serve, then open {preview_base()}case-studies/{path.stem}/")
    print("     Leave make serve running: the page updates each time you save.")
    print("  4. Open a pull request. CONTRIBUTING.md has the checklist.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
