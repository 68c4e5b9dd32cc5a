"""The console entry point. A run the cache fully answers — `history`, `validate`, `score`,
`report` with nothing changed — is answered before typer (and the pydantic it imports for
commands with arguments) loads: that is most of its time (README, Performance). The
language of the run is settled before either (cli/language.py)."""

from __future__ import annotations

import sys

from revision_cli.i18n import _


def main() -> None:
    """Run the command; output that cannot be written (a full disk behind standard output)
    ends in one line and exit 1, never a traceback."""
    import gc
    import os

    # pydantic looks through every installed distribution's entry points for plugins when it
    # builds the first model; this tool's models are its own, watched by no plugin. The
    # variable is pydantic's documented switch (a user's own setting of it is kept).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A run is short and keeps most of what it makes: the collector's passes over the objects
    # that loading typer, pydantic's models and Jinja creates cost a twentieth of a one-audit
    # run (README, Performance). It still collects now and then, so a long run stays bounded.
    gc.set_threshold(100_000, 50, 100)
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
    # The interpreter's shutdown runs the collector over every object the run made (typer's,
    # pydantic's, the audit's), about a twentieth of a run after an edit; at the very end
    # nothing is left for it to find that the exit does not free anyway (README, Performance).
    gc.freeze()
    sys.exit(code)


def _failed(exc: OSError) -> int:
    import os

    try:  # what is still buffered goes nowhere: flushing it at exit must not fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    where = f"{exc.filename}: " if exc.filename else _("cannot write the output: ")
    sys.stderr.write(f"revision: {where}{exc.strerror or exc}\n")
    return 1


def _dispatch() -> None:
    from revision_cli.cli.language import LanguageError, settle

    try:
        # The language first: the caches file their outputs by it. The app settles it again
        # from the same arguments (cli/translated.py), as it must when run without main().
        args = settle(sys.argv[1:])
    except LanguageError as exc:
        sys.stderr.write(f"revision: {exc.message()}\n")
        sys.exit(2)
    command = args[0] if args else None
    if command in ("history", "validate", "score", "report"):
        # The fast path, the full command and its cache each ask what the repository around
        # the audit is (its settings, batteries and audits): it is looked at once.
        from revision_cli.cache.keys import one_run

        with one_run():
            _run(command, args)
    else:
        _run(command, args)


def _run(command: str | None, args: list[str]) -> None:
    if command == "history":
        from revision_cli.cli.history_fast import run_cached

        if run_cached(args[1:]):
            return
    elif command in ("validate", "score", "report"):
        from revision_cli.cli.fast import COMMANDS

        code = COMMANDS[command](args[1:])
        if code is not None:
            sys.exit(code)
    elif command == "interview":
        # Before typer: the first prompt appears as fast as `revision --help` (README, Performance).
        from revision_cli.cli.interview_session import run_plain

        code = run_plain(args[1:])
        if code is not None:
            sys.exit(code)
    from revision_cli.cli.app import main as app_main

    app_main()
