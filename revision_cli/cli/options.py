"""Choices more than one command offers."""

from enum import StrEnum


class Language(StrEnum):
    sv = "sv"
    en = "en"
