"""A cache of valid records, by content hash, so a rebuild does not parse and check unchanged files again.

An entry is the checked data of one valid record file, stored under the hash of its path and bytes. The
whole cache is thrown away when anything else that decides validity changes: the schema, the taxonomy,
the data model's code or today's date (dates in the future are errors). Files with problems are never
cached, so their messages always come from a full check. The cache lives in .cache/ (ignored by git);
deleting it is always safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

VERSION = 1
PACKAGE = Path(__file__).resolve().parent


def fingerprint(*inputs: Path, today: dt.date) -> str:
    """A hash of everything besides the record itself that decides whether a record is valid."""
    digest = hashlib.sha256(f"v{VERSION} {today.isoformat()}".encode())
    for path in [*inputs, *sorted(PACKAGE.glob("*.py"))]:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    return digest.hexdigest()


class RecordCache:
    """Checked record data by key; `save` keeps only the entries used since loading."""

    def __init__(self, path: Path, fingerprint: str, memory: dict[str, Any] | None = None):
        """memory: a dict kept between builds (under `mkdocs serve`); while the file is the one this process
        last read or wrote (same size and modification time) its entries come from there, not from the file."""
        self.path = path
        self.fingerprint = fingerprint
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.hits = 0
        self.memory = memory
        stamp = self._stamp()
        if memory is not None and stamp is not None and memory.get("stamp") == (str(path), stamp, fingerprint):
            self.entries = memory["entries"]
            return
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("fingerprint") == fingerprint and isinstance(stored.get("records"), dict):
                self.entries = stored["records"]
                self._remember()
        except (OSError, ValueError, AttributeError):
            pass  # no cache yet, or an unreadable one: start afresh

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    def _remember(self) -> None:
        stamp = self._stamp()
        if self.memory is not None and stamp is not None:
            self.memory.clear()
            self.memory.update(stamp=(str(self.path), stamp, self.fingerprint), entries=self.entries)

    @staticmethod
    def key(shown: str, raw: bytes) -> str:
        return hashlib.sha256(shown.encode("utf-8") + b"\0" + raw).hexdigest()

    def get(self, key: str) -> Any | None:
        data = self.entries.get(key)
        if data is not None:
            self.used[key] = data
            self.hits += 1
        return data

    def put(self, key: str, data: Any) -> None:
        """Keep data only if it comes back from JSON exactly as it went in."""
        try:
            if json.loads(json.dumps(data)) == data:
                self.used[key] = data
        except (TypeError, ValueError):
            pass

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is simply not kept."""
        if self.used == self.entries:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".records-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                # json.dumps, not json.dump: only the one-shot form uses the C encoder (five times faster here).
                out.write(json.dumps({"fingerprint": self.fingerprint, "records": self.used}, separators=(",", ":")))
            os.replace(temporary, self.path)
            self.entries = self.used
            self._remember()
        except (OSError, TypeError, ValueError):
            try:
                os.unlink(temporary)
            except (OSError, UnboundLocalError):
                pass
