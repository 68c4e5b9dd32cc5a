"""No test depends on the machine's speed: none reads a clock to judge a result (timings
belong to the benchmark, benchmarks/run.py), and hypothesis has no per-example deadline."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import settings

TESTS = Path(__file__).resolve().parent
CLOCK = re.compile(r"\b(perf_counter|monotonic|process_time|thread_time)(_ns)?\(|\btime\.time(_ns)?\(")
# Clock readings that judge nothing: the packaging test prints how long building took, the
# repository fuzz logs each case's time for SECURITY.md's figures.
PRINTED_ONLY = {"test_packaging.py", "test_fuzz_repository.py"}


def test_no_test_reads_a_clock():
    reading = sorted(
        path.name
        for path in TESTS.glob("*.py")
        if path.name != Path(__file__).name and CLOCK.search(path.read_text(encoding="utf-8"))
    )
    assert set(reading) <= PRINTED_ONLY, reading


def test_hypothesis_has_no_deadline():
    assert settings.default.deadline is None
