"""A cache of validation results under `.revision/`, keyed by content, never by mtime.

An audit's findings depend on its own files' bytes and on a few things around it (the tool's
version, revision.yaml, privacy.yaml, the local batteries, which audits exist and whether
each has an audit.yaml — a follow-up names one —, today's date): all of these go into the
key. A symbolic link is keyed by where it leads and, when that lies inside the repository,
by what it leads to (a linked interviews/ folder is read like any other); nothing is read
through a link that leaves the repository. The file is sealed with this user's key
(cache_file.py): one that was edited, swapped, cannot be read, has another version or the
wrong shape is ignored and rebuilt, never trusted; one that cannot be written is skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from revision_cli import __version__
from revision_cli.errors import Finding, Severity, display_path
from revision_cli.files.packaged import PACKAGE
from revision_cli.files.root import CONFIG_FILE, holding

CACHE_DIR = Path(".revision") / "cache"
CACHE_FILE = "validate.json"
FORMAT = 2


def audit_files(folder: Path) -> list[Path]:
    """Every file below an audit folder that validation may read (dot-files excluded)."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(current) / name for name in sorted(files) if not name.startswith("."))
    return found


def digest(parts: Iterable[str | bytes]) -> str:
    """One hash over several byte strings (or texts), each length-prefixed so none can blur
    into the next."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def bytes_or_empty(path: Path) -> bytes:
    from revision_cli.files.confine import read_regular

    try:
        return read_regular(path)
    except OSError:
        return b""


_BUILD: str | None = None


def build_stamp() -> str:
    """The installed tool itself, so that another build never reuses this one's results: the
    hashes pip recorded of every installed file (the dist-info RECORD: code, templates,
    built-in batteries), or, run from a source tree, the bytes of the package's files."""
    global _BUILD
    if _BUILD is None:
        package = PACKAGE
        record = package.parent / f"revision-{__version__}.dist-info" / "RECORD"
        parts: list[str | bytes]
        try:
            parts = [record.read_bytes()]
        except OSError:
            parts = []
            for current, dirs, files in os.walk(package):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    if not name.endswith(".pyc"):
                        path = Path(current) / name
                        parts += [path.relative_to(package).as_posix(), bytes_or_empty(path)]
        _BUILD = digest([__version__, *parts])
    return _BUILD


def _inside(target: str, within: str | None) -> bool:
    return within is None or target == within or target.startswith(within.rstrip(os.sep) + os.sep)


def _link(path: str, within: str | None) -> tuple[bytes, bool]:
    """(what stands for a link in a key: where it leads, whether it may be read through)."""
    target = os.path.realpath(path)
    inside = _inside(target, within)
    return b"link\0" + os.fsencode(target) + (b"" if inside else b"\0outside"), inside


def stamp(path: str | os.PathLike[str], within: str | None = None) -> bytes:
    """One path for a key: absent, a folder, something that is not a file, or a file with its
    bytes; a link also by where it leads, and read through only when that lies inside
    `within` (the repository's real path; None: anywhere). Never blocks on a FIFO or device."""
    path = os.fspath(path)
    try:
        info = os.lstat(path)
    except OSError:
        return b"absent"
    head = b""
    if stat.S_ISLNK(info.st_mode):
        head, inside = _link(path, within)
        if not inside:
            return head
        try:
            info = os.stat(path)
        except OSError:
            return head + b"\0dangling"
        head += b"\0"
    if stat.S_ISDIR(info.st_mode):
        return head + b"folder"
    if not stat.S_ISREG(info.st_mode):
        return head + b"special"
    content = _read(path)
    return head + (b"unreadable" if content is None else b"file\0" + content)


def presence(path: str | os.PathLike[str], within: str | None = None) -> bytes:
    """As stamp, without the file's bytes: whether it is there and what it is."""
    path = os.fspath(path)
    try:
        if os.path.islink(path):
            head, inside = _link(path, within)
            return head + (b"\0" + (b"file" if os.path.isfile(path) else b"other") if inside else b"")
        return b"file" if os.path.isfile(path) else b"other" if os.path.lexists(path) else b"absent"
    except (OSError, ValueError):
        return b"absent"


def real(root: Path | None) -> str | None:
    return os.path.realpath(root) if root is not None else None


def context_key(root: Path, slugs: list[str], today: dt.date) -> str:
    """Everything outside an audit's own files that its findings depend on."""
    within = real(root)
    parts: list[str | bytes] = [
        build_stamp().encode(),
        today.isoformat().encode(),
        os.environ.get("REVISION_TODAY", "").encode(),
        stamp(root / "revision.yaml", within),
        stamp(root / "privacy.yaml", within),
        stamp(root / "batteries", within),
    ]
    # Which audits exist, and whether each has an audit.yaml: `follows_up` is checked on disk.
    for slug in sorted(slugs):
        parts += [slug, presence(root / "audits" / slug / "audit.yaml", within)]
    batteries = root / "batteries"
    if batteries.is_dir() and _inside(os.path.realpath(batteries), within):
        for path in sorted(batteries.iterdir()):
            parts += [path.name.encode(), stamp(path, within)]
    return digest(parts)


# One entry below an audit folder in its key: (relative name, path to read or None, stamp).
_Entry = tuple[str, str | None, bytes]


