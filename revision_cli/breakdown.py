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

    @property
    def protected(self) -> bool:
        """Whether protect() withheld some figure of a shown group (a group's own card
        withholds nothing else: it is scored without hidden groups)."""
        return any(own.suppressed for c in self.columns if c.card is not None
                   for own in [*(q for a in c.card.areas for s in a.subareas for q in s.questions),
                               *c.card.statements])

    def withheld(self, item) -> str | None:
        """Why the shown groups' figures of this item are withheld (protect() decided)."""
        for column in self.columns:
            own = column.item(item.id) if column.card is not None else None
            if own is not None and own.suppressed:
                return own.suppressed
        return None

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
        # One group: its figures are the total's (unless it is too small: then there is
        # nothing to say about groups beyond the respondent table's reason).
        return Breakdown([], None if present[0] in hidden else ONE_GROUP)
    columns = []
    for g in present:
        if g in hidden:
            columns.append(GroupColumn(g, None, None, hidden[g]))
        else:
            columns.append(GroupColumn(g, counts[g], score_group(g)))
    return Breakdown(columns, min_size=min_size)


def protect(total: ScoreCard, breakdown: Breakdown) -> None:
    """Withhold, in every shown group's card, what subtraction would give back of hidden ones.

    The suppression rule keeps the hidden groups together at min_size or more; but on one
    item the hidden groups may have given only a few counted answers, and total minus the
    shown groups is exactly those. Such an item is withheld for every shown group, and so is
    every sub-area and area above it (a mean and its other parts would give it back). The
    cards changed here are what the tables, `score --group` and the archive show.
    """
    from .scoring import _withheld, withhold_means_above
    from .statements import StatementScore

    shown = [c for c in breakdown.columns if c.card is not None]
    if not shown or len(shown) == len(breakdown.columns):
        return
    k = breakdown.min_size

    def too_few_left(item) -> bool:
        # Counted answers, and all answers given (a don't-know is an answer too).
        owns = [own for own in (c.item(item.id) for c in shown) if own is not None]
        for counted in ("n", "answered", "not_answered"):
            if hasattr(item, counted):
                rest = getattr(item, counted) - sum(getattr(own, counted) for own in owns)
                if 0 < rest < k:
                    return True
        return False

    for area in total.areas:
        for sub in area.subareas:
            for q in sub.questions:
                if q.scored and not q.suppressed and too_few_left(q):
                    for column in shown:
                        own = column.item(q.id)
                        if own is not None and not own.suppressed:
                            _withheld(own, HIDDEN_TO_PROTECT)
    for statement in total.statements:
        if not statement.suppressed and too_few_left(statement):
            for column in shown:
                column.card.statements = [
                    StatementScore(own.statement, None, suppressed=HIDDEN_TO_PROTECT) if own.id == statement.id
                    else own for own in column.card.statements]
                column.__dict__.pop("_index", None)
    for column in shown:
        withhold_means_above(column.card)
