"""`audit.yaml`: one audit of one unit."""

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from revision_cli.models import words
from revision_cli.models.base import ID_PATTERN, Id, NFCStr, Strict, acknowledgement
from revision_cli.models.battery import Theme
from revision_cli.models.defaults import empty_list

ROLES = words.ROLES.canonical
STATUSES = words.AUDIT_STATUSES.canonical
_ROLE_ID = re.compile(ID_PATTERN)


def _role(value: Any) -> str:
    """A built-in role in any of its spellings (its id out), or the id of one the repository
    declares under `roles` in revision.yaml (validate checks it is declared: checks/audit.py)."""
    found = words.ROLES.canonical_of(value)
    if found is not None:
        return found
    if isinstance(value, str) and _ROLE_ID.fullmatch(value):
        return value
    spellings = ((w, w) for w in words.ROLES.spellings())
    hint = words.did_you_mean(words.closest(value, spellings)) if isinstance(value, str) else ""
    raise PydanticCustomError(
        "unknown_word",
        (words.unknown_word_message(words.ROLES) + hint).replace("{", "(").replace("}", ")"),
    )


Role = Annotated[
    str,
    PlainValidator(_role),
    WithJsonSchema(
        {
            "type": "string",
            "anyOf": [{"enum": list(words.ROLES.spellings())}, {"pattern": ID_PATTERN}],
            "description": words.describe(words.ROLES) + " Or the id of a role declared under roles in revision.yaml.",
        }
    ),
]
AuditStatus = Annotated[
    Literal["planned", "visited", "assessed", "reported", "followed-up"],
    words.validator(words.AUDIT_STATUSES),
    words.schema(words.AUDIT_STATUSES),
]


class TeamMember(Strict):
    id: NFCStr = Field(min_length=1, max_length=32, description="A short code such as A, never a name.")
    role: Role


BatteryRef = Annotated[
    str, Field(pattern=r"^[a-z0-9][a-z0-9-]*(@[1-9][0-9]*)?$", description="id@version, e.g. goteborg@1")
]


class Audit(Strict):
    id: Id
    battery: BatteryRef | Annotated[list[BatteryRef], Field(min_length=1)] = Field(
        description="The battery used, as id@version (e.g. goteborg@1), or a list of them when the audit "
        "uses several instruments (e.g. [goteborg@1, kvalitetsdeklaration@1]); an id two of them share is "
        "written battery.id in the interviews."
    )
    unit: NFCStr = Field(min_length=1)
    organisation: NFCStr | None = None
    site_visit: dt.date | None = None
    feedback_meeting: dt.date | None = None
    team: list[TeamMember] = []
    follows_up: Id | None = None
    status: AuditStatus = "planned"
    method: str | None = Field(None, description="How the audit was made, for the report.")
    practice: words.Practice | None = Field(
        None, description="The practice the audit follows, which names the report's steps; else the battery's."
    )
    themes: list[Theme] = Field(
        default_factory=empty_list, description="Themes of this audit, beside those its battery declares."
    )
    retain_interviews_until: dt.date | None = Field(
        None, description="After this date the interview files are to be removed ('revision archive')."
    )
    personal_data_ok: list[str] = acknowledgement("this file")

    @property
    def batteries(self) -> list[str]:
        """The references of the batteries the audit uses, in the order written."""
        return [self.battery] if isinstance(self.battery, str) else list(self.battery)
