"""What `make serve` shows when a save breaks the data: every problem, on the page the contributor is reading.

No MkDocs imports here: scripts/hooks.py decides when to show it. Every value is escaped; nothing is a template.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

from .yamlsafe import Problem

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def broken_record_slugs(problems: list[Problem], valid: set[str]) -> list[str]:
    """Slugs of record files that have problems, so their pages can show them instead of a 404."""
    slugs = set()
    for problem in problems:
        path = PurePosixPath(problem.path)
        if path.parent.name == "case-studies" and path.suffix == ".yml" and SLUG.match(path.stem):
            slugs.add(path.stem)
    return sorted(slugs - valid)


def terminal_report(problems: list[Problem]) -> str:
    """The list for the terminal, with one line saying what happened."""
    files = len({p.path for p in problems})
    lines = [str(p) for p in problems]
    lines.append(f"{len(problems)} problem(s) in {files} case-study file(s): the preview shows them on every page; "
                 "the site was not rebuilt from this save. Fix them and save again.")
    return "\n".join(lines)


def problems_html(problems: list[Problem]) -> str:
    """The page body: a plain-words heading, what to do, and one table row per problem."""
    files = len({p.path for p in problems})
    rows = "\n".join(
        f"<tr><td><code>{html.escape(p.path)}</code></td><td>{p.line}</td>"
        f"<td><code>{html.escape(p.field)}</code></td><td>{html.escape(p.message)}</td></tr>"
        for p in problems)
    return (
        '<div class="admonition failure sv-preview-problems" role="alert" id="preview-problems">\n'
        f'<p class="admonition-title">Your last save has {len(problems)} problem(s) in {files} file(s). '
        "The site was not rebuilt.</p>\n"
        "<p>This preview shows the problems instead of the page. Fix each one in the file named, then save: "
        "this page comes back by itself. <code>make validate</code> lists the same problems.</p>\n"
        '<table><thead><tr><th scope="col">File</th><th scope="col">Line</th><th scope="col">Field</th>'
        f'<th scope="col">Problem</th></tr></thead>\n<tbody>\n{rows}\n</tbody></table>\n</div>\n')
