"""`revision indicators [UNIT|AUDIT]`: indicators over time, with their latest value, baseline,
target and run-chart signals."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from revision_cli.repository.indicators import IndicatorFile


class IndicatorsFormat(StrEnum):
    table = "table"
    json = "json"


@help_text(
    N_("""\
List the indicators followed over time (indicators.yaml): each one's latest value against
its baseline and target, the median of its measurements and the run-chart signals in words.

A unit's indicators lie in units/<unit>/indicators.yaml (the folder named as the site names
the unit: Boendestöd Norr is units/boendestod-norr/), an audit's own beside its audit.yaml.
A shift is 6 or more points in a row on one side of the median, a trend 5 or more points in
a row going up or down (the IHI run-chart rules). A file with errors is named on stderr and
the exit code is 1.

Example: revision indicators "Boendestödet Solrosen\"""")
)
def indicators_command(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[UNIT|AUDIT]",
            help=N_(
                "A unit (its name as audit.yaml gives it, or its folder under units/), or an audit (slug or "
                "folder: its unit's indicators and its own). Default: every indicators.yaml of the repository."
            ),
        ),
    ] = None,
    format: Annotated[IndicatorsFormat, typer.Option("--format", help=N_("table or json."))] = IndicatorsFormat.table,
) -> None:
    from revision_cli.cli.output import print_findings, print_json
    from revision_cli.i18n import language
    from revision_cli.repository.indicators import indicator_files
    from revision_cli.repository.locate import open_repository
    from revision_cli.views.indicators import file_view

    repo = open_repository(Path.cwd())
    files = indicator_files(repo, target, Path.cwd())
    lang, default_lang = language(), repo.config.language
    shown = [file_view(f, lang, default_lang) for f in files if f.ok]
    if format is IndicatorsFormat.json:
        print_json([_json(view) for view in shown])
    else:
        _print(shown, bool(files))
    broken = [f for f in files if not f.ok]
    if broken:
        for file in broken:
            print_findings([f for f in file.findings if f.severity.value == "error"], err=True)
            n = sum(1 for f in file.findings if f.severity.value == "error")
            message = ngettext(
                "{path} has {n} error; its indicators are not listed",
                "{path} has {n} errors; its indicators are not listed",
                n,
            )
            typer.echo("revision: " + message.format(path=_path(file), n=n), err=True)
        raise typer.Exit(1)


def _path(file: "IndicatorFile") -> str:
    from revision_cli.errors import display_path

    return display_path(file.path)


def _json(view: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": view["path"],
        "from_unit": view["from_unit"],
        "indicators": [{k: v for k, v in i.items() if k not in ("chart", "summary")} for i in view["indicators"]],
    }


def _print(views: list[dict[str, Any]], any_file: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from revision_cli.characters import terminal_safe

    console = Console()
    if not any(v["indicators"] for v in views):
        console.print(_("No indicators."), highlight=False)
        return
    for view in views:
        if not view["indicators"]:
            continue
        table = Table(title=terminal_safe(view["source"]), title_justify="left")
        for header in (
            _("Indicator"),
            _("Baseline"),
            _("Target"),
            _("Latest value"),
            _("Median"),
            _("Target met"),
        ):
            table.add_column(header, overflow="fold")
        for i in view["indicators"]:
            latest = i["latest"]
            met = "–" if i["met"] is None else ("✓ " + _("yes") if i["met"] else "✗ " + _("not yet"))
            cells = [
                i["title"],
                i["baseline"] or "–",
                i["target"] or "–",
                f"{latest['value']} ({latest['date']})" if latest else "–",
                i["median"] or "–",
                met,
            ]
            # Text, escaped: titles and units are the user's, neither rich markup nor terminal controls.
            table.add_row(*(Text(terminal_safe(cell)) for cell in cells))
        console.print(table, highlight=False)
        for i in view["indicators"]:
            measure = _("Unit of measure") + f": {i['unit']} ({i['direction_text']})"
            lines = [measure, i["status"], *i["signals"], *([i["no_signal"]] if i["no_signal"] else [])]
            console.print(Text(terminal_safe(i["title"]) + ":", style="bold"), highlight=False)
            for line in lines:
                console.print(Text("  " + terminal_safe(line)), highlight=False)
        console.print()
