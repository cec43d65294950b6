"""The site's own CSS and JavaScript, made smaller for the built site: comments on lines of their own and
indentation are dropped (about a third of the gzipped bytes), nothing else. The sources in docs/assets/
keep their comments. Deliberately simple, so it cannot change what the code does: no comment that shares a
line with code is touched, and text inside strings is never rewritten."""

from __future__ import annotations

import re
from pathlib import Path

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
