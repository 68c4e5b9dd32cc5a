"""`revision interview` on a real pseudo-terminal (pexpect): the prompts a person sees, input()
with the terminal, and Ctrl-C, which asks whether to keep a draft. A draft is
interviews/_utkast-CODE.yaml: never read as an interview, offered on the next run."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest
from conftest import EXAMPLE_AUDIT

REVISION = Path(sys.executable).parent / "revision"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def spawn(repo: Path, code: str) -> pexpect.spawn:
    return pexpect.spawn(
        str(REVISION),
        ["--lang", "en", "interview", EXAMPLE_AUDIT, code],
        cwd=str(repo),
        encoding="utf-8",
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(repo), "LANGUAGE": "en"},
    )


def test_ctrl_c_keeps_a_draft_that_is_not_an_interview_and_is_offered_again(example_repo):
    interviews = example_repo / "audits" / EXAMPLE_AUDIT / "interviews"
    child = spawn(example_repo, "b9")
    child.expect_exact("Group (1 brukare  2 personal  3 narstaende): ")
    child.sendline("1")
    child.expect_exact("Date (YYYY-MM-DD) [")
    child.sendline("2025-03-12")
    child.expect_exact("Interviewers, by number or id (1 A  2 B  3 C  4 D): ")
    child.sendline("A")
    child.expect_exact("(y/n): ")
    child.sendline("j")
    child.expect_exact("Question 1 of 54")
    child.expect_exact("1 Ja  2 Delvis  3 Nej  4 Vet ej")
    child.expect_exact("Answer: ")
    child.sendline("1")
    child.expect_exact("Question 2 of 54")
    child.expect_exact("Answer: ")
    child.sendintr()  # Ctrl-C
    child.expect_exact("Keep a draft of what was entered so far? (y/n) [n]: ")
    child.sendline("j")
    child.expect_exact("Kept a draft in audits/2012-vastra-hisingen/interviews/_utkast-b9.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    draft = interviews / "_utkast-b9.yaml"
    assert draft.is_file() and not (interviews / "b9.yaml").exists()
    assert "motet-valkommen: ja" in draft.read_text(encoding="utf-8")

    again = spawn(example_repo, "b9")
    again.expect_exact("A draft of b9 was kept")
    again.sendline("")
    again.expect_exact("Group (1 brukare  2 personal  3 narstaende) [brukare]: ")
    again.sendline("")
    again.expect_exact("Date (YYYY-MM-DD) [2025-03-12]: ")
    again.sendintr()
    again.expect_exact("(y/n) [n]: ")
    again.sendline("n")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 130
    assert draft.is_file()  # nothing written, the draft left as it was
