"""Load one YAML file safely: libyaml speed, duplicate keys rejected, a line number for every field.

The loader never raises on bad input. It returns the data (or None) and a list of Problems,
each naming the file, the line and the field, so a contributor sees every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is about 15 times faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024

# A path to a value inside a record: ("metrics", 2, "value").
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a data file, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


def field_name(path: FieldPath) -> str:
    """Show a field path the way a contributor reads YAML: metrics[2].value."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"


@dataclass
class LoadedYaml:
    """Parsed data plus the line on which each field starts (1-based)."""

    data: Any
    lines: dict[FieldPath, int]

    def line_of(self, path: FieldPath) -> int:
        """The line of the field, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def _walk(node: yaml.Node, path: FieldPath, lines: dict, dupes: list, visited: set[int] | None = None,
          aliases: list | None = None) -> None:
    """Record the line of every key and item, and every key that appears twice in a mapping.
    A node met twice is an alias (*name) of an anchor (&name): noted in `aliases` and not walked again,
    so a self-referring or exponentially repeated value cannot loop or blow up."""
    if visited is not None and aliases is not None and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in visited:
            aliases.append(path)
            return
        visited.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                dupes.append((path + (key,), line, seen[key]))
            else:
                seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, dupes, visited, aliases)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines, dupes, visited, aliases)


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_MAP_KEYS_NEEDING_CARE = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")  # '<<' and '=' keys


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The node's data, as loader.construct_document(node) gives it, in about half the time: text, plain lists
    and plain mappings are built here; every other node (a number, a date, a merge key, an unhashable key, an
    unknown tag) goes to PyYAML's own constructor, which builds it, or raises, exactly as it would have.
    Call only on a tree without aliases (_walk finds them)."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_construct(loader, item) for item in node.value]
    if kind is yaml.MappingNode and node.tag == _MAP:
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag in _MAP_KEYS_NEEDING_CARE:
                return loader.construct_object(node, deep=True)
            key = _construct(loader, key_node)
            try:
                hash(key)
            except TypeError:  # PyYAML reports it, with its line
                return loader.construct_object(node, deep=True)
            out[key] = _construct(loader, value_node)  # a repeated key: the later value wins, as in PyYAML
        return out
    return loader.construct_object(node, deep=True)


MORE_MAY_FOLLOW = ("the rest of the file cannot be checked until this is fixed, "
                   "so more problems may show up after that")


def _tab_lines(text: str) -> list[int]:
    """Lines (1-based) whose indentation holds a tab character."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append(number)
    return found


def _syntax_problems(text: str, exc: yaml.MarkedYAMLError, display_path: str) -> list[Problem]:
    """A syntax error in plain words. A tab is named as a tab, with every line that has one."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    tabs = _tab_lines(text)
    what = exc.problem or "not valid YAML"
    if tabs and (line in tabs or "tab" in what or "cannot start any token" in what):
        return [Problem(display_path, number, "(file)",
                        f"line {number} is indented with a tab character; YAML needs spaces, so replace the tab "
                        f"with spaces (most editors can show tabs or convert them); {MORE_MAY_FOLLOW}")
                for number in tabs]
    hint = " (check the indentation and any ':' or '#' inside text; quote such text)"
    return [Problem(display_path, line, "(file)", f"YAML syntax error: {what}{hint}; {MORE_MAY_FOLLOW}")]


def load_text(text: str, display_path: str, keep_going: bool = False) -> tuple[LoadedYaml | None, list[Problem]]:
    """Parse YAML text. Returns (None, problems) when the text cannot be used at all.
    With keep_going, a duplicated key is reported and the data is still returned (the later value wins),
    so a checker can list the file's other problems too; the caller must treat the file as invalid."""
    loader = _BaseLoader(text)
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(display_path, 1, "(file)", "the file is empty; copy the template to start")]
        lines: dict[FieldPath, int] = {}
        dupes: list = []
        aliases: list = []
        _walk(node, (), lines, dupes, set(), aliases)
        if aliases:
            return None, [
                Problem(display_path, lines.get(path[:-1] if isinstance(path[-1], int) else path, 1), field_name(path),
                        "repeats a list or set of fields with a YAML alias (*name); write the value out in full; "
                        + MORE_MAY_FOLLOW)
                for path in aliases
            ]
        problems = [
            Problem(display_path, line, field_name(path), f"this field appears twice (first on line {first}); keep one")
            for path, line, first in dupes
        ]
        if problems and not keep_going:
            return None, problems
        data = _construct(loader, node)
    except yaml.MarkedYAMLError as exc:
        return None, _syntax_problems(text, exc, display_path)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports most errors as marked
        return None, [Problem(display_path, 1, "(file)", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return None, problems + [Problem(display_path, 1, "(file)",
                                         f"the file holds {kind}; a case study must be a set of fields such as "
                                         "'name: ...'")]
    return LoadedYaml(data, lines), problems


def load_file(path: Path, display_path: str | None = None,
              keep_going: bool = False) -> tuple[LoadedYaml | None, list[Problem]]:
    """Read a file as strict UTF-8 and parse it, reporting size and encoding problems with a line."""
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, "(file)", f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, 1, "(file)",
                              f"the file is {len(raw) // 1024} KB; the limit is {MAX_BYTES // 1024} KB")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "(file)",
                              f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return load_text(text, shown, keep_going)
