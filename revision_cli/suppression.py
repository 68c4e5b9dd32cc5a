"""Small-count suppression of group breakdowns (PRODUCT.md §4). No I/O.

A group with fewer than `min_size` respondents is never shown on its own. Hiding it is not
enough when the total is shown: while exactly one group is hidden, or the hidden groups
together are fewer than `min_size`, the total minus the shown groups would give it away, so
the smallest group still shown is hidden too, until neither holds.
"""

from __future__ import annotations

TOO_FEW = "too few respondents to report"
HIDDEN_TO_PROTECT = "hidden so that a smaller group cannot be worked out from the total"


def suppressed_groups(counts: dict[str, int], min_size: int) -> dict[str, str]:
    """The groups to suppress, each with the reason shown in its place.

    A group nobody answered in is reported as too few too, but hides nobody: there is
    no one in it to single out.
    """
    empty = {g: TOO_FEW for g, n in counts.items() if n == 0}
    counts = {g: n for g, n in counts.items() if n > 0}
    hidden = {g: TOO_FEW for g, n in counts.items() if n < min_size}
    shown = {g: n for g, n in counts.items() if g not in hidden}
    while hidden and shown and (len(hidden) == 1 or sum(counts[g] for g in hidden) < min_size):
        smallest = min(shown, key=lambda g: (shown[g], g))
        hidden[smallest] = HIDDEN_TO_PROTECT
        del shown[smallest]
    return {**empty, **hidden}
