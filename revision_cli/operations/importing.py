"""`revision import AUDIT FILE`: one interview per row of a web-form export (CSV or .xlsx),
as the mapping file says; and `--make-mapping`, a first mapping for a person to check.

All or nothing: every problem of the export and the mapping is collected (FILE:row:column,
MAP.yaml:line:column), and with any error, or an interview file that exists already, no
file is written. The files written have the shape of the template `revision new` writes
(operations/scaffold.py) and validate.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revision_cli.errors import Finding, RevisionError, Severity, display_path, write_failure
from revision_cli.files.tables import Cell, Table, read_table
from revision_cli.i18n import _
from revision_cli.models.battery import TEXT_SCALE, Battery, Question
from revision_cli.models.codes import RESPONDENT_PATTERN
from revision_cli.models.combined import canonical_id
from revision_cli.models.mapping import Mapping
from revision_cli.models.words import group_id
from revision_cli.operations.scaffold import Filled, _q, interview_text
from revision_cli.privacy.scanner import WatchList, describe, find_all, load_watch_list, mask
from revision_cli.repository.locate import INTERVIEWS_DIR, Repository
from revision_cli.scoring.scales import allowed_values, is_valid_value, scale_of

if TYPE_CHECKING:
    from revision_cli.files.loading import Loaded

_RESPONDENT = re.compile(RESPONDENT_PATTERN)
# Plain YAML words that would not read back as text.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

# Headers of columns that hold who answered (compared casefolded, letters and digits only).
PERSONAL_HEADERS = {
    "name", "namn", "dittnamn", "yourname", "fullname", "fulltnamn", "firstname", "lastname", "surname",
    "fornamn", "förnamn", "efternamn", "respondentname", "email", "emailaddress", "epost", "epostadress",
    "mail", "mejl", "mejladress", "phone", "phonenumber", "telefon", "telefonnummer", "mobil", "mobilnummer",
    "personnummer", "username", "användarnamn",
}  # fmt: skip
# The form tools' own columns (Microsoft Forms, Google Forms, LimeSurvey, KoboToolbox,
# Netigate, Esmaker), in both languages: never answers.
METADATA_HEADERS = {
    "id", "starttime", "completiontime", "lastmodifiedtime", "starttid", "slutförandetid",
    "tidförsenasteändring", "timestamp", "tidstämpel", "tidsstämpel", "score", "poäng", "responseid",
    "submitdate", "datesubmitted", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
    "dateoflastaction", "datestarted", "ipaddr", "ipaddress", "refurl", "referrerurl", "token",
    "accesscode", "interviewtime", "totaltime", "svarsid", "senastesida", "startspråk", "slumptal",
    "datuminskickat", "start", "end", "today", "deviceid", "simserial", "subscriberid", "audit",
    "auditurl", "uuid", "submissiontime", "validationstatus", "notes", "status", "submittedby",
    "version", "tags", "index", "instanceid", "respondentid", "respondent", "startdatum", "slutdatum",
    "skickad", "besvarad", "språk", "language", "ip", "datum", "date", "löpnummer", "nr",
}  # fmt: skip
RESPONDENT_HEADERS = ("id", "responseid", "respondentid", "svarsid", "respondent", "löpnummer", "nr", "index")
DATE_HEADERS = (
    "completiontime", "slutförandetid", "submitdate", "datesubmitted", "datuminskickat", "end",
    "submissiontime", "timestamp", "tidstämpel", "tidsstämpel", "skickad", "besvarad", "slutdatum", "datum",
    "date", "today",
)  # fmt: skip
CONSENT_WORDS = ("samtycke", "samtycker", "consent", "godkänn", "medgiv")
GROUP_WORDS = ("grupp", "group", "jagär", "iam", "roll", "role")
# A header matched to a question at least this well is mapped by --make-mapping.
MATCH = 0.6
_YES = {"ja", "yes", "true", "j", "y", "1", "jaggodkänner", "jagsamtycker", "iagree", "agree"}
_NO = {"nej", "no", "false", "n", "0", "jaggodkännerinte", "jagsamtyckerinte", "idonotagree", "disagree"}


def _bare(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _header_key(header: str) -> str:
    """A header as a question's text is compared with it: without a KoboToolbox group path
    (`grupp/fraga`), a number before it (`3. `, `Q3: `) or a LimeSurvey code in brackets."""
    text = header.rsplit("/", 1)[-1]
    text = re.sub(r"^\s*(?:[A-Za-z]{0,2}\d+[a-z]?\s*[.:)\-]\s*)", "", text)
    text = re.sub(r"\[[^\]]*\]\s*$", "", text)
    return " ".join(text.replace("_", " ").split()).casefold()


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def closest_question(header: str, questions: Iterable[Question]) -> tuple[Question | None, float]:
    """The question whose text (in any language) or id is nearest the header, and how near (0-1)."""
    key = _header_key(header)
    best: tuple[Question | None, float] = (None, 0.0)
    for q in questions:
        candidates = [t.casefold() for t in q.text.all()] + [q.id.replace("-", " ")]
        score = max(_ratio(key, c) for c in candidates)
        if score > best[1]:
            best = (q, score)
    return best


def _percent(ratio: float) -> str:
    return f"{round(ratio * 100)} %"


# ---------------------------------------------------------------- cells


def cell_text(cell: Cell) -> str:
    """A cell as text: a whole number without `.0`, a date as YYYY-MM-DD."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def cell_number(cell: Cell, decimal_comma: bool) -> int | None:
    """A whole number a cell holds (4, 4.0, "4", "4,0"), else None."""
    if isinstance(cell, bool) or cell is None or isinstance(cell, (dt.date, dt.datetime)):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    text = cell.strip().replace("\u2212", "-")
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[.\-](\d{1,2})[.\-](\d{4}|\d{2})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_TIME = re.compile(
    r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp][Mm])?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5}|\(?UTC[+-]?\d*\)?))?)?\s*"
)


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def slash_order(cells: Iterable[Cell]) -> str | None:
    """'dmy' or 'mdy' for a column of a/b/yyyy dates when its values tell, else None."""
    day_first = month_first = False
    for cell in cells:
        m = _SLASHED.match(cell) if isinstance(cell, str) else None
        if m:
            day_first |= int(m[1]) > 12
            month_first |= int(m[2]) > 12
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    return None


