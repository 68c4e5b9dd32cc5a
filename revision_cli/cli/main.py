"""The console entry point. A fully cached `revision history` is answered before typer (and
the pydantic it imports for commands with arguments) loads: that is most of its time."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["history"]:
        from .history_fast import run_cached

        if run_cached(sys.argv[2:]):
            return
    from .app import main as app_main

    app_main()
