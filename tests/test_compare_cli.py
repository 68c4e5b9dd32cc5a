"""`revision compare OLD NEW`: directions worked out from each audit's own score JSON, batteries
that differ (a local goteborg@2 that drops a question and adds a sub-area), suppression held,
and the Markdown table intact."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO, goteborg_only, snapshot

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

NEW = "2013-vastra-hisingen"
ORDER = {"red": 0, "yellow": 1, "green": 2}
DROPPED = "motet-tid"
ADDED = "trygghet"
ADDED_QUESTIONS = ["trygghet-trygg", "trygghet-ovrigt"]
WORDS_SV = {
    "better": "↑ bättre",
    "worse": "↓ sämre",
    "unchanged": "= oförändrad",
    "not-comparable": "– kan inte jämföras",
}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_follow_up(repo: Path, *, battery: str = "goteborg@1", ratings: dict | None = None, answers=None) -> Path:
    """A copy of the example as NEW: its own id, a later visit, changed team ratings and answers;
    both on goteborg alone (these tests compare colours and batteries)."""
    goteborg_only(repo)
    folder = repo / "audits" / NEW
    shutil.copytree(repo / "audits" / EXAMPLE_AUDIT, folder)
    audit = load(folder / "audit.yaml")
    audit.update(
        id=NEW, battery=battery, site_visit="2013-10-14", feedback_meeting="2013-11-19", follows_up=EXAMPLE_AUDIT
    )
    dump(folder / "audit.yaml", audit)
    assessment = load(folder / "assessment.yaml")
    for sub, rating in (ratings or {}).items():
        area = next(a for a in assessment["areas"].values() if sub in a["subareas"])
        if rating is None:
            area["subareas"][sub].pop("rating", None)
        else:
            area["subareas"][sub]["rating"] = rating
    dump(folder / "assessment.yaml", assessment)
    for path in sorted((folder / "interviews").glob("*.yaml")):
        interview = load(path)
        if answers:
            answers(interview["answers"])
        dump(path, interview)
    return folder


def compare_json(run, repo: Path, *extra: str) -> dict:
    result = run("compare", EXAMPLE_AUDIT, NEW, "--format", "json", *extra, cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def finals(run, repo: Path, slug: str) -> dict[str, str | None]:
    """Final colour of every area and sub-area, from `revision score --format json`."""
    result = run("score", slug, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    out = {}
    for area in json.loads(result.stdout)["areas"]:
        out[area["id"]] = area["rating"]
        out.update({sub["id"]: sub["rating"] for sub in area["subareas"]})
    return out


def expected_direction(old: str | None, new: str | None) -> str:
    if old not in ORDER or new not in ORDER:
        return "not-comparable"
    return "better" if ORDER[new] > ORDER[old] else "worse" if ORDER[new] < ORDER[old] else "unchanged"


def directions(data: dict) -> dict[str, str]:
    out = {}
    for area in data["areas"]:
        out[area["id"]] = area["direction"]
        out.update({sub["id"]: sub["direction"] for sub in area["subareas"]})
    return out


def no_planning_answers(answers: dict) -> None:
    for key in [k for k in answers if k.startswith("planering-")]:
        del answers[key]


@pytest.fixture
def moved(example_repo) -> Path:
    """Information red → yellow (team), the meeting green → red (team), planning without answers
    or team rating (insufficient), and every information answer now yes (computed moves)."""

    def answers(given: dict) -> None:
        no_planning_answers(given)
        for key in [k for k in given if k.startswith("information-") and not k.endswith("ovrigt")]:
            given[key] = "ja"

    make_follow_up(example_repo, ratings={"information": "yellow", "motet": "red", "planering": None}, answers=answers)
    return example_repo


# ---- same battery -------------------------------------------------------------------------


def test_directions_follow_the_final_colours_of_each_audits_score(run, moved):
    old, new = finals(run, moved, EXAMPLE_AUDIT), finals(run, moved, NEW)
    expected = {key: expected_direction(old[key], new[key]) for key in new}
    assert set(expected.values()) == {"better", "worse", "unchanged", "not-comparable"}
    data = compare_json(run, moved)
    assert directions(data) == expected
    assert data["batteries"] == {"old": "goteborg@1", "new": "goteborg@1", "same": True, "same_thresholds": True}
    assert data["only_in_old"] == data["only_in_new"] == {"areas": [], "subareas": [], "questions": []}
    assert (data["old"]["audit"], data["new"]["audit"]) == (EXAMPLE_AUDIT, NEW)


def test_both_sides_carry_the_figures_of_their_score(run, moved):
    scores = {
        slug: json.loads(run("score", slug, "--format", "json", cwd=moved).stdout) for slug in (EXAMPLE_AUDIT, NEW)
    }
    data = compare_json(run, moved)
    for side, slug in (("old", EXAMPLE_AUDIT), ("new", NEW)):
        subs = {s["id"]: s for a in scores[slug]["areas"] for s in a["subareas"]}
        for area in data["areas"]:
            for sub in area["subareas"]:
                want = subs[sub["id"]]
                got = sub[side]
                assert (got["rating"], got["computed"], got["team"], got["share_exact"], got["n"]) == (
                    want["rating"],
                    want["computed"],
                    want["team"],
                    want["share_exact"],
                    want["n"],
                ), sub["id"]
    information = next(s for a in data["areas"] for s in a["subareas"] if s["id"] == "information")
    assert information["new"]["share"] > information["old"]["share"]


def test_table_shows_symbol_and_word_for_every_light_and_direction(run, moved):
    result = run("compare", EXAMPLE_AUDIT, NEW, cwd=moved, env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Båda revisionerna använder frågebatteriet goteborg@1" in out
    info = next(line for line in out.splitlines() if line.startswith("│ Information "))
    assert "✗ Röd" in info and "! Gul" in info and "↑ bättre" in info
    assert "↓ sämre" in next(line for line in out.splitlines() if line.startswith("│ Mötet "))
    assert "– kan inte jämföras" in next(line for line in out.splitlines() if line.startswith("│ Planering "))
    assert not re.search(r"(?<![✓!✗–] )\b(Grön|Gul|Röd)\b", out), "a colour word without its symbol"


def test_markdown_table_is_intact_and_escapes_titles(run, moved):
    (moved / "batteries").mkdir(exist_ok=True)
    battery = moved / "batteries" / "goteborg-pipe.yaml"
    source = load(REPO / "question_batteries" / "goteborg.yaml")
    source["version"] = 9
    source["areas"][0]["subareas"][0]["title"] = {"sv": "Mötet | <b>viktigt</b>", "en": "Meeting | *bold*"}
    dump(battery, source)
    audit = load(moved / "audits" / NEW / "audit.yaml")
    dump(moved / "audits" / NEW / "audit.yaml", {**audit, "battery": "goteborg@9"})
    result = run("compare", EXAMPLE_AUDIT, NEW, "--format", "md", "--lang", "en", cwd=moved)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("|")]
    data = compare_json(run, moved)
    assert len(rows) == 2 + sum(1 + len(a["subareas"]) for a in data["areas"])
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)[1:-1]
        assert len(cells) == 10, row
    meeting = next(row for row in rows if "Meeting" in row)
    assert "Meeting \\| \\*bold\\*" in meeting and "↓ worse" in meeting
    assert "| **Attitude and treatment (total)" in result.stdout
    assert "The batteries differ (goteborg@1 and goteborg@9)" in result.stdout


def test_unknown_audit_and_audit_with_errors_exit_1(run, moved):
    before = snapshot(moved)
    result = run("compare", EXAMPLE_AUDIT, "2099-saknas", "--lang", "en", cwd=moved)
    assert result.exit_code == 1 and "audit '2099-saknas' not found" in result.stderr
    swedish = run("compare", EXAMPLE_AUDIT, "2099-saknas", cwd=moved)  # the repository's language
    assert swedish.exit_code == 1 and "revisionen '2099-saknas' hittades inte" in swedish.stderr
    interview = moved / "audits" / NEW / "interviews" / "b1.yaml"
    interview.write_text(
        interview.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: kanske"),
        encoding="utf-8",
    )
    result = run("compare", EXAMPLE_AUDIT, NEW, cwd=moved)
    assert result.exit_code == 1
    assert f"audits/{NEW}/interviews/b1.yaml:" in result.stderr and "[interview-invalid-value]" in result.stderr
    assert result.stdout == ""
    assert run("compare", EXAMPLE_AUDIT, NEW, "--format", "xml", cwd=moved).exit_code == 2
    assert {k: v for k, v in snapshot(moved).items() if "b1.yaml" not in k} == {
        k: v for k, v in before.items() if "b1.yaml" not in k
    }


# ---- batteries that differ -----------------------------------------------------------------


@pytest.fixture
def two_versions(example_repo, run) -> Path:
    """goteborg@2 (local): drops the question motet-tid and adds the sub-area trygghet."""
    battery = load(REPO / "question_batteries" / "goteborg.yaml")
    battery["version"] = 2
    bemotande = battery["areas"][0]
    motet = bemotande["subareas"][0]
    motet["questions"] = [q for q in motet["questions"] if q["id"] != DROPPED]
    bemotande["subareas"].append(
        {
            "id": ADDED,
            "title": {"sv": "Trygghet", "en": "Safety"},
            "questions": [
                {
                    "id": ADDED_QUESTIONS[0],
                    "text": {"sv": "Känner du dig trygg här?", "en": "Do you feel safe here?"},
                    "scale": "ja-nej",
                },
                {"id": ADDED_QUESTIONS[1], "text": {"sv": "Något mer?", "en": "Anything else?"}, "scale": "text"},
            ],
        }
    )
    (example_repo / "batteries").mkdir(exist_ok=True)
    dump(example_repo / "batteries" / "goteborg-2.yaml", battery)

    def answers(given: dict) -> None:
        given.pop(DROPPED, None)
        given[ADDED_QUESTIONS[0]] = "ja"

    make_follow_up(example_repo, battery="goteborg@2", ratings={"hansyn": "green"}, answers=answers)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0, result.output
    return example_repo


def test_parts_in_only_one_battery_are_listed_and_the_rest_compared(run, two_versions):
    data = compare_json(run, two_versions)
    assert data["batteries"] == {"old": "goteborg@1", "new": "goteborg@2", "same": False, "same_thresholds": True}
    dropped = next(
        q
        for a in load(REPO / "question_batteries" / "goteborg.yaml")["areas"]
        for s in a["subareas"]
        for q in s["questions"]
        if q["id"] == DROPPED
    )
    assert data["only_in_old"] == {
        "areas": [],
        "subareas": [],
        "questions": [{"id": DROPPED, "text": dropped["text"]["sv"], "subarea": "motet"}],
    }
    assert [s["id"] for s in data["only_in_new"]["subareas"]] == [ADDED]
    assert [q["id"] for q in data["only_in_new"]["questions"]] == ADDED_QUESTIONS
    compared = [s["id"] for a in data["areas"] for s in a["subareas"]]
    new_subareas = [
        s["id"] for a in load(two_versions / "batteries" / "goteborg-2.yaml")["areas"] for s in a["subareas"]
    ]
    assert compared == [s for s in new_subareas if s != ADDED]
    marked = {s["id"] for a in data["areas"] for s in a["subareas"] if s["content_differs"]}
    assert marked == {"motet"}
    assert [a["id"] for a in data["areas"] if a["content_differs"]] == ["bemotande"]
    old, new = finals(run, two_versions, EXAMPLE_AUDIT), finals(run, two_versions, NEW)
    assert directions(data) == {k: expected_direction(old[k], new[k]) for k in directions(data)}
    assert directions(data)["hansyn"] == "better"


def test_table_and_markdown_say_the_batteries_differ(run, two_versions):
    for fmt in ("table", "md"):
        result = run("compare", EXAMPLE_AUDIT, NEW, "--format", fmt, cwd=two_versions, env={"COLUMNS": "220"})
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "Frågebatterierna skiljer sig åt (goteborg@1 och goteborg@2). Bara det som finns i båda jämförs." in out
        assert "Bara i goteborg@1:" in out and f"fråga {DROPPED} (i motet)" in out
        assert "Bara i goteborg@2:" in out and f"delområde Trygghet ({ADDED}), i bemotande, 2 frågor" in out
        assert "Trygghet |" not in out and "│ Trygghet" not in out  # listed, not compared
        assert "Frågorna (eller delområdena) är inte desamma i båda batterierna." in out


# ---- suppression ---------------------------------------------------------------------------


def test_suppressed_figures_stay_suppressed_and_are_not_compared(run, example_repo):
    """Five staff beside six users in the earlier audit, archived at min_group_size 5; then
    the minimum grows to 6. The staff question is withheld now, and the means frozen with it
    inside go with it: such a sub-area shows no figures, and without a team rating no
    direction."""
    make_follow_up(example_repo, ratings={"motet": None})
    earlier = example_repo / "audits" / EXAMPLE_AUDIT
    assessment = load(earlier / "assessment.yaml")
    del assessment["areas"]["bemotande"]["subareas"]["motet"]["rating"]
    dump(earlier / "assessment.yaml", assessment)
    for code in ("p1", "p2", "p3", "p4", "p5"):
        dump(
            earlier / "interviews" / f"{code}.yaml",
            {
                "respondent": code,
                "group": "personal",
                "date": "2012-10-15",
                "interviewers": ["A", "B"],
                "consent": True,
                "answers": {"motet-rutiner": "ja"},
            },
        )
    assert run("archive", EXAMPLE_AUDIT, "--yes", "--today", "2014-01-01", cwd=example_repo).exit_code == 0
    config = example_repo / "revision.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("min_group_size: 5", "min_group_size: 6"), encoding="utf-8"
    )
    score = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    hidden = {s["id"] for a in score["areas"] for s in a["subareas"] if s.get("suppressed")}
    assert "motet" in hidden
    data = compare_json(run, example_repo)
    for sub in (s for a in data["areas"] for s in a["subareas"] if s["id"] in hidden):
        assert sub["old"]["suppressed"] is True and sub["old"]["share"] is None and sub["old"]["n"] is None
        assert "computed" not in sub["old"]
    motet = next(s for a in data["areas"] for s in a["subareas"] if s["id"] == "motet")
    assert motet["direction"] == "not-comparable"
    md = run("compare", EXAMPLE_AUDIT, NEW, "--format", "md", cwd=example_repo).stdout
    row = next(line for line in md.splitlines() if line.startswith("| Mötet |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1:5] == ["– För få svarande för att redovisas", "– För få svarande för att redovisas", "–", "–"]
    assert cells[-1] == WORDS_SV["not-comparable"]


def test_swapped_audits_are_compared_as_given_with_a_note(run, moved):
    forward, backward = compare_json(run, moved), run("compare", NEW, EXAMPLE_AUDIT, "--format", "json", cwd=moved)
    assert backward.exit_code == 0
    assert "platsbesöket för 2013-vastra-hisingen (2013-10-14) är senare än" in backward.stderr  # Swedish repository
    flip = {"better": "worse", "worse": "better", "unchanged": "unchanged", "not-comparable": "not-comparable"}
    assert directions(json.loads(backward.stdout)) == {k: flip[v] for k, v in directions(forward).items()}
