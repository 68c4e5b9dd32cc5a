"""`revision status`: one table for the whole repository."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _, language, ngettext

if TYPE_CHECKING:
    import datetime as dt

    from rich.table import Table

    from revision_cli.operations.status import AuditStatus


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


@help_text(
    N_("""\
One line per audit: unit, battery, phase, site visit, feedback meeting, sub-areas per
colour, open and overdue actions, and when a follow-up is due.

A follow-up is due follow_up_months (revision.yaml, default 12) after the feedback
meeting; it is overdue once that day has passed and no other audit names this one in
follows_up (nor is its own status followed-up). An audit whose files have errors shows
its error count instead of colours, and the exit code is 1. When an audit sets
retain_interviews_until or was archived, a column Interviews shows it: kept until the
date, ⚠ kept past it (run 'revision archive'), or archived.

Example: revision status --format json --today 2014-01-01""")
)
def status_command(
    format: Annotated[StatusFormat, typer.Option("--format", help=N_("table or json."))] = StatusFormat.table,
    today: Annotated[
        str | None, typer.Option("--today", help=N_("The date to judge overdue against, YYYY-MM-DD (default: today)."))
    ] = None,
) -> None:
    from revision_cli.cli.output import print_findings, print_json
    from revision_cli.errors import RevisionError
    from revision_cli.operations.actions import NO_REPOSITORY, errors_of, parse_date
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import open_repository

    day = parse_date(today)
    repo = open_repository(Path.cwd())
    if repo.root is None:
        raise RevisionError(_(NO_REPOSITORY))
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
            message = ngettext(
                "the audit '{slug}' has {n} error; its colours are not counted",
                "the audit '{slug}' has {n} errors; its colours are not counted",
                s.errors,
            )
            typer.echo("revision: " + message.format(slug=s.slug, n=s.errors), err=True)
            failed = True
    if failed:
        typer.echo("revision: " + _("run 'revision validate' to see the errors"), err=True)
        raise typer.Exit(1)


def _print_table(statuses: "list[AuditStatus]", months: int, today: "dt.date") -> None:
    from rich.console import Console

    from revision_cli.cli.fit import fit

    console = Console()
    if not statuses:
        console.print(_("This repository has no audits yet (create one with 'revision new')."), highlight=False)
        return
    # One row of columns per audit when that fits the terminal without breaking a word; else
    # the same facts stacked in four columns (80 columns are enough for them).
    table = _wide_table(statuses, today)
    # A date, a light and a count are never broken across lines (the wide table's columns
    # from the site visit on); the rest wraps between words.
    if not fit(table, console, whole=range(4, len(table.columns))):
        table = _narrow_table(statuses, today)
        fit(table, console, whole={1, 2, 3})  # when even this is too wide, rich folds what it must
    console.print(table, highlight=False)
    console.print(
        ngettext(
            "Colours: sub-areas by final rating (the team's where set, else computed); insufficient "
            "data is not counted; – for batteries without colours (open interviews, rated "
            "statements, fidelity items). A follow-up is due {months} month after the feedback "
            "meeting.",
            "Colours: sub-areas by final rating (the team's where set, else computed); insufficient "
            "data is not counted; – for batteries without colours (open interviews, rated "
            "statements, fidelity items). A follow-up is due {months} months after the feedback "
            "meeting.",
            months,
        ).format(months=months),
        highlight=False,
    )


def _battery(s: "AuditStatus") -> str:
    battery = s.battery or "–"
    if s.fidelity is not None:
        battery += (
            " " + _("(total {total}, band {band})").format(total=s.fidelity["total"], band=s.fidelity["band"])
            if s.fidelity["total"] is not None
            else " " + _("(not every item scored)")
        )
    return battery


def _status(s: "AuditStatus") -> str:
    """The audit's status in the table's language (`rapporterad` in a Swedish repository)."""
    from revision_cli.i18n import language
    from revision_cli.models.words import AUDIT_STATUSES

    word = next((w for w in AUDIT_STATUSES.words if w.canonical == s.status), None)
    return word.in_language(language()) if word is not None else s.status or "–"


def _colours(s: "AuditStatus") -> list[str]:
    return [str(s.colours[c]) if s.colours and s.coloured else "–" for c in ("green", "yellow", "red")]


def _lights() -> list[str]:
    from revision_cli.scoring.colours import Rating
    from revision_cli.views.presentation import badge

    lang = language()
    return [badge(Rating.GREEN, lang), badge(Rating.YELLOW, lang), badge(Rating.RED, lang)]


def _wide_table(statuses: "list[AuditStatus]", today: "dt.date") -> "Table":
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    with_errors = any(s.errors for s in statuses)
    with_retention = any(s.retain_interviews_until or s.archived for s in statuses)
    table = Table(title=_("Audits on {today}").format(today=today.isoformat()), title_justify="left")
    lights = _lights()
    counts = {*lights, _("Open actions"), _("Overdue actions"), _("Errors")}
    headers = [
        _("Audit"),
        _("Unit"),
        _("Battery"),
        _("Phase"),
        _("Site visit"),
        _("Feedback meeting"),
        *lights,
        _("Open actions"),
        _("Overdue actions"),
        _("Follow-up due"),
    ]
    for header in headers + [_("Interviews")] * with_retention + [_("Errors")] * with_errors:
        # A date is never broken across lines; the rest wraps between words.
        table.add_column(header, justify="right" if header in counts else "left", overflow="fold")
    for s in statuses:
        cells = [
            s.slug,
            s.unit or "–",
            _battery(s),
            _status(s),
            _day(s.site_visit),
            _day(s.feedback_meeting),
            *_colours(s),
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
    return table


def _narrow_table(statuses: "list[AuditStatus]", today: "dt.date") -> "Table":
    """The status for a narrow terminal: each audit's facts stacked in four columns (audit,
    unit, battery and phase; the three dates, the follow-up's with what became of it;
    colours; actions), each line of a cell one fact, so that at 80 columns no date and no
    word is broken, even beside a slug of 25 characters."""
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    table = Table(
        title=_("Audits on {today}").format(today=today.isoformat()),
        title_justify="left",
        show_lines=True,
        show_edge=False,
    )
    table.add_column(_("Audit"), overflow="fold")
    table.add_column(_("Site visit") + " / " + _("Feedback meeting") + " / " + _("Follow-up due"), overflow="fold")
    table.add_column(_("Colours"), overflow="fold")
    table.add_column(_("Actions"), overflow="fold")
    green, yellow, red = _lights()
    for s in statuses:
        first = [s.slug, s.unit or "–", _battery(s), _status(s)]
        if s.retain_interviews_until or s.archived:
            first.append(_("Interviews") + ": " + _interviews(s))
        colours = (
            [f"{light} {n}" for light, n in zip((green, yellow, red), _colours(s), strict=True)]
            if s.colours and s.coloured
            else ["–"]
        )
        if s.errors:
            colours.append(f"✗ {_('Errors')} {s.errors}")
        actions = [_("{n} open").format(n=s.open_actions)]
        if s.overdue_actions:
            actions.append("⚠ " + _("{n} overdue").format(n=s.overdue_actions))
        cells = [
            first,
            # the follow-up's date, then what became of it, on a line of its own
            [_day(s.site_visit), _day(s.feedback_meeting), *_follow_up(s).split(" ", 1)],
            colours,
            actions,
        ]
        # Text, escaped line by line: a unit name is the user's, neither rich markup nor a
        # terminal control.
        table.add_row(*(Text("\n".join(terminal_safe(line) for line in lines)) for lines in cells))
    return table


def _interviews(s: "AuditStatus") -> str:
    until = s.retain_interviews_until
    if s.archived:
        return _("archived")
    if until is None:  # (retention_passed needs a date)
        return "–"
    if s.retention_passed:
        return "⚠ " + _("kept past {date}").format(date=until.isoformat())
    return _("kept until {date}").format(date=until.isoformat())


def _day(value: "dt.date | None") -> str:
    return value.isoformat() if value else "–"


def _follow_up(s: "AuditStatus") -> str:
    if s.follow_up_due is None:
        return "–"
    if s.followed_up:
        return f"{s.follow_up_due.isoformat()} ✓ " + _("followed up")
    if s.follow_up_overdue:
        return f"{s.follow_up_due.isoformat()} ⚠ " + _("overdue")
    return s.follow_up_due.isoformat()
