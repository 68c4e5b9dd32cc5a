"""Rules of one indicators.yaml (an audit's or a unit's) beyond its shape: ids and dates once
each, no measurement from the future, one unit of measure per indicator, and a target that
lies on the better side of the baseline."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from revision_cli.checks.retention import default_today
from revision_cli.errors import Finding, Severity
from revision_cli.i18n import _
from revision_cli.models.indicators import number_text
from revision_cli.models.words import loose

if TYPE_CHECKING:
    from revision_cli.files.loading import Loaded
    from revision_cli.models.base import Text
    from revision_cli.models.indicators import Indicator, Indicators


def same_unit(written: Text, declared: Text) -> bool:
    """Whether a measurement's unit is its indicator's: any of its spellings equals any of
    the indicator's, ignoring case, å ä ö and separators (`Besök` is `besok`)."""
    wanted = {loose(t) for t in declared.all()}
    return any(loose(t) in wanted for t in written.all())


def check_indicators(loaded: Loaded[Indicators], today: dt.date | None = None) -> list[Finding]:
    today = today or default_today()
    found: list[Finding] = []
    seen: dict[str, int] = {}
    for i, indicator in enumerate(loaded.model.indicators):
        if indicator.id in seen:
            found.append(
                loaded.finding(
                    ("indicators", i, "id"),
                    "indicators-duplicate-id",
                    _("indicator id '{id}' is also used by indicator {n} of this file").format(
                        id=indicator.id, n=seen[indicator.id] + 1
                    ),
                )
            )
        else:
            seen[indicator.id] = i
        found.extend(_target(loaded, i, indicator))
        found.extend(_measurements(loaded, i, indicator, today))
    return found


def _target(loaded: Loaded[Indicators], i: int, indicator: Indicator) -> list[Finding]:
    base, target = indicator.baseline, indicator.target
    if base is None or target is None:
        return []
    worse = target > base if indicator.direction == "lower" else target < base
    if not worse:
        return []
    if indicator.direction == "lower":
        message = _(
            "the target {target} is higher than the baseline {baseline}, but lower is better here; "
            "is the direction or the target mistyped?"
        )
    else:
        message = _(
            "the target {target} is lower than the baseline {baseline}, but higher is better here; "
            "is the direction or the target mistyped?"
        )
    return [
        loaded.finding(
            ("indicators", i, "target"),
            "indicators-target-direction",
            message.format(target=number_text(target), baseline=number_text(base)),
            severity=Severity.WARNING,
        )
    ]


def _measurements(loaded: Loaded[Indicators], i: int, indicator: Indicator, today: dt.date) -> list[Finding]:
    found: list[Finding] = []
    dates: dict[dt.date, int] = {}
    previous: dt.date | None = None
    for j, m in enumerate(indicator.measurements):
        loc = ("indicators", i, "measurements", j)
        if m.date in dates:
            found.append(
                loaded.finding(
                    (*loc, "date"),
                    "indicators-duplicate-date",
                    _(
                        "indicator '{id}' has a measurement on {date} already (measurement {n}); "
                        "give one value per date"
                    ).format(id=indicator.id, date=m.date.isoformat(), n=dates[m.date] + 1),
                )
            )
        else:
            dates[m.date] = j
        if m.date > today:
            found.append(
                loaded.finding(
                    (*loc, "date"),
                    "indicators-future-date",
                    _(
                        "the measurement is dated {date}, after today ({today}); is the year or the month mistyped?"
                    ).format(date=m.date.isoformat(), today=today.isoformat()),
                    # A warning, as an interview's or a meeting's date after today: the figures
                    # still stand, and a report dated in the past (REVISION_TODAY) is still made.
                    severity=Severity.WARNING,
                )
            )
        elif previous is not None and m.date < previous:
            found.append(
                loaded.finding(
                    (*loc, "date"),
                    "indicators-date-order",
                    _(
                        "the measurement of {date} follows one of {previous}; the run chart orders them by date, "
                        "but the file reads more easily in that order too"
                    ).format(date=m.date.isoformat(), previous=previous.isoformat()),
                    severity=Severity.WARNING,
                )
            )
        previous = m.date if previous is None or m.date > previous else previous
        if m.unit is not None and not same_unit(m.unit, indicator.unit):
            found.append(
                loaded.finding(
                    (*loc, "unit"),
                    "indicators-unit-mismatch",
                    _(
                        "the measurement is in '{unit}', but indicator '{id}' is measured in '{declared}'; "
                        "convert the value, or leave out the measurement's unit"
                    ).format(unit=m.unit.all()[0], id=indicator.id, declared=" / ".join(indicator.unit.all())),
                )
            )
    return found
