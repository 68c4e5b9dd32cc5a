"""The output cache (.revision/cache/output/) and the validate cache, through the real console
script: a warm run prints byte for byte what a cold one printed, and is answered before typer
and pydantic load; a corrupt or stale entry is rebuilt, never trusted; changing any input (an interview,
revision.yaml, a local battery, a template override, the audit followed up, the date) gives
what a run without any cache gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, REPO

OUTPUT = Path(".revision/cache/output")
B1 = f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml"
INVOCATIONS = [
    ["score", EXAMPLE_AUDIT],
    ["score", EXAMPLE_AUDIT, "--format", "json"],
    ["score", EXAMPLE_AUDIT, "--group=brukare", "--format=json"],
    ["report", EXAMPLE_AUDIT],
    ["report", EXAMPLE_AUDIT, "--format", "html", "--lang", "en"],
    ["report", f"audits/{EXAMPLE_AUDIT}", "--format", "html"],
    ["validate"],
    ["validate", "--format", "json", "--strict"],
    ["validate", f"audits/{EXAMPLE_AUDIT}"],
]


def executable() -> str:
    beside = Path(sys.executable).parent / "revision"
    return str(beside if beside.is_file() else REPO / ".venv" / "bin" / "revision")


# The console entry with the fast path switched off: the typer commands do everything, as
# the reference the path without typer (cli/fast.py, cli/bodies.py) must print exactly as.
TYPER_ONLY = (
    "import sys\n"
    "import revision_cli.cli.fast as fast\n"
    "fast.COMMANDS.update({name: (lambda args: None) for name in fast.COMMANDS})\n"
    "from revision_cli.cli.main import main\n"
    "sys.argv[0] = sys.argv.pop(1)\n"
    "main()\n"
)


def revision(
    cwd: Path, *args: str, env: dict | None = None, module: str = "pydantic", typer_only: bool = False
) -> tuple[int, str, str, bool]:
    """(exit code, stdout, stderr, whether the command did the work) of the console script: a
    run the cache answers imports neither typer nor pydantic, whose models every run that
    reads the audit builds (a miss runs without typer too, cli/bodies.py); or whether `module`
    was imported. `typer_only`: with the fast path off, every command run by typer."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *(["-c", TYPER_ONLY] if typer_only else []), executable(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})},
        timeout=120,
    )
    lines = done.stderr.splitlines(keepends=True)
    imported = {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:")}
    stderr = "".join(line for line in lines if not line.startswith("import time:"))
    return done.returncode, done.stdout, stderr, module in imported


def cold(cwd: Path, *args: str, env: dict | None = None) -> tuple[int, str, str]:
    shutil.rmtree(cwd / ".revision", ignore_errors=True)
    code, out, err, worked = revision(cwd, *args, env=env)
    assert worked, "a run with no cache must do the work"
    return code, out, err


@pytest.mark.parametrize("args", INVOCATIONS, ids=lambda a: " ".join(a))
def test_a_warm_run_prints_what_a_cold_run_printed_without_loading_typer(example_repo, args):
    first = cold(example_repo, *args)
    assert first[0] == 0, first
    code, out, err, worked = revision(example_repo, *args)
    assert (code, out, err) == first
    assert not worked, "the second run should have been answered from the cache"


def test_report_to_a_file_always_runs_the_full_command(example_repo):
    """Whether a file may be written is decided by the full command every time (cli/fast.py)."""
    args = ["report", EXAMPLE_AUDIT, "--format", "html", "-o", "rapport.html"]
    first = cold(example_repo, *args)
    written = (example_repo / "rapport.html").read_bytes()
    assert first == (0, "", "Skrev rapport.html\n")  # the example repository is Swedish
    assert not (example_repo / OUTPUT).exists()
    (example_repo / "rapport.html").write_text("changed by hand")
    code, out, err, worked = revision(example_repo, *args)
    assert (code, out, err) == first and worked
    assert (example_repo / "rapport.html").read_bytes() == written


def test_the_score_table_on_a_terminal_is_not_stored(example_repo):
    cold(example_repo, "score", EXAMPLE_AUDIT, env={"FORCE_COLOR": "1"})
    assert not (example_repo / OUTPUT).exists()


@pytest.mark.parametrize("garbage", ["{not json", "[]", "", '{"format": 1}', "null"])
def test_a_corrupt_entry_is_rebuilt_not_trusted(example_repo, garbage):
    args = ["report", EXAMPLE_AUDIT, "--format", "html"]
    first = cold(example_repo, *args)
    (entry,) = (example_repo / OUTPUT).iterdir()
    entry.write_text(garbage)
    code, out, err, worked = revision(example_repo, *args)
    assert (code, out, err) == first and worked
    assert json.loads(entry.read_text())["body"]["stdout"] == first[1]


def test_an_entry_whose_inputs_were_other_is_not_used(example_repo):
    """An entry as this user's own runs seal it (cache_file.write), with output of its own:
    printed when every digest of its inputs matches (which shows the check is what decides),
    ignored as soon as one does not."""
    from revision_cli.cache.store import write

    args = ["score", EXAMPLE_AUDIT, "--format", "json"]
    first = cold(example_repo, *args)
    (entry,) = (example_repo / OUTPUT).iterdir()
    data = json.loads(entry.read_text())["body"]
    data["stdout"] = "planted\n"
    write(example_repo, OUTPUT / entry.name, "output", data)
    assert revision(example_repo, *args)[1] == "planted\n"
    for kind in ("today", "tool", "tree"):
        stale = json.loads(json.dumps(data))
        next(dep for dep in stale["deps"] if dep[0] == kind)[2] = "0" * 40
        write(example_repo, OUTPUT / entry.name, "output", stale)
        code, out, err, worked = revision(example_repo, *args)
        assert (code, out, err) == first and worked, kind


def follow_up(repo: Path) -> str:
    """A second audit that follows up the example one (its report compares the two)."""
    slug = "2013-vastra-hisingen"
    shutil.copytree(repo / "audits" / EXAMPLE_AUDIT, repo / "audits" / slug)
    path = repo / "audits" / slug / "audit.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"id: {EXAMPLE_AUDIT}", f"id: {slug}").replace(
        "follows_up: null", f"follows_up: {EXAMPLE_AUDIT}"
    )
    text = text.replace("site_visit: 2012-10-15", "site_visit: 2013-10-15")
    path.write_text(text, encoding="utf-8")
    return slug


