"""Nothing outside the repository is read or written: a link that leaves it is an error finding
(`file-outside-repository`) and nothing is read through it (confine.py). Through the real commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, EXAMPLES, snapshot
from gitrepo import ENV, GitRepo, day

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"
SECRET = "HEMLIGHET-UTANFÖR"
CODE = "[file-outside-repository]"
WHY = "leads outside the repository; revision neither reads nor writes through it"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository holding secrets in files that look like audit files."""
    folder = tmp_path / "utanfor"
    folder.mkdir()
    interview = (EXAMPLES / AUDIT / "interviews" / "b1.yaml").read_text(encoding="utf-8")
    (folder / "b9.yaml").write_text(
        interview.replace("respondent: b1", "respondent: b9").replace("Det är lugnt i väntrummet", SECRET),
        encoding="utf-8",
    )
    (folder / "shadow").write_text(f"{SECRET}: x\nroot: $6$salt$hash\n", encoding="utf-8")
    (folder / "report.md.j2").write_text(f"{SECRET}\n", encoding="utf-8")
    return folder


def no_secret(*results) -> None:
    for result in results:
        assert SECRET not in result.output and "$6$" not in result.output


def test_an_interview_linked_from_outside_is_an_error_and_is_not_read(run, example_repo, outside):
    link = example_repo / AUDIT / "interviews" / "b9.yaml"
    link.symlink_to(outside / "b9.yaml")
    validated = run("validate", cwd=example_repo)
    assert validated.exit_code == 1
    assert f"{AUDIT}/interviews/b9.yaml:1:1: error {CODE} this is a symbolic link" in validated.stdout
    scored = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo)
    assert scored.exit_code == 1 and CODE in scored.stderr  # never scored silently
    no_secret(validated, scored, run("report", EXAMPLE_AUDIT, cwd=example_repo))


def test_lines_of_an_outside_file_never_come_back_in_findings(run, example_repo, outside):
    (example_repo / AUDIT / "interviews" / "b9.yaml").symlink_to(outside / "shadow")
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "egen.yaml").symlink_to(outside / "shadow")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert f"batteries/egen.yaml:1:1: error {CODE}" in result.stdout
    assert "schema-unknown-key" not in result.stdout
    no_secret(result)


def test_a_linked_folder_is_one_finding_and_its_files_are_not_even_listed(run, example_repo, outside):
    shutil.rmtree(example_repo / AUDIT / "interviews")
    (example_repo / AUDIT / "interviews").symlink_to(outside)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    found = [line for line in result.stdout.splitlines() if CODE in line]
    assert found == [
        f"{AUDIT}/interviews:1:1: error {CODE} this is a symbolic link, or lies in a linked folder, that {WHY}"
    ]
    assert "b9" not in result.output and "shadow" not in result.output


def test_a_linked_audit_folder_or_batteries_folder_is_refused(run, example_repo, outside, tmp_path):
    copy = tmp_path / "kopia"
    shutil.copytree(example_repo / AUDIT, copy)
    (example_repo / "audits" / "2099-lankad").symlink_to(copy)
    shutil.copytree(example_repo / "audits" / "2013-ekbacken", tmp_path / "batterier")
    (example_repo / "batteries").symlink_to(outside)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert f"audits/2099-lankad:1:1: error {CODE}" in result.stdout
    assert f"batteries:1:1: error {CODE}" in result.stdout
    for explicit in ("audits/2099-lankad", "audits/2099-lankad/interviews/b1.yaml", "batteries"):
        named = run("validate", explicit, cwd=example_repo)
        assert named.exit_code == 1 and f"{explicit.split('/interviews')[0]}:1:1: error {CODE}" in named.stdout
    for command in (("score", "2099-lankad"), ("report", "2099-lankad"), ("score", "audits/2099-lankad")):
        refused = run(*command, cwd=example_repo)
        assert refused.exit_code == 1 and f"audits/2099-lankad:1:1: error {CODE}" in refused.stderr, command
    no_secret(result)


def test_a_link_that_stays_inside_the_repository_is_followed(run, example_repo):
    """One audit's interview shared with another audit by a link within the repository."""
    other = example_repo / "audits" / "2099-kopia"
    shutil.copytree(example_repo / AUDIT, other)
    (other / "audit.yaml").write_text(
        (other / "audit.yaml").read_text(encoding="utf-8").replace(f"id: {EXAMPLE_AUDIT}", "id: 2099-kopia"),
        encoding="utf-8",
    )
    (other / "interviews" / "b1.yaml").unlink()
    (other / "interviews" / "b1.yaml").symlink_to(example_repo / AUDIT / "interviews" / "b1.yaml")
    assert run("validate", cwd=example_repo).exit_code == 0
    live = run("score", "2099-kopia", "--format", "json", cwd=example_repo)
    assert live.exit_code == 0 and json.loads(live.stdout)["respondents"]["total"] == 6


