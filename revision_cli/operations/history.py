"""`revision history`: how an audit's colours changed, commit by commit.

Every revision git gives (gitlog.py) is loaded with exactly the code that reads today's
files (a MemoryFiles source in place of the disk), checked, and, when it has no errors,
scored through ScoredAudit, so that suppression holds for every earlier version too. A
revision is kept when a computed or team colour of a sub-area or area changed since the
previous valid revision (the first valid one changes everything from nothing), or when
its files had errors: an invalid version is reported, not skipped.

Speed (a history of hundreds of commits is read on every call):

* a file version is parsed and validated once, however many revisions hold it: the same
  path with the same bytes gives the same model and findings (`_Memo`);
* the revisions not known yet are checked and scored in two processes when there are many
  (each takes a contiguous run of revisions, so that it parses each file version once);
* revisions with the same files (a change undone) are computed once;
* what each revision showed is kept in `.revision/cache/history/` (cache/history.py),
  keyed by its files' blob ids and by everything around them, with the last whole result
  keyed by the git log output and the working tree. A run that finds every revision there
  runs `git log` only and imports neither the models nor the YAML loader;
  cli/history_fast.py answers it without loading typer either.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from revision_cli.cache.history import Colours, HistoryCache, Key, Outcome, history_context, revision_key, run_key
from revision_cli.errors import Finding, RevisionError
from revision_cli.files.gitlog import Revision, read_history, run_log
from revision_cli.files.sources import MemoryFiles
from revision_cli.i18n import _, language

# The core's types below are imported for the type checker only; the code imports them
# where it uses them, so that a run answered from the cache loads none of the models.
if TYPE_CHECKING:
    from revision_cli.files.loading import Loaded
    from revision_cli.files.yaml_io import Limits, YamlDocument
    from revision_cli.models.bundle import AuditBundle
    from revision_cli.repository.catalog import Catalog
    from revision_cli.repository.locate import Repository
    from revision_cli.repository.scored import ScoredAudit
    from revision_cli.scoring.colours import AreaScore, SubareaScore

T = TypeVar("T")

SUPPRESSED = "suppressed"
PARALLEL_FROM = 24  # revisions to compute before a second process pays for itself

Progress = Callable[[int, int], None]

# Key and Colours (cache/history.py): (area id, sub-area id or None for the area itself) →
# (computed, team). A colour is a Rating's value ("green", "yellow", "red", "insufficient"),
# "suppressed" when the figures are withheld to protect a small group, or None (team: not
# set; either: not there).
__all__ = ["AuditHistory", "Change", "Colours", "Entry", "Key", "audit_history", "cached_history", "changes", "colours"]


@dataclass(frozen=True)
class Change:
    area: str
    subarea: str | None  # None: the area's own colours
    computed: tuple[str | None, str | None]  # (from, to)
    team: tuple[str | None, str | None]

    def to_json(self) -> dict[str, object]:
        return {
            "area": self.area,
            "subarea": self.subarea,
            "computed": {"from": self.computed[0], "to": self.computed[1]},
            "team": {"from": self.team[0], "to": self.team[1]},
        }


@dataclass
class Entry:
    """One revision shown: a colour changed, or its files had errors."""

    revision: Revision
    valid: bool
    errors: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        rev = self.revision
        return {
            "commit": rev.commit,
            "date": rev.date,
            "author": rev.author,
            "message": rev.subject,
            "uncommitted": rev.uncommitted,
            "valid": self.valid,
            "errors": [f.to_json() for f in self.errors],
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass
class AuditHistory:
    audit: str  # the audit folder's name today
    folder: Path
    revisions: int  # how many revisions were read (commits that touched the audit, + uncommitted)
    entries: list[Entry]
    labels: dict[str, str] = field(default_factory=dict)  # colour → symbol + word (presentation.badge)

    def to_json(self) -> list[dict[str, object]]:
        return [entry.to_json() for entry in self.entries]

    def label(self, colour: str) -> str:
        """How a colour reads: symbol + word, as presentation.badge gives it."""
        if colour not in self.labels:
            from revision_cli.views.presentation import badge

            self.labels[colour] = badge(colour, language())  # the cache is filed by language too
        return self.labels[colour]


def colours(scored: ScoredAudit) -> dict[Key, Colours]:
    """The computed and team colour of every area and sub-area, as ScoredAudit.score() gives them."""
    card = scored.score()
    found: dict[Key, Colours] = {}

    def pair(item: AreaScore | SubareaScore) -> Colours:
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


# ---- the repository, opened only when the cache does not vouch for it -------------------


def _open_repository(root: Path | None, folder: Path) -> Repository:
    """The repository (revision.yaml checked) of the audit in `folder`; RevisionError when it has errors."""
    from revision_cli.repository.locate import open_repository

    repo = open_repository(root if root is not None else folder)
    problems = [f for f in repo.findings if f.severity.value == "error"]
    if problems:
        raise RevisionError(_("revision.yaml has errors; fix them first (see 'revision validate')"), problems)
    return repo


# ---- computing what a revision shows -----------------------------------------------------


class _RevisionFiles(MemoryFiles):
    """sources.MemoryFiles over one revision's files, with the folders inside the audit
    folder indexed once: loading asks for them many times.
    `chains` maps each file to its (folder, child) pairs up to the audit folder, shared by
    all the revisions of a run."""

    def __init__(
        self, files: dict[Path, bytes], folder: Path, chains: dict[tuple[Path, Path], list[tuple[Path, Path]]]
    ) -> None:
        self.files = files
        self.folder = folder
        self.folders: dict[Path, set[Path]] = {}
        for path in files:
            known = chains.get((path, folder))
            if known is None:
                pairs: list[tuple[Path, Path]] = []
                child = path
                for parent in path.parents:
                    pairs.append((parent, child))
                    if parent == folder:
                        break
                    child = parent
                known = chains[(path, folder)] = pairs
            for parent, child in known:
                self.folders.setdefault(parent, set()).add(child)
        self.inside = str(folder) + os.sep

    def _indexed(self, path: Path) -> bool:
        return path == self.folder or str(path).startswith(self.inside)

    def is_dir(self, path: Path) -> bool:
        path = Path(path)
        return path in self.folders if self._indexed(path) else super().is_dir(path)

    def children(self, folder: Path) -> list[Path]:
        folder = Path(folder)
        return sorted(self.folders.get(folder, ())) if self._indexed(folder) else super().children(folder)


class _Memo:
    """Each file version loaded once: (path, model, bytes) → (Loaded or None, findings, document).

    Loading a file is a function of its path (findings name it), its bytes, the model and
    the limits (the same for the whole run), so a file that several revisions share is
    parsed and validated once and the same objects serve them all; nothing downstream
    changes a loaded model or document.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.loaded: dict[tuple[Path, type, bytes], tuple[Loaded[Any] | None, list[Finding], YamlDocument | None]] = {}
        self.chains: dict[tuple[Path, Path], list[tuple[Path, Path]]] = {}  # for _RevisionFiles

    def load(
        self, path: Path, model: type[T], files: _RevisionFiles
    ) -> tuple[Loaded[T] | None, list[Finding], YamlDocument | None]:
        from revision_cli.files.loading import load_document

        data = files.files.get(path)
        if data is None:
            return load_document(path, model, files, self.limits)
        key = (path, model, data)
        if key not in self.loaded:
            self.loaded[key] = load_document(path, model, files, self.limits)
        return self.loaded[key]


