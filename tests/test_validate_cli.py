"""`revision validate` through the real command: which files a path means, the output
formats, the exit codes, and every cross-file and battery rule at its exact position."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"
B9 = f"{AUDIT}/interviews/b9.yaml"
FINDING = re.compile(r"^(?P<where>\S+:\d+:\d+): (?P<severity>error|warning) \[(?P<code>[a-z0-9-]+)\] (?P<message>.*)$")

# An interview of our own; its answers start on line 6 (its consent comes after them).
HEAD = """\
respondent: b9
group: brukare
date: 2012-10-15
interviewers: [A, B]
answers:
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def interview(repo: Path, answers: str, head: str = HEAD, name: str = "b9.yaml") -> Path:
    body = textwrap.indent(textwrap.dedent(answers).strip("\n"), "  ")
    return write(repo / AUDIT / "interviews" / name, head + body + "\nconsent: true\n")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(result) -> list[tuple[str, str, str, str]]:
    """(path:line:column, severity, code, message) of every finding printed."""
    found = [FINDING.match(line) for line in result.stdout.splitlines()]
    return [(m["where"], m["severity"], m["code"], m["message"]) for m in found if m]


def second_audit(repo: Path, slug: str = "2013-annan") -> Path:
    folder = repo / "audits" / slug
    shutil.copytree(repo / AUDIT, folder)
    edit(folder / "audit.yaml", f"id: {EXAMPLE_AUDIT}", f"id: {slug}")
    return folder


# --- which files a path means ----------------------------------------------------------


def test_the_example_validates_clean(example_repo, run):
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0
    assert "No problems found." in result.output
    assert findings(result) == []
    assert run("validate", "--strict", cwd=example_repo).exit_code == 0
    result = run("validate", "--format", "json", cwd=example_repo)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"valid": True, "errors": 0, "warnings": 0, "findings": []}


def test_no_path_inside_a_repository_validates_all_of_it(example_repo, run):
    interview(example_repo, "motet-valkommen: kanske")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[:3] for f in findings(result)] == [(f"{B9}:6:20", "error", "interview-invalid-value")]


def test_from_a_sub_folder_the_whole_repository_is_validated(example_repo, run):
    other = second_audit(example_repo)
    edit(other / "interviews" / "b1.yaml", "  motet-tid: ja", "  motet-tid: kanske")
    result = run("validate", cwd=example_repo / AUDIT / "interviews")
    assert result.exit_code == 1
    [(where, _, code, _)] = findings(result)
    # Paths read from where the user stands, so they can be pasted into an editor.
    assert where == "../../2013-annan/interviews/b1.yaml:13:14"
    assert code == "interview-invalid-value"


def test_a_single_audit_folder_reports_only_that_audit(example_repo, run):
    other = second_audit(example_repo)
    edit(other / "interviews" / "b1.yaml", "  motet-tid: ja", "  motet-tid: kanske")
    assert run("validate", AUDIT, cwd=example_repo).exit_code == 0
    result = run("validate", "audits/2013-annan", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[0] for f in findings(result)] == ["audits/2013-annan/interviews/b1.yaml:13:14"]


def test_a_single_interview_file_shows_only_that_files_findings(example_repo, run):
    interviews = example_repo / AUDIT / "interviews"
    edit(interviews / "b1.yaml", "  motet-tid: ja", "  motet-tid: kanske")
    edit(interviews / "b2.yaml", "  motet-valkommen: ja", "  motet-valkommen: jo")
    result = run("validate", f"{AUDIT}/interviews/b2.yaml", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[:3] for f in findings(result)] == [
        (f"{AUDIT}/interviews/b2.yaml:11:20", "error", "interview-invalid-value")
    ]
    assert run("validate", f"{AUDIT}/interviews/b3.yaml", cwd=example_repo).exit_code == 0


