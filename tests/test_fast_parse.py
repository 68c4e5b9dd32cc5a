"""The second argument parser (cli/fast.py, cli/history_fast.py) accepts exactly what typer
accepts for the commands it serves, or declines.

Argument lists are generated from each command's options (long and short names, `--opt=value`
and `--opt value`, prefixes, `--`, `-`, repeated options, unknown options, a missing value,
options before and after the positionals, `-o`, `--help`, values that are invalid choices,
empty, or look like options) and given to both parsers: typer's own (click's `make_context`
on the command typer builds, which parses and converts without running it) and the fast
one. Whenever the fast parser answers, typer must accept the same arguments and give the
same values. (test_fast_path.py runs generated cases through the whole command.)
"""

from __future__ import annotations

import importlib
from enum import Enum
from pathlib import PurePath

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

# typer 0.29 carries its own click; older ones use the click package: take whichever typer uses.
# (--help ends the parse with typer.Exit, which is click's own Exit in the older ones.)
REFUSED = (importlib.import_module(typer.BadParameter.__module__).ClickException, typer.Exit)

# Every option each command has (cli/validate.py, score.py, report.py, history.py) with
# values worth trying, and the positionals.
VALUES = ["json", "JSON", "jso", "", "-", "-q", "--format", "a=b", " ", "ö", "x y"]
OPTIONS = {
    "validate": {
        "--format": ["text", "json", "xml", "Text", *VALUES],
        "--strict": None,
        "--quiet": None,
        "-q": None,
        "--no-cache": None,
    },
    "score": {"--format": ["table", "json", "html", *VALUES], "--group": ["brukare", "personal", "-", *VALUES]},
    "report": {
        "--format": ["md", "html", "pdf", *VALUES],
        "--lang": ["sv", "en", "de", "SV", *VALUES],
        "-o": ["out.md", "-", "sub/x.md", *VALUES],
        "--output": ["out.md", "-", *VALUES],
        "--template": ["templates", "templates/", "./templates", "a//b", ".", *VALUES],
        "--appendix": ["full", "short", "none", "Full", *VALUES],
    },
    "history": {
        "--format": ["table", "json", "html", *VALUES],
        "--quiet": None,
        "-q": None,
        "--no-cache": None,
    },
}
POSITIONALS = ["2012-vastra-hisingen", "audits/2012-vastra-hisingen/", "./a", "", "-", "-x", "--", "a=b", "ö"]
ODD = ["--", "-", "--help", "-h", "--bogus", "-z", "-qq", "-q=x", "--strict=1", "--quiet=", "--=", "---format"]


def _fast(command: str, args: list[str]) -> dict | None:
    from revision_cli.cli import fast, history_fast

    parse = {
        "validate": fast.parse_validate,
        "score": fast.parse_score,
        "report": fast.parse_report,
        "history": history_fast.parse_history,
    }[command]
    return parse(list(args))


