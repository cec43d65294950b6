"""MkDocs hook: accessibility repairs to Material's own markup that no template block reaches.

Material's search partial opens a role="dialog" with no accessible name, so a screen reader announces
an unnamed dialog (axe rule aria-dialog-name), and its skip link sits outside any template block.
Overriding the partials would mean copying all of them, so this hook repairs each page's HTML instead.
If a Material update changes the dialog's markup, the hook warns and the strict build stops, rather than
quietly shipping the unnamed dialog again.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("mkdocs.hooks.a11y")

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search this site">'

# Material adds a "Skip to content" link only on pages with a table of contents; the 404 page has none.
EMPTY_SKIP = re.compile(r'<div data-md-component="skip">\s*</div>')
FIRST_H1_ID = re.compile(r'<h1 id="([A-Za-z][\w-]*)"')


def repair(output: str, where: str) -> str:
    """Name the search dialog; add a skip link to the first heading where Material left none."""
    if 'data-md-component="search"' in output:
        if output.count(SEARCH_DIALOG) != 1:
            log.warning("%s: Material's search dialog markup changed; scripts/a11y_hooks.py could not name it.", where)
        output = output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)
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
