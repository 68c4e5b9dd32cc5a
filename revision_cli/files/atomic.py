"""Writing a user's file (or ours) so that nothing is ever half-written. Standard library
only: the cached fast path (cli/fast.py) writes reports without loading the YAML reader.

`atomic_write` writes one file; `Changes` writes (and removes) several together, so that a
full disk, a read-only file system or any other failure leaves every one as it was. Neither
ever writes onto anything but a regular file, nor through a symbolic link (`check_target`):
replacing a device, a FIFO or a link with a regular file destroys what was there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Literal

from revision_cli.files.confine import OutsideRepository, check_inside
from revision_cli.i18n import N_, _


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


TRASH_PREFIX = ".revision-removing-"  # a hidden folder holding files being removed, until commit


class UnsafeTarget(OSError):
    """The path names something revision never writes onto (a link, a device, a folder …)."""


_KINDS = {
    stat.S_IFDIR: N_("a folder"),
    stat.S_IFCHR: N_("a device"),
    stat.S_IFBLK: N_("a device"),
    stat.S_IFIFO: N_("a named pipe (FIFO)"),
    stat.S_IFSOCK: N_("a socket"),
}


def _mode(path: Path | str) -> int | None:
    """The mode of what lies at `path` (None: nothing), confined to its repository; a link is
    refused, never followed."""
    check_inside(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        raise UnsafeTarget(
            errno.ELOOP, _("it is a symbolic link, and revision never writes through one"), os.fspath(path)
        )
    return mode


def check_target(path: Path | str) -> None:
    """UnsafeTarget unless `path` is missing or a regular file (a link is never followed);
    confine.OutsideRepository when a linked folder on its way leads out of its repository."""
    mode = _mode(path)
    if mode is not None and not stat.S_ISREG(mode):
        kind = _(_KINDS.get(stat.S_IFMT(mode), N_("not a regular file")))
        raise UnsafeTarget(errno.EINVAL, _("it is {kind}, not a regular file").format(kind=kind), os.fspath(path))


def check_folder(path: Path | str) -> None:
    """UnsafeTarget unless `path` is missing or a folder, not a link (confined like a file)."""
    mode = _mode(path)
    if mode is None:
        return
    if not stat.S_ISDIR(mode):
        kind = _("a file") if stat.S_ISREG(mode) else _(_KINDS.get(stat.S_IFMT(mode), N_("something else")))
        raise UnsafeTarget(errno.ENOTDIR, _("it is {kind}, not a folder").format(kind=kind), os.fspath(path))


def _mode_for(path: Path) -> int:
    """The old file's permissions, or a new file's (as open() would give it)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def _temporary(path: Path, text: str | bytes, sync: bool = True) -> str:
    """`text` (or bytes, as written) in a new temporary file beside `path`, flushed to disk
    (unless the caller syncs many at once), with `path`'s mode."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(text)
                binary.flush()
                if sync:
                    os.fsync(binary.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                if sync:
                    os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
    except BaseException:
        _discard(tmp)
        raise
    return tmp


def _discard(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _named(exc: OSError, path: Path) -> OSError:
    """The same failure, naming the file the user knows rather than our temporary one."""
    if isinstance(exc, (UnsafeTarget, OutsideRepository)) or exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror, os.fspath(path))


def atomic_write(path: Path, text: str | bytes, *, exclusive: bool = False) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half.

    The temporary file sits in the same folder (a rename across file systems is not
    atomic), is flushed to disk before the rename, and takes over the old file's mode.
    With `exclusive`, an existing file is never replaced (FileExistsError). A path that is
    a link or not a regular file is refused (UnsafeTarget) and left alone.
    """
    path = Path(path)
    check_target(path)
    try:
        tmp = _temporary(path, text)
    except OSError as exc:
        raise _named(exc, path) from None
    try:
        if exclusive:
            os.link(tmp, path)  # fails if the path exists, unlike rename
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            raise _named(exc, path) from None
        raise


# What a commit did, to undo it: a file written (with the backup of the one it replaced),
# a staged folder placed (with its staging name), a file removed (with where it was put aside).
_Done = tuple[Literal["wrote"], Path, str | None] | tuple[Literal["placed", "removed"], Path, str]


