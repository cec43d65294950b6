"""Scale benchmark: build the site with many synthetic case studies and print a Markdown table.

Usage: python scripts/benchmark.py [--sizes 100,1000,3000] [--repeat 3] [--seed 2012]   (or: make benchmark)

For each size, a temporary copy of the project gets that many synthetic records (scripts/synthetic.py, fixed
seed) on top of the real ones (guidance pages link to real records), and the project's own scripts/build.py
builds it, as `make build` does. A copy with no synthetic records gives the fixed cost of the site.
Reported per size (times are medians of `repeat` runs, in CPU seconds of the build and its mkdocs process,
because wall-clock time on a shared machine also counts waiting for other work):
- build, cold: with no cache; build, warm: straight after, with the cache of checked records in .cache/;
- wall, cold: the wall-clock seconds of the cold builds, for reference;
- per record: (cold build - fixed cost) / synthetic records, in milliseconds: the cost of one more record;
- memory: peak resident memory of the build and mkdocs processes;
- output: total bytes written; case-study page: the HTML of synthetic record 1 (the same record at every
  size); index page: the HTML of the case-study index (only its first page of case studies, so it does
  not grow); search index: everything Pagefind wrote in pagefind/ (a reader's search fetches only a few chunks);
- floor: CPU seconds Python-Markdown alone (the extensions and settings of mkdocs.yml, one instance reset
  between pages) takes to convert the same synthetic pages' Markdown, as render_record writes it;
- cold / floor and warm / floor: how many times the floor the whole build takes. The floor is measured once after
  each run's two builds, and each run's ratio compares its builds with its own floor (on a shared machine the
  load moves all three together); the medians of those ratios are reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import synthetic  # noqa: E402

IGNORE = shutil.ignore_patterns(".git", ".venv", "site", "build", ".pytest_cache", "__pycache__", "tests",
                                ".site-*", ".cache", "node_modules")


@dataclass
class Row:
    size: int
    pages: int
    cold: float  # CPU seconds, no cache
    warm: float  # CPU seconds, with the cache of checked records from the previous build
    wall: float  # wall-clock seconds of the cold builds
    memory_mb: float
    output_mb: float
    page_kb: float
    list_kb: float  # the case-study index page: its first page of case studies only, so it stays the same size
    index_kb: float
    floor: float | None = None
    per_record_ms: float | None = None
    cold_ratio: float | None = None  # median over the runs of (cold build / the floor measured just after it)
    warm_ratio: float | None = None


def make_copy(tmp: Path, size: int, seed: int) -> Path:
    """A copy of the project with `size` synthetic records added to the real ones."""
    project = tmp / f"project-{size}"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    taxonomy = synthetic.load_taxonomy(project / "data" / "taxonomy.yml")
    synthetic.write_records(project / "data" / "case-studies", size, taxonomy, seed)
    return project


def timed_build(project: Path) -> tuple[float, float, float]:
    """Run scripts/build.py in the copy; return (CPU seconds, wall seconds, peak memory in MB), counting
    the build script and the mkdocs process it runs. CPU time is what the build costs; on a machine shared
    with other work the wall-clock time also counts the waiting."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(project / "scripts" / "build.py")], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)  # rusage of the build and the mkdocs process it waited for
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.stdout.write(output.decode("utf-8", "replace"))
        raise SystemExit(f"The build of {project} failed; see above.")
    return usage.ru_utime + usage.ru_stime, elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def floor_seconds(project: Path, size: int, repeat: int) -> float:
    """Median time for Python-Markdown alone to convert the synthetic pages' Markdown."""
    import markdown
    from mkdocs.config import load_config

    from socialvalue import load_site_data
    from socialvalue.render import render_record

    site = load_site_data(project)
    wanted = {synthetic.slug(i) for i in range(1, size + 1)}
    records = [r for r in site.records if r.slug in wanted]
    assert len(records) == size, f"expected {size} synthetic records, found {len(records)}"
    pages = [render_record(r, site.taxonomy, site.records).split("---\n", 2)[2] for r in records]
    previous = Path.cwd()
    os.chdir(project)  # the snippets extension reads docs/includes relative to the working folder
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"))
        times = []
        for _ in range(repeat):
            md = markdown.Markdown(extensions=config["markdown_extensions"],
                                   extension_configs=config["mdx_configs"] or {})
            started = time.process_time()
            for page in pages:
                md.reset().convert(page)
            times.append(time.process_time() - started)
    finally:
        os.chdir(previous)
    return statistics.median(times)


