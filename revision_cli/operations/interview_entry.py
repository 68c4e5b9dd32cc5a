"""`revision interview AUDIT [CODE]`: what entering one interview means, apart from asking.

Which questions a group is asked and in what order, what an answer line means against its
question's scale, and the interview file it all becomes: a new one in the very shape
`revision new` scaffolds (operations/scaffold.py), filled in through the round-trip editor,
or an existing one edited in place, its comments and order kept (files/roundtrip.py). The
command line (cli/interview_session.py) only asks and prints.

The first prompt must appear about as fast as `revision --help` (README, Performance): the
part that serves it (`peek`) reads with the standard library and libyaml only; everything
that needs the models is imported inside the functions that need them, after that prompt.

A draft is the interview so far, kept when a person stops with Ctrl-C: it is written as
`interviews/_utkast-CODE.yaml`. Files whose names start with `_` are never read as
interviews (repository/locate.py), so a draft is never counted, validated or reported; the
next `revision interview AUDIT CODE` offers to go on from it and removes it once the
interview is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revision_cli.errors import Finding, RevisionError, Severity, UsageError, display_path
from revision_cli.i18n import _

if TYPE_CHECKING:
    from revision_cli.files.roundtrip import Document
    from revision_cli.models.battery import Battery
    from revision_cli.models.bundle import AuditBundle
    from revision_cli.repository.locate import Repository

AUDITS_DIR = "audits"  # as repository/locate.py, which imports the models: not imported here
INTERVIEWS_DIR = "interviews"
DRAFT_PREFIX = "_utkast-"
BACK = "<"  # an answer that goes back one question
CLEAR = "-"  # an answer that leaves the question unanswered (also over an earlier answer)
COMMENT = re.compile(r"(?:^|\s)#(?:\s|$)")  # `2 # a comment`, or `# a comment` alone


# ---------------------------------------------------------------- the first prompt, fast


@dataclass(frozen=True)
class Peek:
    """What the first prompt needs, read without the models: the audit folder, the battery's
    groups, and the existing interview's group (None when none or unknown)."""

    folder: Path
    groups: list[str]
    group: str | None = None


def peek(arg: str, code: str | None, cwd: Path) -> Peek | None:
    """The first prompt's facts, or None when anything is unusual (the full load then
    answers first, with its findings)."""
    from revision_cli.files.pyyaml import yaml

    try:
        return _peek(arg, code, cwd)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, ImportError, yaml.YAMLError):
        return None  # a file YAML cannot read: the full load reports it, positioned


def _raw(path: Path) -> Any:
    from revision_cli.files.pyyaml import yaml

    return yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _peek(arg: str, code: str | None, cwd: Path) -> Peek | None:
    from revision_cli.files.root import find_root

    folder = cwd / arg
    if not (folder / "audit.yaml").is_file():
        root = find_root(cwd)
        if root is None:
            return None
        folder = root / AUDITS_DIR / arg
    root = find_root(folder)
    if root is None or not (folder / "audit.yaml").is_file() or folder.resolve().parent.parent != root:
        return None
    refs = _raw(folder / "audit.yaml").get("battery")
    groups: list[str] = []  # several batteries: their groups together, in order (models.combined)
    for ref in refs if isinstance(refs, list) else [refs]:
        match = re.fullmatch(r"([a-z0-9][a-z0-9-]*)@([1-9][0-9]*)", ref or "")
        if match is None:
            return None
        battery = _battery_file(root, match[1], int(match[2]))
        if battery is None:
            return None
        own = battery.get("groups")
        if not isinstance(own, list) or not all(isinstance(g, str) for g in own) or not own:
            return None
        groups += [g for g in own if g not in groups]
    group = None
    if code is not None and (folder / INTERVIEWS_DIR / f"{DRAFT_PREFIX}{code}.yaml").exists():
        return None  # the offer to go on from the draft comes first
    if code is not None:
        found = _existing_raw(folder, code)
        if found is not None and isinstance(found[1].get("group"), str):
            group = found[1]["group"]
    return Peek(folder.resolve(), groups, group)


