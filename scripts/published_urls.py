"""The committed list of every URL the site has published (data/published-urls.txt), so no link ever breaks.

Usage:
  python scripts/published_urls.py [--site-dir build/site]          add the built site's new URLs to the list
  python scripts/published_urls.py --check [--site-dir build/site]  list published URLs the build no longer has

URLs are site-relative paths: "/", "/case-studies/frc-group/", "/feed.xml". A URL never leaves the list:
when a page moves, its old address must still resolve, to the page or to a redirect page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "data" / "published-urls.txt"
# Files readers and programs link to, besides pages (site-relative, no leading slash).
DATA_FILES = ("feed.xml", "data/case-studies.json", "data/case-studies.csv", "data/case-study.schema.json")
HEADER = ("# Every URL the site has published, one per line, relative to site_url. Never remove a line:\n"
          "# tests/test_sharing.py checks each still resolves to a page or a redirect.\n"
          "# Add new ones with `make published-urls` (python scripts/published_urls.py).\n")


def site_urls(site: Path) -> set[str]:
    """Every page (a folder with index.html, redirects included) and every data file in a built site."""
    urls = set()
    for index in site.rglob("index.html"):
        folder = index.parent.relative_to(site).as_posix()
        if folder.split("/")[0] in ("assets", "search"):
            continue
        urls.add("/" if folder == "." else f"/{folder}/")
    urls.update(f"/{name}" for name in DATA_FILES if (site / name).is_file())
    return urls


def read_list(path: Path = LIST) -> list[str]:
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def resolves(site: Path, url: str) -> bool:
    """True when the URL is a file in the built site, or a folder with an index.html (a page or a redirect)."""
    target = site / url.lstrip("/")
    if url.endswith("/"):
        return (target / "index.html").is_file()
    return target.is_file()


def missing(site: Path, path: Path = LIST) -> list[str]:
    """Published URLs the built site no longer has."""
    return [url for url in read_list(path) if not resolves(site, url)]


def add_new(site: Path, path: Path = LIST) -> list[str]:
    """Add the built site's URLs that are not yet listed; return them. Listed URLs are never removed."""
    listed = read_list(path)
    new = sorted(site_urls(site) - set(listed))
    if new or not path.exists():
        path.write_text(HEADER + "".join(f"{url}\n" for url in sorted(set(listed) | set(new))), encoding="utf-8")
    return new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--check", action="store_true", help="report listed URLs the built site lacks")
    args = parser.parse_args()
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir} has no built site: run `make build` or `make test` first.", file=sys.stderr)
        return 2
    if args.check:
        gone = missing(args.site_dir)
        for url in gone:
            print(f"{LIST.relative_to(ROOT)}: {url} no longer resolves: restore the page or add a redirect "
                  "(former_slugs in the record)", file=sys.stderr)
        return 1 if gone else 0
    new = add_new(args.site_dir)
    print(f"Added {len(new)} URL(s) to {LIST.relative_to(ROOT)}." + "".join(f"\n  {url}" for url in new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
