"""Group breakdowns beside the total, in the score table, JSON and both reports, with the
suppression rule of PRODUCT.md §4 — through the real command."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"


def staff(repo: Path, codes: list[str], rutiner: list[str]) -> None:
    """Staff interviews answering motet-rutiner (asked of staff only) and hansyn-byte."""
    for code, answer in zip(codes, rutiner, strict=True):
        (repo / AUDIT / "interviews" / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: personal\nconsent: true\n"
            f"answers:\n  motet-rutiner: {answer}\n  hansyn-byte: ja\n  motet-ovrigt-personal: Vi har rutiner.\n",
            encoding="utf-8",
        )


def relatives(repo: Path, codes: list[str]) -> None:
    for code in codes:
        (repo / AUDIT / "interviews" / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: narstaende\nconsent: true\nanswers: {{}}\n", encoding="utf-8"
        )


def score_json(run, repo: Path) -> dict:
    result = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def items(data: dict) -> dict:
    found = {}
    for area in data["areas"]:
        found[area["id"]] = area
        for sub in area["subareas"]:
            found[sub["id"]] = sub
            for q in sub["questions"]:
                found[q["id"]] = q
    return found


def test_each_shown_group_has_its_own_exact_figures_beside_the_total(run, example_repo):
    staff(example_repo, ["p1", "p2", "p3", "p4", "p5"], ["ja", "ja", "ja", "nej", "nej"])
    data = score_json(run, example_repo)
    assert data["breakdown"] == {"groups": ["brukare", "personal"], "suppressed": {}, "none_because": None}
    found = items(data)
    rutiner = found["motet-rutiner"]
    # 3 of 5 is exactly 3/5: yellow for staff; users were never asked this question.
    assert rutiner["groups"]["personal"] == {
        "computed": "yellow",
        "share": 0.6,
        "share_exact": "3/5",
        "n": 5,
        "excluded": 0,
    }
    assert rutiner["groups"]["brukare"] == {"asked": False}
    valkommen = found["motet-valkommen"]
    assert valkommen["groups"]["personal"] == {"asked": False}
    assert valkommen["groups"]["brukare"]["share_exact"] == valkommen["share_exact"]
    # The sub-area of each group is the mean over the questions asked of it.
    motet = found["motet"]
    assert motet["groups"]["personal"]["share_exact"] == "3/5"
    assert motet["groups"]["brukare"]["n"] == 6 and motet["n"] == 11
    # Free text is never broken down.
    assert "groups" not in found["motet-ovrigt-personal"]


def test_table_and_reports_show_the_groups_with_words_not_colour_alone(run, example_repo):
    staff(example_repo, ["p1", "p2", "p3", "p4", "p5"], ["ja", "ja", "ja", "nej", "nej"])
    table = run("score", EXAMPLE_AUDIT, cwd=example_repo)
    assert table.exit_code == 0
    header = next(line for line in table.stdout.splitlines() if line.startswith("Area"))
    assert header.split()[-2:] == ["brukare", "personal"]
    rutiner = next(line for line in table.stdout.splitlines() if line.strip().startswith("motet-rutiner"))
    assert rutiner.rstrip().endswith("! 60% (5)")
    md = run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    assert "| Delområde | Teamets bedömning | Beräknad | Andel | Antal svar (n) | Brukare | Personal |" in md
    assert "! Gul 60 % (5) |" in md
    assert "Kolumnerna per grupp visar" in md
    html = run("report", EXAMPLE_AUDIT, "--format", "html", cwd=example_repo).stdout
    assert '<th scope="col">Personal</th>' in html
    assert '<span class="figure">60 % (n 5)</span>' in html


def test_six_users_and_two_staff_show_the_users_and_staff_only_questions_read_too_few(run, example_repo):
    # Six users, two staff, min_group_size 5: the staff are too few for a card of their own;
    # every scored question in goteborg is asked of users only or staff only, and the staff
    # ones read "too few" in the total: the users' card would only repeat the total.
    staff(example_repo, ["p1", "p2"], ["ja", "nej"])
    data = score_json(run, example_repo)
    assert data["breakdown"]["groups"] == ["brukare", "personal"]
    assert data["breakdown"]["suppressed"] == {
        "personal": "too few respondents to report",
        "brukare": "its figures are the total's",
    }
    found = items(data)
    motet = found["motet"]
    assert motet["computed"] != "insufficient" and motet["n"] == 6
    assert motet["groups"]["brukare"] == {"suppressed": True, "reason": "its figures are the total's"}
    assert motet["groups"]["personal"] == {"suppressed": True, "reason": "too few respondents to report"}
    users = json.loads(run("score", EXAMPLE_AUDIT, "--group", "brukare", "--format", "json", cwd=example_repo).stdout)
    assert items(users)["motet"]["share"] == motet["share"]  # the group's own card, if asked for
    assert motet["left_out"] == 1  # motet-rutiner: the two staff's
    rutiner = found["motet-rutiner"]
    assert (rutiner["suppressed"], rutiner["reason"], rutiner["n"]) == (True, "too few respondents to report", None)
    md = run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    assert "| Brukare | Personal |" not in md  # no group column: no group has a card
    assert "För få svarande för att redovisas." in md
    assert "1 fråga ingår inte i medelvärdet: för få svarande för att redovisas." in md
    assert "Brukare: Gruppens siffror är desamma som totalens." in md
    table = run("score", EXAMPLE_AUDIT, cwd=example_repo).stdout
    assert "personal suppressed (too few respondents to report)" in table


def test_with_three_groups_only_the_small_one_is_hidden(run, example_repo):
    staff(example_repo, ["p1", "p2", "p3", "p4", "p5"], ["ja"] * 5)
    relatives(example_repo, ["n1", "n2"])
    data = score_json(run, example_repo)
    assert data["breakdown"]["groups"] == ["brukare", "personal", "narstaende"]
    assert set(data["breakdown"]["suppressed"]) == {"narstaende"}
    valkommen = items(data)["motet-valkommen"]
    assert valkommen["groups"]["brukare"]["n"] == 6
    assert valkommen["groups"]["personal"] == {"asked": False}
    assert items(data)["motet-rutiner"]["groups"]["personal"]["n"] == 5
    table = run("score", EXAMPLE_AUDIT, cwd=example_repo).stdout
    header = next(line for line in table.splitlines() if line.startswith("Area"))
    assert header.split()[-3:] == ["brukare", "personal", "narstaende"]


def test_one_group_only_says_its_figures_are_the_total(run, example_repo):
    data = score_json(run, example_repo)
    assert data["breakdown"] == {"groups": [], "suppressed": {}, "none_because": "one-group"}
    assert all("groups" not in item for item in items(data).values())
    md = run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    assert "Alla svarande tillhör samma grupp" in md


def test_the_groups_figures_survive_the_archive(run, example_repo):
    staff(example_repo, ["p1", "p2", "p3", "p4", "p5"], ["ja", "ja", "ja", "nej", "nej"])
    before = {fmt: run("report", EXAMPLE_AUDIT, "--format", fmt, cwd=example_repo).stdout for fmt in ("md", "html")}
    before_json = score_json(run, example_repo)
    before_staff = run("score", EXAMPLE_AUDIT, "--group", "personal", "--format", "json", cwd=example_repo).stdout
    result = run("archive", EXAMPLE_AUDIT, "--yes", "--today", "2024-05-01", cwd=example_repo)
    assert result.exit_code == 0, result.output
    frozen = yaml.safe_load((example_repo / AUDIT / "results.yaml").read_text(encoding="utf-8"))
    assert set(frozen["groups"]) == {"brukare", "personal"}
    assert score_json(run, example_repo) == before_json
    assert {
        fmt: run("report", EXAMPLE_AUDIT, "--format", fmt, cwd=example_repo).stdout for fmt in ("md", "html")
    } == before
    assert (
        run("score", EXAMPLE_AUDIT, "--group", "personal", "--format", "json", cwd=example_repo).stdout == before_staff
    )


def test_archived_figures_of_a_suppressed_group_are_a_finding(run, example_repo):
    staff(example_repo, ["p1", "p2", "p3", "p4", "p5"], ["ja"] * 5)
    assert run("archive", EXAMPLE_AUDIT, "--yes", "--today", "2024-05-01", cwd=example_repo).exit_code == 0
    path = example_repo / AUDIT / "results.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["groups"]["narstaende"] = data["groups"]["personal"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert "[results-mismatch] figures of group 'narstaende'" in result.stdout


KVALITET = "2013-ekbacken"


def staff_statements(repo: Path, count: int) -> None:
    """A local kvalitetsdeklaration@2 asked of users and staff, and `count` staff answers."""
    battery = (REPO / "question_batteries" / "kvalitetsdeklaration.yaml").read_text(encoding="utf-8")
    battery = battery.replace("\nversion: 1\n", "\nversion: 2\n", 1).replace(
        "groups: [brukare]", "groups: [brukare, personal]"
    )
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / "kvalitetsdeklaration-2.yaml").write_text(battery, encoding="utf-8")
    audit = repo / "audits" / KVALITET / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("kvalitetsdeklaration@1", "kvalitetsdeklaration@2"), encoding="utf-8"
    )
    for i in range(1, count + 1):
        (repo / "audits" / KVALITET / "interviews" / f"p{i}.yaml").write_text(
            f"respondent: p{i}\ngroup: personal\nconsent: true\nanswers:\n  kontakt: {2 + i % 2}\n", encoding="utf-8"
        )


def test_rated_statements_show_each_groups_mean_beside_the_total(run, example_repo):
    staff_statements(example_repo, 5)
    result = run("score", KVALITET, "--format", "json", cwd=example_repo)
    assert result.exit_code == 0, result.output
    kontakt = next(s for s in json.loads(result.stdout)["statements"] if s["id"] == "kontakt")
    staff_answers = [2 + i % 2 for i in range(1, 6)]  # 3, 2, 3, 2, 3
    assert kontakt["groups"]["personal"]["mean_exact"] == str(Fraction(sum(staff_answers), 5))
    assert kontakt["groups"]["personal"]["n"] == 5
    assert kontakt["n"] == kontakt["groups"]["brukare"]["n"] + 5
    md = run("report", KVALITET, cwd=example_repo).stdout
    assert "Brukare: medelvärde; andel positiva (n) | Personal: medelvärde; andel positiva (n) |" in md
    assert "| 2,6; 0 % (5) |" in md  # staff answered 3, 2, 3, 2, 3: none at 4 or above
    html = run("report", KVALITET, "--format", "html", cwd=example_repo).stdout
    assert '<th scope="col" class="num">Personal: medelvärde; andel positiva (n)</th>' in html
    table = run("score", KVALITET, cwd=example_repo).stdout
    assert "personal: mean; share (n)" in table and "2.6; 0% (5)" in table


def test_a_small_group_of_statement_respondents_is_suppressed_with_its_reason(run, example_repo):
    staff_statements(example_repo, 2)
    data = json.loads(run("score", KVALITET, "--format", "json", cwd=example_repo).stdout)
    kontakt = next(s for s in data["statements"] if s["id"] == "kontakt")
    assert kontakt["groups"]["personal"] == {"suppressed": True, "reason": "too few respondents to report"}
    # Asked of users and staff: total minus users would be the two staff's answers.
    assert kontakt["groups"]["brukare"] == {
        "suppressed": True,
        "reason": "withheld so that a smaller group cannot be worked out",
    }
    assert "suppressed" not in kontakt and kontakt["mean"] is not None  # the total itself is shown
    assert "mean" not in kontakt["groups"]["personal"]
    md = run("report", KVALITET, cwd=example_repo).stdout
    assert "Personal: För få svarande för att redovisas." in md
    assert "Redovisas inte, så att en mindre grupp inte kan räknas fram." in md


def test_statements_of_several_groups_survive_the_archive(run, example_repo):
    staff_statements(example_repo, 5)

    def outputs() -> dict:
        found = {
            "json": run("score", KVALITET, "--format", "json", cwd=example_repo),
            "staff": run("score", KVALITET, "--group", "personal", "--format", "json", cwd=example_repo),
            "md": run("report", KVALITET, cwd=example_repo),
            "html": run("report", KVALITET, "--format", "html", cwd=example_repo),
        }
        assert all(r.exit_code == 0 for r in found.values()), {k: r.output for k, r in found.items()}
        return {k: r.stdout for k, r in found.items()}

    before = outputs()
    result = run("archive", KVALITET, "--yes", "--today", "2030-01-01", cwd=example_repo)
    assert result.exit_code == 0, result.output
    frozen = yaml.safe_load((example_repo / "audits" / KVALITET / "results.yaml").read_text(encoding="utf-8"))
    assert set(frozen["group_statements"]) == {"brukare", "personal"}
    assert outputs() == before


def test_a_shown_groups_figure_is_withheld_where_the_total_would_give_away_a_few_hidden_respondents(run, example_repo):
    """Seven users and five staff shown, two relatives hidden; every statement is asked of all
    three. Total minus both cards would be the two relatives' figure: the smaller card (staff)
    withholds it, and total minus users is then seven respondents' figure."""
    battery = (REPO / "question_batteries" / "kvalitetsdeklaration.yaml").read_text(encoding="utf-8")
    battery = battery.replace("\nversion: 1\n", "\nversion: 2\n", 1).replace(
        "groups: [brukare]", "groups: [brukare, personal, narstaende]"
    )
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "kvalitetsdeklaration-2.yaml").write_text(battery, encoding="utf-8")
    audit = example_repo / "audits" / KVALITET / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("kvalitetsdeklaration@1", "kvalitetsdeklaration@2"), encoding="utf-8"
    )
    interviews = example_repo / "audits" / KVALITET / "interviews"
    for i in range(1, 6):
        (interviews / f"p{i}.yaml").write_text(
            f"respondent: p{i}\ngroup: personal\nconsent: true\nanswers:\n  respekt: 4\n", encoding="utf-8"
        )
    for i in range(1, 3):
        (interviews / f"n{i}.yaml").write_text(
            f"respondent: n{i}\ngroup: narstaende\nconsent: true\nanswers:\n  kontakt: 1\n  respekt: 3\n",
            encoding="utf-8",
        )
    data = json.loads(run("score", KVALITET, "--format", "json", cwd=example_repo).stdout)
    assert set(data["breakdown"]["suppressed"]) == {"narstaende"}
    statements = {s["id"]: s for s in data["statements"]}
    withheld = {"suppressed": True, "reason": "withheld so that a smaller group cannot be worked out"}
    for s in statements.values():
        assert s["groups"]["personal"] == withheld, s["id"]
        assert "suppressed" not in s["groups"]["brukare"], s["id"]
    assert statements["respekt"]["groups"]["brukare"]["n"] == statements["respekt"]["n"] - 7
    md = run("report", KVALITET, cwd=example_repo).stdout
    row = next(line for line in md.splitlines() if line.startswith("| Det är lätt att få tag på"))
    assert row.endswith("| – | – |") and not row.endswith("| – | – | – |")