def _load_revision(revision: Revision, catalog: Catalog, memo: _Memo) -> AuditBundle:
    """repository.locate.load_audit on one revision's files, each file version loaded once (_Memo)."""
    from revision_cli.repository.locate import load_audit

    files = _RevisionFiles(revision.files, revision.folder, memo.chains)
    return load_audit(
        revision.folder,
        catalog,
        files,
        memo.limits,
        loader=lambda path, model, _, limits: memo.load(path, model, files),  # `_` is `files`
    )


def _evaluate(revision: Revision, repo: Repository, catalog: Catalog, memo: _Memo) -> Outcome:
    from revision_cli.repository.scored import scored_audit

    bundle = _load_revision(revision, catalog, memo)
    errors = sorted(f for f in bundle.findings if f.severity.value == "error")
    if errors:
        return Outcome(False, tuple(errors))
    return Outcome(True, (), colours(scored_audit(repo, bundle)))


@dataclass(frozen=True)
class _Work:
    revisions: list[Revision]
    repo: Repository
    catalog: Catalog


_WORKER: _Work | None = None  # inherited by forked workers, handed to spawned ones


def _evaluate_run(bounds: tuple[int, int]) -> list[Outcome]:
    work = _WORKER
    assert work is not None  # set before the pool starts (fork), or by _start_worker (spawn)
    memo = _Memo(work.repo.limits)
    return [_evaluate(work.revisions[i], work.repo, work.catalog, memo) for i in range(*bounds)]


