"""`revision export`: the tidy rows of several audits, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from revision_cli.errors import Finding, RevisionError
from revision_cli.i18n import _
from revision_cli.repository.catalog import load_catalog
from revision_cli.repository.locate import Repository
from revision_cli.repository.scored import load_scorable, scored_audit
from revision_cli.views.export import export_rows


def export_audits(repo: Repository, folders: list[Path], language: str) -> list[dict[str, Any]]:
    """The rows of every audit in `folders` (each one's folder), in that order. An audit
    with errors stops the export: every such audit's findings are given at once."""
    catalog = load_catalog(repo.root)
    rows: list[dict[str, Any]] = []
    problems: list[Finding] = []
    stopped: list[str] = []
    for folder in folders:
        bundle, found = load_scorable(repo, folder, catalog)
        if found:
            problems += [f for f in found if f not in problems]  # the repository's own, once
            stopped.append(folder.name)
            continue
        rows += export_rows(scored_audit(repo, bundle), language)
    if problems:
        raise RevisionError(
            _("nothing was exported: {audits} has errors; fix them first (see 'revision validate')").format(
                audits=", ".join(stopped)
            ),
            problems,
        )
    return rows
