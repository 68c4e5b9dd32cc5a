"""What `revision history` found for each revision, kept under `.revision/cache/history/`.

A revision's outcome (valid or not, its errors, the colours of every area and sub-area)
depends on two kinds of things:

* its own files: the folder's name at that revision and the blob id of every file in it,
  as `git log --raw` gives them, so that a warm run needs no `git cat-file` at all. The
  key is not the commit id: an amended commit with the same files reuses the outcome, one
  with other files gets another key; the uncommitted working tree is keyed the same way,
  by the blob ids of its files (gitlog.blob_id);
* everything around it: what lies around every audit (keys.context: the tool with its
  built-in batteries, the day, revision.yaml, privacy.yaml, the local batteries, which
  audits exist; the one list, shared with the other two caches), whether each audit beside
  it has an audit.yaml, and where the repository lies. A file written under another context is ignored as a whole.

Beside the outcomes, the file keeps the last run's whole result under a digest of all it
was made of (the git log output, the working tree's files, the working folder): a run that
finds git and the working tree exactly as then prints it without parsing the log.

Findings name files relative to where the command runs (and a few messages name other
files the same way), so an invalid revision's outcome is reused only from the same working
folder and repository location. The file is one of the store's (store.py), sealed:
one that was edited, truncated, swapped for another audit's or written by anyone else is
ignored as a whole. A cache file that cannot be read, has another format or the wrong shape
is ignored and rebuilt, never trusted: each entry is also checked field by field before it
is used. One that cannot be written is skipped; the command still works.

Keying: the context and each revision's files; payload: each revision's outcome, and the
last run's whole result. Only the standard library, errors.py and the other modules of
cache/ are imported here: a run that finds everything in the cache must not pay for the
models, the YAML loader or rich.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from revision_cli import i18n
from revision_cli.cache import keys, store
from revision_cli.errors import CODES, Finding, Severity

FORMAT = 2
CACHE_DIR = store.CACHE_DIR / "history"
AUDITS_DIR = keys.AUDITS
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")

# (area id, sub-area id or None for the area itself) → (computed, team); see history.py.
Key = tuple[str, "str | None"]
Colours = tuple["str | None", "str | None"]
# Every colour there is: scoring.Rating's values, and history.SUPPRESSED (a test keeps them equal).
COLOURS = frozenset({"green", "yellow", "red", "insufficient", "suppressed"})


@dataclass(frozen=True)
class Outcome:
    """What one revision showed: its errors when it had any, else its colours."""

    valid: bool
    errors: tuple[Finding, ...] = ()
    colours: dict[Key, Colours] | None = None


def history_context(root: Path, folder: Path, today: dt.date | None = None) -> str:
    """Everything outside one revision's files that its outcome depends on."""
    # The repository's own place too: a cache that arrives from elsewhere (committed by
    # mistake, copied with the folder) is rebuilt, not believed. An audit that lies outside
    # the repository's audits/ has its own neighbours (follows_up is checked beside it).
    beside = (
        keys.audits_present(root)
        if folder.parent == root / AUDITS_DIR
        else keys.presences(folder.parent, keys.real(root))
    )
    # The language too: findings and colour words are stored as the run wrote them.
    language = f"language {i18n.language()}"
    return store.digest([f"history {FORMAT}", keys.context(root, today), beside, str(root), language])


def revision_key(root: Path, folder: Path, blobs: dict[Path, str]) -> str:
    """The revision's folder (relative to the repository) and the blob id of each of its files."""
    prefix = len(str(folder)) + 1  # every file lies below the folder
    pairs = sorted((str(path)[prefix:], blob) for path, blob in blobs.items())
    return store.digest([os.path.relpath(folder, root), *(part for pair in pairs for part in pair)])


def run_key(parts: list[bytes]) -> str:
    """The last run's key: everything it was made of (gitlog.Log.parts)."""
    return store.digest(parts)


def _finding(item: object) -> Finding:
    if not isinstance(item, list) or len(item) != 6:
        raise ValueError("not a finding")
    path, line, column, code, message, severity = item
    if not (
        isinstance(path, str)
        and type(line) is int
        and type(column) is int
        and code in CODES
        and isinstance(message, str)
    ):
        raise ValueError("not a finding")
    return Finding(path, line, column, code, message, Severity(severity))


