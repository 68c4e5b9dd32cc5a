"""Several instruments in one audit (issue 14, item 5): `battery: [a@1, b@1]` without renaming
ids; an id two batteries share is scoped as battery.id in the interviews, scores, JSON and
reports; the seed 001 example carries the quality declaration's ten statements beside the
Göteborg questions. Everything through the real command, on real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO

pytestmark = pytest.mark.lang("en")

STATEMENTS = [
    "kontakt",
    "svar-i-tid",
    "respekt",
    "lyssnar",
    "information",
    "begripligt",
    "delaktighet",
    "beslut-i-tid",
    "overklaga",
    "fortroende",
]

# A local battery whose statement `motet-respekt` and scale `ja-nej` are goteborg's names too.
TWIN = """\
id: twin
version: 1
title: {sv: Tvilling, en: Twin}
groups: [brukare]
scales:
  ja-nej:
    range: {min: 1, max: 5}
    positive_from: 4
statements:
  - {id: motet-respekt, text: {sv: Jag blir bemött med respekt., en: I am treated with respect.}, scale: ja-nej}
  - {id: egen, text: {sv: Ett eget påstående., en: A statement of its own.}, scale: ja-nej}
"""

FIDELITY = """\
id: other-fidelity
version: 1
title: Another fidelity scale
groups: [chef]
sections:
  - id: s1
    title: Section
    items:
      - {id: i1, title: Item}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def repo_with(root: Path, battery: str, interviews: dict[str, str], local: dict[str, str] | None = None) -> Path:
    write(root / "revision.yaml", "revision: 1\nanonymity:\n  min_group_size: 2\n")
    for name, text in (local or {}).items():
        write(root / "batteries" / f"{name}.yaml", text)
    write(root / "audits" / "x" / "audit.yaml", f"id: x\nbattery: {battery}\nunit: Enheten\n")
    for code, answers in interviews.items():
        write(
            root / "audits" / "x" / "interviews" / f"{code}.yaml",
            f"respondent: {code}\ngroup: brukare\nconsent: true\nanswers:\n{answers}",
        )
    return root


def finding_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


# --- the seed 001 example ---------------------------------------------------------------


def test_the_pilot_example_uses_both_batteries_and_carries_the_ten_statements(run, example_repo):
    audit = yaml.safe_load((example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml").read_text(encoding="utf-8"))
    assert audit["battery"] == ["goteborg@1", "kvalitetsdeklaration@1"]
    result = run("validate", f"audits/{EXAMPLE_AUDIT}", cwd=example_repo)
    assert result.exit_code == 0, result.output
    data = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    assert data["battery"] == "goteborg@1+kvalitetsdeklaration@1"
    assert data["batteries"] == ["goteborg@1", "kvalitetsdeklaration@1"]
    assert [s["id"] for s in data["statements"]] == STATEMENTS
    assert {s["battery"] for s in data["statements"]} == {"kvalitetsdeklaration@1"}
    assert {a["battery"] for a in data["areas"]} == {"goteborg@1"}
    # The seed: "every statement got a mean below 4".
    assert all(s["mean"] is not None and s["mean"] < 4 for s in data["statements"])


def test_the_statements_are_counted_from_the_interviews_as_written(run, example_repo):
    """An independent reading: each statement's answers straight from the YAML files."""
    folder = example_repo / "audits" / EXAMPLE_AUDIT / "interviews"
    values: dict[str, list[int]] = {s: [] for s in STATEMENTS}
    for path in sorted(folder.glob("*.yaml")):
        answers = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
        for key, value in answers.items():
            battery, _, statement = key.rpartition(".")
            if battery == "kvalitetsdeklaration":
                values[statement].append(value)
    data = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    for s in data["statements"]:
        got = values[s["id"]]
        assert s["n"] == len(got)
        assert s["mean_exact"] == _fraction(sum(got), len(got))


def _fraction(num: int, den: int) -> str:
    from fractions import Fraction

    f = Fraction(num, den)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_names_both_batteries_and_where_the_statements_come_from(run, example_repo, fmt):
    result = run("report", EXAMPLE_AUDIT, "--format", fmt, "--lang", "en", cwd=example_repo)
    assert result.exit_code == 0, result.output
    text = re.sub(r"</?span>", "", result.stdout)
    assert (
        "User audit (Gothenburg model), version 1; Quality declaration of the social services office, version 1" in text
    )
    assert "Rated statements: Quality declaration of the social services office" in text
    # the colour table is still there, as before
    assert "Attitude and treatment" in text and "Participation and influence" in text


def test_the_pilots_colours_do_not_change_with_the_second_battery(run, example_repo):
    before = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)["areas"]
    audit = example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace(
            "battery: [goteborg@1, kvalitetsdeklaration@1]", "battery: goteborg@1"
        ),
        encoding="utf-8",
    )
    for path in [audit.parent / "actions.yaml", *(audit.parent / "interviews").glob("*.yaml")]:
        kept = [line for line in path.read_text(encoding="utf-8").splitlines() if "kvalitetsdeklaration." not in line]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo)
    assert result.exit_code == 0, result.output
    after = json.loads(result.stdout)
    for area in before:
        area.pop("battery")
    assert after["areas"] == before
    assert "batteries" not in after and after["statements"] == []


