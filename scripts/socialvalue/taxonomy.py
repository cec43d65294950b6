"""The controlled vocabularies in data/taxonomy.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .yamlsafe import Problem, load_file

# Vocabularies every record uses, and the record field each one checks.
VOCABULARIES = (
    "headings", "kinds", "sectors", "beneficiaries", "legal_forms", "body_types", "nations", "regions", "stages",
    "statuses", "service_statuses", "metric_types", "reporters", "qualifiers", "frameworks",
)


class TaxonomyError(Exception):
    """The taxonomy file itself is broken; the build cannot go on."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Taxonomy:
    """Vocabulary name -> {key: term}, where a term is a dict with at least a label."""

    vocabularies: dict[str, dict[str, dict[str, Any]]]

    def keys(self, vocabulary: str) -> list[str]:
        return list(self.vocabularies[vocabulary])

    def label(self, vocabulary: str, key: str) -> str:
        return str(self.vocabularies[vocabulary][key]["label"])

    def term(self, vocabulary: str, key: str) -> dict[str, Any]:
        return self.vocabularies[vocabulary][key]

    def outcomes(self, framework: str) -> dict[str, dict[str, Any]]:
        return self.vocabularies["frameworks"][framework].get("outcomes", {})

    def nation_of(self, region: str) -> str:
        return str(self.vocabularies["regions"][region]["nation"])


def load_taxonomy(path: Path) -> Taxonomy:
    """Load and sanity-check the taxonomy; raise TaxonomyError naming the file and line."""
    loaded, problems = load_file(path)
    if loaded is None:
        raise TaxonomyError(problems)
    data = loaded.data
    shown = str(path)
    for name in VOCABULARIES:
        terms = data.get(name)
        if not isinstance(terms, dict) or not terms:
            problems.append(Problem(shown, loaded.line_of((name,)), name, "missing or empty vocabulary"))
            continue
        for key, term in terms.items():
            if not isinstance(term, dict) or "label" not in term:
                problems.append(Problem(shown, loaded.line_of((name, key)), f"{name}.{key}",
                                        "each term needs a label"))
    for region, term in (data.get("regions") or {}).items():
        if isinstance(term, dict) and term.get("nation") not in (data.get("nations") or {}):
            problems.append(Problem(shown, loaded.line_of(("regions", region)), f"regions.{region}",
                                    "nation must be a key of nations"))
    if problems:
        raise TaxonomyError(problems)
    return Taxonomy({name: data[name] for name in VOCABULARIES})
