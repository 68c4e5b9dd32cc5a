"""PRODUCT.md §4, rule by rule, at its boundary: answers → shares → colours, exactly."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from revision_cli.models.assessment import Assessment
from revision_cli.models.battery import Battery, RatingRule
from revision_cli.models.interview import Interview
from revision_cli.scoring.colours import Rating, colour, score_audit, score_question
from revision_cli.scoring.suppression import TOO_FEW, GroupSizes

GREEN, YELLOW, RED, INSUFFICIENT = Rating.GREEN, Rating.YELLOW, Rating.RED, Rating.INSUFFICIENT
RULE = RatingRule()  # the defaults: green 2/3, yellow 1/3, min_answers 3

SCALES = {
    "ja-nej": {
        "options": [
            {"value": "ja", "score": 1},
            {"value": "delvis", "score": 0.5},
            {"value": "nej", "score": 0},
            {"value": "vet-ej"},
        ]
    },
    "grad": {"range": {"min": 1, "max": 5}, "positive_from": 4},
}


def make_battery(layout: dict | None = None, **rating) -> Battery:
    """layout: {area: {subarea: [question ids]}}; a question id ending in '-text' is free
    text, '-grad' the 1–5 scale, anything else ja-nej."""
    layout = layout or {"a": {"s": ["q"]}}

    def question(qid):
        scale = "text" if qid.endswith("-text") else "grad" if qid.endswith("-grad") else "ja-nej"
        return {"id": qid, "text": qid, "scale": scale}

    return Battery.model_validate(
        {
            "id": "test",
            "version": 1,
            "title": "Test",
            "groups": ["brukare", "personal"],
            "scales": SCALES,
            "rating": rating,
            "areas": [
                {
                    "id": a,
                    "title": a,
                    "subareas": [
                        {"id": s, "title": s, "questions": [question(q) for q in qs]} for s, qs in subs.items()
                    ],
                }
                for a, subs in layout.items()
            ],
        }
    )


def people(columns: dict[str, list], group: str = "brukare", start: int = 1) -> list[Interview]:
    """One interview per row: columns[question][i] is respondent i's answer; `...` = no key."""
    rows = max(len(v) for v in columns.values())
    return [
        Interview.model_validate(
            {
                "respondent": f"{group[0]}{start + i}",
                "group": group,
                "answers": {q: v[i] for q, v in columns.items() if i < len(v) and v[i] is not ...},
            }
        )
        for i in range(rows)
    ]


def question_score(values, battery=None, qid="q"):
    battery = battery or make_battery({"a": {"s": [qid]}})
    question = battery.areas[0].subareas[0].questions[0]
    return score_question(battery, question, people({qid: values}))[0]


def only_subarea(card):
    return card.areas[0].subareas[0]


# --- thresholds, compared exactly --------------------------------------------------------


def test_four_of_six_against_two_thirds_is_green():
    q = question_score(["ja"] * 4 + ["nej"] * 2)
    assert q.share == F(2, 3) and isinstance(q.share, F)
    assert q.computed is GREEN


def test_three_of_six_against_two_thirds_is_yellow():
    assert question_score(["ja"] * 3 + ["nej"] * 3).computed is YELLOW


def test_exactly_one_third_is_yellow():
    q = question_score(["ja"] * 2 + ["nej"] * 4)
    assert q.share == F(1, 3)
    assert q.computed is YELLOW


def test_just_below_one_third_is_red():
    assert question_score(["ja"] * 2 + ["nej"] * 5).computed is RED  # 2/7
    assert colour(F(1, 3) - F(1, 10**12), 3, RULE) is RED
    assert colour(F(2, 3) - F(1, 10**12), 3, RULE) is YELLOW


def test_threshold_written_as_fraction_string_is_exact():
    battery = make_battery(green="2/3", yellow="1/3")
    assert battery.rating.yellow == F(1, 3)
    assert question_score(["ja", "nej", "nej"], battery).computed is YELLOW


