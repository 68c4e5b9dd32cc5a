"""The anonymity rule of PRODUCT.md §4, item by item. No I/O.

A *figure* describes the respondents who were *asked* an item and belong to its card: every
respondent asked, in the total card; the group's members asked, in a group card. With
k = min_group_size:

1. The total card shows an item's figures, unless only some of the interviewed groups were
   asked it and those groups together have fewer than k respondents: that would be a small
   group's figure in disguise (TOO_FEW).
2. A group card is shown only for a group of at least k respondents. For each item, the
   respondents asked in the total minus those asked in the shown group cards must be 0 or at
   least k; otherwise the item is withheld in the smallest shown group's card (on a tie, the
   group named later in the battery) and the test is made again (WITHHELD_TO_PROTECT).
3. Nothing else withholds a total figure: hiding a group's card hides nothing in the total.

The attack each step answers: (1) a question asked only of two staff shows the two staff's
answers, whatever the card is called; (2) total minus the shown groups' figures is the hidden
groups' figure, so the hidden respondents asked must be none or at least k.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from revision_cli.i18n import N_

# Reasons as results.yaml and the JSON outputs keep them (English ids); the terminal shows
# each in the run's language (N_: in the catalogue).
TOO_FEW = N_("too few respondents to report")
WITHHELD_TO_PROTECT = N_("withheld so that a smaller group cannot be worked out")
SAME_AS_TOTAL = N_("its figures are the total's")  # a group card that would only repeat the total


def suppressed_groups(counts: dict[str, int | None], min_size: int) -> dict[str, str]:
    """The groups without a card of their own: fewer than `min_size` respondents.

    A group nobody was interviewed in is reported as too few too, but hides nobody: there is
    no one in it to single out. A count of None (an archived group whose size was not kept)
    was hidden when it was frozen and stays hidden.
    """
    return {g: TOO_FEW for g, n in counts.items() if n is None or n < min_size}


class GroupSizes(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    """Respondents per group, in the battery's order, and k.

    For an archived audit the sizes of groups hidden at the archive are not kept (None);
    `unknown_total` is their sum (the total minus the known ones). Sums over such groups are
    worked as bounds, and every decision takes the side that withholds.
    """

    counts: dict[str, int | None]
    k: int
    unknown_total: int = 0

    @property
    def interviewed(self) -> set[str]:
        return {g for g, n in self.counts.items() if n != 0}

    @property
    def shown(self) -> list[str]:
        """The groups with a card of their own, in the battery's order."""
        return [g for g, n in self.counts.items() if n is not None and n >= self.k and n > 0]

    def _bounds(self, groups: Iterable[str]) -> tuple[int, int]:
        """The least and the most respondents `groups` can have together."""
        groups = set(groups)
        known = sum(n for g, n in self.counts.items() if g in groups and n is not None)
        unknown = [g for g, n in self.counts.items() if n is None]
        included = [g for g in unknown if g in groups]
        if not included:
            return known, known
        if len(included) == len(unknown):
            return known + self.unknown_total, known + self.unknown_total
        # Each unknown group had at least one respondent; the ones left out keep at least one each.
        return known + len(included), known + self.unknown_total - (len(unknown) - len(included))

    def total_reason(self, asked: Iterable[str]) -> str | None:
        """Rule 1: why the total card withholds an item asked of `asked`, or None."""
        interviewed = self.interviewed
        asked = set(asked) & interviewed
        if not asked or asked == interviewed:
            return None
        least, _ = self._bounds(asked)
        return TOO_FEW if least < self.k else None

    def withheld_in(self, asked: Iterable[str]) -> list[str]:
        """Rule 2: the shown groups whose cards withhold an item asked of `asked`, in the
        order they were withheld."""
        asked = set(asked) & self.interviewed
        order = list(self.counts)
        in_cards = [g for g in self.shown if g in asked]
        withheld: list[str] = []
        while in_cards:
            least, most = self._bounds(asked - set(in_cards))
            if most == 0 or least >= self.k:
                break
            smallest = min(in_cards, key=lambda g: (self.counts[g], -order.index(g)))
            in_cards.remove(smallest)
            withheld.append(smallest)
        return withheld

    def hidden_groups(self) -> dict[str, str]:
        """The groups without a card of their own, with the reason (always TOO_FEW)."""
        return suppressed_groups(self.counts, self.k)


def neutral_order(quotes: Iterable[str]) -> list[str]:
    """Published quotes in an order that says nothing of who gave them: by their text.

    In file order (the respondent codes: b…, n…, p…) a lone relative's quote would be known
    by its place in the list.
    """
    import unicodedata

    return sorted(quotes, key=lambda text: (unicodedata.normalize("NFC", text).casefold(), text))
