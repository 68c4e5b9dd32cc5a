"""The console entry point. A run the cache fully answers — `history`, `validate`, `score`,
`report` with nothing changed — is answered before typer (and the pydantic it imports for
commands with arguments) loads: that is most of its time (README, Performance)."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command; output that cannot be written (a full disk behind standard output)
    ends in one line and exit 1, never a traceback."""
    try:
        _dispatch()
        code: str | int | None = 0
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:
        code = _failed(exc)
    try:
        sys.stdout.flush()
    except OSError as exc:
        code = _failed(exc)
    sys.exit(code)


def _failed(exc: OSError) -> int:
    import os

    try:  # what is still buffered goes nowhere: flushing it at exit must not fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
    sys.stderr.write(f"revision: {where}{exc.strerror or exc}\n")
    return 1


def _dispatch() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else None
    if command == "history":
        from revision_cli.cli.history_fast import run_cached

        if run_cached(sys.argv[2:]):
            return
    elif command in ("validate", "score", "report"):
        from revision_cli.cli.fast import COMMANDS

        code = COMMANDS[command](sys.argv[2:])
        if code is not None:
            sys.exit(code)
    from revision_cli.cli.app import main as app_main

    app_main()
