"""Where a command may put its output (`-o FILE`, `-o FOLDER`): the one guard every writer uses.

An output never replaces a file the repository reads (its settings, batteries, templates,
an audit's files, git's and revision's own folders), never lands on anything but a regular
file (a device, a FIFO, a folder) and never goes through a symbolic link: `-o` onto any of
these is refused before anything is rendered, and atomic.py checks the kind again at the
moment of writing. `-o -` is standard output; `-o ""` is wrong usage.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from revision_cli.errors import Finding, RevisionError, UsageError, display_link
from revision_cli.files.packaged import PACKAGE, packaged
from revision_cli.files.root import CONFIG_FILE, holding
from revision_cli.i18n import N_, _

STDOUT = "-"
AUDIT_FILES = {"audit.yaml", "assessment.yaml", "actions.yaml", "meetings.yaml", "results.yaml"}
YAML = (".yaml", ".yml")
# Top-level entries of a repository that revision (or git) reads, and what they are.
_READ_AT_ROOT = {
    CONFIG_FILE: N_("the repository's settings"),
    "privacy.yaml": N_("the names to watch for in free text"),
    ".gitignore": N_("what git leaves out"),
    "batteries": N_("the repository's own question batteries"),
    "templates": N_("the repository's report templates"),
    "schemas": N_("the JSON Schemas editors check the files with"),
    ".revision": N_("revision's lock and cache"),
    ".git": N_("git's own files"),
}


def _name_check(value: str, option: str) -> None:
    if value == "":
        raise UsageError(_("{option} needs a file name, or - for standard output").format(option=option))
    if "\0" in value:
        raise UsageError(_("{option}: a file name cannot hold a NUL character").format(option=option))


def output_file(
    value: str | None, option: str = "-o", *, reads: Iterable[Path] = (), stdout: bool = True
) -> Path | None:
    """The file `-o VALUE` names, once it is safe to write; None for standard output (no
    option, or `-`). `reads`: more folders the command reads (a --template folder)."""
    if value is None or (stdout and value == STDOUT):
        return None
    _name_check(value, option)
    path = Path(value)
    _refuse(path, reads)
    return path


def output_folder(value: str, option: str = "-o") -> Path:
    """The folder `-o VALUE` names for a command that writes several files (the site)."""
    if value == STDOUT:
        raise UsageError(
            _("{option} names a folder for several files; standard output (-) cannot hold them").format(option=option)
        )
    _name_check(value, option)
    from revision_cli.files.atomic import check_folder

    path = Path(value)
    try:
        check_folder(path)
    except OSError as exc:
        raise RevisionError(
            _("cannot write into {value}: {strerror}; nothing was written").format(
                value=display_link(path), strerror=exc.strerror
            )
        ) from None
    return path


def check_output(path: Path, reads: Iterable[Path] = ()) -> None:
    """RevisionError unless `path` may be written as an output (see the module docstring)."""
    _refuse(Path(path), reads)


def _refuse(path: Path, reads: Iterable[Path]) -> None:
    from revision_cli.files.atomic import check_target

    try:
        check_target(path)
    except OSError as exc:
        raise RevisionError(
            _("cannot write {value}: {strerror}; nothing was written").format(
                value=display_link(path), strerror=exc.strerror
            )
        ) from None
    why = read_by_revision(path, reads)
    if why is not None:
        raise RevisionError(
            _("nothing was written"),
            [
                Finding(
                    display_link(path),
                    1,
                    1,
                    "output-is-input",
                    _(
                        "revision reads this file ({why}); an output written here would replace it: choose "
                        "another file, for example one under out/"
                    ).format(why=why),
                )
            ],
        )


def read_by_revision(path: Path, reads: Iterable[Path] = ()) -> str | None:
    """What `path` is to revision when revision reads it (or would, once it exists); else None."""
    real = Path(os.path.realpath(path.parent)) / path.name
    # The built-in batteries and templates lie outside the package in an editable install
    # (files/packaged.py): they are the tool's own files there too.
    own = _("revision's own installed files")
    for folder, what in [
        (PACKAGE, own),
        (packaged("question_batteries"), own),
        (packaged("templates"), own),
        *((Path(f), _("the templates this command reads")) for f in reads),
    ]:
        if _within(real, Path(os.path.realpath(folder))):
            return what
    root = holding(real.parent, CONFIG_FILE)
    if root is not None:
        parts = real.relative_to(root).parts
        if parts[0] in _READ_AT_ROOT:
            return _(_READ_AT_ROOT[parts[0]])
        if parts[0] == "audits" and (real.suffix in YAML or "interviews" in parts[:-1]):
            return (
                _("a file of an audit") if len(parts) < 3 else _("a file of the audit '{parts}'").format(parts=parts[1])
            )
    audit = holding(real.parent, "audit.yaml")
    if audit is not None:
        parts = real.relative_to(audit).parts
        if real.suffix in YAML or parts[0] == "interviews":
            return _("a file of the audit '{name}'").format(name=audit.name)
    return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
