"""Personal data in an audit's free text: the one scanner behind `revision validate` and
`revision privacy`, and redaction in place.

What counts as personal data: what personal_data.find_personal_data finds (identity and
coordination numbers with a valid check digit, phone numbers, e-mail addresses) and the
names listed in the repository's optional `privacy.yaml`.

Redaction goes through the one editing path for a person's files (files/roundtrip.py,
ruamel.yaml's round-trip mode): each found string is replaced by `[borttaget]` inside its
value, which keeps how the value is written (quotes, `|` or `>` and its line breaks, an
anchor); comments, key order and quoting stay, and what else ruamel writes its own way is
listed there and in the README. Every rewritten file is parsed again and must hold exactly
the old data with the found strings replaced, or it is not written.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from revision_cli.errors import Finding, Severity, display_path
from revision_cli.files.confine import OutsideRepository, check_inside, read_regular
from revision_cli.files.root import find_root
from revision_cli.files.yaml_io import DEFAULT_LIMITS, Limits, decode, outside_finding, parse
from revision_cli.i18n import _
from revision_cli.privacy.personal_data import _ANYTHING_TO_FIND, PersonalDataMatch, canonical, find_personal_data
from revision_cli.privacy.personal_data import describe as describe_personal_data
from revision_cli.privacy.published import ACKNOWLEDGED, PUBLISHED, WORKING, TextField, acknowledged, file_kind, texts

if TYPE_CHECKING:
    from yaml.error import Mark
    from yaml.nodes import Node, ScalarNode

    from revision_cli.files.yaml_io import Loc, YamlDocument

PRIVACY_FILE = "privacy.yaml"
REDACTED = "[borttaget]"
NAME = "name"  # the kind of a match from privacy.yaml's names

# --- where free text is --------------------------------------------------------------------

# Every text people write into an audit's files: what reports and the site print, and the
# team's working notes (published.py lists both).
SCANNED = (*PUBLISHED, *WORKING)


def free_text(data: Any, kind: str | None) -> Iterator[tuple[Loc, str, TextField]]:
    """Every free-text string of a file of `kind` (published.file_kind), with its location
    (keys and list indexes) and the field it belongs to."""
    return texts(data, kind, SCANNED)


# --- names to watch for --------------------------------------------------------------------


class WatchList(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    """The names of privacy.yaml, matched case-insensitively as whole words (Unicode-aware);
    the words of a name may be separated by any whitespace, line breaks included. A letter
    matches whether it is written composed (ö) or decomposed (o + ¨, as some systems save
    it), and a name matches in the Swedish genitive too (Jörgens, Åsa Öbergs, Lars')."""

    names: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None  # made from the names (of): equal names, equal patterns

    @classmethod
    def of(cls, names: Iterable[object]) -> WatchList:
        import unicodedata

        words = {tuple(unicodedata.normalize("NFC", n).split()) for n in names if isinstance(n, str) and n.split()}
        if not words:
            return cls()
        # Longer names first, so that "Anna Svensson" wins over "Anna" at the same place.
        alternatives = [r"\s+".join(map(_spelled, w)) for w in sorted(words, key=lambda w: (-len(" ".join(w)), w))]
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(alternatives) + r")" + _GENITIVE + r"(?![\w\u0300-\u036f])", re.IGNORECASE
        )
        return cls(tuple(" ".join(w) for w in sorted(words)), pattern)

    def find(self, text: str) -> list[PersonalDataMatch]:
        if self.pattern is None:
            return []
        return [PersonalDataMatch(NAME, m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]


NO_NAMES = WatchList()  # a repository without privacy.yaml: nothing to watch for

# Jörgen → Jörgens; a name ending in s, x or z takes an apostrophe (Lars'), or 's informally.
_GENITIVE = "(?:s|['\u2019]s?)?"


def _spelled(word: str) -> str:
    """A word of a name as a pattern that also matches its decomposed spelling."""
    import unicodedata

    parts: list[str] = []
    for ch in word:
        decomposed = unicodedata.normalize("NFD", ch)
        parts.append(re.escape(ch) if decomposed == ch else f"(?:{re.escape(ch)}|{re.escape(decomposed)})")
    return "".join(parts)


_WATCH_CACHE: dict[bytes, tuple[WatchList, list[Finding]]] = {}


def load_watch_list(root: Path | None, limits: Limits = DEFAULT_LIMITS) -> tuple[WatchList, list[Finding]]:
    """privacy.yaml beside revision.yaml in `root`: the names, and any problem with the file.

    A missing or empty file is no names and no finding. A file with schema errors still
    watches for every name that is a usable string, so a typo does not switch the watch off.
    """
    if root is None:
        return WatchList(), []
    path = Path(root) / PRIVACY_FILE
    try:
        check_inside(path, root)
        raw = read_regular(path)
    except FileNotFoundError:
        return WatchList(), []
    except OutsideRepository as exc:
        return WatchList(), [outside_finding(exc.filename)]
    except OSError as exc:
        return WatchList(), [
            Finding(
                display_path(path),
                1,
                1,
                "file-unreadable",
                _("cannot read the file: {value}").format(value=exc.strerror or exc),
            )
        ]
    cached = _WATCH_CACHE.get(raw)
    if cached is None:
        cached = _read_watch_list(path, raw, limits)
        if len(_WATCH_CACHE) > 16:
            _WATCH_CACHE.clear()
        _WATCH_CACHE[raw] = cached
    watch, findings = cached
    display = display_path(path)
    return watch, [Finding(display, f.line, f.column, f.code, f.message, f.severity) for f in findings]


def _read_watch_list(path: Path, raw: bytes, limits: Limits) -> tuple[WatchList, list[Finding]]:
    from revision_cli.files.loading import validate
    from revision_cli.models.privacy import PrivacyNames

    display = display_path(path)
    if len(raw) > limits.max_file_size:
        return WatchList(), [
            Finding(
                display,
                1,
                1,
                "file-too-large",
                _("the file is larger than {max_file_size:,} bytes (limits.max_file_size)").format(
                    max_file_size=limits.max_file_size
                ),
            )
        ]
    text, findings = decode(raw, display)
    if text is None:
        return WatchList(), [f for f in findings if f.code != "file-empty"]
    doc, findings = parse(text, display, path, limits)
    findings = [f for f in findings if f.code != "file-empty"]
    if doc is None:
        return WatchList(), findings
    if not isinstance(doc.data, dict):
        return WatchList(), [
            *findings,
            doc.finding((), "schema-type", _("the file must hold keys and values (a map): names: [...]")),
        ]
    _model, problems = validate(doc, PrivacyNames)
    names = doc.data.get("names")
    return WatchList.of(names if isinstance(names, list) else []), [*findings, *problems]


def privacy_file_findings(root: Path | None, limits: Limits = DEFAULT_LIMITS) -> list[Finding]:
    """What `revision validate` reports about privacy.yaml itself."""
    return load_watch_list(root, limits)[1]


def watch_list_near(folder: Path) -> WatchList:
    """The names of the repository an audit folder lies in (problems with the file are
    reported by validate on privacy.yaml itself, not on every audit)."""
    return load_watch_list(find_root(Path(folder)))[0]


# --- finding and describing ----------------------------------------------------------------


def find_all(text: str, watch: WatchList = NO_NAMES) -> list[PersonalDataMatch]:
    """Personal data and watched names in `text`, sorted and non-overlapping; a name inside
    something already found (an e-mail address) is not reported again."""
    found = find_personal_data(text)
    for match in watch.find(text):
        if not any(match.start < other.end and other.start < match.end for other in found):
            found.append(match)
    found.sort(key=lambda m: m.start)
    return found


def describe(kind: str) -> str:
    """A short English noun phrase: "a phone number", "a name from privacy.yaml"."""
    return _("a name from privacy.yaml") if kind == NAME else describe_personal_data(kind)


def mask(match: PersonalDataMatch) -> str:
    """Enough of a match to find it again, never all of it (output lands in logs and CI)."""
    if match.kind == NAME:
        return match.text[:1] + "…"
    keep = 3 if len(match.text) > 6 else 1
    return match.text[:keep] + "…"


def masked_text(text: str, watch: WatchList = NO_NAMES) -> str:
    """`text` with everything found in it shown as `mask` shows it ("811…")."""
    if watch.pattern is None and not _MAYBE_PERSONAL(text):
        return text
    for match in reversed(find_all(text, watch)):
        text = text[: match.start] + mask(match) + text[match.end :]
    return text


def masked(findings: list[Finding], watch: WatchList = NO_NAMES) -> list[Finding]:
    """Findings that repeat no personal data: a message that quotes a value from a file
    (an answer, an interviewer, a code) shows what is found in it masked."""
    from dataclasses import replace

    out = []
    for finding in findings:
        shown = masked_text(finding.message, watch)
        out.append(finding if shown == finding.message else replace(finding, message=shown))
    return out


def message(match: PersonalDataMatch, field: TextField | None = None) -> str:
    what = _what(match)
    if field is FILE_NAME:
        return _("the file name contains {what}; rename the file (a code such as b1.yaml)").format(what=what)
    if field is not None and field.identifier:
        return _("this code contains {what}; choose a code that says nothing about the person").format(what=what)
    return _("this text contains {what}; remove it or replace it with a code").format(what=what)


def _what(match: PersonalDataMatch) -> str:
    if match.kind == NAME:
        return f"{describe(NAME)} ({mask(match)})"
    return _("what looks like {value} ({value2})").format(value=describe(match.kind), value2=mask(match))


def published_message(match: PersonalDataMatch, field: TextField | None = None) -> str:
    where = {"interview": _("on the quote"), "actions": _("on the action"), "meetings": _("on the meeting")}.get(
        field.file if field else "", _("in this file")
    )
    unpublish = _(", set publish: false") if field is not None and field.when == "publish" else ""
    return _(
        "a report would publish {value}; remove it{unpublish}, or, if it may be published, list "
        "it under {ACKNOWLEDGED} {where}"
    ).format(value=_what(match), unpublish=unpublish, ACKNOWLEDGED=ACKNOWLEDGED, where=where)


def key(match: PersonalDataMatch) -> str:
    """The same string however it is written (published.ACKNOWLEDGED compares by it)."""
    if match.kind != NAME:
        return canonical(match.kind, match.text)
    import unicodedata

    name = " ".join(unicodedata.normalize("NFC", match.text).casefold().split())
    for ending in ("'s", "\u2019s", "'", "\u2019"):
        if name.endswith(ending):
            name = name[: -len(ending)]
            break
    return name[:-1] if name.endswith("s") else name  # both sides lose it: Lars and Lars' compare equal


def _as_words(code: str) -> str:
    # anna-svensson, anna_svensson.yaml: the words of a name, joined; the same length, so
    # that positions hold.
    return code.replace("-", " ").replace("_", " ").replace(".", " ")


def scan(
    data: Any, watch: WatchList = NO_NAMES, kind: str | None = None, fields: Iterable[TextField] = SCANNED
) -> Iterator[tuple[Loc, str, PersonalDataMatch, TextField]]:
    """(location, text, match, field) for everything found in a file's free text that the
    file does not acknowledge (published.ACKNOWLEDGED)."""
    names = watch.pattern is not None
    for loc, text, text_field in texts(data, kind, fields):
        searched = _as_words(text) if text_field.identifier else text
        # Without names to watch, find_all finds nothing in a text with no digit and no @
        # (find_personal_data's own first test): most answers ("ja", "nej", prose) skip it.
        if not (names or _MAYBE_PERSONAL(searched)):
            continue
        found = find_all(searched, watch)
        if not found:
            continue
        allowed = _allowed(acknowledged(data, loc), watch)
        for match in found:
            if text_field.identifier:
                match = PersonalDataMatch(match.kind, match.start, match.end, text[match.start : match.end])
            if key(match) not in allowed:
                yield loc, text, match, text_field


def _allowed(strings: list[str], watch: WatchList) -> set[str]:
    allowed: set[str] = set()
    for string in strings:
        allowed.update(key(m) for m in find_all(string, watch))
        allowed.add(key(PersonalDataMatch(NAME, 0, len(string), string)))
    return allowed


_MAYBE_PERSONAL = _ANYTHING_TO_FIND.search


def file_name_hits(path: Path, display: str, watch: WatchList) -> list[Hit]:
    """Personal data in an interview's file name (b1.yaml is a code, 811218-9876.yaml is not)."""
    if file_kind(path) != "interview":
        return []
    stem = Path(path).stem
    return [Hit(Path(path), display, 1, 1, (), m, FILE_NAME) for m in find_all(_as_words(stem), watch)]


FILE_NAME = TextField("interview", "(file name)", identifier=True)


def document_hits(doc: YamlDocument, watch: WatchList = NO_NAMES, fields: Iterable[TextField] = SCANNED) -> list[Hit]:
    """Everything found in one parsed file, each at the very characters where it stands
    (at the start of its value where the source writes it differently, with escapes)."""
    found: dict[Loc, tuple[str, TextField, list[PersonalDataMatch]]] = {}
    for loc, text, match, text_field in scan(doc.data, watch, file_kind(doc.path), fields):
        found.setdefault(loc, (text, text_field, []))[2].append(match)
    if not found:
        return []
    placer = _Placer(doc.text) if doc.text is not None else None
    hits: list[Hit] = []
    for loc, (text, text_field, matches) in found.items():
        places = placer.place(loc, text, matches) if placer is not None else [None] * len(matches)
        for match, place in zip(matches, places, strict=True):
            line, column = place if place is not None else doc.at(loc)
            hits.append(Hit(Path(doc.path), doc.display, line, column, loc, match, text_field))
    return sorted(hits, key=lambda h: (h.line, h.column))


def document_findings(doc: YamlDocument, watch: WatchList = NO_NAMES) -> list[Finding]:
    """`personal-data` warnings for one parsed file (and its name), where `revision privacy`
    reports them."""
    return [hit.finding() for hit in [*file_name_hits(doc.path, doc.display, watch), *document_hits(doc, watch)]]


# --- positions inside the source, and redaction --------------------------------------------

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what libyaml counts as a line break
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)*")  # an anchor or tag before a scalar


