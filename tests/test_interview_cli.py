"""`revision interview AUDIT [CODE]` through the real command, answers on standard input, one
per line: the pipe a script or a screen-reader user drives it with (subprocess, before
typer loads), and typer's CliRunner for the same session behind `revision interview` with
options. The file written must validate and hold exactly what was answered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT

REVISION = Path(sys.executable).parent / "revision"
INTERVIEWS = Path("audits") / EXAMPLE_AUDIT / "interviews"
QUESTIONS = 54  # goteborg@1 asks brukare 44 questions, kvalitetsdeklaration@1 ten statements


def interview(repo: Path, *args: str, answers: list[str], lang: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REVISION), "--lang", lang, "interview", EXAMPLE_AUDIT, *args],
        input="".join(f"{a}\n" for a in answers),
        capture_output=True,
        text=True,
        cwd=repo,
        timeout=120,
    )


# group, date, interviewers, consent
PREAMBLE = ["1", "2025-03-12", "1 2", "j"]


def answers_for_b9() -> list[str]:
    return [
        *PREAMBLE,
        "1",  # motet-valkommen: ja
        "2 # Ibland stressigt",  # motet-respekt: delvis, with a comment
        "",  # motet-tid: unanswered
        "7",  # motet-stamning: out of range, asked again
        "4",
        "Bra: alltid",  # motet-ovrigt: free text with a colon
        "<",  # back to motet-ovrigt
        "Bra att komma hit: alltid",
        *[""] * (QUESTIONS - 5),
        "Jag får vänta på min tur.",
        "j",
        "Ibland är det rörigt.",
        "n",
        "",  # no more quotes
        "j",  # write
    ]


def validate(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REVISION), "--lang", "en", "validate", f"audits/{EXAMPLE_AUDIT}"], capture_output=True, text=True, cwd=repo
    )


def test_a_new_interview_from_a_pipe_is_written_as_answered_and_validates(example_repo):
    done = interview(example_repo, "b9", answers=answers_for_b9())
    assert done.returncode == 0, done.stdout + done.stderr
    path = example_repo / INTERVIEWS / "b9.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["respondent"] == "b9" and data["group"] == "brukare"
    assert str(data["date"]) == "2025-03-12" and data["interviewers"] == ["A", "B"] and data["consent"] is True
    answers = data["answers"]
    assert answers["motet-valkommen"] == "ja"
    assert answers["motet-respekt"] == {"value": "delvis", "comment": "Ibland stressigt"}
    assert answers["motet-tid"] is None
    assert answers["motet-stamning"] == 4
    assert answers["motet-ovrigt"] == "Bra att komma hit: alltid"
    assert data["quotes"] == [
        {"text": "Jag får vänta på min tur.", "publish": True},
        {"text": "Ibland är det rörigt.", "publish": False},
    ]
    assert validate(example_repo).returncode == 0
    # The scaffold's shape: its comments, every question of the group in battery order.
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/interview.schema.json\n")
    assert "# Bemötande / Mötet" in text and "  # Känner du dig välkommen när du kommer hit?\n" in text
    assert len(answers) == QUESTIONS and "Template" not in text and "Mall" not in text


def test_the_session_shows_progress_numbered_options_and_asks_again(example_repo):
    done = interview(example_repo, "b9", answers=answers_for_b9())
    out = done.stdout
    assert "Question 1 of 54 · Bemötande / Mötet" in out and "Question 54 of 54" in out
    # The battery's words, in the repository's language, numbered.
    assert "1 Ja  2 Delvis  3 Nej  4 Vet ej" in out
    assert "\n1  2  3  4  5\n" in out and "(free text)" in out
    assert "answer with a whole number from 1 to 5" in out
    assert "Answer [Bra: alltid]: " in out  # after going back, the answer given is shown
    assert "Summary of b9: group brukare, date 2025-03-12, interviewers A B, consent yes" in out
    assert "Quotes: 2 (1 may be published)" in out
    assert "\x1b" not in out  # no colour, no cursor movement
    assert all(len(line) < 400 for line in out.splitlines())


@pytest.mark.parametrize("how", ["pipe", "typer"])
def test_the_same_session_runs_before_typer_and_behind_it(example_repo, how, monkeypatch):
    if how == "pipe":
        done = interview(example_repo, "b9", answers=answers_for_b9())
        code, out = done.returncode, done.stdout
    else:
        from typer.testing import CliRunner

        from revision_cli.cli.app import app

        monkeypatch.chdir(example_repo)
        result = CliRunner().invoke(
            app,
            ["--lang", "en", "interview", EXAMPLE_AUDIT, "b9"],
            input="".join(f"{a}\n" for a in answers_for_b9()),
            catch_exceptions=False,
        )
        code, out = result.exit_code, result.stdout
    assert code == 0, out
    assert "Wrote audits/2012-vastra-hisingen/interviews/b9.yaml." in out
    assert (example_repo / INTERVIEWS / "b9.yaml").is_file()


def test_swedish_prompts_in_a_swedish_repository(example_repo):
    done = interview(example_repo, "b9", answers=answers_for_b9(), lang="sv")
    assert done.returncode == 0, done.stderr
    assert "Fråga 1 av 54" in done.stdout and "Grupp (1 brukare  2 personal  3 narstaende)" in done.stdout


def test_a_code_that_looks_like_a_name_is_refused_and_nothing_written(example_repo):
    before = sorted(p.name for p in (example_repo / INTERVIEWS).iterdir())
    done = interview(example_repo, "anna", answers=answers_for_b9())
    assert done.returncode == 2
    assert "looks like a name" in done.stderr
    assert "Question" not in done.stdout
    assert sorted(p.name for p in (example_repo / INTERVIEWS).iterdir()) == before


def test_a_code_with_personal_data_is_refused(example_repo):
    done = interview(example_repo, "0701234567", answers=answers_for_b9())
    assert done.returncode == 2, done.stdout
    assert "this code contains what looks like a phone number" in done.stderr


def test_a_taken_code_is_refused_when_asked_and_another_is_taken(example_repo):
    done = interview(example_repo, answers=["b2", "Bertil", "b9", *answers_for_b9()])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the code b2 is taken" in done.stdout and "revision interview 2012-vastra-hisingen b2" in done.stdout
    assert "looks like a name" in done.stdout
    assert (example_repo / INTERVIEWS / "b9.yaml").is_file()


def test_input_that_ends_early_writes_nothing(example_repo):
    done = interview(example_repo, "b9", answers=PREAMBLE + ["1", "2"])
    assert done.returncode == 1
    assert "nothing was written" in done.stdout
    assert not (example_repo / INTERVIEWS / "b9.yaml").exists()
    assert not list((example_repo / INTERVIEWS).glob("_*"))


def test_declining_at_the_summary_writes_nothing(example_repo):
    answers = answers_for_b9()
    answers[-1] = "n"
    done = interview(example_repo, "b9", answers=answers)
    assert done.returncode == 1
    assert "Nothing was written." in done.stdout
    assert not (example_repo / INTERVIEWS / "b9.yaml").exists()


def test_going_back_from_the_summary_changes_the_last_quote(example_repo):
    answers = answers_for_b9()
    answers[-1:] = ["<", "", "", "", "", "Ett tredje citat.", "j", "", "j"]  # both quotes kept, one more
    done = interview(example_repo, "b9", answers=answers)
    assert done.returncode == 0, done.stdout
    data = yaml.safe_load((example_repo / INTERVIEWS / "b9.yaml").read_text(encoding="utf-8"))
    assert [q["text"] for q in data["quotes"]] == [
        "Jag får vänta på min tur.",
        "Ibland är det rörigt.",
        "Ett tredje citat.",
    ]


def test_an_existing_interview_opens_prefilled_and_enter_keeps_everything(example_repo):
    path = example_repo / INTERVIEWS / "b2.yaml"
    before = path.read_bytes()
    # Enter everywhere keeps each answer, then keep both quotes (none: b2 has one), write.
    quotes = len(yaml.safe_load(before)["quotes"] or [])
    done = interview(example_repo, "b2", answers=["", "", "", "", *[""] * QUESTIONS, *["", ""] * quotes, "", "j"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Group (1 brukare  2 personal  3 narstaende) [brukare]: " in done.stdout
    assert "Answer [Ja]: " in done.stdout
    assert "Answer [Nej # Tyckte att mötena ofta tog slut för fort.]: " in done.stdout
    assert path.read_bytes() == before  # nothing changed: the file is written back as it was


def test_the_command_is_listed_in_help(example_repo):
    done = subprocess.run(
        [str(REVISION), "--lang", "en", "interview", "--help"], capture_output=True, text=True, cwd=example_repo
    )
    assert done.returncode == 0
    assert "Enter one interview" in done.stdout and "_utkast-CODE.yaml" in done.stdout


def test_the_first_question_comes_before_typer_and_the_models_load(example_repo):
    """What the first prompt costs (README, Performance): with the input ending at once, the
    run asks its first question and stops, having imported neither typer nor pydantic."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "revision_cli", "--lang", "en", "interview", EXAMPLE_AUDIT, "b9"],
        input="",
        capture_output=True,
        text=True,
        cwd=example_repo,
        timeout=60,
    )
    assert done.stdout.startswith("Group (1 brukare  2 personal  3 narstaende): "), done.stdout
    assert done.returncode == 1 and "nothing was written" in done.stdout
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "revision_cli.operations.interview_entry" in modules, "importtime output not understood"
    assert not {m for m in modules if m.split(".")[0] in ("typer", "click", "pydantic", "ruamel", "rich")}