def test_decimal_thresholds_are_exact_where_floats_would_tip_the_colour():
    # Question shares 3/5, 7/10 and 4/5 average exactly 7/10; in floats the mean is
    # 0.6999999999999998 < 0.7 and the sub-area would wrongly turn yellow.
    assert (0.6 + 0.7 + 0.8) / 3 < 0.7
    battery = make_battery({"a": {"s": ["q1", "q2", "q3"]}}, green="0.7", yellow=0.3)
    assert battery.rating.green == F(7, 10) and battery.rating.yellow == F(3, 10)
    card = score_audit(
        "x",
        battery,
        people(
            {
                "q1": ["ja", "ja", "ja", "nej", "nej"],  # 3/5
                "q2": ["ja", "ja", "ja", "delvis", "nej"],  # 7/10
                "q3": ["ja", "ja", "ja", "ja", "nej"],  # 4/5
            }
        ),
    )
    assert only_subarea(card).share == F(7, 10)
    assert only_subarea(card).computed is GREEN


def test_decimal_yellow_threshold_one_tenth_is_met_exactly():
    # 0, 0 and 3/10 average 1/10 exactly; floats give 0.09999999999999999 (red).
    assert (0.0 + 0.0 + 0.3) / 3 < 0.1
    battery = make_battery({"a": {"s": ["q1", "q2", "q3"]}}, green="0.5", yellow="0.1")
    card = score_audit(
        "x",
        battery,
        people(
            {
                "q1": ["nej"] * 5,
                "q2": ["nej"] * 5,
                "q3": ["ja", "delvis", "nej", "nej", "nej"],  # 3/10
            }
        ),
    )
    assert only_subarea(card).share == F(1, 10)
    assert only_subarea(card).computed is YELLOW


# --- what an answer scores ----------------------------------------------------------------


def test_delvis_scores_exactly_one_half():
    q = question_score(["delvis"] * 3)
    assert q.share == F(1, 2)
    assert question_score(["ja", "delvis", "nej"]).share == F(1, 2)


def test_range_scale_counts_from_positive_from_and_not_below():
    battery = make_battery({"a": {"s": ["q-grad"]}})
    below = question_score([3, 3, 3], battery, "q-grad")
    at = question_score([4, 4, 4], battery, "q-grad")
    assert (below.share, below.computed) == (F(0), RED)
    assert (at.share, at.computed) == (F(1), GREEN)
    assert question_score([1, 3, 4, 5], battery, "q-grad").share == F(1, 2)


# --- min_answers ---------------------------------------------------------------------------


def test_two_counted_answers_are_insufficient_three_are_coloured():
    two = question_score(["ja", "ja"])
    three = question_score(["ja", "ja", "ja"])
    assert (two.n, two.computed) == (2, INSUFFICIENT)
    assert two.share == F(1)  # the share is still reported, only not coloured
    assert (three.n, three.computed) == (3, GREEN)


def test_dont_know_does_not_make_up_the_minimum():
    q = question_score(["ja", "ja", "vet-ej"])
    assert (q.n, q.excluded, q.computed) == (2, 1, INSUFFICIENT)


# --- answers not counted ------------------------------------------------------------------


def test_dont_know_is_excluded_and_missing_or_null_answers_are_neither():
    q = question_score(["ja", "vet-ej", "vet-ej", "nej", ..., None, "ja"])
    assert q.n == 3  # ja, nej, ja
    assert q.excluded == 2  # the two vet-ej; the missing key and the null are not answers
    assert q.answered == 5
    assert q.share == F(2, 3)


def test_free_text_is_never_scored():
    battery = make_battery({"a": {"s": ["q-text"]}})
    q = question_score(["bra", "dåligt", "ja", "4"], battery, "q-text")
    assert not q.scored
    assert (q.n, q.excluded, q.share, q.computed) == (0, 0, None, INSUFFICIENT)
    assert q.answered == 4


# --- sub-areas and areas -------------------------------------------------------------------


def test_subarea_share_is_the_mean_of_question_shares_not_of_pooled_answers():
    battery = make_battery({"a": {"s": ["q1", "q2"]}})
    card = score_audit("x", battery, people({"q1": ["ja"] * 3, "q2": ["nej"] * 6}))
    assert only_subarea(card).share == F(1, 2)  # pooled answers would give 3/9
    assert only_subarea(card).n == 6  # respondents with a counted answer


