"""`actions.yaml`: improvement actions and their follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, RootModel

from .base import Id, Strict


class Action(Strict):
    id: Id
    title: str = Field(min_length=1)
    subareas: list[str] = []
    owner: str | None = None
    due: dt.date | None = None
    status: Literal["planned", "ongoing", "done", "dropped"] = "planned"
    follow_up: str | None = None


class Actions(RootModel[list[Action]]):
    pass
