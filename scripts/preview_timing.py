"""Time the preview loop as a contributor sees it: save a file under `mkdocs serve`, wait until Chromium shows it.

Usage: python scripts/preview_timing.py [--records N] [--repeat 3] [--plain]
  e.g. python scripts/preview_timing.py                 (today's library)
       python scripts/preview_timing.py --records 1000  (as `make benchmark SIZES=1000`: 1,110 records in all)
Works in a temporary copy of the project (N synthetic records added with scripts/synthetic.py), runs
`mkdocs serve --dirty` there on a free port, as `make serve` does (--plain: `mkdocs serve`, no --dirty),
opens a case study and a guidance page in Debian's Chromium, then for each kind of save times from writing the file to the moment the page in the browser shows the change:
  record  - a case study's summary changes            (the browser shows the new summary)
  page    - a guidance page's text changes            (the browser shows the new sentence)
  broken  - a save puts a tab into the case study     (the browser shows the list of problems)
  fixed   - the next good save                        (the browser shows the real page again)
Prints one line per kind with the median and every try, in seconds, and the load average before and after.
The figures depend on the machine and its load. The first `mkdocs serve` build of a big library is cold (no
cached pages or images for the synthetic records) and takes minutes; only the saves after it are timed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PREFIX = "/social-value-reference/"
IGNORE = shutil.ignore_patterns(".git", ".venv", ".venv-lock", "site", "build", ".pytest_cache", "__pycache__",
                                "tests", ".site-*", "node_modules")
RECORD = "frc-group"
GUIDE = "help/glossary"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_copy(tmp: Path, records: int) -> Path:
    """A copy of the project (the preview-image cache included, as a contributor's checkout has it)."""
    project = tmp / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    if records:
        import synthetic
        synthetic.write_records(project / "data" / "case-studies", records,
                                synthetic.load_taxonomy(project / "data" / "taxonomy.yml"))
    return project


class Serve:
    """`mkdocs serve` in a project folder, with --dirty as `make serve` runs it unless dirty=False; its output
    is kept so a test can read the terminal."""

    def __init__(self, project: Path, dirty: bool = True, timeout: float = 900):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}{PREFIX}"
        args = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"]  # live reload on
        if dirty:
            args.append("--dirty")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(args, cwd=project, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(timeout):
            self.stop()
            raise RuntimeError("mkdocs serve did not start:\n" + "".join(self.output[-40:]))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            if "Serving on" in line:
                self.ready.set()
        self.ready.set()

    def text(self) -> str:
        return "".join(self.output)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_for(page, script: str, timeout: float, serve: "Serve | None" = None) -> float:
    """Seconds until the JavaScript expression is true in the page (live reload reloads it after each build)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if page.evaluate(script):
                return time.perf_counter() - started
        except Exception:  # the page is reloading; ask again
            pass
        time.sleep(0.05)
    tail = "".join(serve.output[-30:]) if serve else ""
    raise TimeoutError(f"not shown within {timeout:.0f} s: {script}\n{tail}")


def shows(text: str) -> str:
    return f"document.body && document.body.innerText.includes({text!r})"


PROBLEMS = "!!document.getElementById('preview-problems')"


def measure(project: Path, repeat: int, dirty: bool, timeout: float) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    record_file = project / "data" / "case-studies" / f"{RECORD}.yml"
    guide_file = project / "docs" / f"{GUIDE}.md"
    original_record, original_guide = record_file.read_text(encoding="utf-8"), guide_file.read_text(encoding="utf-8")
    summary = re.search(r"^summary: (.*)$", original_record, re.MULTILINE).group(1)
    times: dict[str, list[float]] = {"record": [], "page": [], "broken": [], "fixed": []}
    serve = Serve(project, dirty=dirty)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            record_page = browser.new_page()
            record_page.goto(f"{serve.base}case-studies/{RECORD}/", wait_until="domcontentloaded")
            guide_page = browser.new_page()
            guide_page.goto(f"{serve.base}{GUIDE}/", wait_until="domcontentloaded")
            for attempt in range(repeat):
                print(f"try {attempt + 1} of {repeat}", file=sys.stderr, flush=True)
                marker = f"Preview check {attempt} {time.time_ns()}, a summary long enough to be valid."
                record_file.write_text(original_record.replace(f"summary: {summary}", f"summary: {marker}", 1),
                                       encoding="utf-8")
                times["record"].append(wait_for(record_page, shows(marker), timeout, serve))
                guide_file.write_text(original_guide.replace("\n## Terms\n", f"\n{marker}\n\n## Terms\n", 1),
                                      encoding="utf-8")
                times["page"].append(wait_for(guide_page, shows(marker), timeout, serve))
                guide_file.write_text(original_guide, encoding="utf-8")
                record_file.write_text(original_record.replace("\n  place:", "\n\tplace:", 1), encoding="utf-8")
                times["broken"].append(wait_for(record_page, PROBLEMS, timeout, serve))
                record_file.write_text(original_record, encoding="utf-8")
                times["fixed"].append(wait_for(record_page, f"!{PROBLEMS} && {shows(summary[:40])}", timeout, serve))
            browser.close()
    finally:
        record_file.write_text(original_record, encoding="utf-8")
        guide_file.write_text(original_guide, encoding="utf-8")
        serve.stop()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=0, help="synthetic records to add to the real ones")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="run mkdocs serve without --dirty")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="preview-timing-") as tmp:
        project = make_copy(Path(tmp), args.records)
        count = len(list((project / "data" / "case-studies").glob("*.yml")))
        times = measure(project, args.repeat, not args.plain, args.timeout)
    print(f"Preview timing, {count} records, {os.cpu_count()} CPU(s), load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after:")
    for kind, values in times.items():
        print(f"  {kind:7s} median {statistics.median(values):5.2f} s   tries: "
              + ", ".join(f"{v:.2f}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