def test_json_format(example_repo, run):
    interview(
        example_repo,
        """
        motet-valkommen: kanske
        motet-tid: {value: ja, comment: "ring 070-123 45 67"}
        """,
    )
    result = run("validate", "--format", "json", cwd=example_repo)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {"valid": False, "errors": 1, "warnings": 1, "findings": data["findings"]}
    assert data["findings"][0] == {
        "path": B9,
        "line": 6,
        "column": 20,
        "severity": "error",
        "code": "interview-invalid-value",
        "message": "'kanske' is not an answer to 'motet-valkommen'; allowed: ja, delvis, nej, vet-ej",
    }
    assert [(f["line"], f["severity"], f["code"]) for f in data["findings"]] == [
        (6, "error", "interview-invalid-value"),
        (7, "warning", "personal-data"),
    ]


def test_all_findings_at_once_sorted_by_path_and_line(example_repo, run):
    edit(example_repo / AUDIT / "audit.yaml", f"id: {EXAMPLE_AUDIT}", "id: 2012-fel")
    edit(example_repo / AUDIT / "interviews" / "b1.yaml", "  motet-respekt: ja", "  motet-respek: ja")
    write(
        example_repo / AUDIT / "assessment.yaml",
        """
        areas:
          bemotande:
            rating: blue
        """,
    )
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [(f[0], f[2]) for f in findings(result)] == [
        (f"{AUDIT}/assessment.yaml:3:13", "schema-value"),
        (f"{AUDIT}/audit.yaml:2:5", "audit-id-mismatch"),
        (f"{AUDIT}/interviews/b1.yaml:12:3", "interview-unknown-question"),
    ]
    assert "3 errors, 0 warnings." in result.output


def test_findings_within_a_file_come_in_line_order(example_repo, run):
    interview(
        example_repo,
        """
        motet-valkommen: kanske
        motet-stamning: 9
        motet-valkommen: ja
        """,
    )
    result = run("validate", cwd=example_repo)
    assert [(f[0], f[2]) for f in findings(result)] == [
        (f"{B9}:7:19", "interview-invalid-value"),
        (f"{B9}:8:3", "yaml-duplicate-key"),
    ]


# --- exit codes -------------------------------------------------------------------------


def test_warnings_only_exit_0_and_1_with_strict(example_repo, run):
    # the first of the pilot's two batteries (the finding points into the list)
    edit(example_repo / AUDIT / "audit.yaml", "battery: [goteborg@1", "battery: [goteborg")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0
    assert [f[:3] for f in findings(result)] == [(f"{AUDIT}/audit.yaml:3:11", "warning", "audit-battery-unpinned")]
    assert "0 errors, 1 warning." in result.output
    strict = run("validate", "--strict", cwd=example_repo)
    assert strict.exit_code == 1
    # A warning that fails the run is printed and counted as what it is then: an error.
    assert [f[:3] for f in findings(strict)] == [(f"{AUDIT}/audit.yaml:3:11", "error", "audit-battery-unpinned")]
    assert "1 error, 0 warnings." in strict.output
    data = json.loads(run("validate", "--strict", "--format", "json", cwd=example_repo).stdout)
    assert (data["valid"], data["errors"], data["warnings"]) == (False, 1, 0)
    assert [f["severity"] for f in data["findings"]] == ["error"]


def test_a_path_that_does_not_exist_exits_2(example_repo, run):
    result = run("validate", "audits/nope", cwd=example_repo)
    assert result.exit_code == 2
    assert "no such file or folder: audits/nope" in result.stderr


def test_an_unknown_option_exits_2(example_repo, run):
    result = run("validate", "--bogus", cwd=example_repo)
    assert result.exit_code == 2
    assert "--bogus" in result.output


# --- rules across an audit's files ------------------------------------------------------


def test_audit_id_must_equal_the_folder_name(example_repo, run):
    edit(example_repo / AUDIT / "audit.yaml", f"id: {EXAMPLE_AUDIT}", "id: 2012-fel")
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{AUDIT}/audit.yaml:2:5", "audit-id-mismatch")
    assert f"'{EXAMPLE_AUDIT}'" in message