def test_personal_data_in_a_free_text_answer_is_written_with_the_validate_warning(example_repo):
    answers = answers_for_b9()
    answers[answers.index("Bra att komma hit: alltid")] = "Ring mig på 070-123 45 67"
    done = interview(example_repo, "b9", answers=answers)
    assert done.returncode == 0, done.stdout
    assert "warning [personal-data]" in done.stdout and "070…" in done.stdout
    warning = next(line for line in done.stdout.splitlines() if "[personal-data]" in line)
    assert warning.startswith("audits/2012-vastra-hisingen/interviews/b9.yaml:") and "070-123" not in warning


def test_english_battery_words_follow_the_repository_not_the_tool_language(example_repo):
    config = example_repo / "revision.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: sv", "language: en"), encoding="utf-8")
    done = interview(example_repo, "b9", answers=answers_for_b9(), lang="sv")
    assert done.returncode == 0, done.stdout
    assert "1 Yes  2 Partly  3 No  4 Don't know" in done.stdout and "Fråga 1 av 54" in done.stdout


def test_rated_statements_are_asked_as_their_numbers(example_repo):
    """A quality declaration (kvalitetsdeklaration@1): ten statements rated 1–5."""
    ratings = ["4", "5", "3", "", "2", "1", "5", "5", "4", "4"]
    done = subprocess.run(
        [str(REVISION), "--lang", "en", "interview", "2013-ekbacken", "k9"],
        input="".join(f"{a}\n" for a in ["1", "2013-03-05", "1", "j", *ratings, "", "j"]),
        capture_output=True,
        text=True,
        cwd=example_repo,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Question 10 of 10" in done.stdout and "\n1  2  3  4  5\n" in done.stdout
    data = yaml.safe_load((example_repo / "audits/2013-ekbacken/interviews/k9.yaml").read_text(encoding="utf-8"))
    assert list(data["answers"].values()) == [4, 5, 3, None, 2, 1, 5, 5, 4, 4]
    check = subprocess.run(
        [str(REVISION), "--lang", "en", "validate", "audits/2013-ekbacken"],
        capture_output=True,
        text=True,
        cwd=example_repo,
    )
    assert check.returncode == 0, check.stdout


def test_an_audit_yaml_yaml_cannot_read_is_a_finding_not_a_traceback(example_repo):
    """The first prompt's quick look at audit.yaml (before typer loads) leaves a file YAML
    cannot read to the full load, which names the place."""
    audit = example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    audit.write_text("id: x\nbattery: [goteborg@1\n", encoding="utf-8")
    done = interview(example_repo, "b9", answers=[""])
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert f"audits/{EXAMPLE_AUDIT}/audit.yaml:3:1: error [yaml-syntax]" in done.stdout + done.stderr
