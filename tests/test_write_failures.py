"""Failures without tracebacks, and no half-made repository: a full disk or a read-only file
system at each single write of a command, a full disk behind standard output, two writers at
once, and init where a file is in the way. Every case ends either complete (exit 0) or with
one line on standard error, exit 1, and every file as it was.

The faults are the system's own errors (OSError ENOSPC / EROFS) raised by the operating
system functions the writers call (os.open for writing, the writes of the file it opened,
os.fsync, os.replace, os.rename, os.link, os.mkdir, os.chmod), the k-th one failing, for
every k up to the number the command makes. The commands run for real, in-process.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, EXAMPLES

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"
REVISION = str(Path(sys.executable).parent / "revision")
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class Faults:
    """Counts the write operations of a run, and makes the `fail_at`-th one fail with `error`."""

    def __init__(self, monkeypatch, error: int | None = None, fail_at: int | None = None):
        self.count, self.error, self.fail_at, self.failed = 0, error, fail_at, False
        for name in ("replace", "rename", "link", "mkdir", "chmod"):
            monkeypatch.setattr(os, name, self._counted(getattr(os, name)))
        # Counted, but not waited for: durability is not what these tests are about.
        monkeypatch.setattr(os, "fsync", self._counted(lambda fd: None))
        real_open, real_fdopen = os.open, os.fdopen

        def opening(path, flags, *args, **kwargs):
            if flags & _WRITING:
                self.tick(path)
            return real_open(path, flags, *args, **kwargs)

        def fdopen(fd, *args, **kwargs):
            return _Writes(real_fdopen(fd, *args, **kwargs), self)

        monkeypatch.setattr(os, "open", opening)
        monkeypatch.setattr(os, "fdopen", fdopen)

    def _counted(self, real):
        def call(*args, **kwargs):
            self.tick(args[0] if args else None)
            return real(*args, **kwargs)

        return call

    def tick(self, path) -> None:
        self.count += 1
        if self.count == self.fail_at:
            self.failed = True
            named = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None  # not a descriptor
            raise OSError(self.error, os.strerror(self.error), named)


class _Writes:
    """A file opened by os.fdopen whose write() is one more operation that may fail."""

    def __init__(self, handle, faults: Faults):
        self._handle, self._faults = handle, faults

    def write(self, data):
        self._faults.tick(None)
        return self._handle.write(data)

    def __enter__(self):
        self._handle.__enter__()
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._handle, name)


def state(root: Path) -> dict[str, object]:
    """Every file (bytes), folder and link below `root`, git's and revision's folders left out."""
    found: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if ".git" in parts or ".revision" in parts:
            continue
        if path.is_symlink():
            found[str(path.relative_to(root))] = ("link", os.readlink(path))
        elif path.is_dir():
            found[str(path.relative_to(root))] = "folder"
        else:
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


def _personal_data(repo: Path) -> None:
    """A phone number and an e-mail address in the quotes of two interviews."""
    for name, text in (("b2.yaml", "070-123 45 67"), ("b4.yaml", "anna.andersson@example.org")):
        path = repo / AUDIT / "interviews" / name
        source = path.read_text(encoding="utf-8")
        path.write_text(source.replace('{text: "', f'{{text: "Ring {text}. ', 1), encoding="utf-8")


def _stale_schemas(repo: Path) -> None:
    for kind in ("audit", "interview"):
        (repo / "schemas" / f"{kind}.schema.json").write_text("{}\n", encoding="utf-8")


def _frozen_leftovers(repo: Path) -> None:
    kept = repo.parent / "kept"
    shutil.copytree(repo / AUDIT / "interviews", kept)
    done = subprocess.run(
        [REVISION, "archive", EXAMPLE_AUDIT, "--yes", "--today", "2024-05-01"], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    (repo / AUDIT / "interviews").mkdir()
    for name in ("b5.yaml", "b6.yaml"):
        shutil.copy(kept / name, repo / AUDIT / "interviews" / name)
    shutil.rmtree(kept)


def _edited_after_freezing(repo: Path) -> None:
    """Archived, then every interview put back and one of them edited: for --refreeze."""
    kept = repo.parent / "kept"
    shutil.copytree(repo / AUDIT / "interviews", kept)
    done = subprocess.run(
        [REVISION, "archive", EXAMPLE_AUDIT, "--yes", "--today", "2024-05-01"], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    shutil.copytree(kept, repo / AUDIT / "interviews")
    shutil.rmtree(kept)
    b3 = repo / AUDIT / "interviews" / "b3.yaml"
    b3.write_text(
        b3.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: nej"), encoding="utf-8"
    )


def _old_site(repo: Path) -> None:
    """A site of one audit (fewer pages: every write of every page is tried), written before."""
    for audit in (repo / "audits").iterdir():
        if audit.name != EXAMPLE_AUDIT:
            shutil.rmtree(audit)
    out = repo.parent / "site"
    done = subprocess.run(
        [REVISION, "site", "-o", str(out), "--today", "2024-05-01"], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for page in out.rglob("*.html"):
        page.write_text("old page\n", encoding="utf-8")


def _old_report(repo: Path) -> None:
    (repo.parent / "rapport.md").write_text("old report\n", encoding="utf-8")


# name: (prepare the copy, the command, the folder it runs in: the repository or its parent)
SCENARIOS = {
    "archive": (None, ["archive", EXAMPLE_AUDIT, "--yes", "--today", "2024-05-01"], "repo"),
    "archive-resumed": (_frozen_leftovers, ["archive", EXAMPLE_AUDIT, "--yes"], "repo"),
    "archive-refreeze": (
        _edited_after_freezing,
        ["archive", EXAMPLE_AUDIT, "--yes", "--refreeze", "--today", "2024-06-01"],
        "repo",
    ),
    "new": (_stale_schemas, ["new", "2099-ny", "--battery", "goteborg@1", "--unit", "Enheten"], "repo"),
    "init": (None, ["init", "ny", "--organisation", "Staden"], "parent"),
    "privacy-redact": (_personal_data, ["privacy", EXAMPLE_AUDIT, "--redact"], "repo"),
    "site": (_old_site, ["site", "-o", "../site", "--today", "2024-05-01"], "repo"),
    "schema-write": (_stale_schemas, ["schema", "--write"], "repo"),
    "report": (_old_report, ["report", EXAMPLE_AUDIT, "-o", "../rapport.md"], "repo"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> dict[str, Path]:
    """One prepared workspace per scenario (a folder holding `repo/`), copied for each run."""
    made = {}
    for name, (prepare, _, _) in SCENARIOS.items():
        work = tmp_path_factory.mktemp(name)
        shutil.copytree(EXAMPLES, work / "repo", ignore=shutil.ignore_patterns(".revision", "out"))
        if prepare is not None:
            prepare(work / "repo")
        shutil.rmtree(work / "repo" / ".revision", ignore_errors=True)
        made[name] = work
    return made


def _attempt(run, monkeypatch, source: Path, target: Path, name: str, error=None, fail_at=None):
    shutil.copytree(source, target, symlinks=True)
    _, args, where = SCENARIOS[name]
    faults = Faults(monkeypatch, error, fail_at)
    try:
        result = run(*args, cwd=target / "repo" if where == "repo" else target)
    finally:
        monkeypatch.undo()
    return result, faults


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS], ids=["full-disk", "read-only"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_failing_write_leaves_everything_as_it_was(run, monkeypatch, tmp_path, pristine, name, error):
    source = pristine[name]
    before = state(source)
    done, counted = _attempt(run, monkeypatch, source, tmp_path / "done", name)
    assert done.exit_code == 0, done.output
    after = state(tmp_path / "done")
    assert after != before
    refused = 0
    for k in range(1, counted.count + 1):
        result, faults = _attempt(run, monkeypatch, source, tmp_path / f"k{k}", name, error, k)
        assert faults.failed, f"write {k} of {counted.count} never came"
        now = state(tmp_path / f"k{k}")
        if result.exit_code == 0:  # a best-effort write failed (revision's cache): the run still completes
            assert now == after, f"write {k} failed, exit 0, but the result is not complete"
            continue
        assert result.exit_code == 1, (k, result.output)
        assert result.stderr.startswith("revision: ") and result.stderr.count("\n") == 1, (k, result.stderr)
        assert os.strerror(error) in result.stderr, (k, result.stderr)
        assert now == before, f"write {k} of {counted.count} failed and left the files changed: {result.stderr}"
        refused += 1
    assert refused >= 1


def test_a_full_disk_behind_standard_output_is_one_line(example_repo):
    """/dev/full: every write fails with ENOSPC, for the full command and for the cached one."""
    for attempt in ("cold", "cached"):
        for args in (
            ["report", EXAMPLE_AUDIT],
            ["score", EXAMPLE_AUDIT, "--format", "json"],
            ["validate"],
            ["schema", "interview"],
            ["batteries", "list"],
        ):
            with open("/dev/full", "w") as full:
                done = subprocess.run(
                    [REVISION, *args], cwd=example_repo, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
                )
            assert done.returncode == 1, (attempt, args, done.stderr)
            assert (  # in the example repository's language, Swedish
                done.stderr == "revision: utdata går inte att skriva: No space left on device\n"
                or done.stderr.endswith("till standard ut: No space left on device\n")
            ), (attempt, args, done.stderr)
            assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
        if attempt == "cold":  # fill the cache, so that the second round is answered before typer
            for args in (["report", EXAMPLE_AUDIT], ["score", EXAMPLE_AUDIT, "--format", "json"], ["validate"]):
                subprocess.run([REVISION, *args], cwd=example_repo, capture_output=True, check=True)


def _together(commands: list[list[str]], cwd: Path) -> list[subprocess.CompletedProcess]:
    started = [
        subprocess.Popen([REVISION, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in commands
    ]
    results = []
    for process in started:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def test_two_archives_at_once_archive_once(tmp_path):
    for round in range(6):
        repo = tmp_path / f"r{round}"
        shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
        results = _together([["archive", EXAMPLE_AUDIT, "--yes", "--today", "2024-05-01"]] * 2, repo)
        for result in results:
            assert result.returncode == 0 and not result.stderr, result.stderr
        said = sorted("redan arkiverad" in r.stdout for r in results)  # the example repository is Swedish
        assert said == [False, True], [r.stdout for r in results]
        assert sorted(p.name for p in (repo / AUDIT).iterdir()) == [
            "actions.yaml",
            "assessment.yaml",
            "audit.yaml",
            "results.yaml",
        ]


def test_two_new_audits_of_one_slug_at_once_make_one(tmp_path):
    for round in range(4):
        repo = tmp_path / f"r{round}"
        shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
        results = _together([["new", "2099-ny", "--unit", f"Enhet {i}"] for i in range(2)], repo)
        assert sorted(r.returncode for r in results) == [0, 1], [r.stderr for r in results]
        loser = next(r for r in results if r.returncode)
        assert loser.stderr == "revision: audits/2099-ny finns redan; ingenting ändrades\n"  # Swedish repository
        assert sorted(p.name for p in (repo / "audits").iterdir() if p.name.startswith((".", "2099"))) == ["2099-ny"]


def test_a_writer_that_cannot_get_the_lock_says_so(run, example_repo, monkeypatch):
    import fcntl

    from revision_cli.files import lock

    (example_repo / ".revision").mkdir(exist_ok=True)
    holder = os.open(example_repo / ".revision" / "lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as another process would (flock locks belong to the open file)
    monkeypatch.setattr(lock, "WAIT", 0.2)
    before = state(example_repo)
    try:
        result = run("archive", EXAMPLE_AUDIT, "--yes", cwd=example_repo)
    finally:
        os.close(holder)
    assert result.exit_code == 1
    assert result.stderr == (
        "revision: another revision command is changing this repository; run this again when "
        "it has finished: nothing was changed\n"
    )
    assert state(example_repo) == before


def test_init_where_a_file_is_in_the_way_changes_nothing(run, tmp_path):
    for name in ("schemas", "audits", "batteries"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_text("mine\n", encoding="utf-8")
        before = state(folder)
        result = run("init", str(folder), cwd=tmp_path)
        assert result.exit_code == 1
        assert result.stderr == (
            f"revision: {name}/{name} is in the way: revision makes a folder of that name, and "
            "this is a file or a link; move it away, then run init again: nothing was changed\n"
        )
        assert state(folder) == before


def test_two_redactions_at_once_redact_once(tmp_path):
    for round in range(3):
        repo = tmp_path / f"r{round}"
        shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
        _personal_data(repo)
        results = _together([["privacy", EXAMPLE_AUDIT, "--redact"]] * 2, repo)
        assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
        assert not any(r.stderr for r in results)
        said = sorted(r.stdout.splitlines()[-1] for r in results)
        assert said == [  # the example repository is Swedish
            "Ersatte 2 fynd i 2 filer med [borttaget].",
            "Inga personuppgifter hittades; inget ändrades.",
        ], said
        for name in ("b2.yaml", "b4.yaml"):
            assert "Ring [borttaget]." in (repo / AUDIT / "interviews" / name).read_text(encoding="utf-8")