def parse_date(cell: Cell, fmt: str | None, order: str | None) -> dt.date:
    """The date in a cell (a date, a date and time, in the forms the tools write), or ValueError."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell_text(cell)
    if fmt is not None:
        for candidate in (text, text.split()[0] if text.split() else text, text.split("T")[0]):
            try:
                return dt.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
        raise ValueError(text)
    for pattern, kind in ((_ISO, "ymd"), (_DAY_FIRST, "dmy"), (_SLASHED, order or "?")):
        m = pattern.match(text)
        if m is None or not _TIME.fullmatch(text, m.end()):
            continue
        if kind == "?":
            raise ValueError("ambiguous")
        if kind == "ymd":
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if kind == "dmy":
            return dt.date(_year(m[3]), int(m[2]), int(m[1]))
        return dt.date(_year(m[3]), int(m[1]), int(m[2]))
    raise ValueError(text)


def _scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back as that text."""
    if _PLAIN.fullmatch(text) and text.casefold() not in _YAML_WORDS:
        return text
    return _q(text)


# ---------------------------------------------------------------- personal columns


def personal_column(header: str, cells: list[Cell], watch: WatchList) -> str | None:
    """What a column holds when it holds who answered ("names", "e-mail addresses"), else None:
    by its header, or by its cells when most of them are wholly an address, a number or a
    name the scanner finds."""
    bare = _bare(header.rsplit("/", 1)[-1])
    if bare in PERSONAL_HEADERS or any(bare.startswith(p) for p in ("email", "epost", "namn")):
        return _("e-mail addresses") if "mail" in bare or "post" in bare else _("names or contact details")
    texts = [cell_text(c) for c in cells if c not in (None, "")]
    if not texts:
        return None
    whole = 0
    kinds: set[str] = set()
    for text in texts[:200]:
        found = find_all(text, watch)
        if found and sum(m.end - m.start for m in found) >= 0.8 * len(text):
            whole += 1
            kinds.update(m.kind for m in found)
    if whole * 2 >= min(len(texts), 200):
        return _("e-mail addresses") if kinds == {"email-address"} else _("names or contact details")
    return None


# ---------------------------------------------------------------- the import


