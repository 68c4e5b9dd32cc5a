"""`audit.yaml`: one audit of one unit."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from revision_cli.models import words
from revision_cli.models.base import Id, NFCStr, Strict, acknowledgement
from revision_cli.models.battery import Theme

ROLES = words.ROLES.canonical
STATUSES = words.AUDIT_STATUSES.canonical
Role = Annotated[
    Literal["brukarrevisor", "narstaende", "samordnare", "granskare", "annan"],
    words.validator(words.ROLES),
    words.schema(words.ROLES),
]
AuditStatus = Annotated[
    Literal["planned", "visited", "assessed", "reported", "followed-up"],
    words.validator(words.AUDIT_STATUSES),
    words.schema(words.AUDIT_STATUSES),
]


class TeamMember(Strict):
    id: NFCStr = Field(min_length=1, max_length=32, description="A short code such as A, never a name.")
    role: Role


class Audit(Strict):
    id: Id
    battery: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*(@[1-9][0-9]*)?$", description="id@version, e.g. goteborg@1")
    unit: NFCStr = Field(min_length=1)
    organisation: NFCStr | None = None
    site_visit: dt.date | None = None
    feedback_meeting: dt.date | None = None
    team: list[TeamMember] = []
    follows_up: Id | None = None
    status: AuditStatus = "planned"
    method: str | None = Field(None, description="How the audit was made, for the report.")
    themes: list[Theme] = Field(
        default_factory=list, description="Themes of this audit, beside those its battery declares."
    )
    retain_interviews_until: dt.date | None = Field(
        None, description="After this date the interview files are to be removed ('revision archive')."
    )
    personal_data_ok: list[str] = acknowledgement("this file")
