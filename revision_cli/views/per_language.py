"""Words a reader sees in a language given by the caller, from the gettext catalogue.

The command line speaks the run's language (i18n.language()); a report, the site or a
comparison speaks the language asked for (`--lang`, revision.yaml's `language`), which may
be another. `PerLanguage` keeps the old shape of the word tables, `TABLE[lang][key]`, while
the words come from one catalogue (English message ids, Swedish in sv.po): each table is a
function of a language's catalogue, built on first use, once per language.
"""

from __future__ import annotations

from collections.abc import Callable
from gettext import NullTranslations
from typing import Generic, TypeVar

from revision_cli import i18n

T = TypeVar("T")


class PerLanguage(Generic[T]):
    """`table[lang]`: what `build` makes of the catalogue of `lang` (its `gettext`,
    `pgettext` and `ngettext` calls are what `make messages` extracts)."""

    def __init__(self, build: Callable[[NullTranslations], T]):
        self._build = build
        self._built: dict[str, T] = {}

    def __getitem__(self, lang: str) -> T:
        found = self._built.get(lang)
        if found is None:
            found = self._built[lang] = self._build(i18n.catalogue(lang))
        return found
