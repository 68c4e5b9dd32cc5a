"""Printing: findings as `path:line:column: severity [code] message`, JSON, and the score table."""

from __future__ import annotations

import json
import os
import sys

import typer


def print_findings(findings, err: bool = False) -> None:
    for finding in findings:
        typer.echo(finding.format(), err=err)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


_STYLES = {"green": "green", "yellow": "yellow", "red": "red", "insufficient": "dim", "none": ""}


def _light(rating, suppressed: str | None = None) -> tuple[str, str]:
    """(text, rich style) of a light: symbol and word, so colour is never needed."""
    from ..presentation import badge

    if suppressed:
        return f"– suppressed: {suppressed}", "dim"
    key = rating.value if rating is not None else "none"
    return badge(rating, "en"), _STYLES[key]


def _figures(item) -> tuple[str, str, str]:
    from ..presentation import percent

    if item.suppressed:
        return "–", "–", "–"
    return percent(item.share, "en") or "–", str(item.n), str(item.excluded)


_HEADERS = [("Area / sub-area / question", "left"), ("Rating", "left"), ("Computed", "left"),
            ("Share", "right"), ("n", "right"), ("Excluded", "right")]


def _score_rows(card) -> list[list]:
    """Sections of rows; each cell is text or (text, style). Title cells of areas are bold."""
    from ..themes_view import has_colours

    sections = []
    for area in card.areas:
        if not has_colours(area):
            continue  # free text only: no colour to show (its themes are listed below the table)
        rows = [[(f"{area.area.title.get('en')} ({area.id})", "bold"),
                 _light(area.team) if area.suppressed else _light(area.rating),
                 _light(area.computed, area.suppressed), *_figures(area)]]
        for sub in area.subareas:
            if not has_colours(sub):
                continue
            marker = " ≠ team differs" if sub.differs else ""
            rows.append([f"  {sub.subarea.title.get('en')} ({sub.id}){marker}",
                         _light(sub.team) if sub.suppressed else _light(sub.rating),
                         _light(sub.computed, sub.suppressed), *_figures(sub)])
            rows.extend([f"    {q.id}", "", _light(q.computed, q.suppressed), *_figures(q)]
                        for q in sub.questions if q.scored and (q.answered or q.suppressed))
        sections.append(rows)
    return sections


def _plain_table(title: str, sections: list[list]) -> str:
    """The table as aligned plain text, for pipes and files: rich adds nothing there."""
    text = [[c if isinstance(c, str) else c[0] for c in row] for rows in sections for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in text)) for i, (h, _) in enumerate(_HEADERS)]

    def line(cells):
        return "  ".join(c.ljust(w) if j == "left" else c.rjust(w)
                         for c, w, (_, j) in zip(cells, widths, _HEADERS)).rstrip()

    out = [title, line([h for h, _ in _HEADERS]), line(["-" * w for w in widths])]
    for rows in sections:
        out.extend(line([c if isinstance(c, str) else c[0] for c in row]) for row in rows)
        out.append("")
    return "\n".join(out)


def print_scorecard(card, respondents: dict) -> None:
    """The score table: rich on a terminal, aligned plain text when piped."""
    from ..presentation import fraction_text

    title = f"{card.audit_id} — {card.battery.ref}" + (f" — group {card.group}" if card.group else "")
    sections = _score_rows(card)
    rule = card.rule
    groups = ", ".join(f"{g} {n}" if n is not None else f"{g} suppressed ({respondents['suppressed'][g]})"
                       for g, n in respondents["groups"].items())
    notes = [f"Green: share ≥ {fraction_text(rule.green)}; yellow: ≥ {fraction_text(rule.yellow)}; "
             f"red: below; insufficient: fewer than {rule.min_answers} counted answers. "
             "Rating is the team's where given, else the computed colour.",
             f"Respondents: {respondents['total']} in total; {groups}."]
    if not sections:  # free text only: a table of "insufficient" lights would mislead
        sys.stdout.write(f"{title}\nNo question has an answer scale, so no colours are computed.\n{notes[1]}\n")
        return
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        sys.stdout.write(_plain_table(title, sections) + "\n".join(notes) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    for header, justify in _HEADERS:
        table.add_column(header, justify=justify)
    for rows in sections:
        for row in rows:
            table.add_row(*(Text(c) if isinstance(c, str) else Text(c[0], style=c[1]) for c in row))
        table.add_section()
    console = Console()
    console.print(table)
    for note in notes:
        console.print(note, highlight=False)


class progress_bar:
    """A progress bar on a terminal's stderr for long work; nothing when piped or asked not to.

    Use as a context manager; it yields a callback `(done, total)` for the core to call.
    Short runs never show it: the bar appears only once the work has taken a second.
    """

    def __init__(self, description: str, enabled: bool):
        self.description = description
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        import time

        self.started = time.monotonic()
        return self.update

    def update(self, done: int, total: int) -> None:
        import time

        if self.bar is None:
            if time.monotonic() - self.started < 1.0:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn(self.description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
