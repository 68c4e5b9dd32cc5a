"""Reading YAML with a position for every node, and writing files atomically.

Reading goes through libyaml (PyYAML's C parser) down to the node graph only: nodes carry
their line and column, so one fast parse gives both the plain data the models validate and
the positions every finding needs. ruamel.yaml's round-trip loader is about 14 times slower
here (shared/research/perf.md) and is kept for the files the tool rewrites in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from revision_cli.errors import Finding, Severity, display_link, display_path
from revision_cli.files.confine import MESSAGE, OUTSIDE_MARKER, OutsideRepository, read_regular
from revision_cli.i18n import _

if TYPE_CHECKING:
    from yaml import CSafeLoader, SafeLoader
    from yaml.constructor import SafeConstructor
    from yaml.error import Mark
    from yaml.nodes import Node

    from revision_cli.files.sources import FileSource

    _Loader = type[CSafeLoader] | type[SafeLoader]

Position = tuple[int, int]
# Where a value lies in a file's data: the keys and list indices that lead to it.
Loc = tuple[str | int, ...]
# The position tables of one file: values, keys, and the text as written of non-text scalars.
_Tables = tuple[dict[Loc, Position], dict[Loc, Position], dict[Loc, str]]


class Limits(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    """What one file may hold; revision.yaml's `limits:` can change each (models/config.py)."""

    max_file_size: int = 1024 * 1024  # bytes
    max_aliases: int = 100  # alias uses (*name) in one file
    max_depth: int = 50  # levels of nesting; audit files use fewer than ten
    max_answers: int = 1000  # answers in one interview


DEFAULT_LIMITS = Limits()


@dataclass
class Work:
    """What reading one file took, in the units the limits bound (parse fills it when given
    one): values built where aliases can repeat them, and alias uses. A test shows with it
    that a hostile file is cut short after a bounded amount of work, whatever the machine's
    speed; the time it takes is the benchmark's business. A file without aliases builds each
    value once, on a path that keeps no count."""

    values: int = 0
    aliases: int = 0


# An alias repeats a node; a few are fine, but a file whose aliases multiply into more
# nodes than this is an attack ("billion laughs") or a mistake, never an audit.
MAX_EXPANDED_NODES = 200_000
# libyaml composes nested collections recursively in C and crashes the process (not an
# exception) at a few tens of thousands of levels; real files nest fewer than ten.
MAX_NESTING = 1000
_BOM = "\ufeff"


@dataclass
class YamlDocument:
    path: Path
    display: str
    data: Any
    # The composed root node of a file read without positions (parse's fast path): the
    # position tables are made from it the first time a finding asks (most files have none).
    node: Node | None = field(default=None, repr=False, compare=False)
    # The source, so that a finding inside a long text can point at the very characters
    # (privacy.py places personal data exactly, for `validate` as for `privacy`).
    text: str | None = field(default=None, repr=False, compare=False)
    _tables: _Tables | None = field(default=None, repr=False, compare=False)
    # The data came from a cache of parsed files (cache/parsed.py), not from parsing `text`
    # now: the node is composed from the text again the first time a finding asks.
    restored: bool = field(default=False, repr=False, compare=False)

    def _positions(self) -> _Tables:
        if self._tables is None:
            values: dict[Loc, Position] = {}
            keys: dict[Loc, Position] = {}
            written: dict[Loc, str] = {}
            if self.node is None and self.restored and self.text is not None:
                self.node = _compose(self.text)
            if self.node is not None:
                _positions(self.node, (), values, keys, written)
            self._tables, self.node = (values, keys, written), None
        return self._tables

    @property
    def values(self) -> dict[Loc, Position]:
        """Where the value at each location starts (line, column; 1-based)."""
        return self._positions()[0]

    @property
    def keys(self) -> dict[Loc, Position]:
        """Where the key naming each location starts."""
        return self._positions()[1]

    @property
    def written(self) -> dict[Loc, str]:
        """The text as written of each scalar that YAML reads as something other than text
        (`010`, which YAML 1.1 reads as the number 8; `2012-10-15 10:00:00`; `yes`)."""
        return self._positions()[2]

    def value_at(self, loc: Loc) -> Any:
        """The data at `loc`, or None where there is none."""
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def at(self, loc: Loc = ()) -> Position:
        """Position of the value at `loc`, or of the nearest enclosing node that exists."""
        loc = tuple(loc)
        while loc and loc not in self.values:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def key_at(self, loc: Loc) -> Position:
        """Position of the key that names `loc` (for unknown keys), else of its value."""
        loc = tuple(loc)
        return self.keys.get(loc) or self.at(loc)

    def finding(
        self, loc: Loc, code: str, message: str, severity: Severity | None = None, key: bool = False
    ) -> Finding:
        line, column = self.key_at(loc) if key else self.at(loc)
        extra = {"severity": severity} if severity is not None else {}
        if _names_its_text(code):
            from revision_cli.characters import unusual_note

            message += unusual_note(loc[-1] if key and loc else self.value_at(tuple(loc)), after=message)
        return Finding(self.display, line, column, code, message, **extra)


