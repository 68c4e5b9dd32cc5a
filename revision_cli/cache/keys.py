"""What the three caches key their entries by, worked out in one place.

Every cached result depends on its own files (each cache says which: an audit's folder,
a revision's blobs, an invocation's audit and templates) and on what lies around them,
which is the same for all three:

* the tool (`tool()`): the hashes pip recorded of every installed file (the dist-info
  RECORD: code, templates, built-in batteries), or, run from a source tree, the bytes of the
  package's files and of the batteries and templates beside it; another build never reuses
  this one's results;
* the day (`day()`): today's date and REVISION_TODAY (findings and colours depend on dates);
* the repository (`repository()`): revision.yaml, privacy.yaml, every entry of batteries/
  (the catalogue reads them all), which audit folders exist, and each unit's
  units/<unit>/indicators.yaml (an audit's report shows its unit's indicators).

`context()` is all three in one digest. Findings also depend on whether each audit has an
audit.yaml (`audits_present()`: `follows_up` is checked on disk; one stat per audit, so only
the caches of findings ask; the output cache has the followed-up audit's files instead).
Within one run of a command (`one_run()`, which the console entry opens) each is looked at
once, however many times the fast path, the full command and its cache ask; outside a run
every call looks again.

A symbolic link counts by where it leads and, when that lies inside the repository, by what
it leads to; nothing is read through a link that leaves it, and nothing waits on a named
pipe. Paths are plain strings and os.scandir, not pathlib: a warm run of a large repository
hashes thousands of files, and Path objects cost more than the hashing.

Only the standard library and the one digest (store.py) are imported here.
"""

from __future__ import annotations

import datetime as dt
import os
import stat as _stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from revision_cli.cache.store import Digest, digest

# Annotations only (no `typing` on the cached fast path): a key's parts are bytes or str; an
# entry below a folder is (its name, the path to read its bytes from or None, what stands for it).

AUDITS = "audits"
BATTERIES = "batteries"
UNITS = "units"  # units/<unit>/indicators.yaml: every audit of the unit shows its indicators
# The files around every audit that its results depend on (files/root.CONFIG_FILE,
# privacy/scanner.PRIVACY_FILE: the names the product gives them).
SETTINGS = ("revision.yaml", "privacy.yaml")
T = TypeVar("T")

# ---- the tool ------------------------------------------------------------------------------

_TOOL: str | None = None


def _source_files(folder: Path, prefix: str) -> list[bytes | str]:
    parts: list[bytes | str] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                path = os.path.join(current, name)
                parts += [prefix + Path(path).relative_to(folder).as_posix(), _read(path) or b""]
    return parts


def tool() -> str:
    """The installed tool itself (see the module docstring); worked out once per process."""
    global _TOOL
    if _TOOL is None:
        from revision_cli import __version__
        from revision_cli.files.packaged import PACKAGE as package
        from revision_cli.files.packaged import packaged

        record = _read(os.fspath(package.parent / f"revision-{__version__}.dist-info" / "RECORD"))
        parts: list[bytes | str] = []
        if record is not None:
            parts = [record]
        else:
            # A source tree: the package, and the batteries and templates it reads from
            # beside it when they were not copied in (files/packaged.py).
            parts = _source_files(package, "")
            for name in ("question_batteries", "templates"):
                folder = packaged(name)
                if package not in folder.parents:
                    parts += _source_files(folder, name + "/")
        _TOOL = digest([__version__, *parts])
    return _TOOL


def day(today: dt.date | None = None) -> str:
    return f"{(today or dt.date.today()).isoformat()} {os.environ.get('REVISION_TODAY', '')!r}"


# ---- one path, one folder ------------------------------------------------------------------


def real(root: Path | None) -> str | None:
    """The repository's real path, inside which links may be followed (None: anywhere)."""
    return os.path.realpath(root) if root is not None else None


def inside(target: str, within: str | None) -> bool:
    return within is None or target == within or target.startswith(within.rstrip(os.sep) + os.sep)


def _link(path: str, within: str | None) -> tuple[bytes, bool]:
    """(what stands for a link in a key: where it leads, whether it may be read through)."""
    target = os.path.realpath(path)
    ok = inside(target, within)
    return b"link\0" + os.fsencode(target) + (b"" if ok else b"\0outside"), ok


