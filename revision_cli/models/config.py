"""`revision.yaml`: the settings of an audit repository."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Lang, Strict


class Anonymity(Strict):
    min_group_size: int = Field(5, ge=1, description="Groups with fewer respondents are never reported on their own.")


class Config(Strict):
    revision: Literal[1] = Field(description="Format version of the repository.")
    organisation: str | None = None
    language: Lang = "sv"
    anonymity: Anonymity = Anonymity()