SMALL_BATTERY = """\
id: tb
version: 1
title: Test
groups: [brukare, personal, narstaende]
scales:
  ja-nej:
    options:
      - {value: ja, score: 1}
      - {value: nej, score: 0}
  grad:
    range: {min: 1, max: 5}
    positive_from: 4
areas:
  - id: a
    title: A
    subareas:
      - id: s
        title: S
        questions:
          - {id: q1, text: Q1, scale: ja-nej}
          - {id: q2, text: Q2, scale: ja-nej}
statements:
  - {id: st1, text: St1, scale: grad}
"""


def small_groups(tmp_path: Path, run) -> Path:
    """Four users, three staff, one relative at min_group_size 3: the relative is too few; on
    q1 and st1 the staff gave no answer, so total minus users minus staff would be the
    relative's one answer."""
    assert run("init", "r", cwd=tmp_path).exit_code == 0
    repo = tmp_path / "r"
    config = repo / "revision.yaml"
    text = config.read_text(encoding="utf-8")
    assert "min_group_size: 5" in text
    config.write_text(text.replace("min_group_size: 5", "min_group_size: 3", 1), encoding="utf-8")
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / "tb.yaml").write_text(SMALL_BATTERY, encoding="utf-8")
    folder = repo / "audits" / "a1"
    (folder / "interviews").mkdir(parents=True)
    (folder / "audit.yaml").write_text("id: a1\nbattery: tb@1\nunit: U\n", encoding="utf-8")
    people = [
        ("b1", "brukare", "ja", "ja", 5),
        ("b2", "brukare", "ja", "ja", 4),
        ("b3", "brukare", "ja", "nej", 4),
        ("b4", "brukare", "nej", "ja", 2),
        ("n1", "narstaende", "nej", "ja", 1),
    ]
    for code, group, q1, q2, st1 in people:
        (folder / "interviews" / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: {group}\nconsent: true\nanswers:\n  q1: {q1}\n  q2: {q2}\n  st1: {st1}\n",
            encoding="utf-8",
        )
    for code in ("p1", "p2", "p3"):
        (folder / "interviews" / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: personal\nconsent: true\nanswers:\n  q2: ja\n", encoding="utf-8"
        )
    return repo


