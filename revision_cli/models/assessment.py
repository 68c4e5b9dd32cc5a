"""`assessment.yaml`: the team's judgement — colours, + / − / ? and summary texts."""

from typing import Annotated, Any, Literal

from pydantic import Field, StrictInt, field_validator

from revision_cli.models import words
from revision_cli.models.base import Strict, acknowledgement

Colour = Annotated[Literal["green", "yellow", "red"], words.validator(words.COLOURS), words.schema(words.COLOURS)]


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


class ItemScore(Strict):
    """The reviewers' consensus score of one fidelity item, and optionally each one's own."""

    score: StrictInt | None = Field(None, description="The consensus score; left out: not scored yet.")
    reviewers: dict[str, StrictInt] | None = Field(None, description="Each reviewer's own score, by team id.")
    note: str | None = None
    recommendation: str | None = Field(
        None, description="What the reviewers recommend the service to do about this item (printed in the report)."
    )


class Assessment(Strict):
    summary: str | None = None
    feedback_discussion: str | None = None
    areas: dict[str, AreaAssessment | None] | None = None
    items: dict[str, ItemScore] | None = Field(
        None, description="Fidelity items: `item-id: score`, or {score, reviewers, note, recommendation}."
    )
    personal_data_ok: list[str] = acknowledgement("this file")

    @field_validator("items", mode="before")
    @classmethod
    def _short_items(cls, value: Any) -> Any:
        # `ips-01: 4` is short for `ips-01: {score: 4}`.
        if isinstance(value, dict):
            return {k: v if isinstance(v, (dict, ItemScore)) else {"score": v} for k, v in value.items()}
        return value
