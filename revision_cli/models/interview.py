"""`interviews/<respondent>.yaml`: one interview's answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, field_validator

from .base import NFCStr, Strict

# A respondent is a code (b1, P03), never a name; the pattern keeps spaces out.
RESPONDENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"

class Answer(Strict):
    # Any scalar: whether it fits is the question's scale's call (checks.py says which
    # values are allowed), which gives a better message than a type union could.
    value: Any = None
    comment: str | None = Field(None, description="A working note of the team; never printed in a report.")
    themes: list[str] = Field(default_factory=list, description="Themes the team coded this answer with.")


class Quote(Strict):
    text: str = Field(min_length=1)
    publish: bool = False
    themes: list[str] = Field(default_factory=list, description="Themes the quote is published under.")


class Interview(Strict):
    respondent: str = Field(pattern=RESPONDENT_PATTERN)
    group: NFCStr
    date: dt.date | None = None
    interviewers: list[NFCStr] = []
    consent: bool | None = None
    answers: dict[str, Answer] = {}
    quotes: list[Quote] = []

    @field_validator("answers", mode="before")
    @classmethod
    def _short_answers(cls, value):
        # `q: ja` is short for `q: {value: ja}`.
        if isinstance(value, dict):
            return {k: v if isinstance(v, (dict, Answer)) else {"value": v} for k, v in value.items()}
        return value
