"""`revision history`: how an audit's colours changed, commit by commit.

Every revision git gives (gitlog.py) is loaded with exactly the code that reads today's
files (a MemoryFiles source in place of the disk), checked, and, when it has no errors,
scored through ScoredAudit, so that suppression holds for every earlier version too. A
revision is kept when a computed or team colour of a sub-area or area changed since the
previous valid revision (the first valid one changes everything from nothing), or when
its files had errors: an invalid version is reported, not skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .batteries import load_catalog
from .errors import Finding, RevisionError
from .gitlog import Revision, audit_revisions
from .results import ScoredAudit
from .sources import MemoryFiles
from .workspace import load_audit, open_repository, resolve_audit

SUPPRESSED = "suppressed"

# (area id, sub-area id or None for the area itself) → (computed, team). A colour is a
# Rating's value ("green", "yellow", "red", "insufficient"), "suppressed" when the figures
# are withheld to protect a small group, or None (team: not set; either: not there).
Key = tuple[str, "str | None"]
Colours = tuple["str | None", "str | None"]


@dataclass(frozen=True)
class Change:
    area: str
    subarea: str | None  # None: the area's own colours
    computed: tuple[str | None, str | None]  # (from, to)
    team: tuple[str | None, str | None]

    def to_json(self) -> dict:
        return {"area": self.area, "subarea": self.subarea,
                "computed": {"from": self.computed[0], "to": self.computed[1]},
                "team": {"from": self.team[0], "to": self.team[1]}}


@dataclass
class Entry:
    """One revision shown: a colour changed, or its files had errors."""

    revision: Revision
    valid: bool
    errors: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def to_json(self) -> dict:
        rev = self.revision
        return {"commit": rev.commit, "date": rev.date, "author": rev.author, "message": rev.subject,
                "uncommitted": rev.uncommitted, "valid": self.valid,
                "errors": [f.to_json() for f in self.errors],
                "changes": [c.to_json() for c in self.changes]}


@dataclass
class AuditHistory:
    audit: str  # the audit folder's name today
    folder: Path
    revisions: int  # how many revisions were read (commits that touched the audit, + uncommitted)
    entries: list[Entry]

    def to_json(self) -> list[dict]:
        return [entry.to_json() for entry in self.entries]


def colours(scored: ScoredAudit) -> dict[Key, Colours]:
    """The computed and team colour of every area and sub-area, as ScoredAudit.score() gives them."""
    card = scored.score()
    found: dict[Key, Colours] = {}

    def pair(item) -> Colours:
        computed = SUPPRESSED if item.suppressed else item.computed.value
        return computed, item.team.value if item.team is not None else None

    for area in card.areas:
        found[(area.id, None)] = pair(area)
        for sub in area.subareas:
            found[(area.id, sub.id)] = pair(sub)
    return found


def changes(before: dict[Key, Colours], after: dict[Key, Colours]) -> list[Change]:
    """Every area and sub-area whose computed or team colour differs, in the battery's order."""
    found = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key, (None, None)), after.get(key, (None, None))
        if old != new:
            found.append(Change(key[0], key[1], (old[0], new[0]), (old[1], new[1])))
    return found


def audit_history(arg: str, cwd: Path) -> AuditHistory:
    """The revisions of the audit AUDIT names that changed its colours or were invalid, oldest first."""
    repo = open_repository(cwd)
    folder = resolve_audit(arg, repo, cwd)
    if repo.root is None or folder.parent.parent != repo.root:
        repo = open_repository(folder)
    problems = [f for f in repo.findings if f.severity.value == "error"]
    if problems:
        raise RevisionError("revision.yaml has errors; fix them first (see 'revision validate')", problems)
    catalog = load_catalog(repo.root)
    revisions = audit_revisions(folder)
    entries: list[Entry] = []
    previous: dict[Key, Colours] | None = None
    for revision in revisions:
        bundle = load_audit(revision.folder, catalog, files=MemoryFiles(revision.files))
        errors = sorted(f for f in bundle.findings if f.severity.value == "error")
        if errors:
            entries.append(Entry(revision, valid=False, errors=errors))
            continue
        now = colours(ScoredAudit(repo, bundle))
        found = changes(previous or {}, now)
        if found:
            entries.append(Entry(revision, valid=True, changes=found))
        previous = now
    return AuditHistory(folder.name, folder, len(revisions), entries)
