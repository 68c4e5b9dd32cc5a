"""The report's appendix lists only the questions asked of a group that was interviewed, and
names the groups each was asked of when more than one group was interviewed."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE_AUDIT
from test_anonymity_cases import GOTEBORG, goteborg_audit, questions_of

pytestmark = pytest.mark.lang("en", everywhere=True)


def english(text) -> str:
    return text["en"] if isinstance(text, dict) else text


def appendix(text: str, format: str) -> str:
    return text.split('<section class="appendix">' if format == "html" else "\n## Appendix", 1)[1]


def all_questions() -> dict[str, dict]:
    return {q["id"]: q for a in GOTEBORG["areas"] for s in a["subareas"] for q in s["questions"]}


@pytest.mark.parametrize("format", ["md", "html"])
def test_an_audit_of_users_only_has_no_staff_question_in_its_appendix(example_repo, run, format):
    result = run("report", EXAMPLE_AUDIT, "--format", format, cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    part = appendix(result.stdout, format)
    staff_only = [q for q in all_questions().values() if q.get("groups") == ["personal"]]
    users = [q for q in all_questions().values() if q.get("groups") in (None, ["brukare"])]
    assert staff_only and users
    for q in staff_only:
        assert english(q["text"]) not in part, q["id"]
    for q in users:
        assert english(q["text"]).replace("'", "&#39;" if format == "html" else "'") in part, q["id"]
    assert "Asked of" not in part and "asked of" not in part  # one group: nothing to tell apart


@pytest.mark.parametrize("format", ["md", "html"])
def test_a_mixed_audit_names_the_groups_each_question_was_asked_of(example_repo, run, format):
    repo = goteborg_audit(example_repo, users=5, staff=2)
    result = run("report", EXAMPLE_AUDIT, "--format", format, cwd=repo)
    assert result.exit_code == 0, result.stderr
    part = appendix(result.stdout, format)
    rows = part.split("<tr>") if format == "html" else part.splitlines()
    staff = questions_of("personal")
    assert staff
    for qid in staff:
        text = english(all_questions()[qid]["text"]).replace("'", "&#39;" if format == "html" else "'")
        row = next(r for r in rows if text in r)
        assert ("Asked of: Staff" if format == "html" else "(asked of: Staff)") in row, row
    # the colours of an ordinary audit (5 users, 2 staff, k = 5) are still shown
    colours = ("Green", "Yellow", "Red")
    assert any(f"</span> {c}" in result.stdout or f"✓ {c}" in result.stdout for c in colours)


@pytest.mark.parametrize("format", ["md", "html"])
def test_appendix_short_has_a_line_per_question_and_no_charts_and_none_has_no_appendix(example_repo, run, format):
    full = run("report", EXAMPLE_AUDIT, "--format", format, cwd=example_repo).stdout
    short = run("report", EXAMPLE_AUDIT, "--format", format, "--appendix", "short", cwd=example_repo).stdout
    none = run("report", EXAMPLE_AUDIT, "--format", format, "--appendix", "none", cwd=example_repo).stdout
    chart = '<figure class="chart">' if format == "html" else "Answers by option:"
    assert chart in appendix(full, format) and chart not in short
    assert "Positive share" in appendix(full, format) and "Positive share" not in appendix(short, format)
    users = [q for q in all_questions().values() if q.get("groups") in (None, ["brukare"]) and q["scale"] != "text"]
    for q in users:  # every question still has its line
        assert english(q["text"]).replace("'", "&#39;" if format == "html" else "'") in appendix(short, format)
    marker = '<section class="appendix">' if format == "html" else "\n## Appendix"
    assert marker not in none and marker in short
    assert len(short) < len(full) and len(none) < len(short)
    # what comes before the appendix is the same report
    assert full.split(marker)[0] == short.split(marker)[0]


def test_appendix_takes_only_its_three_values(example_repo, run):
    result = run("report", EXAMPLE_AUDIT, "--appendix", "kort", cwd=example_repo)
    assert result.exit_code == 2
