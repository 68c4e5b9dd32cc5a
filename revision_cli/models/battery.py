"""A question battery: areas, sub-areas, questions, answer scales and rating thresholds."""

from __future__ import annotations

from fractions import Fraction

from pydantic import Field

from .base import Id, Lang, LocalText, Ratio, Strict

TEXT_SCALE = "text"  # built in: free text, never scored


class Option(Strict):
    value: str | int
    label: LocalText | None = None
    score: Ratio | None = Field(None, description="0 to 1; no score means the answer is not counted.")


class Range(Strict):
    min: int
    max: int


class Scale(Strict):
    label: LocalText | None = None
    options: list[Option] | None = None
    range: Range | None = None
    positive_from: int | None = Field(None, description="On a range scale, values from this up count as positive.")


class RatingRule(Strict):
    green: Ratio = Fraction(2, 3)
    yellow: Ratio = Fraction(1, 3)
    min_answers: int = Field(3, ge=1)


class Descriptors(Strict):
    green: LocalText | None = None
    yellow: LocalText | None = None
    red: LocalText | None = None


class Question(Strict):
    id: Id
    text: LocalText
    scale: str
    groups: list[str] | None = Field(None, description="Respondent groups asked; all groups when left out.")


class Subarea(Strict):
    id: Id
    title: LocalText
    description: LocalText | None = None
    descriptors: Descriptors | None = None
    questions: list[Question] = []


class Area(Strict):
    id: Id
    title: LocalText
    description: LocalText | None = None
    descriptors: Descriptors | None = None
    subareas: list[Subarea] = []


class Battery(Strict):
    id: Id
    version: int = Field(ge=1)
    language: Lang = "sv"
    title: LocalText
    description: LocalText | None = None
    groups: list[Id] = Field(min_length=1)
    scales: dict[str, Scale] = {}
    rating: RatingRule = RatingRule()
    areas: list[Area] = Field(min_length=1)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def questions(self):
        for area in self.areas:
            for subarea in area.subareas:
                for question in subarea.questions:
                    yield area, subarea, question

    def question_groups(self, question: Question) -> list[str]:
        return question.groups if question.groups is not None else list(self.groups)