_HEADER = re.compile(r"^(id|version):[ \t]*([a-z0-9-]+)[ \t]*(?:#.*)?$", re.MULTILINE)


def _battery_file(root: Path, battery_id: str, version: int) -> dict[str, Any] | None:
    """The battery id@version as plain data: a local one, else a built-in one, found by its
    header lines as the catalogue finds them (repository/catalog.py)."""
    from revision_cli.files.packaged import packaged

    candidates: list[Path] = []
    local = root / "batteries"
    if local.is_dir():
        candidates += sorted(p for p in local.iterdir() if p.suffix in (".yaml", ".yml"))
    builtin = packaged("question_batteries")
    for path in sorted(builtin.glob("*.y*ml")) if builtin.is_dir() else []:
        header = dict(_HEADER.findall(path.read_text(encoding="utf-8")))
        if header.get("id") == battery_id and header.get("version") == str(version):
            candidates.append(path)
    found = []
    for path in candidates:
        data = _raw(path)
        if isinstance(data, dict) and data.get("id") == battery_id and data.get("version") == version:
            found.append(data)
    return found[0] if len(found) == 1 else None


def _existing_raw(folder: Path, code: str) -> tuple[Path, dict[str, Any]] | None:
    """The interview file of respondent `code` as plain data (its name first, then every file)."""
    interviews = folder / INTERVIEWS_DIR
    if not interviews.is_dir():
        return None
    named = [interviews / f"{code}.yaml", interviews / f"{code}.yml"]
    others = sorted(
        p for p in interviews.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith((".", "_"))
    )
    for path in [*named, *others]:
        if not path.is_file():
            continue
        try:
            data = _raw(path)
        except Exception:  # noqa: BLE001 -- a broken file is the full load's to report
            continue
        if isinstance(data, dict) and str(data.get("respondent")) == code:
            return path, data
    return None


# ---------------------------------------------------------------- the audit, fully loaded


@dataclass(frozen=True)
class Option:
    value: str | int
    label: str


@dataclass(frozen=True)
class Item:
    """One question (or rated statement) asked of the group, in the run's language."""

    id: str
    text: str
    heading: str  # area / sub-area, or "" for a statement
    kind: str  # "options", "range" or "text"
    options: tuple[Option, ...] = ()
    low: int = 0
    high: int = 0

    def choices(self) -> str:
        """`1 Ja  2 Delvis  3 Nej  4 Vet ej`; a range as its numbers (`1  2  3  4  5`, or
        `0–100` when long); "" for free text."""
        if self.kind == "options":
            return "  ".join(f"{i} {o.label}" for i, o in enumerate(self.options, 1))
        if self.kind == "range":
            if self.high - self.low <= 10:
                return "  ".join(str(n) for n in range(self.low, self.high + 1))
            return f"{self.low}–{self.high}"
        return ""

    def shown(self, value: Any) -> str:
        """An answer as a person reads it: an option's label, a number, a text."""
        for option in self.options:
            if str(option.value) == str(value):
                return option.label
        return str(value)


