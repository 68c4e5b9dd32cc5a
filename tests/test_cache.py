"""The validation cache under .revision/: keyed by content (never mtime), never trusted when
broken, and never changing what validate reports. Many audits validate across processes."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import EXAMPLE_AUDIT, EXAMPLE_AUDITS

CACHE = ".revision/cache/validate.json"
B1 = f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml"


def findings(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": error [" in line or ": warning [" in line]


def test_a_second_run_reads_the_cache_and_reports_the_same(example_repo, run):
    from revision_cli.cache.store import write

    first = run("validate", cwd=example_repo)
    assert (example_repo / CACHE).is_file()
    data = json.loads((example_repo / CACHE).read_text())["body"]
    assert sorted(data["audits"]) == EXAMPLE_AUDITS
    # Plant a finding in the cache, sealed as this user's runs seal it: if the second run
    # shows it, the cache was used.
    data["audits"][EXAMPLE_AUDIT]["findings"].append([B1, 1, 1, "personal-data", "planted", "warning"])
    write(example_repo, CACHE, "validate", data)
    second = run("validate", cwd=example_repo)
    assert first.exit_code == second.exit_code == 0
    assert f"{B1}:1:1: warning [personal-data] planted" in second.stdout
    assert "planted" not in run("validate", "--no-cache", cwd=example_repo).stdout


def test_a_change_with_the_same_size_and_mtime_is_seen(example_repo, run):
    run("validate", cwd=example_repo)
    path = example_repo / B1
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("motet-valkommen: ja", "motet-valkommen: xx", 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert any(line.startswith(f"{B1}:") and "[interview-invalid-value]" in line for line in findings(result))


def test_a_corrupt_cache_is_rebuilt_not_trusted(example_repo, run):
    run("validate", cwd=example_repo)
    for garbage in ("{not json", '{"format": 1, "context": 5, "audits": []}', "[]", ""):
        (example_repo / CACHE).write_text(garbage)
        result = run("validate", cwd=example_repo)
        assert result.exit_code == 0 and findings(result) == []
        assert json.loads((example_repo / CACHE).read_text())["body"]["audits"][EXAMPLE_AUDIT]["key"]


def test_a_change_around_the_audit_invalidates(example_repo, run):
    run("validate", cwd=example_repo)
    (example_repo / "revision.yaml").write_text("revision: 1\nlimits:\n  max_answers: 2\n", encoding="utf-8")
    result = run("validate", cwd=example_repo)
    assert "[interview-too-many-answers]" in result.stdout


def test_a_read_only_cache_folder_does_not_fail_validation(example_repo, run):
    (example_repo / ".revision").mkdir()
    os.chmod(example_repo / ".revision", 0o500)
    try:
        if os.access(example_repo / ".revision", os.W_OK):  # root ignores permissions: make it a file instead
            os.chmod(example_repo / ".revision", 0o700)
            shutil.rmtree(example_repo / ".revision")
            (example_repo / ".revision").write_text("not a folder")
        result = run("validate", cwd=example_repo)
        assert result.exit_code == 0, result.output
    finally:
        if (example_repo / ".revision").is_dir():
            os.chmod(example_repo / ".revision", 0o700)


def test_cached_findings_read_from_where_the_user_stands(example_repo, run):
    (example_repo / B1).write_text(
        (example_repo / B1).read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: xx", 1),
        encoding="utf-8",
    )
    run("validate", cwd=example_repo)
    inside = run("validate", cwd=example_repo / "audits" / EXAMPLE_AUDIT)
    assert any(line.startswith("interviews/b1.yaml:") for line in findings(inside)), inside.stdout


@pytest.mark.parametrize("method", ["fork", "spawn"])  # spawn: the only one Windows has
def test_many_audits_across_processes_report_exactly_what_each_does_alone(example_repo, run, monkeypatch, method):
    from revision_cli import processes
    from revision_cli.operations import bulk

    calls = []
    in_processes = bulk._in_processes
    monkeypatch.setattr(processes, "START_METHOD", method)
    monkeypatch.setattr(bulk, "_in_processes", lambda *a: calls.append(method) or in_processes(*a))
    source = example_repo / "audits" / EXAMPLE_AUDIT
    for i in range(12):  # more than bulk.PARALLEL_FROM
        slug = f"a{i:02d}"
        shutil.copytree(source, example_repo / "audits" / slug)
        audit = example_repo / "audits" / slug / "audit.yaml"
        audit.write_text(
            audit.read_text(encoding="utf-8").replace(f"id: {EXAMPLE_AUDIT}", f"id: {slug}"), encoding="utf-8"
        )
        if i % 3 == 0:
            interview = example_repo / "audits" / slug / "interviews" / "b2.yaml"
            interview.write_text(interview.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    together = run("validate", "--no-cache", cwd=example_repo)
    alone = []
    for folder in sorted((example_repo / "audits").iterdir()):
        alone += findings(run("validate", f"audits/{folder.name}", "--no-cache", cwd=example_repo))
    assert together.exit_code == 1
    assert findings(together) == sorted(alone)
    assert len(findings(together)) == 4
    assert calls == [method]  # the run of all twelve went through the pool, once
