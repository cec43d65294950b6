"""Readability of the guidance pages, measured on the built HTML (so macros are filled in).

Usage: python scripts/readability.py [SITE_DIR]   (default: build/site, as `make test` builds it)
Prints Flesch reading ease and average sentence length for every page in the navigation.
Headings, tables, code, the Sources list and the page furniture are left out; each list item counts
as a sentence. Needs the test packages (textstat, beautifulsoup4).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def nav_pages(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Every Markdown file named in the navigation, in order."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, str) and node.endswith(".md"):
            found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(yaml.safe_load(config.read_text(encoding="utf-8"))["nav"])
    return found


def built_path(site: Path, page: str) -> Path:
    """docs/a/b.md -> site/a/b/index.html; index.md -> site/index.html."""
    stem = page[:-3]
    if stem == "index" or stem.endswith("/index"):
        return site / (stem[: -len("index")]) / "index.html"
    return site / stem / "index.html"


def prose(html: str) -> str:
    """The running text of a page's article: sentences a reader reads, one per line."""
    article = BeautifulSoup(html, "html.parser").find("article")
    sources = article.find(id="sources")
    if sources is not None:
        for sibling in list(sources.find_next_siblings()):
            sibling.decompose()
        sources.decompose()
    for tag in article.find_all(["h1", "h2", "h3", "h4", "table", "pre", "code", "nav", "script"]):
        tag.decompose()
    for tag in article.select(".md-content__button, .page-reviewed, .admonition-title, .headerlink"):
        tag.decompose()
    chunks = []
    for block in article.find_all(["p", "li", "dd", "dt", "blockquote"]):
        if block.find(["p", "li", "ul", "ol"]):
            continue  # counted through its children
        text = re.sub(r"\s+", " ", block.get_text(" ")).strip()
        if text:
            chunks.append(text if text[-1] in ".?!:" else text + ".")
    return "\n".join(chunks)


def scores(site: Path) -> dict[str, tuple[float, float]]:
    """page -> (Flesch reading ease, average sentence length in words)."""
    textstat.set_lang("en_US")  # the formula was calibrated on US English syllable counts
    results = {}
    for page in nav_pages():
        text = prose(built_path(site, page).read_text(encoding="utf-8"))
        results[page] = (textstat.flesch_reading_ease(text), textstat.avg_sentence_length(text))
    return results


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "build" / "site"
    if not site.exists():
        print(f"{site} does not exist; run `make test` or `python scripts/build.py --site-dir {site}`",
              file=sys.stderr)
        return 1
    print(f"{'page':45} {'Flesch':>7} {'words/sentence':>15}")
    for page, (ease, length) in scores(site).items():
        print(f"{page:45} {ease:7.1f} {length:15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
