"""`revision export`: the tidy rows of several audits, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from revision_cli.errors import Finding, RevisionError
from revision_cli.i18n import _

if TYPE_CHECKING:
    from revision_cli.cache.rows import RowsCache
    from revision_cli.repository.catalog import Catalog
    from revision_cli.repository.locate import Repository


def export_audits(repo: Repository, folders: list[Path], language: str, use_cache: bool = True) -> list[dict[str, Any]]:
    """The rows of every audit in `folders` (each one's folder), in that order. An audit
    with errors stops the export: every such audit's findings are given at once. An audit
    whose files and surroundings have not changed since an earlier export gives the rows
    that export made (cache/rows.py), without loading its files."""
    cache: RowsCache | None = None
    if use_cache and repo.root is not None:
        from revision_cli.cache.rows import RowsCache, rows_context

        cache = RowsCache(repo.root, rows_context(repo.root, language))
    catalog: Catalog | None = None
    rows: list[dict[str, Any]] = []
    problems: list[Finding] = []
    stopped: list[str] = []
    for folder in folders:
        key = cache.key(folder) if cache is not None else None
        cached = cache.get(folder.name, key) if cache is not None and key is not None else None
        if cached is not None:
            rows += cached
            continue
        from revision_cli.repository.catalog import load_catalog
        from revision_cli.repository.scored import load_scorable, scored_audit
        from revision_cli.views.export import export_rows

        catalog = catalog or load_catalog(repo.root)
        bundle, found = load_scorable(repo, folder, catalog)
        if found:
            problems += [f for f in found if f not in problems]  # the repository's own, once
            stopped.append(folder.name)
            continue
        made = export_rows(scored_audit(repo, bundle), language)
        if cache is not None and key is not None:
            cache.put(folder.name, key, made)
        rows += made
    if cache is not None:
        cache.save()
    if problems:
        raise RevisionError(
            _("nothing was exported: {audits} has errors; fix them first (see 'revision validate')").format(
                audits=", ".join(stopped)
            ),
            problems,
        )
    return rows
