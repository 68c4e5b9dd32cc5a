"""Choices more than one command offers."""

# No `from __future__ import annotations`: typer reads these annotations when a command is defined.

from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from revision_cli.i18n import N_, _


class Language(StrEnum):
    sv = "sv"
    en = "en"


# The options several commands take, worded once.
LangOption = Annotated[
    Language | None, typer.Option("--lang", help=N_("sv or en (default: revision.yaml's language)."))
]
# form and report: the language of the battery's texts may be any language tag the battery has
# (cli/language.py has checked its shape before typer runs); the tool's words stay sv or en.
TextLangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=N_(
            "sv or en, or another language tag of the battery's texts, e.g. fi, ar or sv-x-lattlast "
            "(the headings then in the repository's language; a text the battery lacks in it is shown "
            "in Swedish, marked). Default: revision.yaml's language."
        ),
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "-o",
        "--output",
        help=N_(
            "File to write (default, or -: print). Never a file the repository reads, a link, a device or a folder."
        ),
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help=N_(
            "Folder of templates that override the built-in ones file by file (default: the "
            "repository's templates/ folder, if any)."
        ),
    ),
]


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
