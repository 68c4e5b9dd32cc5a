"""Which language the command line speaks: `--lang` anywhere on the command line, else the
repository's `language` (revision.yaml, found upward), else the environment's locale.

Through the real console script (a subprocess) and through typer's CliRunner, in a copy of
the Swedish example repository, in one set to `language: en`, and outside any repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, EXAMPLES, REPO
from test_startup import SUBCOMMANDS

from revision_cli import i18n
from revision_cli.cli.language import LanguageError, split

REVISION = REPO / ".venv" / "bin" / "revision"
# What the locale would say if a test set nothing: no locale variable at all.
NO_LOCALE = {name: "" for name in i18n.LOCALE_VARIABLES}


def revision(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run([str(REVISION), *args], cwd=cwd, capture_output=True, text=True, env=environ, timeout=120)


def set_language(repo: Path, lang: str) -> Path:
    config = repo / "revision.yaml"
    text = config.read_text(encoding="utf-8")
    changed = re.sub(r"^language: sv", f"language: {lang}", text, count=1, flags=re.MULTILINE)
    assert changed != text
    config.write_text(changed, encoding="utf-8")
    return repo


@pytest.fixture
def english_repo(example_repo) -> Path:
    return set_language(example_repo, "en")


def swedish_help(text: str) -> bool:
    return text.startswith("Användning: revision") and "Flaggor:" in text


def english_help(text: str) -> bool:
    return text.startswith("Usage: revision") and "Options:" in text


# --- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "lang", "kept"),
    [
        ([], None, []),
        (["validate"], None, ["validate"]),
        (["--lang", "en", "validate"], "en", ["validate"]),
        (["--lang=sv", "validate", "--strict"], "sv", ["validate", "--strict"]),
        (["validate", "--lang", "en", "--help"], "en", ["validate", "--help"]),
        (["validate", "--help", "--lang=en"], "en", ["validate", "--help"]),
        (["--lang", "en", "--help"], "en", ["--help"]),
        # A command with a --lang of its own keeps it, moved after its name when written before.
        (["score", "x", "--lang", "en"], "en", ["score", "x", "--lang", "en"]),
        (["--lang", "en", "report", "x"], "en", ["report", "--lang", "en", "x"]),
        (["--lang", "en", "batteries", "show", "x"], "en", ["batteries", "show", "--lang", "en", "x"]),
        (["batteries", "--lang", "en", "list"], "en", ["batteries", "list"]),
        # The last one wins, as for any option; after `--` nothing is an option.
        (["--lang", "en", "validate", "--lang", "sv"], "sv", ["validate"]),
        (
            ["--lang", "sv", "compare", "a", "b", "--lang=en"],
            "en",
            ["compare", "--lang", "sv", "a", "b", "--lang", "en"],
        ),
        (["validate", "--", "--lang", "en"], None, ["validate", "--", "--lang", "en"]),
    ],
)
def test_lang_is_taken_from_anywhere_on_the_command_line(args, lang, kept):
    assert split(args) == (lang, kept)


@pytest.mark.parametrize(
    "args",
    [["--lang"], ["validate", "--lang"], ["--lang", "fr", "validate"], ["--lang="], ["score", "x", "--lang", "SV"]],
)
def test_a_bad_lang_is_refused(args):
    with pytest.raises(LanguageError):
        split(args)


def test_a_bad_lang_is_one_line_and_exit_2(tmp_path):
    done = revision(tmp_path, "--lang", "fr", "validate")
    assert done.returncode == 2
    assert done.stderr == "revision: --lang takes sv or en, not 'fr'.\n"
    assert done.stdout == ""


def test_a_bad_lang_through_the_app_is_the_same(run, tmp_path):
    result = run("validate", "--lang", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "revision: --lang needs a value: sv or en.\n"


# --- the repository's language and the locale ------------------------------------------


def test_the_repository_language_is_read_upward(tmp_path):
    (tmp_path / "revision.yaml").write_text("revision: 1\nlanguage: en   # the reports' language\n", encoding="utf-8")
    below = tmp_path / "audits" / "a" / "interviews"
    below.mkdir(parents=True)
    assert i18n.repository_language(below) == "en"
    assert i18n.detect(below, {"LANGUAGE": "sv"}) == "en"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (b"language: en\n", "en"),
        (b"language: 'en'\n", "en"),
        (b'language: "en"  # comment\n', "en"),
        (b"\xef\xbb\xbflanguage: en\r\norganisation: X\r\n", "en"),
        (b"revision: 1\nanonymity:\n  language: en\n", "sv"),  # not the top-level key
        (b"revision: 1\n", "sv"),  # none named: the repository default
        (b"language: fr\n", "sv"),  # one the tool does not speak: validate says so
        (b"\xff\xfe\x00garbage", "sv"),
    ],
)
def test_the_repository_language_as_revision_yaml_writes_it(tmp_path, text, lang):
    (tmp_path / "revision.yaml").write_bytes(text)
    assert i18n.repository_language(tmp_path) == lang


def test_a_named_pipe_as_revision_yaml_does_not_hang(tmp_path):
    """Not a repository's revision.yaml (files.root.find_root agrees), and never opened."""
    os.mkfifo(tmp_path / "revision.yaml")
    assert i18n.repository_language(tmp_path) is None


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "sv_FI.UTF-8"}, "sv"),
        ({"LC_ALL": "C.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "sv_SE", "LANG": "de_DE"}, "sv"),
        ({"LANGUAGE": "sv:en", "LANG": "en_US.UTF-8"}, "sv"),
        ({"LANGUAGE": "", "LANG": "sv"}, "sv"),
        ({"LANGUAGE": "nb:sv"}, "en"),
    ],
)
def test_outside_a_repository_the_locale_decides(tmp_path, environ, lang):
    assert i18n.locale_language(environ) == lang
    assert i18n.detect(tmp_path, environ) == lang