# --- ids two batteries share --------------------------------------------------------------


def test_a_shared_id_written_bare_is_named_ambiguous_at_its_line(run, tmp_path):
    repo = repo_with(
        tmp_path,
        "[goteborg@1, twin@1]",
        {"b1": "  motet-valkommen: ja\n  motet-respekt: ja\n"},
        {"twin": TWIN},
    )
    result = run("validate", "audits/x", cwd=repo)
    assert result.exit_code == 1
    lines = finding_lines(result.output)
    assert any(
        line.startswith("audits/x/interviews/b1.yaml:6:3: error [interview-ambiguous-question]")
        and "write goteborg.motet-respekt or twin.motet-respekt" in line
        for line in lines
    ), result.output


def test_scoped_ids_are_scored_apart_and_named_with_their_battery(run, tmp_path):
    interviews = {
        f"b{i}": f"  goteborg.motet-respekt: {'ja' if i < 3 else 'nej'}\n  twin.motet-respekt: {i}\n  egen: 5\n"
        for i in range(1, 5)
    }
    repo = repo_with(tmp_path, "[goteborg@1, twin@1]", interviews, {"twin": TWIN})
    result = run("validate", "audits/x", cwd=repo)
    assert result.exit_code == 0, result.output
    data = json.loads(run("score", "x", "--format", "json", cwd=repo).stdout)
    statements = {s["id"]: s for s in data["statements"]}
    assert set(statements) == {"twin.motet-respekt", "egen"}
    assert statements["twin.motet-respekt"]["mean_exact"] == "5/2"  # (1+2+3+4)/4
    assert statements["twin.motet-respekt"]["battery"] == "twin@1"
    assert statements["egen"]["n"] == 4
    questions = {q["id"]: q for a in data["areas"] for s in a["subareas"] for q in s["questions"]}
    assert "goteborg.motet-respekt" in questions and "motet-respekt" not in questions
    assert questions["goteborg.motet-respekt"]["share_exact"] == "1/2"
    # the twin's 1–5 "ja-nej" scale did not replace goteborg's yes/no one, nor the other way
    assert questions["motet-valkommen"]["n"] == 0
    report = run("report", "x", "--format", "md", "--lang", "en", cwd=repo)
    assert report.exit_code == 0, report.output
    assert "I am treated with respect." in report.stdout


def test_a_unique_id_may_be_written_scoped_and_findings_point_at_it(run, tmp_path):
    repo = repo_with(
        tmp_path,
        "[goteborg@1, kvalitetsdeklaration@1]",
        {"b1": "  kvalitetsdeklaration.kontakt: 9\n  respekt: 4\n  kvalitetsdeklaration.nothing: 3\n"},
    )
    result = run("validate", "audits/x", cwd=repo)
    assert result.exit_code == 1
    lines = finding_lines(result.output)
    assert any(
        line.startswith("audits/x/interviews/b1.yaml:5:") and "[interview-invalid-value]" in line and "kontakt" in line
        for line in lines
    ), result.output
    assert any(
        line.startswith("audits/x/interviews/b1.yaml:7:3: error [interview-unknown-question]") for line in lines
    ), result.output
    assert not any(":6:" in line.split(" error")[0] for line in lines), result.output  # `respekt` is fine


