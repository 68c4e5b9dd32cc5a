"""The history cache (.revision/cache/history/) through the real command on real git
repositories: a warm run prints exactly what a cold one prints and runs only `git log`;
rewritten commits, a changed battery or revision.yaml and another working folder are
recomputed; a corrupt or unwritable cache changes nothing but speed. Also: the per-file
memo gives what repository.locate.load_audit gives, and two processes what one gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import ENV, GitRepo, day, fast_import_commit, git_shim
from test_history_cli import BATTERY, interview, make_story

from revision_cli.files.gitlog import audit_revisions
from revision_cli.files.sources import MemoryFiles
from revision_cli.operations import history as history_module
from revision_cli.repository.catalog import load_catalog
from revision_cli.repository.locate import load_audit, open_repository

CACHE = Path(".revision/cache/history/enheten.json")


@pytest.fixture
def story(tmp_path):
    return make_story(tmp_path)


def both(run, cwd: Path, *extra: str, env: dict | None = None) -> tuple[str, str]:
    """(table, json) of `revision history enheten`, both exit 0."""
    outputs = []
    for fmt in ("table", "json"):
        result = run("history", "enheten", "--format", fmt, *extra, cwd=cwd, env={**ENV, **(env or {})})
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    return outputs[0], outputs[1]


def git_calls(run, repo: Path, tmp_path: Path, *args: str, cwd: Path | None = None) -> list[str]:
    log = tmp_path / "git-calls.log"
    log.unlink(missing_ok=True)
    result = run("history", "enheten", *args, cwd=cwd or repo, env={**ENV, "PATH": git_shim(tmp_path / "shim", log)})
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in log.read_text().splitlines()]


def test_a_warm_run_prints_what_a_cold_run_prints_and_runs_only_git_log(run, story, tmp_path):
    repo, _ = story
    repo.write("audits/enheten/assessment.yaml", "areas:\n  a:\n    subareas: {s1: {rating: green}}\n")  # uncommitted
    uncached = both(run, repo.path, "--no-cache")
    assert not (repo.path / CACHE).exists()  # --no-cache neither reads nor writes it
    assert git_calls(run, repo.path, tmp_path) == ["log", "cat-file"]  # cold: fills the cache
    assert json.loads((repo.path / CACHE).read_text())["body"]["format"] == 2
    assert git_calls(run, repo.path, tmp_path) == ["log"]  # warm: no file is read from git
    assert both(run, repo.path) == uncached
    assert "uncommitted  (working tree" in uncached[0] and "invalid: 1 error" in uncached[0]


FAST = (
    "import sys; from revision_cli.cli.history_fast import run_cached; done = run_cached(sys.argv[1:]); "
    "heavy = sorted({m.split('.')[0] for m in sys.modules} "
    "& {'typer', 'pydantic', 'yaml', 'ruamel', 'jinja2', 'rich'}); "
    "print(done, heavy, file=sys.stderr)"
)


def fast(cwd: Path, *args: str) -> tuple[str, str]:
    """run_cached(ARGS) in a fresh process: (stdout, "done [heavy modules imported]")."""
    done = subprocess.run(
        [sys.executable, "-c", FAST, *args], cwd=cwd, env={**os.environ, **ENV}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr.strip()


def test_the_fast_path_answers_a_cached_run_alone_and_hands_everything_else_over(run, story):
    repo, _ = story
    assert fast(repo.path, "enheten") == ("", "False []")  # nothing cached yet: prints nothing
    table, data = both(run, repo.path)
    assert fast(repo.path, "enheten") == (table, "True []")  # neither typer nor the models nor YAML
    assert fast(repo.path, "enheten", "--format", "json", "-q") == (data, "True []")
    assert fast(repo.path, "--format=json", "enheten")[0] == data
    for args in (
        ["enheten", "--no-cache"],
        ["enheten", "--help"],
        ["enheten", "--format", "html"],
        ["enheten", "other"],
        ["enhetn"],
        [],
    ):
        assert fast(repo.path, *args) == ("", "False []"), args
    assert fast(repo.path / "audits", "enheten") == ("", "False []")  # its findings were named from elsewhere
    repo.write("audits/enheten/interviews/b3.yaml", interview("b3", "q1: ja"))  # not in the cache yet
    assert fast(repo.path, "enheten")[1].startswith("False")


def test_a_rewritten_commit_is_recomputed_and_an_unchanged_one_reused(run, story, tmp_path):
    repo, c = story
    before = both(run, repo.path)
    # The same files under another commit id (only the message changed): reused, no cat-file.
    repo.git("commit", "-q", "--amend", "-m", "Fix b2 again", date=day(61))
    assert git_calls(run, repo.path, tmp_path) == ["log"]
    table, _ = both(run, repo.path)
    assert "Fix b2 again" in table and "Fix b2\n" not in table
    # Other files in the amended commit: a new key, recomputed (cat-file again). b2 answers
    # as it did before it broke, with a comment: no colour moves, so the commit is not shown.
    repo.write("audits/enheten/interviews/b2.yaml", interview("b2", "q1: nej, q2: ja") + "# checked\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "--amend", "-m", "Fix b2 differently", date=day(62))
    assert git_calls(run, repo.path, tmp_path) == ["log", "cat-file"]
    assert both(run, repo.path) == both(run, repo.path, "--no-cache") != before
    assert "Fix b2 differently" not in both(run, repo.path)[0]


@pytest.mark.parametrize("edit", ["battery", "config", "privacy"])
def test_a_changed_battery_or_revision_yaml_invalidates_the_cache(run, story, tmp_path, edit):
    repo, _ = story
    both(run, repo.path)
    if edit == "battery":  # a stricter green: colours move
        repo.write("batteries/mini.yaml", BATTERY.replace("green: 2/3", "green: 1/1"))
    elif edit == "config":  # staff and users alike need three respondents
        (repo.path / "revision.yaml").write_text(
            (repo.path / "revision.yaml").read_text().replace("min_group_size: 2", "min_group_size: 3")
        )
    else:
        repo.write("privacy.yaml", "names: [Kalle]\n")
    assert git_calls(run, repo.path, tmp_path) == ["log", "cat-file"]
    assert both(run, repo.path) == both(run, repo.path, "--no-cache")


def reseal(repo: Path, data) -> None:
    """Write the history cache as this user's own runs seal it (a damaged file of the tool's
    own making, which each entry's field checks must catch)."""
    from revision_cli.cache.store import write

    write(repo, CACHE, "history", data)


