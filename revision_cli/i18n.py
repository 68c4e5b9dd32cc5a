"""The language a person reads: one gettext catalogue per language, English message ids.

Every text the command line prints is written in English in the code, inside `_()` (or
`ngettext()` for counts, `N_()` where the text is only marked and translated later, as
typer's help texts are), and looked up in `locale/LANG/LC_MESSAGES/revision.mo`, compiled
from the `.po` beside it (`make messages`; tests/test_messages.py fails when a `.mo` is
stale or a text is missing from sv.po). They are read at run time by `Compiled`, which
answers as the standard library's GNUTranslations does without decoding every message first.

Which language: what `use()` was given (the command line's `--lang`, cli/language.py),
else `detect()`: the `language:` of the revision.yaml found upward from the working
folder, else the environment's locale. This module imports nothing of the package: every
layer may use it, and a cached run (cli/fast.py) pays only for reading one small file.
"""

from __future__ import annotations

import os
import re
import stat
import struct
from collections.abc import Callable, Mapping
from gettext import NullTranslations, c2py
from pathlib import Path

LANGUAGES = ("sv", "en")
DEFAULT = "sv"  # a repository's language when revision.yaml names none (models/config.py)
DOMAIN = "revision"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Where the standard library's gettext looks for the user's language, in its order.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# `language: sv` at the top level of revision.yaml, quoted or not, with a comment or not.
_LANGUAGE_LINE = re.compile(rb"^language:[ \t]*(['\"]?)([A-Za-z_-]*)\1[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)

_chosen: str | None = None
_catalogues: dict[str, NullTranslations] = {}


def use(lang: str | None) -> None:
    """Speak `lang` from now on; None: find the language again (detect) on the next text."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _chosen = lang


def language() -> str:
    """The language texts come in now."""
    global _chosen
    if _chosen is None:
        _chosen = detect(Path.cwd())
    return _chosen


def detect(start: Path, environ: Mapping[str, str] | None = None) -> str:
    """The repository's language (revision.yaml upward from `start`), else the locale's."""
    found = repository_language(start)
    return found if found is not None else locale_language(os.environ if environ is None else environ)


def repository_language(start: Path) -> str | None:
    """The `language:` of the nearest revision.yaml at or above `start` (sv when it names
    none, or one this tool does not speak: validate reports that); None outside a repository.
    Read as text, without the YAML parser: a run the cache answers must stay cheap."""
    for folder in (start, *start.parents):
        path = folder / "revision.yaml"
        if path.is_file():
            return _language_of(path)
    return None


def _language_of(path: Path) -> str:
    try:
        # Without waiting: a named pipe planted as revision.yaml must not hang the command.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return DEFAULT
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return DEFAULT
        data = os.read(fd, 65536)
    except OSError:
        return DEFAULT
    finally:
        os.close(fd)
    match = _LANGUAGE_LINE.search(data.removeprefix(b"\xef\xbb\xbf"))
    value = match.group(2).decode("ascii") if match else ""
    return value if value in LANGUAGES else DEFAULT


def locale_language(environ: Mapping[str, str]) -> str:
    """sv when the first locale variable set names Swedish (sv, sv_SE.UTF-8, sv:en), else en."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "sv" if value.split(":", 1)[0].lower().startswith("sv") else "en"
    return "en"


def catalogue(lang: str | None = None) -> NullTranslations:
    """The compiled catalogue of `lang` (default: the current language), read once."""
    lang = lang or language()
    found = _catalogues.get(lang)
    if found is None:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with open(path, "rb") as file:
                found = Compiled(file.read())
        except OSError:
            found = NullTranslations()  # the English ids are the text itself
        _catalogues[lang] = found
    return found


def _(message: str) -> str:
    """`message` (an English text) in the current language ("" stays "": gettext would
    give the catalogue's header for it)."""
    return catalogue().gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` of a text that counts something, in the current language."""
    return catalogue().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A short text whose meaning `context` settles (the same English word, two Swedish ones)."""
    return catalogue().pgettext(context, message)


def N_(message: str) -> str:
    """Marks a text for the catalogue without translating it yet (see cli/translated.py)."""
    return message


_PLURAL_FORMS = re.compile(r"^plural-forms:.*?plural=([^;\n]+)", re.IGNORECASE | re.MULTILINE)


class Compiled(NullTranslations):
    """A compiled catalogue (.mo), answering gettext, ngettext and pgettext as GNUTranslations
    does. GNUTranslations decodes every message when it is opened (1,282 in Swedish: a run's
    first text cost 17 M instructions); here only the messages' ids are indexed, and
    a translation is decoded when it is asked for. A plural entry answers ngettext only and a
    plain one gettext only, as there; whatever the catalogue lacks is the English text."""

    def __init__(self, data: bytes):
        """OSError for bytes that are not a whole catalogue (catalogue() then speaks English)."""
        super().__init__()
        try:
            order = {0x950412DE: "<", 0xDE120495: ">"}.get(struct.unpack("<I", data[:4])[0])
            if order is None:
                raise OSError(0, "not a compiled gettext catalogue")
            count, originals_at, translations_at = struct.unpack(f"{order}3I", data[8:20])
            originals = struct.unpack(f"{order}{2 * count}I", data[originals_at : originals_at + 8 * count])
            translations = struct.unpack(f"{order}{2 * count}I", data[translations_at : translations_at + 8 * count])
        except struct.error:
            raise OSError(0, "a truncated gettext catalogue") from None
        self._data = data
        self._translations = translations
        self._index: dict[bytes, tuple[int, bool]] = {}
        for i in range(count):
            length, start = originals[2 * i], originals[2 * i + 1]
            original = data[start : start + length]
            zero = original.find(b"\0")
            self._index[original if zero < 0 else original[:zero]] = (i, zero >= 0)
        header = self._text(b"", plural=False) or ""
        found = _PLURAL_FORMS.search(header)
        self.plural: Callable[[int], int] = c2py(found.group(1).strip()) if found else (lambda n: int(n != 1))

    def _text(self, key: bytes, plural: bool) -> str | None:
        entry = self._index.get(key)
        if entry is None or entry[1] != plural:
            return None
        length, start = self._translations[2 * entry[0]], self._translations[2 * entry[0] + 1]
        return self._data[start : start + length].decode("utf-8")

    def gettext(self, message: str) -> str:
        found = self._text(message.encode("utf-8"), plural=False)
        return message if found is None else found

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self._text(msgid1.encode("utf-8"), plural=True)
        forms = found.split("\0") if found is not None else []
        index = self.plural(n)
        if index < len(forms):
            return forms[index]
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        found = self._text(f"{context}\x04{message}".encode(), plural=False)
        return message if found is None else found
