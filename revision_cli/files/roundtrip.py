"""Editing a person's YAML file: ruamel.yaml's round-trip mode, set up to change as little as it can.

Every command that rewrites a file a person keeps (today `revision privacy --redact`) loads it
here, changes values at paths, and writes it back; reading for checks stays on the C parser
(yaml_io). ruamel keeps comments, blank lines, key order, quoting, flow and block style,
block scalars and their indicators, anchors and aliases, and the `%YAML` directive. On top of
its defaults this module keeps:

- the file's indentation (guessed from the file: one step for maps, one for lists and the
  dash's place), and long lines as they are (no re-wrapping);
- every value that is not text (numbers, dates, true/false, null, `~` or nothing) exactly as
  written, so `null` stays `null` and `True` stays `True`;
- every anchor, used or not; a byte order mark; the line endings (those of the first line);
  `---` with the lines before it, and `...`; a folded (`>`) text's line breaks around a
  changed piece; a file that is one list, with its own indentation.

What ruamel writes its own way, so that such a line changes when the file is rewritten
(README, "How --redact edits a file", says the same to the people whose files these are):
spaces after a key's colon or a dash and just inside flow brackets are made single or
dropped (`key:   value` becomes `key: value`; a comment after it stays in its column); a
plain or quoted text over several lines is joined onto one line; spaces at the end of a
line without a comment are dropped; a text in double quotes that spells a character with an
escape (`\\u00e4`) gets the character itself; a comment after an alias moves to a line of its
own; a `|+` that keeps no extra line break is written `|`; a file indented in two ways gets
its most common way; a `? ` key is written on one line.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import FoldedScalarString, ScalarString

BOM = "\ufeff"
Loc = tuple[Any, ...]  # keys and list indexes from the document's root
Edit = tuple[int, int, str]  # replace value[start:end] with the text


class RoundTripError(ValueError):
    """The file cannot be read or changed as asked (the message says why, in English)."""


# --- values kept as written ------------------------------------------------------------------


class Verbatim:
    """A value that is not text (a number, a date, true/false, null), kept as its source spells it.

    ruamel turns these into Python values and writes them back its own way (`null` and `~`
    become nothing, `True` becomes `true`); an edit never changes them, so they go back out
    as they came in."""

    __slots__ = ("tag", "text", "style", Anchor.attrib)

    def __init__(self, tag: str, text: str, style: str | None, anchor: str | None):
        self.tag, self.text, self.style = tag, text, style
        setattr(self, Anchor.attrib, Anchor())
        self.anchor.value, self.anchor.always_dump = anchor, True  # type: ignore[assignment] # ruamel: `value = None`

    @property
    def anchor(self) -> Anchor:  # what ruamel's representer asks an anchored value for
        found: Anchor = getattr(self, Anchor.attrib)
        return found

    def yaml_anchor(self) -> Anchor | None:
        return self.anchor if self.anchor.value is not None else None

    def __repr__(self) -> str:
        return f"Verbatim({self.text!r})"


_KEPT_TAGS = tuple(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp"))


class _Constructor(RoundTripConstructor):
    def construct_verbatim(self, node: Any) -> Verbatim:
        return Verbatim(str(node.tag), node.value, node.style, node.anchor)


class _Representer(RoundTripRepresenter):
    def represent_verbatim(self, data: Verbatim) -> Any:
        return self.represent_scalar(data.tag, data.text, style=data.style, anchor=data.yaml_anchor())


for _tag in _KEPT_TAGS:
    _Constructor.add_constructor(_tag, _Constructor.construct_verbatim)
_Representer.add_representer(Verbatim, _Representer.represent_verbatim)


# --- the file's own layout -------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """What ruamel cannot read from a file by itself but is told before writing it back."""

    bom: bool = False
    newline: str = "\n"  # the first line's break, for every line
    mapping: int = 2  # a nested map's keys, right of its parent's key
    sequence: int = 2  # a list entry's value, right of its parent's key
    offset: int = 0  # a list entry's dash, right of its parent's key
    root: tuple[int, int] | None = None  # (sequence, offset) of a list that is the whole file
    start: bool = False  # `---` before the data
    end: bool = False  # `...` after it
    header: str = ""  # directives, comments and blank lines before `---`, copied as they are
    version: tuple[int, int] | None = None  # of a `%YAML` directive, which decides what is text


_NEWLINE = re.compile(r"\r\n|\r|\n")
# Directives, comments and blank lines, then `---`: an explicit start that ruamel would drop.
_START = re.compile(r"\A(?:(?:[ \t]*(?:#[^\r\n]*)?|%[^\r\n]*)(?:\r\n|\r|\n))*---(?=[ \t\r\n]|\Z)")
_DIRECTIVES = re.compile(r"(?:%[^\r\n]*(?:\r\n|\r|\n))*")
_END = re.compile(r"(?:\r\n|\r|\n)\.\.\.[ \t]*(?:#[^\r\n]*)?(?:(?:\r\n|\r|\n)[ \t]*(?:#[^\r\n]*)?)*\Z")


def _indentation(data: Any, lines: list[str]) -> tuple[int, int, int]:
    """(mapping, sequence, offset): the steps this file uses most, read from where ruamel
    found each nested block map and list."""
    maps: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedSeq):
            stack.extend(node)
        if not isinstance(node, CommentedMap):
            continue
        for key, value in node.items():
            stack.append(value)
            where = node.lc.data.get(key)
            if where is None or not isinstance(value, (CommentedMap, CommentedSeq)) or not value:
                continue
            if value.fa.flow_style():
                continue
            key_line, key_column = where[0], where[1]
            first = value.lc.data.get(next(iter(value))) if isinstance(value, CommentedMap) else value.lc.data.get(0)
            if first is None or first[0] <= key_line:
                continue
            line, column = first[0], first[1]
            if isinstance(value, CommentedMap):
                maps[column - key_column] += 1
            elif line < len(lines):
                dash = lines[line].rfind("-", 0, column)
                if dash >= key_column:
                    sequences[(column - key_column, dash - key_column)] += 1
    mapping = maps.most_common(1)[0][0] if maps else 2
    sequence, offset = sequences.most_common(1)[0][0] if sequences else (mapping, 0)
    return max(mapping, 1), max(sequence, offset + 2), max(offset, 0)


def _root_sequence(data: Any, lines: list[str]) -> tuple[int, int] | None:
    """A whole-file block list's own (sequence, offset): often `- ` at the margin while the
    lists inside are indented under their keys, which ruamel's one setting cannot say."""
    if not isinstance(data, CommentedSeq) or not data or data.fa.flow_style():
        return None
    line, column = data.lc.data[0][:2]
    dash = lines[line].rfind("-", 0, column) if line < len(lines) else -1
    return (max(column, dash + 2), dash) if dash >= 0 else None


