"""Characters a reader cannot see or tell apart, named in messages and escaped on a terminal.

A file name or a YAML key can hold an escape sequence (`"\\e]0;…\\a"` retitles a terminal,
`\\e[2J` clears it) or a line break that forges a `path:line: error` line of its own;
`terminal_safe` shows such characters as `\\x1b`, `\\n`, `\\u202e` instead of sending them.
An id that fails to match may hold a Cyrillic 'А' or a zero-width space that looks like
nothing: `unusual_note` names them, so the reader learns why 'brukare' is not 'brukare'.
Standard library only: the CLI's error path imports it.
"""

from __future__ import annotations

import re
import unicodedata

# What a terminal acts on rather than shows: C0 and C1 controls, DEL, the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates.
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape (`\\x1b`)."""
    return _TERMINAL_UNSAFE.sub(_escape, text)


# Scripts whose letters look like Latin ones (А/A, Е/E, О/O, Р/P, Ѕ/S, Α/A, Ο/O …).
_LOOKALIKE_SCRIPTS = ("CYRILLIC ", "GREEK ", "ARMENIAN ", "CHEROKEE ", "COPTIC ")
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}
_SHOWN = 3


def _kind(char: str) -> str | None:
    """'invisible', 'look-alike' or None for an ordinary character."""
    if char.isascii():
        return "invisible" if char != " " and not char.isprintable() else None
    if unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return "invisible"
    name = unicodedata.name(char, "")
    if name.startswith(_LOOKALIKE_SCRIPTS) or unicodedata.category(char) in ("Pd", "Sm"):
        return "look-alike"
    folded = unicodedata.normalize("NFKC", char)
    return "look-alike" if folded != char and folded.isascii() else None


def describe_character(char: str) -> str:
    """`'А' is U+0410 CYRILLIC CAPITAL LETTER A`, or for a character that shows nothing,
    `an invisible U+200B ZERO WIDTH SPACE is in it`."""
    name = unicodedata.name(char, "") or (
        "(a control character)" if unicodedata.category(char) == "Cc" else "(unnamed)"
    )
    if _kind(char) == "invisible":
        return f"an invisible U+{ord(char):04X} {name} is in it"
    return f"'{char}' is U+{ord(char):04X} {name}"


def unusual_characters(text: str) -> list[str]:
    """The distinct invisible and look-alike characters of `text`, in order of appearance."""
    found: list[str] = []
    for char in text:
        if char not in found and _kind(char) is not None:
            found.append(char)
    return found


def unusual_note(text: object, after: str = "") -> str:
    """`"; 'А' is U+0410 CYRILLIC CAPITAL LETTER A"` for a text holding such characters, to
    append to a message `after` about it; "" when it holds none (or is not text)."""
    if not isinstance(text, str):
        return ""
    chars = unusual_characters(text)
    if not chars:
        return ""
    parts = [describe_character(c) for c in chars[:_SHOWN]]
    if len(chars) > _SHOWN:
        parts.append(f"and {len(chars) - _SHOWN} more such character{'s' * (len(chars) - _SHOWN != 1)}")
    if any(unicodedata.combining(c) for c in chars) and unicodedata.normalize("NFC", text) != text:
        parts.insert(0, "a letter in it is written as two characters (not in NFC)")
    return (" " if after.endswith("?") else "; ") + "; ".join(parts)
