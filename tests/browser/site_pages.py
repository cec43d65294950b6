"""The pages the browser quality tests visit: one of each page type, as (short name, URL relative to the site).

Add a page here and the accessibility, privacy and keyboard tests all cover it.
"""

from __future__ import annotations

# One page of each type. URLs are relative to base_url (which ends in /social-value-reference/).
PAGE_TYPES: list[tuple[str, str]] = [
    ("home", ""),
    ("guidance", "the-act/what-the-act-says/"),
    ("case-study-index", "case-studies/"),
    ("case-study", "case-studies/preston-city-council/"),
    ("not-found", "no-such-page/"),
    ("topics", "case-studies/browse/"),
    ("topic", "case-studies/sector/employment-support/"),
    ("checker", "the-act/checker/"),
    ("whats-new", "whats-new/"),
    ("checker-result", "the-act/checker/?nation=england&started=not-yet&buyer=contracting-authority"
                       "&subject=services&kind=none&route=contract&level=sub-central&value-sub-central=at-or-above"),
]

# The index with filters applied from the address, so the open filter groups and the live count are checked too.
FILTERED_INDEX_PAGES: list[tuple[str, str]] = [
    ("case-study-index-filtered", "case-studies/?sector=employment-support&region=north-west"),
]

PAGES: list[tuple[str, str]] = PAGE_TYPES + FILTERED_INDEX_PAGES

# The search results view: the home page with the search dialog open and this term typed in.
SEARCH_PAGE = "search-results"
SEARCH_TERM = "Preston"

# The case-study page whose first visit the page-weight test measures.
CASE_STUDY_URL = dict(PAGE_TYPES)["case-study"]

# Colour schemes and viewports for the accessibility tests.
SCHEMES = ["light", "dark"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 667}}


def page_id(item: tuple[str, str]) -> str:
    return item[0]
