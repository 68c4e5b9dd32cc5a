"""`revision schema`, the schemas/ folder and the modeline: editors and the tool agree.

Every file is checked with an independent validator (the jsonschema package), so a schema
that pydantic emits but that says something else than the models would be caught here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLES

from revision_cli.operations.schemas import KINDS
from revision_cli.repository.catalog import builtin_battery_files

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

MODELINE = "# yaml-language-server: $schema="
REGENERATE = "regenerate with: cd examples && revision schema --write"


def _plain(value):
    """YAML as an editor's language server sees it: dates are strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _validator(schema_file: Path):
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(schema_file: Path, yaml_file: Path) -> list[str]:
    data = _plain(yaml.safe_load(yaml_file.read_text(encoding="utf-8")))
    return [
        f"{yaml_file}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(schema_file).iter_errors(data)
    ]


def _modeline_target(yaml_file: Path, *, first: bool = True) -> Path:
    """The schema a file names. Scaffolded files name it on their first line; the example
    files on their last (so that line numbers quoted elsewhere stay put) — editors read it
    on any line."""
    lines = yaml_file.read_text(encoding="utf-8").splitlines()
    found = [line for line in (lines[:1] if first else lines) if line.startswith(MODELINE)]
    assert len(found) == 1, f"{yaml_file} has no schema line" + (" at the top" if first else "")
    return (yaml_file.parent / found[0][len(MODELINE) :].strip()).resolve()


def _example_files() -> dict[Path, str]:
    """Every file of every example audit (one per built-in battery), with its kind."""
    files = {EXAMPLES / "revision.yaml": "config"}
    for audit in sorted(p.parent for p in (EXAMPLES / "audits").glob("*/audit.yaml")):
        for name in ("audit", "assessment", "actions", "indicators"):
            if (audit / f"{name}.yaml").is_file():
                files[audit / f"{name}.yaml"] = name
        files.update({path: "interview" for path in sorted((audit / "interviews").glob("*.yaml"))})
    assert (EXAMPLES / "audits" / EXAMPLE_AUDIT / "actions.yaml") in files
    files.update({path: "indicators" for path in sorted((EXAMPLES / "units").glob("*/indicators.yaml"))})
    return files


# ---------------------------------------------------------------- the command


def test_without_kind_lists_every_kind(run, tmp_path):
    result = run("schema", cwd=tmp_path)
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(KINDS)
    assert set(listed) == {
        "config",
        "battery",
        "audit",
        "interview",
        "assessment",
        "actions",
        "meetings",
        "privacy",
        "results",
        "indicators",
    }


def test_unknown_kind_exits_2(run, tmp_path):
    result = run("schema", "intervju", cwd=tmp_path)
    assert result.exit_code == 2
    assert "unknown kind 'intervju'" in result.stderr and "interview" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("kind", list(KINDS))
def test_checked_in_schema_is_current(run, tmp_path, kind):
    printed = run("schema", kind, cwd=tmp_path)
    assert printed.exit_code == 0
    schema = json.loads(printed.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] and schema["description"]
    checked_in = EXAMPLES / "schemas" / f"{kind}.schema.json"
    assert checked_in.is_file(), f"{checked_in} is missing; {REGENERATE}"
    assert checked_in.read_text(encoding="utf-8") == printed.stdout, f"{checked_in} is stale; {REGENERATE}"


def test_texts_and_ratios_have_both_shapes():
    battery = _validator(EXAMPLES / "schemas" / "battery.schema.json")
    base = {"id": "b", "version": 1, "groups": ["brukare"], "areas": [{"id": "a", "title": "A"}]}
    for title in ("Titel", {"sv": "Titel", "en": "Title"}, {"de": "Titel", "ar": "عنوان", "sv-x-lattlast": "Namn"}):
        assert battery.is_valid({**base, "title": title})
    # A battery's text takes any language tag, but only a well-formed one, and never an empty text.
    for title in ({"sv_SE": "Titel"}, {"s": "Titel"}, {"sv-": "Titel"}, {}, {"fi": ""}, 3):
        assert not battery.is_valid({**base, "title": title}), title
    config = _validator(EXAMPLES / "schemas" / "config.schema.json")
    roles = {"revision": 1, "roles": {"stodperson": {"sv": "Stödperson", "en": "Support person"}}}
    assert config.is_valid(roles)
    assert not config.is_valid({**roles, "roles": {"stodperson": {"de": "Stütze"}}}), (
        "the repository's own texts: sv, en"
    )
    for green in (1, 0.5, "2/3"):
        assert battery.is_valid({**base, "title": "T", "rating": {"green": green}})
    assert not battery.is_valid({**base, "title": "T", "rating": {"green": [1]}})
    assert not battery.is_valid({**base, "title": "T", "extra": 1}), "unknown keys are typos"


