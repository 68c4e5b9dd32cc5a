"""A cache of validation results under `.revision/`, keyed by content, never by mtime.

An audit's findings depend on its own files' bytes and on a few things around it (the tool's
version, revision.yaml, privacy.yaml, the local batteries, which audits exist, today's date):
all of these go into the key. A cache file that cannot be read, has another version or the
wrong shape is ignored and rebuilt, never trusted; one that cannot be written is skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from . import __version__
from .errors import Finding, Severity, display_path

CACHE_DIR = Path(".revision") / "cache"
CACHE_FILE = "validate.json"
FORMAT = 1


def audit_files(folder: Path) -> list[Path]:
    """Every file below an audit folder that validation may read (dot-files excluded)."""
    found = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(current) / name for name in sorted(files) if not name.startswith("."))
    return found


def digest(parts) -> str:
    """One hash over several byte strings (or texts), each length-prefixed so none can blur
    into the next."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def bytes_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


_BUILD: str | None = None


def build_stamp() -> str:
    """The installed tool itself, so that another build never reuses this one's results: the
    hashes pip recorded of every installed file (the dist-info RECORD: code, templates,
    built-in batteries), or, run from a source tree, the bytes of the package's files."""
    global _BUILD
    if _BUILD is None:
        package = Path(__file__).resolve().parent
        record = package.parent / f"revision-{__version__}.dist-info" / "RECORD"
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


def context_key(root: Path, slugs: list[str], today: dt.date) -> str:
    """Everything outside an audit's own files that its findings depend on."""
    parts = [build_stamp().encode(), today.isoformat().encode(), os.environ.get("REVISION_TODAY", "").encode(),
             bytes_or_empty(root / "revision.yaml"), bytes_or_empty(root / "privacy.yaml"),
             "\0".join(sorted(slugs)).encode()]
    batteries = root / "batteries"
    if batteries.is_dir():
        for path in sorted(batteries.iterdir()):
            parts += [path.name.encode(), bytes_or_empty(path)]
    return digest(parts)


def _walk(top: str, relative: str, out: list) -> None:
    """(relative name, absolute path) of every file below `top`, in audit_files' order:
    each folder's files by name, then its sub-folders by name; dot-entries left out."""
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
            if is_dir and entry.is_symlink():
                continue  # as os.walk: a linked folder is neither a file nor walked into
        except OSError:
            is_dir = False
        if is_dir:
            folders.append(entry)
        else:
            out.append((relative + entry.name, entry.path))
    for entry in folders:
        _walk(entry.path, f"{relative}{entry.name}/", out)


def audit_key(folder: Path, known: dict[str, bytes] | None = None) -> str:
    """A digest of the names and bytes of every file audit_files lists (os.scandir and plain
    strings: pathlib costs more than the hashing on a repository of thousands of files).
    `known`: bytes already read, by path as os.fspath gives it (not read again)."""
    h = hashlib.blake2b(digest_size=20)
    files: list = []
    _walk(os.fspath(folder), "", files)
    known = known or {}
    for name, path in files:
        content = known.get(path)
        for data in (name.encode("utf-8", "surrogateescape"), _read(path) if content is None else content):
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


class FindingsCache:
    def __init__(self, root: Path, context: str):
        self.root = root
        self.path = root / CACHE_DIR / CACHE_FILE
        self.context = context
        self.entries: dict[str, dict] = {}
        self.context_findings: list | None = None  # revision.yaml, batteries, privacy.yaml
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("context") != self.context:
                return
            entries = data["audits"]
            if not isinstance(entries, dict):
                return
            self.entries = entries
            self.context_findings = data.get("context_findings")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def _restore(self, stored) -> list[Finding] | None:
        try:
            return [Finding(display_path(self.root / path), int(line), int(column), code, message, Severity(severity))
                    for path, line, column, code, message, severity in stored]
        except (KeyError, TypeError, ValueError):
            return None

    def _store(self, findings: list[Finding]) -> list | None:
        cwd = Path.cwd()
        stored = []
        for f in findings:
            try:
                relative = (cwd / f.path).resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                return None  # a finding outside the repository: not cached
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
        data = {"format": FORMAT, "context": self.context, "context_findings": self.context_findings,
                "audits": {slug: entry for slug, entry in self.entries.items() if slug in keep}}
        from .atomic import atomic_write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # a read-only repository still validates; it just is not faster next time


def _root_of(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / "revision.yaml").is_file():
            return folder
    return None


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
    for slug in (slugs if whole else [target.name]):
        cached = cache.get(slug, audit_key(root / "audits" / slug))
        if cached is None:
            return None
        found.extend(cached)
    return found
