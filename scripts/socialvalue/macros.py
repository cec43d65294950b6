"""Variables and macros for hand-written pages that show data. Records are passed as data, never as template text."""

from __future__ import annotations

from typing import Any, Callable

from . import SiteData
from .applicability import load_rules
from .applicability_page import render_checker
from .changes import news_items, render_whats_new
from .reference import field_reference, vocabulary_reference
from .listing import render_facet_section, render_filter_index
from .render import gbp, long_date, render_links


def site_macros(site: SiteData, memo: dict | None = None) -> tuple[dict[str, Any], dict[str, Callable[..., Any]]]:
    """(variables, macros) to register with mkdocs-macros. memo: a dict kept between builds (under
    `mkdocs serve`), for the checker's rules (applicability.load_rules)."""

    def case_study_index() -> str:
        """The first page of case studies, linked to the rest, with filters that docs/assets/filters.js brings to life."""
        return render_filter_index(site.records, site.taxonomy)

    def case_study_facet(facet: str, chart: bool = False) -> str:
        """A facet's terms with their counts, linked to their pages, optionally after a bar chart."""
        return render_facet_section(facet, site.records, site.taxonomy, chart=chart)

    def case_study_count() -> int:
        return len(site.records)

    def featured_case_studies(*slugs: str, prefix: str = "case-studies/") -> str:
        """Links to the named case studies; an unknown slug fails the build."""
        by_slug = {r.slug: r for r in site.records}
        unknown = [s for s in slugs if s not in by_slug]
        if unknown:
            raise KeyError(f"featured_case_studies: no case study called {', '.join(unknown)}")
        # Kept out of search, so a search for an organisation's name finds its own page first.
        links = render_links([by_slug[s] for s in slugs], prefix)
        return f'<div class="cs-featured" data-search-exclude markdown>\n\n{links}\n\n</div>'

    # The checker's rules, loaded and checked now so a broken file stops the build (ApplicabilityError).
    rules = load_rules(site.root, site.facts, memo=memo)

    def applicability_checker(page: str) -> str:
        """The checker 'Does the Act apply to my contract?' for the page at docs/<page>."""
        return render_checker(rules, page)

    def whats_new() -> str:
        """Guidance updates and case-study additions and reviews, newest first (docs/whats-new.md)."""
        return render_whats_new(news_items(site.histories.values(), site.records))

    variables = {"facts": site.facts}
    macros = {"gbp": gbp, "long_date": long_date, "case_study_index": case_study_index,
              "case_study_count": case_study_count, "case_study_facet": case_study_facet,
              "featured_case_studies": featured_case_studies,
              "field_reference": lambda: field_reference(site.schema),
              "vocabulary_reference": lambda: vocabulary_reference(site.taxonomy),
              "applicability_checker": applicability_checker, "whats_new": whats_new}
    return variables, macros