def change_interview(repo: Path) -> None:
    path = repo / B1
    path.write_text(
        path.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: nej", 1), encoding="utf-8"
    )


def break_interview(repo: Path) -> None:
    path = repo / B1
    path.write_text(
        path.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: xx", 1), encoding="utf-8"
    )


def change_config(repo: Path) -> None:
    path = repo / "revision.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: sv", "language: en"), encoding="utf-8")


def add_template(repo: Path) -> None:
    (repo / "templates").mkdir(exist_ok=True)
    (repo / "templates" / "report.md.j2").write_text("Egen mall: {{ r.audit.id }}\n", encoding="utf-8")


def duplicate_battery(repo: Path) -> None:
    (repo / "batteries").mkdir(exist_ok=True)
    shutil.copy(REPO / "question_batteries" / "goteborg.yaml", repo / "batteries" / "kopia.yaml")


def change_earlier_audit(repo: Path) -> None:
    path = repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("feedback_meeting: 2012-11-20", "feedback_meeting: 2012-11-21"), encoding="utf-8")


CHANGES = {
    "interview": (change_interview, ["score", EXAMPLE_AUDIT, "--format", "json"]),
    "revision.yaml": (change_config, ["report", EXAMPLE_AUDIT]),
    "template override": (add_template, ["report", EXAMPLE_AUDIT]),
    "local battery": (duplicate_battery, ["score", EXAMPLE_AUDIT]),
    "interview, validate": (break_interview, ["validate"]),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_changing_an_input_gives_what_a_run_without_cache_gives(example_repo, tmp_path, name):
    change, args = CHANGES[name]
    before = cold(example_repo, *args)
    assert revision(example_repo, *args)[3] is False  # cached
    change(example_repo)
    code, out, err, _ = revision(example_repo, *args)
    fresh = cold(example_repo, *args)
    assert (code, out, err) == fresh
    assert fresh != before, "the change should show in the output"


def test_a_change_in_the_audit_followed_up_changes_the_report(example_repo):
    slug = follow_up(example_repo)
    args = ["report", slug, "--format", "html"]
    before = cold(example_repo, *args)
    assert before[0] == 0, before
    assert revision(example_repo, *args)[3] is False
    change_earlier_audit(example_repo)  # the earlier audit's file, not this one's
    code, out, err, _ = revision(example_repo, *args)
    fresh = cold(example_repo, *args)
    assert (code, out, err) == fresh
    assert fresh != before


def test_a_change_with_the_same_size_and_mtime_is_seen(example_repo):
    args = ["score", EXAMPLE_AUDIT, "--format", "json"]
    before = cold(example_repo, *args)
    path = example_repo / B1
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("motet-valkommen: ja", "motet-valkommen: jo", 1)
    assert len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    code, out, err, worked = revision(example_repo, *args)
    assert worked and code == 1 and out == "" and "[interview-invalid-value]" in err
    assert before[0] == 0


def test_unusual_arguments_go_to_the_full_command(example_repo):
    cold(example_repo, "score", EXAMPLE_AUDIT)
    for args in (
        ["score", EXAMPLE_AUDIT, "--help"],
        ["score", EXAMPLE_AUDIT, "--format", "xml"],
        ["score", EXAMPLE_AUDIT, "--unknown"],
        ["validate", "--no-cache"],
    ):
        code, _, _, typer = revision(example_repo, *args, module="typer")
        assert typer, args


def sealing(monkeypatch) -> list[str]:
    """The kinds of cache file whose seal is worked out from now on."""
    from revision_cli.cache import store

    kinds: list[str] = []
    seal = store.seal
    monkeypatch.setattr(store, "seal", lambda key, kind, name, body: kinds.append(kind) or seal(key, kind, name, body))
    return kinds


def test_after_an_edit_the_entry_is_neither_sealed_nor_parsed(example_repo, monkeypatch):
    """The usual miss (an interview saved since) is told from the inputs the entry lists
    first: the report it holds is not read through."""
    from revision_cli.cache import keys, outputs

    cold(example_repo, "report", EXAMPLE_AUDIT, "--format", "html")
    (entry,) = (example_repo / OUTPUT).iterdir()
    folder, root = outputs.resolve(EXAMPLE_AUDIT, example_repo)
    sealed = sealing(monkeypatch)
    with keys.one_run():
        assert outputs.lookup(root, entry.stem, folder)["stdout"].startswith("<!DOCTYPE html>")
    assert sealed == ["output"]
    change_interview(example_repo)
    sealed.clear()
    with keys.one_run():
        assert outputs.lookup(root, entry.stem, folder) is None
    assert sealed == []


def test_no_path_an_entry_names_is_looked_at_before_its_seal_is_checked(example_repo, tmp_path, monkeypatch):
    """A planted entry (sealed with another key) may list any folder as an input: reading it
    before knowing the entry is ours would let a shared repository make every run walk a
    whole disk. Only the inputs the run names itself are compared first."""
    from revision_cli.cache import keys, outputs, store

    args = ["score", EXAMPLE_AUDIT, "--format", "json"]
    cold(example_repo, *args)
    (entry,) = (example_repo / OUTPUT).iterdir()
    body = json.loads(entry.read_text())["body"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    body["deps"].append(["tree", str(elsewhere), "0" * 40])
    raw = json.dumps(body, separators=(",", ":")).encode()
    entry.write_text(f'{{"seal":"{store.seal(os.urandom(32), "output", entry.name, raw)}","body":{raw.decode()}}}\n')
    looked: list[str] = []
    tree = keys.tree
    monkeypatch.setattr(keys, "tree", lambda folder, *a, **k: looked.append(os.fspath(folder)) or tree(folder, *a, **k))
    folder, root = outputs.resolve(EXAMPLE_AUDIT, example_repo)
    sealed = sealing(monkeypatch)
    with keys.one_run():
        assert outputs.lookup(root, entry.stem, folder) is None
    assert sealed == ["output"]  # its own inputs were as they are: the seal decided
    assert str(elsewhere) not in looked and str(folder) in looked
    code, out, err, worked = revision(example_repo, *args)
    assert code == 0 and worked and json.loads(out)


def test_a_planted_entry_nested_past_the_parsers_depth_is_a_miss(example_repo):
    """The inputs an entry lists are read before its seal is checked: a body the JSON parser
    cannot follow (RecursionError) is left to the seal, which refuses it."""
    from revision_cli.cache import keys, outputs

    args = ["report", EXAMPLE_AUDIT, "--format", "html"]
    first = cold(example_repo, *args)
    (entry,) = (example_repo / OUTPUT).iterdir()
    body = b'{"format":3,"deps":' + b"[" * 200_000 + b',"stdout":"planted","stderr":""}'
    entry.write_bytes(b'{"seal":"' + b"0" * 64 + b'","body":' + body + b"}\n")
    folder, root = outputs.resolve(EXAMPLE_AUDIT, example_repo)
    with keys.one_run():
        assert outputs.lookup(root, entry.stem, folder) is None
    code, out, err, worked = revision(example_repo, *args)
    assert (code, out, err) == first and worked