def _names_its_text(code: str) -> bool:
    """A finding that says an id, a key or a value is unknown or invalid: one that holds a
    look-alike or an invisible character gets them named (`'А' is U+0410 CYRILLIC …`)."""
    return code.startswith("schema-") or any(word in code for word in ("unknown", "invalid", "mismatch", "not-for"))


class _Limit(Exception):
    def __init__(self, code: str, message: str, mark: Mark | None = None):
        super().__init__(message)
        self.code, self.message, self.mark = code, message, mark


_LOADER: _Loader | None = None


def _loader_classes() -> tuple[ModuleType, _Loader]:
    global _LOADER
    from revision_cli.files.pyyaml import yaml

    if _LOADER is None:
        _LOADER = _memo_loader(yaml, getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)
    return yaml, _LOADER


def _memo_loader(yaml: ModuleType, base: _Loader) -> _Loader:
    """The C loader, remembering the tag of each short plain scalar.

    libyaml hands every scalar to the Python resolver, which tries a handful of regular
    expressions on it: a tenth of reading an interview. Audit files repeat the same short
    words (keys, ja/nej, groups, dates) thousands of times over a repository, so their tags
    are looked up instead. Only valid without path resolvers, which the safe loader has none of.
    """
    scalar, plain_tag = yaml.ScalarNode, base.DEFAULT_SCALAR_TAG
    resolve: Callable[[CSafeLoader | SafeLoader, type[Node], str, tuple[bool, bool]], str] = base.resolve
    tags: dict[str, str] = {}

    class MemoLoader(base):  # type: ignore[valid-type,misc]  # the C loader where PyYAML has one, chosen at run time
        def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
            if kind is scalar and not self.yaml_path_resolvers:
                if not implicit[0]:
                    return plain_tag
                tag = tags.get(value)
                if tag is None:
                    tag = resolve(self, kind, value, implicit)
                    if len(value) <= 40:
                        if len(tags) > 50_000:
                            tags.clear()
                        tags[value] = tag
                return tag
            return resolve(self, kind, value, implicit)

    return MemoLoader


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    """Bytes to text, or findings for bytes that are not a text file we accept."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position_of_byte(raw, nul)
        return None, [
            Finding(
                display, line, col, "file-binary", _("the file contains NUL bytes; it is binary, not a YAML text file")
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(raw, exc.start)
        return None, [
            Finding(
                display,
                line,
                col,
                "file-not-utf8",
                _("byte 0x{raw:02x} is not UTF-8; save the file as UTF-8 in your editor").format(raw=raw[exc.start]),
            )
        ]
    if text.startswith(_BOM):
        text = text[1:]
    if not text.strip():
        return None, [Finding(display, 1, 1, "file-empty", _("the file is empty"))]
    return text, []


def _position_of_byte(raw: bytes, offset: int) -> Position:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _inside(text: str, line: int, column: int) -> Position:
    """libyaml puts "end of file" one line past the last; point at the last character instead."""
    lines = text.split("\n")
    if line <= len(lines):
        return line, column
    return len(lines), len(lines[-1]) + 1


def _tab_findings(text: str, display: str) -> list[Finding]:
    found: list[Finding] = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append(
                Finding(
                    display,
                    number,
                    indent.index("\t") + 1,
                    "yaml-tab-indent",
                    _("this line is indented with a tab; indent with spaces"),
                )
            )
    return found


def _too_deep(text: str) -> Position | None:
    """Where `text` may nest deeper than MAX_NESTING, cheap enough to run on every file.

    Flow collections nest by brackets; block collections only by moving right, so a line's
    indentation plus its compact "- " entries bounds them. Both bounds err high, never low.
    """
    if text.count("[") + text.count("{") > MAX_NESTING:
        depth, line, start = 0, 1, 0
        for index, char in enumerate(text):
            if char == "\n":
                line, start = line + 1, index + 1
            elif char in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return line, index - start + 1
            elif char in "]}" and depth:
                depth -= 1
    if len(text) > MAX_NESTING:
        for match in _LEADING_INDENT.finditer(text):
            if match.end() - match.start() > MAX_NESTING:
                return text.count("\n", 0, match.start()) + 1, 1
    return None


_LEADING_INDENT = re.compile(rf"^[ -]{{{MAX_NESTING + 1},}}", re.MULTILINE)
_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR: SafeConstructor | None = None


def _constructor(yaml: ModuleType) -> SafeConstructor:
    # One stateless constructor for all files: building one costs more than parsing a small file.
    global _CONSTRUCTOR
    if _CONSTRUCTOR is None:
        _CONSTRUCTOR = yaml.constructor.SafeConstructor()
    return _CONSTRUCTOR


def parse(
    text: str, display: str, path: Path | None = None, limits: Limits = DEFAULT_LIMITS, work: Work | None = None
) -> tuple[YamlDocument | None, list[Finding]]:
    """Parse one YAML document, keeping the position of every key and value (and, given
    `work`, counting what building it took)."""
    yaml, loader_cls = _loader_classes()
    deep = _too_deep(text)
    if deep is not None:
        return None, [
            Finding(
                display,
                *deep,
                "yaml-nesting-limit",
                _("the data is nested more than {MAX_NESTING} levels deep; this is not an audit file").format(
                    MAX_NESTING=MAX_NESTING
                ),
            )
        ]
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        tabs = _tab_findings(text, display)
        if tabs:
            return None, tabs
        from revision_cli.files.yaml_hints import explain

        hint = explain(text, exc, yaml)
        if hint is not None:
            return None, [Finding(display, hint.line, hint.column, hint.code, hint.message)]
        mark = exc.problem_mark or exc.context_mark
        line, col = _inside(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or _("invalid YAML")
        if exc.context:
            started = (
                _(" that starts on line {value}").format(value=exc.context_mark.line + 1) if exc.context_mark else ""
            )
            message = f"{message} ({exc.context}{started})"
        return None, [Finding(display, line, col, "yaml-syntax", message)]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [
            Finding(
                display,
                line,
                column,
                "yaml-syntax",
                _("character U+{character:04X} is not allowed in a YAML file ({reason}); remove it").format(
                    character=exc.character, reason=exc.reason
                ),
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Finding(display, 1, 1, "yaml-syntax", str(exc).splitlines()[0])]
    finally:
        loader.dispose()
    if node is None:
        return None, [Finding(display, 1, 1, "file-empty", _("the file holds no data, only comments or blank lines"))]
    doc = YamlDocument(path=path or Path(display), display=display, data=None, text=text)
    builder = _Builder(yaml, doc, limits)
    if "*" not in text and limits.max_depth <= _FAST_MAX_DEPTH:
        # Data only; positions later, from the node, if a finding needs them. Anything
        # unusual (a duplicate key, a limit, a tag) is left to the full build below, so
        # that the findings are exactly its own.
        try:
            doc.data, doc.node = builder.build_data(node, 0), node
            return doc, []
        except (_Limit, _Duplicate):
            pass
    try:
        # Without an alias indicator anywhere, no node can repeat: skip the bookkeeping.
        doc.data = builder.build(node, ()) if "*" in text else builder.build_plain(node, ())
    except _Limit as exc:
        mark = exc.mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [*builder.findings, Finding(display, line, col, exc.code, exc.message)]
    except RecursionError:
        return None, [Finding(display, 1, 1, "yaml-nesting-limit", _("the data is nested too deeply to read"))]
    finally:
        if work is not None:
            work.values, work.aliases = builder.count, builder.aliases
    return doc, builder.findings


_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
# Up to this max_depth, build_data and build_plain stop at the same limit long before
# Python's recursion limit (build_plain takes two frames a level), so they agree.
_FAST_MAX_DEPTH = 200


class _Duplicate(Exception):
    pass


def _positions(
    node: Node,
    loc: Loc,
    values: dict[Loc, Position],
    keys: dict[Loc, Position],
    written: dict[Loc, str],
) -> None:
    """The position tables build_plain makes, from an alias-free node tree, in its order."""
    from revision_cli.files.pyyaml import yaml  # loaded already: only a parsed file has nodes

    values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    value = node.value
    if isinstance(value, str):
        if node.tag != _STR:
            written[loc] = value
        return
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(value):
            _positions(child, loc + (i,), values, keys, written)
        return
    for key_node, value_node in value:
        keys[loc + (key_node.value,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        _positions(value_node, loc + (key_node.value,), values, keys, written)


class _Builder:
    """Turns a composed node graph into plain Python data plus a position table."""

    def __init__(self, yaml: ModuleType, doc: YamlDocument, limits: Limits):
        self.yaml = yaml
        self.doc = doc
        self.limits = limits
        self.constructor = _constructor(yaml)
        self.scalar_node, self.sequence_node = yaml.ScalarNode, yaml.SequenceNode
        self.findings: list[Finding] = []
        self.count = 0
        self.aliases = 0
        self.seen: set[int] = set()  # nodes built once: meeting one again means an alias
        self.active: set[int] = set()  # nodes being built: meeting one means a recursive alias
        self.repeating = 0  # > 0 while building an alias's copy, whose parts are not new aliases

    def build_plain(self, node: Node, loc: Loc) -> Any:
        """`build` for a document without aliases (no `*` in it): no bookkeeping needed."""
        self.doc.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        kind = node.__class__
        if kind is self.scalar_node:
            if node.tag == _STR:
                return node.value
            self.doc.written[loc] = node.value
            return self._scalar(node)
        if len(loc) >= self.limits.max_depth:
            raise _Limit(
                "yaml-nesting-limit",
                _("the data is nested more than {max_depth} levels deep (limits.max_depth in revision.yaml)").format(
                    max_depth=self.limits.max_depth
                ),
                node.start_mark,
            )
        if node.tag not in _COLLECTION_TAGS:
            raise _Limit(
                "yaml-unsupported",
                _("the tag {tag!r} is not supported; remove it").format(tag=node.tag),
                node.start_mark,
            )
        if kind is self.sequence_node:
            return [self.build_plain(child, loc + (i,)) for i, child in enumerate(node.value)]
        return self._mapping(node, loc, self.build_plain)

    def build_data(self, node: Node, depth: int) -> Any:
        """build_plain's data without its position table (an alias-free document): _Limit
        where it would fail, _Duplicate where it would report a duplicate key."""
        kind = node.__class__
        if kind is self.scalar_node:
            return node.value if node.tag == _STR else self._scalar(node)
        if depth >= self.limits.max_depth:
            raise _Limit("yaml-nesting-limit", "", node.start_mark)
        if node.tag not in _COLLECTION_TAGS:
            raise _Limit("yaml-unsupported", "", node.start_mark)
        if kind is self.sequence_node:
            return [self.build_data(child, depth + 1) for child in node.value]
        result: dict[str, Any] = {}
        scalar = self.yaml.ScalarNode
        for key_node, value_node in node.value:
            if not isinstance(key_node, scalar):
                raise _Limit("yaml-unsupported", "", key_node.start_mark)
            key = key_node.value
            if key in result:
                raise _Duplicate
            result[key] = self.build_data(value_node, depth + 1)
        return result

    def build(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_EXPANDED_NODES:
            raise _Limit(
                "yaml-alias-limit",
                _(
                    "anchors and aliases expand to more than {MAX_EXPANDED_NODES:,} values; write the data out instead"
                ).format(MAX_EXPANDED_NODES=MAX_EXPANDED_NODES),
                node.start_mark,
            )
        if len(loc) > self.limits.max_depth:
            raise _Limit(
                "yaml-nesting-limit",
                _("the data is nested more than {max_depth} levels deep (limits.max_depth in revision.yaml)").format(
                    max_depth=self.limits.max_depth
                ),
                node.start_mark,
            )
        self.doc.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.active:
            raise _Limit("yaml-alias-limit", _("an alias refers to the node that contains it"), node.start_mark)
        alias = id(node) in self.seen and not self.repeating
        if alias:
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise _Limit(
                    "yaml-alias-limit",
                    _(
                        "the file uses aliases (*name) more than {max_aliases} times (limits.max_aliases in "
                        "revision.yaml); the one over the limit repeats the anchor here"
                    ).format(max_aliases=self.limits.max_aliases),
                    node.start_mark,
                )
        self.seen.add(id(node))
        self.repeating += alias
        try:
            if isinstance(node, self.yaml.ScalarNode):
                if node.tag != _STR:
                    self.doc.written[loc] = node.value
                return self._scalar(node)
            if node.tag not in _COLLECTION_TAGS:
                raise _Limit(
                    "yaml-unsupported",
                    _("the tag {tag!r} is not supported; remove it").format(tag=node.tag),
                    node.start_mark,
                )
            self.active.add(id(node))
            try:
                if isinstance(node, self.yaml.SequenceNode):
                    return [self.build(child, loc + (i,)) for i, child in enumerate(node.value)]
                return self._mapping(node, loc, self.build)
            finally:
                self.active.discard(id(node))
        finally:
            self.repeating -= alias

    def _mapping(self, node: Node, loc: Loc, build: Callable[[Node, Loc], Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, self.yaml.ScalarNode):
                raise _Limit(
                    "yaml-unsupported", _("a key must be a plain word, not a list or a map"), key_node.start_mark
                )
            # Keys are field names and ids: keep the text as written ("no", "1" stay strings).
            key = key_node.value
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = self.doc.keys[loc + (key,)]
                self.findings.append(
                    Finding(
                        self.doc.display,
                        *key_pos,
                        "yaml-duplicate-key",
                        _("key {key!r} appears again (first on line {first}); the last value wins").format(
                            key=key, first=first[0]
                        ),
                    )
                )
            self.doc.keys[loc + (key,)] = key_pos
            result[key] = build(value_node, loc + (key,))
        return result

    def _scalar(self, node: Node) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:float":
            # Decimals are exact: 0.1 means 1/10, not the nearest binary float.
            try:
                return Fraction(node.value.replace("_", ""))
            except (ValueError, ZeroDivisionError):
                pass
        if tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
            # YAML 1.2 reads yes/no/on/off as words; a Swedish battery may well use them.
            return node.value
        constructor = self.constructor.yaml_constructors.get(tag)
        if constructor is None:
            raise _Limit(
                "yaml-unsupported", _("the tag {tag!r} is not supported; remove it").format(tag=tag), node.start_mark
            )
        try:
            return constructor(self.constructor, node)
        except (self.yaml.YAMLError, ValueError, OverflowError):
            # Looks like a date or number but is not one (2012-13-01): keep the text and
            # let the field that expects a date say what is wrong with it.
            return node.value


def read(
    path: Path, files: FileSource | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[YamlDocument | None, list[Finding]]:
    """Read and parse one YAML file (from disk, or from `files`, a sources.FileSource);
    any problem comes back as findings."""
    raw, findings = read_raw(path, files, limits)
    if raw is None:
        return None, findings
    return parse_raw(raw, path, limits)


def read_raw(
    path: Path, files: FileSource | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[bytes | None, list[Finding]]:
    """The bytes of one YAML file as `read` reads them, or the findings that stop it."""
    display = display_path(path)
    try:
        raw = files.read_bytes(path) if files is not None else _read_capped(Path(path), limits.max_file_size)
    except OutsideRepository as exc:
        return None, [outside_finding(exc.filename, display_link(path))]
    except OSError as exc:
        return None, [
            Finding(
                display, 1, 1, "file-unreadable", _("cannot read the file: {value}").format(value=exc.strerror or exc)
            )
        ]
    if raw == OUTSIDE_MARKER:
        return None, [outside_finding(path, display_link(path))]
    if len(raw) > limits.max_file_size:
        return None, [
            Finding(
                display,
                1,
                1,
                "file-too-large",
                _(
                    "the file is larger than {max_file_size:,} bytes (limits.max_file_size in "
                    "revision.yaml); an audit file is a few kilobytes"
                ).format(max_file_size=limits.max_file_size),
            )
        ]
    return raw, []


def parse_raw(raw: bytes, path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[YamlDocument | None, list[Finding]]:
    """`read`'s document from the bytes `read_raw` gave."""
    display = display_path(path)
    text, findings = decode(raw, display)
    if text is None:
        return None, findings
    return parse(text, display, Path(path), limits)


