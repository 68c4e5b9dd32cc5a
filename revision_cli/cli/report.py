"""`revision report AUDIT`: the report, as Markdown, HTML or PDF."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.options import OutputOption, TemplateOption, TextLangOption, format_from_name
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_

if TYPE_CHECKING:
    pass


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


class Appendix(StrEnum):
    full = "full"
    short = "short"
    none = "none"


@help_text(
    N_("""\
Render the audit's report through the Jinja templates.

The report holds the team's assessment, the colour table with explanations and the
published quotes; answer comments never appear in it. Nothing is written (exit 1) when
a text it would print holds personal data, unless the file lists it under
personal_data_ok; each such place is shown as path:line:column.

The format follows -o's file name (.html or .htm: html; .md or .markdown: md; .docx:
docx; .pdf: pdf) unless --format says it; a --format that disagrees with the file name is
an error (exit 2). A Word document (docx) is the HTML report laid out on the
reference.docx of the templates folder, else on the built-in one; a PDF is the HTML report
laid out in A4 pages and needs the extra revision[pdf] (WeasyPrint). Both need -o.

Example: revision report 2012-vastra-hisingen -o rapport.html""")
)
def report_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", help=N_("md, html, docx or pdf (default: from -o's file name, else md).")),
    ] = None,
    lang: TextLangOption = None,
    output: OutputOption = None,
    template: TemplateOption = None,
    appendix: Annotated[
        Appendix,
        typer.Option(
            "--appendix",
            help=N_("full (tables and charts), short (one line per question, no charts) or none."),
        ),
    ] = Appendix.full,
) -> None:
    from revision_cli.cli.bodies import report

    chosen = format_from_name(format, output, SUFFIXES, ReportFormat.md)
    report(audit, chosen.value, lang, output, template, appendix.value)


# A file name's extension → the format it asks for.
SUFFIXES = {
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".md": ReportFormat.md,
    ".markdown": ReportFormat.md,
    ".docx": ReportFormat.docx,
    ".pdf": ReportFormat.pdf,
}
