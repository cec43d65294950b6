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
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue import SiteData, TaxonomyError, load_site_data  # noqa: E402
from socialvalue.applicability import ApplicabilityError  # noqa: E402
from socialvalue.changes import fact_problems, history_problems  # noqa: E402
from socialvalue.history import last_changed  # noqa: E402
from socialvalue.listing import (FINISHED_HTML, INDEX_DATA, ListingMemo, facet_pages, index_data,  # noqa: E402
                                 index_pages, split_finished)
from socialvalue.current import start_build, state  # noqa: E402
from socialvalue.preview_problems import broken_record_slugs, problems_html, terminal_report  # noqa: E402
from socialvalue.render import RenderMemo, long_date, render_record  # noqa: E402
from socialvalue.sharing import Sharing  # noqa: E402

log = logging.getLogger("mkdocs.hooks.socialvalue")
# The macros plugin logs eight info lines a build; only its warnings and errors are worth a contributor's eye.
logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)
_site: SiteData | None = None
_share: Sharing | None = None
_problems: list = []  # under `mkdocs serve` only: the data's problems, shown on every page instead of its content
_finished: dict[str, str] = {}  # src_uri -> a list page's finished HTML, set aside from its Markdown (listing.py)


def on_startup(command, dirty):
    """Remember whether this is `mkdocs serve`, where a broken save shows its problems in the browser."""
    state["serving"] = command == "serve"


@event_priority(100)  # before the macros plugin's on_config, which calls scripts/macros_env.py
def on_config(config):
    """Load and check every data file; stop the build, listing every problem, if any file is invalid.
    Under `mkdocs serve` the build goes on instead, and every page shows the problems (see on_page_content)."""
    global _site, _problems
    _problems = []  # MkDocs keeps this module between the builds of `mkdocs serve`
    root = Path(config.config_file_path).resolve().parent
    try:
        # Valid records by content hash; under `mkdocs serve` also kept in memory between saves.
        site = load_site_data(root, cache_dir=root / ".cache",
                              memory=state.setdefault("records", {}) if state["serving"] else None)
    except TaxonomyError as exc:
        raise Abort("\n".join(str(p) for p in exc.problems) + "\nThe taxonomy or facts file is broken.")
    if site.library.problems and state["serving"]:
        _problems = site.library.problems
        print(terminal_report(_problems), file=sys.stderr, flush=True)
    elif site.library.problems:
        lines = [str(p) for p in site.library.problems]
        raise Abort("\n".join(lines) + f"\n{len(lines)} problem(s) in the case-study data; nothing was built.")
    problems = history_problems(site.histories, (), dt.date.today()) + fact_problems(site.facts)
    if problems:
        raise Abort("\n".join(problems) + "\nA page's change history or the facts file is broken; nothing was built.")
    _site = site
    if config.plugins.get("macros") is None:
        raise Abort("mkdocs.yml must enable the macros plugin (module_name: scripts/macros_env).")
    try:
        start_build(site)  # the macros module (define_env) takes the data from here: loaded once per build
    except ApplicabilityError as exc:
        raise Abort("\n".join(str(p) for p in exc.problems) + "\nThe checker's rules file is broken; nothing was built.")
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
    _share = Sharing(_site, config.site_url, config.site_name, config.site_description, changed,
                     memo=state.setdefault("library_json", {}) if state["serving"] else None)
    # Under `mkdocs serve` a record's page is rendered again only when something it shows changed.
    render = state.setdefault("record_pages", RenderMemo()).render if state["serving"] else render_record
    for record in _site.records:
        content = render(record, _site.taxonomy, _site.records, today=today,
                                changed=changed.get(record.path),
                                history_url=f"{history}{record.path}" if history else None,
                                cite=_share.cite(record))
        page = File.generated(config, f"case-studies/{record.slug}.md", content=content,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        page.edit_uri = record.path
        files.append(page)
    for slug in broken_record_slugs(_problems, {r.slug for r in _site.records}):  # its page shows the problems
        files.append(File.generated(config, f"case-studies/{slug}.md", content=f"# {slug}\n",
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    if state["serving"]:  # made again only when a record or the taxonomy changed
        terms, data = state.setdefault("listing", ListingMemo()).pages_and_data(_site.records, _site.taxonomy)
    else:
        terms = facet_pages(_site.records, _site.taxonomy) + index_pages(_site.records, _site.taxonomy)
        data = index_data(_site.records, _site.taxonomy)
    for src_uri, content in terms:
        files.append(File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    log.info("Generated %d case-study pages and %d topic and list pages.", len(_site.records), len(terms))
    # The whole list, compactly, for the index's filters: fetched only when a reader first uses them.
    files.append(File.generated(config, INDEX_DATA, content=data))
    for path, source in _share.outputs():  # redirect pages, preview images, open data, the feed
        files.append(File.generated(config, path, **source))
    return files


@event_priority(100)  # before the macros plugin, so a page showing problems runs none of its macros
def on_page_markdown(markdown, page, config, files):
    """The page's last-modified date for the sitemap: its review date or last change, never the build date."""
    page.update_date = _share.lastmod(page.file.src_uri, page.meta)
    if _problems:
        return ""
    markdown, finished = split_finished(markdown)  # a list page's HTML skips the conversion
    if finished is not None:
        _finished[page.file.src_uri] = finished
    return markdown


def on_page_content(html, page, config, files):
    """A list page's finished HTML put back where it was; under `mkdocs serve` with broken data, the problems
    instead, where the contributor is looking."""
    if _problems:
        return problems_html(_problems)
    finished = _finished.pop(page.file.src_uri, None)
    if finished is None:
        return html
    if html.count(FINISHED_HTML) != 1:
        raise Abort(f"{page.file.src_uri}: the converted page lost the place for its list (scripts/hooks.py)")
    return html.replace(FINISHED_HTML, finished, 1)


def on_page_context(context, page, config, nav):
    """Link-preview tags, JSON-LD, the change history and the review date in words, for overrides/main.html
    (no custom filters)."""
    history = _site.histories.get(page.file.src_uri)
    context["page_history"] = history.for_template() if history else None  # overrides/main.html shows it
    reviewed = page.meta.get("last_reviewed") if page.meta else None
    context["last_reviewed_words"] = long_date(reviewed) if reviewed else None
    context["share_head"] = _share.head(page.file.src_uri, page.meta, page.title, page.canonical_url,
                                        page.is_homepage)
    return context
