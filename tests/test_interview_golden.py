"""`revision interview AUDIT CODE` on an existing interview, byte for byte: the file in
tests/golden/interview/before/ (comments on their own lines and after values, flow and block
long forms, a question the file lacks, `null`) is changed through the real command and
compared with tests/golden/interview/after/ (`pytest --update-goldens` rewrites it; read the
diff). Only the values answered differently change; every comment and the order stay."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO

GOLDEN = REPO / "tests" / "golden" / "interview"
REVISION = Path(sys.executable).parent / "revision"
QUESTIONS = 54  # goteborg@1 asks brukare 44 questions, kvalitetsdeklaration@1 ten statements

# Question number (1-based, battery order for brukare) → the line typed; Enter elsewhere.
CHANGES = {
    2: "2 # Ibland stressigt",  # ja → delvis with a comment: the short form becomes {value, comment}
    3: "-",  # a flow long form cleared: its value emptied, its comment gone
    13: "1",  # tillganglighet-besked, missing from the file: added after tillganglighet-atersvar
    16: "3 # Ändrade sig",  # a block long form: changed in place, still a block
    34: "5",  # a value with a comment after it: the comment stays
}


def answers() -> list[str]:
    lines = ["", "", "", "j"]  # group, date and interviewers kept; consent now given
    lines += [CHANGES.get(n, "") for n in range(1, QUESTIONS + 1)]
    lines += ["", "n"]  # the quote kept, no longer published
    lines += ["Nytt citat.", "j", ""]  # one more quote
    lines += ["j"]  # write
    return lines


@pytest.fixture
def edited(example_repo):
    path = example_repo / "audits" / EXAMPLE_AUDIT / "interviews" / "b2.yaml"
    path.write_bytes((GOLDEN / "before" / "b2.yaml").read_bytes())
    done = subprocess.run(
        [str(REVISION), "--lang", "en", "interview", EXAMPLE_AUDIT, "b2"],
        input="".join(f"{a}\n" for a in answers()),
        capture_output=True,
        text=True,
        cwd=example_repo,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def test_the_edited_interview_matches_its_golden(edited, update_goldens):
    golden = GOLDEN / "after" / "b2.yaml"
    actual = edited.read_bytes()
    if update_goldens:
        golden.write_bytes(actual)
    if actual != golden.read_bytes():
        diff = difflib.unified_diff(
            golden.read_text(encoding="utf-8").splitlines(),
            actual.decode().splitlines(),
            "golden",
            "edited",
            lineterm="",
        )
        pytest.fail("b2.yaml differs from its golden (pytest --update-goldens rewrites it):\n" + "\n".join(diff))


def test_only_the_answered_values_changed(edited):
    old = yaml.safe_load((GOLDEN / "before" / "b2.yaml").read_text(encoding="utf-8"))
    new = yaml.safe_load(edited.read_text(encoding="utf-8"))
    assert new["consent"] is True and old["consent"] is None
    changed = {k for k in {*old["answers"], *new["answers"]} if old["answers"].get(k) != new["answers"].get(k)}
    assert changed == {
        "motet-respekt",
        "motet-tid",
        "tillganglighet-besked",
        "problemlosning-klaga",
        "aktiviteter-nojd",
    }
    assert new["answers"]["motet-respekt"] == {"value": "delvis", "comment": "Ibland stressigt"}
    assert new["answers"]["problemlosning-klaga"] == {"value": "nej", "comment": "Ändrade sig"}
    assert (
        list(new["answers"]).index("tillganglighet-besked") == list(new["answers"]).index("tillganglighet-atersvar") + 1
    )
    assert new["quotes"] == [
        {"text": "Det känns som sista utvägen att komma hit.", "publish": False},
        {"text": "Nytt citat.", "publish": True},
    ]


def test_every_comment_of_the_file_is_kept(edited):
    before = [
        line.split("#", 1)[1]
        for line in (GOLDEN / "before" / "b2.yaml").read_text(encoding="utf-8").splitlines()
        if "#" in line
    ]
    after = edited.read_text(encoding="utf-8")
    for comment in before:
        assert comment.strip() in after, comment
