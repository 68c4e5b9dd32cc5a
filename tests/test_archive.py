"""Retention and `revision archive`: the figures survive the interviews, through the real command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLE_AUDITS, snapshot
from gitrepo import ENV, GitRepo, day

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"
SECRETS = ("HEMLIG-KOMMENTAR", "HEMLIGT-CITAT")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def outputs(run, repo: Path, slug: str = EXAMPLE_AUDIT) -> dict[str, str]:
    """Everything the reports and `score` print for an audit."""
    found = {}
    for name, args in {
        "score": ("score", slug, "--format", "json"),
        "md": ("report", slug),
        "html": ("report", slug, "--format", "html"),
        "en": ("report", slug, "--lang", "en"),
    }.items():
        result = run(*args, cwd=repo)
        assert result.exit_code == 0, result.output
        found[name] = result.stdout
    return found


def archive(run, repo: Path, slug: str = EXAMPLE_AUDIT, *extra: str, env: dict | None = None):
    return run("archive", slug, "--yes", "--today", "2024-05-01", *extra, cwd=repo, env=env)


def personal(repo: Path, codes: list[str], slug: str = EXAMPLE_AUDIT) -> None:
    """Staff interviews: they answer motet-rutiner, a question asked of staff only."""
    for code in codes:
        (repo / "audits" / slug / "interviews" / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: personal\nconsent: true\n"
            "answers:\n  motet-rutiner: ja\n  motet-ovrigt-personal: Vi har rutiner.\n",
            encoding="utf-8",
        )


@pytest.fixture
def secret_repo(example_repo: Path) -> Path:
    """The example with a comment, an unpublished quote, a declined interview and a `_mall`
    template in it."""
    interviews = example_repo / AUDIT / "interviews"
    edit(interviews / "b6.yaml", "consent: true", "consent: false")
    edit(interviews / "b4.yaml", "Undrar fortfarande", f"{SECRETS[0]} Undrar fortfarande")
    with (interviews / "b2.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"  - text: {SECRETS[1]} om handläggaren\n    publish: false\n")
    (interviews / "_mall-brukare.yaml").write_text("respondent: b0\ngroup: brukare\n", encoding="utf-8")
    return example_repo


def test_archive_keeps_every_figure_and_removes_every_interview_file(run, secret_repo):
    repo = secret_repo
    assert yaml.safe_load((repo / AUDIT / "interviews" / "b2.yaml").read_text(encoding="utf-8"))["quotes"]
    before = outputs(run, repo)
    files = sorted((repo / AUDIT / "interviews").iterdir())
    assert len(files) == 7
    result = archive(run, repo)
    assert result.exit_code == 0, result.output
    for path in files:
        assert f"Removed {AUDIT}/interviews/{path.name}\n" in result.stdout
    assert "Removed the empty folder" in result.stdout
    assert not (repo / AUDIT / "interviews").exists()
    assert sorted(p.name for p in (repo / AUDIT).iterdir()) == [
        "actions.yaml",
        "assessment.yaml",
        "audit.yaml",
        "results.yaml",
    ]  # no stray temporary file
    after = outputs(run, repo)
    assert after == before  # score JSON and the reports, byte for byte
    assert json.loads(after["score"])["areas"][0]["subareas"][0]["share_exact"] == "33/40"  # b6 declined
    validated = run("validate", "--strict", cwd=repo)
    assert validated.exit_code == 0 and "No problems found." in validated.output


def test_results_yaml_holds_no_code_comment_answer_or_unpublished_quote(run, secret_repo):
    repo = secret_repo
    interviews = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((repo / AUDIT / "interviews").glob("b*.yaml"))
    ]
    assert archive(run, repo).exit_code == 0
    text = (repo / AUDIT / "results.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def strings(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield str(key)
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str):
            yield node

    kept = set(strings(data))
    for interview in interviews:
        assert interview["respondent"] not in kept
        for answer in interview["answers"].values():
            if isinstance(answer, str) and " " in answer:  # free-text answers
                assert answer not in text
    for secret in SECRETS:
        assert secret not in text
    published = [q["text"] for i in interviews if i["consent"] for q in i.get("quotes", []) if q.get("publish")]
    # In the order of their text, which says nothing of whose they are.
    assert [q["text"] for q in data["quotes"]] == sorted(published, key=str.casefold) and published
    assert data["respondents"]["declined"] == 1 and data["respondents"]["total"] == 5


def test_archiving_twice_says_so_and_changes_nothing(run, example_repo):
    assert archive(run, example_repo).exit_code == 0
    files = snapshot(example_repo)
    again = archive(run, example_repo)
    assert again.exit_code == 0
    assert "already archived" in again.stdout and "Nothing to do" in again.stdout
    assert snapshot(example_repo) == files


def test_without_yes_and_without_a_terminal_nothing_happens(run, example_repo):
    files = snapshot(example_repo)
    result = run("archive", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 2
    assert "--yes" in result.stderr and "nothing was done" in result.stderr
    assert snapshot(example_repo) == files


def test_an_audit_with_errors_is_refused(run, example_repo):
    edit(example_repo / AUDIT / "interviews" / "b1.yaml", "motet-valkommen: ja", "motet-valkommen: kanske")
    files = snapshot(example_repo)
    result = archive(run, example_repo)
    assert result.exit_code == 1
    assert f"{AUDIT}/interviews/b1.yaml:" in result.stderr and "[interview-invalid-value]" in result.stderr
    assert "nothing was archived" in result.stderr
    assert snapshot(example_repo) == files


def test_an_interrupted_archive_is_finished_by_running_it_again(run, example_repo, tmp_path):
    """A removal that failed half-way leaves results.yaml complete beside some interviews."""
    before = outputs(run, example_repo)
    kept = tmp_path / "kept"
    shutil.copytree(example_repo / AUDIT / "interviews", kept)
    assert archive(run, example_repo).exit_code == 0
    (example_repo / AUDIT / "interviews").mkdir()
    for name in ("b5.yaml", "b6.yaml"):  # what a failure after b4 would have left
        shutil.copy(kept / name, example_repo / AUDIT / "interviews" / name)
    assert outputs(run, example_repo) == before  # results.yaml decides, not the two files left
    checked = run("validate", cwd=example_repo)
    assert checked.exit_code == 0
    assert f"{AUDIT}/interviews/b5.yaml:1:1: warning [archive-unfinished]" in checked.stdout
    again = archive(run, example_repo)
    assert again.exit_code == 0, again.output
    assert "was already written" in again.stdout
    assert (
        f"Removed {AUDIT}/interviews/b5.yaml" in again.stdout and f"Removed {AUDIT}/interviews/b6.yaml" in again.stdout
    )
    assert not (example_repo / AUDIT / "interviews").exists()
    assert outputs(run, example_repo) == before


def test_compare_status_site_and_history_work_with_an_archived_audit(run, tmp_path, example_repo):
    shutil.copytree(example_repo / AUDIT, example_repo / "audits" / "2013-vastra-hisingen")
    later = example_repo / "audits" / "2013-vastra-hisingen"
    edit(later / "audit.yaml", f"id: {EXAMPLE_AUDIT}", "id: 2013-vastra-hisingen")
    edit(later / "audit.yaml", "follows_up: null", f"follows_up: {EXAMPLE_AUDIT}")
    edit(later / "audit.yaml", "site_visit: 2012-10-15", "site_visit: 2013-10-14")
    repo = GitRepo(example_repo)
    repo.git("init", "-q", "-b", "main")
    repo.commit("Two audits", day(1))

    def views() -> dict:
        found = {
            "compare": run("compare", EXAMPLE_AUDIT, "2013-vastra-hisingen", "--format", "json", cwd=example_repo),
            "status": run("status", "--format", "json", "--today", "2013-04-01", cwd=example_repo),
            "site": run("site", "-o", str(tmp_path / "site"), "--today", "2013-04-01", cwd=example_repo),
            "follow-up": run("report", "2013-vastra-hisingen", cwd=example_repo),
        }
        assert all(r.exit_code == 0 for r in found.values()), {k: r.output for k, r in found.items()}
        texts = {k: r.stdout for k, r in found.items() if k != "site"}
        texts["status"] = json.loads(texts["status"])
        texts["site"] = snapshot(tmp_path / "site")
        shutil.rmtree(tmp_path / "site")
        return texts

    before = views()
    result = run("archive", EXAMPLE_AUDIT, "--yes", cwd=example_repo, env=ENV)
    assert result.exit_code == 0
    assert f"git filter-repo --path {AUDIT}/interviews --invert-paths" in result.stdout
    assert f"git rm -r --cached --ignore-unmatch --quiet {AUDIT}/interviews" in result.stdout
    assert "every clone must be replaced" in result.stdout
    repo.commit("Archive", day(2))
    after = views()
    assert {row["slug"]: row.pop("archived") for row in after["status"]} == {
        slug: slug == EXAMPLE_AUDIT for slug in [*EXAMPLE_AUDITS, "2013-vastra-hisingen"]
    }
    assert not any(row.pop("archived") for row in before["status"])
    assert after == before
    history = run("history", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo, env=ENV)
    assert history.exit_code == 0, history.output
    entries = json.loads(history.stdout)
    assert len(entries) == 1 and entries[0]["valid"]  # the archive commit changed no colour


def test_a_suppressed_group_is_stored_withheld_and_stays_suppressed(run, example_repo):
    personal(example_repo, ["p1", "p2"])
    before = outputs(run, example_repo)
    group_before = run("score", EXAMPLE_AUDIT, "--group", "brukare", cwd=example_repo)
    assert archive(run, example_repo).exit_code == 0
    data = yaml.safe_load((example_repo / AUDIT / "results.yaml").read_text(encoding="utf-8"))
    assert data["respondents"]["groups"] == {"brukare": 6, "personal": None, "narstaende": 0}
    assert data["respondents"]["total"] == 8
    question = data["areas"][0]["subareas"][0]["questions"][4]
    assert question["id"] == "motet-rutiner"
    assert question["n"] == 0 and question["share"] is None and question["suppressed"]
    assert outputs(run, example_repo) == before
    group_after = run("score", EXAMPLE_AUDIT, "--group", "brukare", cwd=example_repo)
    assert (group_after.exit_code, group_after.stdout) == (group_before.exit_code, group_before.stdout)
    assert "group brukare" in group_after.stdout and "suppressed" not in group_after.stdout.split("\n")[0]
    staff_after = run("score", EXAMPLE_AUDIT, "--group", "personal", cwd=example_repo)
    assert "Group 'personal' is suppressed" in staff_after.stdout
    assert run("score", EXAMPLE_AUDIT, "--group", "chefer", cwd=example_repo).exit_code == 2


def test_a_larger_min_group_size_after_archiving_withholds_at_least_what_a_live_audit_would(
    run, example_repo, tmp_path
):
    personal(example_repo, ["p1", "p2", "p3", "p4", "p5"])
    live = tmp_path / "live"
    shutil.copytree(example_repo, live)
    assert archive(run, example_repo).exit_code == 0
    frozen = yaml.safe_load((example_repo / AUDIT / "results.yaml").read_text(encoding="utf-8"))
    assert frozen["respondents"]["groups"]["personal"] == 5  # shown when archived (min 5)
    for root in (example_repo, live):
        edit(root / "revision.yaml", "min_group_size: 5", "min_group_size: 6")
    archived = json.loads(outputs(run, example_repo)["score"])
    expected = json.loads(outputs(run, live)["score"])
    assert archived["respondents"] == expected["respondents"]
    assert archived["respondents"]["groups"] == {"brukare": 6, "personal": None, "narstaende": 0}

    def flat(data):
        for area in data["areas"]:
            yield area
            for sub in area["subareas"]:
                yield sub
                yield from sub["questions"]

    for kept, now in zip(flat(archived), flat(expected), strict=True):
        if now.get("suppressed"):  # what a live audit withholds, the archive withholds too
            assert kept.get("suppressed"), kept["id"]
        if not kept.get("suppressed"):  # and what the archive shows is the live figure
            assert (kept["share"], kept["n"]) == (now["share"], now["n"]), kept["id"]
    rutiner = next(q for q in flat(archived) if q["id"] == "motet-rutiner")
    assert rutiner["suppressed"] and rutiner["reason"] == "too few respondents to report"
    # Its sub-area's mean was frozen with the staff question inside: withheld, as the answers are gone.
    assert next(q for q in flat(archived) if q["id"] == "motet")["suppressed"]
    assert next(q for q in flat(expected) if q["id"] == "motet")["left_out"] == 1


def test_retention_warning_sits_at_the_date_and_needs_the_day_to_have_passed(run, example_repo):
    # Only this audit: the other examples' interviews lie after 2013 (interview-future-date).
    edit(
        example_repo / AUDIT / "audit.yaml",
        "status: reported",
        "retain_interviews_until: 2013-06-30  # sedan tas intervjuerna bort\nstatus: reported",
    )
    line = (example_repo / AUDIT / "audit.yaml").read_text(encoding="utf-8").splitlines().index(
        "retain_interviews_until: 2013-06-30  # sedan tas intervjuerna bort"
    ) + 1
    on_the_day = run("validate", "--strict", AUDIT, cwd=example_repo, env={"REVISION_TODAY": "2013-06-30"})
    assert on_the_day.exit_code == 0 and "audit-retention-passed" not in on_the_day.output
    passed = run("validate", AUDIT, cwd=example_repo, env={"REVISION_TODAY": "2013-07-01"})
    assert passed.exit_code == 0
    assert passed.stdout.startswith(f"{AUDIT}/audit.yaml:{line}:26: warning [audit-retention-passed] ")
    assert "6 interview files remain" in passed.stdout and f"revision archive {EXAMPLE_AUDIT}" in passed.stdout
    assert run("validate", "--strict", AUDIT, cwd=example_repo, env={"REVISION_TODAY": "2013-07-01"}).exit_code == 1
    rows = {
        day: json.loads(run("status", "--format", "json", "--today", day, cwd=example_repo).stdout)[0]
        for day in ("2013-06-30", "2013-07-01")
    }
    assert [rows[d]["retention_passed"] for d in rows] == [False, True]
    assert rows["2013-07-01"]["retain_interviews_until"] == "2013-06-30"
    table = run("status", "--today", "2013-07-01", cwd=example_repo).stdout
    assert "⚠ kept past" in table and "Interviews" in table  # the date may wrap in its cell
    assert archive(run, example_repo).exit_code == 0
    after = run("validate", "--strict", AUDIT, cwd=example_repo, env={"REVISION_TODAY": "2013-07-01"})
    assert after.exit_code == 0 and "audit-retention-passed" not in after.output
    row = json.loads(run("status", "--format", "json", "--today", "2013-07-01", cwd=example_repo).stdout)[0]
    assert row["retention_passed"] is False and row["archived"] is True


def test_a_malformed_revision_today_is_wrong_usage(run, example_repo):
    result = run("validate", cwd=example_repo, env={"REVISION_TODAY": "1 juli"})
    assert result.exit_code == 2 and "REVISION_TODAY" in result.stderr


def _results_line(repo: Path, text: str) -> int:
    return (repo / AUDIT / "results.yaml").read_text(encoding="utf-8").splitlines().index(text) + 1


def test_results_yaml_that_does_not_fit_the_battery_is_an_error_at_its_line(run, example_repo):
    assert archive(run, example_repo).exit_code == 0
    path = example_repo / AUDIT / "results.yaml"
    edit(path, "    - id: motet-respekt", "    - id: motet-respect")
    line = _results_line(example_repo, "    - id: motet-respect")
    result = run("validate", f"{AUDIT}/results.yaml", cwd=example_repo)
    assert result.exit_code == 1
    assert f"{AUDIT}/results.yaml:{line}:11: error [results-mismatch] the questions (" in result.stdout
    refused = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    assert refused.exit_code == 1 and "[results-mismatch]" in refused.stderr


def test_results_yaml_with_a_share_above_one_is_a_schema_error(run, example_repo):
    assert archive(run, example_repo).exit_code == 0
    edit(example_repo / AUDIT / "results.yaml", "share: 41/48", "share: 49/48")
    line = _results_line(example_repo, "    share: 49/48")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert f"{AUDIT}/results.yaml:{line}:12: error [schema-value]" in result.stdout


def test_an_audit_without_interviews_has_nothing_to_archive(run, example_repo):
    shutil.rmtree(example_repo / AUDIT / "interviews")
    result = archive(run, example_repo)
    assert result.exit_code == 1 and "nothing to archive" in result.stderr
    assert not (example_repo / AUDIT / "results.yaml").exists()


def _on_a_terminal(repo: Path, answer: bytes) -> tuple[int, str]:
    """`revision archive` in a pseudo-terminal, answering its question with `answer`."""
    import os
    import sys

    pty = pytest.importorskip("pty")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command, on the terminal; never back into pytest
        try:
            os.chdir(repo)
            os.execv(sys.executable, [sys.executable, "-m", "revision_cli", "archive", EXAMPLE_AUDIT])
        finally:
            os._exit(127)
    out = b""
    while b"[y/N]" not in out:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.write(fd, answer + b"\n")
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(fd)
    return os.waitpid(pid, 0)[1] >> 8, out.decode("utf-8", "replace")


def test_on_a_terminal_it_asks_first(example_repo):
    files = snapshot(example_repo)
    code, out = _on_a_terminal(example_repo, b"n")
    # The example repository is Swedish, and so is the question on its terminal.
    assert code == 1 and "Ta bort intervjufilerna? [y/N]" in out and "Ingenting ändrades." in out
    assert snapshot(example_repo) == files
    code, out = _on_a_terminal(example_repo, b"y")
    assert code == 0, out
    assert (example_repo / AUDIT / "results.yaml").is_file() and not (example_repo / AUDIT / "interviews").exists()


def test_score_of_the_one_group_reads_the_same_after_the_archive(run, example_repo):
    """Every respondent of the example is a user: `--group brukare` is the total, live and archived."""
    before = run("score", EXAMPLE_AUDIT, "--group", "brukare", "--format", "json", cwd=example_repo)
    empty_before = run("score", EXAMPLE_AUDIT, "--group", "personal", "--format", "json", cwd=example_repo)
    assert before.exit_code == 0 and empty_before.exit_code == 0
    assert archive(run, example_repo).exit_code == 0
    after = run("score", EXAMPLE_AUDIT, "--group", "brukare", "--format", "json", cwd=example_repo)
    empty_after = run("score", EXAMPLE_AUDIT, "--group", "personal", "--format", "json", cwd=example_repo)
    assert (after.exit_code, after.stdout) == (0, before.stdout)
    assert (empty_after.exit_code, empty_after.stdout) == (0, empty_before.stdout)


@pytest.mark.parametrize(
    "slug, edit_frozen, message",
    [
        (
            EXAMPLE_AUDIT,
            lambda d: d["areas"][0]["subareas"][0]["questions"][0].update(n=60),
            "60 counted answers to question 'motet-valkommen', but only 6 respondents",
        ),
        (
            EXAMPLE_AUDIT,
            lambda d: d["areas"][0]["subareas"][0]["questions"][0].update(computed="red"),
            "'motet-valkommen' is red, but its share and n make it green",
        ),
        ("2013-ekbacken", lambda d: d["statements"][0]["distribution"].update({4: 30}), "'kontakt' holds"),
        (
            "2024-tallasen-avslutade",
            lambda d: d["themes"]["themes"][0].update(id="tillganglihet"),
            "theme 'tillganglihet' is declared neither in the battery nor in audit.yaml",
        ),
        (
            "2024-tallasen-avslutade",
            lambda d: d["themes"]["themes"][0].update(interviews=50),
            "raised in 50 interviews, but only",
        ),
    ],
)
def test_hand_edited_figures_that_do_not_add_up_are_findings(run, example_repo, slug, edit_frozen, message):
    assert archive(run, example_repo, slug).exit_code == 0
    path = example_repo / "audits" / slug / "results.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit_frozen(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert message in result.stdout and "[results-mismatch]" in result.stdout


# ---- archive never deletes what it did not freeze ------------------------------------------


def _put_back(repo: Path, kept: Path, names: list[str]) -> None:
    (repo / AUDIT / "interviews").mkdir(exist_ok=True)
    for name in names:
        shutil.copy(kept / name, repo / AUDIT / "interviews" / name)


@pytest.fixture
def kept(example_repo: Path, tmp_path: Path) -> Path:
    """A copy of the example's interview files, taken before archiving."""
    copy = tmp_path / "kept"
    shutil.copytree(example_repo / AUDIT / "interviews", copy)
    return copy


