"""`revision import AUDIT FILE`: interviews from a web-form export (CSV or .xlsx)."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _, ngettext


@help_text(
    N_("""\
Import one interview per row of a web-form export (CSV or .xlsx).

The mapping file says which column is the respondent code, the group, the date and the
consent, which question each other column answers and what its values mean; every column
must be mapped or listed under ignore, and a column of names or e-mail addresses must be
ignored. --make-mapping MAP.yaml writes a first mapping, matching each header to the
closest question text and each value to the closest option, with how close in a comment:
check it, then import with --mapping MAP.yaml.

Reads CSV in UTF-8 (with or without a byte order mark), UTF-16 or Windows-1252, separated
by commas, semicolons or tabs, and the first sheet of an .xlsx workbook. Every problem is
reported as FILE:row:column (or MAP.yaml:line:column); with any error, or an interview file
that exists already, nothing is written (exit 1). --dry-run prints the files instead.

Example: revision import 2025-boendestod-norr svar.xlsx --make-mapping svar.mapping.yaml

Example: revision import 2025-boendestod-norr svar.xlsx --mapping svar.mapping.yaml --dry-run""")
)
def import_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    file: Annotated[Path, typer.Argument(help=N_("The export: a .csv or .xlsx file."))],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help=N_("The mapping file (YAML) that says what each column is."))
    ] = None,
    make_mapping: Annotated[
        Path | None,
        typer.Option(
            "--make-mapping",
            help=N_("Write a first mapping for FILE to this file (never over one)."),
            metavar="MAP.yaml",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Print the interview files that would be written; write nothing."))
    ] = False,
) -> None:
    from revision_cli.characters import terminal_safe
    from revision_cli.cli.output import print_findings
    from revision_cli.errors import UsageError
    from revision_cli.repository.locate import audit_in_repository

    if (mapping is None) == (make_mapping is None):
        raise UsageError(
            _("give --mapping MAP.yaml, or --make-mapping MAP.yaml to write a first one")
            if mapping is None
            else _("give either --mapping or --make-mapping, not both")
        )
    if not file.is_file():
        raise UsageError(_("{file} is not a file").format(file=terminal_safe(str(file))))
    repo, folder = audit_in_repository(audit, Path.cwd())
    if make_mapping is not None:
        from revision_cli.operations.importing import make_mapping as write_mapping

        for line in write_mapping(repo, folder, file, make_mapping):
            typer.echo(line)
        return
    assert mapping is not None
    if not mapping.is_file():
        raise UsageError(_("{file} is not a file").format(file=terminal_safe(str(mapping))))
    from revision_cli.errors import display_path
    from revision_cli.operations.importing import import_export

    run = import_export(repo, folder, file, mapping, dry_run=dry_run)
    print_findings(run.findings)
    if not run.ok:
        errors = sum(f.severity.value == "error" for f in run.findings)
        typer.echo(
            ngettext("{n} problem; nothing was written.", "{n} problems; nothing was written.", errors).format(
                n=errors
            ),
            err=True,
        )
        raise typer.Exit(1)
    if dry_run:
        for path, text in run.files:
            typer.echo(f"# --- {terminal_safe(display_path(path))}")
            typer.echo(text, nl=False)
        typer.echo(
            ngettext(
                "{n} interview would be written (dry run: nothing was written).",
                "{n} interviews would be written (dry run: nothing was written).",
                len(run.files),
            ).format(n=len(run.files)),
            err=True,
        )
        return
    typer.echo(
        ngettext("Wrote {n} interview to {folder}/", "Wrote {n} interviews to {folder}/", len(run.files)).format(
            n=len(run.files), folder=terminal_safe(display_path(folder / "interviews"))
        )
    )
    typer.echo(_("Next: revision validate {audit}").format(audit=folder.name))
