"""Choices more than one command offers."""

from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from revision_cli.i18n import _


class Language(StrEnum):
    sv = "sv"
    en = "en"


Format = TypeVar("Format", bound=StrEnum)


def format_from_name(format: Format | None, output: str | None, suffixes: dict[str, Format], default: Format) -> Format:
    """--format when given, else what -o's extension asks for (any case), else `default`.
    A --format that disagrees with the extension is refused: `-o x.html` holding Markdown,
    or the other way round, is a file no reader opens as meant."""
    named = suffixes.get(Path(output).suffix.lower()) if output not in (None, "-") else None
    if format is not None and named is not None and format is not named:
        from revision_cli.errors import UsageError

        raise UsageError(
            _("--format {format} does not fit -o {output}: leave --format out or give the file a {suffix} name").format(
                format=format.value, output=output, suffix="." + format.value
            )
        )
    return format or named or default
