"""`revision privacy AUDIT [--redact]`: personal data in an audit's free text, and its removal."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from revision_cli.operations.redact import PrivacyRun
    from revision_cli.privacy.scanner import Hit


class PrivacyFormat(StrEnum):
    text = "text"
    json = "json"


@help_text(
    N_("""\
List the personal data in an audit's free text, or replace it with --redact.

Looks in every text people write (answers and their comments, quotes, the assessment's
texts, actions and their follow-ups, the audit's method and themes, fidelity notes;
respondent codes, team ids and interview file names too) for Swedish personal identity
and coordination numbers with a valid check digit, phone numbers, e-mail addresses and
the names listed in privacy.yaml. What a file lists under personal_data_ok may be
published and is left alone. Each finding reads `path:line:column: …` and points at
the text itself, as `revision validate` does; the text is never printed in full. Exit
0 when nothing is found, 1 when something is (so it can gate a commit hook).

With --redact each found string becomes [borttaget] where it stands, and each file
with one is rewritten through ruamel.yaml's round-trip mode: comments, blank lines,
key order, quoting, block texts, anchors, indentation and line endings are kept.
ruamel writes a few things its own way on any line of such a file: one space after a
key's colon, no spaces inside flow brackets, a text over several lines on one line,
no spaces at line ends, a character instead of its escape (\\u00e4 becomes ä), a
comment after an alias on its own line (README, "How --redact edits a file"). Prints
`path:line: replaced …` for each change and exits 0. A file that is not valid YAML is
not touched, and a code or a file name is never cut: rename those by hand (exit 1).

Example: revision privacy 2012-vastra-hisingen --redact""")
)
def privacy_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help=N_("Replace every found string with [borttaget] in place, keeping comments, key order and quoting."),
        ),
    ] = False,
    format: Annotated[PrivacyFormat, typer.Option("--format", help=N_("text or json."))] = PrivacyFormat.text,
) -> None:
    from revision_cli.characters import terminal_safe
    from revision_cli.cli.output import print_findings, print_json
    from revision_cli.operations.redact import privacy_audit
    from revision_cli.privacy.scanner import REDACTED, describe
    from revision_cli.repository.locate import audit_in_repository

    repo, folder = audit_in_repository(audit, Path.cwd())
    run = privacy_audit(repo, folder, redact=redact)
    if format is PrivacyFormat.json:
        print_json(run.to_json())
        raise typer.Exit(0 if run.ok else 1)
    hits, written = run.hits, set(run.written)
    for hit in hits:
        if run.replaced(hit):
            replaced = _("replaced {what}").format(what=describe(hit.kind))
            typer.echo(f"{terminal_safe(hit.display)}:{hit.line}: {replaced}")
        else:
            print_findings([hit.finding()])
    print_findings(run.problems)
    typer.echo(_summary(run, hits, written, REDACTED), err=not run.ok)
    raise typer.Exit(0 if run.ok else 1)


def _findings(n: int) -> str:
    return ngettext("{n} finding", "{n} findings", n).format(n=n)


def _files(n: int) -> str:
    return ngettext("{n} file", "{n} files", n).format(n=n)


def _summary(run: "PrivacyRun", hits: "list[Hit]", written: set[str], redacted: str) -> str:
    by_hand = (
        " " + _("Codes and file names are never replaced: change those above by hand.")
        if run.redact and not all(hit.redactable for hit in hits)
        else ""
    )
    if run.redact and written:
        replaced = sum(run.replaced(hit) for hit in hits)
        problems = " " + _("Some files were not changed: fix the problems above and run again.") if run.problems else ""
        said = _("Replaced {findings} in {files} with {redacted}.").format(
            findings=_findings(replaced), files=_files(len(written)), redacted=redacted
        )
        return said + problems + by_hand
    if not hits:
        if run.problems:
            return _("No personal data found in the files that could be read; fix the problems above and run again.")
        return _("No personal data found; nothing changed.") if run.redact else _("No personal data found.")
    text = _("{findings} of personal data in {files}").format(
        findings=_findings(len(hits)), files=_files(len({hit.display for hit in hits}))
    )
    if run.redact:
        fix = _(": fix the problems above and run again.") if run.problems else "."
        return text + _("; nothing changed") + fix + by_hand
    problems = " " + _("Some files could not be read: fix the problems above and run again.") if run.problems else ""
    return text + _("; remove them, or run 'revision privacy {audit} --redact'.").format(audit=run.audit) + problems