@pytest.mark.parametrize(
    "garbage",
    [
        b'{"format": 2, "context": ',
        b"[1, 2]",
        b"\xff\xfe not json",
        "wrong version",
        "wrong types",
        "unknown colour",
        "unsealed",
    ],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(run, story, tmp_path, garbage):
    repo, _ = story
    expected = both(run, repo.path)
    path = repo.path / CACHE
    stored = json.loads(path.read_text())["body"]
    if garbage == "wrong version":
        stored["format"] = 99
    elif garbage == "wrong types":
        for entry in stored["revisions"].values():  # every kind of entry made unusable
            if entry["valid"]:
                entry["colours"] = [["a", None, 3, {"x": 1}]]
            else:
                entry["errors"] = [["p", "1", 1, "no-such-code", "m", "error"]]
        stored["labels"] = {"green": 5}
        stored["last"]["history"]["entries"][0]["valid"] = "yes"
    elif garbage == "unknown colour":  # well-formed, but a colour no rating has: never shown
        for entry in stored["revisions"].values():
            if entry["valid"]:
                entry["colours"][0][2] = "purple"
        stored["last"] = None
    if garbage == "unsealed":  # the tool's own content, but not under this user's seal
        path.write_text(json.dumps(stored))
    elif isinstance(garbage, bytes):
        path.write_bytes(garbage)
    else:
        reseal(repo.path, stored)
    assert git_calls(run, repo.path, tmp_path) == ["log", "cat-file"]
    assert both(run, repo.path) == expected
    rebuilt = json.loads(path.read_text())["body"]
    assert rebuilt["format"] == 2 and len(rebuilt["revisions"]) == 6
    assert git_calls(run, repo.path, tmp_path) == ["log"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e[0].update(valid="yes"),
        lambda e: e[0].update(commit=None),
        lambda e: e[0].pop("changes"),
        lambda e: e[3].update(errors=[]),
        lambda e: e[3]["errors"][0].update(line="7"),
        lambda e: e[3]["errors"][0].update(code="made-up"),
        lambda e: e[1]["changes"][0].update(computed="red"),
        lambda e: e[1]["changes"][0]["computed"].update(to="purple"),
    ],
)
def test_a_damaged_last_result_is_not_used(run, story, tmp_path, damage):
    repo, _ = story
    expected = both(run, repo.path)
    path = repo.path / CACHE
    stored = json.loads(path.read_text())["body"]
    damage(stored["last"]["history"]["entries"])
    reseal(repo.path, stored)
    assert git_calls(run, repo.path, tmp_path) == ["log"]  # the outcome of each revision is still good
    assert both(run, repo.path) == expected


