"""PRODUCT.md §4: answers → shares → colours, in exact rational arithmetic. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from revision_cli.models.assessment import AreaAssessment, Assessment, SubareaAssessment
from revision_cli.models.battery import Area, Battery, Question, RatingRule, Subarea
from revision_cli.models.interview import Interview
from revision_cli.scoring.scales import scale_of, score
from revision_cli.scoring.suppression import GroupSizes

if TYPE_CHECKING:
    from revision_cli.scoring.statements import StatementScore


class Rating(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    INSUFFICIENT = "insufficient"


def colour(share: Fraction | None, n: int, rule: RatingRule) -> Rating:
    if share is None or n < rule.min_answers:
        return Rating.INSUFFICIENT
    if share >= rule.green:
        return Rating.GREEN
    if share >= rule.yellow:
        return Rating.YELLOW
    return Rating.RED


def mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


@dataclass
class QuestionScore:
    question: Question
    scored: bool
    n: int  # respondents with a counted answer
    excluded: int  # answers given but not counted (don't know)
    answered: int  # answers given at all, counted or not
    share: Fraction | None
    computed: Rating
    counts: dict[str, int] = field(default_factory=dict)  # value → how many gave it
    suppressed: str | None = None  # why its figures are withheld (small groups)

    @property
    def id(self) -> str:
        return self.question.id


@dataclass
class _Judged:
    n: int
    excluded: int
    share: Fraction | None
    computed: Rating
    team: Rating | None
    motivation: str | None
    suppressed: str | None = None  # why its figures are withheld (small groups)
    left_out: int = 0  # parts below withheld in this card, and so not in its mean

    @property
    def rating(self) -> Rating:
        """The team's decision where there is one; otherwise the computed colour stands."""
        return self.team or self.computed

    @property
    def differs(self) -> bool:
        return self.team is not None and self.team is not self.computed


@dataclass
class SubareaScore(_Judged):
    subarea: Subarea = field(kw_only=True)
    questions: list[QuestionScore] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.subarea.id


@dataclass
class AreaScore(_Judged):
    area: Area = field(kw_only=True)
    subareas: list[SubareaScore] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.area.id


@dataclass
class ScoreCard:
    audit_id: str
    battery: Battery
    rule: RatingRule
    areas: list[AreaScore]
    respondents: int
    group: str | None = None
    statements: list[StatementScore] = field(default_factory=list)  # in battery order


def score_question(battery: Battery, question: Question, interviews: list[Interview]) -> tuple[QuestionScore, set[str]]:
    """The question's score and the respondents who gave it a counted answer."""
    scored = scale_of(battery, question) is not None
    # The same few answers recur. Each distinct answer (by type and value: 1 is not "1") is
    # scored once and tallied: [the answer, how many gave it, its score]. The share is the
    # sum of each score times its count, over n: the very fraction the mean of every
    # answer's score is (PRODUCT.md §4), without a Fraction made, added or hashed per answer.
    tally: dict[tuple[object, ...], list[Any]] = {}
    n = 0
    counted_by: set[str] = set()
    excluded = answered = 0
    qid = question.id
    for interview in interviews:
        answer = interview.answers.get(qid)
        if answer is None or answer.value is None:
            continue
        answered += 1
        given = answer.value
        key: tuple[object, ...] = (given.__class__, given)
        try:
            entry = tally[key]
        except KeyError:
            entry = tally[key] = [given, 0, score(battery, question, given)]
        except TypeError:  # an unhashable value (checks report it): told apart by its repr
            key = (given.__class__, "unhashable", repr(given))
            entry = tally.setdefault(key, [given, 0, score(battery, question, given)])
        entry[1] += 1
        if entry[2] is None:
            if scored:  # a don't-know; free text is never "excluded", it is not scored at all
                excluded += 1
            continue
        n += 1
        counted_by.add(interview.respondent)
    counts: dict[str, int] = {}
    total = Fraction(0)
    for given, count, value in tally.values():
        counts[str(given)] = counts.get(str(given), 0) + count
        if value is not None:
            total += value * count
    share = total / n if n else None
    computed = colour(share, n, battery.rating) if scored else Rating.INSUFFICIENT
    return QuestionScore(question, scored, n, excluded, answered, share, computed, counts), counted_by


def _team(
    assessment: Assessment | None, area_id: str, subarea_id: str | None = None
) -> tuple[Rating | None, str | None]:
    """(rating, motivation) the team wrote for an area or one of its sub-areas."""
    if assessment is None or not assessment.areas:
        return None, None
    area = assessment.areas.get(area_id)
    if area is None:
        return None, None
    judged: AreaAssessment | SubareaAssessment = area
    if subarea_id is not None:
        subarea = (area.subareas or {}).get(subarea_id)
        if subarea is None:
            return None, None
        judged = subarea
    return (Rating(judged.rating) if judged.rating else None), judged.motivation


