"""Valid HTML: the Nu HTML Checker (vnu.jar, from the vnu-jar npm package, run with Debian's Java) over every
built page, in one run (it is slow to start).

An error in markup from our own templates, hooks, generated pages or Markdown fails the test. Errors in markup
that Material's own templates produce are listed in the output and tolerated only through THEME_ERRORS below,
each with the template it comes from and the reason; a test checks that each entry really is Material's markup.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"
# A page with known errors, checked in the same run, proves the checker reports errors at all.
BROKEN_PAGE = ROOT / "tests" / "fixtures" / "html" / "broken.html"


@dataclass(frozen=True)
class ThemeError:
    message: str   # regular expression for the checker's message
    extract: str   # regular expression for the markup the checker quotes
    template: str  # the Material template that writes this markup (relative to material/templates)
    marker: str    # text of that template which produces it
    reason: str


THEME_ERRORS = [
    ThemeError(
        message=r"Bad value “” for attribute “tabindex” on element “label”",
        extract=r'<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">',
        template="partials/nav-item.html",
        marker='tabindex="{{ tabindex }}"',
        reason="Material writes an empty tabindex on the labels of navigation sections "
               "(navigation.sections). Browsers ignore it; fixing it means copying the whole nav-item partial.",
    ),
    ThemeError(
        message=r"Attribute “autocomplete” is only allowed when the input type is",
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
                r'id="__(drawer|search)" autocomplete="off">',
        template="base.html",
        marker='type="checkbox" id="__drawer" autocomplete="off"',
        reason="Material's drawer and search toggles are checkboxes with autocomplete=off, which stops Firefox "
               "restoring their state on reload. Harmless; the markup is in base.html outside any block.",
    ),
    ThemeError(
        message=r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form "
                r"control",
        extract=r'<label class="md-nav__title" for="__toc">',
        template="partials/toc.html",
        marker='<label class="md-nav__title" for="__toc">',
        reason="Material's table of contents has a label for the __toc toggle, which Material only writes for "
               "pages in the navigation. Case-study pages are kept out of the navigation on purpose (see "
               "DESIGN.md), so the label points at nothing. Browsers ignore it.",
    ),
]


def theme_error(message: dict) -> ThemeError | None:
    for known in THEME_ERRORS:
        if re.search(known.message, message.get("message", "")) and re.search(known.extract,
                                                                              message.get("extract", "")):
            return known
    return None


def where(message: dict) -> str:
    url = message.get("url", "")
    path = re.sub(r"^file:", "", url)
    for base in (str(ROOT) + "/build/site/", str(ROOT) + "/"):
        if path.startswith(base):
            path = path[len(base):]
    return f"{path}:{message.get('lastLine', '?')}"


@pytest.fixture(scope="module")
def vnu_messages(built_site) -> list[dict]:
    """Every message the checker gives for the built site and the broken example, from one run."""
    if not VNU_JAR.exists():
        pytest.fail(f"The Nu HTML Checker is not installed ({VNU_JAR.relative_to(ROOT)} is missing): "
                    "run `make test`, which installs it with `npm ci --ignore-scripts`.", pytrace=False)
    java = shutil.which("java")
    if not java:
        pytest.fail("The HTML check needs Java: run `sudo apt-get install default-jre-headless`, then `make test`.",
                    pytrace=False)
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html",
                             str(built_site), str(BROKEN_PAGE)],
                            capture_output=True, text=True, timeout=600)
    # vnu exits 1 when it finds errors; its JSON report goes to stderr.
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"The Nu HTML Checker failed (exit {result.returncode}): {result.stderr[:2000]}", pytrace=False)
    return report["messages"]


def site_messages(messages: list[dict]) -> list[dict]:
    return [m for m in messages if not m.get("url", "").endswith(BROKEN_PAGE.name)]


def test_the_checker_reports_errors_in_a_broken_page(vnu_messages):
    broken = [m for m in vnu_messages if m.get("url", "").endswith(BROKEN_PAGE.name) and m["type"] == "error"]
    texts = " | ".join(m["message"] for m in broken)
    assert "Duplicate ID" in texts, texts
    assert "“li” not allowed as child of element “div”" in texts or "Element “li” not allowed" in texts, texts


def test_every_built_page_was_checked_and_nothing_failed_to_load(vnu_messages, built_site):
    problems = [m for m in site_messages(vnu_messages) if m["type"] == "non-document-error"]
    assert not problems, [f"{where(m)}: {m['message']}" for m in problems]
    assert len(list(built_site.rglob("*.html"))) > 20


def test_our_templates_and_content_have_no_html_errors(vnu_messages):
    errors = [m for m in site_messages(vnu_messages) if m["type"] == "error"]
    ours = [m for m in errors if theme_error(m) is None]
    theirs = Counter(f"{known.template}: {known.message}" for known in map(theme_error, errors) if known)
    warnings = [m for m in site_messages(vnu_messages) if m["type"] == "info" and m.get("subType") == "warning"]
    print(f"Nu HTML Checker: {len(ours)} errors from our markup, {len(errors) - len(ours)} from Material's "
          f"templates, {len(warnings)} warnings.")
    for text, count in sorted(theirs.items()):
        print(f"  Material ({count}x) {text}")
    for m in warnings:
        print(f"  warning {where(m)}: {m['message']}")
    assert not ours, "HTML errors in our templates or content:\n" + "\n".join(
        f"{where(m)}: {m['message']}\n    {m.get('extract', '').strip()}" for m in ours)


@pytest.mark.parametrize("known", THEME_ERRORS, ids=lambda known: known.template)
def test_tolerated_errors_really_come_from_material(known):
    """Each allow-list entry names markup that Material's template writes and our overrides do not."""
    template = MATERIAL_TEMPLATES / known.template
    assert known.marker in template.read_text(encoding="utf-8"), f"{known.template} no longer has {known.marker!r}"
    for ours in (ROOT / "overrides").rglob("*.html"):
        assert known.marker not in ours.read_text(encoding="utf-8"), f"{ours} writes {known.marker!r} itself"
