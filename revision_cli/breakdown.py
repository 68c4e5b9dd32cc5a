"""Figures per respondent group, beside the total (issue: group breakdowns everywhere). No I/O.

Each group with respondents gets a column: its own score card when the suppression rule
allows it, else only the reason. Free text and quotes are never broken down: only the
scored figures of the card are looked up here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scoring import ScoreCard
from .suppression import HIDDEN_TO_PROTECT

ONE_GROUP = "one-group"  # every respondent is in one group: its figures are the total
NOT_KEPT = "not-kept"  # an archived audit keeps only the figures of all groups together


@dataclass
class GroupColumn:
    group: str
    count: int | None  # None when suppressed: the size of a hidden group is not shown either
    card: ScoreCard | None  # None when suppressed
    reason: str | None = None  # why suppressed (suppression.TOO_FEW / HIDDEN_TO_PROTECT)

    def item(self, ident: str):
        """The group's area, sub-area or question with this id (they share one namespace)."""
        if self.card is None:
            return None
        if not hasattr(self, "_index"):
            index = {}
            for area in self.card.areas:
                index[area.id] = area
                for sub in area.subareas:
                    index[sub.id] = sub
                    for q in sub.questions:
                        index[q.id] = q
            for statement in self.card.statements:  # one id namespace with the questions
                index[statement.id] = statement
            self._index = index
        return self._index.get(ident)


@dataclass
class Breakdown:
    columns: list[GroupColumn]
    none_because: str | None = None  # ONE_GROUP or NOT_KEPT when there are no columns
    min_size: int = 0  # anonymity.min_group_size

    def withheld(self, item) -> str | None:
        """Why no group's figure of this item may be shown, though the groups are: the total
        minus the shown groups' counted answers would give the hidden groups' few answers
        to this one item (fewer than min_size of them, but not none)."""
        if not any(c.card is None for c in self.columns) or getattr(item, "suppressed", None):
            return None
        shown = [c.item(item.id) for c in self.columns if c.card is not None]
        rest = item.n - sum(own.n for own in shown if own is not None)
        return HIDDEN_TO_PROTECT if 0 < rest < self.min_size else None

    def asked(self, battery, item, group: str) -> bool:
        """Whether any scored question under `item` is asked of `group`."""
        from .scoring import QuestionScore, SubareaScore

        if isinstance(item, QuestionScore):
            questions = [item]
        elif isinstance(item, SubareaScore):
            questions = item.questions
        else:
            questions = [q for sub in item.subareas for q in sub.questions]
        return any(q.scored and group in battery.question_groups(q.question) for q in questions)


def group_breakdown(counts: dict[str, int | None], hidden: dict[str, str], score_group,
                    min_size: int = 0) -> Breakdown:
    """Columns for the groups that have respondents, in the battery's order.

    `score_group(g)` gives the group's card. With respondents in one group only there is
    nothing to break down: the group's figures are the total's.
    """
    present = [g for g, n in counts.items() if n != 0]
    if not present:
        return Breakdown([])
    if len(present) < 2:
        return Breakdown([], ONE_GROUP)
    columns = []
    for g in present:
        if g in hidden:
            columns.append(GroupColumn(g, None, None, hidden[g]))
        else:
            columns.append(GroupColumn(g, counts[g], score_group(g)))
    return Breakdown(columns, min_size=min_size)
