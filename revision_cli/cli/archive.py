"""`revision archive AUDIT`: keep the results, remove the interview files."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

import sys
from pathlib import Path
from typing import Annotated

import typer


def archive_command(
    audit: Annotated[str, typer.Argument(help="Audit slug or path to an audit folder.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (required when not run on a terminal).")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option("--today", help="The archive date written into results.yaml, YYYY-MM-DD (default: today)."),
    ] = None,
    refreeze: Annotated[
        bool,
        typer.Option(
            "--refreeze",
            help="results.yaml is there, but interview files beside it are new or edited: freeze "
            "the figures again from the interview files present, then remove them.",
        ),
    ] = False,
) -> None:
    """Freeze the audit's figures into results.yaml, then remove its interview files.

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

    \b
    Example: revision archive 2012-vastra-hisingen --yes
    """
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
    if plan.refreeze:
        what = (
            f"This freezes the results of '{slug}' into {results} again, from the "
            f"{len(plan.to_remove)} file{'s' * (len(plan.to_remove) != 1)} under "
            f"{display_path(plan.folder / 'interviews')}, and then removes them."
        )
    elif plan.frozen:
        what = (
            f"'{slug}' was archived before, but {len(plan.to_remove)} interview file"
            f"{'s' * (len(plan.to_remove) != 1)} are left beside {results}; they will be removed."
        )
    else:
        what = (
            f"This freezes the results of '{slug}' into {results} and then removes "
            f"{len(plan.to_remove)} file{'s' * (len(plan.to_remove) != 1)} under "
            f"{display_path(plan.folder / 'interviews')}."
        )
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"{what} Not on a terminal, so nothing was done: add --yes to confirm")
        typer.echo(what)
        if not typer.confirm("Remove the interview files?", default=False):
            typer.echo("Nothing was changed.")
            raise typer.Exit(1)
    outcome = carry_out(plan, day)
    if outcome.already:
        _already(slug, results)
        return
    if outcome.written:
        typer.echo(f"Wrote {results}." if not plan.refreeze else f"Froze {results} again.")
    else:
        typer.echo(f"{results} was already written; removing what is left.")
    for path in outcome.removed:
        typer.echo(f"Removed {display_path(path)}")
    if outcome.folder_removed:
        typer.echo(f"Removed the empty folder {display_path(plan.folder / 'interviews')}")
    elif outcome.left_in_folder:
        typer.echo(
            f"Kept {display_path(plan.folder / 'interviews')}: it still holds "
            + ", ".join(p.name for p in outcome.left_in_folder)
            + " (not interview files; check them by hand)"
        )
    if outcome.left_over is not None:
        typer.echo(
            f"Could not delete the hidden folder {display_path(outcome.left_over)} of removed files; "
            "delete it by hand (or run this again)"
        )
    typer.echo("")
    for line in history_advice(plan.folder):
        typer.echo(line)


def _already(slug: str, results: str) -> None:
    typer.echo(
        f"The audit '{slug}' is already archived: {results} holds its results and no interview "
        "files are left. Nothing to do."
    )
