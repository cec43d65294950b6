"""The field reference for contributors, generated from the JSON Schema and the taxonomy so it cannot drift."""

from __future__ import annotations

from typing import Any

from .render import esc
from .taxonomy import VOCABULARIES, Taxonomy
from .validation import TYPE_WORDS, VOCABULARY_FIELDS


def _vocabulary_of(path: tuple[str, ...]) -> str | None:
    """The taxonomy vocabulary a field's values come from, if any ('[]' marks list items)."""
    for pattern, vocabulary, _ in VOCABULARY_FIELDS:
        shown = tuple("[]" if p is None else p for p in pattern)
        if shown == path or shown == path + ("[]",):
            return vocabulary
    return None


def _kind(schema: dict[str, Any]) -> str:
    kind = TYPE_WORDS.get(schema.get("type", ""), schema.get("type", ""))
    if schema.get("type") == "array" and schema.get("items", {}).get("type"):
        item = schema["items"]["type"]
        kind = "a list of sets of fields" if item == "object" else f"a list of {TYPE_WORDS.get(item, item)}"
    return kind


def fields(schema: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], dict, bool]]:
    """Every field in the schema, depth first: (path, schema, required)."""
    out = []
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        here = path + (name,)
        out.append((here, sub, name in required))
        if sub.get("type") == "object":
            out += fields(sub, here)
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            out += fields(sub["items"], here + ("[]",))
    return out


def dotted(path: tuple[str, ...]) -> str:
    return ".".join(path).replace(".[]", "[]")


def field_reference(schema: dict[str, Any]) -> str:
    """A Markdown table of every field: name, required or optional, kind, and what it holds."""
    lines = ["| Field | Required | Kind | What it holds |", "| --- | --- | --- | --- |"]
    for path, sub, required in fields(schema):
        vocabulary = _vocabulary_of(path)
        what = esc(sub.get("description", ""))
        if vocabulary:
            what += f" Keys from [{vocabulary}](#{vocabulary.replace('_', '-')})."
        lines.append(f"| `{dotted(path)}` | {'Yes' if required else 'No'} | {_kind(sub)} | {what} |")
    return "\n".join(lines)


def vocabulary_reference(taxonomy: Taxonomy) -> str:
    """One section per vocabulary: key, label and description of every term."""
    out = []
    for vocabulary in VOCABULARIES:
        out += [f"### {vocabulary} {{ #{vocabulary.replace('_', '-')} }}", "", "| Key | Label | Notes |",
                "| --- | --- | --- |"]
        for key, term in taxonomy.vocabularies[vocabulary].items():
            notes = esc(term.get("description", ""))
            if vocabulary == "frameworks":
                outcomes = ", ".join(f"`{k}`" for k in term.get("outcomes", {}))
                notes = f"Owner: {esc(term.get('owner', ''))}. Outcomes: {outcomes}"
            if vocabulary == "regions":
                notes = f"Nation: `{term['nation']}`"
            label = esc(term["label"]) if term["label"] else "(no word: the figure stands alone)"
            out.append(f"| `{key}` | {label} | {notes} |")
        out.append("")
    return "\n".join(out)
