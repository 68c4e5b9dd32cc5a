"""`revision history AUDIT [--format table|json]` through the real command on real git
repositories: colour changes computed and the team's, invalid versions, a renamed folder,
a merge, a shallow clone, a detached HEAD, a dirty tree, and outside git."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT
from gitrepo import BO, ENV, GitRepo, day, fast_import_commit, git_shim

CONFIG = """\
    revision: 1
    organisation: Test
    language: en
    anonymity:
      min_group_size: 2
    """

# One area, three sub-areas of one question each; one counted answer is enough for a colour.
# s3's question is asked of staff only: a breakdown by group, withheld while staff are few.
BATTERY = """\
    id: mini
    version: 1
    title: Mini
    groups: [brukare, personal]
    scales:
      ja-nej:
        options:
          - {value: ja, score: 1}
          - {value: nej, score: 0}
    rating: {green: 2/3, yellow: 1/3, min_answers: 1}
    areas:
      - id: a
        title: A
        subareas:
          - {id: s1, title: S1, questions: [{id: q1, text: Q1, scale: ja-nej}]}
          - {id: s2, title: S2, questions: [{id: q2, text: Q2, scale: ja-nej}]}
          - {id: s3, title: S3, questions: [{id: q3, text: Q3, scale: ja-nej, groups: [personal]}]}
    """


def audit_yaml(slug: str, note: str = "") -> str:
    return f"id: {slug}\nbattery: mini@1\nunit: Enheten\nmethod: {note or 'Intervjuer.'}\n"


def interview(code: str, answers: str, group: str = "brukare") -> str:
    return f"respondent: {code}\ngroup: {group}\nconsent: true\nanswers: {{{answers}}}\n"


def team(**ratings: str) -> str:
    subs = ", ".join(f"{s}: {{rating: {r}}}" for s, r in ratings.items())
    return f"areas:\n  a:\n    subareas: {{{subs}}}\n"


def start(path: Path, slug: str = "enheten") -> GitRepo:
    """A repository with the mini battery and one audit of one interview: s1 and s2 green."""
    repo = GitRepo.init(path)
    repo.write("revision.yaml", CONFIG)
    repo.write("batteries/mini.yaml", BATTERY)
    repo.write(f"audits/{slug}/audit.yaml", audit_yaml(slug))
    repo.write(f"audits/{slug}/interviews/b1.yaml", interview("b1", "q1: ja, q2: ja"))
    return repo


def history(run, repo: Path, slug: str = "enheten", env: dict | None = None) -> list[dict]:
    result = run("history", slug, "--format", "json", cwd=repo, env={**ENV, **(env or {})})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def change_of(entry: dict, subarea: str | None) -> dict:
    return next(c for c in entry["changes"] if c["subarea"] == subarea)


@pytest.fixture
def story(tmp_path):
    return make_story(tmp_path)


def make_story(tmp_path):
    """Six commits: first answers, a computed change, a text-only edit, the team's colours,
    a broken interview, its fix."""
    repo = start(tmp_path / "repo")
    c = {"first": repo.commit("First interview", day(10))}
    repo.write("audits/enheten/interviews/b2.yaml", interview("b2", "q1: nej, q2: ja"))
    c["computed"] = repo.commit("Second interview", day(20), author=BO)
    repo.write("audits/enheten/audit.yaml", audit_yaml("enheten", "Intervjuer på plats."))
    c["text"] = repo.commit("Describe the method", day(30))
    repo.write("audits/enheten/assessment.yaml", team(s1="red", s2="green"))
    c["team"] = repo.commit("The team's colours", day(40))
    repo.write("audits/enheten/interviews/b2.yaml", interview("b2", "q1: kanske, q2: ja"))
    c["broken"] = repo.commit("Typo in b2", day(50), author=BO)
    repo.write("audits/enheten/interviews/b2.yaml", interview("b2", "q1: nej, q2: nej"))
    c["fixed"] = repo.commit("Fix b2", day(60))
    return repo, c


def test_history_json_lists_each_colour_change_and_the_invalid_version(run, story):
    repo, c = story
    entries = history(run, repo.path)
    assert [e["commit"] for e in entries] == [c["first"], c["computed"], c["team"], c["broken"], c["fixed"]]
    first, computed, team_entry, broken, fixed = entries
    # The first valid version changes everything from nothing.
    assert change_of(first, "s1") == {
        "area": "a",
        "subarea": "s1",
        "computed": {"from": None, "to": "green"},
        "team": {"from": None, "to": None},
    }
    assert change_of(first, None)["computed"] == {"from": None, "to": "green"}
    assert computed["author"] == "Bo Berg" and computed["message"] == "Second interview"
    assert computed["date"] == "2024-01-20T10:00:00+01:00" and not computed["uncommitted"]
    assert computed["changes"] == [
        {
            "area": "a",
            "subarea": "s1",
            "computed": {"from": "green", "to": "yellow"},
            "team": {"from": None, "to": None},
        }
    ]
    assert {(ch["subarea"], ch["team"]["to"]) for ch in team_entry["changes"]} == {("s1", "red"), ("s2", "green")}
    assert change_of(team_entry, "s1")["computed"] == {"from": "yellow", "to": "yellow"}
    assert broken["valid"] is False and broken["changes"] == []
    assert broken["errors"][0]["code"] == "interview-invalid-value"
    assert broken["errors"][0]["path"].endswith("audits/enheten/interviews/b2.yaml")
    # Compared with the last valid version, the one before the broken one.
    assert fixed["valid"] is True
    assert {(ch["subarea"], ch["computed"]["from"], ch["computed"]["to"]) for ch in fixed["changes"]} == {
        ("s2", "green", "yellow"),
        (None, "green", "yellow"),
    }


def test_history_table_shows_symbol_and_word_and_the_invalid_version(run, story):
    repo, c = story
    result = run("history", "enheten", cwd=repo.path, env=ENV)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"2024-01-20  {c['computed'][:7]}  Bo Berg  Second interview" in out
    assert "a/s1  computed: ✓ Green → ! Yellow;  team: not set" in out
    assert "team: not set → ✗ Red" in out
    assert f"2024-02-19  {c['broken'][:7]}  Bo Berg  Typo in b2\n  invalid: 1 error; first: " in out
    assert "[interview-invalid-value]" in out
    assert "Describe the method" not in out  # a text-only change moves no colour
    assert "enheten: 6 revisions read, 5 shown" in out


def test_uncommitted_changes_come_last(run, story):
    repo, _ = story
    repo.write("audits/enheten/assessment.yaml", team(s1="yellow", s2="green"))
    entries = history(run, repo.path)
    last = entries[-1]
    assert last["uncommitted"] is True and last["commit"] is None and last["author"] is None
    assert last["changes"] == [
        {
            "area": "a",
            "subarea": "s1",
            "computed": {"from": "yellow", "to": "yellow"},
            "team": {"from": "red", "to": "yellow"},
        }
    ]
    table = run("history", "enheten", cwd=repo.path, env=ENV).stdout
    assert "uncommitted  (working tree, not committed)\n  a/s1  computed: ! Yellow;  team: ✗ Red → ! Yellow" in table


def test_a_renamed_folder_keeps_its_history(run, tmp_path):
    repo = start(tmp_path / "repo", "gamla-namnet")
    first = repo.commit("First interview", day(1))
    repo.write("audits/gamla-namnet/interviews/b2.yaml", interview("b2", "q1: nej, q2: nej"))
    second = repo.commit("Second interview", day(2))
    repo.mv("audits/gamla-namnet", "audits/nya-namnet")
    repo.write("audits/nya-namnet/audit.yaml", audit_yaml("nya-namnet"))
    repo.commit("Rename the audit", day(3))
    repo.write("audits/nya-namnet/interviews/b3.yaml", interview("b3", "q1: nej, q2: nej"))
    repo.write("audits/nya-namnet/interviews/b4.yaml", interview("b4", "q1: nej, q2: nej"))
    after = repo.commit("Two more interviews", day(4))
    entries = history(run, repo.path, "nya-namnet")
    assert [e["commit"] for e in entries] == [first, second, after]
    assert change_of(entries[1], "s1")["computed"] == {"from": "green", "to": "yellow"}
    assert change_of(entries[2], "s1")["computed"] == {"from": "yellow", "to": "red"}


def test_a_merge_shows_as_one_revision_on_the_first_parent(run, tmp_path):
    repo = start(tmp_path / "repo")
    first = repo.commit("First interview", day(1))
    repo.branch("fler-intervjuer")
    repo.write("audits/enheten/interviews/b2.yaml", interview("b2", "q1: nej, q2: ja"))
    on_branch = repo.commit("Interview b2 on a branch", day(2), author=BO)
    repo.checkout("main")
    repo.write("revision.yaml", CONFIG.replace("Test", "Test AB"))
    repo.commit("Rename the organisation", day(3))
    merge = repo.merge("fler-intervjuer", "Merge the interviews", day(4))
    entries = history(run, repo.path)
    assert [e["commit"] for e in entries] == [first, merge]
    assert on_branch not in {e["commit"] for e in entries}
    assert entries[1]["message"] == "Merge the interviews"
    assert change_of(entries[1], "s1")["computed"] == {"from": "green", "to": "yellow"}


def test_a_shallow_clone_starts_at_its_boundary(run, story, tmp_path):
    origin, c = story
    shallow = origin.clone(tmp_path / "shallow", depth=2)
    assert shallow.git("rev-parse", "--is-shallow-repository") == "true"
    entries = history(run, shallow.path)
    # The boundary commit (the broken one) shows as everything added: invalid, then the fix
    # counts as the first valid version, a change from nothing.
    assert [e["commit"] for e in entries] == [c["broken"], c["fixed"]]
    assert entries[0]["valid"] is False
    assert change_of(entries[1], "s1") == {
        "area": "a",
        "subarea": "s1",
        "computed": {"from": None, "to": "yellow"},
        "team": {"from": None, "to": "red"},
    }


def test_a_detached_head_reads_the_history_up_to_it(run, story):
    repo, c = story
    repo.checkout(c["team"])
    assert repo.git("rev-parse", "--abbrev-ref", "HEAD") == "HEAD"  # detached
    entries = history(run, repo.path)
    assert [e["commit"] for e in entries] == [c["first"], c["computed"], c["team"]]


def test_suppressed_colours_stay_suppressed_in_history(run, tmp_path):
    repo = start(tmp_path / "repo")
    repo.write("audits/enheten/interviews/b2.yaml", interview("b2", "q1: ja, q2: ja"))
    repo.commit("Two interviews", day(1))
    repo.write("audits/enheten/interviews/p1.yaml", interview("p1", "q1: ja, q3: ja", group="personal"))
    staff = repo.commit("One staff interview", day(2))
    entries = history(run, repo.path)
    assert entries[-1]["commit"] == staff
    # One staff member answered q3 alone: its colour would single them out.
    assert change_of(entries[-1], "s3")["computed"] == {"from": "insufficient", "to": "suppressed"}
    table = run("history", "enheten", cwd=repo.path, env=ENV).stdout
    assert "a/s3  computed: – Insufficient data → – Too few respondents to report" in table


def test_history_of_the_example_in_a_subfolder_of_the_git_repository(run, example_repo, tmp_path):
    top = GitRepo.init(tmp_path / "top")
    (example_repo).rename(top.path / "revisioner")
    commit = top.commit("The 2012 audit", day(1))
    entries = history(run, top.path / "revisioner", EXAMPLE_AUDIT)
    assert [e["commit"] for e in entries] == [commit]
    assert change_of(entries[0], "aktiviteter")["computed"]["to"] == "yellow"
    assert change_of(entries[0], "aktiviteter")["team"]["to"] == "green"


def test_outside_git_history_exits_1_and_the_other_commands_still_work(run, example_repo, tmp_path):
    env = {**ENV, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = run("history", EXAMPLE_AUDIT, cwd=example_repo, env=env)
    assert result.exit_code == 1
    assert "is not inside a git repository" in result.stderr and result.stdout == ""
    for args in (["validate"], ["score", EXAMPLE_AUDIT], ["report", EXAMPLE_AUDIT]):
        assert run(*args, cwd=example_repo, env=env).exit_code == 0, args


def test_without_git_on_path_history_exits_1(run, story, tmp_path):
    repo, _ = story
    empty = tmp_path / "no-git"
    empty.mkdir()
    result = run("history", "enheten", cwd=repo.path, env={**ENV, "PATH": str(empty)})
    assert result.exit_code == 1
    assert "no 'git' command was found on PATH" in result.stderr


def test_an_unknown_audit_exits_1(run, story):
    repo, _ = story
    result = run("history", "enhetn", cwd=repo.path, env=ENV)
    assert result.exit_code == 1 and "did you mean 'enheten'?" in result.stderr


def test_two_hundred_commits_in_two_git_processes(run, tmp_path):
    """A long history built with git fast-import: every commit flips s1 between green and
    red, except commit 100, which renames the folder, and 101, which answers as 99 did."""
    repo = GitRepo.init(tmp_path / "repo")
    stream = [
        fast_import_commit(
            "refs/heads/main",
            1,
            "Start",
            {
                "revision.yaml": CONFIG,
                "batteries/mini.yaml": BATTERY,
                "audits/gammal/audit.yaml": audit_yaml("gammal"),
                "audits/gammal/interviews/b1.yaml": interview("b1", "q1: ja, q2: ja"),
            },
        )
    ]
    for n in range(2, 201):
        if n == 100:
            stream.append(
                fast_import_commit(
                    "refs/heads/main",
                    n,
                    "Rename",
                    {"audits/ny/audit.yaml": audit_yaml("ny")},
                    renames=[("audits/gammal", "audits/ny")],
                )
            )
        else:
            folder = "gammal" if n < 100 else "ny"
            answer = "ja" if n % 2 else "nej"
            stream.append(
                fast_import_commit(
                    "refs/heads/main",
                    n,
                    f"Commit {n}",
                    {f"audits/{folder}/interviews/b1.yaml": interview("b1", f"q1: {answer}, q2: ja")},
                )
            )
    repo.fast_import("".join(stream))
    assert repo.git("rev-list", "--count", "HEAD") == "200"
    log = tmp_path / "git-calls.log"
    entries = history(run, repo.path, "ny", env={"PATH": git_shim(tmp_path / "shim", log)})
    assert [line.split()[0] for line in log.read_text().splitlines()] == ["log", "cat-file"]
    expected = ["Start", *(f"Commit {n}" for n in range(2, 201) if n not in (100, 101))]
    assert [e["message"] for e in entries] == expected
    assert change_of(entries[-1], "s1")["computed"] == {"from": "green", "to": "red"}
