"""Printing: findings as `path:line:column: severity [code] message`, JSON, and the score table."""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from revision_cli.cli.tables import Cell, Justify
from revision_cli.i18n import N_, _, language, ngettext

if TYPE_CHECKING:
    from pathlib import Path

    from rich.progress import Progress, TaskID

    from revision_cli.errors import Finding
    from revision_cli.repository.scored import Respondents
    from revision_cli.scoring.breakdown import Breakdown
    from revision_cli.scoring.colours import AreaScore, QuestionScore, Rating, ScoreCard, SubareaScore

    Scored = AreaScore | SubareaScore | QuestionScore


def echo(text: str, err: bool = False) -> None:
    """typer.echo (click's) of a text, without loading typer: escape sequences removed unless
    the stream is a terminal, a newline added, flushed. validate, score and report print
    through it on both of their paths (cli/bodies.py)."""
    stream = sys.stderr if err else sys.stdout
    try:  # click's test (_compat.is_ascii_encoding)
        ascii_stream = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        ascii_stream = False
    if ascii_stream:
        import typer  # click rewraps a stream misconfigured as ASCII; only it does that right

        typer.echo(text, err=err)
        return
    if "\x1b" in text and not stream.isatty():
        import re

        text = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", text)  # click's _ansi_re
    stream.write(text + "\n")
    stream.flush()


def print_findings(findings: Iterable[Finding], err: bool = False) -> None:
    for finding in findings:
        echo(finding.format(), err=err)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def deliver(data: str | bytes, path: Path | None, output: str | None, what: str) -> None:
    """`data` printed (path None), or written to `path` atomically with a line on standard
    error that says so; `what` names it in a failure ("the report")."""
    if path is None:
        assert isinstance(data, str)  # a binary file is never printed (its command refuses first)
        write_stdout(data, what)
        return
    from revision_cli.errors import write_failure
    from revision_cli.files.atomic import atomic_write

    try:
        atomic_write(path, data)
    except OSError as exc:
        raise write_failure(exc, _("nothing was written")) from None
    echo(_("Wrote {path}").format(path=output), err=True)


def write_stdout(text: str, what: str) -> None:
    """`text` to standard output, which may be a file on a full disk: a failure is one line."""
    from revision_cli.errors import RevisionError

    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        silence_stdout()
        raise RevisionError(
            _("cannot write {what} to standard output: {error}").format(what=what, error=exc.strerror or exc)
        ) from None


def silence_stdout() -> None:
    """After standard output failed: what is still buffered goes nowhere, so that flushing
    it on the way out does not fail (and print a traceback) a second time."""
    import io

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def system_failure(exc: OSError) -> None:
    """An OSError that reached the command's edge, as one line on standard error."""
    from revision_cli.errors import display_link

    if exc.filename is None:  # no file named: the output stream itself failed
        silence_stdout()
        echo("revision: " + _("cannot write the output: {error}").format(error=exc.strerror or exc), err=True)
    else:
        echo(f"revision: {display_link(exc.filename)}: {exc.strerror or exc}", err=True)


_STYLES = {"green": "green", "yellow": "yellow", "red": "red", "insufficient": "dim", "none": ""}


def _light(rating: Rating | None, suppressed: str | None = None) -> tuple[str, str]:
    """(text, rich style) of a light: symbol and word, so colour is never needed."""
    from revision_cli.views.presentation import badge

    if suppressed:
        return "– " + _("suppressed: {reason}").format(reason=_(suppressed)), "dim"
    key = rating.value if rating is not None else "none"
    return badge(rating, language()), _STYLES[key]


def _figures(item: Scored) -> tuple[str, str, str]:
    from revision_cli.views.presentation import percent

    if item.suppressed:
        return "–", "–", "–"
    return percent(item.share, language()) or "–", str(item.n), str(item.excluded)


_HEADERS: list[tuple[str, Justify]] = [
    (N_("Area / sub-area / question"), "left"),
    (N_("Rating"), "left"),
    (N_("Computed"), "left"),
    (N_("Share"), "right"),
    ("n", "right"),
    (N_("Excluded"), "right"),
]


