"""`revision score AUDIT [--format table|json] [--group G]` through the real command."""

from __future__ import annotations

import json
import re
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO, snapshot

from revision_cli.scoring.suppression import TOO_FEW

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

GOTEBORG = REPO / "question_batteries" / "goteborg.yaml"

MINI_BATTERY = """\
    id: mini
    version: 1
    title: Mini
    groups: [brukare, personal]
    scales:
      ja-nej:
        options:
          - {value: ja, score: 1}
          - {value: nej, score: 0}
          - {value: vet-ej}
    rating: {green: 2/3, yellow: 1/3, min_answers: 3}
    areas:
      - id: omrade
        title: Område
        subareas:
          - id: del
            title: Del
            questions:
              - {id: fraga, text: Fråga?, scale: ja-nej}
    """


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_repo(
    root: Path,
    interviews: dict[str, tuple[str, dict]],
    *,
    min_group_size: int = 5,
    battery: str = "goteborg@1",
    local_battery: str | None = None,
    slug: str = "x",
) -> Path:
    """A repository with one audit `slug`; interviews: {code: (group, answers)}."""
    write(root / "revision.yaml", f"revision: 1\nanonymity:\n  min_group_size: {min_group_size}\n")
    if local_battery:
        write(root / "batteries" / "mini.yaml", local_battery)
    write(root / "audits" / slug / "audit.yaml", f"id: {slug}\nbattery: {battery}\nunit: Enheten\n")
    for code, (group, answers) in interviews.items():
        lines = "".join(f"\n  {q}: {v}" for q, v in answers.items()) or " {}"
        write(
            root / "audits" / slug / "interviews" / f"{code}.yaml",
            f"respondent: {code}\ngroup: {group}\nanswers:{lines}\nconsent: true\n",
        )
    return root


def score_json(run, *args, cwd: Path) -> dict:
    result = run("score", *args, "--format", "json", cwd=cwd)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- an independent reading of the example, straight from the YAML files ------------------