def _evaluate_all(
    revisions: list[Revision], repo: Repository, catalog: Catalog, progress: Progress | None
) -> list[Outcome]:
    """The outcome of every revision, in order; in two processes when there are many."""
    total = len(revisions)
    workers = min(os.cpu_count() or 1, 2)
    if total >= PARALLEL_FROM and workers > 1:
        try:
            return _in_processes(revisions, repo, catalog, progress, workers)
        except OSError:
            pass  # no process could be started (limits, memory): one process does it all
    memo = _Memo(repo.limits)
    found = []
    for revision in revisions:
        found.append(_evaluate(revision, repo, catalog, memo))
        if progress:
            progress(len(found), total)
    return found


def _start_worker(state: object) -> None:
    global _WORKER
    if isinstance(state, _Work):  # spawned: nothing was inherited
        _WORKER = state


def _in_processes(
    revisions: list[Revision], repo: Repository, catalog: Catalog, progress: Progress | None, workers: int
) -> list[Outcome]:
    global _WORKER
    import gc

    from revision_cli.processes import worker_pool

    # Contiguous runs, a few per process: neighbouring revisions share most file versions,
    # so each process parses a version about once; more runs than processes let the
    # progress bar move and even out the work.
    total, runs = len(revisions), workers * 4
    edges = [round(total * k / runs) for k in range(runs + 1)]
    bounds = [(a, b) for a, b in itertools.pairwise(edges) if b > a]
    _WORKER = _Work(revisions, repo, catalog)
    found: list[Outcome] = []
    gc.freeze()  # the forked processes share the parent's objects without the collector touching them
    try:
        with worker_pool(workers, _start_worker, _WORKER) as pool:
            for outcomes in pool.map(_evaluate_run, bounds):
                found.extend(outcomes)
                if progress:
                    progress(len(found), total)
    finally:
        gc.unfreeze()
        _WORKER = None
    return found


# ---- the whole history -------------------------------------------------------------------


def audit_history(
    root: Path | None, folder: Path, use_cache: bool = True, progress: Progress | None = None
) -> AuditHistory:
    """The revisions of the audit in `folder` (of the repository at `root`, None outside one)
    that changed its colours or were invalid, oldest first.

    `use_cache` False computes every revision again (and does not write the cache);
    `progress(done, total)` is called as revisions are computed.
    """
    history = _history(root, folder, use_cache, progress, cached_only=False)
    assert history is not None  # only a cached_only run stops short
    return history


def cached_history(root: Path | None, folder: Path) -> AuditHistory | None:
    """audit_history from the cache alone: None, at once, unless every revision is in the
    cache (a caller that has not loaded the rest of the tool then hands over to the full
    command)."""
    return _history(root, folder, use_cache=True, progress=None, cached_only=True)


