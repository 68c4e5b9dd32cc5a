"""`revision validate [PATH...]`: every problem in the files, each with its place."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class FindingFormat(StrEnum):
    text = "text"
    json = "json"


def validate_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the whole repository).")
    ] = None,
    format: Annotated[FindingFormat, typer.Option("--format", help="text or json.")] = FindingFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings (such as personal data) as errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file again instead of reusing .revision/.")
    ] = False,
) -> None:
    """Check files and the references between them; report every problem at once.

    Each finding reads `path:line:column: severity [code] message`. Exit 0 when there are
    no errors, 1 otherwise; with --strict every warning (personal data among them) is
    printed and counted as an error.

    \b
    Example: revision validate audits/2012-vastra-hisingen --strict
    """
    import datetime as dt

    from revision_cli.cache.validation import cached_validation
    from revision_cli.cli.output import print_findings, print_json, progress_bar
    from revision_cli.errors import Report

    cached = None if no_cache else cached_validation(paths or [], Path.cwd(), dt.date.today())
    if cached is not None:
        report = Report(cached)
    else:
        from revision_cli.operations.validation import validate_paths

        with progress_bar("Validating audits", enabled=not quiet and format is FindingFormat.text) as progress:
            report = validate_paths(paths or [], Path.cwd(), progress=progress, use_cache=not no_cache)
    if strict:
        report = report.promoted()
    findings = report.sorted()
    ok = report.ok()
    if format is FindingFormat.json:
        print_json(
            {
                "valid": ok,
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": [f.to_json() for f in findings],
            }
        )
    else:
        print_findings(findings)
        typer.echo(_summary(len(report.errors), len(report.warnings)), err=bool(findings))
    raise typer.Exit(0 if ok else 1)


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "No problems found."
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."
