"""`revision validate`, `score` and `report` answered from `.revision/cache/` before typer loads.

Typer, and the pydantic it imports for any command with arguments (typer 0.29's
_adapters), cost more than the whole of a cached run (README, Performance). Each function
here takes the command's arguments and answers only when they are plain ones it fully
understands and the cache holds the answer for exactly these inputs; otherwise it prints
nothing and returns None, and the full command runs (with its progress bar, messages and
exit codes) and refreshes the cache. Output is byte for byte the full command's
(tests/test_output_cache.py; tests/test_fast_path.py compares the two on generated
argument cases; tests/test_fast_parse.py checks the parse against typer's own).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from revision_cli.i18n import _, ngettext

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


def validation_summary(errors: int, warnings: int) -> str:
    """The last line of `revision validate` (here and in cli/validate.py alike)."""
    if not errors and not warnings:
        return _("No problems found.")
    return "{errors}, {warnings}.".format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )


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
        return None
    if cached is None:
        return None
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
            return None  # typer.echo would strip escape sequences when piped; let it
        if lines:
            sys.stdout.write("".join(f"{line}\n" for line in lines))
            sys.stdout.flush()
        _echo(validation_summary(len(report.errors), len(report.warnings)), err=bool(findings))
    return 0 if ok else 1


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


def score_options(format: str, group: str | None, lang: str | None) -> dict[str, str | None]:
    """The options a cache entry is filed under: None (not given) is not "" (given empty)."""
    return {"format": format, "group": group, "lang": lang}


def report_options(format: str, lang: str | None, template: str | None, appendix: str) -> dict[str, str | None]:
    return {"format": format, "lang": lang, "template": template, "appendix": appendix}


def score_cacheable(format: str) -> bool:
    """The table on a terminal is rich's, drawn for that terminal: never stored."""
    return format == "json" or not (sys.stdout.isatty() or os.environ.get("FORCE_COLOR"))


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
            return None
    elif params["output"] is not None:
        return None  # -o: the full command checks where it may write (targets.py), always
    else:
        options = report_options(params["format"] or "md", params["lang"], params["template"], params["appendix"])
    from revision_cli.cache import outputs as output_cache

    try:
        cwd = Path.cwd()
        found = output_cache.resolve(arg, cwd)
        if found is None:
            return None
        folder, root = found
        data = output_cache.lookup(root, output_cache.invocation(command, options, arg, cwd, folder, root))
        if data is None:
            return None
    except Exception:  # noqa: BLE001 — unreadable, anything: the full command decides
        return None
    sys.stdout.write(data["stdout"])
    sys.stdout.flush()
    sys.stderr.write(data["stderr"])
    return 0


def score(args: list[str]) -> int | None:
    return _cached("score", args)


def report(args: list[str]) -> int | None:
    return _cached("report", args)


COMMANDS: dict[str, Callable[[list[str]], int | None]] = {"validate": validate, "score": score, "report": report}
