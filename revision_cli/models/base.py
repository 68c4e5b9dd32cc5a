"""Shared building blocks of the file models: strictness, texts, exact ratios, ids."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.functional_validators import BeforeValidator, PlainValidator

from revision_cli.i18n import _
from revision_cli.models.defaults import empty_list

Lang = Literal["sv", "en"]
LANGS: tuple[str, ...] = ("sv", "en")

# Ids are typed by hand and appear in file names and URLs: keep them plain.
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


# A name that is compared (a unit, a group, a team member's code): 'å' typed as one character
# (NFC) or as 'a' and a combining ring (NFD, as macOS file names and some editors give it)
# look the same, so they are made the same when read, and one unit is never two.
NFCStr = Annotated[str, BeforeValidator(_nfc)]


class Strict(BaseModel):
    """A model for a hand-written file: an unknown key is an error, usually a typo."""

    # defer_build: a model is built on first use, so a command pays only for the files it reads.
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True, defer_build=True)


@dataclass(frozen=True)
class Text:
    """A text in one language (`plain`, the battery's language) or in several."""

    sv: str | None = None
    en: str | None = None
    plain: str | None = None

    def get(self, lang: str, default_lang: str = "sv") -> str:
        own: str | None = getattr(self, lang, None)
        if own:
            return own
        if self.plain is not None and (lang == default_lang or not (self.sv or self.en)):
            return self.plain
        return self.sv or self.en or self.plain or ""

    def lang_of(self, lang: str, default_lang: str = "sv") -> str:
        """The language of the text `get(lang, default_lang)` gives: `lang` unless the text
        has none in it and another stands in (a report marks that one with its language)."""
        if getattr(self, lang, None):
            return lang
        if self.plain is not None and (lang == default_lang or not (self.sv or self.en)):
            return default_lang
        return "sv" if self.sv else "en" if self.en else default_lang

    def all(self) -> list[str]:
        return [t for t in (self.sv, self.en, self.plain) if t]


def _parse_text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(_("the text is empty"))
        return Text(plain=value)
    if isinstance(value, dict):
        unknown = [k for k in value if k not in LANGS]
        if unknown:
            raise ValueError(
                _("a text map takes the languages sv and en, not {value}").format(value=", ".join(map(str, unknown)))
            )
        if not value:
            raise ValueError(_("the text map is empty; give sv and/or en"))
        for lang, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(_("the {lang} text must be a non-empty string").format(lang=lang))
        return Text(sv=value.get("sv"), en=value.get("en"))
    raise ValueError(_("a text is a string or a map like {sv: ..., en: ...}"))


LocalText = Annotated[
    Text,
    PlainValidator(_parse_text, json_schema_input_type=str | dict[Lang, str]),
]

_RATIO = re.compile(r"^\s*(-?\d+)\s*/\s*(\d+)\s*$")


def parse_ratio(value: Any) -> Fraction:
    """An exact number: an integer, a decimal (0.5 is 1/2 exactly) or a fraction like 2/3."""
    if isinstance(value, bool):
        raise ValueError(_("expected a number like 1, 0.5 or 2/3, not true/false"))
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(str(value))
    if isinstance(value, str):
        match = _RATIO.match(value)
        if match:
            if int(match.group(2)) == 0:
                raise ValueError(_("{value!r} divides by zero").format(value=value))
            return Fraction(int(match.group(1)), int(match.group(2)))
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(_("expected a number like 1, 0.5 or 2/3, not {value!r}").format(value=value))


Ratio = Annotated[Fraction, PlainValidator(parse_ratio, json_schema_input_type=int | float | str)]


def acknowledgement(where: str) -> Any:
    """The field that lets personal data be published after all (published.ACKNOWLEDGED)."""
    return Field(
        default_factory=empty_list,
        description=(
            f"Strings in {where} that look like personal data but may be published (a unit's switchboard "
            "number, a public e-mail address), as written or in any other spelling of the same number; "
            "validate, privacy, report and site then leave them alone."
        ),
    )
