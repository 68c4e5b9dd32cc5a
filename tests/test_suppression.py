"""PRODUCT.md §4: small groups are suppressed, and never recoverable from the total."""

from __future__ import annotations

from itertools import product

from revision_cli.suppression import HIDDEN_TO_PROTECT, TOO_FEW, suppressed_groups


def test_the_reason_reads_as_product_md_words_it():
    assert TOO_FEW == "too few respondents to report"
    assert "cannot be worked out from the total" in HIDDEN_TO_PROTECT


def test_four_users_and_two_staff_at_three_leave_no_group_breakdown():
    assert suppressed_groups({"brukare": 4, "personal": 2}, 3) == {
        "personal": TOO_FEW,
        "brukare": HIDDEN_TO_PROTECT,  # else total 6 − brukare 4 gives personal away
    }


def test_groups_all_big_enough_are_all_shown():
    assert suppressed_groups({"brukare": 5, "personal": 7, "narstaende": 5}, 5) == {}


def test_exactly_one_small_group_also_hides_the_smallest_shown_group():
    assert suppressed_groups({"brukare": 9, "personal": 2, "narstaende": 4}, 3) == {
        "personal": TOO_FEW, "narstaende": HIDDEN_TO_PROTECT}


def test_two_small_groups_that_together_reach_the_minimum_hide_only_themselves():
    assert suppressed_groups({"brukare": 9, "personal": 2, "narstaende": 1}, 3) == {
        "personal": TOO_FEW, "narstaende": TOO_FEW}


def test_two_small_groups_together_below_the_minimum_hide_one_more():
    counts = {"a": 1, "b": 1, "c": 4, "d": 9}
    assert suppressed_groups(counts, 3) == {"a": TOO_FEW, "b": TOO_FEW, "c": HIDDEN_TO_PROTECT}


def test_hiding_goes_on_until_the_hidden_groups_reach_the_minimum():
    counts = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 20}
    # 4 hidden respondents < 5: the smallest shown group (e) goes too, leaving only the total.
    assert suppressed_groups(counts, 5) == {"a": TOO_FEW, "b": TOO_FEW, "c": TOO_FEW, "d": TOO_FEW,
                                            "e": HIDDEN_TO_PROTECT}


def test_the_smallest_shown_group_is_chosen_and_ties_go_by_name():
    assert suppressed_groups({"a": 1, "big": 8, "mid": 5}, 3) == {"a": TOO_FEW, "mid": HIDDEN_TO_PROTECT}
    assert suppressed_groups({"a": 1, "y": 5, "x": 5}, 3) == {"a": TOO_FEW, "x": HIDDEN_TO_PROTECT}


def test_a_group_nobody_answered_in_is_reported_but_hides_nobody():
    assert suppressed_groups({"brukare": 6, "personal": 0, "narstaende": 0}, 5) == {
        "personal": TOO_FEW, "narstaende": TOO_FEW}
    # With one real small group, the empty one does not count as its partner.
    assert suppressed_groups({"brukare": 6, "personal": 2, "narstaende": 0}, 3) == {
        "narstaende": TOO_FEW, "personal": TOO_FEW, "brukare": HIDDEN_TO_PROTECT}


def test_no_respondents_at_all_hides_nothing_real():
    assert suppressed_groups({"brukare": 0, "personal": 0}, 5) == {"brukare": TOO_FEW, "personal": TOO_FEW}
    assert suppressed_groups({}, 5) == {}


def test_minimum_of_one_suppresses_only_empty_groups():
    assert suppressed_groups({"brukare": 1, "personal": 1, "narstaende": 0}, 1) == {"narstaende": TOO_FEW}


def _blocks(hidden: set[str], counts: dict[str, int], k: int) -> bool:
    """Whether hiding exactly `hidden` (nonzero groups) still lets one be worked out."""
    return bool(hidden) and (len(hidden) == 1 or sum(counts[g] for g in hidden) < k)


def test_no_suppressed_group_is_ever_recoverable_from_the_total():
    names = ("brukare", "personal", "narstaende")
    for values in product(range(8), repeat=3):
        counts = dict(zip(names, values))
        for k in range(1, 6):
            where = f"counts={counts} k={k}"
            result = suppressed_groups(counts, k)
            hidden = {g for g in result if counts[g] > 0}
            shown = {g for g in names if counts[g] > 0 and g not in result}

            # Every group below the minimum is suppressed as too few; empty ones too.
            for g, n in counts.items():
                if n < k:
                    assert result.get(g) == TOO_FEW, where
                elif g in result:
                    assert result[g] == HIDDEN_TO_PROTECT, where

            # Nothing hidden is recoverable: no hidden group alone, and the hidden ones
            # together at least k — unless no real group is left to hide (then only the
            # total is shown, as in the four-users-two-staff example).
            if shown:
                assert not _blocks(hidden, counts, k), where
                assert not hidden or (len(hidden) >= 2 and sum(counts[g] for g in hidden) >= k), where

            # No more is hidden than needed: the groups hidden to protect are the
            # smallest ones, and without the last of them the rule would be broken.
            protecting = [g for g in hidden if result[g] == HIDDEN_TO_PROTECT]
            if protecting:
                last = max(protecting, key=lambda g: (counts[g], g))
                assert all((counts[g], g) > (counts[last], last) for g in shown), where
                assert _blocks(hidden - {last}, counts, k), where
