"""Check case-study files and print every problem as `path:line: field: message`.

Usage: python scripts/validate.py [--format text|github] [FILE_OR_DIR ...]   (default: data/)
--format github prints each problem as a GitHub Actions annotation, so it shows on the pull request's lines.
Exit status: 0 when every file is valid, 1 when any problem is found, 2 when the taxonomy is broken.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue import Problem, TaxonomyError, load_site_data, record_files  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _escape(text: str, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping: % and line breaks always; : and , inside a property too."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def annotation(problem: Problem) -> str:
    """One problem as `::error file=...,line=...,title=...::message` for GitHub Actions."""
    title = "Problem in the file" if problem.field.startswith("(") else f"Problem in {problem.field}"
    return (f"::error file={_escape(problem.path, True)},line={problem.line},title={_escape(title, True)}"
            f"::{_escape(f'{problem.field}: {problem.message}')}")


def report(problems, fmt: str) -> None:
    for problem in problems:
        if fmt == "github":
            print(annotation(problem))
        else:
            print(problem, file=sys.stderr)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Check case-study files and list every problem.")
    parser.add_argument("--format", choices=("text", "github"), default="text",
                        help="text (path:line: field: message) or github (Actions annotations)")
    parser.add_argument("targets", nargs="*", type=Path, help="files or folders (default: data/)")
    args = parser.parse_args(argv)
    fmt, argv = args.format, args.targets
    targets = list(argv) or [ROOT / "data"]
    missing = [t for t in targets if not t.exists()]
    if missing:
        report([Problem(str(path), 1, "(file)", "no such file or folder") for path in missing], fmt)
        return 1
    try:
        data = load_site_data(ROOT, files=record_files(targets))
    except TaxonomyError as exc:
        report(exc.problems, fmt)
        print("The taxonomy or facts file is broken; fix it first.", file=sys.stderr)
        return 2
    library = data.library
    if not argv:  # checking all of data/: the checker's rules too
        from socialvalue.applicability import ApplicabilityError, load_rules
        try:
            load_rules(ROOT, data.facts)
        except ApplicabilityError as exc:
            report(exc.problems, fmt)
            print(f"{len(exc.problems)} problem(s) in the checker's rules.", file=sys.stderr)
            return 1
    if library.problems:
        report(library.problems, fmt)
        files = len({p.path for p in library.problems})
        print(f"{len(library.problems)} problem(s) in {files} of {library.files_checked} file(s).", file=sys.stderr)
        return 1
    print(f"All {library.files_checked} case-study file(s) are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