def test_templates_and_labels_linked_from_outside_are_refused(run, example_repo, outside):
    templates = example_repo / "templates"
    templates.mkdir()
    (templates / "report.md.j2").symlink_to(outside / "report.md.j2")
    result = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 1 and f"templates/report.md.j2:1:1: error {CODE}" in result.stderr
    (templates / "report.md.j2").unlink()
    (templates / "labels.yaml").symlink_to(outside / "shadow")
    result = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 1 and f"templates/labels.yaml:1:1: error {CODE}" in result.stderr
    (templates / "labels.yaml").unlink()
    templates.rmdir()
    templates.symlink_to(outside)
    result = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 1 and f"templates:1:1: error {CODE}" in result.stderr
    named = run("report", EXAMPLE_AUDIT, "--template", "templates", cwd=example_repo)
    assert named.exit_code == 1 and f"templates:1:1: error {CODE}" in named.stderr
    no_secret(result, named)


def test_a_template_folder_given_on_the_command_line_keeps_its_files_inside_it(run, example_repo, outside, tmp_path):
    mine = tmp_path / "mina-mallar"
    mine.mkdir()
    (mine / "report.md.j2").symlink_to(outside / "report.md.j2")
    result = run("report", EXAMPLE_AUDIT, "--template", str(mine), cwd=example_repo)
    assert result.exit_code == 1 and CODE in result.stderr
    no_secret(result)


def test_privacy_yaml_linked_from_outside_is_refused(run, example_repo, outside):
    (example_repo / "privacy.yaml").symlink_to(outside / "shadow")
    validated = run("validate", cwd=example_repo)
    assert validated.exit_code == 1 and f"privacy.yaml:1:1: error {CODE}" in validated.stdout
    checked = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert checked.exit_code == 1 and f"privacy.yaml:1:1: error {CODE}" in checked.stderr
    no_secret(validated, checked)


def test_redact_never_touches_an_outside_file_or_the_link(run, example_repo, outside):
    (outside / "b9.yaml").write_text(
        (outside / "b9.yaml").read_text(encoding="utf-8").replace(SECRET, "Ring mig på 070-123 45 67"), encoding="utf-8"
    )
    link = example_repo / AUDIT / "interviews" / "b9.yaml"
    link.symlink_to(outside / "b9.yaml")
    before = (outside / "b9.yaml").read_bytes()
    result = run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo)
    assert result.exit_code == 1
    assert f"{AUDIT}/interviews/b9.yaml:1:1: error {CODE}" in result.output and "replaced" not in result.stdout
    assert link.is_symlink() and (outside / "b9.yaml").read_bytes() == before


def test_follow_up_names_an_audit_of_this_repository(run, example_repo, outside, tmp_path):
    elsewhere = tmp_path / "x"
    shutil.copytree(example_repo / AUDIT, elsewhere)
    before = snapshot(example_repo)
    for given in ("../../x", str(elsewhere), "../x", "audits/x"):
        result = run("new", "2099-uppfoljning", "--follow-up", given, cwd=example_repo)
        assert result.exit_code == 2, (given, result.output)
        assert "is not an audit of this repository; give the slug of an audit under audits" in result.stderr
    (example_repo / "audits" / "2099-lankad").symlink_to(elsewhere)
    before = snapshot(example_repo)
    result = run("new", "2099-uppfoljning", "--follow-up", "2099-lankad", cwd=example_repo)
    assert result.exit_code == 1 and CODE in result.stderr
    assert snapshot(example_repo) == before


def test_history_does_not_read_the_working_tree_through_a_link(run, example_repo, outside):
    repo = GitRepo(example_repo)
    repo.git("init", "-q", "-b", "main")
    repo.commit("The audits", day(1))
    (example_repo / AUDIT / "interviews" / "b9.yaml").symlink_to(outside / "b9.yaml")
    result = run("history", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo, env=ENV)
    no_secret(result)
    last = json.loads(result.stdout)[-1]
    assert last["uncommitted"] and not last["valid"]
    assert [e["code"] for e in last["errors"]] == ["file-outside-repository"]


def test_a_link_that_loops_is_a_finding_in_every_command_and_in_the_cache(run, example_repo):
    """Found by the repository fuzz: the cache resolved the finding's path and met the loop."""
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "b.yaml").symlink_to("b.yaml")
    for _ in range(2):  # the second run reads the cache the first one wrote
        result = run("validate", cwd=example_repo)
        assert result.exit_code == 1
        assert result.stdout.startswith("batteries/b.yaml:1:1: error [file-unreadable] ")
    assert run("score", EXAMPLE_AUDIT, cwd=example_repo).exit_code == 1


@pytest.mark.parametrize(
    "where", ["batteries/b.yaml", "privacy.yaml", f"{AUDIT}/assessment.yaml", f"{AUDIT}/interviews/b1.yaml"]
)
def test_a_named_pipe_where_a_file_belongs_is_a_finding_not_a_hang(run, example_repo, where):
    """Found by the repository fuzz: reading a FIFO waits for a writer that never comes."""
    import os

    target = example_repo / where
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    result = run("validate", cwd=example_repo)
    # Never read: a battery file is named as unreadable; an audit file that is no regular
    # file is passed over as if it were not there.
    if where.startswith("batteries/") or where == "privacy.yaml":
        assert result.exit_code == 1
        assert f"{where}:1:1: error [file-unreadable] cannot read the file: it is not a regular file" in result.stdout
    else:
        assert result.exit_code == 0
    assert run("score", EXAMPLE_AUDIT, cwd=example_repo).exit_code in (0, 1)