def test_results_yaml_names_the_frozen_files_by_digest_only(run, secret_repo):
    import hashlib

    files = sorted((secret_repo / AUDIT / "interviews").iterdir())
    digests = sorted("sha256:" + hashlib.sha256(p.read_bytes()).hexdigest() for p in files)
    assert archive(run, secret_repo).exit_code == 0
    text = (secret_repo / AUDIT / "results.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["frozen_from"] == digests  # the _mall template too
    words = set(re.findall(r"[\w.-]+", text))
    for path in files:
        assert path.name not in words and path.stem not in words


def test_a_new_interview_beside_results_is_named_and_nothing_is_removed(run, example_repo, kept):
    assert archive(run, example_repo).exit_code == 0
    _put_back(example_repo, kept, ["b5.yaml"])
    new = example_repo / AUDIT / "interviews" / "b7.yaml"
    new.write_text(
        (kept / "b1.yaml").read_text(encoding="utf-8").replace("respondent: b1", "respondent: b7"), encoding="utf-8"
    )
    checked = run("validate", cwd=example_repo)
    assert checked.exit_code == 0
    assert f"{AUDIT}/interviews/b5.yaml:1:1: warning [archive-unfinished]" in checked.stdout
    assert (
        f"{AUDIT}/interviews/b7.yaml:1:1: warning [archive-not-frozen] this file is not one results.yaml was "
        "frozen from (it is new, or edited since), and every command reads results.yaml, so its answers count "
        f"nowhere: run 'revision archive {EXAMPLE_AUDIT} --refreeze --yes'"
    ) in checked.stdout
    files = snapshot(example_repo)
    refused = archive(run, example_repo)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"revision: {AUDIT}/results.yaml was not frozen from {AUDIT}/interviews/b7.yaml: "
        "they are new, or were edited after it was written. Nothing was removed."
    )
    assert "b5.yaml" not in refused.stderr and snapshot(example_repo) == files
    # Re-freezing from two files would lose the answers of the four removed: refused as well.
    short = archive(run, example_repo, EXAMPLE_AUDIT, "--refreeze")
    assert short.exit_code == 1 and "was frozen from 6 interviews, and only 2 are here" in short.stderr
    assert snapshot(example_repo) == files
    # With every interview back, the new one is counted.
    _put_back(example_repo, kept, ["b1.yaml", "b2.yaml", "b3.yaml", "b4.yaml", "b6.yaml"])
    again = archive(run, example_repo, EXAMPLE_AUDIT, "--refreeze")
    assert again.exit_code == 0, again.output
    assert f"Froze {AUDIT}/results.yaml again." in again.stdout
    assert f"Removed {AUDIT}/interviews/b7.yaml" in again.stdout
    assert not (example_repo / AUDIT / "interviews").exists()
    data = yaml.safe_load((example_repo / AUDIT / "results.yaml").read_text(encoding="utf-8"))
    assert data["respondents"]["total"] == 7 and len(data["frozen_from"]) == 7