# --- help through the real command line ----------------------------------------------


def test_a_swedish_repository_gets_swedish_help(example_repo):
    done = revision(example_repo, "--help")
    assert done.returncode == 0, done.stderr
    assert swedish_help(done.stdout)
    assert "Kommandon:" in done.stdout and "Kontrollera filerna" in done.stdout
    assert "Check files" not in done.stdout


def test_an_english_repository_gets_english_help(english_repo):
    done = revision(english_repo, "--help", env={"LANGUAGE": "sv"})
    assert done.returncode == 0, done.stderr
    assert english_help(done.stdout)
    assert "Commands:" in done.stdout and "Check files and the references" in done.stdout


def test_below_the_repository_root_too(example_repo):
    done = revision(example_repo / "audits" / EXAMPLE_AUDIT, "validate", "--help")
    assert swedish_help(done.stdout)
    assert "Exempel: revision validate" in done.stdout


@pytest.mark.parametrize(
    ("environ", "swedish"),
    [({"LANGUAGE": "", "LANG": "sv_SE.UTF-8"}, True), ({"LANGUAGE": "", "LANG": "C.UTF-8"}, False), (NO_LOCALE, False)],
)
def test_outside_a_repository_help_follows_the_locale(tmp_path, environ, swedish):
    done = revision(tmp_path, "--help", env=environ)
    assert done.returncode == 0, done.stderr
    assert (swedish_help if swedish else english_help)(done.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "en", "--help"],
        ["--help", "--lang", "en"],
        ["validate", "--help", "--lang", "en"],
        ["--lang", "en", "score", "--help"],
        ["batteries", "show", "--lang=en", "--help"],
    ],
)
def test_lang_overrides_the_repository_for_help(example_repo, args):
    done = revision(example_repo, *args)
    assert done.returncode == 0, done.stderr
    assert english_help(done.stdout)


def test_lang_alone_is_no_command_at_all(example_repo):
    """As `revision` alone: the help, in the language asked for."""
    alone, asked = revision(example_repo), revision(example_repo, "--lang=en")
    assert asked.returncode == alone.returncode
    assert swedish_help(alone.stdout + alone.stderr) and english_help(asked.stdout + asked.stderr)


def test_lang_sv_in_an_english_repository(english_repo):
    done = revision(english_repo, "status", "--help", "--lang", "sv")
    assert done.returncode == 0, done.stderr
    assert swedish_help(done.stdout) and "En rad per revision" in done.stdout


def test_lang_still_reaches_a_command_that_has_its_own(example_repo):
    """score's --lang is its output's language too: before the name or after, it works."""
    before = revision(example_repo, "--lang", "en", "score", EXAMPLE_AUDIT, "--format", "json")
    after = revision(example_repo, "score", EXAMPLE_AUDIT, "--format", "json", "--lang", "en")
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stdout == after.stdout
    again = revision(example_repo, "score", EXAMPLE_AUDIT, "--format", "json", "--lang", "en")  # from the cache
    assert again.stdout == after.stdout


