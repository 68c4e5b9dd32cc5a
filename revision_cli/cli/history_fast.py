"""`revision history` as plain text, and answered before typer loads when the cache holds it all.

Typer costs more than the whole of a cached `revision history`: importing it and building
the app takes about as long as the git log and cache lookup together, and typer 0.29
validates every non-flag parameter with a pydantic TypeAdapter, which imports pydantic
(README, Performance). `run_cached` takes the command's arguments, answers only when they
are the plain ones (AUDIT, --format table|json, --quiet) and every revision is in the
cache, and otherwise prints nothing and returns False so that the full command runs,
with its progress bar, its messages and its exit codes. It imports neither typer nor the
models; its output is byte for byte the full command's (tests/test_history_cache.py).

    def main():                      # a console-script entry point that imports no typer
        if sys.argv[1:2] == ["history"] and run_cached(sys.argv[2:]):
            return
        from revision_cli.cli.app import main as full
        full()
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revision_cli.i18n import _, ngettext

if TYPE_CHECKING:
    from revision_cli.operations.history import AuditHistory, Change

AUDITS_DIR = "audits"  # repository.locate's, which imports the models


def locate(arg: str, cwd: Path) -> tuple[Path | None, Path] | None:
    """(repository root, audit folder) of AUDIT as repository.locate.audit_in_repository finds
    them, without importing the models; None when AUDIT names no audit (the full resolver then
    says why, with its suggestions)."""
    from revision_cli.files.root import find_root

    root = find_root(cwd)
    direct = cwd / arg
    if (direct / "audit.yaml").is_file():
        folder = direct.resolve()
    elif root is not None and (root / AUDITS_DIR / arg / "audit.yaml").is_file():
        folder = (root / AUDITS_DIR / arg).resolve()
    else:
        return None
    if root is None or folder.parent.parent != root:
        root = find_root(folder)
    return root, folder


def parse_history(args: list[str]) -> dict[str, Any] | None:
    """The command's parameters as typer's parsing of `args` gives them (the format as its
    string), or None for anything but the plain ones (tests/test_fast_parse.py)."""
    audit, format, quiet = None, "table", False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--format" and i + 1 < len(args):
            format = args[i + 1]
            i += 1
        elif arg.startswith("--format="):
            format = arg.partition("=")[2]
        elif arg in ("--quiet", "-q"):
            quiet = True
        elif audit is None and not arg.startswith("-"):
            audit = arg
        else:
            return None  # --help, --no-cache, anything unusual: the full command handles it
        i += 1
    if audit is None or format not in ("table", "json"):
        return None
    return {"audit": audit, "format": format, "quiet": quiet, "no_cache": False}


def run_cached(args: list[str]) -> bool:
    """`revision history ARGS` printed from the cache alone: True when done, else False
    (nothing printed; run the full command). No progress bar is ever needed here."""
    params = parse_history(args)
    if params is None:
        return False
    audit, format = params["audit"], params["format"]
    try:
        from revision_cli.operations.history import cached_history

        located = locate(audit, Path.cwd())
        if located is None:
            return False
        history = cached_history(*located)
    except Exception:  # noqa: BLE001 — any problem is the full command's to report, in its words
        return False
    if history is None:
        return False
    if format == "json":
        sys.stdout.write(json.dumps(history.to_json(), ensure_ascii=False, indent=2) + "\n")  # as output.print_json
    else:
        sys.stdout.write("".join(f"{line}\n" for line in history_lines(history)))
    return True


def _pair(history: AuditHistory, label: str, pair: tuple[str | None, str | None], missing: str) -> str:
    old, new = (history.label(c) if c is not None else missing for c in pair)
    if pair[0] == pair[1]:
        return f"{label}: {new}"
    return f"{label}: {old} → {new}"


def _name(change: Change) -> str:
    return change.area if change.subarea is None else f"{change.area}/{change.subarea}"


def history_lines(history: AuditHistory) -> list[str]:
    """Plain text, one block per revision; every colour as symbol + word."""
    lines = []
    for entry in history.entries:
        rev = entry.revision
        if rev.uncommitted:
            lines.append(_("uncommitted  (working tree, not committed)"))
        else:
            lines.append(f"{(rev.date or '')[:10]}  {rev.short}  {rev.author}  {rev.subject}")
        if not entry.valid:
            count = len(entry.errors)
            invalid = ngettext("invalid: {n} error; first: {first}", "invalid: {n} errors; first: {first}", count)
            lines.append("  " + invalid.format(n=count, first=entry.errors[0].format()))
        width = max((len(_name(c)) for c in entry.changes), default=0)
        for change in entry.changes:
            computed = _pair(history, _("computed"), change.computed, _("(none)"))
            team = _pair(history, _("team"), change.team, _("not set"))
            lines.append(f"  {_name(change):<{width}}  {computed};  {team}")
        lines.append("")
    shown = len(history.entries)
    if history.revisions == 0:
        lines.append(
            _("{audit}: no history in git yet (nothing committed and no uncommitted changes).").format(
                audit=history.audit
            )
        )
    else:
        lines.append(
            ngettext(
                "{audit}: {revisions} revision read, {shown} shown (colour changes and invalid versions), "
                "oldest first.",
                "{audit}: {revisions} revisions read, {shown} shown (colour changes and invalid versions), "
                "oldest first.",
                history.revisions,
            ).format(audit=history.audit, revisions=history.revisions, shown=shown)
        )
    from revision_cli.characters import terminal_safe

    # A commit's author and subject are anyone's text: escaped, never sent to the terminal.
    return [terminal_safe(line) for line in lines]
