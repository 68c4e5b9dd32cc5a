"""Aligned plain-text tables for pipes and files (rich adds nothing there): one renderer for
every table `revision` prints. A cell is text, or (text, rich style) of which only the text
is used here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.table import Table

Justify = Literal["left", "right"]
Cell = str | tuple[str, str]  # text, or (text, rich style)
Rows = Sequence[Sequence[Cell]]


def _text(cell: Cell) -> str:
    """A cell's text, its control characters escaped (a unit name or a file name may hold
    an escape sequence that would retitle or clear the terminal)."""
    from revision_cli.characters import terminal_safe

    return terminal_safe(cell if isinstance(cell, str) else cell[0])


def aligned(headers: Sequence[tuple[str, Justify]], sections: Sequence[Rows], gap: bool = True) -> list[str]:
    """Header, rule and rows, each column as wide as its widest cell; `headers` are
    (title, "left"|"right"). With `gap`, a blank line follows each section."""
    text = [[_text(c) for c in row] for rows in sections for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in text)) for i, (h, _) in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if j == "left" else c.rjust(w) for c, w, (_, j) in zip(cells, widths, headers, strict=True)
        ).rstrip()

    out = [line([h for h, _ in headers]), line(["-" * w for w in widths])]
    for rows in sections:
        out.extend(line([_text(c) for c in row]) for row in rows)
        if gap:
            out.append("")
    return out


def rich_table(title: str | None, headers: Sequence[tuple[str, Justify]], sections: Sequence[Rows]) -> Table:
    """The same table for a terminal, drawn by rich: a section line between sections, and
    each (text, style) cell in its style."""
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    table = Table(title=Text(terminal_safe(title)) if title else None, title_justify="left")
    for header, justify in headers:
        table.add_column(terminal_safe(header), justify=justify)
    for rows in sections:
        for row in rows:
            table.add_row(*(Text(_text(c)) if isinstance(c, str) else Text(_text(c), style=c[1]) for c in row))
        table.add_section()
    return table
