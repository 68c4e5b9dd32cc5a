"""`revision actions [AUDIT] [--overdue]`: the improvement actions of one audit or of all."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from rich.table import Table

    from revision_cli.operations.actions import ActionRow


class ActionsFormat(StrEnum):
    table = "table"
    json = "json"


@help_text(
    N_("""\
List improvement actions: audit, id, title, sub-areas, owner, due date, status and the
last follow-up event.

An action is overdue when it is planned or ongoing and its due date lies before today;
an action due today is not overdue yet. When an audit's files have errors, the actions
that can be read are still listed, the audit is named on stderr and the exit code is 1.

Example: revision actions --overdue --today 2013-04-01""")
)
def actions_command(
    audit: Annotated[
        str | None,
        typer.Argument(help=N_("Audit slug or path to an audit folder (default: every audit of the repository).")),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help=N_("Only open actions (planned or ongoing) whose due date has passed."))
    ] = False,
    format: Annotated[ActionsFormat, typer.Option("--format", help=N_("table or json."))] = ActionsFormat.table,
    today: Annotated[
        str | None, typer.Option("--today", help=N_("The date to judge overdue against, YYYY-MM-DD (default: today)."))
    ] = None,
) -> None:
    from revision_cli.cli.output import print_json
    from revision_cli.errors import RevisionError
    from revision_cli.operations.actions import NO_REPOSITORY, actions_for, parse_date
    from revision_cli.repository.locate import audit_in_repository, open_repository

    day = parse_date(today)
    if audit is None:
        repo = open_repository(Path.cwd())
        if repo.root is None:
            raise RevisionError(_(NO_REPOSITORY))
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
                _("; its actions.yaml could not be read, so its actions are not listed")
                if slug in listing.unreadable
                else ""
            )
            message = ngettext(
                "the audit '{slug}' has {n} error{skipped}", "the audit '{slug}' has {n} errors{skipped}", n
            )
            typer.echo("revision: " + message.format(slug=slug, n=n, skipped=skipped), err=True)
        typer.echo("revision: " + _("run 'revision validate' to see the errors"), err=True)
        raise typer.Exit(1)


def _print_table(rows: "list[ActionRow]", overdue_only: bool) -> None:
    from rich.console import Console

    from revision_cli.cli.fit import fit

    console = Console()
    if not rows:
        console.print(_("No overdue actions.") if overdue_only else _("No actions."), highlight=False)
        return
    title = _("Overdue actions") if overdue_only else _("Improvement actions")
    # One row of columns per action when that fits the terminal without breaking a word;
    # else the same facts stacked in four columns.
    table = _wide_table(rows, title)
    if not fit(table, console, whole={5}):  # the due date
        table = _narrow_table(rows, title)
        fit(table, console, whole={1})  # date and status; when even this is too wide, rich folds what it must
    console.print(table, highlight=False)


def _status(row: "ActionRow") -> str:
    return f"{row.action.status} · ⚠ " + _("overdue") if row.overdue else row.action.status


def _event(row: "ActionRow") -> str:
    event = row.last_event
    return f"{event.date.isoformat()} {event.kind}: {event.outcome}" if event else "–"


def _wide_table(rows: "list[ActionRow]", title: str) -> "Table":
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    table = Table(title=title, title_justify="left")
    for header in (_("Audit"), _("Action"), _("Title"), _("Sub-areas"), _("Owner")):
        table.add_column(header, overflow="fold")
    table.add_column(_("Due"), overflow="fold")
    table.add_column(_("Status"), overflow="fold")
    table.add_column(_("Last follow-up"), overflow="fold")
    for row in rows:
        action = row.action
        cells = [
            row.audit,
            action.id,
            action.title,
            ", ".join(action.subareas) or "–",
            action.owner or "–",
            action.due.isoformat() if action.due else "–",
            _status(row),
            _event(row),
        ]
        # Text, escaped: titles and outcomes are the user's, neither rich markup nor terminal controls.
        table.add_row(*(Text(terminal_safe(cell)) for cell in cells))
    return table


def _narrow_table(rows: "list[ActionRow]", title: str) -> "Table":
    """The actions for a narrow terminal, each one's facts stacked in three columns: audit,
    action id, title, sub-areas and owner; due date and status; the last follow-up."""
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    table = Table(title=title, title_justify="left", show_lines=True, show_edge=False)
    table.add_column(_("Action"), overflow="fold")
    table.add_column(_("Due") + " / " + _("Status"), overflow="fold")
    table.add_column(_("Last follow-up"), overflow="fold")
    for row in rows:
        action, event = row.action, row.last_event
        about = [f"{row.audit} · {action.id}", action.title]
        if action.subareas:
            about.append(_("Sub-areas") + ": " + ", ".join(action.subareas))
        if action.owner:
            about.append(_("Owner") + ": " + action.owner)
        due = [action.due.isoformat() if action.due else "–", action.status]
        if row.overdue:
            due.append("⚠ " + _("overdue"))
        cells = [about, due, [event.date.isoformat(), f"{event.kind}: {event.outcome}"] if event else ["–"]]
        # Text, escaped line by line: titles and outcomes are the user's, neither rich markup
        # nor terminal controls.
        table.add_row(*(Text("\n".join(terminal_safe(line) for line in lines)) for lines in cells))
    return table
