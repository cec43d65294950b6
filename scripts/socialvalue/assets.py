"""The site's own CSS and JavaScript, made smaller for the built site: comments on lines of their own and
indentation are dropped (about a third of the gzipped bytes), nothing else. The sources in docs/assets/
keep their comments. Deliberately simple, so it cannot change what the code does: no comment that shares a
line with code is touched, and text inside strings is never rewritten."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import tinycss2

_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.S | re.M)
_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n", re.M)
_INDENT = re.compile(r"^[ \t]+", re.M)
_BLANK_LINES = re.compile(r"\n{2,}")


def strip(text: str, javascript: bool) -> str:
    text = _BLOCK_COMMENT.sub("", text)
    if javascript:
        text = _LINE_COMMENT.sub("", text)
    text = _INDENT.sub("", text)
    return _BLANK_LINES.sub("\n", text)


def shrink_folder(folder: Path, names: list[str]) -> int:
    """Rewrite the named .css and .js files in folder in place; return the bytes saved."""
    saved = 0
    for name in names:
        path = folder / name
        if not path.is_file() or path.suffix not in (".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        smaller = strip(text, javascript=path.suffix == ".js")
        path.write_text(smaller, encoding="utf-8")
        saved += len(text.encode()) - len(smaller.encode())
    return saved


# ---- Material's stylesheets, cut to what the built site uses ----
#
# Material ships one stylesheet for every feature and Markdown extension it supports; this site uses a few.
# After the build, every rule whose selector needs a class that no page and no script of the site has is
# dropped, and so is every colour rule for a palette colour the site does not offer (its colours are custom).
# Conservative on purpose: a class counts as used if it appears in any page's class attribute, in any inline
# script, or as a word anywhere in any of the site's scripts (Material's bundle builds some of its markup
# there); classes inside :not(), :is(), :where() and :has() are never required; @-rules other than @media and
# @supports are kept whole. The stylesheet is read and written again by tinycss2 (the CSS Syntax Module's
# parser), so strings, comments, escapes and nested blocks are read as a browser reads them. The result is
# written under a new name (its own hash), so a browser never keeps an old copy under the name of a new one,
# and every page is pointed at it.

# These two start with their literal text, not with \b, so the regex engine can search for it (ten to twenty
# times faster on the site's pages); _starts_word checks the boundary \b checked.
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_COLOR_ATTR = re.compile(r'(data-md-color-[a-z]+)="([^"]*)"')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")
MATERIAL_CSS = ("main", "palette")
_KEPT_WHOLE_UNLESS = ("media", "supports")  # @-rules whose insides are cut too; any other is kept whole


def _page_usage(html: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    classes: set[str] = set()
    for match in _CLASS_ATTR.finditer(html):
        if _starts_word(html, match.start()):
            classes.update(match.group(1).split())
    for script in _INLINE_SCRIPT.findall(html):
        classes.update(_WORD.findall(script))
    colours = frozenset(m.groups() for m in _COLOR_ATTR.finditer(html) if _starts_word(html, m.start()))
    return frozenset(classes), colours


def _starts_word(text: str, at: int) -> bool:
    """Whether a word starts at `at` (what \\b means before a letter): the character before is not part of one."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


class Usage:
    """What the built site uses: class names (and script words), and the values of data-md-color-* attributes."""

    def __init__(self) -> None:
        self.classes: set[str] = set()
        self.colours: dict[str, set[str]] = {}
        self.seen: set[bytes] = set()  # the memo's keys of the pages added

    def add_page(self, html: str, memo: dict | None = None) -> None:
        """Add what one page uses. With memo (under `mkdocs serve`, kept between saves), a page whose HTML
        was read before is not searched again: the memo maps the hash of a page's HTML to what it uses."""
        if memo is None:
            classes, colours = _page_usage(html)
        else:
            key = hashlib.sha1(html.encode("utf-8", "surrogatepass")).digest()
            if key not in memo:
                memo[key] = _page_usage(html)
            classes, colours = memo[key]
            self.seen.add(key)
        self.classes.update(classes)
        for name, value in colours:
            self.colours.setdefault(name, set()).add(value)

    def add_script(self, text: str) -> None:
        self.classes.update(_WORD.findall(text))

    def needed(self, selector: list) -> bool:
        """Whether one selector (tinycss2 tokens) can match something the site has. Tokens inside a function
        such as :not(...) are not looked at; an attribute selector counts only for data-md-color-*."""
        previous = None
        for token in selector:
            if token.type == "ident" and previous is not None and previous.type == "literal" \
                    and previous.value == "." and token.value not in self.classes:
                return False
            if token.type == "[] block" and not self._colour_offered(token.content):
                return False
            if token.type not in ("whitespace", "comment"):
                previous = token
        return True

    def _colour_offered(self, content: list) -> bool:
        parts = [t for t in content if t.type not in ("whitespace", "comment")]
        if len(parts) == 3 and parts[0].type == "ident" and parts[0].value.startswith("data-md-color-") \
                and parts[1].type == "literal" and parts[1].value == "=" and parts[2].type in ("ident", "string"):
            return parts[2].value in self.colours.get(parts[0].value, ())
        return True


