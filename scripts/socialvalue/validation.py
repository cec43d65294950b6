"""Check case-study files: YAML, JSON Schema, taxonomy keys and the rules between fields.

Every check reports a Problem naming the file, the line and the field, and says what is allowed.
All problems are collected; nothing stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .cache import RecordCache
from .model import CaseStudy, build_record
from .taxonomy import Taxonomy
from .yamlsafe import FieldPath, LoadedYaml, Problem, field_name, load_file

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HTML_RE = re.compile(r"<[A-Za-z!?/]")  # how HTML starts a tag, comment or declaration
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
KEY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
_ASCII_LOWER = re.compile("[a-z]")
# Slugs that would clash with pages the site has, or will have, under /case-studies/.
# Facet folders (facets.py) and other pages under case-studies/ are included.
RESERVED_SLUGS = frozenset({"index", "sector", "region", "nation", "beneficiary", "heading", "legal-form",
                            "status", "kind", "framework", "stage", "feed", "data", "search", "assets",
                            "outcome", "browse", "public-body", "page"})

# Record fields whose values are keys of a taxonomy vocabulary. `None` in a path means "every item".
VOCABULARY_FIELDS: tuple[tuple[FieldPath, str, str], ...] = (
    (("kind",), "kinds", "kind"),
    (("organisation", "legal_form"), "legal_forms", "legal form"),
    (("organisation", "body_type"), "body_types", "kind of public body"),
    (("organisation", "regions", None), "regions", "region"),
    (("organisation", "status", "value"), "statuses", "status"),
    (("sectors", None), "sectors", "sector"),
    (("beneficiaries", None), "beneficiaries", "beneficiary group"),
    (("stages", None), "stages", "stage"),
    (("services", None, "status"), "service_statuses", "service status"),
    (("metrics", None, "heading"), "headings", "heading"),
    (("metrics", None, "type"), "metric_types", "metric type"),
    (("metrics", None, "reported_by"), "reporters", "reporter"),
    (("metrics", None, "qualifier"), "qualifiers", "qualifier"),
    (("frameworks", None, "framework"), "frameworks", "framework"),
)

TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
    "object": "a set of fields", "boolean": "true or false",
}


def load_schema(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _python_type_word(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if value is None:
        return "empty"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return "text"


def suggest(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _schema_message(error: ValidationError) -> tuple[FieldPath, str]:
    """Turn one JSON Schema error into (field path, plain-English message)."""
    path: FieldPath = tuple(error.absolute_path)
    value, schema, kind = error.instance, error.schema, error.validator
    if kind == "type":
        wanted = TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        got = _python_type_word(value)
        hint = ""
        if isinstance(value, bool) and wanted == "text":
            hint = "; YAML reads yes, no, on and off as true/false, so put the text in quotes"
        elif isinstance(value, (dt.date, dt.datetime)):
            hint = f'; put the date in quotes, like "{value.isoformat()[:10]}"'
        elif wanted == "text" and isinstance(value, (int, float)):
            hint = "; put it in quotes"
        return path, f"must be {wanted}, not {got}{hint}"
    if kind == "required":
        missing = re.search(r"'([^']+)'", error.message)
        name = missing.group(1) if missing else "a field"
        return path + (name,), "is missing; this field is required (see the template)"
    if kind == "pattern":
        text, pattern = str(value), str(error.validator_value)
        if pattern.startswith("^https://"):
            lowered = text.strip().lower()
            if lowered.startswith(("javascript:", "data:", "vbscript:")):
                return path, f"'{text[:40]}' is not allowed; links must be https:// web addresses"
            if lowered.startswith("http://"):
                return path, "must start with https:// (plain http:// links are not allowed)"
            return path, f"'{text[:60]}' is not an absolute https:// web address"
        if pattern == KEY_PATTERN:
            return path, f"'{text[:60]}' must be a lower-case key with hyphens, like 'north-west'"
        if "\\d{4}-\\d{2}-\\d{2}" in pattern:
            return path, f"'{text}' must be a date written \"YYYY-MM-DD\", in quotes"
        if "c\\." in pattern:
            return path, f"'{text}' must be a year or period like \"2017\", \"2012/13\", \"2006-2008\" or \"c.2018\""
        return path, f"'{text[:60]}' must be a date like \"2022\", \"2022-10\" or \"2022-10-13\""
    if kind == "minLength":
        if error.validator_value == 1:
            return path, "is empty; write something or delete the field"
        return path, f"is too short: {len(value)} characters, at least {error.validator_value} needed"
    if kind == "maxLength":
        return path, f"is too long: {len(value)} characters, at most {error.validator_value} allowed"
    if kind == "minItems":
        return path, f"needs at least {error.validator_value} item(s)"
    if kind == "uniqueItems":
        return path, "lists the same item twice"
    if kind == "minProperties":
        return path, "needs at least one of: economic, social, environmental"
    if kind in ("minimum", "maximum"):
        if "maximum" not in schema:  # a figure: no upper limit
            return path, f"{value} is too small; the smallest allowed is {schema['minimum']}"
        return path, f"{value} is out of range ({schema['minimum']} to {schema['maximum']})"
    return path, error.message  # pragma: no cover - every validator used by the schema is handled above


# jsonschema-rs (written in Rust) tells whether a record meets the schema about fifty times faster than jsonschema;
# jsonschema then writes the messages for a record that does not. Their regular expressions differ in one way
# that lets the Rust check pass what Python's fails: Python's \s also matches \x1c to \x1f and \x85. A record
# holding one of those characters is left to jsonschema alone.
_RUST_DIFFERS = re.compile("[\x1c-\x1f\x85]")
_fast: dict[int, tuple[Draft202012Validator, Any]] = {}  # id of a jsonschema validator: (it, its Rust twin)


def _fast_for(validator: Draft202012Validator) -> Any:
    found = _fast.get(id(validator))
    if found is None or found[0] is not validator:  # the validator is kept here, so its id is not reused
        if len(_fast) >= 8:
            _fast.clear()
        found = (validator, jsonschema_rs.Draft202012Validator(validator.schema, validate_formats=False))
        _fast[id(validator)] = found
    return found[1]


def _holds_text(data: Any, pattern: re.Pattern[str]) -> bool:
    """Whether any key or string value anywhere in the data matches the pattern."""
    if isinstance(data, str):
        return pattern.search(data) is not None
    if isinstance(data, dict):
        return any(_holds_text(k, pattern) or _holds_text(v, pattern) for k, v in data.items())
    if isinstance(data, list):
        return any(_holds_text(v, pattern) for v in data)
    return False


def meets_schema_at_once(validator: Draft202012Validator, data: Any) -> bool:
    """True when the fast check finds the data meets the schema (jsonschema would find no problem either).
    False means only "not known": jsonschema has to look."""
    if _holds_text(data, _RUST_DIFFERS):
        return False
    try:
        return bool(_fast_for(validator).is_valid(data))
    except ValueError:  # something JSON cannot hold, such as a key that is a number: jsonschema reports it
        return False


def _schema_problems(loaded: LoadedYaml, validator: Draft202012Validator, shown: str) -> list[Problem]:
    if meets_schema_at_once(validator, loaded.data):
        return []
    problems = []
    for error in validator.iter_errors(loaded.data):
        if error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            parent: FieldPath = tuple(error.absolute_path)
            for key in sorted(set(error.instance) - set(allowed)):
                path = parent + (key,)
                problems.append(Problem(shown, loaded.line_of(path), field_name(path),
                                        f"unknown field{suggest(key, allowed)}; allowed here: {', '.join(allowed)}"))
            continue
        path, message = _schema_message(error)
        problems.append(Problem(shown, loaded.line_of(path), field_name(path), message))
    return problems


def _values_at(data: Any, pattern: FieldPath, prefix: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Yield (path, value) for every value matching a path pattern in which None means every list item."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head is None:
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _values_at(item, rest, prefix + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, prefix + (head,))


def _strings(data: Any, prefix: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield prefix, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, prefix + (str(k),))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, prefix + (i,))


def _optional(schema: dict[str, Any], path: FieldPath) -> tuple[bool, str | None]:
    """(is the field itself optional, the outermost optional block that holds it) under the JSON Schema."""
    node, block = schema, None
    for depth, part in enumerate(path):
        if isinstance(part, int):
            node = node.get("items", {})
            continue
        required = part in node.get("required", [])
        node = node.get("properties", {}).get(part, {})
        if not required and depth < len(path) - 1 and block is None:
            block = field_name(path[: depth + 1])
        if depth == len(path) - 1 and not required:
            return True, block
    return False, block


def _placeholders(data: Any, shown: str, loaded: LoadedYaml, schema: dict[str, Any]) -> list[Problem]:
    """Values still holding the template's CAPITALS or REPLACE-ME placeholders."""
    found = []
    for path, text in _strings(data):
        if "REPLACE-ME" not in text and _ASCII_LOWER.search(text):
            continue  # has a lower-case letter, so it is not in capitals (the quick answer for most text)
        letters = [c for c in text if c.isalpha()]
        if "REPLACE-ME" in text or (len(letters) >= 6 and not any(c.islower() for c in letters)):
            optional, block = _optional(schema, path)
            if optional:
                action = "fill it in or delete the line"
            elif block:
                action = f"fill it in, or delete the whole {block} block if you do not use it"
            else:
                action = "replace it"
            found.append(Problem(shown, loaded.line_of(path), field_name(path),
                                 f"still holds the template's placeholder '{text[:40]}'; {action} "
                                 "(the note above it in the file says what goes there)"))
    return found