def data_only(doc: YamlDocument | None, findings: list[Finding]) -> bool:
    """Whether the document was parsed on the fast path (no finding, no alias, no position
    table made yet): its data alone, with its text, stands for it (cache/parsed.py)."""
    return doc is not None and not findings and doc.node is not None


def restored(raw: bytes, path: Path, data: Any) -> YamlDocument | None:
    """The document of `raw` (bytes `read_raw` gave) whose data a cache kept, as parsing
    them on the fast path gives it; None when the bytes are not text after all."""
    display = display_path(path)
    text, _findings = decode(raw, display)
    if text is None:
        return None
    return YamlDocument(path=Path(path), display=display, data=data, text=text, restored=True)


def _compose(text: str) -> Node | None:
    """The node tree of a text that parsed on the fast path before (restored documents)."""
    _yaml, loader_cls = _loader_classes()
    loader = loader_cls(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def outside_finding(link: str | Path, display: str | None = None) -> Finding:
    """The finding for a file (or folder) not read because a link leads out of the repository."""
    named = display_link(link)
    where = "" if display is None or display == named else f" ({named})"
    return Finding(display or named, 1, 1, "file-outside-repository", _(MESSAGE) + where)


def _read_capped(path: Path, cap: int) -> bytes:
    # Read one byte past the cap: enough to know it is too large, without reading a huge file.
    return read_regular(path, cap)
