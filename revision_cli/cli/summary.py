"""`revision summary`: the year's summary for the committee, as Markdown or HTML."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.options import LangOption, OutputOption, TemplateOption, format_from_name
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _


class SummaryFormat(StrEnum):
    md = "md"
    html = "html"


# A file name's extension → the format it asks for.
SUFFIXES = {
    ".html": SummaryFormat.html,
    ".htm": SummaryFormat.html,
    ".md": SummaryFormat.md,
    ".markdown": SummaryFormat.md,
}


@help_text(
    N_("""\
Write the summary of a period for the committee: every audit reported in it, a grid of
units × sub-areas in colours, each unit's change since its previous audit, the open and
overdue improvement actions, then a page per unit (summary, colours, strengths and
improvements).

An audit is reported on its feedback meeting (its site visit when it records none) once
its status is reported or followed-up. --to defaults to today, --from to a year before
--to; both days are included. Figures a report withholds to protect small groups are
withheld here too, and nothing is written (exit 1) when a text it would print holds
personal data, as for `revision report`. Overdue actions are judged against --today
(default: today, or REVISION_TODAY).

The format follows -o's file name (.html or .htm: html; .md or .markdown: md) unless
--format says it; a --format that disagrees with the file name is an error (exit 2).

Example: revision summary --from 2025-01-01 --to 2025-12-31 -o nämnd-2025.html""")
)
def summary_command(
    start: Annotated[
        str | None,
        typer.Option("--from", help=N_("First day of the period, YYYY-MM-DD (default: a year before --to).")),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help=N_("Last day of the period, YYYY-MM-DD (default: today)."))
    ] = None,
    format: Annotated[
        SummaryFormat | None,
        typer.Option("--format", help=N_("md or html (default: from -o's file name, else md).")),
    ] = None,
    lang: LangOption = None,
    output: OutputOption = None,
    template: TemplateOption = None,
    today: Annotated[
        str | None, typer.Option("--today", help=N_("The date to judge overdue against, YYYY-MM-DD (default: today)."))
    ] = None,
) -> None:
    from revision_cli.cli.output import deliver
    from revision_cli.errors import RevisionError
    from revision_cli.files.targets import output_file
    from revision_cli.operations.actions import NO_REPOSITORY, parse_date
    from revision_cli.operations.summary import build_summary, default_period
    from revision_cli.render.summary import render_summary
    from revision_cli.repository.locate import open_repository

    chosen = format_from_name(format, output, SUFFIXES, SummaryFormat.md)
    day = parse_date(today)
    first, last = default_period(
        parse_date(start, "--from") if start is not None else None,
        parse_date(end, "--to") if end is not None else None,
        day,
    )
    path = output_file(output, "-o", reads=[template] if template is not None else [])
    repo = open_repository(Path.cwd())
    if repo.root is None:
        raise RevisionError(_(NO_REPOSITORY))
    language = lang.value if lang else repo.config.language
    summary = build_summary(repo, language, first, last, day)
    text = render_summary(summary, chosen.value, language, repo.root, template)
    deliver(text, path, output, _("the summary"))
