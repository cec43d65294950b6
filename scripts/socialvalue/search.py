"""The site's search index: Pagefind (PyPI `pagefind`, binary included) run over the built HTML.

Only the page body is indexed: the hooks mark each page's article with data-pagefind-body, and pages whose
front matter says `search: {exclude: true}` (listings, topic pages) get no body, so they are left out.
Blocks marked data-search-exclude (sources, related case studies, citation boxes) are skipped, so a search
for an organisation's name finds its own page first. The index goes into <site>/pagefind/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".headerlink", ".md-content__button"]


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


def command(site_dir: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR,
           "--force-language", "en", "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        cmd += ["--exclude-selectors", selector]
    return cmd


def index_site(site_dir: Path) -> str:
    """Index the built site in place; return Pagefind's output. Raises SearchIndexError on failure."""
    try:
        result = subprocess.run(command(site_dir), capture_output=True, text=True, timeout=600)
    except FileNotFoundError as exc:  # pragma: no cover - sys.executable always exists
        raise SearchIndexError(str(exc)) from exc
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        if "No module named pagefind" in output:
            output += "\nInstall the site's requirements: pip install -r requirements.txt"
        raise SearchIndexError(output or f"pagefind exited with {result.returncode}")
    if not (site_dir / OUTPUT_SUBDIR / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind wrote no {OUTPUT_SUBDIR}/pagefind.js\n{output}")
    return output
