"""What changed and when: each guidance page's change history, and the "What's new" list that merges guidance
updates with case-study additions and reviews. Plain Python; the hooks, the page, the feed and the tests use it.

A guidance page keeps its history in its front matter, as GOV.UK does:

    first_published: "2026-11-24"       # the day the page was first committed
    updates:                            # newest first; one plain sentence each
      - date: "2026-12-01"
        change: Added the 2020 amendment to the list of changes.

The "last updated" date is derived (the newest update, or the first publication), never typed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .render import esc, long_date


@dataclass(frozen=True)
class Update:
    date: str
    change: str


@dataclass(frozen=True)
class PageHistory:
    page: str                    # docs-relative path, such as "the-act/timeline.md"
    title: str
    first_published: str
    updates: tuple[Update, ...] = ()
    last_reviewed: str | None = None

    @property
    def last_updated(self) -> str:
        return max([self.first_published, *(u.date for u in self.updates)])

    def for_template(self) -> dict[str, Any]:
        """Plain values for overrides/main.html, dates already in words, so the theme needs no custom filter."""
        return {"first_published": self.first_published, "first_published_words": long_date(self.first_published),
                "last_updated": self.last_updated, "last_updated_words": long_date(self.last_updated),
                "updates": [{"date": u.date, "date_words": long_date(u.date), "change": u.change}
                            for u in self.updates]}

    @property
    def url(self) -> str:
        """The page's site-relative URL with directory URLs: "the-act/timeline/" ("" for the home page)."""
        stem = self.page[:-3]
        if stem == "index":
            return ""
        return (stem[:-len("index")] if stem.endswith("/index") else stem + "/")


