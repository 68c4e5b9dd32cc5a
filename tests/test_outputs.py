"""`-o` never destroys: no output replaces a file the repository reads, lands on anything but a
regular file, or goes through a link (targets.py, atomic.check_target). Through the real commands."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, snapshot

# The example repository is Swedish; these tests read the command line in English (--lang en),
# the reports and sites they refuse or write too.
pytestmark = pytest.mark.lang("en", everywhere=True)

AUDIT = f"audits/{EXAMPLE_AUDIT}"

# Files (present or not) that revision reads, each as a repository-relative path.
READ_BY_REVISION = [
    "revision.yaml",
    "privacy.yaml",
    ".gitignore",
    f"{AUDIT}/audit.yaml",
    f"{AUDIT}/assessment.yaml",
    f"{AUDIT}/actions.yaml",
    f"{AUDIT}/results.yaml",  # not there yet: a report written there would be read as frozen results
    f"{AUDIT}/interviews/b1.yaml",
    f"{AUDIT}/interviews/ny.md",
    "batteries/egen.yaml",
    "templates/report.md.j2",
    "schemas/interview.schema.json",
    ".revision/cache/output/x.json",
    ".git/config",
]


def everything(root: Path) -> dict[str, bytes]:
    """Every file below `root`, .revision/ included (snapshot leaves it out)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", READ_BY_REVISION)
def test_report_never_replaces_a_file_the_repository_reads(run, example_repo, target):
    path = example_repo / target
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() and not target.endswith("results.yaml"):
        path.write_text("# kept\n", encoding="utf-8")
    before = everything(example_repo)
    result = run("report", EXAMPLE_AUDIT, "-o", target, cwd=example_repo)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"{target}:1:1: error [output-is-input] revision reads this file (")
    assert result.stderr.endswith("revision: nothing was written\n")
    assert everything(example_repo) == before


def test_a_path_that_reaches_a_read_file_another_way_is_refused_too(run, example_repo, tmp_path):
    before = snapshot(example_repo)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for target in (
        f"{AUDIT}/interviews/../audit.yaml",
        str(example_repo / "revision.yaml"),
        str(example_repo / AUDIT / "interviews" / "b2.yaml"),
    ):
        result = run("report", EXAMPLE_AUDIT, "-o", target, cwd=elsewhere if os.path.isabs(target) else example_repo)
        assert result.exit_code == 1 and "[output-is-input]" in result.stderr, (target, result.output)
    assert snapshot(example_repo) == before


def test_report_never_replaces_the_template_folder_it_reads(run, example_repo, tmp_path):
    templates = tmp_path / "mallar"
    templates.mkdir()
    (templates / "report.md.j2").write_text("{{ r.title }}\n", encoding="utf-8")
    result = run(
        "report", EXAMPLE_AUDIT, "--template", str(templates), "-o", str(templates / "report.md.j2"), cwd=example_repo
    )
    assert result.exit_code == 1 and "the templates this command reads" in result.stderr
    assert (templates / "report.md.j2").read_text(encoding="utf-8") == "{{ r.title }}\n"


def test_report_never_replaces_revisions_own_files(run, example_repo):
    import revision_cli

    own = Path(revision_cli.__file__).parent / "templates" / "report.md.j2"
    before = own.read_bytes()
    result = run("report", EXAMPLE_AUDIT, "-o", str(own), cwd=example_repo)
    assert result.exit_code == 1 and "revision's own installed files" in result.stderr
    assert own.read_bytes() == before


