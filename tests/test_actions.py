"""Improvement actions: the rules of actions.yaml through `revision validate` at exact
positions, and `revision actions [AUDIT] [--overdue]` around the boundary date."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"
ACTIONS = f"{AUDIT}/actions.yaml"
FINDING = re.compile(r"^(?P<where>\S+:\d+:\d+): (?P<severity>error|warning) \[(?P<code>[a-z0-9-]+)\] (?P<message>.*)$")

# Three events of one action: the second is older than the first, the third lies in the future.
EVENTS = """\
- id: rutin
  title: Rutin för information
  subareas: [information]
  owner: Enhetschef
  due: 2013-06-30
  status: ongoing
  events:
    - {date: 2013-02-01, kind: phone, outcome: Checklistan används.}
    - {date: 2013-01-15, kind: meeting, outcome: Beslut om checklista.}
    - {date: 2999-01-01, kind: site-visit, outcome: Besök.}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings(result) -> list[tuple[str, str, str, str]]:
    found = [FINDING.match(line) for line in result.output.splitlines()]
    return [(m["where"], m["severity"], m["code"], m["message"]) for m in found if m]


def action(id: str, due: str | None = "2013-03-31", status: str = "planned", **extra) -> str:
    lines = [f"- id: {id}", f"  title: Åtgärd {id}", "  subareas: [information]"]
    if due:
        lines.append(f"  due: {due}")
    lines.append(f"  status: {status}")
    lines += [f"  {key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def second_audit(repo: Path, slug: str, actions: str | None) -> Path:
    folder = repo / "audits" / slug
    shutil.copytree(repo / AUDIT, folder)
    text = (folder / "audit.yaml").read_text(encoding="utf-8").replace(f"id: {EXAMPLE_AUDIT}", f"id: {slug}")
    (folder / "audit.yaml").write_text(text, encoding="utf-8")
    if actions is None:
        (folder / "actions.yaml").unlink()
    else:
        write(folder / "actions.yaml", actions)
    return folder


def listed(run, *args, cwd: Path, exit_code: int = 0) -> list[dict]:
    result = run("actions", *args, "--format", "json", cwd=cwd)
    assert result.exit_code == exit_code, result.output
    return json.loads(result.stdout)


# --- validation ---------------------------------------------------------------------------


def test_events_out_of_order_warn_and_future_events_are_errors(example_repo, run):
    write(example_repo / ACTIONS, EVENTS)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[:3] for f in findings(result)] == [
        (f"{ACTIONS}:9:14", "warning", "actions-event-order"),
        (f"{ACTIONS}:10:14", "error", "actions-event-order"),
    ]
    order, future = findings(result)
    assert "2013-01-15" in order[3] and "2013-02-01" in order[3] and "date order" in order[3]
    assert future[3].startswith("follow-up event 2999-01-01 of action 'rutin' lies in the future")


def test_events_out_of_order_alone_pass_unless_strict(example_repo, run):
    write(example_repo / ACTIONS, EVENTS.replace("    - {date: 2999-01-01, kind: site-visit, outcome: Besök.}\n", ""))
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0
    assert [f[:3] for f in findings(result)] == [(f"{ACTIONS}:9:14", "warning", "actions-event-order")]
    assert run("validate", "--strict", cwd=example_repo).exit_code == 1


def test_an_event_of_today_is_not_in_the_future(example_repo, run):
    import datetime as dt

    today = dt.date.today().isoformat()
    write(example_repo / ACTIONS, EVENTS.replace("2999-01-01", today).replace("2013-01-15", "2013-03-01"))
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert findings(result) == []


def test_ids_sub_areas_dates_statuses_and_event_kinds_at_their_positions(example_repo, run):
    write(
        example_repo / ACTIONS,
        """\
        - id: rutin
          title: Rutin
          subareas: [information, informaton]
          due: 2013-06-30
        - id: rutin
          title: Dubbel
        """,
    )
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[:3] for f in findings(result)] == [
        (f"{ACTIONS}:3:27", "error", "actions-unknown-subarea"),
        (f"{ACTIONS}:5:7", "error", "actions-duplicate-id"),
    ]
    assert "did you mean 'information'?" in findings(result)[0][3]

    write(
        example_repo / ACTIONS,
        """\
        - id: rutin
          title: Rutin
          due: 2013-13-01
          status: finished
          events:
            - {date: 2013-02-01, kind: email, outcome: Mejl.}
            - {date: 2013-02-01, kind: phone}
        """,
    )
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[:3] for f in findings(result)] == [
        (f"{ACTIONS}:3:8", "error", "schema-type"),
        (f"{ACTIONS}:4:11", "error", "schema-value"),
        (f"{ACTIONS}:6:32", "error", "schema-value"),
        (f"{ACTIONS}:7:7", "error", "schema-missing"),
    ]


