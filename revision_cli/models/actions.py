"""`actions.yaml`: improvement actions and their follow-up."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, RootModel

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
    # What the action answers, each by its id in the audit's battery (themes: the battery's
    # or the audit's own); any number of each, all optional.
    areas: list[str] = Field([], description="Areas the action answers.")
    subareas: list[str] = Field([], description="Sub-areas the action answers.")
    questions: list[str] = Field([], description="Questions the action answers (e.g. a yellow one).")
    statements: list[str] = Field([], description="Rated statements the action answers.")
    fidelity_items: list[str] = Field([], description="Fidelity items the action answers.")
    fidelity_sections: list[str] = Field([], description="Fidelity sections the action answers.")
    themes: list[str] = Field([], description="Themes the action answers.")
    owner: str | None = None
    due: dt.date | None = None
    status: ActionStatus = "planned"
    follow_up: str | None = None
    events: list[FollowUpEvent] = Field([], description="Follow-ups of this action: date, kind, outcome.")
    personal_data_ok: list[str] = acknowledgement("this action")


class Actions(RootModel[list[Action]]):
    # As Strict's: a RootModel does not inherit it, and would build its validator on import.
    model_config = ConfigDict(defer_build=True)


OPEN = ("planned", "ongoing")


def is_open(action: Action) -> bool:
    return action.status in OPEN


def is_overdue(action: Action, today: dt.date) -> bool:
    """Open, with a due date that has passed; due today is still on time."""
    return is_open(action) and action.due is not None and action.due < today


def last_event(action: Action) -> FollowUpEvent | None:
    """The latest follow-up event by date (the later one in the file on equal dates)."""
    latest = None
    for event in action.events:
        if latest is None or event.date >= latest.date:
            latest = event
    return latest
