"""`revision compare OLD NEW`: two audits side by side, sub-area by sub-area; `revision compare
A B C …`: several fidelity reviews side by side."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.options import LangOption, OutputOption, TemplateOption, format_from_name
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _

if TYPE_CHECKING:
    from rich.text import Text

    from revision_cli.cli.options import Language
    from revision_cli.repository.scored import ScoredAudit
    from revision_cli.views.comparison import Comparison
    from revision_cli.views.fidelity_side_by_side import Review


class CompareFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    html = "html"


# A file name's extension → the format it asks for (-o).
SUFFIXES = {
    ".html": CompareFormat.html,
    ".htm": CompareFormat.html,
    ".md": CompareFormat.md,
    ".markdown": CompareFormat.md,
    ".json": CompareFormat.json,
}


@help_text(
    N_("""\
Put two audits side by side: final and computed colours, shares and n per sub-area
and area, and whether each moved (↑ better, ↓ worse, = unchanged, – not comparable).

When the audits used different batteries (id or version), the areas, sub-areas and
questions found in only one are listed first, and only what both share is compared.
A sub-area without a final colour on either side (insufficient data, or figures
suppressed for small groups and no team rating) is marked not comparable.

Three or more audits must all be fidelity reviews: they are shown side by side, one
column each, with total, band, mean item score, section means, every item's score and
the reviewers' recommendations. Two fidelity reviews are shown so with --format html.
As Markdown or HTML the comparison is a report: nothing is written (exit 1) when a text
it would print holds personal data, as for 'revision report'.