class Hit(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    """One thing found, where it stands in its file."""

    path: Path
    display: str
    line: int
    column: int
    loc: Loc
    match: PersonalDataMatch
    field: TextField | None = None

    @property
    def kind(self) -> str:
        return self.match.kind

    @property
    def redactable(self) -> bool:
        """A code or a file name is not text to cut a piece out of: a person renames it."""
        return not (self.field is not None and self.field.identifier)

    def finding(self) -> Finding:
        return Finding(
            self.display, self.line, self.column, "personal-data", message(self.match, self.field), Severity.WARNING
        )

    def published_finding(self) -> Finding:
        return Finding(
            self.display, self.line, self.column, "personal-data-published", published_message(self.match, self.field)
        )

    def to_json(self) -> dict[str, str | int]:
        from revision_cli.files.loading import _label

        return {
            "path": self.display,
            "line": self.line,
            "column": self.column,
            "kind": self.kind,
            "description": describe(self.kind),
            "shown": mask(self.match),
            "field": _label(self.loc),
        }


@dataclass
class FileScan:
    """One file: what was found in it, and what redacting it replaces."""

    path: Path
    display: str
    hits: list[Hit] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)  # the file cannot be read or rewritten
    text: str | None = None
    bom: bool = False
    data: Any = field(default=None, repr=False)
    # The found strings to replace, by the location of the text that holds them.
    changes: dict[Loc, tuple[str, list[PersonalDataMatch]]] = field(default_factory=dict)


