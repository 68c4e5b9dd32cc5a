"""`revision score AUDIT`: the computed colours beside the team's."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from typing import Annotated

import typer

from revision_cli.cli.options import LangOption
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"


@help_text(
    N_("""\
Compute the colours and show them beside the team's.

Every light shows a symbol and a word, its share of positive answers, the number of
counted answers (n) and of answers not counted (don't know).

Example: revision score 2012-vastra-hisingen --format json --group brukare""")
)
def score_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    format: Annotated[ScoreFormat, typer.Option("--format", help=N_("table or json."))] = ScoreFormat.table,
    group: Annotated[
        str | None, typer.Option(help=N_("Only this respondent group (suppressed when too small)."))
    ] = None,
    lang: LangOption = None,
) -> None:
    from revision_cli.cli.bodies import score

    score(audit, format.value, group, lang.value if lang else None)
