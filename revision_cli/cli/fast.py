"""`revision validate`, `score` and `report` answered before typer loads.

Typer, and the pydantic it imports for any command with arguments (typer 0.29's
_adapters), cost more than the whole of a cached run (README, Performance). Each function
here takes the command's arguments and, when they are plain ones it fully understands,
answers: from `.revision/cache/` when it holds the answer for exactly these inputs, else by
running the command's work itself (cli/bodies.py, the code the typer command runs too),
which refreshes the cache. Anything unusual (--help, an unknown option, a bad value, -o)
returns None before anything is printed, and the typer command runs. Output is byte for
byte the typer command's (tests/test_output_cache.py; tests/test_fast_path.py compares the
two on generated argument cases; tests/test_fast_parse.py checks the parse against typer's
own).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from revision_cli.cli.bodies import report_options, score_cacheable, score_options, validation_summary

# An option's name → (the key its value is kept under, the values allowed or None for any).
Options = dict[str, tuple[str, tuple[str, ...] | None]]


def _parse(
    args: list[str], flags: dict[str, str], options: Options
) -> tuple[list[str], dict[str, str], set[str]] | None:
    """Positionals, option values and the flags given, or None when anything is unusual
    (--help, a bad or empty value, an unknown option, `-`, `--`: the full command answers
    those in its own words). Only a long option takes `=value` (click reads `-o=x` as the
    value "=x")."""
    positionals: list[str] = []
    values: dict[str, str] = {}
    given: set[str] = set()
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in flags:
            given.add(flags[arg])
        elif arg.startswith("-"):
            name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
            if name not in options:
                return None
            if not eq:
                if i + 1 >= len(args):
                    return None
                i += 1
                value = args[i]
            key, allowed = options[name]
            if not value or (allowed is not None and value not in allowed):
                return None
            values[key] = value
        elif not arg:
            return None
        else:
            positionals.append(arg)
        i += 1
    return positionals, values, given


def _echo(text: str, err: bool = False) -> None:
    """As typer.echo for text without escape sequences (the callers check)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


# The parse_* functions give the command's parameters exactly as typer's own parsing of the
# same arguments gives them (enum values as their strings, paths as str(Path)), or None: the
# fast path then declines. tests/test_fast_parse.py checks this on generated arguments.


def parse_validate(args: list[str]) -> dict[str, Any] | None:
    parsed = _parse(
        args, {"--strict": "strict", "--quiet": "quiet", "-q": "quiet"}, {"--format": ("format", ("text", "json"))}
    )
    if parsed is None or len(parsed[0]) > 1:
        return None
    paths, values, given = parsed
    return {
        "paths": [str(Path(p)) for p in paths],
        "format": values.get("format", "text"),
        "strict": "strict" in given,
        "quiet": "quiet" in given,
        "no_cache": False,
    }