def _group_cells(item: Scored, breakdown: Breakdown | None) -> list[Cell]:
    """One cell per group column: symbol, share and n of the group's own figure."""
    from revision_cli.scoring.colours import AreaScore, QuestionScore, SubareaScore
    from revision_cli.views.presentation import SYMBOLS, percent

    if breakdown is None:
        return []
    cells: list[Cell] = []
    for column in breakdown.table_columns:
        # A column without a card always has its reason (withheld): it shows no figure.
        if item.suppressed or breakdown.withheld(column, item) or column.card is None:
            cells.append(("–", "dim"))
            continue
        # The group's card holds every item of the total's, each of the same kind.
        own = column.item(item.id, type(item)) if breakdown.asked(column.card.battery, item, column.group) else None
        if not isinstance(own, AreaScore | SubareaScore | QuestionScore):
            cells.append("")  # not asked of this group
            continue
        key = own.computed.value
        figure = f"{percent(own.share, language())} " if own.share is not None else ""
        cells.append((f"{SYMBOLS[key]} {figure}({own.n})", _STYLES[key]))
    return cells


def _differs(item: AreaScore | SubareaScore) -> str:
    """The mark of a team colour that differs from the computed one, on areas and sub-areas
    alike; as in the reports, not where the computed colour is withheld."""
    return " ≠ " + _("team differs") if item.differs and not item.suppressed else ""


def _score_rows(card: ScoreCard, breakdown: Breakdown | None = None) -> list[list[list[Cell]]]:
    """Sections of rows; each cell is text or (text, style). Title cells of areas are bold."""
    from revision_cli.views.themes import has_colours

    lang = language()
    sections = []
    for area in card.areas:
        if not has_colours(area):
            continue  # free text only: no colour to show (its themes are listed below the table)
        rows: list[list[Cell]] = [
            [
                (f"{area.area.title.get(lang)} ({area.id}){_differs(area)}", "bold"),
                _light(area.team) if area.suppressed else _light(area.rating),
                _light(area.computed, area.suppressed),
                *_figures(area),
                *_group_cells(area, breakdown),
            ]
        ]
        for sub in area.subareas:
            if not has_colours(sub):
                continue
            rows.append(
                [
                    f"  {sub.subarea.title.get(lang)} ({sub.id}){_differs(sub)}",
                    _light(sub.team) if sub.suppressed else _light(sub.rating),
                    _light(sub.computed, sub.suppressed),
                    *_figures(sub),
                    *_group_cells(sub, breakdown),
                ]
            )
            rows.extend(
                [f"    {q.id}", "", _light(q.computed, q.suppressed), *_figures(q), *_group_cells(q, breakdown)]
                for q in sub.questions
                if q.scored and (q.answered or q.suppressed)
            )
        sections.append(rows)
    return sections


def _headers(breakdown: Breakdown | None) -> list[tuple[str, Justify]]:
    return headers_in_language(_HEADERS) + [(c.group, "right") for c in (breakdown.table_columns if breakdown else [])]


def headers_in_language(headers: list[tuple[str, Justify]]) -> list[tuple[str, Justify]]:
    """(title, alignment) pairs marked with N_, their titles in the run's language."""
    return [(_(title), align) for title, align in headers]


def _plain_table(title: str, sections: list[list[list[Cell]]], headers: list[tuple[str, Justify]]) -> str:
    from revision_cli.cli.tables import aligned

    return "\n".join([title, *aligned(headers, sections)])


def _breakdown_note(breakdown: Breakdown | None) -> str | None:
    from revision_cli.scoring.breakdown import NOT_KEPT, ONE_GROUP

    if breakdown is None:
        return None
    if breakdown.none_because == ONE_GROUP:
        return _("By group: every respondent is in one group, so its figures are the total's.")
    if breakdown.none_because == NOT_KEPT:
        return _("By group: not kept for an archived audit (results.yaml holds all groups together).")
    from revision_cli.scoring.suppression import SAME_AS_TOTAL

    # A card that only repeats the total is not suppressed: it says nothing of its own.
    hidden = [
        f"{c.group}: {reason_text(c.reason)}"
        if c.reason == SAME_AS_TOTAL
        else _("{group} suppressed ({reason})").format(group=c.group, reason=reason_text(c.reason))
        for c in breakdown.columns
        if c.card is None
    ]
    if not breakdown.columns:
        return None
    lead = (
        _("By group: no group is reported on its own")
        if len(hidden) == len(breakdown.columns)
        else _("By group: each group's computed colour, share and (n) beside the total")
    )
    protected = (
        _(
            "; a – in a shown group's column is withheld so that a smaller group's answers cannot be "
            "worked out from the total"
        )
        if breakdown.protected
        else ""
    )
    return lead + (f"; {'; '.join(hidden)}" if hidden else "") + protected + "."


