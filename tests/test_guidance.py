"""Guidance pages: sourced, dated, reachable, plain English, and free of the common misstatements."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from readability import built_path, nav_pages, scores  # noqa: E402

from socialvalue.changes import (PageHistory, Update, fact_problems, history_problems,  # noqa: E402
                                 load_histories, news_items)

DOCS = ROOT / "docs"
SITE = ROOT / "build" / "site"
pytestmark = pytest.mark.site  # reads build/site: rebuilt first if a source is newer
DATA_PAGES = {"case-studies/index.md", "case-studies/browse.md", "whats-new.md"}  # listings of data, not guidance
PAGES = [p for p in nav_pages() if p not in DATA_PAGES]
DENSER = {"the-act/what-the-act-says.md"}  # the law page may be denser


def front_matter(page: str) -> tuple[dict, str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


def built(page: str) -> BeautifulSoup:
    path = built_path(SITE, page)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test`, which builds build/site before pytest")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_markdown_page_is_in_the_navigation():
    on_disk = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if "includes" not in p.parts)
    assert on_disk == sorted(nav_pages())


@pytest.mark.parametrize("page", PAGES)
def test_page_has_title_description_and_review_date(page):
    meta, body = front_matter(page)
    if page == "index.md":  # the home page takes the site name as its title
        meta["title"] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
    assert meta.get("title") and meta.get("description")
    assert len(meta["description"]) <= 160
    assert str(meta.get("last_reviewed", "")) != ""
    assert body.lstrip().startswith(f"# {meta['title']}\n")
    shown = built(page).select_one(".page-reviewed time")
    assert shown is not None and shown["datetime"] == str(meta["last_reviewed"])


@pytest.mark.parametrize("page", PAGES)
def test_page_ends_with_sources_that_are_absolute_https_links(page):
    _, body = front_matter(page)
    headings = re.findall(r"^## (.+)$", body, flags=re.M)
    assert headings and headings[-1] == "Sources", f"last section is {headings[-1:]}, not Sources"
    sources = body.split("\n## Sources\n", 1)[1]
    links = re.findall(r"\]\((\S+?)\)", sources)
    assert links, "the Sources section lists no links"
    assert all(link.startswith("https://") for link in links), links


@pytest.mark.parametrize("page", PAGES)
def test_no_plain_http_links(page):
    _, body = front_matter(page)
    assert "http://" not in body


def test_every_internal_link_in_the_built_site_resolves():
    broken = []
    for html in SITE.rglob("*.html"):
        for a in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):  # the 404 page links from the site root
                base = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]).path
                assert path.startswith(base), a["href"]
                target = (SITE / path[len(base):]).resolve()
            else:
                target = (html.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(SITE)} -> {a['href']}")
    assert broken == []


def shared_figures() -> list[str]:
    """Money figures kept in data/facts.yml, in every way they might be typed."""
    facts = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))
    found: list[int] = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, int) and not isinstance(node, bool) and node >= 1000:
            found.append(node)
    walk(facts)
    # Written the way a reader sees them, without the product's gbp() and number(): £135,018, 135,018, 135018.
    return sorted({form for n in found for form in (f"£{n:,}", f"{n:,}", str(n))}, key=len, reverse=True)


@pytest.mark.parametrize("page", nav_pages())
def test_shared_figures_come_from_facts_not_typed_in(page):
    _, body = front_matter(page)
    prose = re.sub(r"\]\([^)]*\)", "]", body)  # addresses may contain numbers
    typed = [figure for figure in shared_figures() if re.search(rf"(?<![\d,]){re.escape(figure)}(?![\d,])", prose)]
    assert typed == [], f"use the facts.yml macro instead of typing {typed}"


def reader_form(call: str, facts: dict) -> str:
    """What a macro call from a page shows a reader, worked out from data/facts.yml without the product's code."""
    match = re.fullmatch(r"(?:(gbp|long_date)\()?facts\.([a-z0-9_.]+)\)?", call)
    assert match, call
    value = facts
    for part in match.group(2).split("."):
        value = value[part]
    if match.group(1) == "gbp":
        return f"£{value:,}"
    if match.group(1) == "long_date":
        day = dt.date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def shown_in(text: str, shown: str) -> list[str]:
    """Every place the text shows this figure or date whole ('1 January' is not in '01 January' or '11 January')."""
    return re.findall(rf"(?<!\d)(?<!\d[,.]){re.escape(shown)}(?![,.]?\d)", text)


