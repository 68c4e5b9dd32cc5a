"""The one place where a run that cannot go on becomes a message and an exit code."""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

P = ParamSpec("P")
R = TypeVar("R")


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """The one place where a run that cannot go on becomes a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from revision_cli.errors import RevisionError

        try:
            return command(*args, **kwargs)
        except RevisionError as exc:
            from revision_cli.cli.output import print_findings

            if exc.findings:
                print_findings(exc.findings, err=True)
            from revision_cli.characters import terminal_safe

            # Line by line: a message may span lines; a file name in it must not start one.
            message = "\n".join(terminal_safe(line) for line in exc.message.split("\n"))
            typer.echo(f"revision: {message}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            # The system refused something (a full disk, a read-only file system): the
            # writers have undone their changes; say what failed, in one line.
            from revision_cli.cli.output import system_failure

            system_failure(exc)
            raise typer.Exit(1) from None

    return wrapper