def test_question_with_too_few_answers_is_left_out_of_the_subarea_mean():
    battery = make_battery({"a": {"s": ["q1", "q2"]}})
    card = score_audit("x", battery, people({"q1": ["ja"] * 3, "q2": ["nej", "nej"]}))
    sub = only_subarea(card)
    assert sub.questions[1].computed is INSUFFICIENT
    assert (sub.share, sub.computed) == (F(1), GREEN)


def test_subarea_without_questions_or_with_only_text_is_insufficient_and_left_out():
    battery = make_battery({"a": {"scored": ["q"], "empty": [], "talk": ["q-text"]}})
    card = score_audit("x", battery, people({"q": ["nej"] * 3, "q-text": ["något", "mer", "här"]}))
    scored, empty, talk = card.areas[0].subareas
    assert (empty.share, empty.computed, empty.n) == (None, INSUFFICIENT, 0)
    assert (talk.share, talk.computed, talk.n) == (None, INSUFFICIENT, 0)
    assert (card.areas[0].share, card.areas[0].computed) == (F(0), RED)  # not diluted, not lifted


def test_subarea_with_too_few_answers_is_left_out_of_the_area_mean():
    battery = make_battery({"a": {"s1": ["q1"], "s2": ["q2"]}})
    card = score_audit("x", battery, people({"q1": ["ja"] * 3, "q2": ["nej", "nej"]}))
    assert card.areas[0].subareas[1].computed is INSUFFICIENT
    assert card.areas[0].share == F(1)


def test_area_share_is_the_mean_of_subarea_shares_not_of_questions():
    battery = make_battery({"a": {"s1": ["q1", "q2"], "s2": ["q3"]}})
    card = score_audit("x", battery, people({"q1": ["ja"] * 3, "q2": ["ja"] * 3, "q3": ["nej"] * 3}))
    area = card.areas[0]
    assert area.share == F(1, 2)  # the mean of the three questions would be 2/3: green
    assert area.computed is YELLOW


def test_area_with_no_coloured_subarea_is_insufficient():
    battery = make_battery({"a": {"s1": ["q1"], "s2": []}})
    card = score_audit("x", battery, people({"q1": ["ja", "ja"]}))
    assert (card.areas[0].share, card.areas[0].computed) == (None, INSUFFICIENT)


# --- the team's rating ---------------------------------------------------------------------


def team(areas: dict) -> Assessment:
    return Assessment.model_validate({"areas": areas})


def test_team_rating_overrides_and_the_computed_colour_is_kept():
    battery = make_battery()
    card = score_audit(
        "x",
        battery,
        people({"q": ["ja"] * 3}),
        team({"a": {"rating": "red", "subareas": {"s": {"rating": "yellow", "motivation": "För få."}}}}),
    )
    area, sub = card.areas[0], only_subarea(card)
    assert (sub.rating, sub.computed, sub.team, sub.differs) == (YELLOW, GREEN, YELLOW, True)
    assert sub.motivation == "För få."
    assert (area.rating, area.computed, area.differs) == (RED, GREEN, True)


def test_team_rating_equal_to_computed_does_not_differ():
    card = score_audit(
        "x",
        make_battery(),
        people({"q": ["ja"] * 3}),
        team({"a": {"rating": "green", "subareas": {"s": {"rating": "green"}}}}),
    )
    assert (only_subarea(card).rating, only_subarea(card).differs) == (GREEN, False)
    assert card.areas[0].differs is False


@pytest.mark.parametrize(
    "assessment",
    [
        None,
        team({}),
        team({"a": None}),
        team({"a": {"subareas": {"s": None}}}),
        team({"a": {"subareas": {"s": {"motivation": "Ingen färg än."}}}}),
    ],
)
def test_without_a_team_rating_the_computed_colour_stands(assessment):
    card = score_audit("x", make_battery(), people({"q": ["ja", "nej", "nej"]}), assessment)
    for judged in (card.areas[0], only_subarea(card)):
        assert (judged.rating, judged.computed, judged.team, judged.differs) == (YELLOW, YELLOW, None, False)


