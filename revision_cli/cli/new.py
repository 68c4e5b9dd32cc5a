"""`revision new SLUG`: a new audit from a battery, or the follow-up of an earlier one."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_


@help_text(
    N_("""\
Scaffold audits/SLUG/ from a battery; never overwrites an existing audit.

Writes audit.yaml, assessment.yaml (every area and sub-area, with hints) and one
interview template per respondent group under interviews/.

Example: revision new 2025-boendestod-norr --battery goteborg@1 --unit "Boendestöd Norr" --site-visit 2025-03-12

Example: revision new 2026-boendestod-norr --follow-up 2025-boendestod-norr --site-visit 2026-03-10""")
)
def new_command(
    slug: Annotated[str, typer.Argument(help=N_("Folder name of the audit: lowercase letters, digits and dashes."))],
    battery: Annotated[
        list[str] | None,
        typer.Option(
            help=N_(
                "Battery as ID or ID@VERSION (latest version when left out; default goteborg, or the "
                "earlier audit's battery with --follow-up). Give it again for an audit of several "
                "batteries, e.g. --battery goteborg --battery kvalitetsdeklaration."
            )
        ),
    ] = None,
    unit: Annotated[str | None, typer.Option(help=N_("The unit audited."))] = None,
    organisation: Annotated[str | None, typer.Option(help=N_("The organisation running the unit."))] = None,
    site_visit: Annotated[
        str | None, typer.Option("--site-visit", help=N_("Date of the site visit, YYYY-MM-DD."))
    ] = None,
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up", help=N_("Slug of the audit this one follows up; copies its unit, organisation and battery.")
        ),
    ] = None,
) -> None:
    from revision_cli.operations.scaffold import new_audit
    from revision_cli.repository.locate import open_repository

    repo = open_repository(Path.cwd())
    for line in new_audit(
        repo, slug, battery, unit=unit, organisation=organisation, site_visit=site_visit, follow_up=follow_up
    ):
        typer.echo(line)