def _read(path: str) -> bytes | None:
    """A regular file's bytes, opened without waiting (a named pipe planted there would block
    the run for ever); None when it is not one or cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not _stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def stamp(path: str | os.PathLike[str], within: str | None = None) -> bytes:
    """One path for a key: absent, a folder, something that is not a file, or a file with its
    bytes; a link also by where it leads, and read through only when that lies inside
    `within` (the repository's real path; None: anywhere)."""
    path = os.fspath(path)
    try:
        info = os.lstat(path)
    except OSError:
        return b"absent"
    head = b""
    if _stat.S_ISLNK(info.st_mode):
        head, ok = _link(path, within)
        if not ok:
            return head
        try:
            info = os.stat(path)
        except OSError:
            return head + b"\0dangling"
        head += b"\0"
    if _stat.S_ISDIR(info.st_mode):
        return head + b"folder"
    if not _stat.S_ISREG(info.st_mode):
        return head + b"special"
    content = _read(path)
    return head + (b"unreadable" if content is None else b"file\0" + content)


def presence(path: str | os.PathLike[str], within: str | None = None) -> bytes:
    """As stamp, without the file's bytes: whether it is there and what it is."""
    path = os.fspath(path)
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return b"absent"
    if not _stat.S_ISLNK(info.st_mode):
        return b"file" if _stat.S_ISREG(info.st_mode) else b"other"
    head, ok = _link(path, within)
    return head + (b"\0" + (b"file" if os.path.isfile(path) else b"other") if ok else b"")


def _walk(
    top: str, relative: str, out: list[tuple[str, str | None, bytes]], within: str | None, seen: set[str]
) -> None:
    """(relative name, path or None, stamp) of every entry below `top` that a key holds: each
    folder's files by name, then its sub-folders by name; dot-entries left out. A file's
    bytes are read later (path); a link also has its stamp, and a linked folder inside
    `within` is walked like any other (once: `seen` holds the real folders walked)."""
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        name = relative + entry.name
        try:
            if entry.is_symlink():
                head, ok = _link(entry.path, within)
                out.append((name, None, head))
                if not ok:
                    continue  # nothing is read through a link that leaves the repository
                target = os.path.realpath(entry.path)
                if entry.is_dir():
                    if target not in seen:
                        seen.add(target)
                        folders.append((name, entry.path))
                    continue
            elif entry.is_dir():
                folders.append((name, entry.path))
                continue
            regular = entry.is_file()
        except OSError:
            regular = False
        out.append((name, entry.path, b"file") if regular else (name, None, b"special"))
    for name, path in folders:
        out.append((name, None, b"folder"))
        _walk(path, name + "/", out, within, seen)


def tree(folder: str | os.PathLike[str], known: dict[str, bytes] | None = None, within: str | None = None) -> str:
    """A digest of the names and bytes of every file below `folder` (an audit's, a template
    folder); a file that is not a folder counts as its stamp. `known`: bytes already read,
    by path as os.fspath gives it (not read again). `within`: the repository's real path;
    links that lead outside it are keyed by where they lead only."""
    top = os.fspath(folder)
    if not os.path.isdir(top):
        return digest([stamp(top, within)])
    h = Digest()
    files: list[tuple[str, str | None, bytes]] = []
    walk = True
    if os.path.islink(top):
        head, walk = _link(top, within)
        files.append(("", None, head))
    if walk:
        _walk(top, "", files, within, {os.path.realpath(top)})
    known = known or {}
    for name, path, kind in files:
        # A name holds no NUL byte: name and kind in one part.
        head = name.encode("utf-8", "surrogateescape") + b"\0" + kind
        content = None
        if path is not None:
            content = known.get(path)
            content = _read(path) if content is None else content
            if content is None:
                head += b"\0unreadable"
        h.add(head)
        if content is not None:
            h.add(content)
    return h.hexdigest()


# ---- the repository ------------------------------------------------------------------------


def _subfolders(folder: str | os.PathLike[str]) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return sorted([e.name for e in entries if e.name[0] != "." and e.is_dir()])
    except OSError:
        return []


def audit_slugs(root: Path) -> list[str]:
    """The audit folders of the repository, by name (dot-folders are not audits)."""
    return _subfolders(os.path.join(root, AUDITS))


def listing(folder: str | os.PathLike[str]) -> str:
    """Which folders lie in `folder` (the audits in audits/), by name. One part, the names
    joined by NUL, which no name holds: a part each cost as much as listing the folder."""
    return digest(["\0".join(_subfolders(folder))])


def presences(folder: str | os.PathLike[str], within: str | None) -> str:
    """Which audits lie in `folder`, each with whether it has an audit.yaml (one lstat each:
    a repository holds thousands). One part, "slug NUL what" joined by "/", which neither a
    name nor what it is holds (a link's, which may, stands as its digest): a part each cost
    as much as the lstat."""
    base = os.path.join(folder, "")  # with its separator: each path below is one f-string
    parts: list[str] = []
    for slug in _subfolders(folder):
        path = f"{base}{slug}{os.sep}audit.yaml"
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = None
        found = (
            "absent"
            if mode is None
            else digest([presence(path, within)])
            if _stat.S_ISLNK(mode)
            else "file"
            if _stat.S_ISREG(mode)
            else "other"
        )
        parts.append(f"{slug}\0{found}")
    return digest(["/".join(parts)])


def _repository(root: Path) -> str:
    within = real(root)
    parts: list[bytes | str] = [stamp(os.path.join(root, name), within) for name in (*SETTINGS, BATTERIES)]
    batteries = os.path.join(root, BATTERIES)
    if os.path.isdir(batteries) and inside(os.path.realpath(batteries), within):
        try:
            names = sorted(os.listdir(batteries))
        except OSError:
            names = []
        for name in names:
            parts += [name, stamp(os.path.join(batteries, name), within)]
    parts.append(listing(os.path.join(root, AUDITS)))
    units = os.path.join(root, UNITS)
    parts.append(stamp(units, within))
    for name in _subfolders(units) if inside(os.path.realpath(units), within) else []:
        parts += [name, stamp(os.path.join(units, name, "indicators.yaml"), within)]
    return digest(parts)


def _audits_present(root: Path) -> str:
    return presences(os.path.join(root, AUDITS), real(root))


_RUN: dict[tuple[Callable[[Path], str], str], str] | None = (
    None  # what this run has looked at, by (what, root) (None: not in a run)
)


_KEPT: dict[tuple[str, ...], object] | None = None  # what this run has read once (kept())


class one_run:  # noqa: N801 — used as `with one_run():`
    """Within: each repository is looked at once (see the module docstring). Nested runs
    share the outermost one's."""

    def __enter__(self) -> None:
        global _RUN, _KEPT
        self.outermost = _RUN is None
        if self.outermost:
            _RUN = {}
            _KEPT = {}

    def __exit__(self, *exc: object) -> None:
        global _RUN, _KEPT
        if self.outermost:
            _RUN = None
            _KEPT = None


def kept(key: tuple[str, ...], make: Callable[[], T]) -> T:
    """`make()`, made once within a run for `key` (outside a run, every time): a cache file
    that the fast path and the full command both read is read once."""
    if _KEPT is None:
        return make()
    if key not in _KEPT:
        _KEPT[key] = make()
    return cast(T, _KEPT[key])


def _once(look: Callable[[Path], str], root: Path, fresh: bool) -> str:
    if _RUN is None or fresh:
        return look(root)
    key = (look, os.fspath(root))
    found = _RUN.get(key)
    if found is None:
        found = _RUN[key] = look(root)
    return found


def repository(root: Path, fresh: bool = False) -> str:
    """What every result in the repository depends on besides its own files: revision.yaml,
    privacy.yaml, batteries/ and which audits exist. `fresh`: look again even within a run
    (a command comparing its inputs before and after its work)."""
    return _once(_repository, root, fresh)


def audits_present(root: Path) -> str:
    """Whether each audit of the repository has an audit.yaml (what findings depend on)."""
    return _once(_audits_present, root, False)


def context(root: Path, today: dt.date | None = None) -> str:
    """The tool, the day and the repository in one digest: what lies around every result."""
    return digest([tool(), day(today), repository(root)])
