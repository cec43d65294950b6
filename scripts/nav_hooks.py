"""MkDocs hook: draw the site's navigation once for all the pages that share it, not once per page.

Most pages are not in the navigation: every case study and every topic and list page (1,500 of 1,600 pages at
1,000 records). For such a page Material's navigation (partials/nav.html) marks nothing as active, and each of
its links is relative to the page's folder, so every page in the same folder (all case studies are in
case-studies/) gets the same HTML. Drawing it was half of the theme's work for each page.
overrides/partials/nav.html shows the navigation kept under `nav_key` when there is one and otherwise draws it
with Material's own partial, reached here as "material/partials/nav.html", and keeps it under that key. A page
in the navigation, or one with a navigation page below its own address, gets no key and is drawn as before.
tests/test_build.py checks that the built site is byte for byte what it is without the override.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import material

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"
_in_nav: list[str] = []  # this build's addresses of the pages in the navigation


def on_env(env, config, files):
    """Material's templates under the prefix material/, and a fresh store for this build's navigation."""
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader(
        {"material": jinja2.FileSystemLoader(str(MATERIAL_TEMPLATES))})])
    env.globals["nav_memo"] = {}  # a global, not a context value: scripts/cache_hooks.py keys pages by context
    return env


def on_nav(nav, config, files):
    _in_nav[:] = [page.url for page in nav.pages]
    return nav


def on_page_context(context, page, config, nav):
    """nav_key: the folder the page's links are relative to, for a page the navigation does not show."""
    url = page.url
    if not url or page in nav.pages or any(other.startswith(url) for other in _in_nav):
        context["nav_key"] = None
    elif url.endswith("/"):  # case-studies/a/: links start "../", then lead from case-studies/
        context["nav_key"] = "folder below " + url[:-1].rpartition("/")[0]
    else:  # case-studies/a.html (use_directory_urls: false): links lead from case-studies/
        context["nav_key"] = "file in " + url.rpartition("/")[0]
    return context
