"""`revision status`: one table for the whole repository."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import datetime as dt

    from revision_cli.operations.status import AuditStatus


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


def status_command(
    format: Annotated[StatusFormat, typer.Option("--format", help="table or json.")] = StatusFormat.table,
    today: Annotated[
        str | None, typer.Option("--today", help="The date to judge overdue against, YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """One line per audit: unit, battery, phase, site visit, feedback meeting, sub-areas per
    colour, open and overdue actions, and when a follow-up is due.

    A follow-up is due follow_up_months (revision.yaml, default 12) after the feedback
    meeting; it is overdue once that day has passed and no other audit names this one in
    follows_up (nor is its own status followed-up). An audit whose files have errors shows
    its error count instead of colours, and the exit code is 1. When an audit sets
    retain_interviews_until or was archived, a column Interviews shows it: kept until the
    date, ⚠ kept past it (run 'revision archive'), or archived.

    \b
    Example: revision status --format json --today 2014-01-01
    """
    from revision_cli.cli.output import print_findings, print_json
    from revision_cli.errors import RevisionError
    from revision_cli.operations.actions import NO_REPOSITORY, errors_of, parse_date
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import open_repository

    day = parse_date(today)
    repo = open_repository(Path.cwd())
    if repo.root is None:
        raise RevisionError(NO_REPOSITORY)
    catalog = load_catalog(repo.root)
    from revision_cli.operations.status import repository_status

    statuses = repository_status(repo, day, catalog)
    if format is StatusFormat.json:
        print_json([s.to_json() for s in statuses])
    else:
        _print_table(statuses, repo.config.follow_up_months, day)
    failed = False
    repo_errors = errors_of([*repo.findings, *catalog.findings])
    if repo_errors:
        print_findings(repo_errors, err=True)
        failed = True
    for s in statuses:
        if s.errors:
            typer.echo(
                f"revision: the audit '{s.slug}' has {s.errors} error{'s' * (s.errors != 1)}; "
                "its colours are not counted",
                err=True,
            )
            failed = True
    if failed:
        typer.echo("revision: run 'revision validate' to see the errors", err=True)
        raise typer.Exit(1)


def _print_table(statuses: "list[AuditStatus]", months: int, today: "dt.date") -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe
    from revision_cli.scoring.colours import Rating
    from revision_cli.views.presentation import badge

    console = Console()
    if not statuses:
        console.print("This repository has no audits yet (create one with 'revision new').", highlight=False)
        return
    with_errors = any(s.errors for s in statuses)
    with_retention = any(s.retain_interviews_until or s.archived for s in statuses)
    table = Table(title=f"Audits on {today.isoformat()}", title_justify="left")
    counts = {badge(Rating.GREEN), badge(Rating.YELLOW), badge(Rating.RED), "Open actions", "Overdue actions", "Errors"}
    headers = [
        "Audit",
        "Unit",
        "Battery",
        "Phase",
        "Site visit",
        "Feedback meeting",
        badge(Rating.GREEN),
        badge(Rating.YELLOW),
        badge(Rating.RED),
        "Open actions",
        "Overdue actions",
        "Follow-up due",
    ]
    for header in headers + ["Interviews"] * with_retention + ["Errors"] * with_errors:
        table.add_column(header, overflow="fold", justify="right" if header in counts else "left")
    for s in statuses:
        colours = [str(s.colours[c]) if s.colours and s.coloured else "–" for c in ("green", "yellow", "red")]
        battery = s.battery or "–"
        if s.fidelity is not None:
            battery += (
                f" (total {s.fidelity['total']}, band {s.fidelity['band']})"
                if s.fidelity["total"] is not None
                else " (not every item scored)"
            )
        cells = [
            s.slug,
            s.unit or "–",
            battery,
            s.status or "–",
            _day(s.site_visit),
            _day(s.feedback_meeting),
            *colours,
            str(s.open_actions),
            f"⚠ {s.overdue_actions}" if s.overdue_actions else "0",
            _follow_up(s),
        ]
        if with_retention:
            cells.append(_interviews(s))
        if with_errors:
            cells.append(f"✗ {s.errors}" if s.errors else "0")
        # Text, escaped: a unit name is the user's, neither rich markup nor a terminal control.
        table.add_row(*(Text(terminal_safe(cell)) for cell in cells))
    console.print(table, highlight=False)
    console.print(
        f"Colours: sub-areas by final rating (the team's where set, else computed); "
        f"insufficient data is not counted; – for batteries without colours (open interviews, "
        f"rated statements, fidelity items). A follow-up is due {months} months after "
        "the feedback meeting.",
        highlight=False,
    )


def _interviews(s: "AuditStatus") -> str:
    until = s.retain_interviews_until
    if s.archived:
        return "archived"
    if until is None:  # (retention_passed needs a date)
        return "–"
    if s.retention_passed:
        return f"⚠ kept past {until.isoformat()}"
    return f"kept until {until.isoformat()}"


def _day(value: "dt.date | None") -> str:
    return value.isoformat() if value else "–"


def _follow_up(s: "AuditStatus") -> str:
    if s.follow_up_due is None:
        return "–"
    if s.followed_up:
        return f"{s.follow_up_due.isoformat()} ✓ followed up"
    if s.follow_up_overdue:
        return f"{s.follow_up_due.isoformat()} ⚠ overdue"
    return s.follow_up_due.isoformat()
