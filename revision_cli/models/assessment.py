"""`assessment.yaml`: the team's judgement — colours, + / − / ? and summary texts."""

from __future__ import annotations

from typing import Literal

from .base import Strict

Colour = Literal["green", "yellow", "red"]


class SubareaAssessment(Strict):
    rating: Colour | None = None
    motivation: str | None = None


class AreaAssessment(Strict):
    rating: Colour | None = None
    motivation: str | None = None
    strengths: list[str] | None = None
    improvements: list[str] | None = None
    questions: list[str] | None = None
    subareas: dict[str, SubareaAssessment | None] | None = None


class Assessment(Strict):
    summary: str | None = None
    feedback_discussion: str | None = None
    areas: dict[str, AreaAssessment | None] | None = None
