"""`revision compare OLD NEW`: two audits side by side, sub-area by sub-area."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.options import LangOption
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _

if TYPE_CHECKING:
    from rich.text import Text

    from revision_cli.repository.scored import ScoredAudit
    from revision_cli.views.comparison import Comparison


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"


@help_text(
    N_("""\
Put two audits side by side: final and computed colours, shares and n per sub-area
and area, and whether each moved (↑ better, ↓ worse, = unchanged, – not comparable).

When the audits used different batteries (id or version), the areas, sub-areas and
questions found in only one are listed first, and only what both share is compared.
A sub-area without a final colour on either side (insufficient data, or figures
suppressed for small groups and no team rating) is marked not comparable.

Example: revision compare 2012-vastra-hisingen 2013-vastra-hisingen --format md""")
)
def compare_command(
    old: Annotated[str, typer.Argument(help=N_("The earlier audit: slug or path to an audit folder."))],
    new: Annotated[str, typer.Argument(help=N_("The later audit: slug or path to an audit folder."))],
    format: Annotated[CompareFormat, typer.Option("--format", help=N_("table, json or md."))] = CompareFormat.table,
    lang: LangOption = None,
) -> None:
    from revision_cli.cli.output import print_json
    from revision_cli.repository.scored import open_audit
    from revision_cli.views.comparison import compare, comparison_json, comparison_markdown

    cwd = Path.cwd()
    before, after = open_audit(old, cwd), open_audit(new, cwd)
    language = lang.value if lang else after.repo.config.language
    comp = compare(before.score(), after.score())
    first, second = before.audit.site_visit, after.audit.site_visit
    if first and second and first > second:
        typer.echo(
            "revision: "
            + _(
                "note: {old}'s site visit ({first}) is later than {new}'s ({second}); 'better' "
                "and 'worse' read from OLD to NEW"
            ).format(old=old, first=first, new=new, second=second),
            err=True,
        )
    from revision_cli.views.fidelity import card_of
    from revision_cli.views.fidelity_comparison import (
        compare_fidelity,
        fidelity_comparison_json,
        fidelity_comparison_lines,
        fidelity_comparison_markdown,
    )

    fidelity = compare_fidelity(card_of(before), card_of(after))
    if format is CompareFormat.json:
        data = comparison_json(comp, _meta(before), _meta(after), language)
        if fidelity is not None:
            data["fidelity"] = fidelity_comparison_json(fidelity, language)
        print_json(data)
    elif format is CompareFormat.md:
        sys.stdout.write(comparison_markdown(comp, _label(before), _label(after), language))
        if fidelity is not None:
            sys.stdout.write("\n" + fidelity_comparison_markdown(fidelity, language))
    else:
        _print_table(comp, _label(before), _label(after), language)
        if fidelity is not None:
            typer.echo("\n".join(fidelity_comparison_lines(fidelity, language)))


def _meta(scored: "ScoredAudit") -> dict[str, str | None]:
    audit = scored.audit
    return {
        "audit": audit.id,
        "unit": audit.unit,
        "battery": scored.battery.ref,
        "site_visit": audit.site_visit.isoformat() if audit.site_visit else None,
        "feedback_meeting": audit.feedback_meeting.isoformat() if audit.feedback_meeting else None,
    }


def _label(scored: "ScoredAudit") -> str:
    audit = scored.audit
    return f"{audit.id} ({audit.site_visit.isoformat()})" if audit.site_visit else audit.id


def _shown(text: str, style: str = "") -> "Text":
    """rich Text of a battery's or a file's words, with terminal controls escaped."""
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    return Text(terminal_safe(text), style=style)


def _print_table(comp: "Comparison", old_label: str, new_label: str, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from revision_cli.views.comparison import TEXTS, direction_text, only_in_lines, preamble, side_summary

    words = TEXTS[lang]
    console = Console()
    console.print(_shown(f"{old_label} → {new_label}", style="bold"))
    for line in preamble(comp, lang):
        console.print(_shown(line))
    for only, battery in ((comp.only_in_old, comp.old_battery), (comp.only_in_new, comp.new_battery)):
        if only:
            console.print(_shown(words["only_in"].format(ref=battery.ref)))
            for line in only_in_lines(only, battery, lang):
                console.print(_shown(f"  - {line}"))
    if not comp.areas:
        return
    battery = comp.new_battery
    table = Table(title_justify="left")
    for header in words["short_head"]:
        table.add_column(header, overflow="fold")
    for area in comp.areas:
        for item in [*area.subareas, area]:
            total = item is area
            title = item.title.get(lang, battery.language)
            title = (f"{title} ({words['total']})" if total else title) + (" *" if item.content_differs else "")
            style = "bold" if total else ""
            table.add_row(
                _shown(title, style=style),
                _shown(side_summary(item.old, lang), style=style),
                _shown(side_summary(item.new, lang), style=style),
                _shown(direction_text(item.direction, lang), style=style),
                end_section=total,
            )
    console.print(table)
    if any(a.content_differs for a in comp.areas):
        console.print(_shown(words["content_differs"]))