@dataclass
class ImportRun:
    audit: str
    export: str
    dry_run: bool
    findings: list[Finding] = field(default_factory=list)
    files: list[tuple[Path, str]] = field(default_factory=list)  # what is (or would be) written
    written: bool = False

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)


@dataclass
class _Context:
    table: Table
    battery: Battery
    mapping: Loaded[Mapping]
    watch: WatchList
    findings: list[Finding]

    def at(self, row: int, column: int, code: str, message: str) -> None:
        self.findings.append(Finding(self.table.display, row, column + 1, code, message))

    def in_mapping(self, loc: tuple[str | int, ...], code: str, message: str, key: bool = False) -> None:
        self.findings.append(self.mapping.finding(loc, code, message, key=key))


def import_export(repo: Repository, folder: Path, export: Path, mapping_path: Path, dry_run: bool = False) -> ImportRun:
    """Read the export and the mapping, check every row, and write one interview per row
    (with dry_run, only say what would be written)."""
    from revision_cli.files.loading import load

    battery, existing = _audit(repo, folder)
    run = ImportRun(folder.name, display_path(export), dry_run)
    table, found = read_table(export)
    run.findings += found
    loaded, found = load(mapping_path, Mapping, limits=repo.limits)
    run.findings += found
    if table is None or loaded is None:
        return run
    watch, problems = load_watch_list(repo.root, repo.limits)
    if any(p.severity is Severity.ERROR for p in problems):
        run.findings += problems
        return run
    ctx = _Context(table, battery, loaded, watch, run.findings)
    columns = _check_columns(ctx)
    run.files = _rows(ctx, columns, folder, existing, export.name)
    if not run.ok or dry_run:
        if not run.ok:
            run.files = []
        return run
    _write(repo, run)
    return run


def _audit(repo: Repository, folder: Path) -> tuple[Battery, dict[str, str]]:
    """The audit's battery, and the respondent codes of its interviews (code → file)."""
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import load_audit

    bundle = load_audit(folder, load_catalog(repo.root), limits=repo.limits)
    if bundle.battery is None:
        raise RevisionError(
            _("the audit's battery cannot be read; fix the problems first (see 'revision validate')"),
            [f for f in bundle.findings if f.severity is Severity.ERROR],
        )
    return bundle.battery, {i.model.respondent: i.doc.display for i in bundle.interviews}


@dataclass
class _Columns:
    respondent: int | None
    group: int | None
    date: int | None
    date_order: str | None
    consent: int | None
    questions: dict[int, Question]
    group_value: str | None


def _column_of(ctx: _Context, header: str | None, loc: tuple[str | int, ...], index: dict[str, int]) -> int | None:
    if header is None:
        return None
    if header in index:
        return index[header]
    close = difflib.get_close_matches(header, list(index), n=1, cutoff=0.5)
    hint = _("; did you mean '{value}'?").format(value=close[0]) if close else ""
    ctx.in_mapping(
        loc, "import-unknown-column", _("the export has no column '{header}'{hint}").format(header=header, hint=hint)
    )
    return None


