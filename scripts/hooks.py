"""MkDocs glue: load the data model, expose it to macros, add one generated page per case study.

Thin on purpose. All loading, checking and rendering lives in scripts/socialvalue (no MkDocs there).
Data is loaded inside the events, never at import time, so `mkdocs serve` picks up edits in data/.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue import SiteData, TaxonomyError, load_site_data  # noqa: E402
from socialvalue.applicability import ApplicabilityError  # noqa: E402
from socialvalue.changes import fact_problems, history_problems  # noqa: E402
from socialvalue.history import last_changed  # noqa: E402
from socialvalue.listing import facet_pages  # noqa: E402
from socialvalue.macros import site_macros  # noqa: E402
from socialvalue.render import long_date, render_record  # noqa: E402
from socialvalue.sharing import Sharing, sharing_macros  # noqa: E402

log = logging.getLogger("mkdocs.hooks.socialvalue")
_site: SiteData | None = None
_share: Sharing | None = None


def on_config(config):
    """Load and check every data file; stop the build, listing every problem, if any file is invalid."""
    global _site
    root = Path(config.config_file_path).resolve().parent
    try:
        site = load_site_data(root, cache_dir=root / ".cache")  # valid records by content hash
    except TaxonomyError as exc:
        raise Abort("\n".join(str(p) for p in exc.problems) + "\nThe taxonomy or facts file is broken.")
    if site.library.problems:
        lines = [str(p) for p in site.library.problems]
        raise Abort("\n".join(lines) + f"\n{len(lines)} problem(s) in the case-study data; nothing was built.")
    problems = history_problems(site.histories, (), dt.date.today()) + fact_problems(site.facts)
    if problems:
        raise Abort("\n".join(problems) + "\nA page's change history or the facts file is broken; nothing was built.")
    _site = site
    macros = config.plugins.get("macros")
    if macros is None:
        raise Abort("mkdocs.yml must enable the macros plugin before the hooks run.")
    try:
        variables, functions = site_macros(site)
    except ApplicabilityError as exc:
        raise Abort("\n".join(str(p) for p in exc.problems) + "\nThe checker's rules file is broken; nothing was built.")
    macros.register_variables(variables)
    macros.register_macros(functions)
    macros.register_macros(sharing_macros(site))
    return config


def on_files(files: Files, config) -> Files:
    """Add a page per record, out of the navigation, and point every page's edit link at its real source."""
    global _share
    assert _site is not None
    for file in files:
        if file.src_uri.endswith(".md"):
            file.edit_uri = f"docs/{file.src_uri}"
    changed = last_changed(_site.root)
    # edit_uri is https://github.com/OWNER/REPO/edit/BRANCH/; a file's history is .../commits/BRANCH/PATH.
    history = config.edit_uri.replace("/edit/", "/commits/", 1) if config.edit_uri else None
    today = dt.date.today()
    _share = Sharing(_site, config.site_url, config.site_name, config.site_description, changed)
    for record in _site.records:
        content = render_record(record, _site.taxonomy, _site.records, today=today,
                                changed=changed.get(record.path),
                                history_url=f"{history}{record.path}" if history else None,
                                cite=_share.cite(record))
        page = File.generated(config, f"case-studies/{record.slug}.md", content=content,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        page.edit_uri = record.path
        files.append(page)
    terms = facet_pages(_site.records, _site.taxonomy)
    for src_uri, content in terms:
        files.append(File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    log.info("Generated %d case-study pages and %d topic pages.", len(_site.records), len(terms))
    for path, source in _share.outputs():  # redirect pages, preview images, open data, the feed
        files.append(File.generated(config, path, **source))
    return files


def on_page_markdown(markdown, page, config, files):
    """The page's last-modified date for the sitemap: its review date or last change, never the build date."""
    page.update_date = _share.lastmod(page.file.src_uri, page.meta)
    return markdown


def on_page_context(context, page, config, nav):
    """Link-preview tags and JSON-LD for the page head (printed by overrides/main.html)."""
    context["page_history"] = _site.histories.get(page.file.src_uri)  # overrides/main.html shows it
    context["share_head"] = _share.head(page.file.src_uri, page.meta, page.title, page.canonical_url,
                                        page.is_homepage)
    return context


def on_env(env, config, files):
    """Filters for the theme's templates."""
    env.filters["long_date"] = long_date
    return env
