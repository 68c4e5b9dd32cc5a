"""`actions.yaml`: improvement actions and their follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, RootModel

from revision_cli.models import words
from revision_cli.models.base import Id, Strict, acknowledgement

EventKind = Annotated[
    Literal["phone", "meeting", "site-visit"], words.validator(words.EVENT_KINDS), words.schema(words.EVENT_KINDS)
]
ActionStatus = Annotated[
    Literal["planned", "ongoing", "done", "dropped"],
    words.validator(words.ACTION_STATUSES),
    words.schema(words.ACTION_STATUSES),
]


class FollowUpEvent(Strict):
    date: dt.date
    kind: EventKind
    outcome: str = Field(min_length=1)


class Action(Strict):
    id: Id
    title: str = Field(min_length=1)
    subareas: list[str] = []
    owner: str | None = None
    due: dt.date | None = None
    status: ActionStatus = "planned"
    follow_up: str | None = None
    events: list[FollowUpEvent] = Field([], description="Follow-ups of this action: date, kind, outcome.")
    personal_data_ok: list[str] = acknowledgement("this action")


class Actions(RootModel[list[Action]]):
    pass
