"""Search quality: real queries a reader would type, each with the page that must come first or in the top three.

The expected pages are chosen by hand from what the case studies are about (their names, places,
commissioners and services, in data/case-studies/*.yml), not read from the search results.
"""

from __future__ import annotations

import pytest

from search_ui import RESULT, search

# (query, the case study's slug, how high it must come: 1 = first, 3 = in the top three)
QUERIES: list[tuple[str, str, int]] = [
    # Names, in full and in part
    ("Bikeworks", "bikeworks", 1),
    ("FRC Group", "frc-group", 1),
    ("Community RePaint", "community-repaint", 1),
    ("Greenwich Leisure", "gll-better", 1),
    ("Sunderland Home Care", "sunderland-home-care-associates", 1),
    ("RBLI", "royal-british-legion-industries", 1),
    ("Right2Work", "right2work-kendal", 1),
    # Places
    ("Preston", "preston-city-council", 1),
    ("Kendal", "right2work-kendal", 1),
    ("Trafford", "cleanstart", 1),
    ("Aylesford", "royal-british-legion-industries", 1),
    ("Halton", "wellbeing-enterprises", 1),
    ("Hull", "city-health-care-partnership", 1),
    ("East Kent", "whole-school-meals", 3),  # Kent County Council now comes first, fairly
    # Commissioners
    ("Liverpool City Council", "frc-group", 1),
    ("Transport for London", "hct-group", 3),
    ("Liverpool University Hospitals", "cheshire-and-merseyside-health-and-care-partnership", 1),
    ("Durham County Council", "durham-county-council", 1),
    # Services and needs, several words
    ("school meals", "whole-school-meals", 1),
    ("bulky waste", "right2work-kendal", 1),
    ("paint re-use", "community-repaint", 1),
    ("leisure centres", "gll-better", 1),
    ("community transport", "ect-charity", 3),
    ("employment disabled north west", "right2work-kendal", 3),
    ("veterans employment", "royal-british-legion-industries", 1),
    ("social prescribing", "wellbeing-enterprises", 1),
    ("community wealth building", "preston-city-council", 3),  # councils that follow the Preston model rank too
]


@pytest.fixture(scope="module")
def searcher(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url)
    page.errors = errors
    yield page
    context.close()


def test_there_are_at_least_20_queries():
    assert len(QUERIES) >= 20
    assert len({q for q, *_ in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize("query,slug,rank", QUERIES, ids=[q for q, *_ in QUERIES])
def test_query_puts_the_right_case_study_high(searcher, base_url, query, slug, rank):
    results = search(searcher, query)
    want = f"/case-studies/{slug}/"
    top = [r.split("/social-value-reference", 1)[-1] for r in results[:rank]]
    print(f"{query!r}: {top} (want {want} in the top {rank})")
    assert want in top, f"{query!r}: {want} not in the top {rank}: {results[:5]}"
    assert searcher.errors == []


def words(text: str) -> set[str]:
    return {w.strip(".,;:()[]\u201c\u201d\"'!?\u2026").lower() for w in text.split()} - {""}


@pytest.mark.parametrize("query", ["tonnes", "2019", "jobs", "Preston", "employment support"])
def test_snippets_keep_words_and_numbers_apart_as_on_the_page(browser, base_url, query):
    """Every word of every snippet is a word on the page it comes from: nothing run together such as
    're-use4Manufacturing1', where the page shows 're-use', '4', 'Manufacturing' and '1' apart."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(base_url)
    search(page, query)
    snippets = page.eval_on_selector_all(
        f"{RESULT} > a", "els => els.map(a => [a.href, a.querySelector('.sv-search-excerpt').textContent])")
    assert snippets, f"no results for {query!r}"
    for href, snippet in snippets:
        other = context.new_page()
        other.goto(href)
        # textContent, not innerText: the excerpt comes from the whole body, including collapsed parts.
        body = other.evaluate("""() => { const a = document.querySelector('article').cloneNode(true);
            a.querySelectorAll('.headerlink').forEach(el => el.remove());
            a.querySelectorAll('*').forEach(el => el.append(' ')); return a.textContent; }""")
        other.close()
        missing = sorted(words(snippet) - words(body))
        assert not missing, f"{query!r} -> {href}: snippet words not on the page: {missing}\n{snippet}"
    context.close()