def test_an_interview_edited_after_the_freeze_is_not_removed(run, example_repo, kept):
    assert archive(run, example_repo).exit_code == 0
    _put_back(example_repo, kept, sorted(p.name for p in kept.iterdir()))
    edit(example_repo / AUDIT / "interviews" / "b3.yaml", "motet-valkommen: ja", "motet-valkommen: nej")
    files = snapshot(example_repo)
    refused = archive(run, example_repo)
    assert refused.exit_code == 1 and f"was not frozen from {AUDIT}/interviews/b3.yaml:" in refused.stderr
    assert snapshot(example_repo) == files
    before = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    assert archive(run, example_repo, EXAMPLE_AUDIT, "--refreeze").exit_code == 0
    after = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    question = lambda card: card["areas"][0]["subareas"][0]["questions"][0]  # noqa: E731
    assert question(after)["share"] < question(before)["share"]  # the edit counts now


def test_results_yaml_from_before_the_record_stays_readable_but_guards_its_leftovers(run, example_repo, kept):
    before = outputs(run, example_repo)
    assert archive(run, example_repo).exit_code == 0
    path = example_repo / AUDIT / "results.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("frozen_from:")], encoding="utf-8")  # as an older revision wrote it
    assert outputs(run, example_repo) == before
    assert run("validate", "--strict", cwd=example_repo).exit_code == 0
    _put_back(example_repo, kept, ["b5.yaml"])
    checked = run("validate", cwd=example_repo)
    assert "[archive-not-frozen] results.yaml does not record which files it was frozen from" in checked.stdout
    refused = archive(run, example_repo)
    assert refused.exit_code == 1 and "does not record which files it was frozen from" in refused.stderr
    assert (example_repo / AUDIT / "interviews" / "b5.yaml").exists()