def _year_bounds(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\d{4}", text)]


@dataclass
class RecordChecker:
    """Checks one loaded record beyond the schema: vocabularies, references, dates, HTML."""

    taxonomy: Taxonomy
    today: dt.date
    shown: str
    loaded: LoadedYaml
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: FieldPath, message: str) -> None:
        self.problems.append(Problem(self.shown, self.loaded.line_of(path), field_name(path), message))

    def run(self) -> list[Problem]:
        data = self.loaded.data
        self.check_vocabularies(data)
        self.check_frameworks(data)
        self.check_sources(data)
        self.check_dates(data)
        self.check_text(data)
        self.check_numbers(data)
        org = data.get("organisation")
        if data.get("kind") == "commissioner" and isinstance(org, dict) and "body_type" not in org:
            self.add(("organisation",), "a commissioner needs body_type: the kind of public body "
                                        f"({', '.join(self.taxonomy.keys('body_types'))})")
        status = data.get("organisation", {}).get("status")
        if isinstance(status, dict) and status.get("value") in ("closed", "merged") and not status.get("note"):
            self.add(("organisation", "status", "note"),
                     f"say what happened: a {status['value']} organisation needs a note")
        return self.problems

    def check_numbers(self, data: dict) -> None:
        # YAML reads .inf and .nan as numbers, which the schema's minimum lets through; no figure is either.
        for path, value in _values_at(data, ("metrics", None, "value")):
            if isinstance(value, float) and not math.isfinite(value):
                meaning = ".inf as infinity" if math.isinf(value) else ".nan as 'not a number'"
                self.add(path, f"must be a figure written with digits: YAML reads {meaning}")

    def check_vocabularies(self, data: dict) -> None:
        for pattern, vocabulary, noun in VOCABULARY_FIELDS:
            allowed = self.taxonomy.keys(vocabulary)
            for path, value in _values_at(data, pattern):
                if isinstance(value, str) and value not in allowed:
                    self.add(path, f"'{value}' is not a known {noun}{suggest(value, allowed)}; "
                                   f"allowed: {', '.join(allowed)}")

    def check_frameworks(self, data: dict) -> None:
        for i, link in enumerate(data.get("frameworks") or []):
            if not isinstance(link, dict):
                continue
            framework, outcome = link.get("framework"), link.get("outcome")
            if framework in self.taxonomy.keys("frameworks") and isinstance(outcome, str):
                allowed = list(self.taxonomy.outcomes(framework))
                if outcome not in allowed:
                    self.add(("frameworks", i, "outcome"),
                             f"'{outcome}' is not an outcome of {framework}{suggest(outcome, allowed)}; "
                             f"allowed: {', '.join(allowed)}")

    def check_sources(self, data: dict) -> None:
        ids: list[str] = []
        for i, source in enumerate(data.get("sources") or []):
            if isinstance(source, dict) and isinstance(source.get("id"), str):
                if source["id"] in ids:
                    self.add(("sources", i, "id"), f"the source id '{source['id']}' is used twice")
                ids.append(source["id"])
        citations: list[tuple[FieldPath, Any]] = [
            *_values_at(data, ("organisation", "status", "source")),
            *_values_at(data, ("organisation", "legal_form_source")),
            *_values_at(data, ("metrics", None, "source")),
            *_values_at(data, ("services", None, "sources", None)),
            *_values_at(data, ("limitations", None, "sources", None)),
        ]
        for heading in ("economic", "social", "environmental"):
            citations += _values_at(data, ("social_value", heading, None, "sources", None))
        for path, cited in citations:
            if isinstance(cited, str) and cited not in ids:
                self.add(path, f"cites the source '{cited}', which is not in sources{suggest(cited, ids)}; "
                               f"sources here: {', '.join(ids) or 'none'}")

    def check_dates(self, data: dict) -> None:
        date_fields = [*_values_at(data, ("added",)), *_values_at(data, ("reviewed",)),
                       *_values_at(data, ("sources", None, "read")),
                       *_values_at(data, ("sources", None, "published"))]
        parsed: dict[FieldPath, dt.date] = {}
        for path, text in date_fields:
            if not isinstance(text, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
                continue  # the schema reports the format
            parts = [int(p) for p in text.split("-")] + [1, 1]
            try:
                when = dt.date(*parts[:3])
            except ValueError:
                self.add(path, f"'{text}' is not a real date")
                continue
            if when > self.today:
                self.add(path, f"'{text}' is in the future (today is {self.today.isoformat()})")
            if int(text[:4]) < 1800:
                self.add(path, f"'{text}' is too early; check the year")
            parsed[path] = when
        added, reviewed = parsed.get(("added",)), parsed.get(("reviewed",))
        if added and reviewed and reviewed < added:
            self.add(("reviewed",), "is earlier than added; the review date cannot come before the record was added")
        year_fields = [*_values_at(data, ("organisation", "founded")),
                       *_values_at(data, ("organisation", "status", "as_of")),
                       *_values_at(data, ("services", None, "started")),
                       *_values_at(data, ("services", None, "ended")),
                       *_values_at(data, ("metrics", None, "year"))]
        for path, value in year_fields:
            years = [value] if isinstance(value, int) and not isinstance(value, bool) else (
                _year_bounds(value) if isinstance(value, str) else [])
            for year in years:
                if year > self.today.year:
                    self.add(path, f"{year} is in the future (this year is {self.today.year})")
                elif year < 1800 and isinstance(value, str):  # the schema bounds whole-number years
                    self.add(path, f"{year} is too early; check the year")
        for i, service in enumerate(data.get("services") or []):
            if isinstance(service, dict):
                start, end = service.get("started"), service.get("ended")
                if isinstance(start, int) and isinstance(end, int) and end < start:
                    self.add(("services", i, "ended"), f"{end} is before the start year {start}")

    def check_text(self, data: dict) -> None:
        for path, text in _strings(data):
            if HTML_RE.search(text):
                self.add(path, "contains HTML (a '<' followed by a tag); write plain text without < and >")
            if CONTROL_RE.search(text):
                self.add(path, "contains an invisible control or direction character; delete it")


@dataclass
class Library:
    """Every valid record, sorted by name, and every problem found on the way."""

    records: list[CaseStudy]
    problems: list[Problem]
    files_checked: int


def _display(path: Path, root: Path | None) -> str:
    try:
        return str(_resolve(path).relative_to(_resolved_folder(root))) if root else str(path)
    except ValueError:
        return str(path)


def _resolve(path: Path) -> Path:
    """path.resolve(), with each folder resolved once (a build resolves every record's path: 1,000 at scale)."""
    return path.resolve() if path.is_symlink() else _resolved_folder(path.parent) / path.name


@lru_cache(maxsize=64)
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()


def check_file(path: Path, taxonomy: Taxonomy, validator: Draft202012Validator, today: dt.date,
               root: Path | None = None, cache_data: Callable[[str, Any], None] | None = None,
               cache_key: str | None = None) -> tuple[CaseStudy | None, list[Problem]]:
    """Check one record file. Returns the record when it has no problems."""
    shown = _display(path, root)
    problems: list[Problem] = []
    slug = path.stem
    if path.suffix != ".yml":
        problems.append(Problem(shown, 1, "(file name)", f"use the .yml extension: {slug}.yml"))
    if not SLUG_RE.fullmatch(slug):
        wanted = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        problems.append(Problem(shown, 1, "(file name)",
                                f"'{slug}' is not a lower-case kebab-case slug; rename the file to {wanted}.yml"))
    if slug in RESERVED_SLUGS:
        problems.append(Problem(shown, 1, "(file name)",
                                f"'{slug}' is reserved for a page the site already has; rename the file"))
    loaded, load_problems = load_file(path, shown, keep_going=True)  # a duplicated key hides nothing else
    problems += load_problems
    if loaded is None:
        return None, problems
    placeholders = _placeholders(loaded.data, shown, loaded, validator.schema)
    hidden = {p.field for p in placeholders}  # one message per placeholder, not one per rule it breaks
    problems += placeholders
    problems += [p for p in _schema_problems(loaded, validator, shown) if p.field not in hidden]
    problems += [p for p in RecordChecker(taxonomy, today, shown, loaded).run() if p.field not in hidden]
    if problems:
        return None, problems
    if cache_data is not None and cache_key is not None:
        cache_data(cache_key, loaded.data)
    return build_record(slug, shown, loaded.data), []


def record_files(paths: list[Path]) -> list[Path]:
    """Expand folders to the record files in them (*.yml and *.yaml, so a wrong extension is reported)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            folder = path / "case-studies" if (path / "case-studies").is_dir() else path
            files += sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        else:
            files.append(path)
    return files


def check_uniqueness(records: list[CaseStudy], lines: dict[str, LoadedYaml] | None = None) -> list[Problem]:
    """A slug or former slug may be used by one record only, for ever."""
    problems: list[Problem] = []
    owner: dict[str, CaseStudy] = {r.slug: r for r in records}
    for record in records:
        for slug in record.former_slugs:
            other = owner.get(slug)
            if other is not None and other is not record:
                what = "the file name" if other.slug == slug else "a former slug"
                problems.append(Problem(record.path, 1, "former_slugs",
                                        f"'{slug}' is already {what} of {other.path}; a URL can belong to one record only"))
            elif other is record:
                problems.append(Problem(record.path, 1, "former_slugs",
                                        f"'{slug}' is this record's own slug; list only earlier names"))
            else:
                owner[slug] = record
    return problems


def load_library(data_dir: Path, taxonomy: Taxonomy, schema: dict[str, Any], today: dt.date | None = None,
                 files: list[Path] | None = None, root: Path | None = None,
                 cache: RecordCache | None = None, built: dict[str, CaseStudy] | None = None) -> Library:
    """Check every record file and return the valid records and all problems.
    With a cache, a file whose path and bytes were valid before (under the same rules) is not checked again.
    With `built` as well (a dict kept between builds, as under `mkdocs serve`), such a file's record is the
    object built last time, by the same key: records are never changed once built."""
    today = today or dt.date.today()
    validator = Draft202012Validator(schema)
    paths = files if files is not None else record_files([data_dir])
    records: list[CaseStudy] = []
    problems: list[Problem] = []
    kept: dict[str, CaseStudy] = {}
    for path in paths:
        key = None
        if cache is not None:
            shown = _display(path, root)
            try:
                key = cache.key(shown, path.read_bytes())
            except OSError:
                key = None
            data = cache.get(key) if key else None
            if data is not None:
                record = built.get(key) if built is not None else None
                if record is None:
                    record = build_record(path.stem, shown, data)
                kept[key] = record
                records.append(record)
                continue
        record, found = check_file(path, taxonomy, validator, today, root, cache_data=cache.put if key else None,
                                   cache_key=key)
        problems += found
        if record is not None:
            records.append(record)
            if key:
                kept[key] = record
    if cache is not None:
        cache.save()
    if built is not None:
        built.clear()
        built.update(kept)
    problems += check_uniqueness(records)
    records.sort(key=lambda r: (r.name.casefold(), r.slug))
    return Library(records, sorted(problems), len(paths))
