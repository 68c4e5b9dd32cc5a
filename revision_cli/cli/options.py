"""Choices more than one command offers."""

from enum import Enum


class Language(str, Enum):
    sv = "sv"
    en = "en"