def test_a_file_saved_while_archive_waits_is_not_removed(example_repo, monkeypatch):
    """Between the plan (shown and confirmed) and the removal, an editor saves an interview."""
    import datetime as dt

    from revision_cli.errors import RevisionError
    from revision_cli.operations.archive import carry_out, plan_archive
    from revision_cli.repository.locate import audit_in_repository

    monkeypatch.chdir(example_repo)
    plan = plan_archive(*audit_in_repository(EXAMPLE_AUDIT, example_repo))
    edit(example_repo / AUDIT / "interviews" / "b2.yaml", "motet-respekt: ja", "motet-respekt: nej")
    files = snapshot(example_repo)
    with pytest.raises(RevisionError, match="changed while archive was getting ready"):
        carry_out(plan, dt.date(2024, 5, 1))
    assert snapshot(example_repo) == files


def test_files_left_aside_by_a_killed_archive_are_removed_by_the_next(run, example_repo, kept):
    """Killed between moving the files aside and deleting them: the hidden folder is finished."""
    assert archive(run, example_repo).exit_code == 0
    aside = example_repo / AUDIT / "interviews" / ".revision-removing-x1y2"
    aside.mkdir(parents=True)
    shutil.copy(kept / "b5.yaml", aside / "3-b5.yaml")
    again = archive(run, example_repo)
    assert again.exit_code == 0, again.output
    assert f"Removed {AUDIT}/interviews/.revision-removing-x1y2/3-b5.yaml" in again.stdout
    assert not (example_repo / AUDIT / "interviews").exists()