def _history(
    root: Path | None, folder: Path, use_cache: bool, progress: Progress | None, cached_only: bool
) -> AuditHistory | None:
    cache = None
    if use_cache and root is not None:
        cache = HistoryCache(root, folder, history_context(root, folder))
    if cached_only and (cache is None or not cache.trusted):
        return None
    repo: Repository | None = None
    if cache is None or not cache.trusted:
        # The cache vouches for revision.yaml only when it was written under these very bytes.
        repo = _open_repository(root, folder)

    log = run_log(folder)
    whole = run_key(log.parts()) if cache is not None else ""  # the key of the last whole result, with a cache
    if cache is not None and cache.trusted:
        stored = _from_json(cache.get_last(whole), folder, cache.labels)
        if stored is not None and (not cached_only or _shown(stored.entries) <= set(cache.labels)):
            return stored
    history = read_history(folder, log=log)
    revisions = history.revisions
    keys = [revision_key(root or folder.parent, r.folder, r.blobs) for r in revisions]
    stored_outcomes = [cache.get(k) if cache is not None else None for k in keys]
    missing = [i for i, outcome in enumerate(stored_outcomes) if outcome is None]
    if missing and cached_only:
        return None
    computed: dict[str, Outcome] = {}
    if missing:
        from revision_cli.repository.catalog import load_catalog

        if repo is None:
            repo = _open_repository(root, folder)
        catalog = load_catalog(repo.root)
        # Revisions with the same files (a change undone, a revert) are computed once.
        first: dict[str, int] = {}
        for i in missing:
            first.setdefault(keys[i], i)
        distinct = list(first.values())
        todo = [revisions[i] for i in distinct]
        history.fill(todo)
        computed = dict(zip((keys[i] for i in distinct), _evaluate_all(todo, repo, catalog, progress), strict=True))
        if cache is not None:
            for i in missing:
                cache.put(keys[i], computed[keys[i]])
    outcomes = [computed[keys[i]] if outcome is None else outcome for i, outcome in enumerate(stored_outcomes)]

    entries: list[Entry] = []
    previous: dict[Key, Colours] | None = None
    for revision, outcome in zip(revisions, outcomes, strict=True):
        if not outcome.valid:
            entries.append(Entry(revision, valid=False, errors=list(outcome.errors)))
            continue
        now = outcome.colours or {}  # (a valid outcome always has its colours)
        found = changes(previous or {}, now)
        if found:
            entries.append(Entry(revision, valid=True, changes=found))
        previous = now
    result = AuditHistory(folder.name, folder, len(revisions), entries, dict(cache.labels) if cache else {})
    if cache is not None:
        shown = _shown(entries)
        if cached_only and not shown <= set(cache.labels):
            return None
        cache.put_labels({colour: result.label(colour) for colour in sorted(shown)})
        cache.put_last(whole, _to_json(result))
        cache.save()
    return result


def _shown(entries: list[Entry]) -> set[str]:
    """Every colour the entries show."""
    return {c for e in entries for ch in e.changes for c in (*ch.computed, *ch.team) if c is not None}


def _to_json(history: AuditHistory) -> dict[str, object]:
    return {"audit": history.audit, "revisions": history.revisions, "entries": history.to_json()}


def _from_json(data: Any, folder: Path, labels: dict[str, str]) -> AuditHistory | None:
    """An AuditHistory as _to_json stored it (labels from the cache file), or None when the
    data does not check out field by field."""
    from revision_cli.cache.history import colour
    from revision_cli.errors import CODES, Severity

    def text(value: object) -> str:
        if isinstance(value, str):
            return value
        raise ValueError("not text")

    def text_or_none(value: object, none: bool = True) -> str | None:
        return None if none and value is None else text(value)

    def finding(f: Any) -> Finding:
        if type(f["line"]) is not int or type(f["column"]) is not int or f["code"] not in CODES:
            raise ValueError("not a finding")
        return Finding(text(f["path"]), f["line"], f["column"], f["code"], text(f["message"]), Severity(f["severity"]))

    def change(c: Any) -> Change:
        return Change(
            text(c["area"]),
            text_or_none(c["subarea"]),
            (colour(c["computed"]["from"]), colour(c["computed"]["to"])),
            (colour(c["team"]["from"]), colour(c["team"]["to"])),
        )

    try:
        entries = []
        for e in data["entries"]:
            if (
                type(e["valid"]) is not bool
                or type(e["uncommitted"]) is not bool
                or e["uncommitted"] != (e["commit"] is None)
            ):
                raise ValueError("not an entry")
            revision = Revision(
                text_or_none(e["commit"]),
                text_or_none(e["date"], e["uncommitted"]),
                text_or_none(e["author"], e["uncommitted"]),
                text(e["message"]),
                folder,
            )
            errors = [finding(f) for f in e["errors"]]
            if e["valid"] == bool(errors):
                raise ValueError("an invalid entry has errors, a valid one none")
            entries.append(Entry(revision, e["valid"], errors, [change(c) for c in e["changes"]]))
        if text(data["audit"]) != folder.name or type(data["revisions"]) is not int:
            raise ValueError("not this audit")
        return AuditHistory(data["audit"], folder, data["revisions"], entries, dict(labels))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
