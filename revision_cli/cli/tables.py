"""Aligned plain-text tables for pipes and files (rich adds nothing there): one renderer for
every table `revision` prints. A cell is text, or (text, rich style) of which only the text
is used here."""

from __future__ import annotations


def _text(cell) -> str:
    return cell if isinstance(cell, str) else cell[0]


def aligned(headers: list[tuple[str, str]], sections: list[list], gap: bool = True) -> list[str]:
    """Header, rule and rows, each column as wide as its widest cell; `headers` are
    (title, "left"|"right"). With `gap`, a blank line follows each section."""
    text = [[_text(c) for c in row] for rows in sections for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in text)) for i, (h, _) in enumerate(headers)]

    def line(cells):
        return "  ".join(c.ljust(w) if j == "left" else c.rjust(w)
                         for c, w, (_, j) in zip(cells, widths, headers)).rstrip()

    out = [line([h for h, _ in headers]), line(["-" * w for w in widths])]
    for rows in sections:
        out.extend(line([_text(c) for c in row]) for row in rows)
        if gap:
            out.append("")
    return out


def rich_table(title: str | None, headers: list[tuple[str, str]], sections: list[list]):
    """The same table for a terminal, drawn by rich: a section line between sections, and
    each (text, style) cell in its style."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    for header, justify in headers:
        table.add_column(header, justify=justify)
    for rows in sections:
        for row in rows:
            table.add_row(*(Text(c) if isinstance(c, str) else Text(c[0], style=c[1]) for c in row))
        table.add_section()
    return table
