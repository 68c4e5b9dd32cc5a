"""`revision schema [KIND]`: the JSON Schema of each file kind, for editors."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _


@help_text(
    N_("""\
Print the JSON Schema of a file kind, generated from the models the tool validates with.

Editors with a YAML language server read the schema named on a file's first line
(`# yaml-language-server: $schema=...`; `revision init` and `revision new` write it and
the schemas/ folder) and then complete keys and flag typos while you type. The schema
checks the shape of a file only; `revision validate` still has the last word. Without
KIND the kinds are listed. --write refreshes the repository's schemas/ folder, e.g.
after upgrading revision.

Example: revision schema interview > interview.schema.json""")
)
def schema_command(
    kind: Annotated[
        str | None,
        typer.Argument(
            help=N_(
                "config, battery, audit, interview, assessment, actions, meetings, privacy or results; "
                "leave out to list them."
            )
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help=N_(
                "Write every schema to schemas/<kind>.schema.json in this repository (only the ones that changed)."
            ),
        ),
    ] = False,
) -> None:
    from revision_cli.errors import RevisionError, UsageError, display_path
    from revision_cli.operations.schemas import KINDS, describe, schema_text, write_schemas

    if write:
        if kind is not None:
            raise UsageError(_("--write writes every kind; leave out KIND"))
        from revision_cli.repository.locate import open_repository

        repo = open_repository(Path.cwd())
        if repo.root is None:
            raise RevisionError(_("no revision.yaml here or above; --write needs a repository"))
        try:
            written = write_schemas(repo.root)
        except OSError as exc:
            from revision_cli.errors import write_failure

            raise write_failure(exc, _("no schema was changed")) from None
        for path in written:
            typer.echo(_("Wrote {path}").format(path=display_path(path)))
        if not written:
            typer.echo(_("The schemas are up to date"))
        return
    if kind is None:
        width = max(map(len, KINDS))
        for name in KINDS:
            typer.echo(f"{name:<{width}}  {_(describe(name))}")
        return
    if kind not in KINDS:
        raise UsageError(_("unknown kind '{kind}'; choose one of: {value}").format(kind=kind, value=", ".join(KINDS)))
    typer.echo(schema_text(kind), nl=False)
