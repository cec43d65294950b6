"""Create a new case-study file from the annotated template."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from .validation import RESERVED_SLUGS

MAX_SLUG = 60


class ScaffoldError(Exception):
    """A reason not to create the file, in words a contributor can act on.
    `choose_slug` is True when giving a file name of one's own (a slug) would get round it."""

    def __init__(self, message: str, choose_slug: bool = False):
        super().__init__(message)
        self.choose_slug = choose_slug


def slugify(name: str) -> str:
    """'Furniture Resource Centre (FRC) & Co.' -> 'furniture-resource-centre-frc-and-co'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


def former_slugs(cases: Path) -> dict[str, Path]:
    """Every former slug claimed by an existing record (files that do not parse are skipped)."""
    claimed: dict[str, Path] = {}
    for path in sorted(cases.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            for slug in data.get("former_slugs") or []:
                claimed[str(slug)] = path
    return claimed


def new_case_study(name: str, cases: Path, template: Path, today: dt.date, slug: str | None = None) -> Path:
    """Write cases/<slug>.yml from the template with the name and today's dates filled in."""
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("give the organisation's name, for example: \"Bikeworks CIC\"")
    if any(c in name for c in "<>{}"):
        raise ScaffoldError("the name may not contain < > { or }")
    slug = slug or slugify(name)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug or ""):
        raise ScaffoldError(f"cannot make a file name from {name!r}; give one yourself, in lower case with "
                            "hyphens, like bikeworks", choose_slug=True)
    if slug in RESERVED_SLUGS:
        raise ScaffoldError(f"'{slug}' is reserved for a page the site already has; choose another file name",
                            choose_slug=True)
    target = cases / f"{slug}.yml"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; edit that file instead, or choose another file name",
                            choose_slug=True)
    claimed = former_slugs(cases)
    if slug in claimed:
        raise ScaffoldError(f"'{slug}' was the earlier name of {claimed[slug]}, and old links to it redirect "
                            "there; choose another file name", choose_slug=True)
    text = template.read_text(encoding="utf-8")
    quoted = name.replace("'", "''")
    text = text.replace("name: ORGANISATION NAME", f"name: '{quoted}'", 1)
    text = text.replace('"2026-01-01"', f'"{today.isoformat()}"')
    cases.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # never overwrite, even in a race
        handle.write(text)
    return target
