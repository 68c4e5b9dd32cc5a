"""User text made safe to print as Markdown (or any text): no markup, no control or
bidirectional-override characters, no links GitHub would make by itself."""

from __future__ import annotations

import re

# The patterns are compiled on first use (re's cache), not at import: an HTML report never
# escapes Markdown, and most texts have nothing to clean.
# Characters that start Markdown syntax anywhere in a line (`&` would start an entity).
_MD_INLINE = r"([\\`*_\[\]<>#|~&])"
# ... and at the start of a line: block quotes, list items (`-`, `+`, `1.`, `1)`), setext underlines.
_MD_LINE_START = r"(?m)^([ \t]*)(?:([>+\-=])|(\d+)([.)]))"
# Never printed: control characters (but tab and newline) and the bidirectional embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can make a line read differently
# from what it holds. A carriage return becomes a newline first.
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def clean(text: str) -> str:
    """`text` without control characters and bidirectional overrides; line breaks as \\n."""
    if text.isprintable():  # most texts: every character _UNSAFE removes, and \r, is not printable
        return text
    return re.sub(_UNSAFE, "", text.replace("\r\n", "\n").replace("\r", "\n"))


def md(text: object) -> str:
    """Escape user text for Markdown so it stays text: no headings, lists, quotes, links,
    tables, code or HTML. Lines lose their indentation (no code blocks) and trailing
    spaces (no hard breaks)."""
    text = "\n".join(line.strip(" \t") for line in clean(str(text)).split("\n"))
    text = re.sub(_MD_INLINE, r"\\\1", text)
    text = re.sub(
        _MD_LINE_START,
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"),
        text,
    )
    return _no_autolinks(text)


# GitHub's renderer (cmark-gfm's autolink extension) makes links of bare `www.x.y`,
# `scheme://…` and `name@host.tld` (also after `mailto:` or `xmpp:`), even in escaped text.
# An escaped dot after `www` and an escaped colon before `//` stop the first two and read the
# same; an address is matched on the text after escapes are resolved, so only a character
# that is really there stops it: a WORD JOINER (U+2060), invisible, after an `@` that starts
# a domain (a label and a dot; `goteborg@1` is left alone).
_WWW = r"(?i)(www)\."
_SCHEME = r":(?=//)"
_ADDRESS_AT = r"@(?=(?:[A-Za-z0-9-]|\\_)*\\?\.)"
WORD_JOINER = "\u2060"


def _no_autolinks(escaped: str) -> str:
    escaped = re.sub(_WWW, r"\1\\.", escaped)
    escaped = re.sub(_SCHEME, r"\\:", escaped)
    return re.sub(_ADDRESS_AT, "@" + WORD_JOINER, escaped)


def md_cell(text: object) -> str:
    """User text on one line (a table cell, a heading, a list item), escaped like `md`."""
    return md(" ".join(clean(str(text)).split()))
