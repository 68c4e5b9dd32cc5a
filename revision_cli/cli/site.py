"""`revision site -o DIR`: the organisation overview as a static HTML site."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.options import LangOption
from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from rich.progress import TaskID


@help_text(
    N_("""\
Write the organisation overview as a static, self-contained HTML site.

index.html holds a grid of units × sub-areas in each unit's latest colours and the
status table; audits/SLUG.html each audit's report; units/UNIT.html a unit's audits
over time; status.html the status table. Relative links, no scripts, no external
files: the folder can be zipped and mailed or published as it is. Nothing is written
(exit 1) when a text on any page holds personal data, as for `revision report`.

Example: revision site -o oversikt --lang sv""")
)
def site_command(
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            help=N_("Folder to write the site into (created if missing; pages already there are replaced)."),
        ),
    ],
    lang: LangOption = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help=N_("The date to judge overdue actions and follow-ups by, YYYY-MM-DD (default: today).")
        ),
    ] = None,
) -> None:
    import datetime as dt

    from revision_cli.errors import UsageError
    from revision_cli.files.targets import output_folder
    from revision_cli.render.site import build_site, write_site
    from revision_cli.repository.locate import open_repository

    if today is None:
        day = dt.date.today()
    else:
        try:
            day = dt.date.fromisoformat(today)
        except ValueError:
            raise UsageError(_("--today {today!r} is not a date; write it as YYYY-MM-DD").format(today=today)) from None
    folder = output_folder(output)
    repo = open_repository(Path.cwd())
    language = lang.value if lang else repo.config.language
    with _progress() as progress:
        pages = build_site(repo, language, day, progress)
    written = write_site(pages, folder, repo.root)
    typer.echo(
        ngettext(
            "Wrote {n} page into {folder}; start at {start}",
            "Wrote {n} pages into {folder}; start at {start}",
            len(written),
        ).format(n=len(written), folder=folder, start=folder / "index.html"),
        err=True,
    )


@contextmanager
def _progress() -> "Iterator[Callable[[str, int, int], None] | None]":
    """A progress bar on standard error while the site is built, when that is a terminal
    (gone once done); None, and nothing printed, when it is a pipe or a file."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal or console.is_dumb_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from revision_cli.render.site import READ

    phases = {READ: _("Reading audits")}
    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:

        def advance(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phases.get(phase, _("Writing pages")), total=total)
            bar.update(tasks[phase], completed=done)

        yield advance
