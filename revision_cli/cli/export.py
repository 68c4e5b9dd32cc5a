"""`revision export [AUDIT...]`: the figures of audits as one tidy table (CSV, JSON, Excel)."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.options import LangOption, OutputOption, format_from_name
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class Dialect(StrEnum):
    standard = "standard"
    excel_sv = "excel-sv"


SUFFIXES = {".csv": ExportFormat.csv, ".xlsx": ExportFormat.xlsx, ".json": ExportFormat.json}


@help_text(
    N_("""\
Export the figures of audits as one tidy table, for a spreadsheet or a data tool.

One row per audit, item and card (the total, or a respondent group): areas, sub-areas,
questions, rated statements, fidelity items, sections and totals, and theme counts,
each with the audit's unit, organisation, dates and battery, the rating, the team's
and the computed colour, the share (exact as a fraction, and as a number), n and the
answers not counted. A figure the reports withhold is empty here too, with the reason.
Never an answer, a free text or a respondent code.

Without AUDIT every audit of the repository. The format follows -o's file name
(.csv, .xlsx, .json) unless --format says it; an Excel workbook needs -o and has one
sheet per kind of item. --dialect excel-sv writes semicolons and decimal commas, as
Excel with Swedish settings reads them. An audit with errors stops the export (exit 1).

Example: revision export --dialect excel-sv -o revisioner-2025.csv""")
)
def export_command(
    audits: Annotated[
        list[str] | None,
        typer.Argument(help=N_("Audit slugs or paths to audit folders (default: every audit).")),
    ] = None,
    format: Annotated[
        ExportFormat | None,
        typer.Option("--format", help=N_("csv, xlsx or json (default: from -o's file name, else csv).")),
    ] = None,
    dialect: Annotated[
        Dialect, typer.Option("--dialect", help=N_("CSV only: standard, or excel-sv (semicolons, decimal commas)."))
    ] = Dialect.standard,
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    from revision_cli.errors import RevisionError, UsageError
    from revision_cli.files.targets import output_file
    from revision_cli.operations.export import export_audits
    from revision_cli.render.tabular import to_csv, to_json, to_xlsx
    from revision_cli.repository.locate import open_repository, resolve_audit

    chosen = format_from_name(format, output, SUFFIXES, ExportFormat.csv)
    if dialect is not Dialect.standard and chosen is not ExportFormat.csv:
        raise UsageError(_("--dialect applies to CSV only"))
    path = output_file(output, "-o")
    if chosen is ExportFormat.xlsx and path is None:
        raise UsageError(_("an Excel workbook is not printed: give -o FILE.xlsx"))
    cwd = Path.cwd()
    repo = open_repository(cwd)
    if repo.root is None:
        from revision_cli.operations.actions import NO_REPOSITORY

        raise RevisionError(_(NO_REPOSITORY))
    folders = [resolve_audit(a, repo, cwd) for a in audits] if audits else repo.audit_folders()
    language = lang.value if lang else repo.config.language
    rows = export_audits(repo, folders, language)
    data: str | bytes
    if chosen is ExportFormat.xlsx:
        data = to_xlsx(rows)
    elif chosen is ExportFormat.json:
        data = to_json(rows)
    else:
        data = to_csv(rows, dialect.value)
    from revision_cli.cli.output import deliver

    deliver(data, path, output, _("the export"))
