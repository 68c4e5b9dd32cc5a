"""The fast path (cli/fast.py, cli/history_fast.py) gives exactly what the full command gives.

Argument cases are generated from every option the fast path serves — each value plain, odd,
empty, `-`, in `--opt=value` form, with unknown options, `--` and `--help` — and each case is
run three times: with no cache at all and the fast path switched off (typer's command, the
reference), with no cache through the real console script (plain arguments then run the
command's work without typer, cli/bodies.py), and through it with the cache every earlier
case left, to which the no-cache run's own entries are added (so a case the cache can
answer is answered, and a case whose entry is filed under another case's name would print
the other's output). Standard output, standard error, the exit code and any file written
must be the same.

REVISION_FAST_PATH_EXAMPLES sets how many generated cases run (default 25).
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, EXAMPLES
from gitrepo import ENV, GitRepo, day
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_output_cache import revision

BROKEN = "2013-trasig"
WRITTEN = ("out.md", "-", "=x", "sub/x.md")  # every file a case may write with -o


def _option(name: str, value: str | None, equals: bool) -> list[str]:
    if value is None:
        return []
    return [f"{name}={value}"] if equals else [name, value]


def _cases() -> list[tuple[str, ...]]:
    audits = [EXAMPLE_AUDIT, f"audits/{EXAMPLE_AUDIT}", BROKEN, "nope", "", "-"]
    extras = [[], ["--unknown"], ["--"], ["--help"]]
    cases = []
    for audit, fmt, group, extra, eq in itertools.product(
        audits,
        [None, "json", "table", "", "JSON"],
        [None, "brukare", "personal", "", "nope", "-"],
        extras,
        [False, True],
    ):
        cases.append(("score", audit, *_option("--format", fmt, eq), *_option("--group", group, eq), *extra))
    for audit, fmt, lang, output, template, eq in itertools.product(
        audits,
        [None, "md", "html", "", "pdf"],
        [None, "sv", "en", ""],
        [None, "out.md", "", "-", "sub/x.md"],
        [None, "", "templates", "nope"],
        [False, True],
    ):
        out = [] if output is None else ([f"-o={output}"] if eq else ["-o", output])
        cases.append(
            (
                "report",
                audit,
                *_option("--format", fmt, eq),
                *_option("--lang", lang, eq),
                *out,
                *_option("--template", template, eq),
            )
        )
    paths = [
        None,
        ".",
        "audits",
        f"audits/{EXAMPLE_AUDIT}",
        f"audits/{EXAMPLE_AUDIT}/",
        f"audits/{BROKEN}",
        f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml",
        "",
        "-",
        "nope",
    ]
    for path, fmt, flags, eq in itertools.product(
        paths, [None, "text", "json", "", "xml"], [[], ["--strict"], ["-q"], ["--no-cache"], ["--bogus"]], [False, True]
    ):
        cases.append(("validate", *([] if path is None else [path]), *_option("--format", fmt, eq), *flags))
    for audit, fmt, flags, eq in itertools.product(
        audits,
        [None, "table", "json", "", "html"],
        [[], ["-q"], ["--quiet"], ["--no-cache"], ["--help"]],
        [False, True],
    ):
        cases.append(("history", audit, *_option("--format", fmt, eq), *flags))
    return cases


CASES = _cases()

# The plain cases every user types, then the ones the issue found (after the plain ones, so
# that an odd case filed under a plain case's name would print that case's output): always run.
REGRESSIONS = [
    ("score", EXAMPLE_AUDIT),
    ("score", EXAMPLE_AUDIT, "--format", "json"),
    ("report", EXAMPLE_AUDIT),
    ("report", EXAMPLE_AUDIT, "--format", "html", "--lang", "en"),
    ("validate",),
    ("validate", f"audits/{EXAMPLE_AUDIT}"),
    ("history", EXAMPLE_AUDIT),
    ("history", EXAMPLE_AUDIT, "--format", "json"),
    ("score", EXAMPLE_AUDIT, "--group", ""),
    ("score", EXAMPLE_AUDIT, "--group="),
    ("score", EXAMPLE_AUDIT, "--format=json", "--group=brukare"),
    ("score", EXAMPLE_AUDIT, "--group", "personal"),
    ("report", EXAMPLE_AUDIT, "-o", ""),
    ("report", EXAMPLE_AUDIT, "-o", "out.md"),
    ("report", EXAMPLE_AUDIT, "-o=out.md"),
    ("report", EXAMPLE_AUDIT, "-o", "-"),
    ("report", EXAMPLE_AUDIT, "--template", ""),
    ("validate", "--format", "json", "--strict"),
    ("validate", ""),
    ("history", ""),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The example repository in git, with a second audit whose interview is broken."""
    root = tmp_path_factory.mktemp("fast") / "repo"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".revision", "out"))
    broken = shutil.copytree(root / "audits" / EXAMPLE_AUDIT, root / "audits" / BROKEN)
    audit = broken / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace(f"id: {EXAMPLE_AUDIT}", f"id: {BROKEN}"), encoding="utf-8"
    )
    b1 = broken / "interviews" / "b1.yaml"
    b1.write_text(
        b1.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: xx", 1), encoding="utf-8"
    )
    git = GitRepo.init(root)
    git.commit("Audits", day(1))
    return root


def outcome(repo: Path, args: tuple[str, ...], typer_only: bool = False) -> tuple:
    """(exit code, stdout, stderr, {file written: bytes}) of one run; whatever it wrote is removed."""
    code, out, err, _ = revision(repo, *args, env=ENV, typer_only=typer_only)
    written = {}
    for name in WRITTEN:
        path = repo / name
        if path.is_file():
            written[name] = path.read_bytes()
            path.unlink()
    return code, out, err, written


def check(repo: Path, args: tuple[str, ...], aside: Path) -> None:
    shared = repo / ".revision"
    if shared.exists():
        shutil.move(shared, aside)
    try:
        full = outcome(repo, args, typer_only=True)  # no cache at all, typer's command: the reference
        shutil.rmtree(repo / ".revision", ignore_errors=True)
        # No cache, through the console script: on plain arguments the work runs without typer.
        assert outcome(repo, args) == full, args
    finally:
        fresh = repo / ".revision"
        if aside.exists():
            if fresh.exists():  # the full run's own entries join the shared cache
                shutil.copytree(fresh, aside, dirs_exist_ok=True)
                shutil.rmtree(fresh)
            shutil.move(aside, shared)
    assert outcome(repo, args) == full, args


@pytest.mark.parametrize("args", REGRESSIONS, ids=" ".join)
def test_the_fast_path_agrees_with_the_full_command_on_these(repo, tmp_path, args):
    check(repo, args, tmp_path / "aside")


@settings(
    max_examples=int(os.environ.get("REVISION_FAST_PATH_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=st.sampled_from(CASES))
def test_the_fast_path_agrees_with_the_full_command_on_generated_cases(repo, tmp_path, args):
    aside = tmp_path / "aside"
    shutil.rmtree(aside, ignore_errors=True)
    check(repo, args, aside)


def test_the_plain_cases_are_answered_by_the_fast_path(repo):
    """So that the comparisons above compare the fast path, not the full command twice."""
    for args in [
        ("score", EXAMPLE_AUDIT, "--format", "json"),
        ("report", EXAMPLE_AUDIT),
        ("validate",),
        ("history", EXAMPLE_AUDIT),
    ]:
        revision(repo, *args, env=ENV)
        assert revision(repo, *args, env=ENV)[3] is False, args
