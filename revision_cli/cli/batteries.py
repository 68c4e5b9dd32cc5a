"""`revision batteries list|show`: the question batteries available, built in and local."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.guard import guarded
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _

batteries_app = typer.Typer(
    help=N_("The question batteries available: built in and local.\n\nExample: revision batteries show goteborg@1"),
    rich_markup_mode=None,
)


@batteries_app.callback(invoke_without_command=True)
def batteries_default(ctx: typer.Context) -> None:
    """List the batteries when no subcommand is given."""
    if ctx.invoked_subcommand is None:
        batteries_list()


@batteries_app.command("list")
@guarded
@help_text(
    N_("""\
List every battery: id@version, title, where it comes from.

Example: revision batteries list""")
)
def batteries_list() -> None:
    from revision_cli.characters import terminal_safe
    from revision_cli.cli.output import print_findings
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import open_repository

    repo = open_repository(Path.cwd())
    catalog = load_catalog(repo.root)
    for (battery_id, version), entry in sorted(catalog.entries.items()):
        origin = _("built in") if entry.builtin else entry.loaded.doc.display
        title = entry.battery.title.get(repo.config.language)
        typer.echo(f"{battery_id}@{version}\t{terminal_safe(title)}\t({terminal_safe(origin)})")
    if catalog.findings:
        print_findings(catalog.findings, err=True)


@batteries_app.command("show")
@guarded
@help_text(
    N_("""\
Show a battery: areas, sub-areas, questions per group, scales and thresholds.

Example: revision batteries show goteborg@1""")
)
def batteries_show(
    battery: Annotated[str, typer.Argument(help=N_("ID or ID@VERSION."))],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_("sv or en, or another language tag the battery has texts in (fi, ar, sv-x-lattlast …)."),
        ),
    ] = None,
) -> None:
    from revision_cli.errors import RevisionError
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import open_repository
    from revision_cli.views.battery import describe_battery

    repo = open_repository(Path.cwd())
    catalog = load_catalog(repo.root)
    entry, why = catalog.resolve(battery)
    if entry is None:
        raise RevisionError(why, findings=catalog.findings)
    from revision_cli.models.reading import languages, languages_for, read_in
    from revision_cli.views.fidelity import describe_fidelity

    language, tag = languages_for(lang, repo.config.language)
    shown = entry.battery if tag is None else read_in(entry.battery, tag, entry.battery.language)
    from revision_cli.characters import terminal_safe

    text = "\n".join([describe_battery(shown, language), *describe_fidelity(shown, language)])
    others = languages(entry.battery)
    if any(code not in ("sv", "en") for code in others):
        # Which --lang (and --ask-in) the battery answers in its own words.
        text += "\n" + _("Texts in: {languages}").format(languages=", ".join(others))
    typer.echo("\n".join(terminal_safe(line) for line in text.split("\n")))
