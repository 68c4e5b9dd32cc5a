"""Where an audit repository begins: the nearest folder holding revision.yaml.

The one upward walk of the package; the caches and `revision history` use it on their fast
paths too, which is why it lives down here, beside the files, and imports nothing."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "revision.yaml"


def holding(folder: Path, name: str) -> Path | None:
    """The nearest of `folder` and the folders above it that holds a file `name`."""
    for candidate in (folder, *folder.parents):
        if (candidate / name).is_file():
            return candidate
    return None


def find_root(start: Path) -> Path | None:
    """The repository `start` lies in (links resolved), or None outside one."""
    return holding(start.resolve(), CONFIG_FILE)
