"""A run chart's centre line and signals, in exact arithmetic.

The rules are those of the IHI's run-chart guidance (Perla, Provost & Murray, "The run chart:
a simple analytical tool for learning from variation in healthcare processes", BMJ Quality &
Safety 2011;20:46-51; IHI QI Essentials Toolkit, Run Chart):

* the centre line is the median of all the points;
* a **shift** is six or more consecutive points all above, or all below, the median; a point
  on the median neither breaks a shift nor counts towards it;
* a **trend** is five or more consecutive points all going up, or all going down; a point
  equal to the one before neither breaks a trend nor counts towards it.

Values are Fractions (a Decimal converts exactly), so a point is on the median or not,
never nearly so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

SHIFT_POINTS = 6
TREND_POINTS = 5


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: Fraction


@dataclass(frozen=True)
class Signal:
    """A shift (`above`/`below` the median) or a trend (`up`/`down`) over the points
    `first`..`last` (indices, both included); `count` is how many points count towards it
    (points on the median, or equal to the one before, lie inside but do not count)."""

    kind: Literal["shift", "trend"]
    way: Literal["above", "below", "up", "down"]
    first: int
    last: int
    count: int

    def better(self, direction: str) -> bool:
        """Whether the signal points the way that is better (`lower` or `higher`)."""
        down = self.way in ("below", "down")
        return down if direction == "lower" else not down


@dataclass(frozen=True)
class RunChart:
    points: tuple[Point, ...]
    median: Fraction | None
    signals: tuple[Signal, ...]

    def in_signal(self, index: int) -> list[Signal]:
        return [s for s in self.signals if s.first <= index <= s.last]


def median(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("no values")
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def shifts(values: Sequence[Fraction], centre: Fraction, at_least: int = SHIFT_POINTS) -> list[Signal]:
    found: list[Signal] = []
    side: Literal["above", "below"] | None = None
    first = last = count = 0
    for i, value in enumerate(values):
        if value == centre:
            continue  # neither breaks nor counts
        here: Literal["above", "below"] = "above" if value > centre else "below"
        if here == side:
            last, count = i, count + 1
            continue
        if side is not None and count >= at_least:
            found.append(Signal("shift", side, first, last, count))
        side, first, last, count = here, i, i, 1
    if side is not None and count >= at_least:
        found.append(Signal("shift", side, first, last, count))
    return found


def trends(values: Sequence[Fraction], at_least: int = TREND_POINTS) -> list[Signal]:
    # The points that differ from the one before them (the first always counts): a repeated
    # value is skipped, so 3, 4, 4, 5 rises over three counted points.
    kept = [i for i, value in enumerate(values) if i == 0 or value != values[i - 1]]
    found: list[Signal] = []
    way: Literal["up", "down"] | None = None
    start = 0  # position in `kept` where the current run of steps starts
    for k in range(1, len(kept) + 1):
        step: Literal["up", "down"] | None = None
        if k < len(kept):
            step = "up" if values[kept[k]] > values[kept[k - 1]] else "down"
        if step is not None and step == way:
            continue
        if way is not None and k - start >= at_least:  # kept[start..k-1]: k - start points
            found.append(Signal("trend", way, kept[start], kept[k - 1], k - start))
        way, start = step, k - 1
    return found


def run_chart(points: Sequence[Point]) -> RunChart:
    """The points in date order, their median and every shift and trend among them."""
    ordered = tuple(sorted(points, key=lambda p: p.date))
    values = [p.value for p in ordered]
    if not values:
        return RunChart(ordered, None, ())
    centre = median(values)
    signals = sorted([*shifts(values, centre), *trends(values)], key=lambda s: (s.first, s.kind))
    return RunChart(ordered, centre, tuple(signals))


def meets_target(latest: Fraction, target: Fraction, direction: str) -> bool:
    """Whether the latest value reaches the target: at or below it when lower is better,
    at or above it when higher is."""
    return latest <= target if direction == "lower" else latest >= target
