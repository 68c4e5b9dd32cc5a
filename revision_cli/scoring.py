"""PRODUCT.md §4: answers → shares → colours, in exact rational arithmetic. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from .models.assessment import Assessment
from .models.battery import Area, Battery, Question, RatingRule, Subarea
from .models.interview import Interview
from .scales import scale_of, score


class Rating(str, Enum):
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

    @property
    def rating(self) -> Rating:
        """The team's decision where there is one; otherwise the computed colour stands."""
        return self.team or self.computed

    @property
    def differs(self) -> bool:
        return self.team is not None and self.team is not self.computed


@dataclass
class SubareaScore(_Judged):
    subarea: Subarea = None
    questions: list[QuestionScore] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.subarea.id


@dataclass
class AreaScore(_Judged):
    area: Area = None
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
    statements: list = field(default_factory=list)  # statements.StatementScore, in battery order


def score_question(battery: Battery, question: Question, interviews: list[Interview]) -> tuple[QuestionScore, set[str]]:
    """The question's score and the respondents who gave it a counted answer."""
    scored = scale_of(battery, question) is not None
    values: list[Fraction] = []
    counted_by: set[str] = set()
    excluded = answered = 0
    counts: dict[str, int] = {}
    for interview in interviews:
        answer = interview.answers.get(question.id)
        if answer is None or answer.value is None:
            continue
        answered += 1
        key = str(answer.value)
        counts[key] = counts.get(key, 0) + 1
        value = score(battery, question, answer.value)
        if value is None:
            if scored:  # a don't-know; free text is never "excluded", it is not scored at all
                excluded += 1
            continue
        values.append(value)
        counted_by.add(interview.respondent)
    share = mean(values)
    computed = colour(share, len(values), battery.rating) if scored else Rating.INSUFFICIENT
    return QuestionScore(question, scored, len(values), excluded, answered, share, computed, counts), counted_by


def _team(assessment: Assessment | None, area_id: str, subarea_id: str | None = None):
    """(rating, motivation) the team wrote for an area or one of its sub-areas."""
    if assessment is None or not assessment.areas:
        return None, None
    area = assessment.areas.get(area_id)
    if area is None:
        return None, None
    if subarea_id is not None:
        area = (area.subareas or {}).get(subarea_id)
        if area is None:
            return None, None
    return (Rating(area.rating) if area.rating else None), area.motivation


def _withheld(item, reason: str) -> None:
    """Clear every figure of an item whose figures would single out a small group."""
    item.share, item.n, item.excluded, item.computed, item.suppressed = None, 0, 0, Rating.INSUFFICIENT, reason
    if isinstance(item, QuestionScore):
        item.answered, item.counts = 0, {}


def withhold_means_above(card: "ScoreCard") -> None:
    """Withhold every sub-area with a withheld question and every area with a withheld
    sub-area: a mean and its other parts would give the withheld figure back."""
    for area in card.areas:
        for sub in area.subareas:
            reason = next((q.suppressed for q in sub.questions if q.suppressed), None)
            if reason and not sub.suppressed:
                _withheld(sub, reason)
        reason = next((sub.suppressed for sub in area.subareas if sub.suppressed), None)
        if reason and not area.suppressed:
            _withheld(area, reason)


def _breakdown_reason(battery: Battery, question: Question, present: set[str], hidden: dict[str, str]) -> str | None:
    """A question asked of only some of the groups present is a breakdown by those groups."""
    asked = set(battery.question_groups(question)) & present
    if not asked or asked == present:
        return None
    return next((hidden[g] for g in sorted(asked) if g in hidden), None)


def score_audit(audit_id: str, battery: Battery, interviews: list[Interview],
                assessment: Assessment | None = None, group: str | None = None,
                hidden: dict[str, str] | None = None) -> ScoreCard:
    """Score an audit; `hidden` are the suppressed groups (suppression.py) with their reasons.

    A figure built from only some groups that include a hidden one is withheld, and so is
    every mean above it, since a mean and its other parts would give it back.
    """
    if group is not None:
        interviews = [i for i in interviews if i.group == group]
    hidden = hidden or {}
    present = {i.group for i in interviews}
    rule = battery.rating
    areas = []
    for area in battery.areas:
        area_people: set[str] = set()
        subareas = []
        for subarea in area.subareas:
            people: set[str] = set()
            questions = []
            for question in subarea.questions:
                result, counted_by = score_question(battery, question, interviews)
                reason = _breakdown_reason(battery, question, present, hidden)
                if reason:
                    _withheld(result, reason)
                questions.append(result)
                people |= counted_by
            # Questions with too few counted answers say too little to enter the mean.
            share = mean([q.share for q in questions if q.scored and q.n >= rule.min_answers])
            team, motivation = _team(assessment, area.id, subarea.id)
            subareas.append(SubareaScore(
                n=len(people), excluded=sum(q.excluded for q in questions), share=share,
                computed=colour(share, len(people), rule) if share is not None else Rating.INSUFFICIENT,
                team=team, motivation=motivation, subarea=subarea, questions=questions))
            area_people |= people
        share = mean([s.share for s in subareas if s.computed is not Rating.INSUFFICIENT])
        team, motivation = _team(assessment, area.id)
        areas.append(AreaScore(
            n=len(area_people), excluded=sum(s.excluded for s in subareas), share=share,
            computed=colour(share, len(area_people), rule) if share is not None else Rating.INSUFFICIENT,
            team=team, motivation=motivation, area=area, subareas=subareas))
    from .statements import score_statements

    card = ScoreCard(audit_id, battery, rule, areas, respondents=len(interviews), group=group,
                     statements=score_statements(battery, interviews, present, hidden, group))
    withhold_means_above(card)
    return card