def _check_columns(ctx: _Context) -> _Columns:
    """The mapping against the export's headers and the battery: every column mapped or
    ignored, every question and option known."""
    table, battery, mapping = ctx.table, ctx.battery, ctx.mapping.model
    index: dict[str, int] = {}
    for i, header in enumerate(table.headers):
        if header in index and header not in mapping.ignore:
            ctx.at(1, i, "import-duplicate-column", _("the column '{header}' appears twice").format(header=header))
        index.setdefault(header, i)
    used: dict[int, str] = {}

    def take(header: str | None, loc: tuple[str | int, ...]) -> int | None:
        column = _column_of(ctx, header, loc, index)
        if column is not None:
            used[column] = header or ""
        return column

    respondent = take(mapping.respondent.column, ("respondent", "column"))
    group_value = None
    g = mapping.group
    if (g.value is None) == (g.column is None):
        ctx.in_mapping(("group",), "import-mapping", _("give the group either as value or as column"))
    if g.value is not None:
        group_value = group_id(g.value, battery.groups)
        if group_value is None:
            ctx.in_mapping(("group", "value"), "import-mapping", _unknown_group(g.value, battery))
    for key, target in (g.values or {}).items():
        if group_id(target, battery.groups) is None:
            ctx.in_mapping(("group", "values", key), "import-mapping", _unknown_group(target, battery))
    group = take(g.column, ("group", "column"))
    date = date_order = None
    if mapping.date is not None:
        d = mapping.date
        if d.value is not None and d.column is not None:
            ctx.in_mapping(("date",), "import-mapping", _("give the date either as value or as column"))
        date = take(d.column, ("date", "column"))
        if date is not None and d.format is None:
            date_order = slash_order(table.column(date))
    consent = None
    if mapping.consent is not None:
        c = mapping.consent
        if c.value is not None and c.column is not None:
            ctx.in_mapping(("consent",), "import-mapping", _("give consent either as value or as column"))
        consent = take(c.column, ("consent", "column"))
    answerable = battery.answerable()
    questions: dict[int, Question] = {}
    for header, spec in mapping.questions.items():
        column = take(header, ("questions", header))
        # An audit of several batteries: an id only one of them has may be written battery.id.
        question = answerable.get(canonical_id(battery, "question", spec.question))
        if question is None:
            close = difflib.get_close_matches(spec.question, list(answerable), n=1)
            hint = _("; did you mean '{value}'?").format(value=close[0]) if close else ""
            ctx.in_mapping(
                ("questions", header, "question"),
                "import-mapping",
                _("the battery has no question '{id}'{hint}").format(id=spec.question, hint=hint),
            )
            continue
        for said, answer in (spec.values or {}).items():
            if answer is not None and question.scale != TEXT_SCALE and not is_valid_value(battery, question, answer):
                ctx.in_mapping(
                    ("questions", header, "values", said),
                    "import-mapping",
                    _("{value} is not an answer to {id}; allowed: {allowed}").format(
                        value=answer, id=question.id, allowed=allowed_values(battery, question)
                    ),
                )
        if column is not None:
            questions[column] = question
    for i, header in enumerate(mapping.ignore):
        if header not in index:
            _column_of(ctx, header, ("ignore", i), index)
        elif index[header] in used:
            ctx.in_mapping(
                ("ignore", i), "import-mapping", _("'{header}' is both mapped and ignored").format(header=header)
            )
    ignored = set(mapping.ignore)
    candidates = list(answerable.values())
    for i, header in enumerate(table.headers):
        holds = personal_column(header, table.column(i), ctx.watch)
        if holds is not None and header not in ignored:
            ctx.at(
                1,
                i,
                "import-personal-column",
                _("the column '{header}' holds {what}; list it under ignore (it is never imported)").format(
                    header=header, what=holds
                ),
            )
        elif i not in used and header not in ignored:
            question, ratio = closest_question(header, candidates)
            near = (
                _("; the closest question is {id} ({text}, {ratio})").format(
                    id=question.id, text=question.text.get(battery.language), ratio=_percent(ratio)
                )
                if question is not None
                else ""
            )
            ctx.at(
                1,
                i,
                "import-unmapped-column",
                _(
                    "the column '{header}' is not in the mapping: map it under questions or list it under ignore{near}"
                ).format(header=header, near=near),
            )
    return _Columns(respondent, group, date, date_order, consent, questions, group_value)


def _unknown_group(value: str, battery: Battery) -> str:
    return _("'{value}' is not a group of the battery ({groups})").format(value=value, groups=", ".join(battery.groups))


def _lookup(values: dict[str, Any] | None, text: str) -> tuple[bool, Any]:
    """(found, target) for a cell's text in a mapping's values: exactly, else ignoring case and spaces."""
    if not values:
        return False, None
    if text in values:
        return True, values[text]
    folded = " ".join(text.split()).casefold()
    for key, target in values.items():
        if " ".join(key.split()).casefold() == folded:
            return True, target
    return False, None


