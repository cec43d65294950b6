"""Page weight: what a first visit to a case-study page downloads, compressed with gzip, stays under 120 KB.

Everything the browser fetches counts (HTML, CSS, JavaScript including Material's search worker, fonts,
images) except the search index, which is data for search rather than for showing the page. Each response
body is compressed with gzip at level 6 (the usual web-server setting) and the sizes are summed.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from urllib.parse import urlsplit

from site_pages import CASE_STUDY_URL

LIMIT_BYTES = 120_000  # 120 KB, counted as 120,000 bytes
GZIP_LEVEL = 6
# The search index is fetched by the search worker; it is not part of showing the page.
EXCLUDED = ("search/search_index.json",)


def kind(response) -> str:
    resource = response.request.resource_type
    path = urlsplit(response.url).path
    if resource == "document":
        return "HTML"
    if resource == "stylesheet" or path.endswith(".css"):
        return "CSS"
    if resource == "script" or path.endswith(".js"):
        return "JavaScript"
    if resource == "font" or path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "fonts"
    # Chromium files the favicon under "other".
    if resource == "image" or path.endswith((".png", ".svg", ".ico", ".jpg", ".jpeg", ".gif", ".webp", ".avif")):
        return "images"
    return f"other ({resource})"


def first_visit(browser, url: str, then=None) -> tuple[list[tuple[str, str, int, int]], list[str]]:
    """(kind, url, raw bytes, gzip bytes) for every response a fresh browser gets while loading url,
    and the URLs left out. then(page), if given, runs after the page has loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if then:
        then(page)
        page.wait_for_load_state("networkidle")
    rows, left_out = [], []
    for response in responses:
        if any(urlsplit(response.url).path.endswith(x) for x in EXCLUDED) or response.status >= 300:
            left_out.append(response.url)
            continue
        body = response.body()
        rows.append((kind(response), response.url, len(body), len(gzip.compress(body, compresslevel=GZIP_LEVEL))))
    context.close()
    return rows, left_out


def test_first_visit_to_a_case_study_page_is_under_120_kb_gzipped(browser, base_url):
    rows, _ = first_visit(browser, base_url + CASE_STUDY_URL)
    by_kind = defaultdict(lambda: [0, 0, 0])
    for what, _, raw, packed in rows:
        by_kind[what][0] += 1
        by_kind[what][1] += raw
        by_kind[what][2] += packed
    total = sum(packed for *_, packed in rows)
    lines = [f"First visit to /{CASE_STUDY_URL} (gzip level {GZIP_LEVEL}, search index excluded):"]
    lines += [f"  {what:<12} {n} file(s) {raw:>9,} bytes raw {packed:>8,} bytes gzipped"
              for what, (n, raw, packed) in sorted(by_kind.items())]
    lines += [f"    {urlsplit(url).path}: {packed:,}" for _, url, _, packed in rows]
    lines.append(f"  total {total:,} bytes gzipped (limit {LIMIT_BYTES:,})")
    print("\n".join(lines))
    # The measurement saw the page itself, its styles and its scripts.
    assert {"HTML", "CSS", "JavaScript"} <= set(by_kind), lines
    assert total <= LIMIT_BYTES, "\n".join(lines)


def test_the_search_index_is_left_out_and_nothing_else(browser, base_url):
    """The exclusion is narrow: with search used, the index is fetched and left out, and only the index."""
    def search(page):
        page.locator("input.md-search__input").click()
        page.keyboard.type("Preston")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)

    rows, left_out = first_visit(browser, base_url + CASE_STUDY_URL, then=search)
    assert [urlsplit(url).path for url in left_out] == [urlsplit(base_url).path + EXCLUDED[0]]
    assert not any(url.endswith(EXCLUDED[0]) for _, url, _, _ in rows)
