"""Lighthouse scores for one page of each type: the built site served with gzip on loopback, audited with
Lighthouse from npm (pinned in package.json / package-lock.json) and Debian's Chromium, mobile settings.

Usage: python scripts/lighthouse.py [--site-dir build/site] [--pages home,case-study] [--json out.json]
Needs `npm ci --ignore-scripts` (node_modules/.bin/lighthouse) and /usr/bin/chromium. Takes about 20 s a page;
it is not part of `make test`. Prints a table: performance, accessibility, best practices and SEO (0-100),
with first contentful paint, largest contentful paint, total blocking time and cumulative layout shift.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/social-value-reference/"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = [("first-contentful-paint", "FCP"), ("largest-contentful-paint", "LCP"),
           ("total-blocking-time", "TBT"), ("cumulative-layout-shift", "CLS")]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from site_pages import PAGE_TYPES  # noqa: E402


class GzipSiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX, text gzipped as a real host would, with the site's 404 page."""

    def translate_path(self, path):
        url_path = urlsplit(path).path
        url_path = "/" + url_path[len(PREFIX):] if url_path.startswith(PREFIX) else "/__outside__"
        return super().translate_path(url_path)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        body = path.read_bytes()
        headers = {"Content-Type": self.guess_type(str(path)), "Cache-Control": "max-age=600"}
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6)
            headers["Content-Encoding"] = "gzip"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, format, *args):
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipSiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{PREFIX}"


def audit(url: str, out: Path) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={CHROMIUM}",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    subprocess.run(cmd, check=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM})
    return json.loads(out.read_text(encoding="utf-8"))


def row(name: str, report: dict) -> dict:
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    metrics = {short: report["audits"][key]["displayValue"] for key, short in METRICS}
    failed = sorted(a for c in CATEGORIES[1:] for a in (r["id"] for r in report["categories"][c]["auditRefs"])
                    if report["audits"][a]["score"] is not None and report["audits"][a]["score"] < 1
                    and report["audits"][a]["scoreDisplayMode"] == "binary")
    return {"page": name, **scores, **metrics, "failed": failed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--pages", help="comma-separated page types (default: all): "
                        + ", ".join(n for n, _ in PAGE_TYPES))
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `npm ci --ignore-scripts` first.", file=sys.stderr)
        return 2
    if not (args.site_dir / "index.html").is_file():
        print(f"No site in {args.site_dir}: run `python scripts/build.py --site-dir {args.site_dir}` first.",
              file=sys.stderr)
        return 2
    wanted = set(args.pages.split(",")) if args.pages else None
    server, base = serve(args.site_dir)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, url in PAGE_TYPES:
                if wanted and name not in wanted:
                    continue
                if name == "not-found":  # Lighthouse refuses to audit a page served with status 404
                    print("  not-found: skipped, Lighthouse does not audit a 404 response", file=sys.stderr)
                    continue
                rows.append(row(name, audit(base + url, Path(tmp) / f"{name}.json")))
                r = rows[-1]
                print(f"  {name}: performance {r['performance']}, accessibility {r['accessibility']}, best practices "
                      f"{r['best-practices']}, SEO {r['seo']}", file=sys.stderr)
    finally:
        server.shutdown()
    head = f"{'page':<18} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4}  {'FCP':>7} {'LCP':>7} {'TBT':>7} {'CLS':>6}"
    print(head)
    for r in rows:
        print(f"{r['page']:<18} {r['performance']:>4} {r['accessibility']:>4} {r['best-practices']:>4} {r['seo']:>4}"
              f"  {r['FCP']:>7} {r['LCP']:>7} {r['TBT']:>7} {r['CLS']:>6}"
              + (f"  failing: {', '.join(r['failed'])}" if r["failed"] else ""))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
