"""`revision.yaml`: the settings of an audit repository."""

from typing import Literal

from pydantic import Field, StrictInt

from revision_cli.models.base import Id, Lang, LocalText, NFCStr, Strict


class Anonymity(Strict):
    # StrictInt: YAML's `true` would otherwise be read as 1, and 1 protects nobody.
    min_group_size: StrictInt = Field(
        5,
        ge=2,
        description="Groups with fewer respondents are never reported on their own (a whole number, at least 2).",
    )


class LimitsSection(Strict):
    """revision.yaml's `limits:` section; the reader works with files/yaml_io.Limits made from it."""

    max_file_size: int = Field(1024 * 1024, ge=1024, description="Bytes per file.")
    max_aliases: int = Field(100, ge=0, description="Alias uses (*name) per file.")
    max_depth: int = Field(50, ge=5, le=900, description="Levels of nesting per file.")
    max_answers: int = Field(1000, ge=1, description="Answers per interview.")


class Config(Strict):
    revision: Literal[1] = Field(description="Format version of the repository.")
    organisation: NFCStr | None = None
    language: Lang = "sv"
    anonymity: Anonymity = Anonymity()
    limits: LimitsSection = LimitsSection()
    roles: dict[Id, LocalText] = Field(
        {},
        description="The repository's own team roles by id, each with its label (sv/en), "
        "e.g. boendestodjare: {sv: Boendestödjare, en: Housing support worker}. The built-in roles stay.",
    )
    follow_up_months: int = Field(
        12, ge=1, le=120, description="A follow-up is due this many months after the feedback meeting."
    )