# --- revision actions ----------------------------------------------------------------------


@pytest.mark.parametrize("today, overdue", [("2013-03-30", False), ("2013-03-31", False), ("2013-04-01", True)])
def test_overdue_starts_the_day_after_the_due_date(example_repo, run, today, overdue):
    write(example_repo / ACTIONS, action("a", due="2013-03-31"))
    assert [a["overdue"] for a in listed(run, "--today", today, cwd=example_repo)] == [overdue]
    assert [a["id"] for a in listed(run, "--overdue", "--today", today, cwd=example_repo)] == (["a"] if overdue else [])


def test_only_planned_and_ongoing_actions_with_a_due_date_become_overdue(example_repo, run):
    write(
        example_repo / ACTIONS,
        "".join(
            [
                action("planerad", status="planned"),
                action("pagaende", status="ongoing"),
                action("klar", status="done"),
                action("slopad", status="dropped"),
                action("utan-datum", due=None),
            ]
        ),
    )
    everything = listed(run, "--today", "2014-01-01", cwd=example_repo)
    assert [(a["id"], a["status"], a["overdue"]) for a in everything] == [
        ("planerad", "planned", True),
        ("pagaende", "ongoing", True),
        ("klar", "done", False),
        ("slopad", "dropped", False),
        ("utan-datum", "planned", False),
    ]
    assert [a["id"] for a in listed(run, "--overdue", "--today", "2014-01-01", cwd=example_repo)] == [
        "planerad",
        "pagaende",
    ]


def test_the_example_lists_its_actions_as_written(example_repo, run):
    written = yaml.safe_load((example_repo / ACTIONS).read_text(encoding="utf-8"))
    rows = listed(run, "--today", "2013-04-01", cwd=example_repo)
    assert [(r["audit"], r["id"], r["title"], r["subareas"], r["owner"], r["due"], r["status"]) for r in rows] == [
        (EXAMPLE_AUDIT, a["id"], a["title"], a["subareas"], a["owner"], a["due"].isoformat(), a["status"])
        for a in written
    ]
    # Due 2013-06-30 and 2013-03-31: on 2013-04-01 only the second has passed.
    assert [r["overdue"] for r in rows] == [False, True]
    assert all(r["last_event"] is None for r in rows)


def test_without_audit_every_audit_is_listed_and_with_one_only_that(example_repo, run):
    second_audit(example_repo, "2014-vastra-hisingen", action("nytt", due="2015-01-31"))
    second_audit(example_repo, "2013-utan-atgarder", None)
    rows = listed(run, "--today", "2015-02-01", cwd=example_repo)
    assert [(r["audit"], r["id"]) for r in rows] == [
        (EXAMPLE_AUDIT, "informationsrutin"),
        (EXAMPLE_AUDIT, "overklagande-och-synpunkter"),
        ("2014-vastra-hisingen", "nytt"),
    ]
    assert [r["id"] for r in listed(run, "2014-vastra-hisingen", "--today", "2015-02-01", cwd=example_repo)] == ["nytt"]
    # A path to the audit folder, from inside the audit itself.
    inside = example_repo / "audits" / "2014-vastra-hisingen" / "interviews"
    assert [r["id"] for r in listed(run, "..", "--today", "2015-02-01", cwd=inside)] == ["nytt"]
    assert listed(run, "2013-utan-atgarder", cwd=example_repo) == []


def test_the_last_event_is_the_latest_by_date(example_repo, run):
    write(example_repo / ACTIONS, EVENTS.replace("2999-01-01", "2013-01-20"))
    (row,) = listed(run, "--today", "2013-07-01", cwd=example_repo)
    assert row["last_event"] == {"date": "2013-02-01", "kind": "phone", "outcome": "Checklistan används."}
    assert row["events"] == 3 and row["overdue"] is True
    table = run("actions", "--today", "2013-07-01", cwd=example_repo)
    assert table.exit_code == 0
    assert "2013-02-01 phone: Checklistan används." in table.stdout
    assert "ongoing · ⚠ overdue" in table.stdout


