"""Nothing outside the repository is read or written: a symbolic link that leaves it is not followed.

A repository travels (zipped, cloned, on a shared drive), so a link inside it is written by
whoever made it: `interviews/b1.yaml -> /etc/shadow` would print lines of that file inside
findings, and an interview linked in from elsewhere would be scored as this audit's. A path
belongs to the repository whose revision.yaml lies in one of its folders, by name (what the
user or the audit's layout says); it may be read only when the file it really names lies
inside that repository too. A link that stays inside it (one audit's folder shared by
another) is fine. Outside any repository, nothing is confined: a path typed on the command
line is the user's own choice.

Standard library only (the cached fast path may import it).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from revision_cli.files.root import CONFIG_FILE
from revision_cli.i18n import N_, _

MESSAGE = N_(
    "this is a symbolic link, or lies in a linked folder, that leads outside the repository; revision "
    "neither reads nor writes through it"
)


# What an in-memory copy of the working tree (gitlog) holds in place of a file that a link
# takes out of the repository: never a file's bytes (NUL bytes), read as that finding.
OUTSIDE_MARKER = b"\0revision: a link that leads outside the repository\0"


class OutsideRepository(OSError):
    """Reading or writing `filename` would follow a link out of its repository."""

    def __init__(self, path: Path | str):
        super().__init__(errno.EXDEV, _(MESSAGE), os.fspath(path))


# Memos for one opening of a repository (reading thousands of files in a few folders):
_ROOTS: dict[str, str | None] = {}  # folder → its repository
_PLAIN: set[str] = set()  # folders with no link between their repository's root and them


def forget() -> None:
    """Look the repositories up again (repository.locate.open_repository calls this for each command:
    a repository may have been made or moved since, by a test in the same process)."""
    _ROOTS.clear()
    _PLAIN.clear()


def repository_of(path: Path | str) -> str | None:
    """The nearest folder above `path` (by name, links not resolved) holding revision.yaml."""
    start = os.path.dirname(os.path.abspath(path))
    if start in _ROOTS:
        return _ROOTS[start]
    found: str | None
    folder, seen = start, []
    while True:
        seen.append(folder)
        if os.path.isfile(os.path.join(folder, CONFIG_FILE)):
            found = folder
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            found = None
            break
        folder = parent
    for each in seen:  # every folder on the way belongs to the same repository
        _ROOTS[each] = found
    return found


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def leaving_link(path: Path | str, root: Path | str | None = None) -> str | None:
    """The first link on the way from the repository's root (or `root`) to `path` whose
    target lies outside it; None when `path` stays inside (or belongs to no repository)."""
    path = os.path.abspath(path)
    top = os.path.abspath(root) if root is not None else repository_of(path)
    if top is None or not _inside(path, top):
        return None
    parent = os.path.dirname(path)
    if root is None and parent in _PLAIN and not os.path.islink(path):
        return None  # the common case: one lstat
    steps, current = [], path
    while current != top:
        steps.append(current)
        current = os.path.dirname(current)
    steps.reverse()
    links = [step for step in steps if os.path.islink(step)]
    if not links:  # no resolving needed
        if root is None:
            _PLAIN.update(step for step in steps[:-1])
        return None
    real_top = os.path.realpath(top)
    if _inside(os.path.realpath(path), real_top):
        return None
    for step in links:
        if not _inside(os.path.realpath(step), real_top):
            return step
    return links[-1]


def check_inside(path: Path | str, root: Path | str | None = None) -> None:
    """OutsideRepository (an OSError) when reading or writing `path` would leave its repository."""
    link = leaving_link(path, root)
    if link is not None:
        raise OutsideRepository(link)


def read_regular(path: Path | str, cap: int | None = None) -> bytes:
    """The bytes of a regular file (at most `cap` + 1 of them), confined to its repository.

    A named pipe or a device planted where a file belongs would block the reader for ever or
    never end: it is opened without waiting and refused as not a regular file.
    """
    import errno
    import stat

    check_inside(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(
                errno.EINVAL, _("it is not a regular file (a named pipe, a device or a folder)"), os.fspath(path)
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read() if cap is None else handle.read(cap + 1)
    finally:
        os.close(fd)