def test_every_figure_macro_shows_the_figure_from_facts():
    """Each {{ gbp(facts...) }}, {{ long_date(facts...) }} and {{ facts... }} in a page reaches the built page as
    the reader's text, as often as the page uses it."""
    facts = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))
    checked = 0
    for page in nav_pages():
        _, body = front_matter(page)
        calls = re.findall(r"\{\{\s*((?:gbp|long_date)\(facts\.[a-z0-9_.]+\)|facts\.[a-z0-9_.]+)\s*\}\}", body)
        if not calls:
            continue
        text = " ".join(built(page).find("article").get_text(" ").split())
        assert "{{" not in text, page
        for call in set(calls):
            shown = reader_form(call, facts)
            assert len(shown_in(text, shown)) >= calls.count(call), (page, call, shown)
            checked += 1
    assert checked >= 20


# Pages that show a threshold through the macro, and what a reader must see there. Written out by hand: when
# data/facts.yml changes, these change with it.
THRESHOLDS_SHOWN = {
    "guides/commissioners.md": ["£135,018", "£207,720", "£663,540", "1 January 2026"],
    "help/faq.md": ["£135,018", "£207,720", "£663,540", "1 January 2026"],
    "guides/across-the-uk.md": ["£135,018", "£207,720", "£50,000", "£2,000,000", "£4,000,000"],
    "index.md": ["31 January 2013"],
}


@pytest.mark.parametrize("page", sorted(THRESHOLDS_SHOWN))
def test_threshold_figures_reach_the_built_pages_through_macros(page):
    _, body = front_matter(page)
    assert "{{" in body, f"{page} no longer uses the facts macros"
    text = " ".join(built(page).find("article").get_text(" ").split())
    for shown in THRESHOLDS_SHOWN[page]:
        assert shown_in(text, shown), (page, shown)


# Misstatements from the fact sheet's warning list (numbers in brackets), as patterns.
MISSTATEMENTS = {
    "minimum weighting mandated by law (1)": r"(law|Act) (requires|sets|mandates) (a )?(minimum )?(weighting|10%)",
    "Act dated 2013 (4)": r"Social Value\)? Act 2013",
    "'Public Procurement Act' (4)": r"Public Procurement Act(?! \d)|Public Procurement Act 2023",
    "commencement on 1 January 2013 (3)": r"1 January 2013",
    "Royal Assent in February 2012 (3)": r"February 2012",
    "duty in section 3 (5)": r"duty (is )?in section 3",
    "Procurement Act repealed the Act (6)": r"(repealed|replaced) (the )?(Public Services \(Social Value\)|Social Value) Act",
    "duty to consult (8)": r"(must|have to|has to) consult\b",
    "£1 quotation in the Act (10)": r"Act (says|defines)[^.]*£1",
    "TOMs required by government (11)": r"(PPN 002|government) (requires|mandates) (the )?(National )?TOMs",
    "light touch from £663,540 (12)": r"light touch[^.]*from £663,540",
    "seven principles (15)": r"seven principles",
    # Errors found by the December 2026 review (issue 13).
    "Act amended three times": r"amended (only )?three times",
    "three-year VCSE target": r"three-year targets?\b(?:(?!two-year)[^.])*\b(VCSE|voluntary, community and social enterprise)",
    "Procurement Act only in England, Wales and NI":
        r"Procurement Act 2023 (covers|applies) (only )?(in )?England, Wales and Northern Ireland\.",
    "Welsh stronger duty only for two kinds": r"all reasonable steps[^.]*(?<!not )\bonly\b[^.]*(major construction|outsourc)",
    "Welsh start date unconfirmed": r"(fully operational|full start date)[^.]*not confirmed",
    "PPN 002 only from secondary sources": r"secondary sources (report|agree)",
    "timeline stops in spring 2026": r"up to spring 2026",
}

# One planted misstatement per new pattern: each must be caught, so a pattern that can never match fails.
PLANTED = {
    "Act amended three times": "The Act has been amended three times.",
    "three-year VCSE target": "Departments must set three-year targets for direct spend with VCSE organisations.",
    "Procurement Act only in England, Wales and NI": "The Procurement Act 2023 covers England, Wales and Northern Ireland.",
    "Welsh stronger duty only for two kinds": "Authorities must take all reasonable steps, but only for major construction contracts.",
    "Welsh start date unconfirmed": "The date the duty became fully operational is not confirmed.",
    "PPN 002 only from secondary sources": "Secondary sources report this figure.",
    "timeline stops in spring 2026": "This timeline covers events up to spring 2026.",
}


@pytest.mark.parametrize("page", nav_pages())
def test_no_misstatement_appears_as_a_claim(page):
    _, body = front_matter(page)
    # A misstatement may appear only where it is labelled a myth.
    claims = [line for line in body.splitlines() if not line.lstrip().startswith("**Myth:**")]
    text = "\n".join(claims)
    found = {name: m.group(0) for name, pattern in MISSTATEMENTS.items()
             for m in re.finditer(pattern, text, flags=re.I) if not negated(text, m.start())}
    assert found == {}


def negated(text: str, start: int) -> bool:
    """True when the words just before a match deny it: 'does not have to consult', 'lists only seven'."""
    before = text[max(0, start - 40):start].lower().split(".")[-1]
    return bool(re.search(r"\b(not|no|nothing|never|only|wrongly|thinking|assuming|believing)\b|n't", before))