SIZES = {"brukare": 4, "personal": 3, "narstaende": 1}


def test_no_output_gives_back_a_hidden_answer_by_subtraction(run, tmp_path):
    repo = small_groups(tmp_path, run)
    data = json.loads(run("score", "a1", "--format", "json", cwd=repo).stdout)
    assert data["breakdown"]["groups"] == ["brukare", "personal", "narstaende"]
    assert set(data["breakdown"]["suppressed"]) == {"narstaende"}
    found = items(data)
    entries = [*(found[i] for i in ("q1", "q2", "s", "a")), *data["statements"]]
    for entry in entries:
        # Total minus every shown cell: the respondents left over must be none or at least k,
        # whatever they answered (a don't-know or a blank included).
        shown = [g for g, cell in entry["groups"].items() if "n" in cell]
        rest = sum(SIZES.values()) - sum(SIZES[g] for g in shown)
        assert rest == 0 or rest >= 3, (entry["id"], shown)
    # q1: 5 answers, users 4. The staff (no answer) and the relative (one) are not told apart:
    # the staff card withholds q1 and the means above it; the users' card shows it.
    for ident in ("q1", "q2", "s", "a"):
        assert found[ident]["groups"]["personal"] == {
            "suppressed": True,
            "reason": "withheld so that a smaller group cannot be worked out",
        }, ident
        assert found[ident]["groups"]["brukare"]["n"] == 4, ident
    st1 = next(s for s in data["statements"] if s["id"] == "st1")
    assert st1["groups"]["personal"]["suppressed"] and st1["groups"]["brukare"]["n"] == 4
    # `--group` shows the same protected card, never more.
    group = json.loads(run("score", "a1", "--group", "personal", "--format", "json", cwd=repo).stdout)
    q1 = items(group)["q1"]
    assert q1["suppressed"] and q1["n"] is None
    assert items(group)["s"]["suppressed"] and items(group)["q2"]["suppressed"]
    assert next(s for s in group["statements"] if s["id"] == "st1")["suppressed"]
    users = json.loads(run("score", "a1", "--group", "brukare", "--format", "json", cwd=repo).stdout)
    assert items(users)["q1"]["n"] == 4 and "suppressed" not in items(users)["s"]