@dataclass(frozen=True)
class NewsItem:
    date: str
    kind: str                    # "guidance", "new" (case study added) or "reviewed" (facts checked again)
    title: str
    url: str                     # site-relative
    text: str
    source: str                  # the docs-relative Markdown page it links to

    @property
    def label(self) -> str:
        return {"guidance": "Guidance updated", "new": "New case study", "reviewed": "Facts reviewed"}[self.kind]


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML front matter of a Markdown page ({} if it has none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    block = text.split("---\n", 2)[1]
    loaded = yaml.load(block, Loader=_Loader)  # safe; libyaml's loader where PyYAML has it (every page, every build)
    return loaded if isinstance(loaded, dict) else {}


def _day(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def page_history(page: str, meta: dict[str, Any]) -> PageHistory | None:
    """The history kept in a page's front matter, or None if it keeps none. Bad dates become problems later."""
    if "first_published" not in meta:
        return None
    updates = tuple(Update(_day(u.get("date")) or str(u.get("date")), str(u.get("change") or "").strip())
                    for u in (meta.get("updates") or []) if isinstance(u, dict))
    return PageHistory(page=page, title=str(meta.get("title") or ("Home" if page == "index.md" else page)), updates=updates,
                       first_published=_day(meta["first_published"]) or str(meta["first_published"]),
                       last_reviewed=_day(meta.get("last_reviewed")))


def load_histories(docs: Path, pages: Iterable[str]) -> dict[str, PageHistory]:
    """Histories of the given docs-relative pages that keep one."""
    found = {}
    for page in pages:
        history = page_history(page, front_matter(docs / page))
        if history is not None:
            found[page] = history
    return found


def history_problems(histories: dict[str, PageHistory], required: Iterable[str], today: dt.date) -> list[str]:
    """Everything wrong with the change histories, as 'docs/page: message' lines (empty when all is well)."""
    problems = []
    for page in required:
        if page not in histories:
            problems.append(f"docs/{page}: no change history (first_published and updates in the front matter)")
    for page, h in histories.items():
        where = f"docs/{page}"
        if _day(h.first_published) is None:
            problems.append(f"{where}: first_published {h.first_published!r} is not a date (YYYY-MM-DD)")
            continue
        if h.first_published > today.isoformat():
            problems.append(f"{where}: first_published {h.first_published} is after the build date {today}")
        for u in h.updates:
            if _day(u.date) is None:
                problems.append(f"{where}: update date {u.date!r} is not a date (YYYY-MM-DD)")
                continue
            if u.date > today.isoformat():
                problems.append(f"{where}: update dated {u.date} is after the build date {today}")
            if u.date < h.first_published:
                problems.append(f"{where}: update dated {u.date} is before first publication {h.first_published}")
            if not u.change:
                problems.append(f"{where}: the update dated {u.date} does not say what changed")
        if [u.date for u in h.updates] != sorted((u.date for u in h.updates), reverse=True):
            problems.append(f"{where}: list updates newest first")
    return problems


def news_items(histories: Iterable[PageHistory], records: Iterable[Any]) -> list[NewsItem]:
    """Guidance updates and case-study additions and reviews together, newest first."""
    items = []
    for h in histories:
        for u in h.updates:
            items.append(NewsItem(u.date, "guidance", h.title, h.url, u.change, h.page))
    for r in records:
        items.append(NewsItem(r.added, "new", r.name, r.url, r.summary, f"case-studies/{r.slug}.md"))
        if r.reviewed > r.added:
            items.append(NewsItem(r.reviewed, "reviewed", r.name, r.url,
                                  f"We checked this case study's facts against its sources again. {r.summary}",
                                  f"case-studies/{r.slug}.md"))
    order = {"guidance": 0, "new": 1, "reviewed": 2}
    return sorted(items, key=lambda i: (i.date, -order[i.kind], i.title), reverse=True)


def render_whats_new(items: list[NewsItem], limit: int = 60) -> str:
    """The What's new list as Markdown, grouped by date. Every text from the data is escaped."""
    out: list[str] = []
    current = None
    for item in items[:limit]:
        if item.date != current:
            current = item.date
            out += ["", f"## {long_date(item.date)}", ""]
        link = _md_link(item)
        out.append(f"- **{item.label}:** {link}. {esc(item.text)}")
    if not out:
        return "Nothing has changed yet."
    return "\n".join(out).strip() + "\n"


def _md_link(item: NewsItem) -> str:
    """A link from whats-new.md to the item's source page, so MkDocs checks it and makes it relative."""
    title = esc(item.title)
    return f"[{title}]({item.source})"


def stale_pages(histories: Iterable[PageHistory], today: dt.date, months: int) -> list[PageHistory]:
    """Guidance pages not checked (last_reviewed, or else last updated) for `months` months, oldest first."""
    from .model import months_before
    cutoff = months_before(today, months).isoformat()
    due = [h for h in histories if (h.last_reviewed or h.last_updated) < cutoff]
    return sorted(due, key=lambda h: (h.last_reviewed or h.last_updated, h.page))


def stale_facts(facts: dict[str, Any], today: dt.date, months: int) -> list[tuple[str, str]]:
    """(section, last_checked) for each facts.yml section not checked for `months` months, oldest first."""
    from .model import months_before
    cutoff = months_before(today, months).isoformat()
    due = [(key, _day(v.get("last_checked")) or "never") for key, v in facts.items()
           if isinstance(v, dict) and (_day(v.get("last_checked")) or "") < cutoff]
    return sorted(due, key=lambda kv: (kv[1], kv[0]))


def fact_problems(facts: dict[str, Any]) -> list[str]:
    """Each facts.yml section must name its source(s) and the date it was last checked."""
    problems = []
    for key, value in facts.items():
        if not isinstance(value, dict):
            continue
        sources = value.get("sources") or ([value["source"]] if value.get("source") else [])
        if not sources or not all(isinstance(s, str) and s.startswith("https://") for s in sources):
            problems.append(f"data/facts.yml: {key}: give its source(s) as https:// links under sources")
        if _day(value.get("last_checked")) is None:
            problems.append(f"data/facts.yml: {key}: give last_checked, the date it was last checked (YYYY-MM-DD)")
    return problems