def _closest(text: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(text.casefold(), {c.casefold(): c for c in choices}, n=1, cutoff=0.0)
    folded = {c.casefold(): c for c in choices}
    return _("; the closest is '{value}'").format(value=folded[close[0]]) if close else ""


def _rows(
    ctx: _Context, columns: _Columns, folder: Path, existing: dict[str, str], source: str
) -> list[tuple[Path, str]]:
    from revision_cli.operations.schemas import modeline

    table, battery, mapping = ctx.table, ctx.battery, ctx.mapping.model
    seen: dict[str, int] = {}
    files: list[tuple[Path, str]] = []
    target_dir = folder / INTERVIEWS_DIR
    root = folder.parent.parent
    for n, (row, number) in enumerate(zip(table.rows, table.row_numbers, strict=True), start=1):
        code = _respondent(ctx, columns, row, number, n, seen, existing, target_dir)
        group = _group(ctx, columns, row, number)
        date = _date(ctx, columns, row, number)
        consent = _consent(ctx, columns, row, number)
        answers: dict[str, str] = {}
        for column, question in columns.questions.items():
            cell = row[column]
            if cell in (None, ""):
                continue
            value = _answer(ctx, question, mapping.questions[table.headers[column]].values, cell, number, column)
            if value is None:
                continue
            if group is not None and group not in battery.question_groups(question):
                ctx.at(
                    number,
                    column,
                    "import-unknown-value",
                    _("{id} is not asked of the group {group}; leave the cell empty").format(
                        id=question.id, group=group
                    ),
                )
                continue
            answers[question.id] = value
        if code is None or group is None:
            continue
        path = target_dir / f"{code}.yaml"
        note = [_("Imported by revision import from {file}, row {row}.").format(file=source, row=number)]
        text = interview_text(battery, group, Filled(code, date, consent, answers, note))
        files.append((path, modeline(path, root, "interview") + text))
    return files


def _respondent(
    ctx: _Context,
    columns: _Columns,
    row: list[Cell],
    number: int,
    n: int,
    seen: dict[str, int],
    existing: dict[str, str],
    target_dir: Path,
) -> str | None:
    prefix = ctx.mapping.model.respondent.prefix
    column = columns.respondent if columns.respondent is not None else 0
    if columns.respondent is None:
        value = str(n)
    else:
        value = cell_text(row[column])
        if not value:
            ctx.at(number, column, "import-respondent-empty", _("this row has no respondent code"))
            return None
    code = prefix + value
    if not _RESPONDENT.match(code):
        ctx.at(
            number,
            column,
            "import-respondent-invalid",
            _("'{code}' is not a respondent code: letters, digits, - and _, at most 32 characters").format(
                code=mask_code(code)
            ),
        )
        return None
    if (not any(ch.isdigit() for ch in code) and len(code) > 3) or any(ch.isspace() for ch in code):
        ctx.at(
            number,
            column,
            "import-respondent-invalid",
            _("this respondent code looks like a name; use a column of numbers"),
        )
        return None
    if code in seen:
        ctx.at(
            number,
            column,
            "import-respondent-duplicate",
            _("the respondent code '{code}' is also in row {row}").format(code=code, row=seen[code]),
        )
        return None
    seen[code] = number
    if code in existing:
        ctx.at(
            number,
            column,
            "import-respondent-duplicate",
            _("the respondent code '{code}' is already used by {file}").format(code=code, file=existing[code]),
        )
        return None
    path = target_dir / f"{code}.yaml"
    if path.exists() or path.is_symlink():
        ctx.at(
            number,
            column,
            "import-file-exists",
            _("{file} exists already; nothing is written").format(file=display_path(path)),
        )
        return None
    return code


def mask_code(code: str) -> str:
    from revision_cli.privacy.scanner import masked_text

    shown = masked_text(code)
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _group(ctx: _Context, columns: _Columns, row: list[Cell], number: int) -> str | None:
    if columns.group is None:
        return columns.group_value
    battery, spec = ctx.battery, ctx.mapping.model.group
    text = cell_text(row[columns.group])
    found, target = _lookup(spec.values, text)
    group = group_id(str(target), battery.groups) if found and target is not None else group_id(text, battery.groups)
    if group is None:
        choices = list(spec.values or {}) + list(battery.groups)
        ctx.at(
            number,
            columns.group,
            "import-unknown-value",
            _("'{value}' is not a group in the mapping{closest}").format(
                value=_shown(text), closest=_closest(text, choices)
            ),
        )
    return group


def _date(ctx: _Context, columns: _Columns, row: list[Cell], number: int) -> dt.date | None:
    spec = ctx.mapping.model.date
    if spec is None:
        return None
    if columns.date is None:
        return spec.value
    cell = row[columns.date]
    if cell in (None, ""):
        return None
    try:
        return parse_date(cell, spec.format, columns.date_order)
    except ValueError as exc:
        if str(exc) == "ambiguous":
            message = _(
                "'{value}' may be day/month or month/day; say which in the mapping, e.g. date: {{column: …, "
                'format: "%d/%m/%Y"}}'
            ).format(value=cell_text(cell))
        else:
            message = _("'{value}' is not a date; write it as YYYY-MM-DD").format(value=_shown(cell_text(cell)))
        ctx.at(number, columns.date, "import-date", message)
        return None


def _consent(ctx: _Context, columns: _Columns, row: list[Cell], number: int) -> bool | None:
    spec = ctx.mapping.model.consent
    if spec is None:
        return None
    if columns.consent is None:
        return spec.value
    text = cell_text(row[columns.consent])
    if not text:
        return None
    found, target = _lookup(spec.values, text)
    if found:
        return target if target is None else bool(target)
    if spec.values is None:
        if _bare(text) in _YES:
            return True
        if _bare(text) in _NO:
            return False
    ctx.at(
        number,
        columns.consent,
        "import-unknown-value",
        _("'{value}' is not a consent in the mapping{closest}").format(
            value=_shown(text), closest=_closest(text, list(spec.values or {}) or ["ja", "nej"])
        ),
    )
    return None


def _answer(
    ctx: _Context, question: Question, values: dict[str, Any] | None, cell: Cell, number: int, column: int
) -> str | None:
    """The answer's value as YAML writes it, or None (not answered, or a finding)."""
    battery, table = ctx.battery, ctx.table
    text = cell_text(cell)
    found, target = _lookup(values, text)
    if found:
        if target is None:
            return None
        return str(target) if isinstance(target, int) else _scalar(str(target))
    scale = scale_of(battery, question)
    if scale is None:  # free text
        for match in find_all(text, ctx.watch):
            ctx.at(
                number,
                column,
                "import-personal-data",
                _("this answer contains {what} ({shown}); remove it from the export").format(
                    what=describe(match.kind), shown=mask(match)
                ),
            )
        return _q(text)
    if scale.options is not None:
        for option in scale.options:
            if text == str(option.value):
                return str(option.value) if isinstance(option.value, int) else _scalar(option.value)
        if values is None:
            folded = " ".join(text.split()).casefold()
            for option in scale.options:
                labels = option.label.all() if option.label is not None else []
                if folded in (" ".join(label.split()).casefold() for label in labels):
                    return str(option.value) if isinstance(option.value, int) else _scalar(option.value)
        choices = list(values or {}) + [str(o.value) for o in scale.options]
        choices += [label for o in scale.options if o.label is not None for label in o.label.all()]
        ctx.at(
            number,
            column,
            "import-unknown-value",
            _("'{value}' is not in the mapping for {id}{closest}").format(
                value=_shown(text), id=question.id, closest=_closest(text, choices)
            ),
        )
        return None
    number_value = cell_number(cell, table.decimal_comma)
    if number_value is not None and is_valid_value(battery, question, number_value):
        return str(number_value)
    ctx.at(
        number,
        column,
        "import-unknown-value",
        _("'{value}' is not an answer to {id}: {allowed}").format(
            value=_shown(text), id=question.id, allowed=allowed_values(battery, question)
        ),
    )
    return None


def _shown(text: str) -> str:
    from revision_cli.privacy.scanner import masked_text

    shown = masked_text(text)
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _write(repo: Repository, run: ImportRun) -> None:
    from revision_cli.files.atomic import Changes
    from revision_cli.files.lock import repository_lock

    with repository_lock(repo.root or run.files[0][0].parent):
        try:
            with Changes(many=True) as changes:
                for path, text in run.files:
                    changes.write(path, text, exclusive=True)
                changes.commit()
        except FileExistsError as exc:
            raise RevisionError(
                _("{file} exists already; nothing was written").format(file=display_path(exc.filename or ""))
            ) from None
        except OSError as exc:
            raise write_failure(exc, _("nothing was written")) from None
    run.written = True


# ---------------------------------------------------------------- --make-mapping


def make_mapping(repo: Repository, folder: Path, export: Path, target: Path) -> list[str]:
    """Write a first mapping for `export` to `target` (never over an existing file): each
    header matched to the closest question, each distinct value to the closest option,
    with the confidence of every match in a comment for the person who checks it."""
    from revision_cli.files.atomic import atomic_write
    from revision_cli.files.roundtrip import Document, Layout, dump

    battery, _existing = _audit(repo, folder)
    table, found = read_table(export)
    if table is None:
        raise RevisionError(_("the export cannot be read"), found)
    watch, _problems = load_watch_list(repo.root, repo.limits)
    data = _first_mapping(table, battery, watch, export.name)
    text = dump(Document(data, Layout(sequence=4, offset=2)))
    text = text if text.endswith("\n") else text + "\n"
    try:
        atomic_write(target, text, exclusive=True)
    except FileExistsError:
        raise RevisionError(_("{file} exists already; nothing was changed").format(file=display_path(target))) from None
    except OSError as exc:
        raise write_failure(exc, _("nothing was written")) from None
    return [
        _("Wrote {file}: check every match (the comments give how close each is), then run").format(
            file=display_path(target)
        ),
        f"  revision import {folder.name} {display_path(export)} --mapping {display_path(target)} --dry-run",
    ]


def _flow(**items: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def _first_mapping(table: Table, battery: Battery, watch: WatchList, source: str) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    lang = battery.language
    bare = [_bare(h.rsplit("/", 1)[-1]) for h in table.headers]
    personal = {i: personal_column(h, table.column(i), watch) for i, h in enumerate(table.headers)}
    free = [i for i in range(len(table.headers)) if personal[i] is None]

    def first(names: tuple[str, ...]) -> int | None:
        for name in names:
            for i in free:
                if bare[i] == name:
                    return i
        return None

    respondent = first(RESPONDENT_HEADERS)
    date = first(DATE_HEADERS)
    consent = next((i for i in free if any(w in bare[i] for w in CONSENT_WORDS)), None)
    group = next((i for i in free if i not in (respondent, date, consent) and _group_column(table, i, battery)), None)
    taken = {respondent, date, consent, group}
    data = CommentedMap()
    data.yaml_set_start_comment(
        _("Mapping of {file} for revision import, written by --make-mapping. Check every match:").format(file=source)
        + "\n"
        + _("the comments say how close each one is. A column must be mapped or listed under ignore.")
    )
    prefix = battery.groups[0][0] if group is None else "r"
    if respondent is not None:
        data["respondent"] = _flow(column=table.headers[respondent], prefix=prefix)
        data.yaml_add_eol_comment(_("the code is the prefix and the value; never a name"), "respondent")
    else:
        data["respondent"] = _flow(prefix=prefix)
        data.yaml_add_eol_comment(_("no ID column found: the code is the prefix and the row's number"), "respondent")
    if group is not None:
        values = CommentedMap()
        for value in _distinct(table, group):
            values[value] = group_id(value, battery.groups) or _closest_group(value, battery)
        data["group"] = CommentedMap(column=table.headers[group], values=values)
    else:
        data["group"] = _flow(value=battery.groups[0])
        data.yaml_add_eol_comment(
            _("every row is of this group; or {example}").format(example='{column: "…", values: {"…": …}}'), "group"
        )
    if date is not None:
        data["date"] = _flow(column=table.headers[date])
    if consent is not None:
        values = CommentedMap()
        for value in _distinct(table, consent):
            values[value] = _bare(value) in _YES or not (_bare(value) in _NO or _bare(value).startswith(("nej", "no")))
        data["consent"] = CommentedMap(column=table.headers[consent], values=values)
    questions = CommentedMap()
    ignore = CommentedSeq()
    ignored: dict[int, str] = {}
    asked = [q for q in battery.answerable().values()]
    if group is None:
        asked = [q for q in asked if battery.groups[0] in battery.question_groups(q)]
    best: dict[str, tuple[int, float]] = {}
    matches: dict[int, tuple[Question | None, float]] = {}
    for i in free:
        if i in taken:
            continue
        matches[i] = closest_question(table.headers[i], asked)
        question, ratio = matches[i]
        if (
            question is not None
            and ratio >= MATCH
            and bare[i] not in METADATA_HEADERS
            and (question.id not in best or best[question.id][1] < ratio)
        ):
            best[question.id] = (i, ratio)
    chosen = {i for i, _ratio in best.values()}
    for i, header in enumerate(table.headers):
        if i in taken:
            continue
        if personal[i] is not None:
            ignore.append(header)
            ignored[len(ignore) - 1] = _("holds {what}: never imported").format(what=personal[i])
            continue
        question, ratio = matches[i]
        if i not in chosen or question is None:
            ignore.append(header)
            if bare[i] in METADATA_HEADERS:
                why = _("the form tool's own column")
            elif question is not None:
                why = _("no question close enough; the closest is {id} ({ratio})").format(
                    id=question.id, ratio=_percent(ratio)
                )
            else:
                why = _("no question close enough")
            ignored[len(ignore) - 1] = why
            continue
        entry = CommentedMap(question=question.id)
        _eol(
            entry,
            "question",
            _("{ratio} like: {text}").format(ratio=_percent(ratio), text=" ".join(question.text.get(lang).split())),
        )
        option_values = _option_values(table, i, battery, question)
        if option_values is not None:
            entry["values"] = option_values
        questions[header] = entry
    if consent is None:
        data.yaml_set_comment_before_after_key(
            "questions",
            before=_(
                "No consent column was found: add consent: {example} if every respondent agreed "
                "(only interviews with consent are counted)."
            ).format(example="{value: true}"),
        )
    data["questions"] = questions
    data["ignore"] = ignore
    _place(ignore, ignored, 4)
    return data


def _eol(container: Any, key: Any, text: str) -> None:
    container.yaml_add_eol_comment("# " + text, key, column=len(f"    {key}: {container[key]}") + 2)


def _place(container: Any, notes: dict[Any, str], indent: int) -> None:
    """Comments after the entries of one map or list, in one column (ruamel puts each where it falls)."""
    if not notes:
        return
    if isinstance(container, list):
        width = max(indent + len(str(container[k])) for k in notes)
    else:
        width = max(indent + len(str(k)) + 2 + len(str(container[k])) for k in notes)
    for key, text in notes.items():
        container.yaml_add_eol_comment("# " + text, key, column=width + 3)


def _distinct(table: Table, column: int) -> list[str]:
    seen: dict[str, None] = {}
    for cell in table.column(column):
        text = cell_text(cell)
        if text:
            seen.setdefault(text, None)
    return list(seen)


def _group_column(table: Table, column: int, battery: Battery) -> bool:
    header = _bare(table.headers[column])
    values = _distinct(table, column)
    if not values or len(values) > len(battery.groups) + 2:
        return False
    if any(w in header for w in GROUP_WORDS):
        return True
    return all(group_id(v.casefold(), battery.groups) is not None for v in values)


def _closest_group(value: str, battery: Battery) -> str:
    close = difflib.get_close_matches(value.casefold(), battery.groups, n=1, cutoff=0.0)
    return close[0] if close else battery.groups[0]


def _option_values(table: Table, column: int, battery: Battery, question: Question) -> Any:
    """The values of a question's column: each distinct cell text → the closest option, with
    how close in a comment; None where the cells pass as they are (numbers, free text)."""
    from ruamel.yaml.comments import CommentedMap

    scale = scale_of(battery, question)
    if scale is None:
        return None
    cells = _distinct(table, column)
    values = CommentedMap()
    notes: dict[str, str] = {}
    if scale.options is None:
        bounds_ok = [cell_number(c, table.decimal_comma) for c in cells]
        if all(n is not None and is_valid_value(battery, question, n) for n in bounds_ok):
            return None
        for text in cells:
            leading = re.match(r"\s*(\d+)", text)
            number = int(leading[1]) if leading else None
            if number is not None and is_valid_value(battery, question, number):
                values[text] = number
            else:
                values[text] = None
                notes[text] = _("not a number on the scale: not answered")
        _place(values, notes, 6)
        return values
    for text in cells:
        folded = " ".join(text.split()).casefold()
        best: tuple[str | int | None, float] = (None, 0.0)
        for option in scale.options:
            names = [str(option.value)] + (option.label.all() if option.label is not None else [])
            ratio = max(_ratio(folded, n.casefold().replace("-", " ")) for n in names)
            if ratio > best[1]:
                best = (option.value, ratio)
        values[text] = best[0]
        note = _percent(best[1]) if best[1] >= 0.8 else _("{ratio}: check this one").format(ratio=_percent(best[1]))
        notes[text] = note
    _place(values, notes, 6)
    return values