def test_the_table_shows_every_column_and_says_when_nothing_is_overdue(example_repo, run):
    result = run("actions", "--today", "2013-04-01", cwd=example_repo)
    assert result.exit_code == 0
    for text in (
        "Audit",
        "Action",
        "Title",
        "Sub-areas",
        "Owner",
        "Due",
        "Status",
        "Last follow-up",
        "informationsrutin",
        "information, paverkan",
        "Enhetschef",
        "2013-03-31",
        "planned · ⚠ overdue",
    ):
        assert text in result.stdout, text
    assert "ongoing ·" not in result.stdout
    result = run("actions", "--overdue", "--today", "2013-03-31", cwd=example_repo)
    assert result.exit_code == 0
    assert result.stdout.strip() == "No overdue actions."


def test_an_audit_with_errors_is_named_and_what_can_be_read_is_still_listed(example_repo, run):
    broken = second_audit(example_repo, "2014-trasig", action("lasbar", due="2014-01-31"))
    write(broken / "interviews" / "b1.yaml", "respondent: b1\ngroup: okand\nconsent: true\nanswers: {}\n")
    unreadable = second_audit(example_repo, "2015-olasbar", "- id: x\n  title: [oavslutad\n")
    rows = listed(run, "--today", "2014-02-01", cwd=example_repo, exit_code=1)
    assert [(r["audit"], r["id"], r["overdue"]) for r in rows] == [
        (EXAMPLE_AUDIT, "informationsrutin", True),
        (EXAMPLE_AUDIT, "overklagande-och-synpunkter", True),
        ("2014-trasig", "lasbar", True),
    ]
    result = run("actions", "--today", "2014-02-01", cwd=example_repo)
    assert result.exit_code == 1
    assert "revision: the audit '2014-trasig' has 1 error\n" in result.stderr
    assert (
        f"revision: the audit '{unreadable.name}' has 1 error; its actions.yaml could not be read, "
        "so its actions are not listed"
    ) in result.stderr
    assert "revision validate" in result.stderr
    assert EXAMPLE_AUDIT not in result.stderr


def test_outside_a_repository_and_with_a_bad_date(tmp_path, example_repo, run):
    result = run("actions", cwd=tmp_path)
    assert result.exit_code == 1
    assert "no revision.yaml here or above" in result.stderr and "revision init" in result.stderr
    # An audit folder given by path works without a repository around it.
    loose = tmp_path / "lös"
    shutil.copytree(example_repo / AUDIT, loose / EXAMPLE_AUDIT)
    assert len(listed(run, EXAMPLE_AUDIT, cwd=loose)) == 2
    for bad in ("2013-02-30", "20130401", "i morgon"):
        result = run("actions", "--today", bad, cwd=example_repo)
        assert result.exit_code == 2, bad
        assert "is not a date; write it as YYYY-MM-DD" in result.stderr
    result = run("actions", "2012-vastra-hisinge", cwd=example_repo)
    assert result.exit_code == 1
    assert "did you mean '2012-vastra-hisingen'?" in result.stderr


# ---- what an action answers (issue 14, item 3) ---------------------------------------------

AIMED = """\
- id: forklara
  title: Förklara besluten
  areas: [bemotande]
  subareas: [hansyn]
  questions: [hansyn-forklarar]
  owner: Enhetschef
"""


def test_an_action_names_areas_sub_areas_and_questions_and_each_is_checked(example_repo, run):
    write(example_repo / ACTIONS, AIMED)
    assert findings(run("validate", cwd=example_repo)) == []
    write(
        example_repo / ACTIONS,
        AIMED.replace("[bemotande]", "[bemotand]").replace("[hansyn-forklarar]", "[hansyn-forklara, x]"),
    )
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [f[:3] for f in findings(result)] == [
        (f"{ACTIONS}:3:11", "error", "actions-unknown-area"),
        (f"{ACTIONS}:5:15", "error", "actions-unknown-question"),
        (f"{ACTIONS}:5:32", "error", "actions-unknown-question"),
    ]
    assert "did you mean 'bemotande'?" in findings(result)[0][3]
    assert "did you mean 'hansyn-forklarar'?" in findings(result)[1][3]