@pytest.mark.parametrize(
    "ref, says",
    [
        ("gotebor@1", "no battery with id 'gotebor'; did you mean 'goteborg'?"),
        ("goteborg@7", "battery 'goteborg' has no version 7; available: goteborg@1"),
    ],
)
def test_the_battery_reference_must_resolve(example_repo, run, ref, says):
    edit(example_repo / AUDIT / "audit.yaml", "battery: [goteborg@1", f"battery: [{ref}")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert findings(result) == [(f"{AUDIT}/audit.yaml:3:11", "error", "audit-unknown-battery", says)]


@pytest.mark.parametrize(
    "answer, where, code, says",
    [
        ("motet-respek: ja", "6:3", "interview-unknown-question", "did you mean 'motet-respekt'?"),
        ("motet-rutiner: ja", "6:3", "interview-question-not-for-group", "not asked of group 'brukare'"),
        ("motet-valkommen: kanske", "6:20", "interview-invalid-value", "allowed: ja, delvis, nej, vet-ej"),
        ("motet-tid: {value: jo}", "6:22", "interview-invalid-value", "allowed: ja, delvis, nej, vet-ej"),
        ("motet-stamning: 6", "6:19", "interview-invalid-value", "allowed: a whole number from 1 to 5"),
        ("motet-stamning: 0", "6:19", "interview-invalid-value", "allowed: a whole number from 1 to 5"),
    ],
)
def test_every_answer_names_a_question_for_the_group_and_a_value_of_its_scale(
    example_repo, run, answer, where, code, says
):
    interview(example_repo, answer)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    [(found_where, severity, found_code, message)] = findings(result)
    assert (found_where, severity, found_code) == (f"{B9}:{where}", "error", code)
    assert says in message


@pytest.mark.parametrize("answer, written", [("motet-stamning: 4.5", "4.5"), ("motet-tid: true", "true")])
def test_an_invalid_value_is_shown_as_written(example_repo, run, answer, written):
    interview(example_repo, answer)
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert code == "interview-invalid-value"
    assert where.startswith(f"{B9}:6:")
    assert message.startswith((f"{written} is not an answer", f"'{written}' is not an answer"))


def test_respondent_codes_are_unique_within_an_audit(example_repo, run):
    interview(example_repo, "motet-valkommen: ja", head=HEAD.replace("respondent: b9", "respondent: b1"))
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{B9}:1:13", "interview-duplicate-respondent")
    assert f"{AUDIT}/interviews/b1.yaml" in message


def test_interviewers_are_on_the_team(example_repo, run):
    interview(example_repo, "motet-valkommen: ja", head=HEAD.replace("[A, B]", "[A, Z]"))
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{B9}:4:19", "interview-unknown-interviewer")
    assert "'Z'" in message and "(A, B, C, D)" in message


def test_the_assessment_names_existing_areas_sub_areas_and_colours(example_repo, run):
    write(
        example_repo / AUDIT / "assessment.yaml",
        """
        areas:
          bemotande:
            subareas:
              mote: {rating: green}
          bemotand:
            rating: red
        """,
    )
    result = run("validate", cwd=example_repo)
    assert [(f[0], f[2], f[3]) for f in findings(result)] == [
        (
            f"{AUDIT}/assessment.yaml:4:7",
            "assessment-unknown-subarea",
            "area 'bemotande' has no sub-area 'mote'; did you mean 'motet'?",
        ),
        (
            f"{AUDIT}/assessment.yaml:5:3",
            "assessment-unknown-area",
            "the battery has no area 'bemotand'; did you mean 'bemotande'?",
        ),
    ]