def test_misstatement_patterns_do_catch_misstatements():
    samples = ["The law requires a minimum weighting of 10%.", "the Public Services (Social Value) Act 2013",
               "It started on 1 January 2013.", "The duty is in section 3.", "You must consult residents."]
    for sample in samples:
        assert any(re.search(p, sample, flags=re.I) for p in MISSTATEMENTS.values()), sample
    for name, sample in PLANTED.items():
        match = re.search(MISSTATEMENTS[name], sample, flags=re.I)
        assert match and not negated(sample, match.start()), (name, sample)
    assert negated("You do not have to consult", len("You do not "))
    assert not negated("The duty is in section 3", 4)


def test_guidance_is_plain_english():
    if not SITE.exists():
        pytest.fail("build/site is missing: run `make test`")
    results = scores(SITE)
    for page in PAGES:
        ease, length = results[page]
        assert length < 20, f"{page}: average sentence length {length:.1f} words"
        if page not in DENSER:
            assert ease >= 50, f"{page}: Flesch reading ease {ease:.1f}"


# ---------------------------------------------------------------- change history, What's new, facts

HISTORIES = load_histories(DOCS, nav_pages())
BUILD_DAY = dt.date.today()


@pytest.mark.parametrize("page", PAGES)
def test_guidance_page_has_a_change_history_within_the_build_date(page):
    meta, _ = front_matter(page)
    assert "first_published" in meta and isinstance(meta.get("updates"), list), "no change history"
    assert history_problems({page: HISTORIES[page]}, [page], BUILD_DAY) == []
    shown = built(page).select_one(".page-history time")
    assert shown is not None and shown["datetime"] == HISTORIES[page].first_published
    updates = built(page).select(".page-updates li")
    assert len(updates) == len(HISTORIES[page].updates)


def test_history_checks_catch_missing_histories_and_bad_dates():
    good = PageHistory("a.md", "A", "2026-11-24", (Update("2026-12-01", "Changed a thing."),))
    day = dt.date(2026, 12, 1)
    assert history_problems({"a.md": good}, ["a.md"], day) == []
    future = PageHistory("a.md", "A", "2026-11-24", (Update("2026-12-02", "Not yet."),))
    early = PageHistory("a.md", "A", "2026-11-24", (Update("2026-11-23", "Too early."),))
    blank = PageHistory("a.md", "A", "2026-11-24", (Update("2026-11-25", ""),))
    assert "after the build date" in " ".join(history_problems({"a.md": future}, [], day))
    assert "before first publication" in " ".join(history_problems({"a.md": early}, [], day))
    assert "does not say what changed" in " ".join(history_problems({"a.md": blank}, [], day))
    assert "no change history" in " ".join(history_problems({}, ["b.md"], day))


def test_every_fact_carries_a_source_and_a_check_date():
    facts = yaml.safe_load((ROOT / "data" / "facts.yml").read_text(encoding="utf-8"))
    assert fact_problems(facts) == []
    assert len([k for k, v in facts.items() if isinstance(v, dict)]) >= 6
    broken = {"a": {"value": 1, "last_checked": "2026-12-01"}, "b": {"sources": ["https://x.example"]}}
    problems = " ".join(fact_problems(broken))
    assert "a: give its source" in problems and "b: give last_checked" in problems


def test_whats_new_and_the_feed_carry_the_latest_guidance_update(real_data):
    updates = [(u.date, h, u) for h in HISTORIES.values() for u in h.updates]
    assert updates, "no guidance page records an update"
    newest_day = max(d for d, _, _ in updates)
    page = " ".join(built("whats-new.md").get_text().split())
    feed = (SITE / "feed.xml").read_text(encoding="utf-8")
    for day, history, update in updates:
        if day == newest_day:
            assert update.change in page, update.change
            assert update.change in feed, update.change
    items = news_items(HISTORIES.values(), real_data.records)
    dates = [newest_day] + [r.added for r in real_data.records] + [r.reviewed for r in real_data.records]
    assert items[0].date == max(dates)
    assert [i.date for i in items] == sorted((i.date for i in items), reverse=True)


def test_whats_new_shows_hostile_text_as_text():
    from socialvalue.changes import NewsItem, render_whats_new
    hostile = NewsItem("2026-12-01", "guidance", "[x](javascript:alert(1)) <b>bold</b>", "a/",
                       "{{ 7*7 }} <script>alert(1)</script> [link](javascript:alert(1))", "a.md")
    text = render_whats_new([hostile])
    html = __import__("markdown").markdown(text)
    assert "<script>" not in html and "<b>" not in html and 'href="javascript' not in html
    assert "{{ 7*7 }}" in html  # shown as text; the page never renders data as a template
    assert 'href="a.md"' in html
