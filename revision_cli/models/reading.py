"""A battery as read in one language: every text chosen once for a reader of that language.

A form, an interview or a report in `fi` shows the battery's Finnish texts, and the tool's
own words (headings, instructions, labels) in sv or en, the languages of its catalogue
(models/tags.py `interface_language`). Rather than teach every view two languages, the
battery is copied with each text fixed (`Text.fixed`) to what a reader of the tag gets:
its own text, else that of a shorter tag (`sv-x-lattlast` → `sv`), else the Swedish one
(then English, then the plain text). A text that stands in for a missing one carries a
marker in its own language, `(på svenska)` / `(in English)` (`(på vanlig svenska)` when
`sv-x-lattlast` was asked for), so a reader sees it in every output (HTML, Markdown, Word,
the terminal), not by colour or markup alone, and the HTML element that holds it gets that
language's `lang`. The views then ask for the interface language as before, and get the
tag's texts. sv and en are never read so: their reports stay as they were.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from revision_cli import i18n
from revision_cli.i18n import _
from revision_cli.models.base import LANGS, Text
from revision_cli.models.battery import Battery
from revision_cli.models.tags import canonical, interface_language, primary

M = TypeVar("M")


def languages_for(asked: str | None, own: str) -> tuple[str, str | None]:
    """For `--lang` (`asked`, None: the repository's language `own`): the language of the
    tool's own words, and the battery texts' tag when that is neither sv nor en (None: the
    battery is read as it always was, in the words' language)."""
    if asked is None:
        return own, None
    tag = canonical(asked)
    if tag in LANGS:
        return tag, None
    return interface_language(tag, own), tag


def marker(shown: str, asked: str) -> str:
    """`(på svenska)`, `(in English)`; `(på vanlig svenska)` when a variety of the language
    was asked for (`sv-x-lattlast`). In the language of the text it follows (from that
    language's own catalogue), so the HTML `lang` of that text is right for it too."""
    if shown not in LANGS:  # a text only in some third language: its tag says which
        return f"({shown})"
    tr = i18n.catalogue(shown)
    if primary(shown) == primary(asked):
        # TRANSLATORS: after a battery text that stands in for one missing in a variety of this
        # catalogue's language (plain Swedish): name this language, in it: "(på vanlig svenska)".
        return tr.gettext("(in ordinary English)")
    # TRANSLATORS: after a battery text that stands in for one missing in another language:
    # name this catalogue's language, in it: "(på svenska)".
    return tr.gettext("(in English)")


def chosen(text: Text, tag: str, default_lang: str) -> Text:
    """`text` as a reader of `tag` gets it, fixed: its own, or a marked stand-in."""
    if text.fixed is not None:
        return text
    value, shown = text.get(tag, default_lang), text.lang_of(tag, default_lang)
    if shown != tag and value:
        value = f"{value} {marker(shown, tag)}"
    return Text(fixed=(value, shown))


def languages(model: object) -> list[str]:
    """Every language tag the texts in `model` (a battery) are written in: sv and en first,
    then the others in the order they first appear."""
    found: dict[str, None] = {}

    def walk(value: object) -> None:
        if isinstance(value, Text):
            found.update(dict.fromkeys(value.languages()))
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    walk(model)
    return [code for code in LANGS if code in found] + [tag for tag in found if tag not in LANGS]


def unspoken(battery: Battery, tag: str) -> str | None:
    """A note when `battery` has not one text in `tag` (a mistyped tag, or a language it was
    never given): every text then stands in, marked, which the reader should hear of once."""
    if canonical(tag) in languages(battery):
        return None
    return _(
        "note: {ref} has no texts in {tag}, so each is shown in the language it falls back to, "
        "marked (revision batteries show {ref} names its languages)"
    ).format(ref=battery.ref, tag=canonical(tag))


def read_in(model: M, tag: str, default_lang: str) -> M:
    """A copy of `model` (a battery, or any model holding texts) with every text chosen for
    `tag`; `default_lang` is the language its plain texts are in."""
    tag = canonical(tag)

    def walk(value: Any) -> Any:
        if isinstance(value, Text):
            return chosen(value, tag, default_lang)
        if isinstance(value, BaseModel):
            changes = {}
            for name in type(value).model_fields:
                old = getattr(value, name)
                new = walk(old)
                if new is not old:
                    changes[name] = new
            return value.model_copy(update=changes) if changes else value
        if isinstance(value, list):
            items = [walk(v) for v in value]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if isinstance(value, tuple):
            parts = tuple(walk(v) for v in value)
            return parts if any(a is not b for a, b in zip(parts, value, strict=True)) else value
        if isinstance(value, dict):
            mapped = {k: walk(v) for k, v in value.items()}
            return mapped if any(mapped[k] is not v for k, v in value.items()) else value
        return value

    result: M = walk(model)
    return result
