"""Findings (problems in a user's files) and the one error root for runs that cannot go on.

A problem in a file is never raised: it is a `Finding`, collected and returned, so that a
user sees every problem at once. An exception derived from `RevisionError` means the run
itself cannot continue (no repository, audit not found); the CLI turns it into a message
and an exit code in one place. Any other exception is a bug.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from revision_cli.i18n import _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Every code a finding can carry, with what it means. Codes are stable: scripts and
# editors match on them, so a code is never renamed, only added.
CODES: dict[str, str] = {
    # reading a file
    "file-unreadable": "the file cannot be read",
    "file-empty": "the file is empty or holds only comments",
    "file-too-large": "the file is larger than limits.max_file_size",
    "file-binary": "the file is binary, not text",
    "file-not-utf8": "the file is not UTF-8 text",
    "yaml-tab-indent": "a line is indented with a tab; YAML needs spaces",
    "yaml-syntax": "the file is not valid YAML",
    "yaml-unquoted-colon": "a text holds a colon and a space, which YAML reads as a new key: quote the text",
    "yaml-unclosed-quote": "a quote that opens a text is never closed on its line",
    "yaml-list-indent": "a list item's dash is not in the column of the items above it",
    "yaml-duplicate-key": "a key appears twice in the same mapping",
    "yaml-alias-limit": "anchors and aliases expand to too much data",
    "yaml-nesting-limit": "the data is nested far deeper than any audit file",
    "yaml-unsupported": "a YAML feature the format does not use (complex keys, tags)",
    "file-outside-repository": "a symbolic link leads outside the repository; nothing is read or written through it",
    # the shape of one file
    "schema-missing": "a required field is missing",
    "schema-unknown-key": "a key the format does not know (often a typo)",
    "schema-type": "a value has the wrong type or form",
    "schema-value": "a value is outside what the field allows",
    # a battery
    "battery-duplicate-id": "an id is used twice in a battery",
    "battery-unknown-scale": "a question names a scale the battery does not declare",
    "battery-unknown-group": "a question names a respondent group the battery does not declare",
    "battery-thresholds": "rating thresholds must satisfy 0 ≤ yellow ≤ green ≤ 1",
    "battery-scale": "a scale is inconsistent",
    "battery-duplicate": "two batteries share one id@version",
    "battery-bands": "the fidelity bands overlap, leave gaps or lie outside the possible totals",
    "battery-anchors": "a fidelity item's anchors do not match the item scale",
    "battery-statement-scale": "a statement is not on a range scale with positive_from",
    "battery-guide": "an interview guide names a group, fidelity item or section the battery lacks, or a group twice",
    # an audit and the references between its files
    "audit-id-mismatch": "the audit's id differs from its folder name",
    "audit-unknown-role": "a team member's role is neither built in nor declared in revision.yaml",
    "audit-unknown-battery": "the audit names a battery that cannot be found",
    "audit-battery-unpinned": "the audit names a battery without a version",
    "audit-battery-twice": "the audit names the same battery twice",
    "audit-batteries-conflict": "the audit's batteries cannot be used together (two fidelity scales, other thresholds)",
    "interview-ambiguous-question": "an answer names an id two of the audit's batteries have, without saying which",
    "interview-duplicate-answer": "one question answered twice, written bare and as battery.id",
    "audit-missing-file": "a file every audit needs is missing",
    "audit-duplicate-team-id": "two team members share an id",
    "audit-group-too-small": (
        "a respondent group has fewer than min_group_size respondents: it is not reported on its own"
    ),
    "interview-duplicate-respondent": "two interviews share a respondent code",
    "interview-unknown-group": "the respondent group is not one of the battery's groups",
    "interview-unknown-interviewer": "an interviewer is not on the audit's team",
    "interview-unknown-question": "an answer names a question the battery does not have",
    "interview-question-not-for-group": "an answer to a question not asked of this respondent group",
    "interview-invalid-value": "an answer's value is not allowed by the question's scale",
    "interview-too-many-answers": "an interview holds more answers than limits.max_answers",
    "interview-code-looks-like-name": "a respondent code that looks like a name",
    "interview-consent-missing": "an interview records no consent: not counted; an error once the audit is assessed",
    "interview-entry": "revision interview: the file it built would not read back as entered (nothing is written)",
    "interview-misplaced": "a file that looks like an interview lies outside interviews/ and is not read",
    "interview-future-date": "an interview is dated after today",
    "assessment-unknown-area": "the assessment names an area the battery does not have",
    "assessment-unknown-subarea": "the assessment names a sub-area the area does not have",
    "assessment-unknown-item": "the assessment scores a fidelity item the battery does not have",
    "assessment-missing-item": "a fidelity item has no consensus score yet",
    "assessment-item-score": "a fidelity score lies outside the battery's item scale",
    "assessment-unknown-reviewer": "a reviewer's score names someone not on the audit's team",
    "interview-unknown-theme": "an answer or quote names a theme neither the battery nor the audit declares",
    "audit-duplicate-theme": "a theme id is declared twice (in the audit, or in both audit and battery)",
    "interview-duplicate-theme": "an answer or quote names the same theme twice",
    "interview-theme-without-answer": "an answer has themes but no text",
    "actions-duplicate-id": "two actions share an id",
    "actions-unknown-area": "an action names an area the battery does not have",
    "actions-unknown-subarea": "an action names a sub-area the battery does not have",
    "actions-unknown-question": "an action names a question the battery does not have",
    "actions-unknown-statement": "an action names a statement the battery does not have",
    "actions-unknown-fidelity-item": "an action names a fidelity item the battery does not have",
    "actions-unknown-fidelity-section": "an action names a fidelity section the battery does not have",
    "actions-unknown-theme": "an action names a theme neither the battery nor the audit has",
    "actions-event-order": "an action's follow-up events are not in date order, or lie in the future",
    "meetings-future-date": "a meeting is dated after today",
    "meetings-duplicate": "two meetings of the same kind on the same day",
    "meetings-unknown-role": "an attendee's role is neither built in nor declared in revision.yaml",
    "meetings-unknown-action": "a meeting names an action that actions.yaml does not have",
    "audit-unknown-follow-up": "follows_up names an audit that does not exist",
    # indicators.yaml (an audit's or a unit's): measures followed over time
    "indicators-duplicate-id": "two indicators in one file share an id",
    "indicators-duplicate-date": "an indicator has two measurements on the same date",
    "indicators-future-date": "a measurement is dated after today",
    "indicators-date-order": "an indicator's measurements are not in date order",
    "indicators-unit-mismatch": "a measurement's unit is not its indicator's unit",
    "indicators-target-direction": "the target lies on the worse side of the baseline, given the direction",
    # privacy
    "personal-data": "free text that looks like personal data",
    "personal-data-published": "a report or the site would publish text that looks like personal data",
    "audit-retention-passed": "the interviews are kept past the audit's retain_interviews_until date",
    "results-mismatch": "results.yaml does not belong to the audit or does not fit its battery",
    "archive-unfinished": "an archived audit (results.yaml) still has interview files",
    "archive-not-frozen": "an interview file beside results.yaml is not one it was frozen from (new or edited since)",
    # configuration
    "config-missing": "no revision.yaml was found",
    "path-not-found": "a path given on the command line does not exist",
    # revision import: a web-form export (FILE:row:column) and its mapping file
    "import-mapping": "the import's mapping file names a question, option, group or setting that does not fit",
    "import-unknown-column": "the mapping names a column the export does not have",
    "import-duplicate-column": "two columns of the export have the same header",
    "import-unmapped-column": "a column of the export is neither mapped nor listed under ignore",
    "import-personal-column": "a column holding names or e-mail addresses is not listed under ignore",
    "import-unknown-value": "a cell's value is not in the mapping and not a value of the question's scale",
    "import-date": "a cell that should hold a date does not",
    "import-respondent-empty": "a row has no respondent code",
    "import-respondent-duplicate": "a respondent code is used twice, in the export or by an interview already there",
    "import-respondent-invalid": "a respondent code that is not a code (too long, a space, or a name)",
    "import-personal-data": "a free-text cell holds what looks like personal data",
    "import-file-exists": "an interview file the import would write exists already",
    # writing
    "output-is-input": "an output file (-o) would replace a file the repository reads",
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered finding code {self.code!r}")

    def format(self) -> str:
        """One line for a terminal: control characters of a file name or a key are shown
        escaped, never sent, so that none can retitle or clear the terminal or start a line."""
        from revision_cli.characters import terminal_safe

        return (
            f"{terminal_safe(self.path)}:{self.line}:{self.column}: {self.severity.value} [{self.code}] "
            f"{terminal_safe(self.message)}"
        )

    def to_json(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Report:
    """All findings of a run, deduplicated by location and code, in file order."""

    findings: list[Finding] = field(default_factory=list)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def sorted(self) -> list[Finding]:
        seen: set[tuple[str, int, int, str, str]] = set()
        unique = []
        for f in sorted(self.findings, key=lambda f: (f.path, f.line, f.column, f.code, f.message)):
            key = (f.path, f.line, f.column, f.code, f.message)
            if key not in seen:
                seen.add(key)
                unique.append(f)
        return unique

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def promoted(self) -> Report:
        """The report as `--strict` shows it: every warning an error, printed and counted as one."""
        from dataclasses import replace

        return Report([replace(f, severity=Severity.ERROR) for f in self.findings])


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working folder when near it
    (`../2013-x/audit.yaml` from a sibling folder), absolute when far away."""
    try:
        cwd = os.getcwd()
        absolute = _realpath(os.path.join(cwd, path), cwd)
        relative = os.path.relpath(absolute, _realpath(cwd, cwd))
    except (ValueError, OSError):
        return str(path)
    return relative if relative.count("..") <= 3 else absolute


