"""A file on disk → a validated model, with every problem as a positioned finding."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from revision_cli.errors import Finding, Severity, close_matches
from revision_cli.files.yaml_io import DEFAULT_LIMITS, Limits, Loc, YamlDocument, read
from revision_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from revision_cli.files.sources import FileSource

T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    """A model together with the document it came from, to point findings into it."""

    model: T
    doc: YamlDocument
    # A key the model holds under another name than the file's (an answer's id scoped to
    # its battery: models.combined) → where it is written, so findings still point at it.
    written_as: dict[Loc, Loc] = field(default_factory=dict)

    def finding(
        self, loc: Loc, code: str, message: str, severity: Severity | None = None, key: bool = False
    ) -> Finding:
        if self.written_as and loc[:2] in self.written_as:
            loc = (*self.written_as[loc[:2]], *loc[2:])
        return self.doc.finding(loc, code, message, severity=severity, key=key)


def _label(loc: Loc) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or _("the file")


def _known_fields(model_cls: type[Any]) -> set[str]:
    names: set[str] = set()
    seen: set[object] = set()

    def walk(cls: Any) -> None:
        if cls in seen or not hasattr(cls, "model_fields"):
            return
        seen.add(cls)
        for name, info in cls.model_fields.items():
            names.add(name)
            for arg in _type_args(info.annotation):
                walk(arg)

    walk(model_cls)
    return names


def _type_args(annotation: object) -> list[object]:
    import typing

    found = [annotation]
    for arg in typing.get_args(annotation):
        found.extend(_type_args(arg))
    return found


_DATE_ERRORS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}
_DATE_AND_TIME = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d")


def _shown(error: ErrorDetails, written: str | None) -> str:
    """The value a message quotes: the text as written (`010`), not what YAML made of it (8)."""
    return written if written else repr(error.get("input"))


def _read_as(value: object) -> str:
    """What YAML made of a scalar the user may have meant as text: `the number 8`."""
    if isinstance(value, bool):
        return _("the truth value {value}").format(value=str(value).lower())
    if isinstance(value, (int, Fraction)):
        return _("the number {value}").format(value=value if isinstance(value, int) else float(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return _("a date and a time") if isinstance(value, dt.datetime) else _("a date")
    return _("nothing (null)") if value is None else _("something else than text")


def _message(error: ErrorDetails, loc: Loc, model_cls: type[Any], written: str | None = None) -> tuple[str, str, bool]:
    """(code, message, point at the key) for one pydantic error; `written` is the scalar's
    text as written when YAML read it as something other than text."""
    kind = error["type"]
    field = _label(loc)
    if kind == "missing":
        return "schema-missing", _("missing required field '{loc}'").format(loc=loc[-1]), False
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = close_matches(key, sorted(_known_fields(model_cls)), n=1, cutoff=0.7)
        hint = _("; did you mean '{id}'?").format(id=close[0]) if close else ""
        return "schema-unknown-key", _("unknown key '{key}'{hint}").format(key=key, hint=hint), True
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", _(" or "))
        return (
            "schema-value",
            _("{field}: {value} must be {expected}").format(
                field=field, value=_shown(error, written), expected=expected
            ),
            False,
        )
    if kind == "unknown_word":  # models.words: the message names the words the field takes
        return "schema-value", f"{field}: {_shown(error, written)} {error['msg']}", False
    if kind == "string_pattern_mismatch":
        if "[a-z0-9-]" in error.get("ctx", {}).get("pattern", ""):
            return (
                "schema-value",
                _("{field}: {error!r} is not a valid id; use lowercase letters a-z, digits and dashes").format(
                    field=field, error=error["input"]
                ),
                False,
            )
        return (
            "schema-value",
            _("{field}: {error!r} has the wrong form; use letters, digits, '-' or '_' and no spaces").format(
                field=field, error=error["input"]
            ),
            False,
        )
    if kind in _DATE_ERRORS:
        text = written if written is not None else error["input"]
        if isinstance(text, str) and _DATE_AND_TIME.match(text):
            shown = text if written is not None else repr(text)
            return (
                "schema-type",
                _("{field}: {shown} is a date and a time; write a date without a time, as YYYY-MM-DD").format(
                    field=field, shown=shown
                ),
                False,
            )
        return (
            "schema-type",
            _("{field}: {value} is not a date; write it as YYYY-MM-DD").format(
                field=field, value=_shown(error, written)
            ),
            False,
        )
    if kind == "string_type" and written and error["input"] is not None:
        return (
            "schema-type",
            (
                _('{field}: YAML reads {written} as {value}, not as text; write it in quotes: "{written}"').format(
                    field=field, written=written, value=_read_as(error["input"])
                )
            ),
            False,
        )
    if kind == "value_error":
        return "schema-value", f"{field}: {error['msg'].removeprefix('Value error, ')}", False
    if kind.startswith(("greater_than", "less_than", "too_short", "too_long", "string_too")):
        return "schema-value", f"{field}: {_pydantic_text(error)}", False
    return "schema-type", f"{field}: {_pydantic_text(error)}", False


# pydantic's messages ("Input should be …" read as "must be …"), by error type, in the
# catalogue; a type not listed keeps pydantic's English.
_PYDANTIC = {
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be greater than or equal to {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be less than or equal to {le}"),
    "multiple_of": N_("must be a multiple of {multiple_of}"),
    "int_type": N_("must be a valid integer"),
    "int_parsing": N_("must be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("must be a valid integer, got a number with a fractional part"),
    "float_type": N_("must be a valid number"),
    "float_parsing": N_("must be a valid number, unable to parse string as a number"),
    "finite_number": N_("must be a finite number"),
    "bool_type": N_("must be a valid boolean"),
    "bool_parsing": N_("must be a valid boolean, unable to interpret input"),
    "string_type": N_("must be a valid string"),
    "list_type": N_("must be a valid list"),
    "dict_type": N_("must be a valid dictionary"),
    "model_type": N_("must be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_("must be a valid dictionary or object to extract fields from"),
}


def _pydantic_text(error: ErrorDetails) -> str:
    kind, ctx = error["type"], dict(error.get("ctx", {}))
    try:
        if kind in ("too_short", "too_long"):
            at = ctx["min_length" if kind == "too_short" else "max_length"]
            if kind == "too_short":
                text = ngettext(
                    "{field_type} should have at least {min_length} item after validation, not {actual_length}",
                    "{field_type} should have at least {min_length} items after validation, not {actual_length}",
                    at,
                )
            else:
                text = ngettext(
                    "{field_type} should have at most {max_length} item after validation, not {actual_length}",
                    "{field_type} should have at most {max_length} items after validation, not {actual_length}",
                    at,
                )
            return text.format(**ctx)
        if kind in ("string_too_short", "string_too_long"):
            at = ctx["min_length" if kind == "string_too_short" else "max_length"]
            if kind == "string_too_short":
                text = ngettext(
                    "String should have at least {min_length} character",
                    "String should have at least {min_length} characters",
                    at,
                )
            else:
                text = ngettext(
                    "String should have at most {max_length} character",
                    "String should have at most {max_length} characters",
                    at,
                )
            return text.format(**ctx)
        if kind in _PYDANTIC:
            return _(_PYDANTIC[kind]).format(**ctx)
    except (KeyError, IndexError, ValueError, TypeError):
        pass
    return str(error["msg"]).replace("Input should be", "must be").replace("Input should", "must")


def _has(node: object, part: str | int) -> bool:
    """Whether `part` names a child of `node`: a key of a map, an index into a list."""
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


def _pydantic_loc(error: ErrorDetails, doc: YamlDocument) -> Loc:
    # Unions and validators add their own segments to `loc`; keep the part that names data.
    loc: list[str | int] = []
    node: Any = doc.data
    for part in error["loc"]:
        if _has(node, part):
            node = node[part]
        elif error["type"] in {"missing", "extra_forbidden"} and part == error["loc"][-1]:
            pass
        else:
            break
        loc.append(part)
    return tuple(loc)


def validate(doc: YamlDocument, model_cls: type[T]) -> tuple[T | None, list[Finding]]:
    from pydantic import ValidationError

    try:
        return cast("type[Any]", model_cls).model_validate(doc.data), []
    except ValidationError as exc:
        findings: list[Finding] = []
        for error in exc.errors(include_url=False):
            loc = _pydantic_loc(error, doc)
            written = doc.written.get(loc) if isinstance(error.get("input"), _NOT_TEXT) else None
            code, message, at_key = _message(error, loc, model_cls, written)
            findings.append(doc.finding(loc, code, message, key=at_key))
        return None, findings


# Values YAML makes of a plain scalar that is not text: a message quotes their text as written.
_NOT_TEXT = (bool, int, float, Fraction, dt.date, type(None))


def load(
    path: Path, model_cls: type[T], files: FileSource | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[Loaded[T] | None, list[Finding]]:
    loaded, findings, _ = load_document(path, model_cls, files, limits)
    return loaded, findings


def load_document(
    path: Path, model_cls: type[T], files: FileSource | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[Loaded[T] | None, list[Finding], YamlDocument | None]:
    """Like `load`, and also the parsed document when its shape is wrong (for text checks)."""
    doc, findings = read(path, files, limits)
    return validated(doc, findings, model_cls)


def validated(
    doc: YamlDocument | None, findings: list[Finding], model_cls: type[T]
) -> tuple[Loaded[T] | None, list[Finding], YamlDocument | None]:
    """`load_document`'s answer for a document read (or restored, cache/parsed.py) with
    these findings."""
    if doc is None:
        return None, findings, None
    expects_list = getattr(model_cls, "__pydantic_root_model__", False)
    if not isinstance(doc.data, list if expects_list else dict):
        shape = _("a list of entries") if expects_list else _("keys and values (a map)")
        return (
            None,
            [*findings, doc.finding((), "schema-type", _("the file must hold {shape}").format(shape=shape))],
            doc,
        )
    model, problems = validate(doc, model_cls)
    findings = [*findings, *problems]
    return (Loaded(model, doc) if model is not None else None), findings, doc
