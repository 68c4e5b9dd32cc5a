"""One writer at a time in a repository: a lock on `.revision/lock`.

Commands that change several files (archive, new, privacy --redact, schema --write, site)
hold it from reading what they change until the last rename, so that two of them never
interleave: the second waits for the first, then reads what the first left (a second
`archive` finds the audit archived). It is an advisory lock of the operating system
(flock), so it goes away with the process, even one that was killed: no stale lock file to
clean up. POSIX only, like the rest of revision's process handling.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from revision_cli.errors import RevisionError, display_link, write_failure
from revision_cli.i18n import _

LOCK_DIR = ".revision"
LOCK_FILE = "lock"
WAIT = 15.0  # seconds a second writer waits for the first before giving up
_POLL = 0.05


@contextmanager
def repository_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the repository's write lock (waiting up to `wait` seconds for another writer)."""
    fd = _open_lock(Path(root))
    try:
        deadline = time.monotonic() + (WAIT if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RevisionError(
                        _(
                            "another revision command is changing this repository; run this again when it has "
                            "finished: nothing was changed"
                        )
                    ) from None
                time.sleep(_POLL)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _open_lock(root: Path) -> int:
    folder = root / LOCK_DIR
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except OSError as exc:
        raise write_failure(exc, _("nothing was changed")) from None
    if not stat.S_ISDIR(os.lstat(folder).st_mode):
        raise RevisionError(
            _(
                "{value} is not a folder (a link, or a file); revision keeps its lock and cache there "
                "and never writes through a link: remove it, then run this again"
            ).format(value=display_link(folder))
        )
    path = folder / LOCK_FILE
    flags = os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(path, os.O_RDWR | flags, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES) and path.is_file() and not path.is_symlink():
            try:  # a lock needs no write access; the write that follows will say what is wrong
                return os.open(path, os.O_RDONLY | flags)
            except OSError:
                pass
        if exc.errno == errno.ELOOP:
            raise RevisionError(
                _(
                    "{value} is a symbolic link; revision never writes through one: remove it, then run this again"
                ).format(value=display_link(path))
            ) from None
        raise write_failure(exc, _("nothing was changed")) from None