def test_batteries_that_cannot_share_an_audit_are_errors(run, tmp_path):
    repo = repo_with(
        tmp_path,
        "[ips-fidelity@1, other-fidelity@1]",
        {},
        {"other-fidelity": FIDELITY},
    )
    result = run("validate", "audits/x", cwd=repo)
    assert result.exit_code == 1
    assert "audits/x/audit.yaml:2:10: error [audit-batteries-conflict]" in result.output
    assert "only one battery of an audit may have fidelity items" in result.output


def test_other_thresholds_cannot_share_an_audit(run, tmp_path):
    strict = TWIN.replace("statements:", "rating: {green: 3/4, yellow: 1/2, min_answers: 3}\nstatements:")
    repo = repo_with(tmp_path, "[goteborg@1, twin@1]", {}, {"twin": strict})
    result = run("validate", "audits/x", cwd=repo)
    assert result.exit_code == 1
    assert "[audit-batteries-conflict]" in result.output
    assert "rate by different thresholds" in result.output


def test_a_battery_named_twice_or_unknown_is_found_at_its_entry(run, tmp_path):
    repo = repo_with(tmp_path, "\n  - goteborg@1\n  - kvalitetsdeklaration@1\n  - goteborg@1\n  - nosuch@1", {})
    result = run("validate", "audits/x", cwd=repo)
    assert result.exit_code == 1
    assert "audits/x/audit.yaml:5:5: error [audit-battery-twice]" in result.output
    assert "audits/x/audit.yaml:6:5: error [audit-unknown-battery]" in result.output


def test_new_scaffolds_an_audit_of_two_batteries(run, tmp_path):
    write(tmp_path / "revision.yaml", "revision: 1\n")
    result = run(
        "new", "2026-pilot", "--battery", "goteborg", "--battery", "kvalitetsdeklaration@1", "--unit", "X", cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "audits" / "2026-pilot"
    assert yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))["battery"] == [
        "goteborg@1",
        "kvalitetsdeklaration@1",
    ]
    users = yaml.safe_load((folder / "interviews" / "_mall-brukare.yaml").read_text(encoding="utf-8"))["answers"]
    staff = yaml.safe_load((folder / "interviews" / "_mall-personal.yaml").read_text(encoding="utf-8"))["answers"]
    assert set(STATEMENTS) <= set(users) and "motet-valkommen" in users
    assert not set(STATEMENTS) & set(staff)  # the declaration asks users only
    assert run("validate", "audits/2026-pilot", cwd=tmp_path).exit_code == 0
    twice = run("new", "2026-b", "--battery", "goteborg", "--battery", "goteborg", cwd=tmp_path)
    assert twice.exit_code != 0 and "given twice" in twice.output
    assert not (tmp_path / "audits" / "2026-b").exists()


def test_the_published_schema_takes_one_battery_or_a_list():
    schema = json.loads((REPO / "examples" / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))
    kinds = json.dumps(schema["properties"]["battery"])
    assert '"type": "array"' in kinds and '"type": "string"' in kinds


def test_an_action_aims_at_a_statement_by_its_scoped_id(run, example_repo):
    """The example's action on appeals answers the declaration's statement on appeals too."""
    actions = yaml.safe_load((example_repo / "audits" / EXAMPLE_AUDIT / "actions.yaml").read_text(encoding="utf-8"))
    aimed = next(a for a in actions if a.get("statements"))
    assert aimed["statements"] == ["kvalitetsdeklaration.overklaga"]
    report = run("report", EXAMPLE_AUDIT, "--format", "md", "--lang", "en", cwd=example_repo)
    assert report.exit_code == 0, report.output
    section = report.stdout[report.stdout.index("## Improvement actions") :]
    assert "overklaga: " in section
    # written bare it is the same statement (only the declaration has that id)
    path = example_repo / "audits" / EXAMPLE_AUDIT / "actions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("kvalitetsdeklaration.overklaga", "overklaga"), encoding="utf-8"
    )
    assert run("report", EXAMPLE_AUDIT, "--format", "md", "--lang", "en", cwd=example_repo).stdout == report.stdout
    path.write_text(path.read_text(encoding="utf-8").replace("[overklaga]", "[goteborg.overklaga]"), encoding="utf-8")
    wrong = run("validate", f"audits/{EXAMPLE_AUDIT}", cwd=example_repo)
    assert wrong.exit_code == 1 and "[actions-unknown-statement]" in wrong.output