@pytest.mark.parametrize(
    ("audit", "field", "good", "code"),
    [
        ("2013-ekbacken", "statements", "kontakt", "actions-unknown-statement"),
        ("2025-ips-alvstaden", "fidelity_items", "ips-06", "actions-unknown-fidelity-item"),
        ("2025-ips-alvstaden", "fidelity_sections", "bemanning", "actions-unknown-fidelity-section"),
        ("2024-tallasen-avslutade", "themes", "bemotande", "actions-unknown-theme"),  # the battery's theme
        ("2024-tallasen-avslutade", "themes", "trygghet", "actions-unknown-theme"),  # the audit's own
    ],
)
def test_statements_fidelity_items_sections_and_themes_are_checked_against_the_audit(
    example_repo, run, audit, field, good, code
):
    path = example_repo / "audits" / audit / "actions.yaml"
    write(path, f"- id: a1\n  title: Åtgärd\n  {field}: [{good}]\n")
    result = run("validate", f"audits/{audit}", cwd=example_repo)
    assert [f for f in findings(result) if f[1] == "error"] == [], result.output
    write(path, f"- id: a1\n  title: Åtgärd\n  {field}: [{good}-x]\n")
    result = run("validate", f"audits/{audit}", cwd=example_repo)
    assert [f[2] for f in findings(result) if f[1] == "error"] == [code]
    assert f"did you mean '{good}'?" in findings(result)[0][3]


@pytest.mark.lang("en", everywhere=True)
@pytest.mark.parametrize("format", ["md", "html"])
def test_the_report_shows_each_action_beside_what_it_answers(example_repo, run, format):
    write(example_repo / ACTIONS, AIMED)
    result = run("report", EXAMPLE_AUDIT, "--format", format, cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    battery = yaml.safe_load(
        (Path(__file__).resolve().parent.parent / "question_batteries" / "goteborg.yaml").read_text(encoding="utf-8")
    )
    area = next(a for a in battery["areas"] if a["id"] == "bemotande")
    sub = next(s for s in area["subareas"] if s["id"] == "hansyn")
    question = next(q for q in sub["questions"] if q["id"] == "hansyn-forklarar")
    english = lambda text: text["en"] if isinstance(text, dict) else text  # noqa: E731
    row = next(
        line for line in result.stdout.split("<tr>" if format == "html" else "\n") if "Förklara besluten" in line
    )
    assert "Answers" in result.stdout
    assert f"Area: {english(area['title'])}" in row
    assert f"Sub-area: {english(sub['title'])}" in row
    assert (
        f"Question: hansyn-forklarar: {english(question['text'])}".replace("'", "&#39;" if format == "html" else "'")
        in row
    )


def test_the_swedish_report_names_the_kinds_in_swedish(example_repo, run):
    write(example_repo / ACTIONS, AIMED)
    result = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    row = next(line for line in result.stdout.splitlines() if "Förklara besluten" in line)
    assert "Område: Bemötande" in row and "Fråga: hansyn-forklarar" in row


@pytest.mark.lang("en", everywhere=True)
@pytest.mark.parametrize("format", ["md", "html"])
def test_the_report_marks_an_overdue_action_as_revision_actions_does(example_repo, run, format):
    write(
        example_repo / ACTIONS,
        "".join(
            action(id, due=due, status=status)
            for id, due, status in [
                ("due-yesterday", "2013-03-31", "planned"),
                ("due-today", "2013-04-01", "ongoing"),
                ("done-late", "2013-03-01", "done"),
            ]
        ),
    )
    env = {"REVISION_TODAY": "2013-04-01"}
    listed = json.loads(
        run("actions", EXAMPLE_AUDIT, "--format", "json", "--today", "2013-04-01", cwd=example_repo).stdout
    )
    result = run("report", EXAMPLE_AUDIT, "--format", format, cwd=example_repo, env=env)
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.split("<tr>" if format == "html" else "\n")
    for entry in listed:
        row = next(r for r in rows if f"Åtgärd {entry['id']}" in r)
        assert ("overdue" in row) is entry["overdue"], (entry["id"], row)
    assert [e["id"] for e in listed if e["overdue"]] == ["due-yesterday"]


def test_actions_without_today_take_revision_today_as_validate_and_the_report_do(example_repo, run):
    write(example_repo / ACTIONS, action("late", due="2013-03-31") + action("on-time", due="2013-04-01"))
    given = run("actions", EXAMPLE_AUDIT, "--format", "json", "--today", "2013-04-01", cwd=example_repo)
    env = run("actions", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo, env={"REVISION_TODAY": "2013-04-01"})
    assert env.exit_code == 0, env.stderr
    assert json.loads(env.stdout) == json.loads(given.stdout)
    assert [a["overdue"] for a in json.loads(env.stdout)] == [True, False]
