"""Mutation testing of the data model with mutmut: plant small bugs one at a time and see if a test fails.

Usage: python scripts/mutation.py [--modules validation,render,...] [--jobs N] [--report-only]
       (one module: --module validation, or make mutation MODULES=validation)

mutmut names a module after its file's path (minus a leading src/), but the tests import the data model as
`socialvalue` from scripts/. So the run happens in a copy of the project, build/mutation/, where the package
sits at the top (socialvalue/ instead of scripts/socialvalue/). Only the fast tests that need no built site and
no browser run against each mutant. The score per module is printed at the end; survivors listed in
tests/mutation-equivalent.md (with the reason each one cannot be told apart from the real code) are shown
separately. Slow (minutes), so it is not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"
MODULES = ("validation", "render", "exports", "related", "applicability")
# Fast tests only: no built site (-m "not site"), no browser, no whole-site builds in a copy, no subprocesses.
TESTS = ("tests/test_validation.py", "tests/test_schema_fast_check.py", "tests/test_yaml_construct.py",
         "tests/test_related.py", "tests/test_exports.py", "tests/test_render.py",
         "tests/test_applicability.py", "tests/test_applicability_audit.py",
         # The messages a contributor reads, checked in-process (the file's other tests run make or zizmor).
         *(f"tests/test_contributor_messages.py::{name}" for name in (
             "test_a_tab_is_named_with_its_line_and_spaces_are_asked_for", "test_every_line_with_a_tab_is_listed",
             "test_a_duplicated_key_does_not_hide_the_other_problems",
             "test_a_duplicated_key_alone_still_makes_the_record_invalid",
             "test_a_syntax_error_says_plainly_that_more_may_follow",
             "test_optional_placeholders_say_fill_it_in_or_delete_the_line")))
DESELECT = "not cli and not whole_build and not stops_the_build"
EQUIVALENT = ROOT / "tests" / "mutation-equivalent.md"
KILLED = {1, 3, 36, 37, -24, 24, 152, 255}  # failed, errored, timed out, caught by a type check
SURVIVED = {0}
NO_TESTS = {5, 33}


def stage(modules: list[str]) -> None:
    """build/mutation/: the project with socialvalue/ at the top and a mutmut configuration."""
    if WORK.exists():
        shutil.rmtree(WORK)
    # mutmut copies the code into mutants/; made now so that the folder is on sys.path from the start (Python
    # remembers a path entry that did not exist when it was first searched, and never looks there again).
    (WORK / "mutants").mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "socialvalue")
    for name in ("data", "docs", "overrides", "tests"):
        shutil.copytree(ROOT / name, WORK / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "scripts", WORK / "scripts", ignore=skip)
    shutil.copytree(ROOT / "scripts" / "socialvalue", WORK / "socialvalue",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(ROOT / "mkdocs.yml", WORK / "mkdocs.yml")
    shutil.copy2(ROOT / "pytest.ini", WORK / "pytest.ini")
    lines = ["[mutmut]", "source_paths = socialvalue", "only_mutate ="]
    lines += [f"    socialvalue/{m}.py" for m in modules]
    lines += ["pytest_add_cli_args_test_selection ="] + [f"    {t}" for t in TESTS]
    lines += ["also_copy =", "    data", "    docs", "    overrides", "    scripts", "    mkdocs.yml", "    pytest.ini"]
    lines += ["pytest_add_cli_args =", "    -p", "    no:cacheprovider", "    -m", "    not site", "    -k",
              f"    {DESELECT}", "    -x", "    -q"]
    lines += ["use_git_change_detection = false", "use_setproctitle = false"]
    lines += ["debug = true", ""] if os.environ.get("MUTATION_DEBUG") else [""]
    (WORK / "setup.cfg").write_text("\n".join(lines), encoding="utf-8")


def mutmut() -> list[str]:
    return [str(Path(sys.executable).with_name("mutmut"))]


def run(jobs: int) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(WORK / "mutants"), "SV_MUTATION": "1"}
    started = time.perf_counter()
    with (WORK / "mutmut.log").open("w", encoding="utf-8") as log:
        result = subprocess.run([*mutmut(), "run", "--max-children", str(jobs)], cwd=WORK, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = (WORK / "mutmut.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        sys.exit(f"{tail}\nmutmut stopped with exit code {result.returncode} (log: build/mutation/mutmut.log)")
    return time.perf_counter() - started


def equivalent_listed() -> dict[str, str]:
    """{mutant name: reason} from tests/mutation-equivalent.md lines like '- `socialvalue.x.y__mutmut_3`: why'."""
    if not EQUIVALENT.exists():
        return {}
    found = re.findall(r"^- `([^`]+__mutmut_\d+)`: (.+)$", EQUIVALENT.read_text(encoding="utf-8"), flags=re.M)
    return dict(found)


def results() -> dict[str, dict[str, int | None]]:
    """{module: {mutant name: exit code}} from mutmut's .meta files."""
    by_module: dict[str, dict[str, int | None]] = {}
    for meta in sorted((WORK / "mutants" / "socialvalue").glob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        by_module[meta.name[:-len(".py.meta")]] = data.get("exit_code_by_key", {})
    return by_module


def report(elapsed: float | None) -> int:
    listed = equivalent_listed()
    print(f"{'module':<15}{'mutants':>8}{'killed':>8}{'survived':>9}{'no test':>8}{'equiv.':>7}"
          f"{'score':>8}{'excl. equiv.':>14}")
    totals: Counter[str] = Counter()
    unexplained: dict[str, list[str]] = defaultdict(list)
    for module, codes in results().items():
        count: Counter[str] = Counter()
        for name, code in codes.items():
            kind = ("killed" if code in KILLED else "survived" if code in SURVIVED
                    else "no test" if code in NO_TESTS else "not run" if code is None else "odd")
            count[kind] += 1
            if kind in ("survived", "no test"):
                if name in listed:
                    count["equivalent"] += 1
                else:
                    unexplained[module].append(name)
        counted = count["killed"] + count["survived"] + count["no test"]
        score = count["killed"] / counted if counted else 1.0
        real = counted - count["equivalent"]
        adjusted = count["killed"] / real if real else 1.0
        print(f"{module:<15}{len(codes):>8}{count['killed']:>8}{count['survived']:>9}{count['no test']:>8}"
              f"{count['equivalent']:>7}{score:>8.1%}{adjusted:>14.1%}")
        totals.update(count)
        totals["mutants"] += len(codes)
    counted = totals["killed"] + totals["survived"] + totals["no test"]
    if counted:
        print(f"{'all':<15}{totals['mutants']:>8}{totals['killed']:>8}{totals['survived']:>9}{totals['no test']:>8}"
              f"{totals['equivalent']:>7}{totals['killed'] / counted:>8.1%}"
              f"{totals['killed'] / max(counted - totals['equivalent'], 1):>14.1%}")
    if totals["not run"] or totals["odd"]:
        print(f"{totals['not run']} mutant(s) not run, {totals['odd']} with an unexpected result")
    for module, names in unexplained.items():
        print(f"\nSurvivors in {module} not listed in tests/mutation-equivalent.md ({len(names)}):")
        for name in names:
            print(f"  {name}    (see it: cd build/mutation && mutmut show {name})")
    if elapsed is not None:
        print(f"\nmutmut took {elapsed / 60:.1f} min.")
    return 0


def main() -> int:
    global WORK
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", "--module", default=",".join(MODULES),
                        help="modules of scripts/socialvalue to mutate, comma-separated (default: all five)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--report-only", action="store_true", help="print the score of the last run")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="the staged copy (default build/mutation; another folder keeps an earlier run's results)")
    args = parser.parse_args()
    WORK = args.work.resolve()
    if args.report_only:
        return report(None)
    modules = [m.strip() for m in args.modules.split(",") if m.strip()]
    unknown = [m for m in modules if not (ROOT / "scripts" / "socialvalue" / f"{m}.py").is_file()]
    if unknown:
        sys.exit(f"no module scripts/socialvalue/{unknown[0]}.py")
    stage(modules)
    return report(run(args.jobs))


if __name__ == "__main__":
    sys.exit(main())