def test_interview_entry_changes_a_scoped_answer_where_it_is_written(example_repo):
    """`revision interview` asks the declaration's statements after goteborg's 44 questions and
    writes a changed answer back under the key as written (kvalitetsdeklaration.kontakt)."""
    from test_interview_cli import interview

    path = example_repo / "audits" / EXAMPLE_AUDIT / "interviews" / "b2.yaml"
    before = path.read_text(encoding="utf-8")
    assert "kvalitetsdeklaration.kontakt: 3" in before
    quotes = len(yaml.safe_load(before)["quotes"] or [])
    answers = ["", "", "", "", *[""] * 44, "5", *[""] * 9, *["", ""] * quotes, "", "j"]
    done = interview(example_repo, "b2", answers=answers)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Question 45 of 54" in done.stdout and "Answer [3]: " in done.stdout
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("kvalitetsdeklaration.kontakt: 3", "kvalitetsdeklaration.kontakt: 5")


def test_export_names_each_rows_battery(run, example_repo, tmp_path):
    out = tmp_path / "rows.json"
    result = run("export", "--format", "json", "-o", str(out), cwd=example_repo)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    rows = [dict(zip(data["columns"], r, strict=True)) if isinstance(r, list) else r for r in data["rows"]]
    rows = [r for r in rows if r["audit"] == EXAMPLE_AUDIT]
    by_kind = {(r["kind"], r["battery"]) for r in rows if r["card"] == "total"}
    assert ("statement", "kvalitetsdeklaration@1") in by_kind
    assert ("question", "goteborg@1") in by_kind and ("area", "goteborg@1") in by_kind
    assert not any(kind == "statement" and b != "kvalitetsdeklaration@1" for kind, b in by_kind)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_form_lists_both_batteries_and_asks_the_statements_of_users_only(run, example_repo, fmt):
    users = run("form", EXAMPLE_AUDIT, "--group", "brukare", "--format", fmt, "--lang", "en", cwd=example_repo)
    assert users.exit_code == 0, users.output
    text = re.sub(r"</?span>", "", users.stdout)
    assert (
        "User audit (Gothenburg model), version 1; Quality declaration of the social services office, version 1" in text
    )
    staff = run("form", EXAMPLE_AUDIT, "--group", "personal", "--format", fmt, "--lang", "en", cwd=example_repo)
    assert staff.exit_code == 0, staff.output
    declaration = yaml.safe_load((REPO / "question_batteries" / "kvalitetsdeklaration.yaml").read_text("utf-8"))
    first = declaration["statements"][0]["text"]["en"]
    assert first in users.stdout and first not in staff.stdout


def test_import_maps_a_column_to_a_scoped_statement(run, tmp_path):
    """A web-form export into an audit of two batteries: the mapping may name a statement
    battery.id; the interview written holds it under its id and validates."""
    assert run("init", "r", cwd=tmp_path).exit_code == 0
    root = tmp_path / "r"
    assert run("new", "a1", "--battery", "goteborg", "--battery", "kvalitetsdeklaration", cwd=root).exit_code == 0
    write(root / "svar.csv", "ID,Group,Consent,Contact\n1,brukare,ja,4\n2,brukare,ja,2\n")
    write(
        root / "map.yaml",
        "respondent: {column: ID, prefix: r}\ngroup: {column: Group}\n"
        "consent:\n  column: Consent\n  values: {ja: true}\n"
        "questions:\n  Contact: {question: kvalitetsdeklaration.kontakt}\n",
    )
    done = run("import", "a1", "svar.csv", "--mapping", "map.yaml", cwd=root)
    assert done.exit_code == 0, done.output
    answers = yaml.safe_load((root / "audits" / "a1" / "interviews" / "r2.yaml").read_text("utf-8"))["answers"]
    assert answers["kontakt"] == 2
    assert run("validate", "audits/a1", cwd=root).exit_code == 0


def test_an_answer_written_bare_and_scoped_is_a_duplicate_at_the_second(run, tmp_path):
    repo = repo_with(
        tmp_path,
        "[goteborg@1, kvalitetsdeklaration@1]",
        {"b1": "  kontakt: 4\n  kvalitetsdeklaration.kontakt: 5\n"},
    )
    result = run("validate", "audits/x", cwd=repo)
    assert result.exit_code == 1
    lines = finding_lines(result.output)
    assert lines == [
        "audits/x/interviews/b1.yaml:6:3: error [interview-duplicate-answer] 'kvalitetsdeklaration.kontakt' is "
        "'kontakt', answered above already; answer it once"
    ], result.output
