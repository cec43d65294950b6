"""Variables and macros for hand-written pages that show data. Records are passed as data, never as template text."""

from __future__ import annotations

from typing import Any, Callable

from . import SiteData
from .applicability import load_rules
from .applicability_page import render_checker
from .reference import field_reference, vocabulary_reference
from .render import gbp, long_date, render_index, render_links


def site_macros(site: SiteData) -> tuple[dict[str, Any], dict[str, Callable[..., Any]]]:
    """(variables, macros) to register with mkdocs-macros."""

    def case_study_index() -> str:
        """A table of every case study, linked to its page."""
        return render_index(site.records, site.taxonomy)

    def case_study_count() -> int:
        return len(site.records)

    def featured_case_studies(*slugs: str, prefix: str = "case-studies/") -> str:
        """Links to the named case studies; an unknown slug fails the build."""
        by_slug = {r.slug: r for r in site.records}
        unknown = [s for s in slugs if s not in by_slug]
        if unknown:
            raise KeyError(f"featured_case_studies: no case study called {', '.join(unknown)}")
        return render_links([by_slug[s] for s in slugs], prefix)

    # The checker's rules, loaded and checked now so a broken file stops the build (ApplicabilityError).
    rules = load_rules(site.root, site.facts)

    def applicability_checker(page: str) -> str:
        """The checker 'Does the Act apply to my contract?' for the page at docs/<page>."""
        return render_checker(rules, page)

    variables = {"facts": site.facts}
    macros = {"gbp": gbp, "long_date": long_date, "case_study_index": case_study_index,
              "case_study_count": case_study_count,
              "featured_case_studies": featured_case_studies,
              "field_reference": lambda: field_reference(site.schema),
              "vocabulary_reference": lambda: vocabulary_reference(site.taxonomy),
              "applicability_checker": applicability_checker}
    return variables, macros