def test_an_invalid_colour_is_a_schema_value(example_repo, run):
    write(
        example_repo / AUDIT / "assessment.yaml",
        """
        areas:
          bemotande:
            subareas:
              motet: {rating: blue}
        """,
    )
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{AUDIT}/assessment.yaml:4:23", "schema-value")
    assert "'green', 'yellow' or 'red'" in message


def test_an_unknown_key_points_at_the_key_and_suggests_one(example_repo, run):
    interview(example_repo, "motet-valkommen: ja", head=HEAD.replace("interviewers: [A, B]", "interviewrs: [A]"))
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{B9}:4:1", "schema-unknown-key")
    assert message == "unknown key 'interviewrs'; did you mean 'interviewers'?"


def test_an_unknown_nested_key_points_at_the_key(example_repo, run):
    interview(example_repo, "motet-tid: {value: ja, coment: bra}")
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{B9}:6:26", "schema-unknown-key")
    assert "did you mean 'comment'?" in message


def test_a_missing_required_field(example_repo, run):
    interview(example_repo, "motet-valkommen: ja", head=HEAD.replace("respondent: b9\n", ""))
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{B9}:1:1", "schema-missing")
    assert message == "missing required field 'respondent'"


@pytest.mark.parametrize("date", ["2012-13-45", "2012-02-30", "15 oktober"])
def test_a_bad_date(example_repo, run, date):
    interview(example_repo, "motet-valkommen: ja", head=HEAD.replace("2012-10-15", date))
    [(where, _, code, message)] = findings(run("validate", cwd=example_repo))
    assert (where, code) == (f"{B9}:3:7", "schema-type")
    assert message == f"date: '{date}' is not a date; write it as YYYY-MM-DD"


# --- a local battery --------------------------------------------------------------------

BATTERY = """\
id: lokal
version: 1
title: Lokalt batteri
groups: [brukare]
scales:
  jn:
    options:
      - {value: ja, score: 1}
      - {value: nej, score: 0}
rating:
  green: 2/3
  yellow: 1/3
areas:
  - id: a
    title: A
    subareas:
      - id: s
        title: S
        questions:
          - id: q
            text: Fråga?
            scale: jn
"""


def battery(repo: Path, *edits: tuple[str, str], name: str = "lokal.yaml") -> Path:
    text = BATTERY
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return write(repo / "batteries" / name, text)


def test_a_local_battery_validates_clean(example_repo, run):
    battery(example_repo)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "edits, where, code",
    [
        ((("- id: q\n", "- id: a\n"),), "20:17", "battery-duplicate-id"),
        ((("- id: s\n", "- id: a\n"),), "17:13", "battery-duplicate-id"),
        ((("- id: q\n", "- id: s\n"),), "20:17", "battery-duplicate-id"),
        ((("scale: jn", "scale: jx"),), "22:20", "battery-unknown-scale"),
        ((("scale: jn", "scale: jn\n            groups: [brukare, personal]"),), "23:31", "battery-unknown-group"),
        ((("green: 2/3", "green: 1/3"), ("yellow: 1/3", "yellow: 2/3")), "11:3", "battery-thresholds"),
        ((("green: 2/3", "green: 3/2"),), "11:3", "battery-thresholds"),
        ((("yellow: 1/3", "yellow: two thirds"),), "12:11", "schema-value"),
    ],
)
def test_battery_integrity(example_repo, run, edits, where, code):
    battery(example_repo, *edits)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [(f[0], f[2]) for f in findings(result)] == [(f"batteries/lokal.yaml:{where}", code)]


@pytest.mark.parametrize("green, yellow", [("2/3", "1/3"), ("0.66", "0.33"), ("1", "0"), ("1/2", "1/2")])
def test_thresholds_as_fractions_or_decimals_are_accepted(example_repo, run, green, yellow):
    battery(example_repo, ("green: 2/3", f"green: {green}"), ("yellow: 1/3", f"yellow: {yellow}"))
    assert run("validate", cwd=example_repo).exit_code == 0


