"""Search benchmark: what a reader's first search downloads and how long its first results take, at the
real library's size and with synthetic case studies added (scripts/synthetic.py, as scripts/benchmark.py).

Usage: python scripts/search_benchmark.py [--sizes 0,1000] [--query Preston]
Each size is built in a temporary copy by the project's own scripts/build.py, served with gzip on loopback
(scripts/lighthouse.py's server) and searched in Debian's Chromium through the site's own search box. Times
are wall-clock from the last keystroke to the first result on screen, on a cold cache: the median of 3 fresh
browser contexts. Needs the test requirements (Playwright).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import make_copy, timed_build  # noqa: E402
from lighthouse import CHROMIUM, serve  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def first_search(browser, base: str, query: str) -> tuple[float, int, int]:
    """(seconds to first results, bytes over the wire for search, number of search files) in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "case-studies/")
    page.wait_for_load_state("networkidle")
    sizes = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"])
            if "/pagefind/" in urlsplit(r.url).path else None)
    page.locator("#sv-search-input").click()
    page.locator("#sv-search-input").press_sequentially(query)
    started = time.perf_counter()
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60_000)
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    context.close()
    return elapsed, sum(sizes), len(sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0,1000", help="synthetic records to add (0: the real library only)")
    parser.add_argument("--query", default="Preston")
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    rows = []
    with tempfile.TemporaryDirectory(prefix="sv-search-benchmark-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in sorted(int(s) for s in args.sizes.split(",")):
            project = make_copy(Path(tmp), size, args.seed)
            timed_build(project)
            site = project / "site"
            pages = sum(1 for _ in (site / "case-studies").glob("*/index.html"))
            index_kb = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1e3
            server, base = serve(site)
            try:
                runs = [first_search(browser, base, args.query) for _ in range(3)]
            finally:
                server.shutdown()
            rows.append((size, pages, index_kb, statistics.median(r[0] for r in runs), runs[0][1], runs[0][2]))
            print(f"  measured {size} synthetic records", file=sys.stderr)
        browser.close()
    print(f"| Synthetic records | Pages under case-studies/ | Pagefind files, all (KB) | First results (s) "
          f"| First search downloads (KB) | Files |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, pages, index_kb, seconds, size_bytes, files in rows:
        print(f"| {size:,} | {pages:,} | {index_kb:,.0f} | {seconds:.2f} | {size_bytes / 1e3:,.1f} | {files} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
