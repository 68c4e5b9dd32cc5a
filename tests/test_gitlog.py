"""gitlog.audit_revisions on real git repositories: every file's bytes at every commit, two
git processes for a whole history, renames of the folder, merges, odd file names, a
repository without commits, the working tree, and no git at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from gitrepo import BO, ENV, GitRepo, day, git, git_shim

from revision_cli.errors import RevisionError
from revision_cli.files.gitlog import audit_revisions, blob_id, read_history


@pytest.fixture(autouse=True)
def no_machine_config(monkeypatch):
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)


def contents(revision, folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): data.decode() for p, data in revision.files.items()}


def test_every_commit_that_touched_the_folder_with_its_files(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/x/audit.yaml", "one\n")
    repo.write("audits/x/interviews/b1.yaml", "b1\n")
    repo.write("audits/other/audit.yaml", "other\n")
    first = repo.commit("First", day(1))
    repo.write("audits/other/audit.yaml", "other, changed\n")
    repo.commit("Only another audit", day(2))
    repo.write("audits/x/audit.yaml", "two\n")
    repo.remove("audits/x/interviews/b1.yaml")
    second = repo.commit("Change and delete", day(3), author=BO)
    folder = (repo.path / "audits/x").resolve()
    revisions = audit_revisions(folder)
    assert [r.commit for r in revisions] == [first, second]
    assert contents(revisions[0], folder) == {"audit.yaml": "one\n", "interviews/b1.yaml": "b1\n"}
    assert contents(revisions[1], folder) == {"audit.yaml": "two\n"}
    assert (revisions[1].author, revisions[1].date, revisions[1].subject) == (
        "Bo Berg",
        "2024-01-03T10:00:00+01:00",
        "Change and delete",
    )
    assert revisions[1].short == second[:7] and not revisions[1].uncommitted


def test_exactly_two_git_processes_for_a_history_with_a_rename_and_a_merge(tmp_path, monkeypatch):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/old/audit.yaml", "v1\n")
    repo.commit("First", day(1))
    repo.mv("audits/old", "audits/new")
    repo.commit("Rename", day(2))
    repo.branch("side")
    repo.write("audits/new/interviews/b2.yaml", "b2\n")
    repo.commit("On the side", day(3))
    repo.checkout("main")
    merge = repo.merge("side", "Merge side", day(4))
    log = tmp_path / "git-calls.log"
    monkeypatch.setenv("PATH", git_shim(tmp_path / "shim", log))
    revisions = audit_revisions(repo.path / "audits/new")
    calls = log.read_text().splitlines()
    assert len(calls) == 2, calls
    assert calls[0].startswith("log --first-parent") and calls[1] == "cat-file --batch"
    assert [r.subject for r in revisions] == ["First", "Rename", "Merge side"] and revisions[-1].commit == merge


def test_a_renamed_folder_is_followed_under_its_old_name(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/old/audit.yaml", "id: old\nbattery: x@1\nunit: Enheten\n")
    repo.write("audits/old/interviews/b1.yaml", "answers: ja\n")
    repo.commit("First", day(1))
    repo.mv("audits/old", "audits/new")
    repo.write("audits/new/audit.yaml", "id: new\nbattery: x@1\nunit: Enheten\n")
    repo.commit("Rename", day(2))
    repo.write("audits/new/interviews/b1.yaml", "answers: nej\n")
    repo.commit("Change", day(3))
    root = repo.path.resolve()
    revisions = audit_revisions(root / "audits/new")
    assert [r.subject for r in revisions] == ["First", "Rename", "Change"]
    assert [r.folder for r in revisions] == [root / "audits/old", root / "audits/new", root / "audits/new"]
    assert set(revisions[0].files) == {root / "audits/old/audit.yaml", root / "audits/old/interviews/b1.yaml"}
    assert revisions[0].files[root / "audits/old/audit.yaml"].startswith(b"id: old")


def test_files_moved_into_an_existing_folder_are_not_a_rename_of_it(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/a/audit.yaml", "a\n")
    repo.write("audits/a/interviews/b1.yaml", "same interview\n")
    repo.write("audits/b/audit.yaml", "b\n")
    repo.commit("Two audits", day(1))
    repo.mv("audits/a/interviews", "audits/b/interviews")
    repo.commit("Move the interviews", day(2))
    subjects = [r.subject for r in audit_revisions(repo.path / "audits/b")]
    assert subjects == ["Two audits", "Move the interviews"]
    assert [r.folder.name for r in audit_revisions(repo.path / "audits/b")] == ["b", "b"]


def test_odd_file_names_survive_the_nul_separated_output(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    names = [
        "audit.yaml",
        "interviews/b 1.yaml",
        "interviews/brukare-ö.yaml",
        'interviews/"q".yaml',
        "interviews/new\nline.yaml",
    ]
    for i, name in enumerate(names):
        repo.write(f"audits/x/{name}", f"{i}\n")
    repo.commit("Odd names", day(1))
    folder = (repo.path / "audits/x").resolve()
    (revision,) = audit_revisions(folder)
    assert contents(revision, folder) == {name: f"{i}\n" for i, name in enumerate(names)}


def test_a_subfolder_of_the_git_repository_and_a_scope(tmp_path):
    repo = GitRepo.init(tmp_path / "top")
    repo.write("arkiv/audits/x/audit.yaml", "x\n")
    repo.write("README", "not part of it\n")
    only = repo.commit("First", day(1))
    repo.write("README", "still not\n")
    repo.commit("Readme", day(2))
    root = repo.path.resolve()
    for scope in (None, root / "arkiv", root):
        revisions = audit_revisions(root / "arkiv/audits/x", scope)
        assert [r.commit for r in revisions] == [only]
        assert list(revisions[0].files) == [root / "arkiv/audits/x/audit.yaml"]


def test_the_working_tree_becomes_an_uncommitted_revision_when_it_differs(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/x/audit.yaml", "x\n")
    repo.commit("First", day(1))
    folder = (repo.path / "audits/x").resolve()
    repo.write("audits/x/.audit.yaml.swp", "editor noise\n")
    repo.write("audits/x/.cache/note", "hidden\n")
    assert [r.subject for r in audit_revisions(folder)] == ["First"]  # hidden files do not count
    repo.write("audits/x/interviews/b1.yaml", "untracked\n")
    revisions = audit_revisions(folder)
    last = revisions[-1]
    assert last.uncommitted and last.commit is None and last.short == "uncommitted"
    assert contents(last, folder) == {"audit.yaml": "x\n", "interviews/b1.yaml": "untracked\n"}


def test_a_repository_without_commits_has_only_the_working_tree(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    folder = repo.write("audits/x/audit.yaml", "x\n").parent
    revisions = audit_revisions(folder)
    assert len(revisions) == 1 and revisions[0].uncommitted
    assert contents(revisions[0], folder.resolve()) == {"audit.yaml": "x\n"}


def test_a_shallow_clone_starts_with_everything_added(tmp_path):
    origin = GitRepo.init(tmp_path / "origin")
    for n in range(1, 5):
        origin.write("audits/x/audit.yaml", f"version {n}\n")
        origin.write("audits/x/interviews/b1.yaml", "b1\n")
        origin.commit(f"Version {n}", day(n))
    clone = origin.clone(tmp_path / "clone", depth=2)
    folder = (clone.path / "audits/x").resolve()
    revisions = audit_revisions(folder)
    assert [r.subject for r in revisions] == ["Version 3", "Version 4"]
    assert contents(revisions[0], folder) == {"audit.yaml": "version 3\n", "interviews/b1.yaml": "b1\n"}


def test_outside_a_git_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "repo/audits/x"
    folder.mkdir(parents=True)
    with pytest.raises(RevisionError, match="is not inside a git repository"):
        audit_revisions(folder)


def test_without_git(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RevisionError, match="no 'git' command was found on PATH"):
        audit_revisions(tmp_path)


def test_a_missing_file_version_is_a_clear_error(tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/x/audit.yaml", "x\n")
    repo.commit("First", day(1))
    blob = repo.git("rev-parse", "HEAD:audits/x/audit.yaml")
    (repo.path / ".git/objects" / blob[:2] / blob[2:]).unlink()  # as in a broken or partial clone
    with pytest.raises(RevisionError, match=f"git cannot find the file version {blob}"):
        audit_revisions(repo.path / "audits/x")


def test_read_history_runs_only_git_log_and_fill_reads_only_what_is_asked(tmp_path, monkeypatch):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/x/audit.yaml", "one\n")
    repo.commit("First", day(1))
    repo.write("audits/x/audit.yaml", "two\n")
    repo.commit("Second", day(2))
    repo.write("audits/x/interviews/b1.yaml", "on disk only\n")
    log = tmp_path / "git-calls.log"
    monkeypatch.setenv("PATH", git_shim(tmp_path / "shim", log))
    folder = (repo.path / "audits/x").resolve()
    history = read_history(folder)
    assert [line.split()[0] for line in log.read_text().splitlines()] == ["log"]
    first, second, uncommitted = history.revisions
    assert first.files == {} and set(first.blobs) == {folder / "audit.yaml"}
    assert first.blobs[folder / "audit.yaml"] == repo.git("rev-parse", f"{first.commit}:audits/x/audit.yaml")
    # The working tree's files carry the ids git would give them, and their bytes.
    assert uncommitted.uncommitted and uncommitted.blobs == {
        folder / "audit.yaml": repo.git("rev-parse", "HEAD:audits/x/audit.yaml"),
        folder / "interviews/b1.yaml": repo.git("hash-object", "audits/x/interviews/b1.yaml"),
    }
    history.fill([second])
    assert contents(second, folder) == {"audit.yaml": "two\n"} and first.files == {}
    history.fill([second])  # nothing left to read: no git at all
    calls = [line.split()[0] for line in log.read_text().splitlines()]
    assert [c for c in calls if c in ("log", "cat-file")] == ["log", "cat-file"]


@pytest.mark.parametrize("data", [b"", b"x\n", "åäö\r\n".encode(), bytes(range(256)) * 40])
def test_blob_id_is_what_git_hash_object_computes(tmp_path, data):
    path = tmp_path / "file"
    path.write_bytes(data)
    assert blob_id(data) == git(tmp_path, "hash-object", str(path))