def _layout(text: str, data: Any, bom: bool, version: Any, newline: str) -> Layout:
    start = _START.match(text)
    lines = text.splitlines()
    mapping, sequence, offset = _indentation(data, lines)
    return Layout(
        bom=bom,
        newline=newline,
        mapping=mapping,
        sequence=sequence,
        offset=offset,
        root=_root_sequence(data, lines),
        start=start is not None,
        end=bool(_END.search(text)),
        header=text[: start.end() - 3] if start else "",
        version=tuple(version) if version else None,
    )


class _Emitter(RoundTripEmitter):
    """ruamel's emitter, with a whole-file list laid out by its own steps (Layout.root)."""

    root: tuple[int, int] | None = None

    def _in_root_list(self) -> bool:
        return self.root is not None and self.indents.values == [(None, True)]

    def _as_root(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._in_root_list() or self.root is None:
            return method(*args, **kwargs)
        kept = self.best_sequence_indent, self.sequence_dash_offset
        self.best_sequence_indent, self.sequence_dash_offset = self.root
        try:
            return method(*args, **kwargs)
        finally:
            self.best_sequence_indent, self.sequence_dash_offset = kept

    def increase_indent(self, flow: bool = False, sequence: bool | None = None, indentless: bool = False) -> None:
        self._as_root(super().increase_indent, flow, sequence, indentless)

    def expect_block_sequence_item(self, first: bool = False) -> None:
        self._as_root(super().expect_block_sequence_item, first)

    def expect_flow_sequence(self, force_flow_indent: bool | None = False) -> None:
        self._as_root(super().expect_flow_sequence, force_flow_indent)

    def expect_flow_mapping(self, single: bool | None = False, force_flow_indent: bool | None = False) -> None:
        self._as_root(super().expect_flow_mapping, single, force_flow_indent)


def _yaml(layout: Layout | None = None) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor, yaml.Representer = _Constructor, _Representer
    yaml.preserve_quotes = True
    yaml.width = 1_000_000_000  # never fold a long line
    if layout is not None:
        yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
        yaml.explicit_start, yaml.explicit_end = layout.start or None, layout.end or None
        yaml.version = layout.version
        yaml.Emitter = type("_LaidOutEmitter", (_Emitter,), {"root": layout.root})
    return yaml


# --- a loaded file ---------------------------------------------------------------------------


@dataclass
class Document:
    """One file loaded for editing: ruamel's data, and how the file was laid out."""

    data: Any
    layout: Layout
    # Texts replace_text wrote, by identity: an alias's place holds the same one, already edited.
    _written: dict[int, tuple[str | None, tuple[Edit, ...], Any]] = field(default_factory=dict, repr=False)

    def get(self, loc: Loc) -> Any:
        node = self.data
        for part in loc:
            node = _child(node, part, loc)
        return node

    def set(self, loc: Loc, value: Any) -> None:
        """Put `value` at `loc` (which must exist); where the old value has an anchor, at
        every alias of it too, so that they stay one value."""
        if not loc:
            raise RoundTripError("the whole file cannot be replaced by one value")
        parent = self.get(loc[:-1])
        slot = _slot(parent, loc[-1], loc)
        old = parent[slot]
        anchor = getattr(old, Anchor.attrib, None)
        if anchor is None or anchor.value is None:
            parent[slot] = value
            return
        for container, key in _holders(self.data, old):
            container[key] = value

    def replace_text(self, loc: Loc, edits: Iterable[Edit], expected: str | None = None) -> str:
        """Replace pieces of the text at `loc`, keeping how it is written (quotes, `|`, `>`
        and its line breaks, its anchor); returns the new text. `expected` guards against
        editing a value other than the one the caller read."""
        old = self.get(loc)
        edits = sorted(edits)
        done = self._written.get(id(old))
        if done is not None and done[2] is old and done[:2] == (expected, tuple(edits)):
            return str(old)
        text = old.text if isinstance(old, Verbatim) else old  # `2012-13-01` is text to the checks
        if not isinstance(text, str) or (expected is not None and str(text) != expected):
            raise RoundTripError("the value there is not the text that was read")
        new = str(text)
        for start, end, replacement in reversed(edits):
            new = new[:start] + replacement + new[end:]
        value = _styled_like(old, new, edits)
        self.set(loc, value)
        self._written[id(value)] = (expected, tuple(edits), value)
        return new


def _slot(node: Any, part: Any, loc: Loc) -> Any:
    """The key (or index) of `node` that `part` of a location names."""
    if isinstance(node, CommentedMap) and isinstance(part, str):
        for key in node:  # a key's text, as the checks read it: `1:` is the key "1"
            if (key.text if isinstance(key, Verbatim) else key) == part:
                return key
    elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
        return part
    raise RoundTripError(f"nothing at {'.'.join(map(str, loc)) or 'the root'}")


def _child(node: Any, part: Any, loc: Loc) -> Any:
    return node[_slot(node, part, loc)]


def _holders(root: Any, target: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) that holds `target` itself: its place, and its aliases'."""
    found, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        pairs = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, list) else ()
        for key, value in pairs:
            if value is target:
                found.append((node, key))
            elif isinstance(value, (CommentedMap, CommentedSeq)):
                stack.append(value)
    return found


