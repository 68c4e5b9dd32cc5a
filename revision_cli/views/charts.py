"""Bar charts of how a question was answered: the geometry, as plain numbers.

`distribution` puts a question's answer counts in the order of its scale (the options as
the battery lists them, or 1..max on a range scale), every option a bar, the ones that
are not counted (like "vet ej") marked. `bar_chart` turns that into sizes and positions
for the report template to draw as SVG. No SVG or HTML is built here: the template writes
the elements and escapes every text.

Each bar is a row: its label on a line above it, the bar from the left edge, its count
written just after the bar's end. Bar lengths are proportional to the counts, the
largest count filling the bar area; with no answers at all every bar is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from revision_cli.models.battery import Scale

WIDTH = 480  # the drawing's width; the template scales it down on narrow screens
COUNT_SPACE = 48  # room after the longest bar for its count
ROW = 40  # a label line plus a bar
BAR_HEIGHT = 16
LABEL_BASELINE = 13  # from the row's top
BAR_TOP = 18  # from the row's top
PAD = 4  # above the first row and below the last


@dataclass(frozen=True)
class Entry:
    """One option of the scale: what the report calls it, how many gave it, counted or not."""

    value: str
    label: str
    count: int
    counted: bool
    lang: str | None = None  # the label's language when not the report's: the HTML marks it


@dataclass(frozen=True)
class Bar:
    value: str
    label: str
    count: int
    counted: bool
    label_y: float  # baseline of the label line
    y: float  # top of the bar
    length: float  # 0 for a count of 0
    count_x: float  # where the count is written, just after the bar
    count_y: float  # its baseline
    lang: str | None = None  # the label's language when not the report's


class Chart(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    width: int
    height: int
    bar_height: int
    bar_area: int  # the length of a bar whose count is the largest
    total: int
    bars: tuple[Bar, ...]


def distribution(scale: Scale, counts: dict[str, int], lang: str, default_lang: str) -> list[Entry]:
    """A question's counts (value → how many) in its scale's order. Options nobody gave
    count 0; values outside the scale (none in a valid audit) follow, not counted."""
    entries: list[Entry] = []
    if scale.range is not None:  # the numbers first, then any option beside them (vet-ej)
        for number in range(scale.range.min, scale.range.max + 1):
            entries.append(Entry(str(number), str(number), counts.get(str(number), 0), True))
    for option in scale.options or []:
        value = str(option.value)
        label = option.label.get(lang, default_lang) if option.label else value
        shown = option.label.lang_of(lang, default_lang) if option.label else lang
        entries.append(
            Entry(value, label, counts.get(value, 0), option.score is not None, shown if shown != lang else None)
        )
    known = {entry.value for entry in entries}
    entries += [Entry(value, value, n, False) for value, n in counts.items() if value not in known]
    return entries


def _round(x: float) -> float:
    return round(x, 1)


def bar_chart(entries: list[Entry]) -> Chart:
    """Sizes and positions of one bar per entry, in order, lengths proportional to counts."""
    bar_area = WIDTH - COUNT_SPACE
    largest = max((entry.count for entry in entries), default=0)
    bars = []
    for i, entry in enumerate(entries):
        top = PAD + i * ROW
        length = _round(bar_area * entry.count / largest) if largest else 0.0
        bars.append(
            Bar(
                value=entry.value,
                label=entry.label,
                count=entry.count,
                counted=entry.counted,
                label_y=top + LABEL_BASELINE,
                y=top + BAR_TOP,
                length=length,
                count_x=_round(length + 6),
                count_y=top + BAR_TOP + BAR_HEIGHT - 3,
                lang=entry.lang,
            )
        )
    return Chart(
        width=WIDTH,
        height=2 * PAD + ROW * len(entries),
        bar_height=BAR_HEIGHT,
        bar_area=bar_area,
        total=sum(entry.count for entry in entries),
        bars=tuple(bars),
    )
