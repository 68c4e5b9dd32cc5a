"""The built-in batteries as an interviewer reads them aloud (issue 14, item 8): each
question asks one group in its own words, a 1–5 scale's ends fit the question, no
ambiguous "ni", every declared group is asked something, the IPS role has the field's name."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO

BATTERIES = {
    p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "question_batteries").glob("*.yaml")
}


def questions(battery: dict) -> list[dict]:
    found = [q for a in battery.get("areas", []) for s in a["subareas"] for q in s["questions"]]
    found += battery.get("statements", [])
    found += [q for g in battery.get("guides", []) for t in g["topics"] for q in t["questions"]]
    return found


def swedish(text) -> str:
    return text["sv"] if isinstance(text, dict) else text


@pytest.mark.parametrize("name", sorted(BATTERIES))
def test_no_question_says_an_ambiguous_ni(name):
    said = [q["id"] for q in questions(BATTERIES[name]) if re.search(r"\b(ni|er|ert|era)\b", swedish(q["text"]), re.I)]
    assert said == []


def test_goteborg_asks_each_group_in_its_own_words():
    battery = BATTERIES["goteborg"]
    for q in questions(battery):
        groups = q.get("groups", battery["groups"])
        assert len(groups) == 1, q["id"]  # a text for users is never read to staff
        if groups == ["personal"]:
            assert not re.search(r"\bdu får\b|\bdig\b", swedish(q["text"])), q["id"]
    asked = {g for q in questions(battery) for g in q.get("groups", battery["groups"])}
    assert asked == set(battery["groups"])  # närstående too


def test_a_one_to_five_question_has_ends_that_fit_it():
    battery = BATTERIES["goteborg"]
    for q in questions(battery):
        scale = battery["scales"].get(q["scale"], {})
        if "range" not in scale:
            continue
        label, text = scale["label"]["sv"], swedish(q["text"])
        if text.startswith("Hur lätt"):
            assert "mycket svårt" in label and "mycket lätt" in label, q["id"]
        elif text.startswith("Hur nöjd"):
            assert "mycket missnöjd" in label and "mycket nöjd" in label, q["id"]
        else:
            assert "mycket dålig" in label, q["id"]


def test_the_ips_role_is_named_as_the_field_names_it():
    text = (REPO / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert re.findall(r"[Aa]rbetscoach\w*", body) == ["arbetscoach", "arbetscoach"]  # the group id, kept
    assert "arbetsspecialister (IPS-coacher)" in body


def test_a_staff_answer_to_the_users_question_names_the_staff_one(run, example_repo):
    path = example_repo / "audits" / EXAMPLE_AUDIT / "interviews" / "p1.yaml"
    path.write_text(
        "respondent: p1\ngroup: personal\ndate: 2012-10-15\ninterviewers: [A]\nconsent: true\n"
        "answers:\n  information-ovrigt: Vi har en broschyr.\n",
        encoding="utf-8",
    )
    result = run("validate", "--lang", "en", f"audits/{EXAMPLE_AUDIT}", cwd=example_repo)
    assert (
        f"audits/{EXAMPLE_AUDIT}/interviews/p1.yaml:7:3: error [interview-question-not-for-group] question "
        "'information-ovrigt' is not asked of group 'personal'; did you mean 'information-ovrigt-personal'?"
    ) in result.stdout
