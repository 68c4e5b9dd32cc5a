"""Interview files where none is read: beside audit.yaml, or in a folder other than
`interviews/` (a misspelt `intervjuer/`, a subfolder of `interviews/`). Such a file is not
counted, silently, which a person who typed forty answers into it would never guess; so it
is a warning at its `respondent:` line."""

from __future__ import annotations

import re
from pathlib import Path

from revision_cli.errors import Finding, Severity, display_path
from revision_cli.files.sources import FileSource
from revision_cli.i18n import _

INTERVIEWS_DIR = "interviews"
# The files an audit folder holds besides its interviews (repository.locate reads them).
AUDIT_FILES = frozenset({"audit.yaml", "assessment.yaml", "actions.yaml", "meetings.yaml", "results.yaml"})
_SUFFIXES = (".yaml", ".yml")
# An interview names its respondent at the top level; no other file of an audit has that key.
_RESPONDENT = re.compile(rb"^respondent[ \t]*:", re.MULTILINE)


def respondent_line(raw: bytes) -> int | None:
    """The line of a top-level `respondent:` key, when the bytes look like an interview."""
    found = _RESPONDENT.search(raw)
    return None if found is None else raw.count(b"\n", 0, found.start()) + 1


def _yaml_files(folder: Path, files: FileSource) -> list[Path]:
    return [
        p
        for p in files.children(folder)
        if p.suffix in _SUFFIXES and not p.name.startswith((".", "_")) and files.is_file(p)
    ]


def _folders(folder: Path, files: FileSource) -> list[Path]:
    # A name ending in .yaml is taken for a file without asking: interviews/ holds dozens.
    return [
        p
        for p in files.children(folder)
        if not p.name.startswith(".") and p.suffix not in _SUFFIXES and files.is_dir(p)
    ]


def misplaced_interviews(folder: Path, files: FileSource) -> list[Finding]:
    """A warning for each file in the audit folder, or one folder down, that looks like an
    interview but is not in `interviews/` itself."""
    places: list[tuple[Path, str]] = [(p, "top") for p in _yaml_files(folder, files) if p.name not in AUDIT_FILES]
    for sub in _folders(folder, files):
        if sub.name == INTERVIEWS_DIR:
            places.extend((p, "nested") for deeper in _folders(sub, files) for p in _yaml_files(deeper, files))
        else:
            places.extend((p, "folder") for p in _yaml_files(sub, files))
    found: list[Finding] = []
    for path, where in places:
        try:
            line = respondent_line(files.read_bytes(path))
        except OSError:
            continue  # not readable: nothing to say about where it lies
        if line is None:
            continue
        if where == "top":
            message = _(
                "this looks like an interview (it has respondent:), but it lies beside audit.yaml, and only "
                "the files in interviews/ are read: it is not counted; move it into interviews/"
            )
        elif where == "nested":
            message = _(
                "this looks like an interview (it has respondent:), but it lies in {folder}/ inside interviews/, "
                "and only the files directly in interviews/ are read: it is not counted; move it up into interviews/"
            ).format(folder=path.parent.name)
        else:
            message = _(
                "this looks like an interview (it has respondent:), but it lies in {folder}/, and only the files "
                "in interviews/ are read: it is not counted; move it into interviews/ (or rename the folder)"
            ).format(folder=path.parent.name)
        found.append(Finding(display_path(path), line, 1, "interview-misplaced", message, Severity.WARNING))
    return found
