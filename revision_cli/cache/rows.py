"""`revision export`'s cache: each audit's tidy rows, under `.revision/cache/export.json`.

An audit's rows depend on what its findings depend on (cache/validation.py: its own files by
their bytes, keys.tree; the tool, the day, revision.yaml, privacy.yaml's small-group limit,
the local batteries, which audits exist) and on the language the rows are written in. Rows
are plain values (text, numbers, true/false, null) in the export's column order, so a hit
gives back exactly the rows the work would make. The file is one of the store's (store.py):
one that was edited, swapped or cannot be read is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from revision_cli.cache import keys, store

CACHE_FILE = store.CACHE_DIR / "export.json"
FORMAT = 1


def rows_context(root: Path, language: str) -> str:
    return store.digest([keys.context(root), keys.audits_present(root), f"rows in {language}"])


class RowsCache:
    def __init__(self, root: Path, context: str):
        self.root = root
        self.context = context
        self.within = keys.real(root)
        self.entries: dict[str, Any] = {}  # slug → {"key", "columns", "values"}, as read
        self.dirty = False
        data = store.read(root, CACHE_FILE, "export", FORMAT)
        if isinstance(data, dict) and data.get("context") == context and isinstance(data.get("audits"), dict):
            self.entries = data["audits"]

    def key(self, folder: Path) -> str | None:
        """The audit's key, or None for a folder that is not one of the repository's audits
        (an audit is cached by its slug)."""
        if folder.parent != self.root / keys.AUDITS:
            return None
        return keys.tree(folder, within=self.within)

    def get(self, slug: str, key: str) -> list[dict[str, Any]] | None:
        entry = self.entries.get(slug)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            columns = entry["columns"]
            return [dict(zip(columns, values, strict=True)) for values in entry["values"]]
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, slug: str, key: str, rows: list[dict[str, Any]]) -> None:
        columns = list(rows[0]) if rows else []
        if any(list(row) != columns for row in rows):
            return  # rows of differing columns: not the export's shape, not cached
        self.entries[slug] = {"key": key, "columns": columns, "values": [list(row.values()) for row in rows]}
        self.dirty = True

    def save(self) -> None:
        """Write the cache, dropping audits that no longer exist."""
        keep = set(keys.audit_slugs(self.root))
        if not self.dirty and set(self.entries) <= keep:
            return
        data = {
            "format": FORMAT,
            "context": self.context,
            "audits": {slug: entry for slug, entry in self.entries.items() if slug in keep},
        }
        store.write(self.root, CACHE_FILE, "export", data)  # unwritable: just not faster next time
