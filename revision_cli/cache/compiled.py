"""Compiled template code, kept in this user's own folder (beside the key), never under `.revision/`.

A report compiles its Jinja templates on every run, and compiling costs more than rendering
(README, Performance). The tool's own templates compile to the same code every time, so
that code is kept. Keying: the Python that runs (marshal's format and code objects are its
own), what compiled it (`what`: the caller names Jinja's version, the environment's settings
and the tool) and the template (`key`: its name and file). Payload: the code, with the
digest of the template source it was compiled from, checked on every load.

Code is executed, so it is kept only where this user alone writes and is loaded only from a
file whose seal is this user's (store.py): nothing someone else wrote, and nothing that came
with a repository, is ever run. A file that does not check out is compiled again.
"""

from __future__ import annotations

import base64
import marshal
import sys
from pathlib import Path
from types import CodeType

from revision_cli.cache import store

FORMAT = 1
FOLDER = Path("compiled")


def _name(what: str, key: str) -> Path:
    return FOLDER / f"{store.digest([sys.version, sys.implementation.cache_tag or '', what, key])}.json"


def load(what: str, key: str, checksum: str) -> CodeType | None:
    """The code kept for this template when its source is still `checksum`'s, else None."""
    folder = store.own_folder()
    data = store.read(folder, _name(what, key), "compiled", FORMAT) if folder is not None else None
    try:
        if data is None or data["checksum"] != checksum:
            return None
        code = marshal.loads(base64.b64decode(data["code"], validate=True))
        return code if isinstance(code, CodeType) else None
    except (KeyError, TypeError, ValueError, EOFError):
        return None


def keep(what: str, key: str, checksum: str, code: CodeType) -> None:
    """Keep the code compiled from the source `checksum` names; never fail."""
    folder = store.own_folder()
    if folder is None:
        return
    try:
        text = base64.b64encode(marshal.dumps(code)).decode("ascii")
    except ValueError:  # an object marshal cannot write: not kept
        return
    store.write(folder, _name(what, key), "compiled", {"format": FORMAT, "checksum": checksum, "code": text})
