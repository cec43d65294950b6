"""The social value site's data model: load, validate and render case studies. No MkDocs imports here.

The build (scripts/hooks.py), the validator CLI (scripts/validate.py) and the tests all call this package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import RecordCache, fingerprint
from .changes import PageHistory, load_histories
from .model import CaseStudy
from .taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from .validation import Library, load_library, load_schema, record_files
from .yamlsafe import Problem, load_file

__all__ = ["CaseStudy", "Library", "Problem", "SiteData", "Taxonomy", "TaxonomyError", "load_site_data",
           "record_files"]


@dataclass
class SiteData:
    """Everything the site is built from."""

    root: Path
    taxonomy: Taxonomy
    facts: dict[str, Any]
    schema: dict[str, Any]
    library: Library
    histories: dict[str, PageHistory] = field(default_factory=dict)  # docs page -> its change history

    @property
    def records(self) -> list[CaseStudy]:
        return self.library.records


def data_paths(root: Path) -> dict[str, Path]:
    data = root / "data"
    return {"data": data, "taxonomy": data / "taxonomy.yml", "facts": data / "facts.yml",
            "schema": data / "case-study.schema.json", "case_studies": data / "case-studies"}


def load_site_data(root: Path, today: dt.date | None = None, files: list[Path] | None = None,
                   cache_dir: Path | None = None, memory: dict[str, Any] | None = None) -> SiteData:
    """Load the taxonomy, facts and every case study under root/data. Problems are collected, not raised;
    only a broken taxonomy or facts file raises TaxonomyError, because nothing can be checked without it.
    With cache_dir, valid records are remembered there by content hash (see cache.py); with memory as well (a
    dict kept between the builds of `mkdocs serve`), the cache file is not read again while it is the one
    this process wrote, and an unchanged record is the object built last time."""
    paths = data_paths(root)
    taxonomy = load_taxonomy(paths["taxonomy"])
    facts_loaded, facts_problems = load_file(paths["facts"])
    if facts_loaded is None:
        raise TaxonomyError(facts_problems)
    schema = load_schema(paths["schema"])
    cache = None
    if cache_dir is not None:
        key = fingerprint(paths["schema"], paths["taxonomy"], today=today or dt.date.today())
        cache = RecordCache(cache_dir / "records.json", key,
                            memory.setdefault("cache", {}) if memory is not None else None)
    library = load_library(paths["case_studies"], taxonomy, schema, today=today, files=files, root=root,
                           cache=cache, built=memory.setdefault("built", {}) if memory is not None else None)
    docs = root / "docs"
    pages = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.md") if "includes" not in p.parts) \
        if docs.is_dir() else []
    return SiteData(root, taxonomy, facts_loaded.data, schema, library, load_histories(docs, pages))
