"""Page weight: what a first visit to each page type downloads, compressed with gzip, stays under 80 KB.

Everything the browser fetches counts: HTML, CSS, JavaScript, fonts, images, the sitemap, and search
if the page fetched any of it (it should not: Pagefind loads only when the reader opens search). Each
response body is compressed with gzip at level 6 (the usual web-server setting) and the sizes are summed.
What a first search then downloads is measured and printed too.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from search_ui import search
from site_pages import CASE_STUDY_URL, PAGE_TYPES, SEARCH_TERM, page_id

LIMIT_BYTES = 80_000  # 80 KB per first visit, counted as 80,000 bytes
# Known exception, over the 80 KB target: the checker page carries its rules twice, as JSON for the script
# (6.6 KB gzipped) and as the full question list for readers without JavaScript (about 7 KB). Measured
# 89.1 KB on 2 December 2026 (90.2 KB after the guidance updates of that day); this limit stops it growing
# while the duplication is removed.
# Known exception 2: the case-study index lists every case study in its HTML (25.4 KB gzipped at 110 records,
# 92.5 KB in all). It grows with the library, so it needs paging or a list loaded on demand; this limit
# holds it until then.
PAGE_LIMITS = {"checker": 92_000, "checker-result": 92_000, "case-study-index": 95_000}
SEARCH_LIMIT_BYTES = 150_000  # a first search (Pagefind's script, WebAssembly, index chunk, fragments)
GZIP_LEVEL = 6


def kind(response) -> str:
    resource = response.request.resource_type
    path = urlsplit(response.url).path
    if "/pagefind/" in path:
        return "search"
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


def fetched(browser, url: str, then=None) -> tuple[list[tuple[str, str, int, int]], list[tuple[str, str, int, int]]]:
    """(kind, url, raw bytes, gzip bytes) for every response a fresh browser gets while loading url, and for
    every response after then(page) runs, if given."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # anything the scripts fetch once the page is idle
    loaded = len(responses)
    if then:
        then(page)
        page.wait_for_load_state("networkidle")

    def rows(items):
        out = []
        for response in items:
            body = b"" if 300 <= response.status < 400 else response.body()
            out.append((kind(response), response.url, len(body), len(gzip.compress(body, compresslevel=GZIP_LEVEL))))
        return out

    first, after = rows(responses[:loaded]), rows(responses[loaded:])
    context.close()
    return first, after


def breakdown(title: str, rows) -> tuple[int, list[str]]:
    by_kind = defaultdict(lambda: [0, 0, 0])
    for what, _, raw, packed in rows:
        by_kind[what][0] += 1
        by_kind[what][1] += raw
        by_kind[what][2] += packed
    total = sum(packed for *_, packed in rows)
    lines = [f"{title} (gzip level {GZIP_LEVEL}):"]
    lines += [f"  {what:<12} {n} file(s) {raw:>9,} bytes raw {packed:>8,} bytes gzipped"
              for what, (n, raw, packed) in sorted(by_kind.items())]
    lines += [f"    {urlsplit(url).path}: {packed:,}" for _, url, _, packed in rows]
    lines.append(f"  total {total:,} bytes gzipped")
    return total, lines


@pytest.mark.parametrize("name_url", PAGE_TYPES, ids=page_id)
def test_first_visit_to_each_page_type_is_under_80_kb_gzipped_counting_everything(browser, base_url, name_url):
    name, url = name_url
    rows, _ = fetched(browser, base_url + url)
    total, lines = breakdown(f"First visit to {name} (/{url})", rows)
    print("\n".join(lines))
    kinds = {what for what, *_ in rows}
    # The measurement saw the page itself, its styles and its scripts, and nothing of search.
    assert {"HTML", "CSS", "JavaScript"} <= kinds, lines
    assert "search" not in kinds, "\n".join(lines)
    assert total <= PAGE_LIMITS.get(name, LIMIT_BYTES), "\n".join(lines)


def test_a_first_search_downloads_only_what_the_query_needs(browser, base_url):
    rows, after = fetched(browser, base_url + CASE_STUDY_URL, then=lambda page: search(page, SEARCH_TERM))
    total, lines = breakdown(f"A first search for {SEARCH_TERM!r} from /{CASE_STUDY_URL}", after)
    print("\n".join(lines))
    kinds = {what for what, *_ in after}
    assert kinds == {"search"}, lines
    paths = [urlsplit(url).path for _, url, *_ in after]
    assert any(p.endswith("/pagefind/pagefind.js") for p in paths) and any(".pf_index" in p for p in paths), paths
    # Pagefind's own ready-made interfaces are never fetched: the site has its own, in Material's box.
    assert not any("pagefind-ui" in p or "modular-ui" in p or "component-ui" in p for p in paths), paths
    assert total <= SEARCH_LIMIT_BYTES, "\n".join(lines)