def _split_selectors(prelude: list) -> list[list]:
    """A selector list's tokens split at its top-level commas (commas inside functions are inside blocks)."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def purge_css(css: str, usage: Usage) -> str:
    """The stylesheet without the rules (and selectors) the site cannot use."""
    return _purge(tinycss2.parse_stylesheet(css), usage)


def _purge(rules: list, usage: Usage) -> str:
    out = []
    for rule in rules:
        if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in _KEPT_WHOLE_UNLESS:
            inner = _purge(tinycss2.parse_rule_list(rule.content), usage)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        elif rule.type == "qualified-rule":
            kept = [tinycss2.serialize(s).strip() for s in _split_selectors(rule.prelude) if usage.needed(s)]
            if kept:
                out.append(f"{','.join(kept)}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "error":
            raise ValueError(f"Material's stylesheet could not be read: {rule.message}")
        else:  # other @-rules, whole; comments and whitespace between rules
            out.append(rule.serialize())
    return "".join(out)


def purge_material_css(site: Path, memo: dict | None = None) -> dict[str, tuple[int, int]]:
    """Cut Material's stylesheets in the built site to what it uses; return {new name: (bytes before, after)}.
    memo (a dict the caller keeps between builds, as under `mkdocs serve`) remembers what each page's HTML
    uses and each cut stylesheet, so an unchanged page is not searched again and an unchanged cut not redone."""
    folder = site / "assets" / "stylesheets"
    pages = sorted(site.rglob("*.html"))
    usage = Usage()
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    for html in texts.values():
        usage.add_page(html, memo)
    if memo is not None:  # keep what this site's pages use, and the last cut: one site's worth
        for key in [k for k in memo if not (k in usage.seen or (isinstance(k, tuple) and k[0] == "css"))]:
            del memo[key]
    for script in (site / "assets").rglob("*.js"):
        usage.add_script(script.read_text(encoding="utf-8", errors="replace"))
    renamed, sizes = {}, {}
    for stem in MATERIAL_CSS:
        for path in sorted(folder.glob(f"{stem}.*.min.css")):
            css = _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
            smaller = _cut(css, usage, memo)
            name = f"{stem}.{hashlib.sha256(smaller.encode()).hexdigest()[:8]}.min.css"
            (folder / name).write_text(smaller, encoding="utf-8")
            if name != path.name:
                path.unlink()
            path.with_name(path.name + ".map").unlink(missing_ok=True)
            renamed[f"assets/stylesheets/{path.name}"] = f"assets/stylesheets/{name}"
            sizes[name] = (len(css.encode()), len(smaller.encode()))
    # Every page is pointed at the new names, whichever earlier name it holds: under `make serve` a page left
    # as it was (scripts/serve_hooks.py) still names the stylesheet the last rebuild wrote.
    links = {stem: re.compile(rf"assets/stylesheets/{stem}\.[0-9a-f]{{8}}\.min\.css") for stem in MATERIAL_CSS}
    for page, html in texts.items():
        new = html
        for old, name in renamed.items():
            stem = Path(old).name.split(".", 1)[0]
            new = links[stem].sub(name, new)
        if new != html:
            page.write_text(new, encoding="utf-8")
    return sizes


def _cut(css: str, usage: Usage, memo: dict | None) -> str:
    if memo is None:
        return purge_css(css, usage)
    used = json.dumps([sorted(usage.classes), sorted((k, sorted(v)) for k, v in usage.colours.items())])
    key = ("css", hashlib.sha1(css.encode("utf-8")).digest(), hashlib.sha1(used.encode("utf-8")).digest())
    if key not in memo:
        for old in [k for k in memo if isinstance(k, tuple) and k[0] == "css" and k[1] == key[1]]:
            del memo[old]  # the last cut of this stylesheet
        memo[key] = purge_css(css, usage)
    return memo[key]


# ---- Pages without their indentation ----
# Material's templates indent every line; gzip squeezes most of that, not all (about 0.7 KB a page). Only the
# spaces and tabs that start a line go, and never inside <pre>, <textarea> or <script>, where they can matter.
# The line break itself stays, so the space between two inline elements stays too.
_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<script\b.*?</script>)", re.S | re.I)
_LINE_INDENT = re.compile(r"\n[ \t]+")


def compact_html(html: str) -> str:
    parts = _KEEP.split(html)
    return "".join(part if i % 2 else _LINE_INDENT.sub("\n", part) for i, part in enumerate(parts))
