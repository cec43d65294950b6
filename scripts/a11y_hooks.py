"""MkDocs hook: accessibility repairs to Material's own markup that no template block reaches.

Material's search partial opens a role="dialog" with no accessible name, so a screen reader announces
an unnamed dialog (axe rule aria-dialog-name). Overriding the partial would mean copying all of it, so
this hook names the dialog in each page's HTML instead. If a Material update changes the markup, the
hook warns, and the strict build stops, rather than quietly shipping the unnamed dialog again.
"""

from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.hooks.a11y")

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search this site">'


def on_post_page(output: str, page, config) -> str:
    """Give Material's search dialog an accessible name."""
    if 'data-md-component="search"' not in output:
        return output
    if output.count(SEARCH_DIALOG) != 1:
        log.warning("%s: Material's search dialog markup changed; scripts/a11y_hooks.py could not name it.",
                    page.file.src_uri)
        return output
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)


def on_post_template(output: str, template_name: str, config) -> str:
    """The same for pages made from theme templates alone (404.html)."""
    if 'data-md-component="search"' not in output:
        return output
    if output.count(SEARCH_DIALOG) != 1:
        log.warning("%s: Material's search dialog markup changed; scripts/a11y_hooks.py could not name it.",
                    template_name)
        return output
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)
