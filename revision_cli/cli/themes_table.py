"""The themes part of `revision score`: one row per theme, below the colour table."""

from __future__ import annotations

import os
import sys
from typing import Any

from revision_cli.cli.tables import Justify

_HEADERS: list[tuple[str, Justify]] = [
    ("Theme", "left"),
    ("Interviews", "right"),
    ("Questions (answers)", "left"),
    ("Quotes", "right"),
]


def _rows(data: dict[str, Any]) -> list[list[str]]:
    def shown(value: object) -> str:
        return "not kept" if value is None else str(value)

    rows = []
    for theme in data["themes"]:
        questions = theme["questions"]
        listed = "–" if not questions else ", ".join(f"{q} {n}" for q, n in questions.items())
        rows.append(
            [
                f"{theme['title']} ({theme['id']})",
                shown(theme["interviews"]),
                shown(questions) if questions is None else listed,
                shown(theme["quotes"]),
            ]
        )
    return rows


def print_themes(data: dict[str, Any], group: str | None = None) -> None:
    """`data` is themes_view.themes_json's; nothing when the audit declares no themes."""
    if group is not None:
        sys.stdout.write("Themes and quotes are never broken down by group; run without --group to see them.\n")
        return
    if not data:
        return
    rows = _rows(data)
    notes = ["Interviews: how many interviews raised the theme (each counted once)."]
    if data["uncoded"]:
        notes.append(f"{data['uncoded']} free-text answers are not yet coded with a theme.")
    elif data["uncoded"] is None:
        notes.append("The interviews are archived; the theme counts were not kept.")
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        from revision_cli.cli.tables import aligned

        out = ["", "Themes", *aligned(_HEADERS, [rows], gap=False)]
        sys.stdout.write("\n".join([*out, *notes]) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Themes", title_justify="left")
    for header, justify in _HEADERS:
        table.add_column(header, justify=justify)
    for row in rows:
        table.add_row(*row)
    console = Console()
    console.print(table)
    for note in notes:
        console.print(note, highlight=False)