def _plain(value):
    """A parameter as the fast parser states it: an enum as its value, a path as str."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _typer(command: str, args: list[str]) -> dict | None:
    """The parameters typer parses from `args`, or None where it refuses them (exit 2) or
    answers itself (--help)."""
    from revision_cli.cli.app import app

    click_command = typer.main.get_command(app).commands[command]
    try:
        ctx = click_command.make_context(command, list(args))
    except REFUSED:
        return None
    # A path as the command function receives it: typer before 0.2x leaves click's string in
    # ctx.params and makes the Path later, newer ones put the Path there.
    paths = {"paths", "template"}
    return {
        name: ([str(PurePath(v)) for v in value] if isinstance(value, (list, tuple)) else str(PurePath(value)))
        if name in paths and value is not None
        else _plain(value)
        for name, value in ctx.params.items()
    }


def _prefixes(name: str) -> list[str]:
    return [name[:n] for n in range(3, len(name)) if name.startswith("--")]


@st.composite
def arguments(draw, command: str) -> list[str]:
    options = OPTIONS[command]
    tokens: list[list[str]] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["option"] * 6 + ["positional", "odd", "prefix"]))
        if kind == "positional":
            tokens.append([draw(st.sampled_from(POSITIONALS))])
        elif kind == "odd":
            tokens.append([draw(st.sampled_from(ODD))])
        elif kind == "prefix":
            names = [p for name in options for p in _prefixes(name)]
            tokens.append(
                [draw(st.sampled_from(names))] + ([draw(st.sampled_from(VALUES))] if draw(st.booleans()) else [])
            )
        else:
            name = draw(st.sampled_from(sorted(options)))
            values = options[name]
            if values is None:
                tokens.append([name])
            else:
                value = draw(st.sampled_from(values[:3]) | st.sampled_from(values))  # often a good one
                form = draw(st.sampled_from(["separate", "separate", "equals", "equals", "missing"]))
                tokens.append(
                    [name, value] if form == "separate" else [f"{name}={value}"] if form == "equals" else [name]
                )
    if draw(st.integers(0, 3)):  # most real calls name the audit, somewhere among the options
        tokens.insert(draw(st.integers(0, len(tokens))), [draw(st.sampled_from(POSITIONALS[:3]))])
    return [token for group in tokens for token in group]


def _check(command: str, args: list[str]) -> None:
    fast = _fast(command, args)
    if fast is None:
        return  # declining is always allowed: the full command runs
    assert fast == _typer(command, args), (command, args)


@pytest.mark.parametrize("command", sorted(OPTIONS))
@settings(max_examples=500)
@given(data=st.data())
def test_the_fast_parser_accepts_only_what_typer_accepts_with_the_same_values(command, data):
    _check(command, data.draw(arguments(command)))


# The plain calls the fast path exists for: it must answer them (or the cache is never used).
PLAIN = [
    ("validate", []),
    ("validate", ["audits/2012-vastra-hisingen"]),
    ("validate", ["--format", "json", "--strict", "-q"]),
    ("validate", ["--format=json", "audits/"]),
    ("score", ["2012-vastra-hisingen"]),
    ("score", ["2012-vastra-hisingen", "--format", "json", "--group", "brukare"]),
    ("score", ["--group=brukare", "2012-vastra-hisingen", "--format=table"]),
    ("score", ["x", "--group", "-q"]),  # a value may look like an option
    ("report", ["2012-vastra-hisingen"]),
    ("report", ["2012-vastra-hisingen", "--format", "html", "--lang", "en"]),
    ("report", ["2012-vastra-hisingen", "--template", "templates/"]),
    ("report", ["2012-vastra-hisingen", "--format", "md", "--format", "html"]),  # the last one counts
    ("history", ["2012-vastra-hisingen"]),
    ("history", ["2012-vastra-hisingen", "--format", "json", "-q"]),
    ("history", ["--format=json", "2012-vastra-hisingen", "--quiet"]),
]


@pytest.mark.parametrize("command, args", PLAIN)
def test_the_plain_calls_are_answered_by_the_fast_parser_as_typer_reads_them(command, args):
    assert _fast(command, args) is not None
    _check(command, args)


# What the fast parser must leave to typer, because typer answers it in its own words.
DECLINED = [
    ("validate", ["a", "b"]),  # several paths: the full command
    ("validate", ["--no-cache"]),
    ("validate", ["--"]),
    ("validate", ["-"]),
    ("validate", [""]),
    ("score", []),
    ("score", ["a", "b"]),
    ("score", ["a", "--format"]),
    ("score", ["a", "--format", "JSON"]),
    ("score", ["a", "--form", "json"]),  # click takes no abbreviations
    ("score", ["a", "--help"]),
    ("report", ["a", "-o", "out.md"]),
    ("report", ["a", "--output=out.md"]),
    ("report", ["a", "--template", ""]),
    ("history", ["a", "--no-cache"]),
    ("history", ["a", "-qq"]),
    ("history", ["a", "b"]),
]


@pytest.mark.parametrize("command, args", DECLINED)
def test_what_typer_must_answer_is_declined(command, args):
    assert _fast(command, args) is None