def test_lang_on_a_command_without_its_own_runs_the_command(example_repo):
    done = revision(example_repo, "validate", "--lang", "en")
    plain = revision(example_repo, "validate")
    assert done.returncode == plain.returncode == 0, done.stderr
    assert "No such option" not in done.stderr


# --- help through typer's CliRunner (the app alone, as the other tests run it) --------


@pytest.mark.parametrize("args", SUBCOMMANDS, ids=" ".join)
def test_every_command_has_swedish_help_in_a_swedish_repository(run, example_repo, args):
    swedish = run(*args, "--help", cwd=example_repo)
    english = run(*args, "--help", "--lang", "en", cwd=example_repo)
    assert swedish.exit_code == english.exit_code == 0, swedish.output
    assert swedish_help(swedish.stdout) and english_help(english.stdout)
    assert [line for line in swedish.stdout.splitlines() if line.strip().startswith("Exempel: revision")]
    description = lambda out: out.split("\n\n")[1].strip()  # noqa: E731 — the first paragraph
    assert description(swedish.stdout) != description(english.stdout)


def test_the_top_level_help_lists_every_command_in_swedish(run, example_repo):
    result = run("--help", cwd=example_repo)
    listed = re.findall(r"^  ([a-z]+)\s+(.*)$", result.stdout.split("Kommandon:", 1)[1], re.MULTILINE)
    english = dict(
        re.findall(
            r"^  ([a-z]+)\s+(.*)$",
            run("--help", "--lang", "en", cwd=example_repo).stdout.split("Commands:", 1)[1],
            re.MULTILINE,
        )
    )
    assert [name for name, _ in listed] == list(english)
    assert all(text != english[name] for name, text in listed)


def test_typers_words_around_the_help_are_swedish_too(run, example_repo):
    result = run("new", "--help", cwd=example_repo)
    assert "[krävs]" in result.stdout and "[required]" not in result.stdout
    assert "Visa den här hjälpen och avsluta." in result.stdout
    result = run("validate", "--help", cwd=example_repo)
    assert "[standard: text]" in result.stdout


def test_examples_stay_on_one_line(run, example_repo):
    """click rewraps paragraphs; an example must stay one command that can be copied."""
    result = run("new", "--help", cwd=example_repo, env={"COLUMNS": "60"})
    assert (
        'Exempel: revision new 2025-boendestod-norr --battery goteborg@1 --unit "Boendestöd Norr" '
        "--site-visit 2025-03-12"
    ) in result.stdout


def test_the_language_of_one_run_does_not_stay_for_the_next(run, example_repo, tmp_path):
    english = set_language(shutil.copytree(example_repo, tmp_path / "english"), "en")
    assert swedish_help(run("--help", cwd=example_repo).stdout)
    assert english_help(run("--help", cwd=english).stdout)
    assert swedish_help(run("--help", cwd=example_repo).stdout)
    assert english_help(run("--lang", "en", "--help", cwd=example_repo).stdout)
    assert swedish_help(run("--help", cwd=example_repo).stdout)


def test_repositories_nest_by_the_nearest(example_repo, tmp_path):
    outer = shutil.copytree(example_repo, tmp_path / "outer")
    set_language(outer, "en")
    inner = outer / "inner"
    inner.mkdir()
    shutil.copy(example_repo / "revision.yaml", inner / "revision.yaml")
    assert i18n.repository_language(inner) == "sv"
    assert i18n.repository_language(outer / "audits") == "en"


# --- what the commands say, in a Swedish and in an English repository -----------------

B1 = f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml"


def break_an_answer(repo: Path) -> Path:
    interview = repo / B1
    interview.write_text(
        interview.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkomen: ja", 1),
        encoding="utf-8",
    )
    return repo


def test_validate_speaks_swedish_in_a_swedish_repository(example_repo):
    clean = revision(example_repo, "validate")
    assert (clean.returncode, clean.stdout) == (0, "Inga problem hittades.\n"), clean.stderr
    broken = revision(break_an_answer(example_repo), "validate")
    assert broken.returncode == 1
    assert (
        f"{B1}:11:3: error [interview-unknown-question] frågebatteriet goteborg@1+kvalitetsdeklaration@1 har "
        "ingen fråga och inget påstående 'motet-valkomen'; menade du 'motet-valkommen'?"
    ) in broken.stdout
    assert broken.stderr == "1 fel, 0 varningar.\n"


