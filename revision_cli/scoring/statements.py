"""Rated statements (a quality declaration): per statement n, mean, median, the share at or
above the scale's positive_from, and the distribution of answers. Exact Fractions; no I/O.

What counts: every answer whose value lies on the statement's range scale. An answer left
empty (`null`) or missing from an interview of a group the statement is asked of is *not
answered*; one of the options without score a scale may have beside its range (vet-ej) is
*excluded*. Neither is counted, and the number of each is reported (PRODUCT.md §4).

A statement with fewer counted answers than the battery's `rating.min_answers` shows its
n and distribution but no mean, median or share: two answers make no mean worth printing.
A statement asked of only some of the interviewed groups, when those groups together have
fewer than min_group_size respondents, is withheld in the total (rule 1 of suppression.py,
as for questions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from revision_cli.models.battery import Battery, Scale, Statement
from revision_cli.models.interview import Answer, Interview
from revision_cli.scoring.scales import is_option, positive_from, span
from revision_cli.scoring.suppression import GroupSizes

if TYPE_CHECKING:  # results.yaml's models are made only for an archived audit
    from revision_cli.models.results import FrozenStatement

NOT_KEPT = "figures of rated statements are not kept for archived audits"


@dataclass
class StatementScore:
    statement: Statement
    scale: Scale | None  # None when the figures are withheld and the scale is of no use
    n: int = 0  # counted answers
    not_answered: int = 0  # respondents asked who left it empty or out
    excluded: int = 0  # answers given but not counted: an option without score (vet-ej)
    mean: Fraction | None = None
    median: Fraction | None = None
    share: Fraction | None = None  # counted answers at or above positive_from, as a share
    distribution: dict[int, int] = field(default_factory=dict)  # every value of the range, zeros included
    insufficient: bool = False  # fewer counted answers than min_answers: no mean, median, share
    suppressed: str | None = None  # why every figure is withheld

    @property
    def id(self) -> str:
        return self.statement.id

    @property
    def positive_from(self) -> int | None:
        return self.scale.positive_from if self.scale is not None else None


def median(values: list[int]) -> Fraction | None:
    """The exact median: the middle value, or the mean of the two middle values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def statement_figures(
    statement: Statement, scale: Scale, values: Sequence[int | None], min_answers: int, excluded: int = 0
) -> StatementScore:
    """The figures of one statement from the values its respondents gave (None: not answered)
    and the number of answers not counted (`excluded`: vet-ej)."""
    bounds = span(scale)  # checks.statements: a statement's scale is a range
    counted = [
        int(v) for v in values if v is not None and not isinstance(v, bool) and bounds.min <= int(v) <= bounds.max
    ]
    distribution = {value: 0 for value in range(bounds.min, bounds.max + 1)}
    for value in counted:
        distribution[value] += 1
    result = StatementScore(
        statement,
        scale,
        n=len(counted),
        not_answered=len(values) - len(counted),
        excluded=excluded,
        distribution=distribution,
    )
    if len(counted) < min_answers:
        result.insufficient = True
        return result
    result.mean = Fraction(sum(counted), len(counted))
    result.median = median(counted)
    positive = positive_from(scale)
    result.share = Fraction(sum(v >= positive for v in counted), len(counted))
    return result


def _value(answer: Answer | None) -> int | None:
    """An answer's value as a whole number, or None (empty, or not a whole number)."""
    if answer is None or answer.value is None or isinstance(answer.value, bool):
        return None
    value = answer.value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else None
    return value if isinstance(value, int) else None


def score_statements(
    battery: Battery, interviews: list[Interview], sizes: GroupSizes | None, group: str | None = None
) -> list[StatementScore]:
    """Every statement asked of the interviews' groups (of `group` only, when given),
    scored over `interviews` (already limited to that group and to consenting ones); with
    `sizes`, the total's rule 1 withholds a small group's statement."""
    results: list[StatementScore] = []
    for statement in battery.statements:
        asked = set(battery.question_groups(statement))
        if group is not None and group not in asked:
            continue  # a group's view lists what that group was asked
        scale = battery.scales[statement.scale]
        reason = sizes.total_reason(asked) if sizes else None
        if reason:
            results.append(StatementScore(statement, None, suppressed=reason))
            continue
        values: list[int | None] = []
        excluded = 0
        for interview in interviews:
            if interview.group not in asked:
                continue
            answer = interview.answers.get(statement.id)
            if answer is not None and answer.value is not None and is_option(scale, answer.value):
                excluded += 1
            else:
                values.append(_value(answer))
        results.append(statement_figures(statement, scale, values, battery.rating.min_answers, excluded))
    return results


def thawed(
    battery: Battery, frozen: list[FrozenStatement], sizes: GroupSizes | None, group: str | None = None
) -> list[StatementScore]:
    """An archived audit's statements from their frozen counts (results.yaml): the same
    figures the interviews gave, since mean, median and share follow from the counts.
    With `sizes` (the total's), rule 1 is applied again: a larger min_group_size since the
    archive withholds as live."""
    kept = {entry.id: entry for entry in frozen}
    results: list[StatementScore] = []
    for statement in battery.statements:
        if group is not None and group not in battery.question_groups(statement):
            continue  # a group's view lists what that group was asked
        entry = kept.get(statement.id)
        if entry is None:
            results.append(StatementScore(statement, None, suppressed=NOT_KEPT))
            continue
        reason = entry.suppressed or (sizes.total_reason(battery.question_groups(statement)) if sizes else None)
        if reason:
            results.append(StatementScore(statement, None, suppressed=reason))
            continue
        values = [value for value, count in sorted(entry.distribution.items()) for _ in range(count)]
        results.append(
            statement_figures(
                statement,
                battery.scales[statement.scale],
                values + [None] * entry.not_answered,
                battery.rating.min_answers,
                entry.excluded,
            )
        )
    return results


def not_kept(battery: Battery, group: str | None = None) -> list[StatementScore]:
    """Statements whose figures results.yaml does not hold (one group's, of an archived audit)."""
    return [
        StatementScore(statement, None, suppressed=NOT_KEPT)
        for statement in battery.statements
        if group is None or group in battery.question_groups(statement)
    ]
