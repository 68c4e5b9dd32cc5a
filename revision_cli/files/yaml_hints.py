"""YAML syntax errors explained: the likely cause, where it is, and the fix.

The parser says where it gave up, in its own words ("mapping values are not allowed in
this context"); a person who typed a comment by hand needs to hear that the colon in their
text must be quoted, or that a quote opened three lines up was never closed. Each of the
mistakes below is recognised from the parser's error and the text around it, and gets a
code of its own; anything else stays `yaml-syntax` with the parser's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from revision_cli.i18n import _


@dataclass(frozen=True)
class Hint:
    line: int  # 1-based
    column: int  # 1-based
    code: str
    message: str


# The key at the start of a block line (after any list dashes): `  comment: …`, `- text: …`.
_BLOCK_KEY = re.compile(r"^[ ]*(?:-[ ]+)*(?P<key>[^\s#'\"{\[\]},&*!|>%@`][^:#]*?):(?:[ ]|$)")
# A key inside flow braces, after `{` or `,`.
_FLOW_KEY = re.compile(r"^[ ]*(?P<key>[^\s'\"{\[\]},:]+):[ ]")
# A line inside a quoted text that looks like YAML the quote swallowed: a key or a list item.
_SWALLOWED = re.compile(r"^[ ]*(?:- |[A-Za-z0-9_åäöÅÄÖ-]+:(?:[ ]|$))")
_QUOTED_SCALAR = "while scanning a quoted scalar"


def explain(text: str, error: Any, yaml: ModuleType) -> Hint | None:
    """A hint for the parser's `error` (a yaml.MarkedYAMLError) on `text`, or None."""
    lines = text.split("\n")
    return _unclosed_quote(text, lines, error, yaml) or _unquoted_colon(lines, error) or _list_indent(lines, error)


def _quote_message(quote: str, line: int, gave_up: int) -> str:
    if quote == '"':
        return _(
            'the text that starts with " here is never closed, so YAML reads everything up to the next " as '
            'this text and gave up on line {gave_up}; end the text with " on line {line}'
        ).format(gave_up=gave_up, line=line)
    return _(
        "the text that starts with ' here is never closed, so YAML reads everything up to the next ' as "
        "this text and gave up on line {gave_up}; end the text with ' on line {line} (an apostrophe inside "
        "'…' is written twice: '')"
    ).format(gave_up=gave_up, line=line)


def _unclosed_quote(text: str, lines: list[str], error: Any, yaml: ModuleType) -> Hint | None:
    gave_up = error.problem_mark.line + 1 if error.problem_mark is not None else len(lines)
    gave_up = min(gave_up, len(lines))
    if error.context == _QUOTED_SCALAR and error.context_mark is not None:
        start = error.context_mark
        quote = lines[start.line][start.column : start.column + 1] if start.line < len(lines) else '"'
        return Hint(
            start.line + 1,
            start.column + 1,
            "yaml-unclosed-quote",
            _quote_message(quote if quote in "'\"" else '"', start.line + 1, gave_up),
        )
    # The quote was closed by the next quote further down (another text's opening one):
    # the parser stumbles there, far from the mistake. A quoted text that runs over lines
    # holding keys or list items is the quote that was left open.
    for token in _tokens(text, yaml):
        style = getattr(token, "style", None)
        if style not in ("'", '"') or token.end_mark.line == token.start_mark.line:
            continue
        if token.start_mark.line + 1 > gave_up:
            break
        inside = lines[token.start_mark.line + 1 : token.end_mark.line + 1]
        if any(_SWALLOWED.match(line) for line in inside):
            return Hint(
                token.start_mark.line + 1,
                token.start_mark.column + 1,
                "yaml-unclosed-quote",
                _quote_message(style, token.start_mark.line + 1, gave_up),
            )
    return None


def _tokens(text: str, yaml: ModuleType) -> list[Any]:
    """The scanner's tokens up to where it fails (the parser fails later than the scanner)."""
    found: list[Any] = []
    loader = (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)(text)
    try:
        while loader.check_token():
            found.append(loader.get_token())
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return found


def _colon_message(key: str | None) -> str:
    if key is not None and re.fullmatch(r"[\w-]{1,40}", key):
        return _(
            "the text after '{key}:' holds a colon and a space, which YAML reads as the start of a new key; "
            'put the whole text in quotes: {key}: "…"'
        ).format(key=key)
    return _(
        "this colon and the space after it are read as the start of a new key; "
        'if they belong to a text, put the whole text in quotes: "…"'
    )


def _unquoted_colon(lines: list[str], error: Any) -> Hint | None:
    mark = error.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    if line[mark.column : mark.column + 1] != ":":
        return None
    problem = error.problem or ""
    if problem.startswith("mapping values are not allowed"):
        key = _BLOCK_KEY.match(line)
        # The colon of the line's own key is an indentation mistake (a key under a text),
        # not a colon in a text.
        if key is None or key.end("key") >= mark.column:
            return None
        return Hint(mark.line + 1, mark.column + 1, "yaml-unquoted-colon", _colon_message(key["key"].strip()))
    if "expected ',' or '}'" in problem:
        before = line[: mark.column]
        start = max(before.rfind(","), before.rfind("{")) + 1
        key = _FLOW_KEY.match(before[start:]) if start else None
        if key is None:  # no key before the colon in this entry: something else is wrong
            return None
        return Hint(mark.line + 1, mark.column + 1, "yaml-unquoted-colon", _colon_message(key["key"]))
    return None


def _dash(line: str) -> int | None:
    """The column (0-based) of a list item's dash at the start of `line`, or None."""
    stripped = line.lstrip(" ")
    if stripped == "-" or stripped.startswith("- "):
        return len(line) - len(stripped)
    return None


def _list_indent(lines: list[str], error: Any) -> Hint | None:
    mark = error.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    column = _dash(lines[mark.line])
    if column is None or column != mark.column:
        return None
    for number in range(mark.line - 1, -1, -1):
        above = lines[number]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        other = _dash(above)
        if other is None:
            continue
        if other == column:
            return None
        return Hint(
            mark.line + 1,
            mark.column + 1,
            "yaml-list-indent",
            _(
                "this list item's '-' is in column {column}, the one above it (line {line}) in column {other}; "
                "the items of one list start in the same column"
            ).format(column=column + 1, line=number + 1, other=other + 1),
        )
    return None