def test_validate_speaks_english_in_an_english_repository(english_repo):
    clean = revision(english_repo, "validate", env={"LANGUAGE": "sv"})
    assert (clean.returncode, clean.stdout) == (0, "No problems found.\n"), clean.stderr
    broken = revision(break_an_answer(english_repo), "validate")
    assert (
        f"{B1}:11:3: error [interview-unknown-question] the battery goteborg@1+kvalitetsdeklaration@1 has no "
        "question or statement 'motet-valkomen'; did you mean 'motet-valkommen'?"
    ) in broken.stdout
    assert broken.stderr == "1 error, 0 warnings.\n"


def test_score_speaks_swedish_in_a_swedish_repository(example_repo):
    table = revision(example_repo, "score", EXAMPLE_AUDIT)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[1].split() == [
        "Område",
        "/",
        "delområde",
        "/",
        "fråga",
        "Bedömning",
        "Beräknad",
        "Andel",
        "n",
        "Ej",
        "räknade",
    ]
    assert re.search(r"^Bemötande \(bemotande\)\s+✓ Grön\s+✓ Grön\s+80 %", table.stdout, re.MULTILINE)
    assert "Svarande: 6 totalt; brukare 6, personal 0, narstaende 0." in table.stdout
    assert "Green" not in table.stdout and "Respondents" not in table.stdout


def test_score_speaks_english_in_an_english_repository(english_repo):
    table = revision(english_repo, "score", EXAMPLE_AUDIT)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[1].split()[:5] == ["Area", "/", "sub-area", "/", "question"]
    assert re.search(r"^Attitude and treatment \(bemotande\)\s+✓ Green\s+✓ Green\s+80%", table.stdout, re.MULTILINE)
    assert "Respondents: 6 in total; brukare 6, personal 0, narstaende 0." in table.stdout


def test_a_cached_answer_is_never_served_in_the_other_language(example_repo):
    """validate's findings, score's table and report's text come from the cache on the second
    run (cli/fast.py): each language is filed apart, in both directions."""
    broken = break_an_answer(example_repo)
    for args, swedish, english in (
        (["validate"], "menade du 'motet-valkommen'?", "did you mean 'motet-valkommen'?"),
        (["score", EXAMPLE_AUDIT], "Svarande: 6 totalt", "Respondents: 6 in total"),
    ):
        if args == ["score", EXAMPLE_AUDIT]:
            (broken / B1).write_text((EXAMPLES / B1).read_text(encoding="utf-8"), encoding="utf-8")
        for _ in range(2):  # the second round is answered from the cache
            assert swedish in revision(broken, *args).stdout
            assert english in revision(broken, *args, "--lang", "en").stdout
            assert english in revision(broken, "--lang", "en", *args).stdout
            assert swedish in revision(broken, *args).stdout


def test_history_speaks_the_repository_language_from_its_cache_too(example_repo):
    from gitrepo import ENV, GitRepo, day

    git = GitRepo.init(example_repo)
    git.commit("Audits", day(1))
    for _ in range(2):  # the second run of each is answered from .revision/cache/history/
        swedish = revision(example_repo, "history", EXAMPLE_AUDIT, env=ENV)
        english = revision(example_repo, "history", EXAMPLE_AUDIT, "--lang", "en", env=ENV)
        assert swedish.returncode == english.returncode == 0, swedish.stderr + english.stderr
        assert f"{EXAMPLE_AUDIT}: 1 version läst, 1 visas" in swedish.stdout
        assert "beräknad: (ingen) → ✓ Grön;  teamet: inte satt → ✓ Grön" in swedish.stdout
        assert f"{EXAMPLE_AUDIT}: 1 revision read, 1 shown" in english.stdout
        assert "computed: (none) → ✓ Green;  team: not set → ✓ Green" in english.stdout


def test_the_language_of_messages_in_the_core_follows_the_run(tmp_path):
    """Through the library, without the command line: i18n.use decides."""
    from revision_cli.files.yaml_io import decode

    i18n.use("sv")
    assert decode(b"", "x.yaml")[1][0].message == "filen är tom"
    i18n.use("en")
    assert decode(b"", "x.yaml")[1][0].message == "the file is empty"


def test_an_empty_text_stays_empty_in_every_language():
    for lang in i18n.LANGUAGES:
        i18n.use(lang)
        assert i18n._("") == ""