@dataclass
class Audit:
    """One audit as the command needs it: its repository, folder, battery, team."""

    repo: Repository
    folder: Path
    bundle: AuditBundle
    battery: Battery
    team: list[tuple[str, str]]  # (id, role)
    lang: str  # of the battery's words: the repository's
    note: str | None = None  # said once before the questions: --ask-in names a language the battery lacks
    # The battery read in --ask-in's language, for the questions asked; the file written keeps
    # `battery`'s words (the repository's language) in its comments, as `revision new` does.
    asked_in: Battery | None = None

    @property
    def root(self) -> Path:
        assert self.repo.root is not None  # open_audit refuses an audit outside a repository
        return self.repo.root

    def items(self, group: str) -> list[Item]:
        """The questions the battery asks `group`, in battery order, then its statements."""
        from revision_cli.models.battery import TEXT_SCALE

        battery, lang = self.asked_in or self.battery, self.lang
        found: list[Item] = []
        asked = [
            (f"{_text(area.title, lang, battery)} / {_text(sub.title, lang, battery)}", q)
            for area, sub, q in battery.questions()
        ]
        asked += [("", st) for st in battery.statements]
        for heading, q in asked:
            if group not in battery.question_groups(q):
                continue
            text = _text(q.text, lang, battery)
            if q.scale == TEXT_SCALE:
                found.append(Item(q.id, text, heading, "text"))
                continue
            scale = battery.scales[q.scale]
            if scale.options is not None:
                options = tuple(
                    Option(o.value, _text(o.label, lang, battery) if o.label is not None else str(o.value))
                    for o in scale.options
                )
                found.append(Item(q.id, text, heading, "options", options))
            elif scale.range is not None:
                found.append(Item(q.id, text, heading, "range", low=scale.range.min, high=scale.range.max))
        return found

    def codes(self) -> dict[str, str]:
        """Respondent codes in use → the file that uses each (display path)."""
        return {loaded.model.respondent: loaded.doc.display for loaded in self.bundle.interviews}

    def path_of(self, code: str) -> Path | None:
        for loaded in self.bundle.interviews:
            if loaded.model.respondent == code:
                return Path(loaded.doc.path)
        return None


def _text(text: Any, lang: str, battery: Battery) -> str:
    return " ".join(str(text.get(lang, battery.language)).split())


def open_audit(arg: str, cwd: Path, ask_in: str | None = None) -> Audit:
    """The audit AUDIT names, loaded and checked; RevisionError when its audit.yaml or
    battery cannot be used (errors in other interviews do not stop a new one). `ask_in`: a
    language tag to ask the battery's questions in (`--ask-in`)."""
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import audit_in_repository, load_audit

    repo, folder = audit_in_repository(arg, cwd)
    if repo.root is None:
        raise RevisionError(_("no revision.yaml here or above; create a repository first with 'revision init'"))
    catalog = load_catalog(repo.root)
    bundle = load_audit(folder, catalog, limits=repo.limits)
    audit_file = display_path(folder / "audit.yaml")
    blocking = [f for f in bundle.findings if f.severity is Severity.ERROR and f.path == audit_file]
    if bundle.audit is None or bundle.battery is None or blocking:
        raise RevisionError(
            _("the audit cannot take interviews until its audit.yaml and battery are valid (see 'revision validate')"),
            blocking or [f for f in [*catalog.findings, *bundle.findings] if f.severity is Severity.ERROR],
        )
    team = [(m.id, str(m.role)) for m in bundle.audit.model.team]
    # The battery's words (read aloud to the respondent) in the repository's language, or in
    # --ask-in's (a text the battery lacks in it stands in marked, models/reading.py); --lang
    # changes only the tool's own words around them.
    battery, note, asked_in = bundle.battery, None, None
    if ask_in is not None:
        from revision_cli.models.reading import read_in, unspoken

        note = unspoken(battery, ask_in)
        asked_in = read_in(battery, ask_in, battery.language)
    return Audit(repo, folder, bundle, battery, team, repo.config.language, note, asked_in)


# ---------------------------------------------------------------- codes


def light_code_problem(code: str) -> str | None:
    """What can be said against `code` before the models load (its form, a name): the
    same rules as `revision validate` (models/codes.py)."""
    from revision_cli.models.codes import RESPONDENT_PATTERN, looks_like_name

    if not re.fullmatch(RESPONDENT_PATTERN, code):
        return _("a respondent code is 1 to 32 letters a-z, digits, - or _, starting with a letter or digit, e.g. b1")
    if looks_like_name(code):
        return _("this respondent code looks like a name; use a code such as b1 or P03")
    return None