def _special(kind: str, where: Path) -> Path:
    """A FIFO, a socket, a device, a folder or a link at `where`."""
    if kind == "fifo":
        os.mkfifo(where)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(where))
        server.close()
    elif kind == "device":
        try:
            os.mknod(where, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
        except PermissionError:  # not root: /dev/null itself, which only root could replace
            return Path("/dev/null")
    elif kind == "folder":
        where.mkdir()
    elif kind == "link":
        (where.parent / "target.md").write_text("kept\n", encoding="utf-8")
        where.symlink_to(where.parent / "target.md")
    return where


@pytest.mark.parametrize(
    "kind, says",
    [
        ("fifo", "it is a named pipe (FIFO), not a regular file"),
        ("socket", "it is a socket, not a regular file"),
        ("device", "it is a device, not a regular file"),
        ("folder", "it is a folder, not a regular file"),
        ("link", "it is a symbolic link, and revision never writes through one"),
    ],
)
def test_report_writes_only_onto_a_regular_file(run, example_repo, tmp_path, kind, says):
    path = _special(kind, tmp_path / "out.md")
    mode = os.lstat(path).st_mode
    result = run("report", EXAMPLE_AUDIT, "-o", str(path), cwd=example_repo)
    assert result.exit_code == 1
    shown = "../out.md" if path.parent == tmp_path else str(path)
    assert result.stderr == f"revision: cannot write {shown}: {says}; nothing was written\n"
    assert os.lstat(path).st_mode == mode
    if kind == "link":
        assert os.readlink(path) == str(tmp_path / "target.md")
        assert (tmp_path / "target.md").read_text(encoding="utf-8") == "kept\n"


def test_empty_output_is_wrong_usage_and_dash_is_standard_output(run, example_repo):
    printed = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    dash = run("report", EXAMPLE_AUDIT, "-o", "-", cwd=example_repo)
    assert (dash.exit_code, dash.stdout) == (0, printed.stdout) and printed.stdout.startswith("# ")
    assert not (example_repo / "-").exists()
    before = snapshot(example_repo)
    empty = run("report", EXAMPLE_AUDIT, "-o", "", cwd=example_repo)
    assert empty.exit_code == 2
    assert empty.stderr == "revision: -o needs a file name, or - for standard output\n"
    assert snapshot(example_repo) == before


def test_the_installed_command_says_the_same_with_or_without_its_cache(example_repo):
    """The cached fast path (cli/fast.py) never answers a run with -o: the full command checks."""
    revision = Path(sys.executable).parent / "revision"

    def real(*args):
        done = subprocess.run([str(revision), *args], cwd=example_repo, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout, done.stderr

    first = [real("report", EXAMPLE_AUDIT, "-o", o) for o in ("", "-", "revision.yaml")]
    again = [real("report", EXAMPLE_AUDIT, "-o", o) for o in ("", "-", "revision.yaml")]
    assert first == again
    assert [code for code, _, _ in first] == [2, 0, 1]
    assert "[output-is-input]" in first[2][2]


def test_a_report_may_go_beside_the_audit_files(run, example_repo):
    """What the repository does not read is an ordinary place for a report."""
    for target in ("rapport.md", f"{AUDIT}/rapport.md", "out/rapport.md"):
        (example_repo / target).parent.mkdir(parents=True, exist_ok=True)
        result = run("report", EXAMPLE_AUDIT, "-o", target, cwd=example_repo)
        assert result.exit_code == 0, result.output
        assert (example_repo / target).read_text(encoding="utf-8").startswith("# ")


def test_site_output_refusals(run, example_repo, tmp_path):
    assert run("site", "-o", "", cwd=example_repo).exit_code == 2
    dash = run("site", "-o", "-", cwd=example_repo)
    assert dash.exit_code == 2 and "standard output (-) cannot hold them" in dash.stderr
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "linked").symlink_to(real)
    linked = run("site", "-o", str(tmp_path / "linked"), cwd=example_repo)
    assert linked.exit_code == 1
    assert "it is a symbolic link, and revision never writes through one" in linked.stderr
    assert list(real.iterdir()) == []
    # Into the repository's own templates: every page would be one the reports read.
    before = snapshot(example_repo)
    into = run("site", "-o", "templates", cwd=example_repo)
    assert into.exit_code == 1 and "[output-is-input]" in into.stderr
    assert snapshot(example_repo) == before
    # A page planted as a link in an existing site folder: nothing is written at all.
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "victim").write_text("kept\n", encoding="utf-8")
    (site / "status.html").symlink_to(tmp_path / "victim")
    planted = run("site", "-o", str(site), cwd=example_repo)
    assert planted.exit_code == 1 and "symbolic link" in planted.stderr
    assert sorted(p.name for p in site.iterdir()) == ["status.html"]
    assert (tmp_path / "victim").read_text(encoding="utf-8") == "kept\n"


def test_schema_write_never_writes_through_a_link(run, example_repo, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(example_repo / "schemas")
    (example_repo / "schemas").symlink_to(outside)
    result = run("schema", "--write", cwd=example_repo)
    assert result.exit_code == 1 and "revision: cannot write schemas" in result.stderr
    assert list(outside.iterdir()) == []
    assert "leads outside the repository; revision neither reads nor writes through it" in result.stderr
    (example_repo / "schemas").unlink()
    (example_repo / "schemas").mkdir()
    (example_repo / "anteckningar.txt").write_text("kept\n", encoding="utf-8")  # a link inside, still a link
    (example_repo / "schemas" / "audit.schema.json").symlink_to(example_repo / "anteckningar.txt")
    result = run("schema", "--write", cwd=example_repo)
    assert result.exit_code == 1
    assert result.stderr == (
        "revision: cannot write schemas/audit.schema.json: it is a symbolic link, and revision "
        "never writes through one; no schema was changed\n"
    )
    assert (example_repo / "anteckningar.txt").read_text(encoding="utf-8") == "kept\n"
    assert sorted(p.name for p in (example_repo / "schemas").iterdir()) == ["audit.schema.json"]


def test_the_guard_is_one_function_every_writer_can_use(tmp_path, monkeypatch):
    """targets.output_file: None for standard output, the path when safe, else the refusal."""
    from revision_cli.errors import RevisionError, UsageError
    from revision_cli.files.targets import output_file

    monkeypatch.chdir(tmp_path)
    assert output_file(None) is None and output_file("-") is None
    assert output_file("ut.csv", "--output") == Path("ut.csv")
    with pytest.raises(UsageError, match="--output needs a file name"):
        output_file("", "--output")
    with pytest.raises(UsageError, match="NUL"):
        output_file("a\0b")
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(RevisionError, match="named pipe"):
        output_file("fifo")
