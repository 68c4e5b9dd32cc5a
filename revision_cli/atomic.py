"""Writing a user's file (or ours) so that nothing is ever half-written. Standard library
only: the cached fast path (cli/fast.py) writes reports without loading the YAML reader."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half.

    The temporary file sits in the same folder (a rename across file systems is not
    atomic), is flushed to disk before the rename, and takes over the old file's mode.
    With `exclusive`, an existing file is never replaced (FileExistsError).
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o666 & ~current_umask())
        if exclusive:
            os.link(tmp, path)  # fails if the path exists, unlike rename
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
