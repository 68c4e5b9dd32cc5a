"""`revision report AUDIT`: the report, as Markdown, HTML or PDF."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.options import LangOption, Language, OutputOption, TemplateOption, format_from_name
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _

if TYPE_CHECKING:
    from revision_cli.cache.outputs import Recording


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
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

The format follows -o's file name (.html or .htm: html; .md or .markdown: md; .pdf:
pdf) unless --format says it; a --format that disagrees with the file name is an error
(exit 2). A PDF is the HTML report laid out in A4 pages; it needs the extra
revision[pdf] (WeasyPrint) and -o.

Example: revision report 2012-vastra-hisingen -o rapport.html""")
)
def report_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    format: Annotated[
        ReportFormat | None,
        typer.Option("--format", help=N_("md, html or pdf (default: from -o's file name, else md).")),
    ] = None,
    lang: LangOption = None,
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
    from revision_cli.cache.outputs import Recording, template_folders
    from revision_cli.cli.fast import report_options

    chosen = format_from_name(format, output, SUFFIXES, ReportFormat.md)
    options = report_options(
        chosen.value, lang.value if lang else None, str(template) if template else None, appendix.value
    )
    with Recording("report", options, audit, enabled=output is None) as rec:
        _report(audit, chosen, lang, output, template, appendix, rec, template_folders)


# A file name's extension → the format it asks for.
SUFFIXES = {
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".md": ReportFormat.md,
    ".markdown": ReportFormat.md,
    ".pdf": ReportFormat.pdf,
}


def _report(
    audit: str,
    format: ReportFormat,
    lang: Language | None,
    output: str | None,
    template: Path | None,
    appendix: Appendix,
    rec: "Recording",
    template_folders: Callable[[Path, Path | None], list[Path]],
) -> None:
    from revision_cli.files.targets import output_file
    from revision_cli.render.report import render_report
    from revision_cli.repository.scored import open_audit

    path = output_file(output, "-o", reads=[template] if template is not None else [])
    if format is ReportFormat.pdf and path is None:
        from revision_cli.errors import UsageError

        raise UsageError(_("a PDF is not printed: give -o FILE.pdf"))
    if format is ReportFormat.pdf:
        from revision_cli.render.pdf import weasyprint_module

        weasyprint_module()
    scored = open_audit(audit, Path.cwd())
    language = lang.value if lang else scored.repo.config.language
    # A PDF is the HTML report, laid out by its print stylesheet.
    source = ReportFormat.html if format is ReportFormat.pdf else format
    text = render_report(scored, source.value, language, template_dir=template, appendix=appendix.value)
    if scored.repo.root is not None:
        rec.inputs(scored, template_folders(scored.repo.root, template))
    from revision_cli.cli.output import deliver

    if format is ReportFormat.pdf:
        from revision_cli.render.pdf import html_to_pdf

        deliver(html_to_pdf(text), path, output, _("the report"))
        return
    deliver(text, path, output, _("the report"))
