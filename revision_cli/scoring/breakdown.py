"""Figures per respondent group, beside the total (issue: group breakdowns everywhere). No I/O.

Each group with respondents gets a column: its own score card when the suppression rule
allows it, else only the reason. Free text and quotes are never broken down: only the
scored figures of the card are looked up here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from revision_cli.scoring.colours import AreaScore, QuestionScore, ScoreCard, SubareaScore
from revision_cli.scoring.suppression import SAME_AS_TOTAL, WITHHELD_TO_PROTECT, GroupSizes

if TYPE_CHECKING:
    from revision_cli.models.battery import Battery
    from revision_cli.scoring.statements import StatementScore

# What an id names in a card: areas, sub-areas, questions and statements share one namespace.
Item: TypeAlias = "AreaScore | SubareaScore | QuestionScore | StatementScore"

ONE_GROUP = "one-group"  # every respondent is in one group: its figures are the total
NOT_KEPT = "not-kept"  # an archived audit keeps only the figures of all groups together


@dataclass
class GroupColumn:
    group: str
    count: int | None  # None when suppressed: the size of a hidden group is not shown either
    card: ScoreCard | None  # None when suppressed
    reason: str | None = None  # why suppressed (suppression.TOO_FEW, or SAME_AS_TOTAL)
    repeated: ScoreCard | None = None  # the protected card of a column that only repeats the total

    def item(self, ident: str, kind: type[Item] | None = None) -> Item | None:
        """The group's area, sub-area, question or statement with this id, of this `kind`
        (within one battery they share one namespace; the batteries of one audit may each
        have an id of another kind: models.combined)."""
        if self.card is None:
            return None
        if not hasattr(self, "_index"):
            index: dict[str, list[Item]] = {}
            for area in self.card.areas:
                index.setdefault(area.id, []).append(area)
                for sub in area.subareas:
                    index.setdefault(sub.id, []).append(sub)
                    for q in sub.questions:
                        index.setdefault(q.id, []).append(q)
            for statement in self.card.statements:
                index.setdefault(statement.id, []).append(statement)
            self._index = index
        found = self._index.get(ident, [])
        return next((i for i in found if kind is None or isinstance(i, kind)), None)


@dataclass
class Breakdown:
    columns: list[GroupColumn]
    none_because: str | None = None  # ONE_GROUP or NOT_KEPT when there are no columns
    min_size: int = 0  # anonymity.min_group_size

    @property
    def table_columns(self) -> list[GroupColumn]:
        """The columns a table shows: none when no group has a card (a column of dashes
        beside every row would say nothing the note does not)."""
        return self.columns if any(c.card is not None for c in self.columns) else []

    @property
    def protected(self) -> bool:
        """Whether protect() withheld some figure of a shown group's card."""
        return any(_withheld_any(c.card) for c in self.columns if c.card is not None)

    @staticmethod
    def withheld(column: GroupColumn, item: Item) -> str | None:
        """Why this column shows no figure of the item: the group has no card, or protect()
        withheld the item in it."""
        if column.card is None:
            return column.reason
        own = column.item(item.id, type(item))
        return own.suppressed if own is not None else None

    def asked(self, battery: Battery, item: AreaScore | SubareaScore | QuestionScore, group: str) -> bool:
        """Whether any scored question under `item` is asked of `group`."""
        questions: list[QuestionScore]
        if isinstance(item, QuestionScore):
            questions = [item]
        elif isinstance(item, SubareaScore):
            questions = item.questions
        else:
            questions = [q for sub in item.subareas for q in sub.questions]
        return any(q.scored and group in battery.question_groups(q.question) for q in questions)


