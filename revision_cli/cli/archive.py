"""`revision archive AUDIT`: keep the results, remove the interview files."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

import sys
from pathlib import Path
from typing import Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _, ngettext


@help_text(
    N_("""\
Freeze the audit's figures into results.yaml, then remove its interview files.

results.yaml keeps what reports, compare, status, history and the site need: the
score card per area, sub-area and question (computed colour, exact share, n), the
respondents per group (suppressed groups stay withheld), the number of declined
interviews and the published quotes. Never respondent codes, answers, comments or
unpublished quotes. The team's colours stay in assessment.yaml. An audit with errors
is refused. Then interviews/*.yaml (templates too) are removed, and the folder when
empty. The files stay in git history until it is rewritten: the command prints how.
Archiving an audit archived before finishes an interrupted run, or says there is
nothing to do (exit 0). Only files results.yaml was frozen from are removed: a file
beside it that is new or edited since is named and nothing is removed (exit 1), unless
--refreeze freezes the results again from the interview files present. Everything is
written and removed together: on any failure (a full disk, say) nothing changes.

Example: revision archive 2012-vastra-hisingen --yes""")
)
def archive_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation (required when not run on a terminal)."))
    ] = False,
    today: Annotated[
        str | None,
        typer.Option("--today", help=N_("The archive date written into results.yaml, YYYY-MM-DD (default: today).")),
    ] = None,
    refreeze: Annotated[
        bool,
        typer.Option(
            "--refreeze",
            help=N_(
                "results.yaml is there, but interview files beside it are new or edited: freeze the "
                "figures again from the interview files present, then remove them."
            ),
        ),
    ] = False,
) -> None:
    from revision_cli.errors import UsageError, display_path
    from revision_cli.operations.actions import parse_date
    from revision_cli.operations.archive import carry_out, history_advice, prepare
    from revision_cli.repository.locate import audit_in_repository

    day = parse_date(today)
    repo, folder = audit_in_repository(audit, Path.cwd())
    plan = prepare(repo, folder, refreeze)
    slug = plan.folder.name
    results = display_path(plan.results_path)
    if plan.done:
        _already(slug, results)
        return
    n = len(plan.to_remove)
    interviews = display_path(plan.folder / "interviews")
    if plan.refreeze:
        what = ngettext(
            "This freezes the results of '{slug}' into {results} again, from the {n} file under "
            "{interviews}, and then removes it.",
            "This freezes the results of '{slug}' into {results} again, from the {n} files under "
            "{interviews}, and then removes them.",
            n,
        )
    elif plan.frozen:
        what = ngettext(
            "'{slug}' was archived before, but {n} interview file is left beside {results}; it will be removed.",
            "'{slug}' was archived before, but {n} interview files are left beside {results}; they will be removed.",
            n,
        )
    else:
        what = ngettext(
            "This freezes the results of '{slug}' into {results} and then removes {n} file under {interviews}.",
            "This freezes the results of '{slug}' into {results} and then removes {n} files under {interviews}.",
            n,
        )
    what = what.format(slug=slug, results=results, n=n, interviews=interviews)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(_("{what} Not on a terminal, so nothing was done: add --yes to confirm").format(what=what))
        typer.echo(what)
        if not typer.confirm(_("Remove the interview files?"), default=False):
            typer.echo(_("Nothing was changed."))
            raise typer.Exit(1)
    outcome = carry_out(plan, day)
    if outcome.already:
        _already(slug, results)
        return
    if outcome.written:
        typer.echo((_("Wrote {path}.") if not plan.refreeze else _("Froze {path} again.")).format(path=results))
    else:
        typer.echo(_("{results} was already written; removing what is left.").format(results=results))
    for path in outcome.removed:
        typer.echo(_("Removed {path}").format(path=display_path(path)))
    if outcome.folder_removed:
        typer.echo(_("Removed the empty folder {folder}").format(folder=interviews))
    elif outcome.left_in_folder:
        typer.echo(
            _("Kept {folder}: it still holds {names} (not interview files; check them by hand)").format(
                folder=interviews, names=", ".join(p.name for p in outcome.left_in_folder)
            )
        )
    if outcome.left_over is not None:
        typer.echo(
            _(
                "Could not delete the hidden folder {folder} of removed files; delete it by hand (or run this again)"
            ).format(folder=display_path(outcome.left_over))
        )
    typer.echo("")
    for line in history_advice(plan.folder):
        typer.echo(line)


def _already(slug: str, results: str) -> None:
    typer.echo(
        _(
            "The audit '{slug}' is already archived: {results} holds its results and no interview "
            "files are left. Nothing to do."
        ).format(slug=slug, results=results)
    )