def test_an_edited_colour_is_never_shown(run, story, tmp_path):
    """Every colour of the cache file changed by hand to another real one: the file is no
    longer this user's, and the history printed is the true one."""
    repo, _ = story
    expected = both(run, repo.path, "--no-cache")
    both(run, repo.path)
    path = repo.path / CACHE
    text = path.read_text()
    edited = text.replace('"green"', '"@"').replace('"red"', '"green"').replace('"@"', '"red"')
    assert edited != text
    path.write_text(edited)
    assert git_calls(run, repo.path, tmp_path) == ["log", "cat-file"]
    assert both(run, repo.path) == expected


def test_an_unwritable_cache_does_not_fail_the_command(run, story, tmp_path):
    repo, _ = story
    expected = both(run, repo.path, "--no-cache")
    (repo.path / ".revision").write_text("a file where the cache folder would go\n")  # unwritable, even for root
    assert both(run, repo.path) == expected
    (repo.path / ".revision").unlink()
    (repo.path / ".revision").mkdir(mode=0o555)
    assert both(run, repo.path) == expected


def test_a_cache_that_arrives_with_a_copy_of_the_repository_is_not_believed(run, story, tmp_path):
    repo, _ = story
    both(run, repo.path)
    copy = shutil.copytree(repo.path, tmp_path / "copy", symlinks=True)
    assert (copy / CACHE).is_file()
    assert git_calls(run, copy, tmp_path) == ["log", "cat-file"]


def test_an_invalid_version_is_recomputed_from_another_working_folder(run, story, tmp_path):
    repo, _ = story
    both(run, repo.path)
    inside = repo.path / "audits"
    # The broken version's finding names its file relative to where the command runs.
    assert git_calls(run, repo.path, tmp_path, "--format", "json", cwd=inside) == ["log", "cat-file"]
    table, data = both(run, inside)
    broken = next(e for e in json.loads(data) if not e["valid"])
    assert broken["errors"][0]["path"] == "enheten/interviews/b2.yaml"
    assert (table, data) == both(run, inside, "--no-cache")


def test_the_memo_loads_every_revision_as_load_audit_does(story):
    repo, _ = story
    repo.write(
        "audits/enheten/interviews/b3.yaml", "respondent: b3\ngroup: brukare\nconsent: true\nanswers: {q1: ja, q9: x}\n"
    )
    repo.write("audits/enheten/interviews/b4.yaml", "respondent: [b4\n")
    repo.write("audits/enheten/actions.yaml", "- {id: x1, title: X, subareas: [s9]}\n")
    revisions = audit_revisions(repo.path / "audits/enheten")
    repository = open_repository(repo.path)
    catalog = load_catalog(repository.root)
    memo = history_module._Memo(repository.limits)
    kinds = set()
    for revision in revisions:
        ours = history_module._load_revision(revision, catalog, memo)
        theirs = load_audit(revision.folder, catalog, MemoryFiles(revision.files), repository.limits)
        assert sorted(ours.findings) == sorted(theirs.findings)
        assert [i.model for i in ours.interviews] == [i.model for i in theirs.interviews]
        assert (ours.assessment and ours.assessment.model) == (theirs.assessment and theirs.assessment.model)
        assert (ours.actions and ours.actions.model) == (theirs.actions and theirs.actions.model)
        assert (ours.results, ours.interview_paths) == (theirs.results, theirs.interview_paths)
        kinds |= {f.code for f in theirs.findings}
    assert {"interview-invalid-value", "interview-unknown-question", "yaml-syntax", "actions-unknown-subarea"} <= kinds


