"""PRODUCT.md §4: the anonymity rule, item by item (suppression.GroupSizes)."""

from __future__ import annotations

from itertools import combinations, product

from revision_cli.scoring.suppression import TOO_FEW, WITHHELD_TO_PROTECT, GroupSizes, suppressed_groups

GROUPS = ("brukare", "personal", "narstaende")


def sizes(k: int, **counts) -> GroupSizes:
    return GroupSizes({g: counts.get(g, 0) for g in GROUPS}, k)


def test_the_reasons_read_as_product_md_words_them():
    assert TOO_FEW == "too few respondents to report"
    assert WITHHELD_TO_PROTECT == "withheld so that a smaller group cannot be worked out"


def test_a_group_card_is_shown_only_from_k_respondents():
    assert suppressed_groups({"brukare": 5, "personal": 4, "narstaende": 0}, 5) == {
        "personal": TOO_FEW,
        "narstaende": TOO_FEW,
    }
    assert sizes(5, brukare=5, personal=4).shown == ["brukare"]


def test_five_users_and_two_staff_at_five():
    s = sizes(5, brukare=5, personal=2)
    assert s.total_reason({"brukare"}) is None  # user-only: five users asked
    assert s.total_reason({"brukare", "personal"}) is None  # everyone interviewed was asked
    assert s.total_reason({"brukare", "personal", "narstaende"}) is None
    assert s.total_reason({"personal"}) == TOO_FEW  # two staff's figure in disguise
    assert s.total_reason({"narstaende"}) is None  # nobody interviewed was asked: nothing to show
    assert s.shown == ["brukare"]
    # The users' card: total asked 7 minus users 5 leaves the two staff. It is withheld.
    assert s.withheld_in({"brukare", "personal"}) == ["brukare"]
    assert s.withheld_in({"brukare"}) == []


def test_four_users_and_two_staff_at_three_show_a_user_only_total():
    s = sizes(3, brukare=4, personal=2)
    assert s.total_reason({"brukare"}) is None
    assert s.total_reason({"personal"}) == TOO_FEW


def test_the_boundary_of_k_on_the_total():
    assert sizes(5, brukare=4, personal=6).total_reason({"brukare"}) == TOO_FEW
    assert sizes(5, brukare=5, personal=6).total_reason({"brukare"}) is None
    # Two small groups asked together reach k.
    assert sizes(5, brukare=9, personal=2, narstaende=3).total_reason({"personal", "narstaende"}) is None
    assert sizes(5, brukare=9, personal=2, narstaende=2).total_reason({"personal", "narstaende"}) == TOO_FEW


def test_six_six_one_withholds_each_item_in_one_card_the_later_on_a_tie():
    s = sizes(5, brukare=6, personal=6, narstaende=1)
    assert s.total_reason(set(GROUPS)) is None
    assert s.withheld_in(set(GROUPS)) == ["personal"]  # tie: personal is named later than brukare
    assert sizes(5, brukare=6, personal=7, narstaende=1).withheld_in(set(GROUPS)) == ["brukare"]


def test_a_relatives_only_question_beside_ten_users():
    s = sizes(5, brukare=10, narstaende=4)
    assert s.total_reason({"narstaende"}) == TOO_FEW
    assert s.withheld_in({"narstaende"}) == []


def test_withholding_goes_on_until_the_rest_is_none_or_at_least_k():
    # 5 + 6 + 1 at k 5: minus both cards leaves 1; minus the 6-card only leaves 6.
    s = GroupSizes({"a": 5, "b": 6, "c": 1}, 5)
    assert s.withheld_in({"a", "b", "c"}) == ["a"]
    s = GroupSizes({"a": 5, "b": 5, "c": 5, "d": 1, "e": 1}, 5)
    assert s.withheld_in({"a", "b", "c", "d", "e"}) == ["c"]  # 2 + 5 = 7


def _rest(s: GroupSizes, asked: set[str], in_cards: set[str]) -> int:
    return sum(s.counts[g] for g in asked & s.interviewed if g not in in_cards)


def test_no_group_is_ever_worked_out_and_no_more_is_withheld_than_needed():
    k_values = range(1, 6)
    for values in product(range(7), repeat=3):
        counts = dict(zip(GROUPS, values, strict=True))
        for k in k_values:
            s = GroupSizes(counts, k)
            for r in range(1, 4):
                for asked in map(set, combinations(GROUPS, r)):
                    where = f"counts={counts} k={k} asked={asked}"
                    interviewed_asked = asked & s.interviewed
                    reason = s.total_reason(asked)
                    some = interviewed_asked and interviewed_asked != s.interviewed
                    if some and sum(counts[g] for g in interviewed_asked) < k:
                        assert reason == TOO_FEW, where
                    else:
                        assert reason is None, where
                    withheld = s.withheld_in(asked)
                    in_cards = {g for g in s.shown if g in asked} - set(withheld)
                    rest = _rest(s, asked, in_cards)
                    assert rest == 0 or rest >= k or not in_cards, where
                    if withheld:  # without the last one withheld, the rest was a small group
                        before = _rest(s, asked, in_cards | {withheld[-1]})
                        assert 0 < before < k, where


def test_unknown_sizes_of_an_archive_withhold_on_the_safe_side():
    # Archived at k 3 with personal (2) and narstaende (2) hidden; 4 unknown in all.
    s = GroupSizes({"brukare": 6, "personal": None, "narstaende": None}, 3, unknown_total=4)
    assert s.total_reason({"brukare", "personal"}) is None  # at least 6 + 1
    # personal alone: at least 1, at most 3 → could be under 3: withheld.
    assert s.total_reason({"personal"}) == TOO_FEW
    # both unknown groups together are exactly 4: enough.
    assert s.total_reason({"personal", "narstaende"}) is None
    assert s.withheld_in(set(GROUPS)) == []  # minus users leaves exactly 4 ≥ 3
    assert s.withheld_in({"brukare", "personal"}) == ["brukare"]  # personal might be 1 or 2
