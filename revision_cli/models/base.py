"""Shared building blocks of the file models: strictness, texts, exact ratios, ids."""

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.functional_validators import BeforeValidator, PlainValidator
from pydantic.json_schema import WithJsonSchema

from revision_cli.i18n import _
from revision_cli.models.defaults import empty_list
from revision_cli.models.tags import TAG_PATTERN, canonical, fallbacks, is_tag

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
    """A text in one language (`plain`, the battery's language) or in several: sv and en,
    and in a battery any other language tag (`others`, canonical tag → text)."""

    sv: str | None = None
    en: str | None = None
    plain: str | None = None
    others: tuple[tuple[str, str], ...] = ()
    # A text already chosen for a reader (models/reading.py): (what is shown, its language),
    # whatever language is then asked for.
    fixed: tuple[str, str] | None = None

    def get(self, lang: str, default_lang: str = "sv") -> str:
        return self.fixed[0] if self.fixed is not None else self._pick(lang, default_lang)[0]

    def lang_of(self, lang: str, default_lang: str = "sv") -> str:
        """The language of the text `get(lang, default_lang)` gives: `lang` unless the text
        has none in it and another stands in (a report marks that one with its language)."""
        return self.fixed[1] if self.fixed is not None else self._pick(lang, default_lang)[1]

    def own(self, lang: str, default_lang: str = "sv") -> str | None:
        """The text written in exactly `lang` (a plain text counts as the battery's language)."""
        if lang in LANGS:
            written: str | None = getattr(self, lang)
        else:
            written = dict(self.others).get(canonical(lang)) if is_tag(lang) else None
        if not written and lang == default_lang and self.plain is not None:
            return self.plain
        return written or None

    def _pick(self, lang: str, default_lang: str) -> tuple[str, str]:
        if lang not in LANGS and is_tag(lang):
            # Another language: its own text, else that of a shorter tag (sv-x-lattlast → sv),
            # else what a Swedish reader gets.
            for tag in (canonical(lang), *fallbacks(lang)):
                found = self.own(tag, default_lang)
                if found:
                    return found, tag
            lang = "sv"
        own: str | None = getattr(self, lang, None) if lang in LANGS else None
        if own:
            return own, lang
        if self.plain is not None and (lang == default_lang or not (self.sv or self.en)):
            return self.plain, default_lang
        if self.sv:
            return self.sv, "sv"
        if self.en:
            return self.en, "en"
        if self.plain is not None:
            return self.plain, default_lang
        if self.others:
            return self.others[0][1], self.others[0][0]
        return "", default_lang

    def languages(self) -> list[str]:
        """The languages the text is written in (`plain` not counted: it has no tag)."""
        return [code for code in LANGS if getattr(self, code)] + [tag for tag, _text in self.others]

    def all(self) -> list[str]:
        if self.fixed is not None:
            return [self.fixed[0]]
        return [t for t in (self.sv, self.en, self.plain) if t] + [t for _tag, t in self.others]


def _parse_text(value: Any, any_language: bool = False) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(_("the text is empty"))
        return Text(plain=value)
    if isinstance(value, dict):
        if any_language:
            return _parse_tagged(value)
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


def _parse_tagged(value: dict[Any, Any]) -> Text:
    """A battery's text map: any well-formed language tag (compared in any letter case)."""
    if not value:
        raise ValueError(_("the text map is empty; give at least one language, like {sv: ...}"))
    bad = [str(k) for k in value if not isinstance(k, str) or not is_tag(k)]
    if bad:
        raise ValueError(
            _(
                "{value} is not a language tag; write one like sv, en, fi, ar or sv-x-lattlast "
                "(letters and digits in parts joined by -, not _)"
            ).format(value=", ".join(repr(b) for b in bad))
        )
    texts: dict[str, str] = {}
    for key, text in value.items():
        tag = canonical(key)
        if tag in texts:
            raise ValueError(_("the language {lang} is given twice (tags are the same in any case)").format(lang=tag))
        if not isinstance(text, str) or not text.strip():
            raise ValueError(_("the {lang} text must be a non-empty string").format(lang=key))
        texts[tag] = text
    return Text(
        sv=texts.pop("sv", None),
        en=texts.pop("en", None),
        others=tuple(texts.items()),
    )


LocalText = Annotated[
    Text,
    PlainValidator(_parse_text, json_schema_input_type=str | dict[Lang, str]),
]

# A battery's text: a string in the battery's language, or texts by any language tag.
TEXT_BY_TAG_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "minProperties": 1,
            "patternProperties": {TAG_PATTERN: {"type": "string", "minLength": 1}},
            "additionalProperties": False,
        },
    ],
    "description": (
        "A text in the battery's language, or a map of texts by language tag (BCP 47): "
        "{sv: ..., en: ..., fi: ..., ar: ..., sv-x-lattlast: ...}"
    ),
}
BatteryText = Annotated[
    Text,
    PlainValidator(lambda value: _parse_text(value, any_language=True)),
    WithJsonSchema(TEXT_BY_TAG_SCHEMA, mode="validation"),
]

_RATIO = r"^\s*(-?\d+)\s*/\s*(\d+)\s*$"  # compiled on first use (re's cache), not at import


def parse_ratio(value: Any) -> Fraction:
    """An exact number: an integer, a decimal (0.5 is 1/2 exactly) or a fraction like 2/3."""
    if isinstance(value, bool):
        raise ValueError(_("expected a number like 1, 0.5 or 2/3, not true/false"))
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(str(value))
    if isinstance(value, str):
        match = re.match(_RATIO, value)
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
