"""`meetings.yaml`: the meetings of an audit's team or an improvement team, in any order.

People are named by role and counted, never by name: a meeting with the unit's staff says
`{role: personal, count: 4}`. A follow-up meeting can stand for the follow-up of an earlier
audit without new interviews (render/practice.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, RootModel, StrictInt

from revision_cli.models import words
from revision_cli.models.audit import Role
from revision_cli.models.base import Id, Strict, acknowledgement

MEETINGS_FILE = "meetings.yaml"

MeetingKind = Annotated[
    Literal["team-meeting", "follow-up-meeting", "analysis-seminar", "feedback-meeting"],
    words.validator(words.MEETING_KINDS),
    words.schema(words.MEETING_KINDS),
]


class Attendee(Strict):
    role: Role
    count: StrictInt = Field(1, ge=1, le=10000, description="How many with this role were there (never names).")


class Meeting(Strict):
    date: dt.date
    kind: MeetingKind
    attendees: list[Attendee] = Field([], description="Who was there: roles and counts, never names.")
    discussed: str | None = Field(None, description="What was discussed, for the report.")
    decisions: list[str] = Field([], description="What was decided, one text each, for the report.")
    actions: list[Id] = Field([], description="Ids of improvement actions (actions.yaml) the meeting dealt with.")
    personal_data_ok: list[str] = acknowledgement("this meeting")


class Meetings(RootModel[list[Meeting]]):
    pass