def test_the_protected_figures_are_what_the_archive_keeps(run, tmp_path):
    repo = small_groups(tmp_path, run)
    before = {
        args: run(*args, cwd=repo).stdout
        for args in [
            ("score", "a1", "--format", "json"),
            ("score", "a1", "--group", "personal", "--format", "json"),
            ("score", "a1", "--group", "brukare", "--format", "json"),
            ("report", "a1"),
            ("report", "a1", "--format", "html"),
        ]
    }
    assert run("archive", "a1", "--yes", "--today", "2030-01-01", cwd=repo).exit_code == 0
    frozen = yaml.safe_load((repo / "audits" / "a1" / "results.yaml").read_text(encoding="utf-8"))
    q1 = frozen["groups"]["personal"][0]["subareas"][0]["questions"][0]
    assert q1["id"] == "q1" and q1["suppressed"] and q1["n"] == 0
    assert {args: run(*args, cwd=repo).stdout for args in before} == before


def test_a_few_hidden_dont_knows_are_not_given_away_either(run, tmp_path):
    """Nobody but the relative answers q2, with a value that is not counted: total minus the
    shown cards would be that don't-know. The staff card withholds q2."""
    repo = small_groups(tmp_path, run)
    battery = repo / "batteries" / "tb.yaml"
    battery.write_text(
        battery.read_text(encoding="utf-8").replace(
            "      - {value: nej, score: 0}\n", "      - {value: nej, score: 0}\n      - {value: vet-ej}\n", 1
        ),
        encoding="utf-8",
    )
    staff = repo / "audits" / "a1" / "interviews"
    for code in ("p1", "p2", "p3"):
        (staff / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: personal\nconsent: true\nanswers: {{}}\n", encoding="utf-8"
        )
    relative = staff / "n1.yaml"
    relative.write_text(relative.read_text(encoding="utf-8").replace("q2: ja", "q2: vet-ej"), encoding="utf-8")
    data = json.loads(run("score", "a1", "--format", "json", cwd=repo).stdout)
    q2 = items(data)["q2"]
    assert q2["excluded"] == 1 and q2["groups"]["personal"]["suppressed"]
    assert q2["groups"]["brukare"]["excluded"] == 0