def _styled_like(old: Any, new: str, edits: list[Edit]) -> Any:
    """`new` written the way `old` was: the same kind of scalar, anchor and comment."""
    if not isinstance(old, ScalarString):
        return new
    anchor = old.yaml_anchor(any=True)
    value = type(old)(new, anchor=anchor.value if anchor is not None else None)
    if hasattr(old, "comment"):
        value.comment = old.comment
    if isinstance(old, FoldedScalarString) and hasattr(old, "fold_pos"):
        value.fold_pos = _moved_folds(old.fold_pos, edits)
    return value


def _moved_folds(folds: list[int], edits: list[Edit]) -> list[int]:
    """A folded text's line breaks, moved along with the text around them; a break inside a
    replaced piece goes with it."""
    moved = []
    for fold in folds:
        shift = 0
        for start, end, replacement in edits:
            if start <= fold < end:
                break
            if end <= fold:
                shift += len(replacement) - (end - start)
        else:
            moved.append(fold + shift)
    return moved


def load(text: str) -> Document:
    """`text` (a whole file, a byte order mark allowed) as a Document, or RoundTripError."""
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    first = _NEWLINE.search(body)
    # YAML reads every line break as \n, but ruamel keeps a \r in a comment, and writes some
    # comments' breaks as it read them whatever its line_break: it works on \n only, and
    # dump turns each into the file's own break (every \n it writes is one).
    body = _NEWLINE.sub("\n", body)
    yaml = _yaml()
    try:
        data = yaml.load(body)
    except (YAMLError, ValueError, RecursionError) as exc:
        raise RoundTripError(f"the round-trip reader cannot read it: {str(exc).splitlines()[0]}") from None
    _keep_anchors(data)
    return Document(data, _layout(body, data, bom, yaml.version, first.group() if first else "\n"))


def _keep_anchors(root: Any) -> None:
    """Write every anchor back, not only those an alias uses (ruamel drops the others)."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        anchor = getattr(node, Anchor.attrib, None)
        if anchor is not None and anchor.value is not None:
            anchor.always_dump = True
        if isinstance(node, CommentedMap):
            stack.extend(node.values())
        elif isinstance(node, CommentedSeq):
            stack.extend(node)


def dump(document: Document) -> str:
    out = io.StringIO()
    try:
        _yaml(document.layout).dump(document.data, out)
    except (YAMLError, ValueError, RecursionError) as exc:
        raise RoundTripError(f"the round-trip writer cannot write it: {str(exc).splitlines()[0]}") from None
    text, layout = out.getvalue(), document.layout
    if layout.start:  # ruamel drops the comments before `---`: put the file's own lines back
        directives = _DIRECTIVES.match(text)
        text = layout.header + text[directives.end() if directives else 0 :]
    if layout.newline != "\n":
        text = text.replace("\n", layout.newline)
    return (BOM if layout.bom else "") + text


def write(path: Any, document: Document) -> None:
    """Write `document` over `path` atomically (the old file or the new one, never half)."""
    from revision_cli.files.atomic import atomic_write

    atomic_write(path, dump(document))
