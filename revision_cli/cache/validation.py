"""`revision validate`'s cache: each audit's findings, under `.revision/cache/validate.json`.

Keying: an audit's findings depend on its own files (keys.tree: their names and bytes, never
their mtime) and on what lies around every audit (keys.context: the tool, the day,
revision.yaml, privacy.yaml, the local batteries, which audits exist) and whether each
audit has an audit.yaml (keys.audits_present: a follow-up names one); the findings of the
repository's own files (revision.yaml, the batteries, privacy.yaml) on that context alone.
Payload: the findings, with paths relative to the repository. The file is one of the store's
(store.py): one that was edited, swapped, cannot be read, has another format or the wrong
shape is ignored and rebuilt, never trusted; one that cannot be written is skipped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from revision_cli import i18n
from revision_cli.cache import keys, store
from revision_cli.errors import Finding, Severity, display_path
from revision_cli.files.root import find_root

CACHE_FILE = store.CACHE_DIR / "validate.json"
FORMAT = 2


def findings_context(root: Path, today: dt.date | None = None) -> str:
    """Everything outside an audit's own files that its findings depend on, the language
    their messages are written in among them."""
    return store.digest([keys.context(root, today), keys.audits_present(root), f"language {i18n.language()}"])


class FindingsCache:
    def __init__(self, root: Path, context: str):
        self.root = root
        self.context = context
        self.entries: dict[str, Any] = {}  # slug → {"key", "findings"}, as read from JSON
        self.context_findings: list[Any] | None = None  # revision.yaml, batteries, privacy.yaml
        self.dirty = False
        self._load()

    def _load(self) -> None:
        data = store.read(self.root, CACHE_FILE, "validate", FORMAT)
        try:
            if data.get("context") != self.context:
                return
            entries = data["audits"]
            if not isinstance(entries, dict):
                return
            self.entries = entries
            self.context_findings = data.get("context_findings")
        except (ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def _restore(self, stored: Any) -> list[Finding] | None:
        try:
            return [
                Finding(display_path(self.root / path), int(line), int(column), code, message, Severity(severity))
                for path, line, column, code, message, severity in stored
            ]
        except (KeyError, TypeError, ValueError):
            return None

    def _store(self, findings: list[Finding]) -> list[list[str | int]] | None:
        cwd = Path.cwd()
        stored: list[list[str | int]] = []
        for f in findings:
            try:
                relative = (cwd / f.path).resolve().relative_to(self.root.resolve()).as_posix()
            except (ValueError, OSError, RuntimeError):
                # A finding outside the repository, or at a link that loops: not cached.
                return None
            stored.append([relative, f.line, f.column, f.code, f.message, f.severity.value])
        return stored

    def get(self, slug: str, key: str) -> list[Finding] | None:
        entry = self.entries.get(slug)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return self._restore(entry.get("findings"))

    def put(self, slug: str, key: str, findings: list[Finding]) -> None:
        stored = self._store(findings)
        if stored is not None:
            self.entries[slug] = {"key": key, "findings": stored}
            self.dirty = True

    def get_context(self) -> list[Finding] | None:
        return None if self.context_findings is None else self._restore(self.context_findings)

    def put_context(self, findings: list[Finding]) -> None:
        stored = self._store(findings)
        if stored is not None and stored != self.context_findings:
            self.context_findings = stored
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache, dropping audits that no longer exist."""
        if not self.dirty and set(self.entries) <= keep:
            return
        data = {
            "format": FORMAT,
            "context": self.context,
            "context_findings": self.context_findings,
            "audits": {slug: entry for slug, entry in self.entries.items() if slug in keep},
        }
        store.write(self.root, CACHE_FILE, "validate", data)  # unwritable: just not faster next time


def findings_cache(root: Path, context: str) -> FindingsCache:
    """The cache of the repository at `root`, read once within a run (keys.one_run): on a
    miss the fast path has read it already, and the full command adds to what it read."""
    return keys.kept(("validate", str(root), context), lambda: FindingsCache(root, context))


def cached_validation(paths: list[Path], cwd: Path, today: dt.date) -> list[Finding] | None:
    """The findings of `revision validate` straight from the cache, or None to do the work.

    Serves the two common calls — the whole repository, or one audit folder — when nothing
    they depend on has changed, without importing the models or a YAML parser at all.
    """
    if len(paths) > 1:
        return None
    target = (cwd / paths[0]).resolve() if paths else cwd.resolve()
    root = find_root(target)
    if root is None:
        return None
    slugs = keys.audit_slugs(root)
    whole = not paths or target == root
    if not whole and not (target.parent == root / "audits" and target.name in slugs):
        return None
    cache = findings_cache(root, findings_context(root, today))
    found: list[Finding] = []
    if whole:
        context = cache.get_context()
        if context is None:
            return None
        found.extend(context)
    within = keys.real(root)
    for slug in slugs if whole else [target.name]:
        cached = cache.get(slug, keys.tree(root / keys.AUDITS / slug, within=within))
        if cached is None:
            return None
        found.extend(cached)
    return found
