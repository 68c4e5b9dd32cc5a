"""`revision score AUDIT`: the computed colours beside the team's."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.options import LangOption, Language
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _

if TYPE_CHECKING:
    from revision_cli.cache.outputs import Recording


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
    from revision_cli.cache.outputs import Recording
    from revision_cli.cli.fast import score_cacheable, score_options

    options = score_options(format.value, group, lang.value if lang else None)
    with Recording("score", options, audit, score_cacheable(format.value)) as rec:
        _score(audit, format, group, lang, rec)


def _score(audit: str, format: ScoreFormat, group: str | None, lang: Language | None, rec: "Recording") -> None:
    from revision_cli.cli.output import print_json, print_scorecard
    from revision_cli.cli.themes_table import print_themes
    from revision_cli.repository.scored import open_audit
    from revision_cli.views.score_json import scorecard_json, suppressed_json
    from revision_cli.views.themes import has_themes, themes_json

    scored = open_audit(audit, Path.cwd())
    rec.inputs(scored, [])
    if group is not None:  # `närstående` or `relatives` for the battery's `narstaende`
        from revision_cli.models.words import group_id

        group = group_id(group, scored.battery.groups) or group
    from revision_cli.views.fidelity import card_of, fidelity_json, refuse_group

    refuse_group(scored.battery, group)  # fidelity items are the reviewers', not a group's
    hidden = scored.suppressed()
    if group is not None and group in hidden:
        scored.score(group)  # rejects unknown groups with exit 2
        if format is ScoreFormat.json:
            print_json(suppressed_json(scored.audit.id, scored.battery.ref, group, hidden[group]))
        else:
            typer.echo(
                _(
                    "Group '{group}' is suppressed: {hidden} (fewer than {min_group_size} respondents, or "
                    "needed to protect a smaller group)."
                ).format(group=group, hidden=_(hidden[group]), min_group_size=scored.min_group_size)
            )
        return
    card = scored.score(group)
    breakdown = scored.breakdown() if group is None else None
    fidelity = card_of(scored) if group is None else None
    language = lang.value if lang else scored.repo.config.language
    themes = themes_json(scored, card, language) if group is None else {}
    if format is ScoreFormat.json:
        print_json(
            {
                **scorecard_json(card, scored.respondents(), breakdown),
                **(fidelity_json(fidelity) if fidelity else {}),
                **themes,
            }
        )
        return
    if card.areas or fidelity is None:
        print_scorecard(card, scored.respondents(), breakdown)
    if fidelity is not None:
        from revision_cli.cli.fidelity_table import print_fidelity

        print_fidelity(
            fidelity, _("{audit_id} — {ref} — fidelity items").format(audit_id=card.audit_id, ref=card.battery.ref)
        )
    if has_themes(scored):
        print_themes(themes, group)
