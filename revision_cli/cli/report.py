"""`revision report AUDIT`: the report, as Markdown or HTML."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.options import Language

if TYPE_CHECKING:
    from revision_cli.cache.outputs import Recording


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


def report_command(
    audit: Annotated[str, typer.Argument(help="Audit slug or path to an audit folder.")],
    format: Annotated[ReportFormat, typer.Option("--format", help="md or html.")] = ReportFormat.md,
    lang: Annotated[
        Language | None, typer.Option("--lang", help="sv or en (default: revision.yaml's language).")
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="File to write (default, or -: print). Never a file the repository reads, "
            "a link, a device or a folder.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Folder of templates that override the built-in ones file by file "
            "(default: the repository's templates/ folder, if any).",
        ),
    ] = None,
) -> None:
    """Render the audit's report through the Jinja templates.

    The report holds the team's assessment, the colour table with explanations and the
    published quotes; answer comments never appear in it. Nothing is written (exit 1) when
    a text it would print holds personal data, unless the file lists it under
    personal_data_ok; each such place is shown as path:line:column.

    \b
    Example: revision report 2012-vastra-hisingen --format html -o rapport.html
    """
    from revision_cli.cache.outputs import Recording, template_folders
    from revision_cli.cli.fast import report_options

    options = report_options(format.value, lang.value if lang else None, str(template) if template else None)
    with Recording("report", options, audit, enabled=output is None) as rec:
        _report(audit, format, lang, output, template, rec, template_folders)


def _report(
    audit: str,
    format: ReportFormat,
    lang: Language | None,
    output: str | None,
    template: Path | None,
    rec: "Recording",
    template_folders: Callable[[Path, Path | None], list[Path]],
) -> None:
    from revision_cli.errors import write_failure
    from revision_cli.files.targets import output_file
    from revision_cli.render.report import render_report
    from revision_cli.repository.scored import open_audit

    path = output_file(output, "-o", reads=[template] if template is not None else [])
    scored = open_audit(audit, Path.cwd())
    language = lang.value if lang else scored.repo.config.language
    text = render_report(scored, format.value, language, template_dir=template)
    if scored.repo.root is not None:
        rec.inputs(scored, template_folders(scored.repo.root, template))
    if path is None:
        from revision_cli.cli.output import write_stdout

        write_stdout(text, "the report")
        return
    from revision_cli.files.atomic import atomic_write

    try:
        atomic_write(path, text)
    except OSError as exc:
        raise write_failure(exc, "nothing was written") from None
    typer.echo(f"Wrote {output}", err=True)
