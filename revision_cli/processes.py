"""Worker processes on every platform: fork where there is one, else spawn.

Fork shares the parent's loaded catalog and modules for free; Windows, where most
coordinators work, has only spawn, which starts each worker afresh: there the state the
workers need is handed over through the initializer.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

START_METHOD: str | None = None  # None: fork where the platform has it, else spawn


def start_method() -> str:
    return START_METHOD or ("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def worker_pool(workers: int, install: Callable[[object], None], state: object) -> ProcessPoolExecutor:
    """A pool whose workers run `install(state)` first; under fork `state` is inherited and
    `install(None)` is called."""
    method = start_method()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=install,
        initargs=(state if method != "fork" else None,),
    )
