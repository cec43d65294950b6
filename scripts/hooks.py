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
from socialvalue.history import last_changed  # noqa: E402
from socialvalue.macros import site_macros  # noqa: E402
from socialvalue.render import long_date, render_record  # noqa: E402

log = logging.getLogger("mkdocs.hooks.socialvalue")
_site: SiteData | None = None


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
    _site = site
    macros = config.plugins.get("macros")
    if macros is None:
        raise Abort("mkdocs.yml must enable the macros plugin before the hooks run.")
    variables, functions = site_macros(site)
    macros.register_variables(variables)
    macros.register_macros(functions)
    return config


def on_files(files: Files, config) -> Files:
    """Add a page per record, out of the navigation, and point every page's edit link at its real source."""
    assert _site is not None
    for file in files:
        if file.src_uri.endswith(".md"):
            file.edit_uri = f"docs/{file.src_uri}"
    changed = last_changed(_site.root)
    # edit_uri is https://github.com/OWNER/REPO/edit/BRANCH/; a file's history is .../commits/BRANCH/PATH.
    history = config.edit_uri.replace("/edit/", "/commits/", 1) if config.edit_uri else None
    today = dt.date.today()
    for record in _site.records:
        content = render_record(record, _site.taxonomy, _site.records, today=today,
                                changed=changed.get(record.path),
                                history_url=f"{history}{record.path}" if history else None)
        page = File.generated(config, f"case-studies/{record.slug}.md", content=content,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        page.edit_uri = record.path
        files.append(page)
    log.info("Generated %d case-study pages.", len(_site.records))
    return files


def on_env(env, config, files):
    """Filters for the theme's templates."""
    env.filters["long_date"] = long_date
    return env