def group_breakdown(
    counts: dict[str, int | None],
    hidden: dict[str, str],
    score_group: Callable[[str], ScoreCard],
    min_size: int = 0,
) -> Breakdown:
    """Columns for the groups that have respondents, in the battery's order.

    `score_group(g)` gives the group's card. With respondents in one group only there is
    nothing to break down: the group's figures are the total's.
    """
    present = [g for g, n in counts.items() if n != 0]
    if not present:
        return Breakdown([])
    if len(present) < 2:
        # One group: its figures are the total's (unless it is too small: then there is
        # nothing to say about groups beyond the respondent table's reason).
        return Breakdown([], None if present[0] in hidden else ONE_GROUP)
    columns: list[GroupColumn] = []
    for g in present:
        if g in hidden:
            columns.append(GroupColumn(g, None, None, hidden[g]))
        else:
            columns.append(GroupColumn(g, counts[g], score_group(g)))
    return Breakdown(columns, min_size=min_size)


def protect(breakdown: Breakdown, sizes: GroupSizes) -> None:
    """Rule 2 of suppression.py in the shown groups' cards: where total minus the shown
    groups would be the figure of fewer than k hidden respondents, withhold the item in the
    smallest shown group's card until it is not, and every mean above it there. The cards
    changed here are what the tables, `score --group` and the archive show."""
    from revision_cli.scoring.colours import _withheld, withhold_means_above
    from revision_cli.scoring.statements import StatementScore

    by_group = {c.group: (c, c.card) for c in breakdown.columns if c.card is not None}
    if not by_group:
        return
    battery = next(iter(by_group.values()))[1].battery
    for _, _, question in battery.questions():
        for group in sizes.withheld_in(battery.question_groups(question)):
            own = by_group[group][0].item(question.id, QuestionScore) if group in by_group else None
            if isinstance(own, QuestionScore) and own.scored and not own.suppressed:
                _withheld(own, WITHHELD_TO_PROTECT)
    for statement in battery.statements:
        for group in sizes.withheld_in(battery.question_groups(statement)):
            if group not in by_group:
                continue
            column, card = by_group[group]
            card.statements = [
                StatementScore(own.statement, None, suppressed=WITHHELD_TO_PROTECT) if own.id == statement.id else own
                for own in card.statements
            ]
            column.__dict__.pop("_index", None)
    for _, card in by_group.values():
        withhold_means_above(card)


def drop_repeats(breakdown: Breakdown, sizes: GroupSizes, total: ScoreCard) -> None:
    """Turn a shown card that only repeats the total into a reason (SAME_AS_TOTAL).

    Five users and two staff in goteborg: each scored question is asked of users only or of
    staff only, the staff ones read "too few" in the total, and rule 2 withholds what the
    users share with the staff. What is left of the users' card is the total again; a column
    of copies beside the total says nothing and reads as if it did. `score --group` still
    gives the (protected) card.
    """
    for column in breakdown.columns:
        if column.card is not None and not _withheld_any(column.card) and not _own_figures(column, sizes, total):
            column.repeated, column.card, column.count, column.reason = column.card, None, None, SAME_AS_TOTAL


def _own_figures(column: GroupColumn, sizes: GroupSizes, total: ScoreCard) -> bool:
    """Whether the card shows a figure that other interviewed groups' answers also enter in
    the total: a question, statement or mean of its own."""
    from revision_cli.scoring.colours import asked_of

    battery, interviewed = total.battery, sizes.interviewed

    def own(item: Item, asked: set[str]) -> bool:
        asked &= interviewed
        mine = column.item(item.id, type(item))
        return column.group in asked and asked != {column.group} and mine is not None and not mine.suppressed

    for area in total.areas:
        for sub in area.subareas:
            shown = [q for q in sub.questions if q.scored and not q.suppressed]
            if own(sub, asked_of(battery, [q.question for q in shown])):
                return True
            if any(own(q, set(battery.question_groups(q.question))) for q in shown):
                return True
    return any(own(s, set(battery.question_groups(s.statement))) for s in total.statements if not s.suppressed)


def _withheld_any(card: ScoreCard) -> bool:
    """Whether protect() withheld something in this card: then its column says so, cell by cell."""
    return any(q.suppressed for a in card.areas for s in a.subareas for q in s.questions) or any(
        s.suppressed for s in card.statements
    )
