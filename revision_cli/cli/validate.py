"""`revision validate [PATH...]`: every problem in the files, each with its place."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_


class FindingFormat(StrEnum):
    text = "text"
    json = "json"


@help_text(
    N_("""\
Check files and the references between them; report every problem at once.

Each finding reads `path:line:column: severity [code] message`. Exit 0 when there are
no errors, 1 otherwise; with --strict every warning (personal data among them) is
printed and counted as an error.

Example: revision validate audits/2012-vastra-hisingen --strict""")
)
def validate_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help=N_("Files or folders (default: the whole repository)."))
    ] = None,
    format: Annotated[FindingFormat, typer.Option("--format", help=N_("text or json."))] = FindingFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help=N_("Treat warnings (such as personal data) as errors."))
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress bar."))] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help=N_("Read every file again instead of reusing .revision/."))
    ] = False,
) -> None:
    from revision_cli.cli.bodies import validate

    raise typer.Exit(validate(paths or [], format.value, strict, quiet, no_cache))
