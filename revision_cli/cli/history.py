"""`revision history AUDIT [--format table|json]`: the commits that changed an audit's colours.

The plain-text table is drawn in history_fast.py, which also answers a fully cached run
before typer is loaded (see run_cached there).
"""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


def history_command(
    audit: Annotated[str, typer.Argument(help="Audit slug or path to an audit folder.")],
    format: Annotated[HistoryFormat, typer.Option("--format", help="table or json.")] = HistoryFormat.table,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Compute every revision again instead of reusing .revision/.")
    ] = False,
) -> None:
    """Show each commit that changed the audit's computed or team colours.

    Reads the audit's history from git (following renames of its folder, along the first
    parent of merges; uncommitted changes last, as "uncommitted"), oldest first: date,
    author, short commit, message and, per area and sub-area, the colours from → to,
    computed and the team's. A version whose files had errors is shown as invalid. What
    each version showed is kept in .revision/cache/, so a second run reads only `git log`.

    \b
    Example: revision history 2012-vastra-hisingen --format json
    """
    from revision_cli.cli.history_fast import history_lines, locate
    from revision_cli.cli.output import progress_bar
    from revision_cli.operations.history import audit_history

    located = locate(audit, Path.cwd())
    if located is None:  # the full resolver says why, with its suggestions
        from revision_cli.repository.locate import audit_in_repository

        repo, folder = audit_in_repository(audit, Path.cwd())
        located = repo.root, folder
    with progress_bar("Reading history", enabled=not quiet and format is HistoryFormat.table) as progress:
        history = audit_history(*located, use_cache=not no_cache, progress=progress)
    if format is HistoryFormat.json:
        from revision_cli.cli.output import print_json

        print_json(history.to_json())
        return
    sys.stdout.write("".join(f"{line}\n" for line in history_lines(history)))