def display_link(path: Path | str) -> str:
    """Like display_path, but with no link resolved: the name of a link itself, not where
    it leads (for a link that is not followed)."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.getcwd())
    except (ValueError, OSError):
        return absolute
    return relative if relative.count("..") <= 3 else absolute


_REAL_FOLDERS: dict[str, str] = {}  # folder → its real path, for one working folder (README, Performance)


def _realpath(path: str, cwd: str) -> str:
    """os.path.realpath, remembering the folders resolved: findings of thousands of files
    lie in a few folders, and resolving each path anew costs an lstat per component."""
    if _REAL_FOLDERS.get("") != cwd:
        _REAL_FOLDERS.clear()
        _REAL_FOLDERS[""] = cwd
    head, tail = os.path.split(path)
    if tail in ("", ".", ".."):
        return os.path.realpath(path)
    real_head = _REAL_FOLDERS.get(head)
    if real_head is None:
        real_head = _REAL_FOLDERS[head] = os.path.realpath(head)
    joined = os.path.join(real_head, tail)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


class RevisionError(Exception):
    """The run cannot go on. The message is for the user; exit_code follows PRODUCT.md §5."""

    exit_code = 1

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.message = message
        self.findings = findings or []


class UsageError(RevisionError):
    """The command line itself is wrong (exit 2)."""

    exit_code = 2


def write_failure(exc: OSError, outcome: str) -> RevisionError:
    """A write the system refused (a full disk, a read-only file system, a link) as one line
    that says which file and what became of the run, e.g. "nothing was changed"."""
    where = (
        _("cannot write {value}: ").format(value=display_link(exc.filename)) if exc.filename else _("cannot write: ")
    )
    return RevisionError(f"{where}{exc.strerror or exc}; {outcome}")


def close_matches(word: str, possibilities: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """difflib.get_close_matches, for a "did you mean" in a finding: difflib is loaded only
    when something is misspelt, not by every run that might find a misspelling."""
    import difflib

    return difflib.get_close_matches(word, possibilities, n, cutoff)