def reason_text(reason: str | None) -> str:
    """Why a figure is withheld (scoring.suppression's reasons, kept in English in results.yaml
    and JSON), in the run's language; never `_("")`, which is the catalogue's header."""
    return _(reason) if reason else ""


def _left_out(respondents: Respondents) -> str:
    """The interviews not counted for want of consent; the table would not say why n is smaller."""
    parts = []
    if respondents["declined"]:
        parts.append(_("{n} declined").format(n=respondents["declined"]))
    if respondents["consent_missing"]:
        parts.append(_("{n} with no consent recorded").format(n=respondents["consent_missing"]))
    return " " + _("Not counted: {parts}.").format(parts=_(" and ").join(parts)) if parts else ""


def print_scorecard(card: ScoreCard, respondents: Respondents, breakdown: Breakdown | None = None) -> None:
    """The score table: rich on a terminal, aligned plain text when piped. `breakdown`
    adds a column per respondent group."""
    from revision_cli.views.presentation import fraction_text

    title = f"{card.audit_id} — {card.battery.ref}" + (
        " — " + _("group {group}").format(group=card.group) if card.group else ""
    )
    sections = _score_rows(card, breakdown)
    headers = _headers(breakdown)
    rule = card.rule
    # The reason is looked up apart: Babel 2.17 would take the key's literal for a text to translate.
    reasons = respondents["suppressed"]
    groups = ", ".join(
        f"{g} {n}" if n is not None else _("{group} suppressed ({reason})").format(group=g, reason=_(reasons[g]))
        for g, n in respondents["groups"].items()
    )
    notes = [
        ngettext(
            "Green: share ≥ {green}; yellow: ≥ {yellow}; red: below; insufficient: fewer than {min} "
            "counted answer. Rating is the team's where given, else the computed colour.",
            "Green: share ≥ {green}; yellow: ≥ {yellow}; red: below; insufficient: fewer than {min} "
            "counted answers. Rating is the team's where given, else the computed colour.",
            rule.min_answers,
        ).format(green=fraction_text(rule.green), yellow=fraction_text(rule.yellow), min=rule.min_answers),
        _("Respondents: {total} in total; {groups}.").format(total=respondents["total"], groups=groups)
        + _left_out(respondents),
    ]
    from revision_cli.cli.statements_table import print_statements_rich, statements_plain

    note = _breakdown_note(breakdown)
    if card.areas and note:
        notes.append(note)
    if not card.areas:  # a battery of statements only: no colour table, no colour thresholds
        notes = notes[1:]
    if card.areas and not sections:  # free text only: a table of "insufficient" lights would mislead
        none = _("No question has an answer scale, so no colours are computed.")
        sys.stdout.write(f"{title}\n{none}\n{notes[1]}\n")
        return
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        areas = _plain_table(title, sections, headers) if card.areas else title + "\n"
        sys.stdout.write(areas + "\n".join(notes) + "\n" + statements_plain(card, breakdown))
        return
    from rich.console import Console

    from revision_cli.cli.tables import rich_table

    table = rich_table(title, headers, sections)
    console = Console()
    if card.areas:
        console.print(table)
    else:
        console.print(title, highlight=False)
    for note in notes:
        console.print(note, highlight=False)
    print_statements_rich(console, card, breakdown)


class progress_bar:
    """A progress bar on a terminal's stderr for long work; nothing when piped or asked not to.

    Use as a context manager; it yields a callback `(done, total)` for the core to call.
    Short runs never show it: the bar appears only once the work has taken a second.
    """

    def __init__(self, description: str, enabled: bool) -> None:
        self.description = description
        self.enabled = enabled and sys.stderr.isatty()
        self.started = 0.0
        self.shown: tuple[Progress, TaskID] | None = None  # the bar, once the work has taken a second

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not self.enabled:
            return None
        import time

        self.started = time.monotonic()
        return self.update

    def update(self, done: int, total: int) -> None:
        import time

        if self.shown is None:
            if time.monotonic() - self.started < 1.0:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(
                TextColumn(self.description),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            self.shown = bar, bar.add_task(self.description, total=total)
        bar, task = self.shown
        bar.update(task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.shown is not None:
            self.shown[0].stop()
