"""Page weight: what a first visit to each page type downloads, compressed with gzip, stays under 80 KB.

Everything the browser fetches counts: HTML, CSS, JavaScript, fonts, images, the sitemap, and search
if the page fetched any of it (it should not: Pagefind loads only when the reader opens search). Every page
type has the same limit, the case-study index and the checker included. What the index's first filter then
downloads (the whole list, compactly) is measured and printed too. Each
response body is compressed with gzip at level 6 (the usual web-server setting) and the sizes are summed.
What a first search then downloads is measured and printed too.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from search_ui import search
from site_pages import CASE_STUDY_URL, PAGE_TYPES, SEARCH_TERM, page_id

LIMIT_BYTES = 80_000  # 80 KB per first visit, counted as 80,000 bytes, for every page type
# The case-study index holds only its first page of case studies (listing.INDEX_PAGE_SIZE), so its first visit
# does not grow with the library (tests/test_listing.py checks its HTML at 1,000 records). The whole list, for
# the filters, comes only once a reader uses them: at most this many bytes a case study, gzipped.
LIST_BYTES_PER_RECORD = 200
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


def first_filter(page) -> None:
    page.locator("details[data-facet='region'] > summary").click()
    page.locator("input[name='region'][value='wales']").check()
    page.wait_for_function("document.querySelector('[data-cs-count]').textContent.startsWith('Showing 1')"
                           " || /Showing \\d+ of/.test(document.querySelector('[data-cs-count]').textContent)")


@pytest.mark.parametrize("name_url", PAGE_TYPES, ids=page_id)
def test_first_visit_to_each_page_type_is_under_80_kb_gzipped_counting_everything(browser, base_url, name_url):
    name, url = name_url
    index = name == "case-study-index"
    rows, after = fetched(browser, base_url + url, then=first_filter if index else None)
    total, lines = breakdown(f"First visit to {name} (/{url})", rows)
    print("\n".join(lines))
    kinds = {what for what, *_ in rows}
    # The measurement saw the page itself, its styles and its scripts, and nothing of search.
    assert {"HTML", "CSS", "JavaScript"} <= kinds, lines
    assert "search" not in kinds, "\n".join(lines)
    assert total <= LIMIT_BYTES, "\n".join(lines)
    if index:
        # The whole list came when the reader first used a filter, not before, and costs little a record.
        records = len(list((ROOT / "data" / "case-studies").glob("*.yml")))
        # (Chromium may ask for the favicon again when the script writes the filters into the address.)
        data = [row for row in after if urlsplit(row[1]).path.endswith("/case-studies/records.json")]
        assert len(data) == 1 and {what for what, *_ in after} <= {data[0][0], "images"}, after
        got, more = breakdown(f"Then a first filter ({records} case studies)", data)
        print("\n".join(more))
        assert not any(urlsplit(u).path.endswith("records.json") for _, u, *_ in rows)
        print(f"  per case study: {got / records:.0f} bytes gzipped; at 1,000 about {got / records * 1000:,.0f}")
        assert got <= LIST_BYTES_PER_RECORD * records, "\n".join(more)


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