def expected_from_yaml(audit_dir: Path, battery_file: Path) -> dict:
    """{id: (share, n, excluded, computed)} for every question, sub-area and area."""
    battery = yaml.safe_load(battery_file.read_text(encoding="utf-8"))
    rating = battery["rating"]
    green, yellow = Fraction(rating["green"]), Fraction(rating["yellow"])
    least = rating["min_answers"]
    answers = []
    for path in sorted((audit_dir / "interviews").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        answers.append({q: (v["value"] if isinstance(v, dict) else v) for q, v in data["answers"].items()})

    def points(scale_name, value):
        scale = battery["scales"].get(scale_name)
        if scale is None:
            return None
        if "range" in scale:
            return Fraction(int(value >= scale["positive_from"]))
        option = next(o for o in scale["options"] if o["value"] == value)
        return None if option.get("score") is None else Fraction(str(option["score"]))

    def light(share, n):
        if share is None or n < least:
            return "insufficient"
        return "green" if share >= green else "yellow" if share >= yellow else "red"

    def mean(values):
        return sum(values, Fraction(0)) / len(values) if values else None

    out = {}
    for area in battery["areas"]:
        sub_shares, area_people, area_excluded = [], set(), 0
        for sub in area["subareas"]:
            q_shares, people, excluded = [], set(), 0
            for q in sub["questions"]:
                scores, q_excluded = [], 0
                for who, given in enumerate(answers):
                    if given.get(q["id"]) is None or q["scale"] == "text":
                        continue
                    value = points(q["scale"], given[q["id"]])
                    if value is None:
                        q_excluded += 1
                    else:
                        scores.append(value)
                        people.add(who)
                share = mean(scores)
                out[q["id"]] = (share, len(scores), q_excluded, light(share, len(scores)))
                excluded += q_excluded
                if len(scores) >= least:
                    q_shares.append(share)
            share = mean(q_shares)
            out[sub["id"]] = (share, len(people), excluded, light(share, len(people)))
            if share is not None and len(people) >= least:
                sub_shares.append(share)
            area_people |= people
            area_excluded += excluded
        share = mean(sub_shares)
        out[area["id"]] = (share, len(area_people), area_excluded, light(share, len(area_people)))
    return out


def test_json_follows_the_product_contract_and_the_yaml_files(run, example_repo):
    data = score_json(run, EXAMPLE_AUDIT, cwd=example_repo)
    expected = expected_from_yaml(example_repo / "audits" / EXAMPLE_AUDIT, GOTEBORG)
    team = yaml.safe_load((example_repo / "audits" / EXAMPLE_AUDIT / "assessment.yaml").read_text("utf-8"))["areas"]
    assert (data["audit"], data["battery"]) == (EXAMPLE_AUDIT, "goteborg@1+kvalitetsdeklaration@1")
    assert data["batteries"] == ["goteborg@1", "kvalitetsdeklaration@1"]
    assert {a["battery"] for a in data["areas"]} == {"goteborg@1"}
    assert "group" not in data and "suppressed" not in data
    assert [a["id"] for a in data["areas"]] == ["bemotande", "delaktighet"]

    def same(item, kind_keys):
        assert kind_keys <= item.keys(), item["id"]
        share, n, excluded, computed = expected[item["id"]]
        assert item["share"] == (float(share) if share is not None else None), item["id"]
        assert (item["n"], item["excluded"]) == (n, excluded), item["id"]
        return computed

    for area in data["areas"]:
        computed = same(area, {"id", "rating", "computed", "share", "n", "subareas"})
        assert area["computed"] == computed
        assert area["rating"] == team[area["id"]]["rating"]
        for sub in area["subareas"]:
            computed = same(sub, {"id", "rating", "computed", "share", "n", "questions"})
            assert sub["computed"] == computed, sub["id"]
            assert sub["rating"] == team[area["id"]]["subareas"][sub["id"]]["rating"], sub["id"]
            assert sub["differs"] == (sub["rating"] != sub["computed"]), sub["id"]
            for q in sub["questions"]:
                computed = same(q, {"id", "rating", "share", "n", "excluded"})
                if q["scored"]:
                    assert q["rating"] == computed, q["id"]
    # The example's one place where the team decided otherwise is marked.
    aktiviteter = data["areas"][1]["subareas"][2]
    assert (aktiviteter["id"], aktiviteter["rating"], aktiviteter["differs"]) == ("aktiviteter", "green", True)


def test_json_share_is_the_full_precision_number(run, example_repo):
    result = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo)
    expected = expected_from_yaml(example_repo / "audits" / EXAMPLE_AUDIT, GOTEBORG)
    assert expected["motet-stamning"][0] == Fraction(5, 6)
    stamning = next(
        q for q in json.loads(result.stdout)["areas"][0]["subareas"][0]["questions"] if q["id"] == "motet-stamning"
    )
    assert stamning["share"] == 5 / 6
    assert '"share": 0.8333333333333334' in result.stdout


# --- the table ----------------------------------------------------------------------------


