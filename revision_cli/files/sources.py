"""Where an audit's files come from: the working tree, or the bytes of one git revision.

Loading reads through this one small interface, so that `revision history` checks and
scores every earlier version of an audit with exactly the code that checks today's files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from revision_cli.files.confine import read_regular
from revision_cli.i18n import _


class FileSource(Protocol):
    def read_bytes(self, path: Path) -> bytes: ...

    def is_file(self, path: Path) -> bool: ...

    def is_dir(self, path: Path) -> bool: ...

    def children(self, folder: Path) -> list[Path]: ...


class DiskFiles:
    """The working tree. A file reached through a link that leaves its repository is not
    read (confine.OutsideRepository, an OSError)."""

    def read_bytes(self, path: Path) -> bytes:
        return read_regular(path)

    def is_file(self, path: Path) -> bool:
        return Path(path).is_file()

    def is_dir(self, path: Path) -> bool:
        return Path(path).is_dir()

    def children(self, folder: Path) -> list[Path]:
        return sorted(Path(folder).iterdir()) if Path(folder).is_dir() else []


class MemoryFiles:
    """Files held in memory by absolute path, e.g. one commit's blobs."""

    def __init__(self, files: dict[Path, bytes]):
        self.files = {Path(p): data for p, data in files.items()}

    def read_bytes(self, path: Path) -> bytes:
        try:
            return self.files[Path(path)]
        except KeyError:
            raise FileNotFoundError(2, _("No such file"), str(path)) from None

    def is_file(self, path: Path) -> bool:
        return Path(path) in self.files

    def is_dir(self, path: Path) -> bool:
        folder = Path(path)
        return any(folder in p.parents for p in self.files)

    def children(self, folder: Path) -> list[Path]:
        folder = Path(folder)
        found = set()
        for p in self.files:
            if folder in p.parents:
                found.add(folder / p.relative_to(folder).parts[0])
        return sorted(found)


DISK = DiskFiles()