def measure(tmp: Path, size: int, repeat: int, seed: int) -> Row:
    project = make_copy(tmp, size, seed)
    cold, warm, floors = [], [], []
    for _ in range(repeat):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        cold.append(timed_build(project))
        warm.append(timed_build(project))
        if size:  # the floor straight after its builds: each ratio compares runs made under the same load
            floors.append(floor_seconds(project, size, 1))
    site = project / "site"
    slugs = {p.stem for p in (project / "data" / "case-studies").glob("*.yml")}
    pages = [p for p in (site / "case-studies").glob("*/index.html") if p.parent.name in slugs]
    sample = site / "case-studies" / synthetic.slug(1) / "index.html"
    page = sample if sample.exists() else sorted(pages)[0]
    row = Row(size=size, pages=len(pages),
              cold=statistics.median(cpu for cpu, _, _ in cold),
              warm=statistics.median(cpu for cpu, _, _ in warm),
              wall=statistics.median(wall for _, wall, _ in cold),
              memory_mb=max(mb for _, _, mb in cold + warm),
              output_mb=folder_bytes(site) / 1e6,
              page_kb=page.stat().st_size / 1e3,
              list_kb=(site / "case-studies" / "index.html").stat().st_size / 1e3,
              index_kb=folder_bytes(site / "pagefind") / 1e3)
    if size:
        row.floor = statistics.median(floors)
        row.cold_ratio = statistics.median(c / f for (c, _, _), f in zip(cold, floors))
        row.warm_ratio = statistics.median(w / f for (w, _, _), f in zip(warm, floors))
    shutil.rmtree(project)
    return row


COLUMNS = ("Synthetic records", "Case-study pages", "Build CPU, cold (s)", "Build CPU, warm (s)",
           "Wall, cold (s)", "Per record, cold (ms)", "Peak memory (MB)", "Output (MB)", "Case-study page (KB)",
           "Index page (KB)", "Search index (KB)", "Floor (s)", "Cold / floor", "Warm / floor")


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " ---: |" * len(COLUMNS)]
    for r in rows:
        def ratio(value: float | None) -> str:
            return f"{value:.2f}" if value is not None else "-"
        cells = [f"{r.size:,}", f"{r.pages:,}", f"{r.cold:.1f}", f"{r.warm:.1f}", f"{r.wall:.1f}",
                 f"{r.per_record_ms:.1f}" if r.per_record_ms is not None else "-",
                 f"{r.memory_mb:.0f}", f"{r.output_mb:.1f}", f"{r.page_kb:.1f}", f"{r.list_kb:.0f}", f"{r.index_kb:.0f}",
                 f"{r.floor:.1f}" if r.floor is not None else "-", ratio(r.cold_ratio), ratio(r.warm_ratio)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,3000", help="comma-separated record counts")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size; the median is reported")
    parser.add_argument("--seed", type=int, default=synthetic.SEED)
    args = parser.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < 1 or args.repeat < 1:
        parser.error("sizes must be positive whole numbers and --repeat at least 1")
    rows = []
    with tempfile.TemporaryDirectory(prefix="sv-benchmark-") as tmp:
        for size in [0, *sizes]:
            print(f"Building with {size:,} synthetic records ({args.repeat} run(s))...", file=sys.stderr, flush=True)
            rows.append(measure(Path(tmp), size, args.repeat, args.seed))
    fixed = rows[0].cold
    for row in rows[1:]:
        row.per_record_ms = (row.cold - fixed) / row.size * 1000
    print(table(rows))
    print()
    if len(rows) >= 3:
        big, small = rows[-1], rows[-2]
        if small.per_record_ms and small.per_record_ms > 0:
            print(f"Per-record cost ratio, {big.size:,} to {small.size:,} records: "
                  f"{big.per_record_ms / small.per_record_ms:.2f} (goal: under 1.2)")
    for row in rows[1:]:
        if row.size == 1000 and row.cold_ratio is not None and row.warm_ratio is not None:
            print(f"Build / floor at 1,000 records: {row.cold_ratio:.2f} cold, {row.warm_ratio:.2f} warm "
                  "(goals: at most 2.5 cold and 1.5 warm)")
    print(f"Fixed cost (the real records only): {fixed:.1f} s CPU. Times are CPU seconds, medians of {args.repeat} "
          f"run(s); seed {args.seed}; Python {sys.version.split()[0]}; {os.cpu_count()} CPU(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