@pytest.mark.parametrize("method", ["fork", "spawn"])  # spawn: the only one Windows has
def test_two_processes_give_what_one_gives(run, tmp_path, monkeypatch, method):
    from revision_cli import processes

    monkeypatch.setattr(processes, "START_METHOD", method)
    repo = GitRepo.init(tmp_path / "repo")
    stream = [
        fast_import_commit(
            "refs/heads/main",
            1,
            "Start",
            {
                "revision.yaml": "revision: 1\norganisation: T\nlanguage: en\nanonymity: {min_group_size: 2}\n",
                "batteries/mini.yaml": BATTERY,
                "audits/enheten/audit.yaml": "id: enheten\nbattery: mini@1\nunit: E\n",
            },
        )
    ]
    for n in range(2, 42):
        answer = "kanske" if n == 17 else ("ja" if n % 3 else "nej")
        stream.append(
            fast_import_commit(
                "refs/heads/main",
                n,
                f"Commit {n}",
                {
                    f"audits/enheten/interviews/b{n % 5}.yaml": interview(f"b{n % 5}", f"q1: {answer}, q2: ja")
                    + f"# {n}\n"
                },
            )
        )
    repo.fast_import("".join(stream))
    assert len(audit_revisions(repo.path / "audits/enheten")) > history_module.PARALLEL_FROM
    calls = []
    in_processes = history_module._in_processes
    monkeypatch.setattr(history_module, "_in_processes", lambda *a: calls.append(a[-1]) or in_processes(*a))
    together = both(run, repo.path, "--no-cache")
    assert calls == [2, 2]  # both formats computed by two processes
    monkeypatch.setattr(history_module, "PARALLEL_FROM", 10**6)
    alone = both(run, repo.path, "--no-cache")
    assert together == alone and "invalid: 1 error" in alone[0] and len(calls) == 2


def test_a_change_undone_is_computed_once(run, story, monkeypatch):
    repo, _ = story
    repo.write("audits/enheten/interviews/b2.yaml", interview("b2", "q1: nej, q2: ja"))  # as before the typo
    repo.commit("Back to the team's version", day(70))
    sizes = []
    evaluate_all = history_module._evaluate_all
    monkeypatch.setattr(
        history_module,
        "_evaluate_all",
        lambda revisions, *a: sizes.append(len(revisions)) or evaluate_all(revisions, *a),
    )
    table, _ = both(run, repo.path, "--no-cache")
    assert sizes == [6, 6] and "7 revisions read" in table
    assert (
        "Back to the team's version\n  a     computed: ! Yellow → ✓ Green;  team: not set\n"
        "  a/s2  computed: ! Yellow → ✓ Green;  team: ✓ Green\n"
    ) in table


def test_the_indexed_file_source_answers_as_memory_files():
    folder = Path("/r/audits/x")
    files = {
        folder / name: name.encode()
        for name in ("audit.yaml", "interviews/a.yaml", "interviews/sub/b.yaml", ".hidden", "interviews/_mall.yaml")
    }
    ours, theirs = history_module._RevisionFiles(files, folder, {}), MemoryFiles(files)
    asked = [
        Path(p)
        for p in (
            "/",
            "/r",
            "/r/audits",
            "/r/audits/x",
            "/r/audits/x/interviews",
            "/r/audits/xy",
            "/r/audits/x/interviews/sub",
            "/r/audits/x/audit.yaml",
            "/r/audits/x/none",
            "/other",
        )
    ]
    for path in asked:
        assert (ours.is_dir(path), ours.is_file(path), ours.children(path)) == (
            theirs.is_dir(path),
            theirs.is_file(path),
            theirs.children(path),
        ), path
    assert ours.read_bytes(folder / "audit.yaml") == b"audit.yaml"
    with pytest.raises(FileNotFoundError):
        ours.read_bytes(folder / "none")


def test_the_cache_knows_every_colour_there_is():
    from revision_cli.cache.history import COLOURS
    from revision_cli.scoring.colours import Rating

    assert {r.value for r in Rating} | {history_module.SUPPRESSED} == COLOURS