def validate(args: list[str]) -> int | None:
    params = parse_validate(args)
    if params is None:
        return None
    paths: list[str] = params["paths"]
    import datetime as dt

    from revision_cli.cache.validation import cached_validation
    from revision_cli.errors import Report

    try:
        cached = cached_validation([Path(p) for p in paths], Path.cwd(), dt.date.today())
    except Exception:  # noqa: BLE001 — any problem is the full command's to report
        cached = None
    if cached is None:
        return _uncached_validate(params)
    report = Report(cached)
    if params["strict"]:
        report = report.promoted()
    findings = report.sorted()
    ok = report.ok()
    if params["format"] == "json":
        import json

        sys.stdout.write(
            json.dumps(
                {
                    "valid": ok,
                    "errors": len(report.errors),
                    "warnings": len(report.warnings),
                    "findings": [f.to_json() for f in findings],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    else:
        lines = [f.format() for f in findings]
        if any("\x1b" in line for line in lines):
            return _uncached_validate(params)  # escape sequences: echo's to handle as typer.echo does
        if lines:
            sys.stdout.write("".join(f"{line}\n" for line in lines))
            sys.stdout.flush()
        _echo(validation_summary(len(report.errors), len(report.warnings)), err=bool(findings))
    return 0 if ok else 1


# On a miss the command's work runs here too, without typer (cli/bodies.py): typer and the
# pydantic adapters it loads for commands with arguments cost more than an audit's checks.


def _uncached_validate(params: dict[str, Any]) -> int:
    from revision_cli.cli.bodies import guarded
    from revision_cli.cli.bodies import validate as work

    paths = [Path(p) for p in params["paths"]]
    return guarded(lambda: work(paths, params["format"], params["strict"], params["quiet"], False))


# Option values exactly as the typer commands take them (cli/app.py). `report -o FILE` is
# never answered here: whether a file may be written is the full command's to decide.
SCORE_OPTIONS: Options = {
    "--format": ("format", ("table", "json")),
    "--group": ("group", None),
    "--lang": ("lang", ("sv", "en")),
}
REPORT_OPTIONS: Options = {
    "--format": ("format", ("md", "html")),
    "--lang": ("lang", ("sv", "en")),
    "--template": ("template", None),
    "--appendix": ("appendix", ("full", "short", "none")),
}


def parse_score(args: list[str]) -> dict[str, Any] | None:
    parsed = _parse(args, {}, SCORE_OPTIONS)
    if parsed is None or len(parsed[0]) != 1:
        return None
    (audit,), values, _ = parsed
    return {
        "audit": audit,
        "format": values.get("format", "table"),
        "group": values.get("group"),
        "lang": values.get("lang"),
    }


def parse_report(args: list[str]) -> dict[str, Any] | None:
    parsed = _parse(args, {}, REPORT_OPTIONS)
    if parsed is None or len(parsed[0]) != 1:
        return None
    (audit,), values, _ = parsed
    template = values.get("template")
    return {
        "audit": audit,
        "format": values.get("format"),  # None: from -o's name, else md (cli/report.py)
        "lang": values.get("lang"),
        "output": None,  # -o is never answered here (REPORT_OPTIONS)
        # typer makes a Path of it, and the full command files the cache under str(Path):
        # `templates/` and `./templates` are `templates` there.
        "template": None if template is None else str(Path(template)),
        "appendix": values.get("appendix", "full"),
    }


def _cached(command: str, args: list[str]) -> int | None:
    params = parse_score(args) if command == "score" else parse_report(args)
    if params is None:
        return None
    arg = params["audit"]
    if command == "score":
        options = score_options(params["format"], params["group"], params["lang"])
        if not score_cacheable(params["format"]):
            return _uncached(command, params)
    elif params["output"] is not None:
        return None  # -o: the full command checks where it may write (targets.py), always
    else:
        options = report_options(params["format"] or "md", params["lang"], params["template"], params["appendix"])
    from revision_cli.cache import outputs as output_cache

    try:
        cwd = Path.cwd()
        found = output_cache.resolve(arg, cwd)
        data = (
            None
            if found is None
            else output_cache.lookup(found[1], output_cache.invocation(command, options, arg, cwd, *found), found[0])
        )
    except Exception:  # noqa: BLE001 — unreadable, anything: the command itself decides
        data = None
    if data is None:
        return _uncached(command, params)
    sys.stdout.write(data["stdout"])
    sys.stdout.flush()
    sys.stderr.write(data["stderr"])
    return 0


def _uncached(command: str, params: dict[str, Any]) -> int:
    from revision_cli.cli import bodies

    if command == "score":
        return bodies.guarded(lambda: bodies.score(params["audit"], params["format"], params["group"], params["lang"]))
    template = None if params["template"] is None else Path(params["template"])
    return bodies.guarded(
        lambda: bodies.report(
            params["audit"], params["format"] or "md", params["lang"], None, template, params["appendix"]
        )
    )


def score(args: list[str]) -> int | None:
    return _cached("score", args)


def report(args: list[str]) -> int | None:
    return _cached("report", args)


COMMANDS: dict[str, Callable[[list[str]], int | None]] = {"validate": validate, "score": score, "report": report}
