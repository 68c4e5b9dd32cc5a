"""JSON Schemas of the hand-written files, for editors (yaml-language-server and the like).

Generated from the same pydantic models the tool validates with, so an editor and
`revision validate` agree on the shape of a file. The schemas check shape only: whether an
answer fits its question's scale, or an id is known, is still `revision validate`'s call.
They live in the repository (`schemas/<kind>.schema.json`) so editors find them through the
`# yaml-language-server: $schema=...` line at the top of each scaffolded file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from revision_cli.files.atomic import Changes

from revision_cli.i18n import N_

SCHEMAS_DIR = "schemas"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# kind → (module under revision_cli.models, model name, the file it describes: English in the
# schema, in the run's language where `revision schema` lists the kinds)
KINDS: dict[str, tuple[str, str, str]] = {
    "config": ("config", "Config", N_("revision.yaml: the settings of an audit repository")),
    "battery": ("battery", "Battery", N_("A question battery (batteries/<id>.yaml)")),
    "audit": ("audit", "Audit", N_("audits/<slug>/audit.yaml: the audit's unit, dates, team and battery")),
    "interview": ("interview", "Interview", N_("audits/<slug>/interviews/<file>.yaml: one interview's answers")),
    "assessment": ("assessment", "Assessment", N_("audits/<slug>/assessment.yaml: the team's assessment")),
    "actions": ("actions", "Actions", N_("audits/<slug>/actions.yaml: improvement actions and their follow-up")),
    "meetings": ("meetings", "Meetings", N_("audits/<slug>/meetings.yaml: the team's meetings and follow-up meetings")),
    "privacy": ("privacy", "PrivacyNames", N_("privacy.yaml: names to watch for in free text")),
    "results": ("results", "Results", N_("audits/<slug>/results.yaml: an archived audit's frozen figures")),
}

# A short answer (`q1: ja`, or `q1:` left empty) stands for {value: ...}.
_SCALAR_ANSWER = {"type": ["string", "number", "boolean", "null"], "description": "The answer; short for {value: ...}."}


def kinds() -> list[str]:
    return list(KINDS)


def describe(kind: str) -> str:
    return KINDS[kind][2]


def model_for(kind: str) -> type[BaseModel]:
    """The pydantic model of a file kind (KeyError for an unknown kind)."""
    import importlib

    module, name, _ = KINDS[kind]
    model: type[BaseModel] = getattr(importlib.import_module(f"revision_cli.models.{module}"), name)
    return model


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a file kind, as a plain dict."""
    import warnings

    from pydantic import TypeAdapter

    with warnings.catch_warnings():
        # Exact defaults (Fraction(2, 3)) are written as "2/3": right, though pydantic warns.
        warnings.simplefilter("ignore")
        schema = TypeAdapter(model_for(kind)).json_schema(mode="validation")
    schema = {"$schema": SCHEMA_DIALECT, **schema}
    schema["title"] = schema.get("title") or KINDS[kind][1]
    if "description" not in schema or kind in ("actions", "meetings"):
        schema["description"] = describe(kind)
    else:
        schema["description"] = f"{describe(kind)}. {schema['description']}"
    if kind == "interview":
        _allow_short_answers(schema)
    if kind == "assessment":
        _allow_short_items(schema)
    _describe_texts(schema)
    return schema


def _allow_short_answers(schema: dict[str, Any]) -> None:
    answers = schema["properties"]["answers"]
    answer = answers["additionalProperties"]
    answers["additionalProperties"] = {"anyOf": [answer, _SCALAR_ANSWER]}
    answers["description"] = "Answers by question id: a value, or {value: ..., comment: ...}."


def _allow_short_items(schema: dict[str, Any]) -> None:
    """`ips-01: 4` is short for `ips-01: {score: 4}` (models.assessment), and an item left
    empty (`ips-01:`) is not scored yet."""
    for part in schema["properties"]["items"]["anyOf"]:
        if part.get("type") == "object":
            part["additionalProperties"] = {
                "anyOf": [
                    part["additionalProperties"],
                    {"type": ["integer", "null"], "description": "The consensus score; short for {score: ...}."},
                ]
            }


def _describe_texts(node: object) -> None:
    """Give the text and ratio shapes (from models.base) a description an editor can show."""
    if isinstance(node, dict):
        any_of = node.get("anyOf")
        if isinstance(any_of, list):
            types = [part.get("type") for part in any_of if isinstance(part, dict)]
            if "description" not in node:
                if types[:2] == ["string", "object"] and any_of[1].get("propertyNames") is not None:
                    node["description"] = "A text, or a map of texts by language: {sv: ..., en: ...}"
                elif types[:3] == ["integer", "number", "string"]:
                    node["description"] = 'A number like 1 or 0.5, or a fraction like "2/3"'
        for value in node.values():
            _describe_texts(value)
    elif isinstance(node, list):
        for value in node:
            _describe_texts(value)


def schema_text(kind: str) -> str:
    """The schema as `revision schema KIND` prints it and schemas/<kind>.schema.json holds it."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def schema_path(root: Path, kind: str) -> Path:
    return Path(root) / SCHEMAS_DIR / f"{kind}.schema.json"


def modeline(file: Path, root: Path, kind: str) -> str:
    """The first line of a scaffolded file: where an editor finds its schema."""
    relative = os.path.relpath(schema_path(root, kind), Path(file).parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def stage_schemas(root: Path, changes: Changes) -> list[Path]:
    """Stage each kind's schema that differs from <root>/schemas/ in `changes` (an
    atomic.Changes); returns the files that will change."""
    from revision_cli.files.atomic import check_target

    staged = []
    for kind in KINDS:
        path = schema_path(root, kind)
        text = schema_text(kind)
        check_target(path)  # never read (or written) through a link
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        changes.write(path, text)
        staged.append(path)
    return staged


def write_schemas(root: Path) -> list[Path]:
    """Write every kind's schema to <root>/schemas/, all or (on any failure) none, under the
    repository's write lock; returns the files that changed."""
    from revision_cli.files.atomic import Changes
    from revision_cli.files.lock import repository_lock

    with repository_lock(root), Changes() as changes:
        written = stage_schemas(root, changes)
        changes.commit()
    return written