def _walk(top: str, relative: str, out: list[_Entry], within: str | None, seen: set[str]) -> None:
    """(relative name, path or None, stamp) of every entry below `top` that a key holds: each
    folder's files by name, then its sub-folders by name; dot-entries left out. A file's
    bytes are read later (path); a link also has its stamp, and a linked folder inside
    `within` is walked like any other (once: `seen` holds the real folders walked)."""
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        return
    folders: list[tuple[str, str]] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        name = relative + entry.name
        try:
            if entry.is_symlink():
                head, inside = _link(entry.path, within)
                out.append((name, None, head))
                if not inside:
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


def audit_key(folder: Path, known: dict[str, bytes] | None = None, within: str | None = None) -> str:
    """A digest of the names and bytes of every file below `folder` (os.scandir and plain
    strings: pathlib costs more than the hashing on a repository of thousands of files).
    `known`: bytes already read, by path as os.fspath gives it (not read again). `within`:
    the repository's real path; links that lead outside it are keyed by where they lead only."""
    h = hashlib.blake2b(digest_size=20)
    top = os.fspath(folder)
    files: list[_Entry] = []
    walk = True
    if os.path.islink(top):
        head, inside = _link(top, within)
        files.append(("", None, head))
        walk = inside
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
        for data in (head,) if content is None else (head, content):
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


class FindingsCache:
    def __init__(self, root: Path, context: str):
        self.root = root
        self.context = context
        self.entries: dict[str, Any] = {}  # slug → {"key", "findings"}, as read from JSON
        self.context_findings: list[Any] | None = None  # revision.yaml, batteries, privacy.yaml
        self.dirty = False
        self._load()

    def _load(self) -> None:
        from revision_cli.cache.store import read

        data = read(self.root, CACHE_DIR / CACHE_FILE, "validate")
        try:
            if data.get("format") != FORMAT or data.get("context") != self.context:
                return
            entries = data["audits"]
            if not isinstance(entries, dict):
                return
            self.entries = entries
            self.context_findings = data.get("context_findings")
        except (ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def _restore(self, stored: Any) -> list[Finding] | None:
        try:
            return [
                Finding(display_path(self.root / path), int(line), int(column), code, message, Severity(severity))
                for path, line, column, code, message, severity in stored
            ]
        except (KeyError, TypeError, ValueError):
            return None

    def _store(self, findings: list[Finding]) -> list[list[str | int]] | None:
        cwd = Path.cwd()
        stored: list[list[str | int]] = []
        for f in findings:
            try:
                relative = (cwd / f.path).resolve().relative_to(self.root.resolve()).as_posix()
            except (ValueError, OSError, RuntimeError):
                # A finding outside the repository, or at a link that loops: not cached.
                return None
            stored.append([relative, f.line, f.column, f.code, f.message, f.severity.value])
        return stored

    def get(self, slug: str, key: str) -> list[Finding] | None:
        entry = self.entries.get(slug)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return self._restore(entry.get("findings"))

    def put(self, slug: str, key: str, findings: list[Finding]) -> None:
        stored = self._store(findings)
        if stored is not None:
            self.entries[slug] = {"key": key, "findings": stored}
            self.dirty = True

    def get_context(self) -> list[Finding] | None:
        return None if self.context_findings is None else self._restore(self.context_findings)

    def put_context(self, findings: list[Finding]) -> None:
        stored = self._store(findings)
        if stored is not None and stored != self.context_findings:
            self.context_findings = stored
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache, dropping audits that no longer exist."""
        if not self.dirty and set(self.entries) <= keep:
            return
        data = {
            "format": FORMAT,
            "context": self.context,
            "context_findings": self.context_findings,
            "audits": {slug: entry for slug, entry in self.entries.items() if slug in keep},
        }
        from revision_cli.cache.store import write

        write(self.root, CACHE_DIR / CACHE_FILE, "validate", data)  # unwritable: just not faster next time


def _root_of(start: Path) -> Path | None:
    return holding(start, CONFIG_FILE)


def _audit_slugs(root: Path) -> list[str]:
    audits = root / "audits"
    if not audits.is_dir():
        return []
    return sorted(p.name for p in audits.iterdir() if p.is_dir() and not p.name.startswith("."))


def cached_validation(paths: list[Path], cwd: Path, today: dt.date) -> list[Finding] | None:
    """The findings of `revision validate` straight from the cache, or None to do the work.

    Serves the two common calls — the whole repository, or one audit folder — when nothing
    they depend on has changed, without importing the models or a YAML parser at all.
    """
    if len(paths) > 1:
        return None
    target = (cwd / paths[0]).resolve() if paths else cwd.resolve()
    root = _root_of(target)
    if root is None:
        return None
    slugs = _audit_slugs(root)
    whole = not paths or target == root
    if not whole and not (target.parent == root / "audits" and target.name in slugs):
        return None
    cache = FindingsCache(root, context_key(root, slugs, today))
    found: list[Finding] = []
    if whole:
        context = cache.get_context()
        if context is None:
            return None
        found.extend(context)
    within = real(root)
    for slug in slugs if whole else [target.name]:
        cached = cache.get(slug, audit_key(root / "audits" / slug, within=within))
        if cached is None:
            return None
        found.extend(cached)
    return found