def test_short_and_long_answers_validate():
    interview = _validator(EXAMPLES / "schemas" / "interview.schema.json")
    base = {"respondent": "b1", "group": "brukare"}
    assert interview.is_valid({**base, "answers": {"q1": "ja", "q2": 4, "q3": None, "q4": {"value": "nej"}}})
    assert not interview.is_valid({**base, "answers": {"q1": {"value": "ja", "commnet": "x"}}})
    assert not interview.is_valid({**base, "answers": {"q1": ["ja"]}})
    assert not interview.is_valid({**base, "respondent": "Anna Svensson"})


# ---------------------------------------------------------------- the files validate


@pytest.mark.parametrize("path", list(_example_files()), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_files_validate_and_name_their_schema(path):
    kind = _example_files()[path]
    target = _modeline_target(path, first=False)
    assert target == (EXAMPLES / "schemas" / f"{kind}.schema.json").resolve()
    assert _errors(target, path) == []


@pytest.mark.parametrize("path", builtin_battery_files(), ids=lambda p: p.name)
def test_builtin_batteries_validate(path):
    assert _errors(EXAMPLES / "schemas" / "battery.schema.json", path) == []


def test_a_broken_file_is_caught(tmp_path):
    bad = tmp_path / "audit.yaml"
    bad.write_text("id: Not A Slug\nbattery: goteborg@1\nunit: X\nstatus: done\nsite_visit: 2025-13-01x\n")
    errors = _errors(EXAMPLES / "schemas" / "audit.schema.json", bad)
    assert any("id" in e for e in errors) and any("status" in e for e in errors)


def test_init_and_new_write_schemas_and_modelines(run, tmp_path):
    assert run("init", "repo", "--organisation", "Org", cwd=tmp_path).exit_code == 0
    root = tmp_path / "repo"
    assert sorted(p.name for p in (root / "schemas").iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    for kind in KINDS:
        assert (root / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == run(
            "schema", kind, cwd=tmp_path
        ).stdout
    assert (root / "revision.yaml").read_text(encoding="utf-8").startswith(f"{MODELINE}schemas/config.schema.json\n")
    assert _errors(root / "schemas" / "config.schema.json", root / "revision.yaml") == []

    # A stale schema is refreshed by the next `revision new`; an up-to-date one is left alone.
    (root / "schemas" / "audit.schema.json").write_text("{}")
    kept = (root / "schemas" / "battery.schema.json").stat().st_mtime_ns
    created = run("new", "2025-norr", "--unit", "Norr", "--site-visit", "2025-03-04", cwd=root)
    assert created.exit_code == 0, created.output
    assert "schemas/" in created.stdout
    assert json.loads((root / "schemas" / "audit.schema.json").read_text())["title"] == "Audit"
    assert (root / "schemas" / "battery.schema.json").stat().st_mtime_ns == kept

    audit = root / "audits" / "2025-norr"
    scaffolded = {audit / "audit.yaml": "audit", audit / "assessment.yaml": "assessment"}
    templates = sorted((audit / "interviews").glob("_mall-*.yaml"))
    assert templates
    scaffolded.update({path: "interview" for path in templates})
    for path, kind in scaffolded.items():
        target = _modeline_target(path)
        assert target == (root / "schemas" / f"{kind}.schema.json").resolve()
        assert _errors(target, path) == []
    assert run("validate", str(audit), cwd=root).exit_code == 0


def test_write_refreshes_only_what_changed(run, example_repo):
    first = run("schema", "--write", cwd=example_repo)
    assert first.exit_code == 0 and "up to date" in first.stdout
    (example_repo / "schemas" / "privacy.schema.json").unlink()
    second = run("schema", "--write", cwd=example_repo / "audits")
    assert second.exit_code == 0
    assert second.stdout.strip() == "Wrote schemas/privacy.schema.json" or second.stdout.strip().endswith(
        "privacy.schema.json"
    )
    assert (example_repo / "schemas" / "privacy.schema.json").is_file()
    assert run("schema", "audit", "--write", cwd=example_repo).exit_code == 2
    assert run("schema", "--write", cwd=example_repo.parent).exit_code == 1