def test_team_rating_stands_even_where_the_computed_colour_is_insufficient():
    card = score_audit(
        "x", make_battery(), people({"q": ["ja"]}), team({"a": {"subareas": {"s": {"rating": "green"}}}})
    )
    assert (only_subarea(card).rating, only_subarea(card).computed, only_subarea(card).differs) == (
        GREEN,
        INSUFFICIENT,
        True,
    )


# --- one respondent group ------------------------------------------------------------------


def test_group_limits_the_interviews_scored():
    interviews = people({"q": ["ja"] * 3}, "brukare") + people({"q": ["nej"] * 3}, "personal")
    battery = make_battery()
    everyone = score_audit("x", battery, interviews)
    users = score_audit("x", battery, interviews, group="brukare")
    staff = score_audit("x", battery, interviews, group="personal")
    assert (everyone.respondents, only_subarea(everyone).share, everyone.group) == (6, F(1, 2), None)
    assert (users.respondents, only_subarea(users).share, users.group) == (3, F(1), "brukare")
    assert (staff.respondents, only_subarea(staff).share, only_subarea(staff).computed) == (3, F(0), RED)


# --- figures that would single out a suppressed group ------------------------------------


def _staff_only_battery() -> Battery:
    """Sub-area s: `both` (asked of everyone) and `staff` (personal only); sub-area t: `both2`."""

    def q(qid, groups=None):
        return {"id": qid, "text": qid, "scale": "ja-nej", **({"groups": groups} if groups else {})}

    return Battery.model_validate(
        {
            "id": "test",
            "version": 1,
            "title": "Test",
            "groups": ["brukare", "personal"],
            "scales": SCALES,
            "areas": [
                {
                    "id": "a",
                    "title": "a",
                    "subareas": [
                        {"id": "s", "title": "s", "questions": [q("both"), q("staff", ["personal"])]},
                        {"id": "t", "title": "t", "questions": [q("both2")]},
                    ],
                }
            ],
        }
    )


def test_a_question_asked_only_of_a_small_group_is_withheld_and_left_out_of_the_mean_above_it():
    battery = _staff_only_battery()
    interviews = people({"both": ["ja"] * 4, "both2": ["ja"] * 4}, "brukare") + people(
        {"both": ["nej"] * 2, "staff": ["nej"] * 2, "both2": ["nej"] * 2}, "personal"
    )
    card = score_audit("x", battery, interviews, sizes=GroupSizes({"brukare": 4, "personal": 2}, 3))
    area = card.areas[0]
    both, staff = area.subareas[0].questions
    assert staff.suppressed == TOO_FEW
    assert staff.share is None and staff.n == 0 and staff.counts == {}
    assert both.suppressed is None and both.share == F(4, 6)  # asked of everyone: a total, not a breakdown
    # The mean above leaves the staff question out, as an insufficient one, and says so.
    s = area.subareas[0]
    assert (s.suppressed, s.share, s.n, s.left_out) == (None, F(4, 6), 6, 1)
    assert area.suppressed is None and area.share == F(4, 6) and area.left_out == 0
    assert area.subareas[1].suppressed is None and area.subareas[1].share == F(4, 6)


def test_the_left_out_question_is_not_counted_in_the_respondents_of_the_mean():
    battery = _staff_only_battery()
    interviews = people({"both2": ["ja"] * 5}, "brukare") + people({"staff": ["nej"] * 2}, "personal")
    card = score_audit("x", battery, interviews, sizes=GroupSizes({"brukare": 5, "personal": 2}, 5))
    s = card.areas[0].subareas[0]
    assert s.questions[1].suppressed == TOO_FEW
    assert (s.n, s.excluded, s.share, s.left_out) == (0, 0, None, 1)  # nothing shown is left in it


def test_nothing_is_withheld_when_every_group_asked_is_big_enough():
    battery = _staff_only_battery()
    interviews = people({"both": ["ja"] * 5}, "brukare") + people({"staff": ["nej"] * 5}, "personal")
    card = score_audit("x", battery, interviews, sizes=GroupSizes({"brukare": 5, "personal": 5}, 5))
    assert card.areas[0].subareas[0].questions[1].share == F(0)
    assert card.areas[0].suppressed is None
