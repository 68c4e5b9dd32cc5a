"""Tables that fit the terminal without breaking a word or a date across lines.

rich shrinks a table that is too wide by narrowing its widest columns, below their longest
word if need be, and then folds or cuts that word (a date becomes `2013-11-` and `20`, a
slug `2024-tallasen-avsluta…`). `fit` instead gives each column at least its longest word
(its longest line in the columns asked to keep lines whole) and narrows the widest columns first, as
rich does, but never below that, so rich only ever wraps between words; when even that is too
wide it says so, and the command prints a narrower layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

    from rich.console import Console
    from rich.table import Table

WIDE = 10_000  # a width no table reaches: measurements without the terminal's limit


def fit(table: Table, console: Console, whole: Collection[int] = ()) -> bool:
    """Fix the widths of `table`'s columns so that it fits `console` with no word broken;
    False (and the table unchanged) when its words alone are wider than the terminal.
    Columns numbered in `whole` keep each line of their cells on one line (a light and its
    count, a date and its mark); their headers still wrap between words."""
    from rich.measure import Measurement

    options = console.options.update_width(WIDE)
    ranges = []
    for index, column in enumerate(table.columns):
        head = Measurement.get(console, options, column.header)
        found = [Measurement.get(console, options, cell) for cell in column.cells]
        longest = max([head.maximum, *(m.maximum for m in found)])
        if index in whole:
            least = max([head.minimum, *(m.maximum for m in found)])
        else:
            least = max([head.minimum, *(m.minimum for m in found)])
        ranges.append((least, longest))
    # Borders and padding: the table's whole width beyond what its cells need.
    overhead = Measurement.get(console, options, table).maximum - sum(high for _low, high in ranges)
    room = console.width - overhead
    least = sum(low for low, _high in ranges)
    if least > room:
        return False
    if sum(high for _low, high in ranges) <= room:
        return True  # every line of every cell fits as it is: rich wraps nothing

    # As rich does, narrow the widest columns first, each to one cap, but none below its
    # longest word: the largest cap that fits.
    def width(cap: int) -> list[int]:
        return [max(low, min(high, cap)) for low, high in ranges]

    cap = max(high for _low, high in ranges)
    while sum(width(cap)) > room:
        cap -= 1
    widths = width(cap)
    # The room rounding left goes, a character each, to the columns still narrowed.
    for index in [i for i, (w, (_low, high)) in enumerate(zip(widths, ranges, strict=True)) if w < high][
        : room - sum(widths)
    ]:
        widths[index] += 1
    for column, chosen in zip(table.columns, widths, strict=True):
        column.width = chosen
    return True
