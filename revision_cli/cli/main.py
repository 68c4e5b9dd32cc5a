"""The console entry point. A run the cache fully answers — `history`, `validate`, `score`,
`report` with nothing changed — is answered before typer (and the pydantic it imports for
commands with arguments) loads: that is most of its time (README, Performance)."""

from __future__ import annotations

import sys


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else None
    if command == "history":
        from .history_fast import run_cached

        if run_cached(sys.argv[2:]):
            return
    elif command in ("validate", "score", "report"):
        from .fast import COMMANDS

        code = COMMANDS[command](sys.argv[2:])
        if code is not None:
            sys.exit(code)
    from .app import main as app_main

    app_main()
