"""`revision form AUDIT --group GROUP`: a blank interview form to print, or the interviewer's guide."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.options import OutputOption, TemplateOption, TextLangOption, format_from_name
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _


class FormFormat(StrEnum):
    """The form's formats: the report's text ones (a report's PDF or Word file has no form)."""

    md = "md"
    html = "html"


SUFFIXES = {".html": FormFormat.html, ".htm": FormFormat.html, ".md": FormFormat.md, ".markdown": FormFormat.md}


@help_text(
    N_("""\
Print a blank interview form for one respondent group.

The form holds the audit's unit and date, a box for the respondent's code (never a
name), the consent sentence, every question the battery asks the group with a box for
each answer (lines for free text) and room for quotes marked whether they may be quoted.
It prints on A4. --guide makes the interviewer's version: the same form with the question
ids, the answer values the interview file takes and what to say about consent and codes.

The format follows -o's file name (.html or .htm: html; .md or .markdown: md) unless
--format says it; without either it is html. A --format that disagrees with the file name
is an error (exit 2).

Example: revision form 2025-boendestod-norr --group brukare -o out/formular.html""")
)
def form_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    group: Annotated[
        str | None,
        typer.Option(help=N_("The respondent group the form is for (may be left out when the battery has one).")),
    ] = None,
    format: Annotated[
        FormFormat | None,
        typer.Option("--format", help=N_("html or md (default: from -o's file name, else html).")),
    ] = None,
    guide: Annotated[
        bool, typer.Option("--guide", help=N_("The interviewer's version: question ids and instructions."))
    ] = False,
    lang: TextLangOption = None,
    output: OutputOption = None,
    template: TemplateOption = None,
) -> None:
    from dataclasses import replace

    from revision_cli.files.targets import output_file
    from revision_cli.models.reading import languages_for, read_in, unspoken
    from revision_cli.render.form import render_form
    from revision_cli.repository.blank import open_plan
    from revision_cli.views.form import choose_group

    chosen = format_from_name(format, output, SUFFIXES, FormFormat.html)
    path = output_file(output, "-o", reads=[template] if template is not None else [])
    plan = open_plan(audit, Path.cwd())
    group_id = choose_group(plan.battery, group)
    language, tag = languages_for(lang, plan.config.language)
    if tag is not None:  # the battery's texts in another language, the form's words in sv or en
        note = unspoken(plan.battery, tag)
        if note is not None:
            typer.echo(note, err=True)
        plan = replace(plan, battery=read_in(plan.battery, tag, plan.battery.language))
    text = render_form(plan, group_id, chosen.value, language, guide=guide, template_dir=template)
    from revision_cli.cli.output import deliver

    deliver(text, path, output, _("the form"))