def code_problem(audit: Audit, code: str, *, editing: bool = False) -> str | None:
    """Why `code` cannot be a new respondent's code, in words, or None. Names and personal
    data are refused with the checks `revision validate` uses (checks/audit.py,
    privacy/scanner.py); a code already used is taken, unless `editing` it."""
    from revision_cli.privacy.published import TextField
    from revision_cli.privacy.scanner import find_all, load_watch_list, message

    problem = light_code_problem(code)
    if problem is not None:
        return problem
    watch, _problems = load_watch_list(audit.repo.root, audit.repo.limits)
    found = find_all(code.replace("-", " ").replace("_", " "), watch)
    if found:
        return message(found[0], TextField("interview", "respondent", identifier=True))
    if not editing:
        taken = audit.codes().get(code)
        if taken is not None:
            return _(
                "the code {code} is taken ({file}); to change that interview run: revision interview {audit} {code}"
            ).format(code=code, file=taken, audit=audit.folder.name)
        path = audit.folder / INTERVIEWS_DIR / f"{code}.yaml"
        if path.exists():
            return _("{file} already exists; choose another code").format(file=display_path(path))
    return None


# ---------------------------------------------------------------- answers


@dataclass(frozen=True)
class Answer:
    value: Any = None
    comment: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and not self.comment


class AnswerError(ValueError):
    """An answer line that does not fit its question (the message says what would)."""


def split_comment(line: str) -> tuple[str, str | None]:
    """`2 # a comment` → ("2", "a comment"); a `#` inside a word is text."""
    match = COMMENT.search(line)
    if match is None:
        return line.strip(), None
    return line[: match.start()].strip(), (line[match.end() :].strip() or None)


def parse_answer(item: Item, line: str) -> Answer:
    """What an answer line means for `item` (not Enter and not BACK: the session decides
    those). AnswerError says what fits instead."""
    text, comment = split_comment(line)
    if text in ("", CLEAR):
        return Answer(None, comment)
    if item.kind == "text":
        return Answer(text, comment)
    if item.kind == "range":
        if re.fullmatch(r"[+-]?\d+", text) and item.low <= int(text) <= item.high:
            return Answer(int(text), comment)
        raise AnswerError(_("answer with a whole number from {min} to {max}").format(min=item.low, max=item.high))
    if text.isdigit() and 1 <= int(text) <= len(item.options):
        return Answer(item.options[int(text) - 1].value, comment)
    folded = " ".join(text.casefold().split())
    for option in item.options:
        if folded in (str(option.value).casefold(), " ".join(option.label.casefold().split())):
            return Answer(option.value, comment)
    raise AnswerError(
        _("answer with a number from 1 to {n} ({choices})").format(n=len(item.options), choices=item.choices())
    )


YES = ("j", "ja", "y", "yes", "true")
NO = ("n", "nej", "no", "false")


def parse_yes_no(line: str) -> bool | None:
    """True, False, or None when the line is neither (the session asks again)."""
    word = line.strip().casefold()
    return True if word in YES else False if word in NO else None


