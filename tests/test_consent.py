"""An interview with `consent: false` is kept out of every figure and every report; the
report says how many were left out."""

from __future__ import annotations

import json

import yaml

from conftest import EXAMPLE_AUDIT

B1 = f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml"
QUOTE = "Man vill ju inte vara till besvär, andra har det säkert värre."


def decline(repo, name="b1.yaml"):
    path = repo / "audits" / EXAMPLE_AUDIT / "interviews" / name
    path.write_text(path.read_text(encoding="utf-8").replace("consent: true ", "consent: false"), encoding="utf-8")


def score(run, repo) -> dict:
    result = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_declined_interview_is_not_counted(example_repo, run):
    before = score(run, example_repo)
    decline(example_repo)
    after = score(run, example_repo)
    assert (before["respondents"]["total"], after["respondents"]["total"]) == (6, 5)
    assert after["respondents"]["declined"] == 1
    answered = yaml.safe_load((example_repo / B1).read_text(encoding="utf-8"))["answers"]
    question = next(q for a in after["areas"] for s in a["subareas"] for q in s["questions"]
                    if q["id"] in answered and answered[q["id"]] in ("ja", "nej", "delvis"))
    old = next(q for a in before["areas"] for s in a["subareas"] for q in s["questions"] if q["id"] == question["id"])
    assert question["n"] == old["n"] - 1


def test_a_declined_interview_leaves_the_report_with_a_count(example_repo, run):
    assert QUOTE in run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    decline(example_repo)
    for fmt in ("md", "html"):
        report = run("report", EXAMPLE_AUDIT, "--format", fmt, cwd=example_repo).stdout
        assert "värre" not in report  # its published quote is gone too
        assert "inte gav sitt samtycke ingår inte i rapporten: 1." in report
    english = run("report", EXAMPLE_AUDIT, "--lang", "en", cwd=example_repo).stdout
    assert "left out of this report: 1." in english


def test_unknown_consent_is_counted_and_no_note_is_shown(example_repo, run):
    path = example_repo / B1
    path.write_text(path.read_text(encoding="utf-8").replace("consent: true ", "consent: null "), encoding="utf-8")
    assert score(run, example_repo)["respondents"]["total"] == 6
    assert "samtycke" not in run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
