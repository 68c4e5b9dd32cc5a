"""Printing: findings as `path:line:column: severity [code] message`, JSON, and the score table."""

from __future__ import annotations

import json
import sys

import typer


def print_findings(findings, err: bool = False) -> None:
    for finding in findings:
        typer.echo(finding.format(), err=err)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


_STYLES = {"green": "green", "yellow": "yellow", "red": "red", "insufficient": "dim", "none": ""}


def _light(rating, lang: str = "en", suppressed: str | None = None):
    from rich.text import Text

    from ..presentation import badge

    if suppressed:
        return Text(f"– suppressed: {suppressed}", style="dim")
    key = rating.value if rating is not None else "none"
    return Text(badge(rating, lang), style=_STYLES[key])


def _figures(item) -> tuple[str, str, str]:
    from ..presentation import percent

    if item.suppressed:
        return "–", "–", "–"
    return percent(item.share, "en") or "–", str(item.n), str(item.excluded)


def print_scorecard(card, respondents: dict) -> None:
    """A rich table; every light carries a symbol and a word, so colour is never needed."""
    from rich.console import Console
    from rich.table import Table

    from ..presentation import fraction_text

    console = Console()
    title = f"{card.audit_id} — {card.battery.ref}" + (f" — group {card.group}" if card.group else "")
    table = Table(title=title, title_justify="left")
    for header, justify in [("Area / sub-area / question", "left"), ("Rating", "left"), ("Computed", "left"),
                            ("Share", "right"), ("n", "right"), ("Excluded", "right")]:
        table.add_column(header, justify=justify)
    for area in card.areas:
        table.add_row(f"[bold]{area.area.title.get('en')}[/bold] ({area.id})",
                      _light(area.team) if area.suppressed else _light(area.rating),
                      _light(area.computed, suppressed=area.suppressed), *_figures(area))
        for sub in area.subareas:
            marker = " ≠ team differs" if sub.differs else ""
            table.add_row(f"  {sub.subarea.title.get('en')} ({sub.id}){marker}",
                          _light(sub.team) if sub.suppressed else _light(sub.rating),
                          _light(sub.computed, suppressed=sub.suppressed), *_figures(sub))
            for q in sub.questions:
                if q.scored and (q.answered or q.suppressed):
                    table.add_row(f"    {q.id}", "", _light(q.computed, suppressed=q.suppressed), *_figures(q))
        table.add_section()
    console.print(table)
    rule = card.rule
    console.print(f"Green: share ≥ {fraction_text(rule.green)}; yellow: ≥ {fraction_text(rule.yellow)}; "
                  f"red: below; insufficient: fewer than {rule.min_answers} counted answers. "
                  "Rating is the team's where given, else the computed colour.", highlight=False)
    groups = ", ".join(f"{g} {n}" if n is not None else f"{g} suppressed ({respondents['suppressed'][g]})"
                       for g, n in respondents["groups"].items())
    console.print(f"Respondents: {respondents['total']} in total; {groups}.", highlight=False)


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
