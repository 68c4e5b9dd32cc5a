"""`revision actions [AUDIT] [--overdue]`: the improvement actions of one audit or of all."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from revision_cli.operations.actions import ActionRow


class ActionsFormat(StrEnum):
    table = "table"
    json = "json"


def actions_command(
    audit: Annotated[
        str | None,
        typer.Argument(help="Audit slug or path to an audit folder (default: every audit of the repository)."),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open actions (planned or ongoing) whose due date has passed.")
    ] = False,
    format: Annotated[ActionsFormat, typer.Option("--format", help="table or json.")] = ActionsFormat.table,
    today: Annotated[
        str | None, typer.Option("--today", help="The date to judge overdue against, YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """List improvement actions: audit, id, title, sub-areas, owner, due date, status and the
    last follow-up event.

    An action is overdue when it is planned or ongoing and its due date lies before today;
    an action due today is not overdue yet. When an audit's files have errors, the actions
    that can be read are still listed, the audit is named on stderr and the exit code is 1.

    \b
    Example: revision actions --overdue --today 2013-04-01
    """
    from revision_cli.cli.output import print_json
    from revision_cli.errors import RevisionError
    from revision_cli.operations.actions import NO_REPOSITORY, actions_for, parse_date
    from revision_cli.repository.locate import audit_in_repository, open_repository

    day = parse_date(today)
    if audit is None:
        repo = open_repository(Path.cwd())
        if repo.root is None:
            raise RevisionError(NO_REPOSITORY)
        folders = repo.audit_folders()
    else:
        repo, folder = audit_in_repository(audit, Path.cwd())
        folders = [folder]
    listing = actions_for(repo, folders, day, overdue_only=overdue)
    if format is ActionsFormat.json:
        print_json([row.to_json() for row in listing.rows])
    else:
        _print_table(listing.rows, overdue)
    if listing.problems:
        for slug, errors in listing.problems.items():
            n = len(errors)
            skipped = (
                "; its actions.yaml could not be read, so its actions are not listed"
                if slug in listing.unreadable
                else ""
            )
            typer.echo(f"revision: the audit '{slug}' has {n} error{'s' * (n != 1)}{skipped}", err=True)
        typer.echo("revision: run 'revision validate' to see the errors", err=True)
        raise typer.Exit(1)


def _print_table(rows: "list[ActionRow]", overdue_only: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    console = Console()
    if not rows:
        console.print("No overdue actions." if overdue_only else "No actions.", highlight=False)
        return
    table = Table(title="Overdue actions" if overdue_only else "Improvement actions", title_justify="left")
    for header in ("Audit", "Action", "Title", "Sub-areas", "Owner", "Due", "Status", "Last follow-up"):
        table.add_column(header, overflow="fold")
    for row in rows:
        action, event = row.action, row.last_event
        status = f"{action.status} · ⚠ overdue" if row.overdue else action.status
        cells = [
            row.audit,
            action.id,
            action.title,
            ", ".join(action.subareas) or "–",
            action.owner or "–",
            action.due.isoformat() if action.due else "–",
            status,
            f"{event.date.isoformat()} {event.kind}: {event.outcome}" if event else "–",
        ]
        # Text, escaped: titles and outcomes are the user's, neither rich markup nor terminal controls.
        table.add_row(*(Text(terminal_safe(cell)) for cell in cells))
    console.print(table, highlight=False)