def _withheld(item: QuestionScore | _Judged, reason: str) -> None:
    """Clear every figure of an item whose figures would single out a small group."""
    item.share, item.n, item.excluded, item.computed, item.suppressed = None, 0, 0, Rating.INSUFFICIENT, reason
    if isinstance(item, QuestionScore):
        item.answered, item.counts = 0, {}


def withhold_means_above(card: ScoreCard) -> None:
    """In a group's card: withhold every sub-area with a withheld question and every area
    with a withheld sub-area, since a mean and its other parts would give the withheld
    figure back (rule 2 of suppression.py)."""
    for area in card.areas:
        for sub in area.subareas:
            reason = next((q.suppressed for q in sub.questions if q.suppressed), None)
            if reason and not sub.suppressed:
                _withheld(sub, reason)
        reason = next((sub.suppressed for sub in area.subareas if sub.suppressed), None)
        if reason and not area.suppressed:
            _withheld(area, reason)


def asked_of(battery: Battery, questions: list[Question]) -> set[str]:
    """The groups asked at least one scored question of `questions`."""
    return {g for q in questions if scale_of(battery, q) is not None for g in battery.question_groups(q)}


def _subarea_score(
    battery: Battery,
    subarea: Subarea,
    questions: list[QuestionScore],
    people: set[str],
    assessment: Assessment | None,
    area_id: str,
) -> SubareaScore:
    """A sub-area's mean over its questions that have enough counted answers and are shown
    (a withheld question is left out, as an insufficient one is, and counted in `left_out`)."""
    rule = battery.rating
    shown = [q for q in questions if not q.suppressed]
    share = mean([q.share for q in shown if q.share is not None and q.scored and q.n >= rule.min_answers])
    team, motivation = _team(assessment, area_id, subarea.id)
    return SubareaScore(
        n=len(people),
        excluded=sum(q.excluded for q in shown),
        share=share,
        computed=colour(share, len(people), rule) if share is not None else Rating.INSUFFICIENT,
        team=team,
        motivation=motivation,
        left_out=sum(bool(q.suppressed) for q in questions),
        subarea=subarea,
        questions=questions,
    )


def score_audit(
    audit_id: str,
    battery: Battery,
    interviews: list[Interview],
    assessment: Assessment | None = None,
    group: str | None = None,
    sizes: GroupSizes | None = None,
) -> ScoreCard:
    """Score an audit, or one group of it.

    With `sizes`, the total card withholds what rule 1 of suppression.py says (a small
    group's figure in disguise): such a question is left out of the mean above it, and of the
    respondents counted there; a sub-area or area asked only of such groups is withheld too.
    A group's card is protected afterwards, beside the others (breakdown.protect).
    """
    if group is not None:
        interviews = [i for i in interviews if i.group == group]
    protected = sizes if group is None else None

    def reason_for(questions: list[Question]) -> str | None:
        return protected.total_reason(asked_of(battery, questions)) if protected else None

    rule = battery.rating
    areas: list[AreaScore] = []
    for area in battery.areas:
        area_people: set[str] = set()
        subareas: list[SubareaScore] = []
        for subarea in area.subareas:
            people: set[str] = set()
            questions: list[QuestionScore] = []
            for question in subarea.questions:
                result, counted_by = score_question(battery, question, interviews)
                reason = reason_for([question]) if result.scored else None
                if reason:
                    _withheld(result, reason)
                else:
                    people |= counted_by
                questions.append(result)
            sub = _subarea_score(battery, subarea, questions, people, assessment, area.id)
            reason = reason_for(subarea.questions)
            if reason:
                _withheld(sub, reason)
            subareas.append(sub)
            area_people |= people
        shown = [s for s in subareas if not s.suppressed]
        share = mean([s.share for s in shown if s.share is not None and s.computed is not Rating.INSUFFICIENT])
        team, motivation = _team(assessment, area.id)
        area_score = AreaScore(
            n=len(area_people),
            excluded=sum(s.excluded for s in shown),
            share=share,
            computed=colour(share, len(area_people), rule) if share is not None else Rating.INSUFFICIENT,
            team=team,
            motivation=motivation,
            left_out=sum(bool(s.suppressed) for s in subareas),
            area=area,
            subareas=subareas,
        )
        reason = reason_for([q for sub in area.subareas for q in sub.questions])
        if reason:
            _withheld(area_score, reason)
        areas.append(area_score)
    from revision_cli.scoring.statements import score_statements

    return ScoreCard(
        audit_id,
        battery,
        rule,
        areas,
        respondents=len(interviews),
        group=group,
        statements=score_statements(battery, interviews, protected, group),
    )
