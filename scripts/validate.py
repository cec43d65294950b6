"""Check case-study files and print every problem as `path:line: field: message`.

Usage: python scripts/validate.py [FILE_OR_DIR ...]   (default: data/)
Exit status: 0 when every file is valid, 1 when any problem is found, 2 when the taxonomy is broken.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue import TaxonomyError, load_site_data, record_files  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    targets = [Path(a) for a in argv] or [ROOT / "data"]
    missing = [t for t in targets if not t.exists()]
    if missing:
        for path in missing:
            print(f"{path}:1: (file): no such file or folder", file=sys.stderr)
        return 1
    try:
        data = load_site_data(ROOT, files=record_files(targets))
    except TaxonomyError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("The taxonomy or facts file is broken; fix it first.", file=sys.stderr)
        return 2
    library = data.library
    if not argv:  # checking all of data/: the checker's rules too
        from socialvalue.applicability import ApplicabilityError, load_rules
        try:
            load_rules(ROOT, data.facts)
        except ApplicabilityError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"{len(exc.problems)} problem(s) in the checker's rules.", file=sys.stderr)
            return 1
    if library.problems:
        for problem in library.problems:
            print(problem, file=sys.stderr)
        files = len({p.path for p in library.problems})
        print(f"{len(library.problems)} problem(s) in {files} of {library.files_checked} file(s).", file=sys.stderr)
        return 1
    print(f"All {library.files_checked} case-study file(s) are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
