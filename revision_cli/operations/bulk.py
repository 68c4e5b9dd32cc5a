"""Validating many audits: from the cache where nothing changed, across both cores where much did.

Parsing is the cost (shared/research/perf.md): about 1 ms per file with libyaml. A worker
process per core halves a large cold run; for a handful of audits the pool costs more than
it saves, so small runs stay in one process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from revision_cli.cache.keys import audit_slugs, real, tree
from revision_cli.cache.validation import findings_cache, findings_context
from revision_cli.checks.audit import check_groups
from revision_cli.errors import Finding
from revision_cli.files.loading import load_document
from revision_cli.files.sources import DISK, DiskFiles
from revision_cli.files.yaml_io import Limits
from revision_cli.repository.catalog import Catalog
from revision_cli.repository.locate import Loader, Repository, kept_models, load_audit

PARALLEL_FROM = 8  # audits to (re)validate before a process pool pays for itself

Progress = Callable[[int, int], None]
Validated = tuple[list[Finding], str | None]  # an audit's findings, and its cache key when worked out


@dataclass(frozen=True)
class _State:
    catalog: Catalog
    limits: Limits
    keyed: set[Path]  # the audits whose cache key the parent has worked out already
    within: str | None  # the repository's real path
    min_group_size: int
    # The repository whose .revision/ keeps each file as parsed (cache/parsed.py), for the
    # few audits validated in this process; None in a pool (a large run parses once anyway).
    parsed_root: Path | None = None
    # Whether their validated models are kept too (cache/pickled.py, the user's own folder):
    # only for a few audits (fewer than PARALLEL_FROM), never for a whole repository's.
    keep_models: bool = False


_WORKER_STATE: _State | None = None  # inherited by forked workers, handed to spawned ones


class _Kept(DiskFiles):
    """The working tree, keeping the bytes of each file read: the audit's cache key is then
    made of the very bytes that were checked, without reading them a second time."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def read_bytes(self, path: Path) -> bytes:
        data = super().read_bytes(path)
        self.kept[os.fspath(path)] = data
        return data


def _validate_one(folder: Path) -> Validated:
    """The audit's findings, and its cache key when the parent has not worked it out yet."""
    state = _WORKER_STATE
    assert state is not None  # set before the audits are handed out (and by _start_worker when spawned)
    files = None if folder in state.keyed else _Kept()
    loader: Loader = load_document
    parsed = None
    if state.parsed_root is not None:
        from revision_cli.cache.parsed import ParsedFiles

        models = kept_models(folder) if state.keep_models else ()
        parsed = ParsedFiles(state.parsed_root, folder, state.limits, models=models)
        loader = parsed.loader
    bundle = load_audit(
        folder, state.catalog, files=files if files is not None else DISK, limits=state.limits, loader=loader
    )
    if parsed is not None:
        parsed.save()
    findings = [*bundle.findings, *check_groups(bundle, state.min_group_size)]
    return findings, None if files is None else tree(folder, files.kept, state.within)


def _start_worker(state: object) -> None:
    global _WORKER_STATE
    if isinstance(state, _State):  # spawned: nothing was inherited
        _WORKER_STATE = state
    gc.disable()  # workers keep nothing between audits, so the cyclic collector only costs them time


def _in_processes(folders: list[Path], on_done: Callable[[Path, Validated], None]) -> None:
    workers = min(os.cpu_count() or 1, 2 * len(folders))
    # Fork shares the loaded catalog and imported modules with the workers for free;
    # freezing the heap first keeps the collector from touching (and copying) it. Where
    # there is no fork (Windows, where most coordinators work), spawn hands each worker the
    # same state through the initializer.
    from revision_cli.processes import worker_pool

    gc.freeze()
    try:
        with worker_pool(workers, _start_worker, _WORKER_STATE) as pool:
            # Small chunks, so that neither worker idles long while the other ends its last one.
            chunk = max(1, min(16, len(folders) // (workers * 8)))
            for folder, findings in zip(folders, pool.map(_validate_one, folders, chunksize=chunk), strict=True):
                on_done(folder, findings)
    finally:
        gc.unfreeze()


def validate_audits(
    folders: list[Path],
    repo: Repository,
    catalog: Catalog,
    progress: Progress | None = None,
    use_cache: bool = True,
    context_findings: list[Finding] | None = None,
) -> list[Finding]:
    """Every finding of every audit in `folders`, reusing cached results for unchanged audits.

    `context_findings` (those of revision.yaml, the batteries and privacy.yaml) are kept in the
    cache too, so that an unchanged repository validates without loading anything.
    """
    global _WORKER_STATE
    cache = findings_cache(repo.root, findings_context(repo.root)) if use_cache and repo.root is not None else None
    results: dict[Path, list[Finding]] = {}
    keys: dict[Path, str] = {}
    within = real(repo.root)
    total = len(folders)

    def done(folder: Path, outcome: Validated) -> None:
        findings, key = outcome
        results[folder] = findings
        stored = keys.get(folder) or key  # (one of the two is there whenever there is a cache)
        if cache is not None and stored is not None:
            cache.put(folder.name, stored, findings)
        if progress:
            progress(len(results), total)

    misses = []
    for folder in folders:
        # An audit the cache has never seen is hashed by its worker, which reads it anyway.
        if cache is not None and folder.name in cache.entries:
            keys[folder] = tree(folder, within=within)
            cached = cache.get(folder.name, keys[folder])
            if cached is not None:
                results[folder] = cached
                if progress:
                    progress(len(results), total)
                continue
        misses.append(folder)
    parallel = len(misses) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
    _WORKER_STATE = _State(
        catalog,
        repo.limits,
        set(keys) if cache is not None else set(folders),
        within,
        repo.config.anonymity.min_group_size,
        repo.root if cache is not None and not parallel else None,
        len(misses) < PARALLEL_FROM,
    )
    if parallel:
        _in_processes(misses, done)
    else:
        for folder in misses:
            done(folder, _validate_one(folder))
    if cache is not None:
        if context_findings is not None:
            cache.put_context(context_findings)
        cache.save(keep=set(audit_slugs(cache.root)))
    return [finding for folder in folders for finding in results[folder]]
