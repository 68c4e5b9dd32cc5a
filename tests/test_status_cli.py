"""`revision status`: one table (and JSON) for the repository — colours counted from the
score, open and overdue actions, and when a follow-up is due, in calendar months."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLE_AUDITS

from revision_cli.operations.status import AuditStatus, add_months, repository_status
from revision_cli.repository.locate import open_repository

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_audit(repo: Path, slug: str, follows_up: str | None = None) -> Path:
    folder = repo / "audits" / slug
    shutil.copytree(repo / AUDIT, folder)
    edit(folder / "audit.yaml", f"id: {EXAMPLE_AUDIT}", f"id: {slug}")
    if follows_up:
        edit(folder / "audit.yaml", "follows_up: null", f"follows_up: {follows_up}")
    return folder


def status(run, repo: Path, today: str, exit_code: int = 0) -> dict[str, dict]:
    result = run("status", "--format", "json", "--today", today, cwd=repo)
    assert result.exit_code == exit_code, result.output
    rows = json.loads(result.stdout)
    assert [r["slug"] for r in rows] == sorted(r["slug"] for r in rows)
    return {r["slug"]: r for r in rows}


# --- the example ------------------------------------------------------------------------------


def test_the_example_status_agrees_with_its_files_and_its_score(example_repo, run):
    result = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo)
    assert result.exit_code == 0
    expected = {"green": 0, "yellow": 0, "red": 0}
    for area in json.loads(result.stdout)["areas"]:
        for sub in area["subareas"]:
            if sub["rating"] in expected:
                expected[sub["rating"]] += 1
    assert sum(expected.values()) > 0
    audit = yaml.safe_load((example_repo / AUDIT / "audit.yaml").read_text(encoding="utf-8"))
    actions = yaml.safe_load((example_repo / AUDIT / "actions.yaml").read_text(encoding="utf-8"))
    today = dt.date(2013, 4, 1)
    row = status(run, example_repo, today.isoformat())[EXAMPLE_AUDIT]
    assert row == {
        "slug": EXAMPLE_AUDIT,
        "unit": audit["unit"],
        "organisation": audit["organisation"],
        "battery": "+".join(audit["battery"]),  # the pilot's two batteries, as score's JSON joins them
        "status": audit["status"],
        "site_visit": audit["site_visit"].isoformat(),
        "feedback_meeting": audit["feedback_meeting"].isoformat(),
        "follows_up": None,
        "colours": expected,
        "open_actions": sum(a["status"] in ("planned", "ongoing") for a in actions),
        "overdue_actions": sum(a["status"] in ("planned", "ongoing") and a["due"] < today for a in actions),
        "follow_up_due": audit["feedback_meeting"].replace(year=audit["feedback_meeting"].year + 1).isoformat(),
        "follow_up_overdue": False,
        "followed_up_by": [],
        "errors": 0,
        "retain_interviews_until": None,
        "retention_passed": False,
        "archived": False,
        "coloured": True,
        "fidelity": None,
    }
    assert row["overdue_actions"] == 1


def test_the_table_names_every_column_with_symbol_and_word(example_repo, run):
    # Wide enough for every example audit's row on one line.
    result = run("status", "--today", "2014-01-01", cwd=example_repo, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    for text in (
        "Audit",
        "Unit",
        "Battery",
        "Phase",
        "Site visit",
        "Feedback meeting",
        "✓ Green",
        "! Yellow",
        "✗ Red",
        "Open actions",
        "Overdue actions",
        "Follow-up due",
        EXAMPLE_AUDIT,
        "goteborg@1",
        "reported",
        "2012-10-15",
        "2012-11-20",
        "2013-11-20 ⚠ overdue",
        "⚠ 2",
    ):
        assert text in result.stdout, text
    assert "Errors" not in result.stdout
    assert "due 12 months after the feedback meeting" in result.stdout


def test_the_public_api_keeps_its_fields(example_repo):
    names = [f.name for f in dataclasses.fields(AuditStatus)]
    assert names[:15] == [
        "slug",
        "unit",
        "organisation",
        "battery",
        "status",
        "site_visit",
        "feedback_meeting",
        "follows_up",
        "colours",
        "open_actions",
        "overdue_actions",
        "follow_up_due",
        "follow_up_overdue",
        "errors",
        "followed_up_by",
    ]
    copy_audit(example_repo, "2011-aldre")
    rows = repository_status(open_repository(example_repo), dt.date(2014, 1, 1))
    assert [row.slug for row in rows] == sorted(["2011-aldre", *EXAMPLE_AUDITS])
    first, second = rows[:2]
    assert (first.slug, second.slug) == ("2011-aldre", EXAMPLE_AUDIT)
    assert second.follow_up_due == dt.date(2013, 11, 20) and second.follow_up_overdue is True
    assert set(second.colours) == {"green", "yellow", "red"}


# --- follow-ups -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, months, due",
    [
        ("2024-08-31", 6, "2025-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-03-31", 1, "2024-04-30"),
        ("2024-12-15", 1, "2025-01-15"),
        ("2024-11-30", 12, "2025-11-30"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2020-05-31", 120, "2030-05-31"),
    ],
)
def test_months_are_calendar_months_with_the_day_clamped(day, months, due):
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(due)


@pytest.mark.parametrize("today, overdue", [("2025-02-27", False), ("2025-02-28", False), ("2025-03-01", True)])
def test_the_follow_up_is_due_months_after_the_feedback_meeting(example_repo, run, today, overdue):
    edit(example_repo / "revision.yaml", "revision: 1", "revision: 1\nfollow_up_months: 6")
    edit(example_repo / AUDIT / "audit.yaml", "feedback_meeting: 2012-11-20", "feedback_meeting: 2024-08-31")
    row = status(run, example_repo, today)[EXAMPLE_AUDIT]
    assert row["follow_up_due"] == "2025-02-28"
    assert row["follow_up_overdue"] is overdue
    table = run("status", "--today", today, cwd=example_repo, env={"COLUMNS": "300"}).stdout
    assert ("2025-02-28 ⚠ overdue" in table) is overdue
    assert "due 6 months after" in table


def test_an_audit_followed_up_by_a_later_one_is_not_overdue(example_repo, run):
    later_audit = copy_audit(example_repo, "2014-vastra-hisingen", follows_up=EXAMPLE_AUDIT)
    edit(later_audit / "audit.yaml", "feedback_meeting: 2012-11-20", "feedback_meeting: 2014-11-20")
    rows = status(run, example_repo, "2016-01-01")
    first, later = rows[EXAMPLE_AUDIT], rows["2014-vastra-hisingen"]
    assert first["follow_up_overdue"] is False and first["followed_up_by"] == ["2014-vastra-hisingen"]
    assert later["follows_up"] == EXAMPLE_AUDIT and later["follow_up_overdue"] is True
    # Wide enough for every example audit's row on one line.
    table = run("status", "--today", "2016-01-01", cwd=example_repo, env={"COLUMNS": "300"}).stdout
    assert "2013-11-20 ✓ followed up" in table and "2013-11-20 ⚠ overdue" not in table
    assert "2015-11-20 ⚠ overdue" in table
    # Without the later audit naming it, the first one is overdue again.
    edit(
        example_repo / "audits" / "2014-vastra-hisingen" / "audit.yaml",
        f"follows_up: {EXAMPLE_AUDIT}",
        "follows_up: null",
    )
    assert status(run, example_repo, "2016-01-01")[EXAMPLE_AUDIT]["follow_up_overdue"] is True


def test_the_phase_followed_up_counts_as_followed_up(example_repo, run):
    edit(example_repo / AUDIT / "audit.yaml", "status: reported", "status: followed-up")
    assert status(run, example_repo, "2016-01-01")[EXAMPLE_AUDIT]["follow_up_overdue"] is False


def test_without_a_feedback_meeting_no_follow_up_is_due(example_repo, run):
    edit(example_repo / AUDIT / "audit.yaml", "feedback_meeting: 2012-11-20", "feedback_meeting: null")
    row = status(run, example_repo, "2030-01-01")[EXAMPLE_AUDIT]
    assert row["follow_up_due"] is None and row["follow_up_overdue"] is False


# --- colours, actions and errors ------------------------------------------------------------------


def test_insufficient_data_is_not_counted_and_the_teams_colour_is(example_repo, run):
    for path in sorted((example_repo / AUDIT / "interviews").glob("*.yaml"))[2:]:
        path.unlink()  # two interviews left: below min_answers everywhere
    write(
        example_repo / AUDIT / "assessment.yaml",
        """\
        areas:
          bemotande:
            subareas:
              motet: {rating: red}
        """,
    )
    row = status(run, example_repo, "2013-01-01")[EXAMPLE_AUDIT]
    assert row["colours"] == {"green": 0, "yellow": 0, "red": 1}


def test_open_and_overdue_actions_are_counted_around_the_boundary(example_repo, run):
    # The example's actions: ongoing due 2013-06-30, planned due 2013-03-31.
    counts = {
        day: (r["open_actions"], r["overdue_actions"])
        for day in ("2013-03-31", "2013-04-01", "2013-07-01")
        for r in [status(run, example_repo, day)[EXAMPLE_AUDIT]]
    }
    assert counts == {"2013-03-31": (2, 0), "2013-04-01": (2, 1), "2013-07-01": (2, 2)}
    edit(example_repo / AUDIT / "actions.yaml", "status: ongoing", "status: done")
    assert status(run, example_repo, "2013-07-01")[EXAMPLE_AUDIT]["open_actions"] == 1


def test_an_audit_with_errors_shows_its_error_count_and_no_colours(example_repo, run):
    broken = copy_audit(example_repo, "2014-trasig")
    write(broken / "interviews" / "b1.yaml", "respondent: b1\ngroup: okand\nconsent: true\nanswers: {}\n")
    write(
        broken / "interviews" / "b2.yaml",
        "respondent: b2\ngroup: brukare\nconsent: true\nanswers: {motet-valkommen: kanske}\n",
    )
    rows = status(run, example_repo, "2014-01-01", exit_code=1)
    assert rows["2014-trasig"]["errors"] == 2 and rows["2014-trasig"]["colours"] == {}
    assert rows["2014-trasig"]["unit"] == rows[EXAMPLE_AUDIT]["unit"]
    assert rows[EXAMPLE_AUDIT]["errors"] == 0 and sum(rows[EXAMPLE_AUDIT]["colours"].values()) == 9
    result = run("status", "--today", "2014-01-01", cwd=example_repo)
    assert result.exit_code == 1
    assert "Errors" in result.stdout and "✗ 2" in result.stdout
    assert "revision: the audit '2014-trasig' has 2 errors; its colours are not counted" in result.stderr
    assert "revision validate" in result.stderr


def test_an_audit_whose_audit_yaml_cannot_be_read_is_still_listed(example_repo, run):
    broken = copy_audit(example_repo, "2014-trasig")
    write(broken / "audit.yaml", "id: 2014-trasig\nbattery: [\n")
    row = status(run, example_repo, "2014-01-01", exit_code=1)["2014-trasig"]
    assert row["errors"] >= 1 and row["colours"] == {}
    assert row["unit"] is None and row["follow_up_due"] is None
    assert row["open_actions"] == 2  # its actions.yaml is fine


def test_outside_a_repository_and_with_a_bad_date(tmp_path, example_repo, run):
    result = run("status", cwd=tmp_path)
    assert result.exit_code == 1
    assert "no revision.yaml here or above" in result.stderr and "revision init" in result.stderr
    result = run("status", "--today", "2014-02-30", cwd=example_repo)
    assert result.exit_code == 2
    assert "--today '2014-02-30' is not a date" in result.stderr
    for slug in EXAMPLE_AUDITS:
        shutil.rmtree(example_repo / "audits" / slug)
    result = run("status", cwd=example_repo)
    assert result.exit_code == 0
    assert "no audits yet" in result.stdout
    assert status(run, example_repo, "2014-01-01") == {}


def test_audits_without_colours_are_marked_and_a_fidelity_review_shows_total_and_band(run, example_repo):
    result = run("status", "--format", "json", "--today", "2026-01-01", cwd=example_repo)
    assert result.exit_code == 0, result.output
    rows = {row["slug"]: row for row in json.loads(result.stdout)}
    assert rows["2012-vastra-hisingen"]["coloured"] and rows["2012-vastra-hisingen"]["fidelity"] is None
    for slug in ("2013-ekbacken", "2024-tallasen-avslutade", "2025-ips-alvstaden"):
        assert rows[slug]["coloured"] is False
    assert rows["2025-ips-alvstaden"]["fidelity"] == {"total": 107, "band": "good"}
    table = run("status", "--today", "2026-01-01", cwd=example_repo, env={"COLUMNS": "300"}).stdout
    line = next(line for line in table.splitlines() if "2025-ips-alvstaden" in line)
    assert "ips-fidelity@1 (total 107, band good)" in line
    assert [cell.strip() for cell in line.split("│")][7:10] == ["–", "–", "–"]


def test_a_follow_up_held_as_a_meeting_has_no_colours_and_the_status_is_in_words(run, example_repo):
    """The NSPH-style follow-up (a meeting, no new interviews) has no figures of its own: –, not
    three zeros; and a Swedish repository's table says `rapporterad`, not `reported`."""
    rows = status(run, example_repo, "2026-01-01")
    assert rows["2022-solrosen-uppfoljning"]["coloured"] is False
    assert rows["2021-solrosen-telefon"]["coloured"] is True
    table = run("status", "--today", "2026-01-01", "--lang", "sv", cwd=example_repo, env={"COLUMNS": "300"}).stdout
    line = next(line for line in table.splitlines() if "2022-solrosen-uppfoljning" in line)
    cells = [cell.strip() for cell in line.split("│")]
    assert cells[7:10] == ["–", "–", "–"] and "rapporterad" in cells
    assert "reported" not in table
