"""`revision history AUDIT [--format table|json]`: the commits that changed an audit's colours."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class HistoryFormat(str, Enum):
    table = "table"
    json = "json"


def history_command(
    audit: Annotated[str, typer.Argument(help="Audit slug or path to an audit folder.")],
    format: Annotated[HistoryFormat, typer.Option("--format", help="table or json.")] = HistoryFormat.table,
) -> None:
    """Show each commit that changed the audit's computed or team colours.

    Reads the audit's history from git (following renames of its folder, along the first
    parent of merges; uncommitted changes last, as "uncommitted"), oldest first: date,
    author, short commit, message and, per area and sub-area, the colours from → to,
    computed and the team's. A version whose files had errors is shown as invalid.

    \b
    Example: revision history 2012-vastra-hisingen --format json
    """
    from ..history import audit_history

    history = audit_history(audit, Path.cwd())
    if format is HistoryFormat.json:
        from .output import print_json

        print_json(history.to_json())
        return
    for line in history_lines(history):
        typer.echo(line)


def _colour(value: str | None, missing: str) -> str:
    from ..presentation import badge

    return badge(value, "en") if value is not None else missing


def _pair(label: str, pair: tuple, missing: str) -> str:
    old, new = pair
    if old == new:
        return f"{label}: {_colour(new, missing)}"
    return f"{label}: {_colour(old, missing)} → {_colour(new, missing)}"


def history_lines(history) -> list[str]:
    """Plain text, one block per revision; every colour as symbol + word."""
    lines = []
    for entry in history.entries:
        rev = entry.revision
        if rev.uncommitted:
            lines.append("uncommitted  (working tree, not committed)")
        else:
            lines.append(f"{rev.date[:10]}  {rev.short}  {rev.author}  {rev.subject}")
        if not entry.valid:
            count = len(entry.errors)
            lines.append(f"  invalid: {count} error{'s' * (count != 1)}; first: {entry.errors[0].format()}")
        width = max((len(_name(c)) for c in entry.changes), default=0)
        for change in entry.changes:
            lines.append(f"  {_name(change):<{width}}  {_pair('computed', change.computed, '(none)')};  "
                         f"{_pair('team', change.team, 'not set')}")
        lines.append("")
    shown = len(history.entries)
    if history.revisions == 0:
        lines.append(f"{history.audit}: no history in git yet (nothing committed and no uncommitted changes).")
    else:
        lines.append(f"{history.audit}: {history.revisions} revision{'s' * (history.revisions != 1)} read, "
                     f"{shown} shown (colour changes and invalid versions), oldest first.")
    return lines


def _name(change) -> str:
    return change.area if change.subarea is None else f"{change.area}/{change.subarea}"
