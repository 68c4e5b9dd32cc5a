"""Each file of one audit as parsed, under `.revision/cache/parsed/`: the first run after an
edit parses only the file that changed.

Reading YAML is most of opening an audit: about 95 M instructions for the 35 files of the
benchmark's audit, where the data of all 35 comes back from JSON in a tenth of that. `score`,
`report` and `validate` of one audit (a person editing a file meets those) read through
`ParsedFiles.loader`; validating many audits, history and the site do not (their own caches
answer for what did not change, and a large cold run would only pay for writing this one).

Keying: a file's entry holds the digest of its bytes (the very bytes read now, never an
mtime) and its data; the file as a whole holds the salt: the tool (keys.tool: another build
may parse otherwise) and the repository's limits (they decide whether a file parses at all).
Only a file that parsed on the fast path is kept (yaml_io.data_only: no finding, no alias),
so that its data alone stands for it; its positions are made from its text again the first
time a finding asks (yaml_io.restored). Payload: the data as JSON text, with the few values
JSON has no form for put back by `patches` (an exact decimal, a date, a time, a map whose
keys are not all text, in the order of a walk that ends each map after its values). A value of any other
kind leaves the file unkept. The file is one of the store's (store.py): one that was
edited, swapped, cannot be read, has another format or the wrong shape is ignored, never
trusted; one that cannot be written is skipped.
"""

from __future__ import annotations

import datetime as dt
import os
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revision_cli.cache import keys, pickled, store
from revision_cli.files.loading import Loaded, validated
from revision_cli.files.yaml_io import DEFAULT_LIMITS, Limits, data_only, parse_raw, read_raw, restored

if TYPE_CHECKING:
    from revision_cli.errors import Finding
    from revision_cli.files.sources import FileSource
    from revision_cli.files.yaml_io import YamlDocument

FORMAT = 1
FOLDER = store.CACHE_DIR / "parsed"
Where = list[str | int]  # where a patch goes: keys and list indexes from the top


class _Unkept(Exception):
    """A value JSON and the patches have no form for: the file is not kept."""


def _plain(value: Any, at: Where, patches: list[list[Any]]) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is list:
        return [_plain(item, [*at, i], patches) for i, item in enumerate(value)]
    if kind is dict:
        if all(type(key) is str for key in value):
            return {key: _plain(item, [*at, key], patches) for key, item in value.items()}
        pairs: list[list[Any]] = []
        for i, (key, item) in enumerate(value.items()):
            if not (type(key) in (str, int, float, bool) or key is None):
                raise _Unkept
            pairs.append([key, _plain(item, [*at, i, 1], patches)])
        patches.append([at, "map", None])
        return pairs
    if kind is Fraction:  # a decimal, read exactly (yaml_io._scalar)
        patches.append([at, "fraction", [value.numerator, value.denominator]])
        return None
    if kind is dt.date:
        patches.append([at, "date", value.isoformat()])
        return None
    if kind is dt.datetime:
        text = value.isoformat()
        again = dt.datetime.fromisoformat(text)
        if again != value or repr(again) != repr(value):  # a time zone that reads back otherwise
            raise _Unkept
        patches.append([at, "datetime", text])
        return None
    raise _Unkept


def encode(data: Any) -> tuple[str, list[list[Any]]] | None:
    """The data as JSON text and its patches, or None when some value has no form here."""
    patches: list[list[Any]] = []
    try:
        plain = _plain(data, [], patches)
    except _Unkept:
        return None
    return store.text_of(plain), patches


def decode(text: str, patches: list[list[Any]]) -> Any:
    """`encode`'s data again (ValueError, TypeError, KeyError or IndexError when the entry
    is not one `encode` made)."""
    data = store.data_of(text)
    for at, kind, value in patches:
        parent: Any = None
        current = data
        for step in at:
            parent, current = current, current[step]
        if kind == "fraction":
            new: Any = Fraction(*value)
        elif kind == "date":
            new = dt.date.fromisoformat(value)
        elif kind == "datetime":
            new = dt.datetime.fromisoformat(value)
        elif kind == "map":
            new = {key: item for key, item in current}
        else:
            raise ValueError(kind)
        if parent is None:
            data = new
        else:
            parent[at[-1]] = new
    return data