def parse_date(line: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", line.strip()):
            raise ValueError
        return dt.date.fromisoformat(line.strip())
    except ValueError:
        raise AnswerError(_("write the date as YYYY-MM-DD, e.g. 2025-03-12")) from None


def parse_interviewers(audit: Audit, line: str) -> list[str]:
    """`1 3`, `A C` or `A, C` → team ids; AnswerError names the team."""
    chosen: list[str] = []
    ids = [member for member, _role in audit.team]
    for word in re.split(r"[\s,]+", line.strip()):
        if not word:
            continue
        if word in ids:
            who = word
        elif word.isdigit() and 1 <= int(word) <= len(ids):
            who = ids[int(word) - 1]
        else:
            listed = "  ".join(f"{i} {m}" for i, m in enumerate(ids, 1)) or _("nobody yet")
            raise AnswerError(_("choose interviewers from the audit's team: {team}").format(team=listed))
        if who not in chosen:
            chosen.append(who)
    return chosen


# ---------------------------------------------------------------- the interview


@dataclass
class Entry:
    """One interview as entered (or as read, to be changed)."""

    respondent: str
    group: str = ""
    date: dt.date | None = None
    interviewers: list[str] = field(default_factory=list)
    consent: bool | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    quotes: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Opened:
    """An interview to change: where it is, its text, and what it held when read."""

    path: Path
    text: str
    entry: Entry
    draft: bool = False


def _entry_of(data: dict[str, Any], code: str, battery: Battery) -> Entry:
    """The interview as entered; each answer under its id in the battery (an audit of several
    batteries: an answer written battery.id is the question the session asks as such)."""
    from revision_cli.models.combined import canonical_id  # pydantic: not before the first prompt

    entry = Entry(code)
    entry.group = str(data.get("group") or "")
    when = data.get("date")
    entry.date = when if isinstance(when, dt.date) else None
    entry.interviewers = [str(i) for i in data.get("interviewers") or [] if isinstance(i, str)]
    consent = data.get("consent")
    entry.consent = {True: True, False: False, "ja": True, "nej": False}.get(consent) if consent is not None else None
    for key, value in (data.get("answers") or {}).items():
        name = canonical_id(battery, "question", str(key))
        if isinstance(value, dict):
            entry.answers[name] = Answer(value.get("value"), value.get("comment"))
        else:
            entry.answers[name] = Answer(value)
    for quote in data.get("quotes") or []:
        if isinstance(quote, dict) and isinstance(quote.get("text"), str):
            entry.quotes.append((quote["text"], quote.get("publish") in (True, "ja")))
    return entry


def draft_path(audit: Audit, code: str) -> Path:
    return audit.folder / INTERVIEWS_DIR / f"{DRAFT_PREFIX}{code}.yaml"


def open_interview(audit: Audit, code: str, *, draft: bool = False) -> Opened | None:
    """The interview of `code` (or its draft) to change, or None when there is none."""
    from revision_cli.files.yaml_io import read

    path = draft_path(audit, code) if draft else audit.path_of(code)
    if path is None or not path.is_file():
        return None
    doc, findings = read(path)
    if doc is None or doc.text is None or not isinstance(doc.data, dict):
        raise RevisionError(
            _("{file} cannot be read; fix it first (see 'revision validate')").format(file=display_path(path)), findings
        )
    return Opened(path, doc.text, _entry_of(doc.data, code, audit.battery), draft)


def new_text(audit: Audit, group: str, path: Path) -> str:
    """An empty interview of `group` exactly as `revision new` scaffolds one (no template lines)."""
    from revision_cli.operations.scaffold import interview_text
    from revision_cli.operations.schemas import modeline

    return modeline(path, audit.root, "interview") + interview_text(audit.battery, group, template=False)


def build(audit: Audit, entry: Entry, base: Opened | None, path: Path, order: list[str]) -> str:
    """The file's new text: `base` (an interview read, or None for a new one) with `entry`'s
    values put in, through the round-trip editor (comments, order and quoting kept)."""
    from revision_cli.files import roundtrip
    from revision_cli.files.pyyaml import yaml

    if base is None:
        text = new_text(audit, entry.group, path)
        before = _entry_of(
            yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), entry.respondent, audit.battery
        )
        before.respondent = ""  # the template's x1: always replaced
    else:
        text, before = base.text, base.entry
    try:
        document = roundtrip.load(text)
        _fill(document, entry, before, order, audit.battery)
        return roundtrip.dump(document)
    except roundtrip.RoundTripError:
        raise RevisionError(
            _("{file} cannot be rewritten safely; nothing was written").format(file=display_path(path))
        ) from None