class _Source:
    def __init__(self, text: str):
        self.text = text
        self.breaks = [m.end() for m in _BREAK.finditer(text)]

    def position(self, index: int, anchor: Mark) -> tuple[int, int]:
        """1-based (line, column) of `index`, counted from a libyaml mark at or before it."""
        before = bisect.bisect_right(self.breaks, anchor.index)
        upto = bisect.bisect_right(self.breaks, index)
        if upto == before:
            return anchor.line + 1, anchor.column + 1 + (index - anchor.index)
        return anchor.line + 1 + (upto - before), index - self.breaks[upto - 1] + 1


def _compose(text: str) -> Node | None:
    from revision_cli.files.pyyaml import yaml

    loader = (getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader)(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _node_at(root: Node | None, loc: Loc) -> ScalarNode | None:
    """The scalar node at `loc`, or None."""
    from revision_cli.files.pyyaml import yaml

    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key, value in node.value:  # the last of duplicate keys wins, as when reading
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    found = value
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node if isinstance(node, yaml.ScalarNode) else None


def _loose(text: str) -> re.Pattern[str]:
    # A found string as it may stand in the source: whitespace may be folded over lines.
    return re.compile(
        "".join(r"\s+" if part.isspace() else re.escape(part) for part in re.split(r"(\s+)", text) if part)
    )


def _spans(node: ScalarNode, source: _Source) -> tuple[int, int, int, int]:
    """(whole start, whole end, content start, content end) of a scalar in the text."""
    text = source.text
    start, end = node.start_mark.index, node.end_mark.index
    if not 0 <= start <= end <= len(text):
        raise ValueError("marks outside the text")
    properties = _PROPERTIES.match(text, start, end)
    assert properties is not None  # the pattern matches the empty string too
    start += properties.end() - start
    if node.style in ("'", '"'):
        return start, end, start + 1, end - 1
    if node.style in ("|", ">"):
        header = _BREAK.search(text, start, end)
        return start, end, (header.end() if header else end), end
    return start, end, start, end


def _locate(
    value: str, matches: list[PersonalDataMatch], node: ScalarNode, source: _Source
) -> list[tuple[int, int] | None]:
    """Where each match stands in the source, or None where the source does not hold it
    verbatim (escape sequences); occurrences are paired in order."""
    _, _, body_start, body_end = _spans(node, source)
    body = source.text[body_start:body_end]
    placed: list[tuple[int, int] | None] = []
    for match in matches:
        pattern = _loose(match.text)
        in_value = [m.start() for m in pattern.finditer(value)]
        in_source = list(pattern.finditer(body))
        if match.start in in_value and len(in_value) == len(in_source):
            m = in_source[in_value.index(match.start)]
            placed.append((body_start + m.start(), body_start + m.end()))
        else:
            placed.append(None)
    return placed


def replaced(value: str, matches: list[PersonalDataMatch]) -> str:
    """`value` with every match replaced by [borttaget]."""
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        value = value[: match.start] + REDACTED + value[match.end :]
    return value


def _set(data: Any, loc: Loc, value: object) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def scan_file(path: Path, watch: WatchList, limits: Limits = DEFAULT_LIMITS) -> FileScan:
    """Read one file, find everything in its free text with exact positions, and note what
    redacting it replaces (redact_file). A file that cannot be read as YAML (or has duplicate keys, which hide
    text) comes back with problems and is never rewritten."""
    display = display_path(path)
    result = FileScan(Path(path), display)
    try:
        raw = read_regular(path)
    except OutsideRepository as exc:
        result.problems.append(outside_finding(exc.filename))
        return result
    except OSError as exc:
        result.problems.append(
            Finding(
                display, 1, 1, "file-unreadable", _("cannot read the file: {value}").format(value=exc.strerror or exc)
            )
        )
        return result
    if len(raw) > limits.max_file_size:
        result.problems.append(
            Finding(
                display,
                1,
                1,
                "file-too-large",
                _("the file is larger than {max_file_size:,} bytes (limits.max_file_size)").format(
                    max_file_size=limits.max_file_size
                ),
            )
        )
        return result
    text, findings = decode(raw, display)
    if text is None:
        result.problems.extend(f for f in findings if f.code != "file-empty")
        return result
    doc, findings = parse(text, display, Path(path), limits)
    result.problems.extend(f for f in findings if f.severity is Severity.ERROR and f.code != "file-empty")
    if doc is None:
        return result
    result.text, result.bom = text, raw.startswith(b"\xef\xbb\xbf")
    result.hits += file_name_hits(path, display, watch)
    by_loc: dict[Loc, tuple[str, TextField, list[PersonalDataMatch]]] = {}
    for loc, value, match, text_field in scan(doc.data, watch, file_kind(path)):
        by_loc.setdefault(loc, (value, text_field, []))[2].append(match)
    if not by_loc:
        return result
    placer = _Placer(text)
    for loc, (value, text_field, matches) in by_loc.items():
        for match, at in zip(matches, placer.place(loc, value, matches), strict=True):
            result.hits.append(Hit(Path(path), display, *(at or doc.at(loc)), loc, match, text_field))
        if not text_field.identifier:  # a code is renamed by a person (Hit.redactable)
            result.changes[loc] = (value, matches)
    result.hits.sort(key=lambda h: (h.line, h.column))
    result.data = doc.data
    return result


def redact_file(scanned: FileScan, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The file's new text with every found string replaced (a byte order mark kept), or None
    with a problem added when it cannot be rewritten to mean exactly that. None, too, for a
    file with nothing to replace or with problems (duplicate keys hide text the reading never
    saw: such a file is left alone)."""
    if scanned.problems or not scanned.changes or scanned.text is None:
        return None
    from revision_cli.files import roundtrip

    expected = copy.deepcopy(scanned.data)
    try:
        document = roundtrip.load(("\ufeff" if scanned.bom else "") + scanned.text)
        for loc, (value, matches) in scanned.changes.items():
            edits = [(m.start, m.end, REDACTED) for m in matches]
            _set(expected, loc, document.replace_text(loc, edits, expected=value))
        new = roundtrip.dump(document)
    except roundtrip.RoundTripError:
        new = None
    if new is not None:
        check, problems = parse(new.removeprefix("\ufeff"), scanned.display, scanned.path, limits)
        if check is not None and not problems and check.data == expected:
            return new
    first = next((hit for hit in scanned.hits if hit.redactable), scanned.hits[0])
    scanned.problems.append(
        Finding(
            scanned.display,
            first.line,
            first.column,
            "personal-data",
            _("the found text cannot be replaced here without changing the file's meaning; replace it by hand"),
        )
    )
    return None


class _Placer:
    """Where found strings stand in one file's source (composed once, when something is found)."""

    def __init__(self, text: str):
        self.source = _Source(text)
        self.root = _compose(text)

    def place(self, loc: Loc, value: str, matches: list[PersonalDataMatch]) -> list[tuple[int, int] | None]:
        """Each match's (line, column), or None where only the value's place is known."""
        node = _node_at(self.root, loc)
        places: list[tuple[int, int] | None]
        try:
            places = _locate(value, matches, node, self.source) if node is not None else [None] * len(matches)
        except ValueError:  # marks that do not fit the text: point at the value
            return [None] * len(matches)
        if node is None:  # a place is found only inside a node
            return [None] * len(matches)
        return [self.source.position(place[0], node.start_mark) if place else None for place in places]
