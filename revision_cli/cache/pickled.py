"""Validated models of files that did not change, kept in this user's own folder (beside the
key), never under `.revision/`.

The first run after an edit reads one changed file and 30-odd unchanged ones; the parsed
cache (parsed.py) gives their data back, but validating that data builds pydantic's
validators for revision.yaml, the battery, audit.yaml, assessment.yaml and actions.yaml
anew in every process, only to make the very models the last run made. So the model such a
file validated to is kept, pickled, and the file, unchanged, gets it back without a
validator (the caller names the model classes kept: parsed.ParsedFiles' `models`).

Keying: an entry per file and model (`name`: the caller names the file and the model class),
holding the key it was made under (`key`: the caller's digest of the file's bytes, the
tool, pydantic's version and the limits) and the pickle; a file that changes replaces its
entry, so the folder holds at most one entry per file ever read. Only a model validated
without a finding is kept.

A pickle runs code when loaded, so, as compiled.py's code, it is kept only where this user
alone writes and loaded only from a file whose seal is this user's (store.py): nothing
someone else wrote, and nothing that came with a repository, is ever unpickled. An entry
that does not check out, or does not unpickle to the expected class, is validated again.
"""

from __future__ import annotations

import base64
import pickle
import sys
from pathlib import Path
from typing import Any

from revision_cli.cache import store

FORMAT = 1
FOLDER = Path("models")


def _name(name: str) -> Path:
    return FOLDER / f"{store.digest([sys.version, name])}.json"


def load(name: str, key: str, cls: type[Any]) -> Any:
    """The object kept under `name` when it was kept under `key` and is a `cls`, else None."""
    folder = store.own_folder()
    data = store.read(folder, _name(name), "model", FORMAT) if folder is not None else None
    try:
        if data is None or data["key"] != key:
            return None
        value = pickle.loads(base64.b64decode(data["pickle"], validate=True))
    except Exception:  # noqa: BLE001 - a class renamed, moved or changed: validated again
        return None
    return value if isinstance(value, cls) else None


def keep(name: str, key: str, value: Any) -> None:
    """Keep `value` under `name` for `key`; never fail."""
    folder = store.own_folder()
    if folder is None:
        return
    try:
        text = base64.b64encode(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")
    except Exception:  # noqa: BLE001 - a value pickle cannot write: not kept
        return
    store.write(folder, _name(name), "model", {"format": FORMAT, "key": key, "pickle": text})