class Changes:
    """Files written and removed together: all of them, or (when anything fails) none.

        with Changes() as changes:
            changes.write(path, text)          # staged now: a full disk shows here
            changes.remove(other)              # done at commit, undone if commit fails
            changes.commit()                   # renames only; undone on failure

    Staging writes each text to a temporary file beside its target and keeps a hard link
    (or, where links are not supported, a copy) of each file it replaces, so that commit
    needs no space and can put every old file back. Folders made for new files are removed
    again on failure. Leaving the block without commit (an exception) undoes everything.

    With `many=True` (hundreds of files, as `revision import` writes) the staged files are
    flushed to disk with one sync before commit renames them, instead of one each: the same
    guarantee, in a fraction of the time (1,000 files: 0.75 s instead of 4 s).
    """

    def __init__(self, many: bool = False) -> None:
        self._many = many
        self._writes: list[tuple[Path, str, str | None, bool]] = []  # target, tmp, backup, exclusive
        self._removals: list[Path] = []
        self._folders: list[tuple[Path, Path]] = []  # staging folder, target
        self._made: list[Path] = []  # folders this run created, outermost first
        self._done: list[_Done] = []  # what commit did, to undo it
        self._trash: Path | None = None
        self.committed = False
        self.left_over: Path | None = None  # removed files that could not be deleted after a commit

    def __enter__(self) -> Changes:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self.committed:
            self.rollback()

    def makedirs(self, folder: Path) -> None:
        """Create `folder` and its missing parents now, remembering them for a rollback."""
        missing: list[Path] = []
        folder = Path(folder)
        check_folder(folder)
        while not folder.exists() and not folder.is_symlink():
            missing.append(folder)
            folder = folder.parent
        for made in reversed(missing):
            try:
                os.mkdir(made)
            except OSError as exc:
                raise _named(exc, made) from None
            self._made.append(made)

    def write(self, path: Path, text: str, *, exclusive: bool = False) -> None:
        path = Path(path)
        check_target(path)
        self.makedirs(path.parent)
        if exclusive and os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, _("it exists already"), os.fspath(path))
        try:
            tmp = _temporary(path, text, sync=not self._many)
        except OSError as exc:
            raise _named(exc, path) from None
        self._writes.append((path, tmp, None, exclusive))
        if not exclusive and path.exists():
            try:
                backup = self._backup(path)
            except OSError as exc:
                raise _named(exc, path) from None
            self._writes[-1] = (path, tmp, backup, exclusive)

    def folder(self, target: Path) -> Path:
        """A private folder to fill now; commit moves it to `target` (which must not exist
        then) with one rename, so that nobody ever sees it half-filled."""
        target = Path(target)
        check_folder(target)
        self.makedirs(target.parent)
        try:
            staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
        except OSError as exc:
            raise _named(exc, target) from None
        self._folders.append((staging, target))
        try:
            os.chmod(staging, 0o777 & ~current_umask())
        except OSError as exc:
            raise _named(exc, target) from None
        return staging

    def remove(self, path: Path) -> None:
        """Remove `path` at commit (moved aside first, so that a rollback can restore it)."""
        check_target(path)
        self._removals.append(Path(path))

    def _backup(self, path: Path) -> str:
        name = os.fspath(path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.old")
        try:
            os.link(path, name)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            shutil.copy2(path, name)
        return name

    def commit(self) -> None:
        """Put every staged file in place and remove what was to be removed; on failure,
        undo what was done (and raise)."""
        if self._many and self._writes:
            os.sync()  # every staged file on disk before any is renamed into place
        try:
            for path, tmp, backup, exclusive in self._writes:
                if exclusive:
                    os.link(tmp, path)
                    _discard(tmp)
                else:
                    os.replace(tmp, path)
                self._done.append(("wrote", path, backup))
            for staging, path in self._folders:
                if os.path.lexists(path):  # rename would replace an empty folder
                    raise FileExistsError(errno.EEXIST, _("it exists already"), os.fspath(path))
                os.rename(staging, path)
                self._done.append(("placed", path, os.fspath(staging)))
            for path in self._removals:
                aside = self._trash_folder(path.parent) / f"{len(self._done)}-{path.name}"  # names may repeat
                os.rename(path, aside)
                self._done.append(("removed", path, os.fspath(aside)))
        except BaseException as exc:
            self.rollback()
            if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
                raise _named(exc, path) from None
            raise
        self.committed = True
        self._finish()

    def _trash_folder(self, near: Path) -> Path:
        if self._trash is None:
            self._trash = Path(tempfile.mkdtemp(dir=near, prefix=TRASH_PREFIX))
        return self._trash

    def _finish(self) -> None:
        """After a commit: drop the backups and the files removed (best effort: the commit
        is complete, and what could be left is hidden and unused)."""
        for _target, _tmp, backup, _exclusive in self._writes:
            if backup is not None:
                _discard(backup)
        if self._trash is not None:
            shutil.rmtree(self._trash, ignore_errors=True)
            self.left_over = self._trash if self._trash.exists() else None

    def rollback(self) -> None:
        """Undo a commit part-way through, drop what was staged, remove the folders made."""
        for done in reversed(self._done):
            try:
                match done:
                    case ("placed", path, kept):
                        os.rename(path, kept)  # back to its staging name, removed below
                    case ("removed", path, kept):
                        os.rename(kept, path)
                    case (_, path, str() as kept):
                        os.replace(kept, path)
                    case (_, path, _):
                        os.unlink(path)
            except OSError:
                pass
        self._done = []
        for _target, tmp, backup, _exclusive in self._writes:
            _discard(tmp)
            if backup is not None:
                _discard(backup)
        self._writes = []
        for staging, _made in self._folders:
            shutil.rmtree(staging, ignore_errors=True)
        self._folders = []
        if self._trash is not None:
            with contextlib.suppress(OSError):
                os.rmdir(self._trash)
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        self._made = []
