"""Rated statements (issue 3, items 2 and 5): the figures per statement, exactly and at their
boundaries, through the statistics function and the real `revision score`; the battery and
interview rules with their positions; suppression; `batteries show`; the scaffold."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import REPO, goteborg_only
from test_score_cli import make_repo, score_json

from revision_cli.models.battery import Battery
from revision_cli.scoring.statements import median, statement_figures
from revision_cli.scoring.suppression import TOO_FEW, WITHHELD_TO_PROTECT

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

KVALITET = "2013-ekbacken"
KVALITET_FILE = REPO / "question_batteries" / "kvalitetsdeklaration.yaml"

# A local battery: two statements on a 1–5 scale (positive from 4), one asked of users only.
MINI = """\
id: mini
version: 1
title: Mini
groups: [brukare, personal]
scales:
  grad:
    range: {min: 1, max: 5}
    positive_from: 4
  ja-nej:
    options:
      - {value: ja, score: 1}
      - {value: nej, score: 0}
rating: {min_answers: 3}
statements:
  - {id: s01, text: Alla, scale: grad}
  - {id: s02, text: Bara brukare, scale: grad, groups: [brukare]}
"""


def mini_repo(root: Path, interviews: dict[str, tuple[str, dict]], min_group_size: int = 2) -> Path:
    return make_repo(root, interviews, min_group_size=min_group_size, battery="mini@1", local_battery=MINI)


def by_id(data: dict) -> dict[str, dict]:
    return {s["id"]: s for s in data["statements"]}


def figures(values, min_answers=3, positive_from=4):
    battery = Battery.model_validate(
        yaml.safe_load(MINI.replace("positive_from: 4", f"positive_from: {positive_from}"))
    )
    statement = battery.statements[0]
    return statement_figures(statement, battery.scales["grad"], values, min_answers)


# ---------------------------------------------------------------- the statistics


def test_median_of_odd_and_even_counts_is_exact():
    assert median([5, 1, 3]) == 3
    assert median([1, 2]) == Fraction(3, 2)
    assert median([4, 1, 2, 3]) == Fraction(5, 2)
    assert median([2, 2, 4, 4]) == 3
    assert median([]) is None


def test_share_counts_an_answer_exactly_at_positive_from():
    at = figures([4, 3, 3])
    assert at.share == Fraction(1, 3)
    below = figures([3, 3, 3])
    assert below.share == 0
    assert figures([4, 4, 5], positive_from=5).share == Fraction(1, 3)


def test_mean_is_exact_and_the_distribution_lists_every_value_with_zeros():
    result = figures([1, 2, 2])
    assert result.mean == Fraction(5, 3)
    assert result.median == 2
    assert result.distribution == {1: 1, 2: 2, 3: 0, 4: 0, 5: 0}
    assert list(figures([]).distribution) == [1, 2, 3, 4, 5]


def test_empty_answers_are_not_counted_but_reported():
    result = figures([5, None, 4, None, 3])
    assert (result.n, result.not_answered) == (3, 2)
    assert result.mean == 4 and result.median == 4


def test_fewer_than_min_answers_gives_n_and_distribution_but_no_mean():
    short = figures([5, 5], min_answers=3)
    assert short.insufficient and (short.mean, short.median, short.share) == (None, None, None)
    assert short.n == 2 and short.distribution[5] == 2
    enough = figures([5, 5, 1], min_answers=3)
    assert not enough.insufficient and enough.mean == Fraction(11, 3)


# ---------------------------------------------------------------- through `revision score`


def test_json_of_the_example_carries_every_figure(run, example_repo):
    data = score_json(run, KVALITET, cwd=example_repo)
    assert data["areas"] == []
    assert [s["id"] for s in data["statements"]] == [
        s["id"] for s in yaml.safe_load(KVALITET_FILE.read_text(encoding="utf-8"))["statements"]
    ]
    respekt = by_id(data)["respekt"]  # 5 4 5 3 4 4 5
    assert respekt == {
        "id": "respekt",
        "n": 7,
        "not_answered": 0,
        "excluded": 0,
        "insufficient": False,
        "mean": 30 / 7,
        "mean_exact": "30/7",
        "median": 4.0,
        "median_exact": "4",
        "share": 6 / 7,
        "share_exact": "6/7",
        "positive_from": 4,
        "distribution": {"1": 0, "2": 0, "3": 1, "4": 3, "5": 3},
    }
    overklaga = by_id(data)["overklaga"]  # one left it empty: six counted
    assert (overklaga["n"], overklaga["not_answered"], overklaga["median_exact"]) == (6, 1, "1")


def test_json_boundaries_through_the_cli(run, tmp_path):
    answers = {"b1": 4, "b2": 3, "b3": 2, "b4": 1}  # even n; 4 is exactly positive_from
    repo = mini_repo(tmp_path, {code: ("brukare", {"s01": v}) for code, v in answers.items()})
    s01 = by_id(score_json(run, "x", cwd=repo))["s01"]
    assert (s01["n"], s01["mean_exact"], s01["median_exact"], s01["share_exact"]) == (4, "5/2", "5/2", "1/4")
    assert s01["median"] == 2.5
    assert s01["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 0}


def test_json_of_a_statement_with_too_few_answers(run, tmp_path):
    repo = mini_repo(
        tmp_path,
        {
            "b1": ("brukare", {"s01": 5, "s02": 5}),
            "b2": ("brukare", {"s01": 5, "s02": "null"}),
            "b3": ("brukare", {"s01": 1}),
        },
    )
    data = by_id(score_json(run, "x", cwd=repo))
    assert (data["s01"]["insufficient"], data["s01"]["mean_exact"]) == (False, "11/3")
    s02 = data["s02"]
    assert (s02["insufficient"], s02["n"], s02["not_answered"]) == (True, 1, 2)
    assert (s02["mean"], s02["median"], s02["share"]) == (None, None, None)
    assert s02["distribution"]["5"] == 1


def test_table_shows_the_statements(run, example_repo, tmp_path):
    result = run("score", KVALITET, cwd=example_repo)
    assert result.exit_code == 0, result.output
    line = next(row for row in result.stdout.splitlines() if row.startswith("respekt "))
    assert line.split() == ["respekt", "7", "4.3", "4", "86%", "(≥", "4)", "1:0", "2:0", "3:1", "4:3", "5:3"]
    assert "Area / sub-area / question" not in result.stdout  # no colour table without areas
    assert "Green: share" not in result.stdout
    insufficient = mini_repo(tmp_path / "mini", {"b1": ("brukare", {"s01": 2})})
    table = run("score", "x", cwd=insufficient).stdout
    assert "s01" in table and "(insufficient)" in table


def test_goteborg_json_keeps_its_keys_and_gets_an_empty_statement_list(run, example_repo):
    goteborg_only(example_repo)  # the pilot on goteborg alone, as it was
    data = score_json(run, "2012-vastra-hisingen", cwd=example_repo)
    assert data["statements"] == [] and len(data["areas"]) == 2


# ---------------------------------------------------------------- suppression and --group


def six_users_two_staff(root: Path) -> Path:
    users = {f"b{i}": ("brukare", {"s01": 4, "s02": 2}) for i in range(1, 7)}
    staff = {f"p{i}": ("personal", {"s01": 1}) for i in range(1, 3)}
    return mini_repo(root, {**users, **staff}, min_group_size=5)


def test_a_statement_asked_of_the_users_only_is_shown_beside_too_few_staff(run, tmp_path):
    # Staff (2) are too few for a card of their own; s02 is asked of the six users only, so
    # its total is the users' figure: six respondents, shown. s01 is asked of everyone.
    data = score_json(run, "x", cwd=six_users_two_staff(tmp_path))
    s02 = by_id(data)["s02"]
    assert (s02["n"], s02["mean_exact"], "suppressed" in s02) == (6, "2", False)
    s01 = by_id(data)["s01"]  # asked of everyone: a total, shown
    assert (s01["n"], s01["share_exact"]) == (8, "3/4")
    # Total minus the users' card would be the two staff's answers to s01: withheld there.
    assert s01["groups"]["brukare"] == {"suppressed": True, "reason": WITHHELD_TO_PROTECT}
    assert s02["groups"]["brukare"]["n"] == 6
    report = run("report", "x", cwd=tmp_path).stdout
    assert "Brukare: Redovisas inte, så att en mindre grupp inte kan räknas fram." in report


def test_a_statement_asked_only_of_too_few_is_withheld_in_the_total(run, tmp_path):
    users = {f"b{i}": ("brukare", {"s01": 4}) for i in range(1, 7)}
    staff = {f"p{i}": ("personal", {"s01": 1, "s03": 2}) for i in range(1, 3)}
    battery = MINI + "  - {id: s03, text: Bara personal, scale: grad, groups: [personal]}\n"
    repo = make_repo(tmp_path, {**users, **staff}, min_group_size=5, battery="mini@1", local_battery=battery)
    s03 = by_id(score_json(run, "x", cwd=repo))["s03"]
    assert s03 == {"id": "s03", "suppressed": True, "reason": TOO_FEW}
    report = run("report", "x", cwd=repo).stdout
    assert "Bara personal | – | – | – | – |" in report


def test_group_option_gives_that_groups_statements_only(run, tmp_path):
    repo = six_users_two_staff(tmp_path)
    staff = score_json(run, "x", "--group", "personal", cwd=repo)
    assert staff["suppressed"] is True and staff["reason"] == TOO_FEW and "statements" not in staff
    repo = mini_repo(
        tmp_path / "open",
        {
            "b1": ("brukare", {"s01": 5, "s02": 5}),
            "b2": ("brukare", {"s01": 4}),
            "b3": ("brukare", {"s01": 3}),
            "p1": ("personal", {"s01": 1}),
            "p2": ("personal", {"s01": 2}),
        },
    )
    users = by_id(score_json(run, "x", "--group", "brukare", cwd=repo))
    assert users["s01"]["n"] == 3 and users["s01"]["mean_exact"] == "4"
    personal = by_id(score_json(run, "x", "--group", "personal", cwd=repo))
    assert list(personal) == ["s01"] and personal["s01"]["n"] == 2  # s02 is not asked of staff


# ---------------------------------------------------------------- interview rules


def findings(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": error [" in line or ": warning [" in line]


@pytest.mark.parametrize(
    "old, new, where, code, message",
    [
        (
            "kontakt: 4",
            "kontakt: 6",
            "10:12",
            "interview-invalid-value",
            "6 is not an answer to 'kontakt'; allowed: a whole number from 1 to 5",
        ),
        ("kontakt: 4", "kontakt: 0", "10:12", "interview-invalid-value", "0 is not an answer to 'kontakt'"),
        ("kontakt: 4", "kontakt: 3.5", "10:12", "interview-invalid-value", "3.5 is not an answer to 'kontakt'"),
        ("kontakt: 4", "kontakt: ja", "10:12", "interview-invalid-value", "'ja' is not an answer to 'kontakt'"),
        ("kontakt: 4", "kontakt: {value: 9, comment: x}", "10:20", "interview-invalid-value", "9 is not an answer"),
        (
            "kontakt: 4",
            "kontak: 4",
            "10:3",
            "interview-unknown-question",
            "the battery kvalitetsdeklaration@1 has no question or statement 'kontak'; did you mean 'kontakt'?",
        ),
    ],
)
def test_invalid_statement_answers_are_found_at_their_position(run, example_repo, old, new, where, code, message):
    path = example_repo / "audits" / KVALITET / "interviews" / "b1.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("validate", f"audits/{KVALITET}", cwd=example_repo)
    assert result.exit_code == 1
    [finding] = findings(result)
    assert finding.startswith(f"audits/{KVALITET}/interviews/b1.yaml:{where}: error [{code}] "), finding
    assert message in finding


def test_boundary_values_of_the_range_are_answers(run, example_repo):
    path = example_repo / "audits" / KVALITET / "interviews" / "b1.yaml"
    text = path.read_text(encoding="utf-8").replace("kontakt: 4", "kontakt: 1").replace("respekt: 5", "respekt: 5", 1)
    path.write_text(text, encoding="utf-8")
    assert run("validate", "--strict", f"audits/{KVALITET}", cwd=example_repo).exit_code == 0


def test_a_statement_not_asked_of_the_group(run, tmp_path):
    repo = mini_repo(tmp_path, {"p1": ("personal", {"s02": 3})})
    result = run("validate", "audits/x", cwd=repo)
    assert findings(result) == [
        "audits/x/interviews/p1.yaml:4:3: error [interview-question-not-for-group] "
        "statement 's02' is not asked of group 'personal'"
    ]


# ---------------------------------------------------------------- battery rules


def test_battery_rules_for_statements_with_positions(run, tmp_path):
    text = (
        MINI
        + "\n".join(
            "  " + line
            for line in [
                "- {id: s01, text: Dubbel, scale: grad}",
                "- {id: s04, text: Fritext, scale: text}",
                "- {id: s05, text: Alternativ, scale: ja-nej}",
                "- {id: s06, text: Saknas, scale: saknas}",
                "- {id: s07, text: Grupp, scale: grad, groups: [anhoriga]}",
                "- {id: a, text: Som området, scale: grad}",
            ]
        )
        + "\nareas:\n  - id: a\n    title: A\n    subareas:\n"
        + "      - {id: sub, title: S, questions: [{id: q, text: Q, scale: ja-nej}]}\n"
    )
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "b.yaml", cwd=tmp_path)
    assert result.exit_code == 1
    assert findings(result) == [
        "b.yaml:17:10: error [battery-duplicate-id] id 's01' is already used on line 15",
        "b.yaml:18:37: error [battery-statement-scale] statement 's04' is on the free-text scale; "
        "a statement is rated on a range scale; range scales of this battery: grad",
        "b.yaml:19:40: error [battery-statement-scale] statement 's05' is on 'ja-nej', a scale of options; "
        "a statement is rated on a range scale (min, max, positive_from); range scales of this battery: grad",
        "b.yaml:20:36: error [battery-unknown-scale] scale 'saknas' is not declared; known scales: grad, ja-nej",
        "b.yaml:21:50: error [battery-unknown-group] group 'anhoriga' is not among the battery's groups "
        "(brukare, personal)",
        "b.yaml:22:10: error [battery-duplicate-id] id 'a' is already used on line 24",
    ]


def test_a_battery_of_statements_only_validates_clean(run):
    for name in ("kvalitetsdeklaration", "uppfoljning"):
        result = run("validate", "--strict", f"question_batteries/{name}.yaml", cwd=REPO)
        assert result.exit_code == 0 and result.output.strip() == "No problems found.", result.output


def test_kvalitetsdeklaration_has_ten_statements_in_every_language():
    battery = yaml.safe_load(KVALITET_FILE.read_text(encoding="utf-8"))
    assert (battery["id"], battery["version"], battery["language"]) == ("kvalitetsdeklaration", 1, "sv")
    assert len(battery["statements"]) == 10 and "areas" not in battery
    assert all(set(s["text"]) == {"sv", "en", "sv-x-lattlast"} for s in battery["statements"])
    scale = battery["scales"][battery["statements"][0]["scale"]]
    assert scale["range"] == {"min": 1, "max": 5} and scale["positive_from"] == 4


def test_uppfoljning_asks_the_two_questions_of_the_action_plan():
    battery = yaml.safe_load((REPO / "question_batteries" / "uppfoljning.yaml").read_text(encoding="utf-8"))
    assert (battery["id"], battery["version"]) == ("uppfoljning", 1)
    [area] = battery["areas"]
    scored = [q for sub in area["subareas"] for q in sub["questions"] if q["scale"] != "text"]
    assert len(scored) == 2 and all(q["groups"] == ["brukare"] for q in scored)
    assert battery["scales"]["ja-nej"]["options"][-1] == {
        "value": "vet-ej",
        "label": {"sv": "Vet ej", "en": "Don't know"},
    }


# ---------------------------------------------------------------- batteries list/show, scaffold


def test_list_and_show(run, tmp_path):
    listed = run("batteries", "list", cwd=tmp_path).stdout
    assert "kvalitetsdeklaration@1\tKvalitetsdeklaration för socialkontoret\t(built in)" in listed
    assert "uppfoljning@1\t" in listed
    shown = run("batteries", "show", "kvalitetsdeklaration", "--lang", "en", cwd=tmp_path).stdout
    assert "\nStatements (rated; share counted from positive_from up):\n" in shown
    assert "  respekt (grad-1-5: 1–5, positive from 4; brukare): The staff treat me with respect." in shown
    assert sum(line.startswith("  ") and "positive from 4;" in line for line in shown.splitlines()) == 10


def test_new_scaffolds_statements_into_the_interview_template(run, example_repo):
    result = run("new", "2014-ekbacken", "--battery", "kvalitetsdeklaration@1", "--unit", "Ekbacken", cwd=example_repo)
    assert result.exit_code == 0, result.output
    folder = example_repo / "audits" / "2014-ekbacken"
    template = (folder / "interviews" / "_mall-brukare.yaml").read_text(encoding="utf-8")
    assert "  respekt:    # a whole number from 1 to 5" in template
    assert "areas: {}" in (folder / "assessment.yaml").read_text(encoding="utf-8")
    # Filled in, the template validates.
    (folder / "interviews" / "b1.yaml").write_text(
        template.replace("respondent: x1", "respondent: b1")
        .replace("consent: null", "consent: true")
        .replace("  respekt:    #", "  respekt: 4    #"),
        encoding="utf-8",
    )
    checked = run("validate", "--strict", "audits/2014-ekbacken", cwd=example_repo)
    assert checked.exit_code == 0, checked.output
    assert by_id(score_json(run, "2014-ekbacken", cwd=example_repo))["respekt"]["n"] == 1


def test_archiving_keeps_every_statement_figure(run, example_repo):
    """results.yaml keeps each statement's answer counts: mean, median and share follow from
    them exactly, so `score` and both reports read the same after the interviews are gone."""

    def outputs() -> dict:
        found = {
            "json": run("score", KVALITET, "--format", "json", cwd=example_repo),
            "md": run("report", KVALITET, cwd=example_repo),
            "html": run("report", KVALITET, "--format", "html", cwd=example_repo),
        }
        assert all(r.exit_code == 0 for r in found.values())
        return {k: r.stdout for k, r in found.items()}

    before = outputs()
    result = run("archive", KVALITET, "--yes", "--today", "2030-01-01", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert not (example_repo / "audits" / KVALITET / "interviews").exists()
    frozen = yaml.safe_load((example_repo / "audits" / KVALITET / "results.yaml").read_text(encoding="utf-8"))
    first = frozen["statements"][0]
    assert set(first) == {"id", "not_answered", "distribution"} and sum(first["distribution"].values()) > 0
    assert outputs() == before
    # A count on a value the scale does not have is a finding, not a silent figure.
    path = example_repo / "audits" / KVALITET / "results.yaml"
    frozen["statements"][0]["distribution"][9] = 1
    path.write_text(yaml.safe_dump(frozen, sort_keys=False, allow_unicode=True), encoding="utf-8")
    checked = run("validate", cwd=example_repo)
    assert checked.exit_code == 1 and "[results-mismatch] values 9 of" in checked.stdout
