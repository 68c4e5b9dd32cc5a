"""The one store of the three caches (validate's findings, score's and report's outputs,
history's revisions) and the one digest they key their entries by.

**The digest.** `digest(parts)` (or `Digest`, part by part) is BLAKE2b over byte strings each
prefixed with its length, so that no part can blur into the next; keyed with this user's
secret, the same construction seals every cache file. No cache hashes another way.

**The store.** Every cache file lies under `.revision/cache/` and is JSON sealed with this
user's key, written atomically; its body is an object whose "format" names the cache's own
version (a file of another format is not read).

A repository travels — zipped between units, cloned from a shared server, opened on a network
drive several coordinators write to — and `.revision/` can travel with it (a `git add -f`, a
copied folder). So nothing under `.revision/` is ever unpickled or executed (a cache file is
JSON, nothing else), and a cache file is believed only when its seal checks out: a keyed
BLAKE2b digest, with a secret kept where only this user's account writes
(`$XDG_CACHE_HOME/revision/key`, else `~/.cache/revision/key`, mode 0600), of the kind of
cache, the file's name and every byte of its body. A file that was edited, truncated,
swapped for another cache file, or written by anyone else is not believed: the command does
the work again and writes the file anew. Without a usable key (no home folder, a key file
others can read or that another account owns) nothing is cached at all.

Nothing is read or written through a symbolic link: a `.revision`, `cache` folder or cache
file that is a link is left alone, so that a planted link cannot send a write elsewhere.

The file on disk stays plain JSON, `{"seal":"<64 hex>","body":<the cache's own JSON>}`, so
that a person (or a test) can still read it. Only the standard library (and the atomic
writer of files/, when writing) is imported here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable
from hmac import compare_digest
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".revision") / "cache"
KEY_BYTES = 32
_PREFIX = b'{"seal":"'
_MIDDLE = b'","body":'
_SUFFIX = b"}\n"
_SEAL_HEX = 64
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

_KEY: bytes | None = None  # b"" once looked up and found unusable


def key_file() -> Path | None:
    """Where this user's key lies: under $XDG_CACHE_HOME (when absolute), else ~/.cache."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "revision" / "key"


def _read_key(path: Path) -> bytes | None:
    """The key, when it is a regular file of this account that no one else can read."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        owner = getattr(os, "geteuid", lambda: info.st_uid)()
        if not stat.S_ISREG(info.st_mode) or info.st_uid != owner or info.st_mode & 0o077:
            return None
        data = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    return data if len(data) == KEY_BYTES else None


def _make_key(path: Path) -> None:
    """A new random key, put in place only if none is there (two runs may race)."""
    import tempfile

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key.")  # mode 0600
    try:
        os.write(fd, os.urandom(KEY_BYTES))
        os.fsync(fd)
        os.close(fd)
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def user_key() -> bytes | None:
    """This user's key, made on first use; None when there is no usable one."""
    global _KEY
    if _KEY is None:
        path = key_file()
        key = None
        if path is not None:
            key = _read_key(path)
            if key is None and not os.path.lexists(path):
                with contextlib.suppress(OSError):
                    _make_key(path)
                key = _read_key(path)
        _KEY = key or b""
    return _KEY or None


def own_folder() -> Path | None:
    """This user's own folder, where the key lies (made 0700 with it), or None without a
    usable key: the place for what must never travel with a repository (compiled.py)."""
    path = key_file()
    return path.parent if path is not None and user_key() is not None else None


class Digest:
    """Parts (bytes, or text as UTF-8) one by one, each length-prefixed; `key`: a seal."""

    __slots__ = ("_hash",)

    def __init__(self, key: bytes = b"", size: int = 20):
        self._hash = hashlib.blake2b(key=key, digest_size=size)

    def add(self, part: bytes | str) -> None:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        self._hash.update(len(data).to_bytes(8, "little"))
        self._hash.update(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def digest(parts: Iterable[bytes | str]) -> str:
    """One digest over several byte strings (or texts)."""
    h = Digest()
    for part in parts:
        h.add(part)
    return h.hexdigest()


def text_of(data: Any) -> str:
    """`data` as compact JSON text: a payload that keeps a part of itself as text, to be
    read afresh on every use (parsed.py keeps each file's data so)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def data_of(text: str) -> Any:
    """`text_of`'s data again (ValueError when the text is not JSON)."""
    return json.loads(text)


def seal(key: bytes, kind: str, name: str, body: bytes) -> str:
    h = Digest(key, _SEAL_HEX // 2)
    for part in (b"revision cache 1", kind, name, body):
        h.add(part)
    return h.hexdigest()


def _folder(root: Path, parts: tuple[str, ...], create: bool) -> Path | None:
    """root/parts…, each a real folder (made when `create`); None when one is a link, a
    file or cannot be made."""
    folder = Path(root)
    for part in parts:
        folder = folder / part
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            if not create:
                return None
            try:
                os.mkdir(folder)
            except FileExistsError:
                pass
            except OSError:
                return None
            try:
                info = os.lstat(folder)
            except OSError:
                return None
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
    return folder


def read(
    root: Path, relative: Path, kind: str, format: int | None = None, wanted: Callable[[bytes], bool] | None = None
) -> Any:
    """The body of the cache file root/relative (parsed JSON) when its seal is this user's
    (and, given `format`, when it is an object of that format), else None.

    `wanted`: a cheap look at the body before anything is believed. When it says False, the
    entry would not be used whatever its seal says (an output whose inputs have changed since),
    so None is returned without sealing and parsing all of it; when True, the seal decides."""
    key = user_key()
    relative = Path(relative)
    if key is None:
        return None
    folder = _folder(root, relative.parent.parts, create=False)
    if folder is None:
        return None
    try:
        fd = os.open(folder / relative.name, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    head = len(_PREFIX) + _SEAL_HEX
    body_at = head + len(_MIDDLE)
    if not (
        raw.startswith(_PREFIX)
        and raw[head:body_at] == _MIDDLE
        and raw.endswith(_SUFFIX)
        and len(raw) >= body_at + len(_SUFFIX)
    ):
        return None
    body = raw[body_at : -len(_SUFFIX)]
    if wanted is not None and not wanted(body):
        return None
    if not compare_digest(raw[len(_PREFIX) : head], seal(key, kind, relative.name, body).encode()):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if format is not None and not (isinstance(data, dict) and data.get("format") == format):
        return None
    return data


def write(root: Path, relative: Path, kind: str, data: Any) -> None:
    """Write `data` as the sealed cache file root/relative, atomically; never fail (a cache
    that cannot be written only makes the next run slower)."""
    key = user_key()
    relative = Path(relative)
    if key is None:
        return
    try:
        folder = _folder(root, relative.parent.parts, create=True)
        if folder is None:
            return
        # ASCII (\u escapes): a file name that is not UTF-8 survives the round trip.
        body = json.dumps(data, separators=(",", ":")).encode("ascii")
        text = (_PREFIX + seal(key, kind, relative.name, body).encode() + _MIDDLE + body + _SUFFIX).decode("ascii")
        from revision_cli.files.atomic import atomic_write

        atomic_write(folder / relative.name, text)
    except (OSError, ValueError):
        pass