def _fill(document: Document, entry: Entry, old: Entry, order: list[str], battery: Battery) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = document.data
    if not isinstance(data, CommentedMap):
        raise RevisionError(_("the interview file does not hold keys and values"))
    if entry.respondent != old.respondent:
        _put(data, "respondent", entry.respondent)
    if entry.group != old.group:
        _put(data, "group", entry.group)
    if entry.date != old.date:
        _put(data, "date", _verbatim("timestamp", entry.date.isoformat()) if entry.date else None)
    if entry.interviewers != old.interviewers:
        seq = CommentedSeq(entry.interviewers)
        seq.fa.set_flow_style()
        _put(data, "interviewers", seq)
    if entry.consent != old.consent:
        _put(
            data, "consent", None if entry.consent is None else _verbatim("bool", "true" if entry.consent else "false")
        )
    answers = data.get("answers")
    if not isinstance(answers, CommentedMap):
        answers = CommentedMap()
        _put(data, "answers", answers)
    for question in order:
        new = entry.answers.get(question, Answer())
        was = old.answers.get(question, Answer())
        if new == was:
            continue
        _put_answer(answers, question, new, order, battery)
    if entry.quotes != old.quotes:
        _put_quotes(data, entry.quotes)


def _put_quotes(data: Any, quotes: list[tuple[str, bool]]) -> None:
    """The quotes, in the file's own list where it has one: a quote kept keeps its node (its
    quoting), one whose publish changed changes only that, and the comments after the list
    stay after it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    current = data.get("quotes")
    seq = current if isinstance(current, CommentedSeq) else CommentedSeq()
    kept: dict[str, Any] = {}
    for node in seq:
        if isinstance(node, CommentedMap) and isinstance(node.get("text"), str):
            kept.setdefault(str(node["text"]), node)
    trailing = seq.ca.items.pop(len(seq) - 1, None) if len(seq) else None
    nodes = []
    for text, publish in quotes:
        node = kept.pop(text, None)
        if node is None:
            node = CommentedMap([("text", text), ("publish", _verbatim("bool", "true" if publish else "false"))])
            node.fa.set_flow_style()
        elif _truth(node.get("publish")) != publish:
            _put(node, "publish", _verbatim("bool", "true" if publish else "false"))
        nodes.append(node)
    del seq[:]
    seq.extend(nodes)
    if trailing is not None and nodes:
        seq.ca.items[len(nodes) - 1] = trailing
    if nodes:
        seq.fa.set_block_style()
    else:
        seq.fa.set_flow_style()
    if seq is not current:
        _put(data, "quotes", seq)


def _truth(value: Any) -> bool:
    from revision_cli.files.roundtrip import Verbatim

    text = value.text if isinstance(value, Verbatim) else value
    return str(text) in ("true", "True", "TRUE", "ja")


def _verbatim(kind: str, text: str) -> Any:
    from revision_cli.files.roundtrip import Verbatim

    return Verbatim(f"tag:yaml.org,2002:{kind}", text, None, None)


def _key(node: Any, name: str) -> Any:
    from revision_cli.files.roundtrip import Verbatim

    for key in node:
        if (key.text if isinstance(key, Verbatim) else str(key)) == name:
            return key
    return None


def _answer_key(answers: Any, question: str, battery: Battery) -> Any:
    """The key of `question`'s answer as the file writes it (bare or as battery.id)."""
    from revision_cli.files.roundtrip import Verbatim
    from revision_cli.models.combined import canonical_id

    for key in answers:
        if canonical_id(battery, "question", key.text if isinstance(key, Verbatim) else str(key)) == question:
            return key
    return None


def _put(node: Any, name: str, value: Any) -> None:
    key = _key(node, name)
    if key is None:
        node[name] = value
    else:
        node[key] = value