def test_when_every_group_with_respondents_is_hidden_the_empty_ones_do_not_name_it(run, tmp_path):
    """Two relatives only, min_group_size 3: zeros for users and staff would say that the
    total is the relatives'; every group reads 'too few' instead."""
    repo = small_groups(tmp_path, run)
    interviews = repo / "audits" / "a1" / "interviews"
    for path in interviews.glob("*.yaml"):
        if path.name != "n1.yaml":
            path.unlink()
    (interviews / "n2.yaml").write_text(
        "respondent: n2\ngroup: narstaende\nconsent: true\nanswers:\n  q1: ja\n", encoding="utf-8"
    )
    data = json.loads(run("score", "a1", "--format", "json", cwd=repo).stdout)
    assert data["respondents"]["groups"] == {"brukare": None, "personal": None, "narstaende": None}
    assert set(data["respondents"]["suppressed"]) == {"brukare", "personal", "narstaende"}
    assert data["breakdown"]["none_because"] is None
    md = run("report", "a1", cwd=repo).stdout
    assert "Alla svarande tillhör samma grupp" not in md
    assert "| Närstående | För få svarande för att redovisas. |" in md and "| Brukare | För få" in md
    assert run("archive", "a1", "--yes", "--today", "2030-01-01", cwd=repo).exit_code == 0
    assert json.loads(run("score", "a1", "--format", "json", cwd=repo).stdout) == data


def test_a_withheld_cell_of_a_shown_group_is_explained(run, tmp_path):
    repo = small_groups(tmp_path, run)
    md = run("report", "a1", cwd=repo).stdout
    assert "Ett – i en redovisad grupps kolumn betyder att siffran inte visas" in md
    table = run("score", "a1", cwd=repo).stdout
    assert "a – in a shown group's column is withheld" in table
