"""The rated statements of `revision score`'s table: plain text when piped, rich on a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from revision_cli.cli.tables import Justify
from revision_cli.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import Console

    from revision_cli.scoring.breakdown import Breakdown
    from revision_cli.scoring.colours import ScoreCard

HEADERS: list[tuple[str, Justify]] = [
    (N_("Statement"), "left"),
    ("n", "right"),
    (N_("Mean"), "right"),
    (N_("Median"), "right"),
    (N_("Share ≥ positive"), "right"),
    (N_("Answers per value"), "left"),
]
NOTE = N_(
    "Statements: mean and median of the counted answers; share: answers at or above the scale's "
    "positive_from; fewer than {min} counted answers: insufficient, no mean, median or share."
)


def _headers(breakdown: Breakdown | None) -> list[tuple[str, Justify]]:
    return [(_(title), align) for title, align in HEADERS] + [
        (_("{group}: mean; share (n)").format(group=c.group), "right")
        for c in (breakdown.table_columns if breakdown else [])
    ]


def statements_plain(card: ScoreCard, breakdown: Breakdown | None = None) -> str:
    """The statements as an aligned plain-text table with its note; "" when there are none."""
    from revision_cli.views.statements import statements_title, table_rows

    if not card.statements:
        return ""
    rows = table_rows(card.statements, breakdown)
    headers = _headers(breakdown)
    from revision_cli.cli.tables import aligned

    out = ["", statements_title(card), *aligned(headers, [rows], gap=False)]
    out += ["", _(NOTE).format(min=card.rule.min_answers)]
    return "\n".join(out) + "\n"


def print_statements_rich(console: Console, card: ScoreCard, breakdown: Breakdown | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    from revision_cli.views.statements import statements_title, table_rows

    if not card.statements:
        return
    table = Table(title=statements_title(card), title_justify="left")
    for header, justify in _headers(breakdown):
        table.add_column(header, justify=justify)
    for row in table_rows(card.statements, breakdown):
        table.add_row(*(Text(cell, style="dim" if row[1] == "–" else "") for cell in row))
    console.print(table)
    console.print(_(NOTE).format(min=card.rule.min_answers), highlight=False)