class ParsedFiles:
    """The kept files of the audit in `folder` (of the repository at `root`)."""

    def __init__(self, root: Path, folder: Path, limits: Limits = DEFAULT_LIMITS, models: tuple[type, ...] = ()):
        self.root = root
        # The model classes whose models an unchanged file gets back as kept (pickled.py):
        # those of a few large files, whose validators cost more to build than the models
        # cost to unpickle. Many small files of one class are validated: one of them is
        # usually the file that changed, whose validator is then built anyway.
        self.models = models
        self.limits = limits
        name = os.path.relpath(folder, root).replace(os.sep, "/")
        self.prefix = os.path.join(os.fspath(folder), "")  # entries are named below the folder
        self.relative = FOLDER / f"{store.digest(['parsed', name])}.json"
        self.salt = store.digest([keys.tool(), repr(limits), str(FORMAT)])
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}  # what the next save keeps: the files read this time
        self.kept: dict[str, str] = {}  # path → digest of a file whose data is kept
        self.dirty = False
        data = store.read(root, self.relative, "parsed", FORMAT)
        if isinstance(data, dict) and data.get("salt") == self.salt and isinstance(data.get("files"), dict):
            self.entries = data["files"]

    def read(
        self, path: Path, files: FileSource | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> tuple[YamlDocument | None, list[Finding]]:
        """yaml_io.read's answer, from the cache when the file's bytes are those kept."""
        raw, findings = read_raw(path, files, limits)
        if raw is None:
            return None, findings
        label = os.fspath(path)
        label = label[len(self.prefix) :] if label.startswith(self.prefix) else label
        key = store.digest([raw])
        entry = self.entries.get(label)
        if limits == self.limits and isinstance(entry, list) and len(entry) == 3 and entry[0] == key:
            try:
                data = decode(entry[1], entry[2])
            except (ValueError, TypeError, KeyError, IndexError):
                pass
            else:
                doc = restored(raw, path, data)
                if doc is not None:
                    self.used[label] = entry
                    self.kept[os.fspath(path)] = key
                    return doc, []
        doc, findings = parse_raw(raw, path, limits)
        if limits == self.limits and data_only(doc, findings):
            assert doc is not None  # data_only says so
            encoded = encode(doc.data)
            if encoded is not None:
                self.used[label] = [key, *encoded]
                self.kept[os.fspath(path)] = key
                self.dirty = True
        return doc, findings

    def loader(
        self, path: Path, model_cls: type[Any], files: FileSource | None, limits: Limits
    ) -> tuple[Loaded[Any] | None, list[Finding], YamlDocument | None]:
        """files/loading.load_document, reading through here (locate.load_audit's and the
        catalog's loader)."""
        doc, findings = self.read(path, files, limits)
        key = self.kept.get(os.fspath(path))
        if doc is None or key is None or model_cls not in self.models:
            return validated(doc, findings, model_cls)
        # A file whose data is kept: the model it validated to, when that was kept too.
        import pydantic

        name = f"{os.path.abspath(path)}\0{model_cls.__module__}.{model_cls.__qualname__}"
        key = store.digest([key, keys.tool(), pydantic.VERSION, repr(limits)])
        model = pickled.load(name, key, model_cls)
        if model is not None:
            return Loaded(model, doc), [], doc
        loaded, findings, doc = validated(doc, findings, model_cls)
        if loaded is not None and not findings:
            pickled.keep(name, key, loaded.model)
        return loaded, findings, doc

    def save(self) -> None:
        """Write the files read this time (a file no longer there is dropped)."""
        if not self.dirty and self.used.keys() == self.entries.keys():
            return
        store.write(self.root, self.relative, "parsed", {"format": FORMAT, "salt": self.salt, "files": self.used})
