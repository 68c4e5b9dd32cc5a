"""Small pieces of HTML the report templates print in every row, cell and chart, as
functions of the templates' environment rather than Jinja macros: a report of 60 questions
asks for them a thousand times, and a macro call costs several times a function's.

Each escapes what it is given (the values are also cleaned, as every printed value is, by
the environment's finalize), and returns Markup, so that the template prints it as it is.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from revision_cli.models.tags import is_rtl


def in_lang(code: str | None) -> Markup:
    """` lang="…"` (and ` dir="rtl"` for a text written right to left) on an element whose
    text is in another language than the page; nothing for None."""
    if not code:
        return Markup("")
    return Markup(f' lang="{escape(code)}" dir="rtl"' if is_rtl(code) else f' lang="{escape(code)}"')


def badge(rating: dict[str, Any]) -> Markup:
    """A rating, never by colour alone: its symbol (hidden from screen readers, which read
    the word) and its word, in a span its colour class styles; nothing without a word."""
    word = rating["word"]
    if not word:
        return Markup("")
    symbol = rating["symbol"]
    shown = f'<span class="symbol" aria-hidden="true">{escape(symbol)}</span> ' if symbol else ""
    return Markup(f'<span class="rating rating-{escape(rating["key"])}">{shown}{escape(word)}</span>')


def share(value: object) -> object:
    """A figure as the tables print it: "–" when there is none."""
    return "–" if value is None else value