Example: revision compare 2012-vastra-hisingen 2013-vastra-hisingen --format md
Example: revision compare 2025-ips-alvstaden 2025-ips-angered 2025-ips-nordost -o ips.html""")
)
def compare_command(
    audits: Annotated[
        list[str],
        typer.Argument(
            help=N_("The audits, earlier first: slugs or paths to audit folders (two, or more fidelity reviews).")
        ),
    ],
    format: Annotated[
        CompareFormat | None,
        typer.Option("--format", help=N_("table, json, md or html (default: from -o's file name, else table).")),
    ] = None,
    lang: LangOption = None,
    output: OutputOption = None,
    template: TemplateOption = None,
) -> None:
    from revision_cli.errors import UsageError
    from revision_cli.repository.scored import open_audit

    chosen = format_from_name(format, output, SUFFIXES, CompareFormat.table)
    if len(audits) < 2:
        raise UsageError(_("compare needs at least two audits"))
    cwd = Path.cwd()
    opened = [open_audit(a, cwd) for a in audits]
    if len(audits) > 2 or chosen is CompareFormat.html:
        _side_by_side(audits, opened, chosen, lang, output, template)
        return
    if template is not None:
        raise UsageError(_("--template is for fidelity reviews side by side (three or more, or --format html)"))
    if output is not None and chosen is CompareFormat.table:
        raise UsageError(_("-o needs --format md, html or json (a table is for the terminal)"))
    _two(audits[0], audits[1], opened[0], opened[1], chosen, lang, output)


def _two(
    old: str,
    new: str,
    before: "ScoredAudit",
    after: "ScoredAudit",
    format: CompareFormat,
    lang: "Language | None",
    output: str | None,
) -> None:
    import json

    from revision_cli.cli.output import deliver
    from revision_cli.files.targets import output_file
    from revision_cli.views.comparison import compare, comparison_json, comparison_markdown

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
    path = output_file(output, "-o")
    if format is CompareFormat.json:
        data = comparison_json(comp, _meta(before), _meta(after), language)
        if fidelity is not None:
            data["fidelity"] = fidelity_comparison_json(fidelity, language)
        deliver(json.dumps(data, ensure_ascii=False, indent=2) + "\n", path, output, _("the comparison"))
    elif format is CompareFormat.md:
        text = comparison_markdown(comp, _label(before), _label(after), language)
        if fidelity is not None:
            text += "\n" + fidelity_comparison_markdown(fidelity, language)
        deliver(text, path, output, _("the comparison"))
    else:
        _print_table(comp, _label(before), _label(after), language)
        if fidelity is not None:
            typer.echo("\n".join(fidelity_comparison_lines(fidelity, language)))


def _side_by_side(
    names: list[str],
    opened: list["ScoredAudit"],
    format: CompareFormat,
    lang: "Language | None",
    output: str | None,
    template: Path | None,
) -> None:
    """Fidelity reviews side by side: every audit must be one (wrong usage otherwise)."""
    from revision_cli.errors import UsageError
    from revision_cli.views.fidelity import card_of
    from revision_cli.views.fidelity_side_by_side import Review

    reviews = []
    for name, scored in zip(names, opened, strict=True):
        card = card_of(scored)
        if card is None:
            raise UsageError(
                _(
                    "{audit} is not a fidelity review ({ref} has no fidelity items): only fidelity reviews "
                    "are compared side by side; compare two audits at a time otherwise"
                ).format(audit=name, ref=scored.battery.ref)
            )
        audit = scored.audit
        reviews.append(Review(audit.id, audit.unit, audit.site_visit, card))
    language = lang.value if lang else opened[-1].repo.config.language
    if format in (CompareFormat.md, CompareFormat.html):
        from revision_cli.cli.output import deliver
        from revision_cli.files.targets import output_file
        from revision_cli.render.compare import render_side_by_side

        path = output_file(output, "-o", reads=[template] if template is not None else [])
        text = render_side_by_side(opened, reviews, format.value, language, template_dir=template)
        deliver(text, path, output, _("the comparison"))
        return
    if template is not None:
        raise UsageError(_("--template is for the compare report (--format md or html)"))
    if format is CompareFormat.json:
        import json

        from revision_cli.cli.output import deliver
        from revision_cli.files.targets import output_file
        from revision_cli.views.fidelity_side_by_side import side_by_side_json

        path = output_file(output, "-o")
        text = json.dumps(side_by_side_json(reviews, language), ensure_ascii=False, indent=2) + "\n"
        deliver(text, path, output, _("the comparison"))
    elif output is not None:
        raise UsageError(_("-o needs --format md, html or json (a table is for the terminal)"))
    else:
        _print_side_by_side(reviews, language)


def _print_side_by_side(reviews: list["Review"], lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from revision_cli.views.fidelity_side_by_side import WORDS, side_by_side_view

    words = WORDS[lang]
    view = side_by_side_view(reviews, lang)
    console = Console()
    console.print(_shown(words["title"], style="bold"))
    if not view["same_items"]:
        console.print(_shown(words["differ"]))
    table = Table(title_justify="left")
    table.add_column(words["row"], overflow="fold")
    for review in view["reviews"]:
        table.add_column(_shown(review["label"]), justify="right", overflow="fold")
    table.add_row(_shown(words["unit"]), *[_shown(r["unit"]) for r in view["reviews"]])
    table.add_row(
        _shown(words["total"], style="bold"),
        *[_shown(f"{r['total']} ({r['possible']})", style="bold") for r in view["reviews"]],
    )
    table.add_row(
        _shown(words["band"], style="bold"), *[_shown(r["band"]["label"], style="bold") for r in view["reviews"]]
    )
    table.add_row(_shown(words["mean"]), *[_shown(r["mean"]) for r in view["reviews"]], end_section=True)
    for section in view["section_rows"]:
        table.add_row(_shown(section["title"]), *[_shown(cell) for cell in section["cells"]])
    table.rows[-1].end_section = True
    for item in view["item_rows"]:
        table.add_row(_shown(f"{item['id']} {item['title']}"), *[_shown(cell) for cell in item["cells"]])
    console.print(table)
    if view["recommendations"]:
        console.print(_shown(words["recommendations"] + ":", style="bold"))
        for rec in view["recommendations"]:
            console.print(_shown(f"- {rec['item']} {rec['title']} ({rec['audit']}): {rec['text']}"))


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
