"""`privacy.yaml`: names of people the team knows may come up in the free text."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from revision_cli.i18n import _
from revision_cli.models.base import Strict


def _name(value: str) -> str:
    # Never repeat the value in the message: it is a person's name.
    name = " ".join(value.split())
    if not any(ch.isalnum() for ch in name):
        raise ValueError(_("a name needs at least one letter"))
    return name


Name = Annotated[str, AfterValidator(_name)]


class PrivacyNames(Strict):
    names: list[Name] | None = Field(
        None, description="Names to watch for in free text, matched case-insensitively as whole words."
    )
