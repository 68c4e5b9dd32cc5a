"""`revision init [DIRECTORY]`: a new audit repository."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_


@help_text(
    N_("""\
Create an audit repository: revision.yaml, audits/, batteries/ and .gitignore.

Runs `git init` when the folder is not inside a git repository already.

Example: revision init brukarrevisioner --organisation "Göteborgs Stad\"""")
)
def init_command(
    directory: Annotated[Path, typer.Argument(help=N_("Folder for the new repository (created if missing)."))] = Path(
        "."
    ),
    organisation: Annotated[str | None, typer.Option(help=N_("Organisation name for revision.yaml."))] = None,
) -> None:
    from revision_cli.operations.scaffold import init_repository

    for line in init_repository(directory, organisation):
        typer.echo(line)