def _scalar(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return _verbatim("bool", "true" if value else "false")
    return value


def _put_answer(answers: Any, question: str, new: Answer, order: list[str], battery: Battery) -> None:
    from ruamel.yaml.comments import CommentedMap

    key = _answer_key(answers, question, battery)
    current = answers[key] if key is not None else None
    plain = isinstance(current, CommentedMap) and {str(k) for k in current} <= {"value", "comment"}
    if plain and not new.comment:  # a long form left with a value only: the short form
        answers[key] = _scalar(new.value)
        return
    if isinstance(current, CommentedMap):  # the long form: change its value and comment in place
        _put(current, "value", _scalar(new.value))
        if new.comment:
            _put(current, "comment", new.comment)
        elif _key(current, "comment") is not None:
            del current[_key(current, "comment")]
        return
    if new.comment:
        value: Any = CommentedMap([("value", _scalar(new.value)), ("comment", new.comment)])
        value.fa.set_flow_style()
    else:
        value = _scalar(new.value)
    if key is not None:
        answers[key] = value
        return
    # A question the file lacks goes after the nearest one before it in battery order.
    position = 0
    keys = [k.text if hasattr(k, "text") and not isinstance(k, str) else str(k) for k in answers]
    for earlier in reversed(order[: order.index(question)]):
        if earlier in keys:
            position = keys.index(earlier) + 1
            break
    answers.insert(position, question, value)
    answers.fa.set_block_style()


# ---------------------------------------------------------------- checking and writing


class _Overlay:
    """The working tree with one file replaced (or added) by the text about to be written."""

    def __init__(self, path: Path, text: str):
        from revision_cli.files.sources import DiskFiles

        self.disk, self.path, self.data = DiskFiles(), Path(path), text.encode("utf-8")

    def read_bytes(self, path: Path) -> bytes:
        return self.data if Path(path) == self.path else self.disk.read_bytes(path)

    def is_file(self, path: Path) -> bool:
        return Path(path) == self.path or self.disk.is_file(path)

    def is_dir(self, path: Path) -> bool:
        return self.disk.is_dir(path)

    def children(self, folder: Path) -> list[Path]:
        found = self.disk.children(folder)
        if self.path.parent == Path(folder) and self.path not in found:
            found = sorted([*found, self.path])
        return found


def check(audit: Audit, path: Path, text: str, entry: Entry) -> list[Finding]:
    """Every finding `revision validate` would have about the file at `path` holding
    `text`, with the audit's other files as they are; and an error should the text not
    read back as what was entered (it never should)."""
    from revision_cli.files.yaml_io import read
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import load_audit

    overlay = _Overlay(path, text)
    bundle = load_audit(audit.folder, load_catalog(audit.root), files=overlay, limits=audit.repo.limits)
    shown = display_path(path)
    found = [f for f in bundle.findings if f.path == shown]
    doc, _read = read(path, overlay)
    if doc is None or _normal(_entry_of(doc.data, entry.respondent, audit.battery)) != _normal(entry):
        found.append(Finding(shown, 1, 1, "interview-entry", _("the file would not read back as what was entered")))
    return found


def _normal(entry: Entry) -> Entry:
    """`entry` as it reads back: an empty answer is the same as none."""
    answers = {k: a for k, a in entry.answers.items() if not a.empty}
    return Entry(entry.respondent, entry.group, entry.date, entry.interviewers, entry.consent, answers, entry.quotes)


def write(audit: Audit, path: Path, text: str, *, replace: bool, draft_of: str | None = None) -> None:
    """Write the interview once, atomically (a new file never over an existing one), then
    remove the respondent's draft, if any."""
    from revision_cli.errors import write_failure
    from revision_cli.files.atomic import atomic_write
    from revision_cli.files.lock import repository_lock

    with repository_lock(audit.root):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text, exclusive=not replace)
        except FileExistsError:
            raise RevisionError(
                _("{file} already exists; nothing was written").format(file=display_path(path))
            ) from None
        except OSError as exc:
            raise write_failure(exc, _("nothing was written")) from None
        if draft_of is not None:
            draft = draft_path(audit, draft_of)
            if draft.is_file() and draft != path:
                draft.unlink()


def write_draft(audit: Audit, entry: Entry, base: Opened | None, order: list[str]) -> Path:
    """The interview so far as `interviews/_utkast-CODE.yaml` (never read as an interview)."""
    from revision_cli.errors import write_failure
    from revision_cli.files.atomic import atomic_write

    path = draft_path(audit, entry.respondent)
    text = build(audit, entry, base, path, order)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
    except OSError as exc:
        raise write_failure(exc, _("no draft was kept")) from None
    return path


def today() -> dt.date:
    from revision_cli.checks.retention import default_today

    return default_today()


def usage(message: str) -> UsageError:
    return UsageError(message)