def test_table_gives_every_light_a_symbol_and_a_word(run, example_repo):
    result = run("score", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 0, result.output
    for badge in ("✓ Green", "! Yellow", "✗ Red", "– Insufficient data"):
        assert badge in result.stdout
    assert "≠ team differs" in result.stdout  # aktiviteter: team green, computed yellow
    assert "Green: share ≥ 2/3; yellow: ≥ 1/3" in result.stdout
    assert "Excluded" in result.stdout


def test_an_area_whose_team_colour_differs_is_marked_like_a_sub_area(run, example_repo):
    assessment = example_repo / "audits" / EXAMPLE_AUDIT / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    assert "  bemotande:\n    rating: green\n" in text  # computed green as well: not marked
    assessment.write_text(
        text.replace("  bemotande:\n    rating: green\n", "  bemotande:\n    rating: red\n", 1), encoding="utf-8"
    )
    rows = {
        line.split(")", 1)[0].strip() + ")": line
        for line in run("score", EXAMPLE_AUDIT, cwd=example_repo).stdout.splitlines()
        if "(" in line
    }
    assert "≠ team differs" in rows["Attitude and treatment (bemotande)"]
    assert "✗ Red" in rows["Attitude and treatment (bemotande)"]
    assert "≠" not in rows["Participation and influence (delaktighet)"]
    assert "≠ team differs" in rows["Activities, social contacts and leisure (aktiviteter)"]
    # The same items as the report marks.
    report = run("report", EXAMPLE_AUDIT, "--lang", "en", cwd=example_repo).stdout
    marked_in_table = {key for key, line in rows.items() if "≠" in line}
    assert len(marked_in_table) == 2 == report.count("≠")


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(text: str) -> set[int]:
    codes = {int(p) for params in SGR.findall(text) for p in params.split(";") if p}
    return {c for c in codes if 30 <= c <= 49 or 90 <= c <= 107}


def test_no_color_keeps_colour_out_even_on_a_forced_terminal(run, example_repo):
    coloured = run("score", EXAMPLE_AUDIT, cwd=example_repo, env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    plain = run("score", EXAMPLE_AUDIT, cwd=example_repo, env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert colour_codes(coloured.stdout)  # the check below can fail
    assert not colour_codes(plain.stdout)
    assert "✓ Green" in plain.stdout and "✗ Red" in plain.stdout


def test_no_color_on_a_pipe_prints_no_escapes_at_all(run, example_repo):
    result = run("score", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 0
    assert "\x1b[" not in result.output


# --- --group and suppression --------------------------------------------------------------


def test_group_brukare_on_the_example_carries_the_group(run, example_repo):
    data = score_json(run, EXAMPLE_AUDIT, "--group", "brukare", cwd=example_repo)
    everyone = score_json(run, EXAMPLE_AUDIT, cwd=example_repo)
    assert data["group"] == "brukare"
    assert data["areas"] == everyone["areas"]  # the example's six respondents are all brukare


def test_group_with_no_respondents_is_suppressed_without_figures(run, example_repo):
    data = score_json(run, EXAMPLE_AUDIT, "--group", "personal", cwd=example_repo)
    assert data == {
        "audit": EXAMPLE_AUDIT,
        "battery": "goteborg@1+kvalitetsdeklaration@1",
        "group": "personal",
        "suppressed": True,
        "reason": TOO_FEW,
    }
    table = run("score", EXAMPLE_AUDIT, "--group", "personal", cwd=example_repo)
    assert table.exit_code == 0
    assert "suppressed" in table.stdout and TOO_FEW in table.stdout
    assert "Green" not in table.stdout and "%" not in table.stdout


def four_users_two_staff(root: Path) -> Path:
    users = {f"b{i}": ("brukare", {"motet-valkommen": "ja"}) for i in range(1, 5)}
    staff = {f"p{i}": ("personal", {"motet-rutiner": "nej"}) for i in range(1, 3)}
    return make_repo(root, {**users, **staff}, min_group_size=3)


def test_four_users_two_staff_at_three_show_the_users_card_and_a_user_only_total(run, tmp_path):
    repo = four_users_two_staff(tmp_path)
    users = score_json(run, "x", "--group", "brukare", cwd=repo)
    staff = score_json(run, "x", "--group", "personal", cwd=repo)
    valkommen = next(q for q in users["areas"][0]["subareas"][0]["questions"] if q["id"] == "motet-valkommen")
    assert (users["group"], "suppressed" in users, valkommen["n"], valkommen["share"]) == ("brukare", False, 4, 1.0)
    assert (staff["suppressed"], staff["reason"], "areas" in staff) == (True, TOO_FEW, False)
    whole = score_json(run, "x", cwd=repo)
    assert whole["respondents"]["total"] == 6
    assert whole["respondents"]["groups"] == {"brukare": 4, "personal": None, "narstaende": 0}
    total = next(q for q in whole["areas"][0]["subareas"][0]["questions"] if q["id"] == "motet-valkommen")
    # Asked of users only, four of them at k 3: shown, although the staff are too few.
    assert (total["share"], total["n"], total["rating"]) == (1.0, 4, "green")
    table = run("score", "x", cwd=repo).stdout
    assert "brukare 4" in table and "personal 2" not in table and "6 in total" in table


def test_a_question_only_a_suppressed_group_answers_shows_no_figures_in_the_total(run, tmp_path):
    # motet-rutiner is asked of personal only: its figures in the total ARE the two staff's
    # (share 0 of n 2: both said no), a small group's figure in disguise.
    repo = four_users_two_staff(tmp_path)
    whole = score_json(run, "x", cwd=repo)
    rutiner = next(q for q in whole["areas"][0]["subareas"][0]["questions"] if q["id"] == "motet-rutiner")
    assert (rutiner["share"], rutiner["n"], rutiner["suppressed"], rutiner["reason"]) == (None, None, True, TOO_FEW)
    motet = whole["areas"][0]["subareas"][0]
    # The sub-area shows its colour from the users' question and says what it left out.
    assert (motet["computed"], motet["n"], motet["left_out"]) == ("green", 4, 1)


def test_group_scores_only_that_groups_interviews(run, tmp_path):
    users = {f"b{i}": ("brukare", {"fraga": "ja"}) for i in range(1, 4)}
    staff = {f"p{i}": ("personal", {"fraga": "nej"}) for i in range(1, 4)}
    repo = make_repo(tmp_path, {**users, **staff}, min_group_size=3, battery="mini@1", local_battery=MINI_BATTERY)
    shares = {}
    for group in (None, "brukare", "personal"):
        data = score_json(run, "x", *(["--group", group] if group else []), cwd=repo)
        assert data.get("group") == group
        q = data["areas"][0]["subareas"][0]["questions"][0]
        shares[group] = (q["share"], q["n"], q["rating"])
    assert shares == {None: (0.5, 6, "yellow"), "brukare": (1.0, 3, "green"), "personal": (0.0, 3, "red")}


def test_unknown_group_is_wrong_usage(run, example_repo):
    result = run("score", EXAMPLE_AUDIT, "--group", "chefer", cwd=example_repo)
    assert result.exit_code == 2
    assert "unknown group 'chefer'" in result.stderr and "brukare" in result.stderr
    assert result.stdout == ""


# --- finding the audit --------------------------------------------------------------------


def test_unknown_audit_exits_1_with_a_did_you_mean_hint(run, example_repo):
    result = run("score", "2012-vastra-hisingn", cwd=example_repo)
    assert result.exit_code == 1
    assert f"did you mean '{EXAMPLE_AUDIT}'?" in result.stderr


def test_audit_given_as_a_path_to_its_folder(run, example_repo, tmp_path):
    relative = score_json(run, f"audits/{EXAMPLE_AUDIT}", cwd=example_repo)
    # From outside the repository, its revision.yaml still applies.
    absolute = score_json(run, str(example_repo / "audits" / EXAMPLE_AUDIT), cwd=tmp_path)
    by_slug = score_json(run, EXAMPLE_AUDIT, cwd=example_repo)
    assert relative == absolute == by_slug
    assert absolute["respondents"]["min_group_size"] == 5


def test_score_without_an_audit_is_wrong_usage(run, example_repo):
    result = run("score", cwd=example_repo)
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr and "audit" in result.stderr.lower()
    assert result.stdout == ""


# --- files with errors are not scored -----------------------------------------------------


def test_audit_with_an_error_is_not_scored_and_the_finding_is_shown(run, tmp_path):
    repo = make_repo(tmp_path, {"b1": ("brukare", {"motet-valkommen": "ja", "motet-respekt": "kanske"})})
    before = snapshot(repo)
    result = run("score", "x", cwd=repo)
    assert result.exit_code == 1
    assert result.stdout == ""  # no table
    assert "audits/x/interviews/b1.yaml:5:18: error [interview-invalid-value] 'kanske'" in result.stderr
    assert "has errors" in result.stderr
    json_result = run("score", "x", "--format", "json", cwd=repo)
    assert (json_result.exit_code, json_result.stdout) == (1, "")
    assert snapshot(repo) == before


def test_audit_with_an_unknown_key_is_not_scored(run, tmp_path):
    repo = make_repo(tmp_path, {"b1": ("brukare", {"motet-valkommen": "ja"})})
    write(repo / "audits" / "x" / "audit.yaml", "id: x\nbattery: goteborg@1\nunit: Enheten\nstatuss: planned\n")
    result = run("score", "x", cwd=repo)
    assert result.exit_code == 1 and result.stdout == ""
    assert "audits/x/audit.yaml:4:1: error [schema-unknown-key]" in result.stderr


def test_local_battery_with_an_error_is_named_with_its_finding(run, tmp_path):
    broken = MINI_BATTERY.replace("{green: 2/3, yellow: 1/3", "{green: 1/3, yellow: 2/3")
    repo = make_repo(tmp_path, {"b1": ("brukare", {"fraga": "ja"})}, battery="mini@1", local_battery=broken)
    result = run("score", "x", cwd=repo)
    assert result.exit_code == 1 and result.stdout == ""
    # The user must learn what is wrong with the battery, not only that it "does not exist".
    assert "batteries/mini.yaml:11:9: error [battery-thresholds]" in result.stderr
