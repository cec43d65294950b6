"""Time the case-study filters in headless Chromium on a built site.

Usage: python scripts/filter_benchmark.py [--site-dir build/site] [--runs 15]

Serves the site on localhost, opens the case-study index, and times, inside the page, how long the filters
take to apply a change (ticking a box to the count being updated) and to start (the script's set-up on load).
Prints the list size, the index page's size (raw and gzipped) and the medians. Timings are reported, never
asserted; they depend on the machine. Needs Debian's chromium and the test packages (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_fixtures import CHROMIUM, CHROMIUM_ARGS, PREFIX, SiteHandler  # noqa: E402

# Ticks the first option of a group, then the first of another, then clears; times each step in the page.
TIME_CHANGES = """async () => {
  const form = document.querySelector('[data-cs-filters]');
  const count = document.querySelector('[data-cs-count]');
  const sector = form.querySelector('details[data-facet="sector"] input');
  const region = form.querySelector('details[data-facet="region"] input');
  const times = [];
  for (const box of [sector, region, sector, region]) {
    const t0 = performance.now();
    box.click();  // fires change; with the whole list loaded, filters.js updates the list and count at once
    const t1 = performance.now();
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));  // let the page lay out
    times.push([t1 - t0, performance.now() - t0]);
  }
  return {times, shown: count.textContent};
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    index = args.site_dir / "case-studies" / "index.html"
    if not index.exists():
        print(f"{index} is missing: build the site first (make build, or scripts/build.py --site-dir ...).",
              file=sys.stderr)
        return 1
    raw = index.read_bytes()
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(args.site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}{PREFIX}case-studies/"
    filter_ms, paint_ms, load_ms, fetch_ms = [], [], [], []
    items = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for _ in range(args.runs):
            page.goto(url)
            page.wait_for_selector("form[data-cs-filters]:not([hidden])")
            load_ms.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd"))
            # The whole list comes when the reader first uses the filters: opening a group fetches it.
            started = page.evaluate("performance.now()")
            page.locator("details[data-facet='sector'] > summary").click()
            page.wait_for_function("performance.getEntriesByType('resource')"
                                   ".some(e => e.name.endsWith('/records.json') && e.responseEnd > 0)")
            fetch_ms.append(page.evaluate("performance.getEntriesByType('resource')"
                                          ".find(e => e.name.endsWith('/records.json')).responseEnd") - started)
            page.wait_for_timeout(50)  # the list parsed, before the first tick
            items = int(page.locator("[data-cs-count]").get_attribute("data-total"))
            result = page.evaluate(TIME_CHANGES)
            filter_ms += [t[0] for t in result["times"]]
            paint_ms += [t[1] for t in result["times"]]
        browser.close()
    server.shutdown()
    print(f"Case studies in the list:        {items}")
    print(f"Index page HTML:                 {len(raw) / 1024:.1f} KB ({len(gzip.compress(raw, 6)) / 1024:.1f} KB gzipped)")
    print(f"Page load (loadEventEnd):        median {statistics.median(load_ms):.0f} ms")
    data = args.site_dir / "case-studies" / "records.json"
    print(f"Whole list for the filters:      {data.stat().st_size / 1024:.1f} KB "
          f"({len(gzip.compress(data.read_bytes(), 6)) / 1024:.1f} KB gzipped), "
          f"fetched in median {statistics.median(fetch_ms):.0f} ms after the first group opens")
    print(f"Apply a filter (script only):    median {statistics.median(filter_ms):.1f} ms, "
          f"max {max(filter_ms):.1f} ms over {len(filter_ms)} changes")
    print(f"Apply a filter (to next frame):  median {statistics.median(paint_ms):.1f} ms, max {max(paint_ms):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