def test_a_local_battery_may_not_reuse_a_built_in_id_and_version(example_repo, run):
    battery(example_repo, ("id: lokal", "id: goteborg"), name="gbg.yaml")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    [(where, _, code, message)] = findings(result)
    assert (where, code) == ("batteries/gbg.yaml:1:5", "battery-duplicate")
    assert "goteborg@1 is already defined by a built-in battery" in message


# --- personal data in free text ---------------------------------------------------------

PNR = "811218-9876"


@pytest.mark.parametrize(
    "text, secret, kind",
    [
        (f"mitt pnr är {PNR}", PNR, "a Swedish personal identity number"),
        ("ring 070-123 45 67", "070-123 45 67", "a phone number"),
        ("mejla anna.svensson@example.se", "anna.svensson@example.se", "an e-mail address"),
    ],
)
def test_personal_data_in_an_answer_comment_is_a_warning(example_repo, run, text, secret, kind):
    interview(example_repo, f'motet-tid: {{value: ja, comment: "{text}"}}')
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0
    [(where, severity, code, message)] = findings(result)
    # Where the number stands (the value's opening quote is at column 35), as `privacy` says.
    assert (where, severity, code) == (f"{B9}:6:{36 + text.index(secret)}", "warning", "personal-data")
    assert kind in message
    assert secret not in result.output
    strict = run("validate", "--strict", cwd=example_repo)
    assert strict.exit_code == 1
    assert findings(strict) == [(where, "error", code, message)]
    assert strict.stderr == "1 error, 0 warnings.\n"


def test_a_personal_identity_number_is_never_repeated_in_full(example_repo, run):
    interview(example_repo, f'motet-tid: {{value: ja, comment: "{PNR}"}}')
    result = run("validate", "--format", "json", cwd=example_repo)
    assert PNR not in result.output and PNR.replace("-", "") not in result.output
    assert "9876" not in result.output


def test_personal_data_in_a_quote(example_repo, run):
    interview(
        example_repo,
        "motet-valkommen: ja",
        head=HEAD.replace("answers:\n", f'quotes:\n  - {{text: "Ring mig, {PNR}", publish: false}}\nanswers:\n'),
    )
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0
    assert [f[:3] for f in findings(result)] == [(f"{B9}:6:23", "warning", "personal-data")]
    assert PNR not in result.output


def test_personal_data_in_an_assessment_strength(example_repo, run):
    write(
        example_repo / AUDIT / "assessment.yaml",
        """
        areas:
          bemotande:
            strengths:
              - bra bemötande
              - chefen nås på 070-123 45 67
        """,
    )
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0
    assert [f[:3] for f in findings(result)] == [(f"{AUDIT}/assessment.yaml:5:23", "warning", "personal-data")]
    assert "123 45 67" not in result.output
    assert run("validate", "--strict", cwd=example_repo).exit_code == 1


def test_personal_data_is_reported_even_in_a_file_with_a_schema_error(example_repo, run):
    # A typo elsewhere in the file must not hide a phone number until the typo is fixed.
    interview(
        example_repo,
        'motet-tid: {value: ja, comment: "ring 070-123 45 67"}',
        head=HEAD.replace("interviewers: [A, B]", "interviewrs: [A, B]"),
    )
    result = run("validate", cwd=example_repo)
    assert [(f[0], f[2]) for f in findings(result)] == [
        (f"{B9}:4:1", "schema-unknown-key"),
        (f"{B9}:6:41", "personal-data"),
    ]


def test_a_date_yaml_cannot_make_in_revision_yaml_is_a_finding(example_repo, run):
    """Found by the fuzz: `revision: 2012-13-45` (a timestamp with month 13) once escaped the
    reading of the repository's declared roles as a ValueError."""
    edit(example_repo / "revision.yaml", "revision: 1", "revision: 2012-13-45")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[:3] for f in findings(result)] == [("revision.yaml:2:11", "error", "schema-value")]
