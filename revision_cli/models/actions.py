"""`actions.yaml`: improvement actions and their follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, RootModel

from revision_cli.models.base import Id, Strict, acknowledgement


class FollowUpEvent(Strict):
    date: dt.date
    kind: Literal["phone", "meeting", "site-visit"]
    outcome: str = Field(min_length=1)


class Action(Strict):
    id: Id
    title: str = Field(min_length=1)
    subareas: list[str] = []
    owner: str | None = None
    due: dt.date | None = None
    status: Literal["planned", "ongoing", "done", "dropped"] = "planned"
    follow_up: str | None = None
    events: list[FollowUpEvent] = Field([], description="Follow-ups of this action: date, kind, outcome.")
    personal_data_ok: list[str] = acknowledgement("this action")


class Actions(RootModel[list[Action]]):
    pass
