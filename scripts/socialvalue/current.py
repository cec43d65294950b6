"""The build in progress, shared by the MkDocs hooks (scripts/hooks.py) and the macros module
(scripts/macros_env.py), so the data is loaded and checked once per build however often either is called.
No MkDocs imports. It lives as long as the process, so under `mkdocs serve` it is refreshed at the start of each build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from . import SiteData, load_site_data

state: dict[str, Any] = {"serving": False, "site": None, "macros": None}


def macros_for(site: SiteData) -> tuple[dict[str, Any], dict[str, Callable[..., Any]]]:
    """(variables, macros) for hand-written pages. Raises ApplicabilityError if the checker's rules are broken."""
    from .macros import site_macros
    from .sharing import sharing_macros
    variables, functions = site_macros(site, state.setdefault("rules", {}) if state["serving"] else None)
    return variables, {**functions, **sharing_macros(site)}


def start_build(site: SiteData) -> None:
    """Called once at the start of each build, before the macros module asks for anything."""
    state["site"] = site
    state["macros"] = macros_for(site)


def current_macros(root: Path) -> tuple[dict[str, Any], dict[str, Callable[..., Any]]]:
    """The build's macros; loaded here only when no hook started the build (another generator, a test)."""
    site = state["site"]
    if state["macros"] is None or site is None or Path(site.root).resolve() != Path(root).resolve():
        start_build(load_site_data(Path(root)))
    return state["macros"]
