"""MkDocs hook: accessibility repairs to Material's own markup that no template block reaches.

Material's skip link sits outside any template block, so this hook repairs each page's HTML instead.
(The search dialog, once named here, is now the site's own partial, overrides/partials/search.html.)
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("mkdocs.hooks.a11y")

# Material adds a "Skip to content" link only on pages with a table of contents; the 404 page has none.
EMPTY_SKIP = re.compile(r'<div data-md-component="skip">\s*</div>')
FIRST_H1_ID = re.compile(r'<h1 id="([A-Za-z][\w-]*)"')


def repair(output: str, where: str) -> str:
    """Add a skip link to the first heading where Material left none."""
    heading = FIRST_H1_ID.search(output)
    if heading and EMPTY_SKIP.search(output):
        link = f'<div data-md-component="skip"><a href="#{heading.group(1)}" class="md-skip">Skip to content</a></div>'
        output = EMPTY_SKIP.sub(link, output, count=1)
    return output


def on_post_page(output: str, page, config) -> str:
    return repair(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config) -> str:
    """The same for pages made from theme templates alone (404.html)."""
    return repair(output, template_name)