def colour(value: object) -> str | None:
    """A colour read back from the cache: one of COLOURS or None, else ValueError."""
    if value is None or (isinstance(value, str) and value in COLOURS):
        return value
    raise ValueError("not a colour")


def _colours(items: Iterable[object]) -> dict[Key, Colours]:
    found: dict[Key, Colours] = {}
    for item in items:
        if not isinstance(item, list) or len(item) != 4:
            raise ValueError("not an area's colours")
        area, sub, computed, team = item
        if not isinstance(area, str) or not (sub is None or isinstance(sub, str)):
            raise ValueError("not an area")
        found[(area, sub)] = (colour(computed), colour(team))
    return found


class HistoryCache:
    """The outcomes of one audit folder's revisions under one context."""

    def __init__(self, root: Path, folder: Path, context: str):
        self.root = root
        self.context = context
        relative = os.path.relpath(folder, root)
        name = folder.name if folder.parent == root / AUDITS_DIR and _SAFE_NAME.match(folder.name) else None
        self.relative = CACHE_DIR / f"{name or store.digest([relative])}.json"
        self.path = root / self.relative
        self.here = [str(Path.cwd().resolve()), str(root)]  # what an invalid outcome's paths are relative to
        self.entries: dict[str, Any] = {}  # revision key → its outcome, as read from JSON
        self.labels: dict[str, str] = {}
        self.last: dict[str, Any] | None = None  # {"key": …, "history": …}: the whole result of the last run
        self.trusted = False  # a file written under this very context was found
        self.used: set[str] = set()
        self.dirty = False
        self._load()

    def _load(self) -> None:
        data = store.read(self.root, self.relative, "history", FORMAT)
        if data is None or data.get("context") != self.context:
            return
        entries, labels = data.get("revisions"), data.get("labels")
        if not isinstance(entries, dict) or not isinstance(labels, dict):
            return
        self.entries = entries
        self.labels = {k: v for k, v in labels.items() if k in COLOURS and isinstance(v, str)}
        last = data.get("last")
        self.last = last if isinstance(last, dict) else None
        self.trusted = True

    def get_last(self, key: str) -> Any:
        """The whole result stored by the last run when it was made of exactly the same
        git log output, working tree and working folder (`key`), else None (history.py
        checks what it holds field by field)."""
        if self.last is not None and self.last.get("key") == key and self.last.get("at") == self.here:
            return self.last.get("history")
        return None

    def put_last(self, key: str, history: object) -> None:
        self.last = {"key": key, "at": self.here, "history": history}
        self.dirty = True

    def get(self, key: str) -> Outcome | None:
        """The outcome stored under `key`, or None when there is none or it does not check out."""
        self.used.add(key)
        entry: Any = self.entries.get(key)  # JSON: any shape; a wrong one is caught below
        try:
            if entry["valid"] is True:
                return Outcome(True, (), _colours(entry["colours"]))
            if entry["valid"] is False and entry["at"] == self.here:
                errors = tuple(_finding(item) for item in entry["errors"])
                return Outcome(False, errors) if errors else None
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
        return None

    def put(self, key: str, outcome: Outcome) -> None:
        self.used.add(key)
        if outcome.valid:
            entry = {"valid": True, "colours": [[a, s, c, t] for (a, s), (c, t) in (outcome.colours or {}).items()]}
        else:
            entry = {
                "valid": False,
                "at": self.here,
                "errors": [[f.path, f.line, f.column, f.code, f.message, f.severity.value] for f in outcome.errors],
            }
        self.entries[key] = entry
        self.dirty = True

    def put_labels(self, labels: dict[str, str]) -> None:
        if any(self.labels.get(k) != v for k, v in labels.items()):
            self.labels.update(labels)
            self.dirty = True

    def save(self) -> None:
        """Write what this run used (older revisions' entries go), atomically; never fail."""
        if not self.dirty and set(self.entries) <= self.used:
            return
        data = {
            "format": FORMAT,
            "context": self.context,
            "labels": self.labels,
            "last": self.last,
            "revisions": {k: v for k, v in self.entries.items() if k in self.used},
        }
        store.write(self.root, self.relative, "history", data)  # unwritable: just not faster next time
