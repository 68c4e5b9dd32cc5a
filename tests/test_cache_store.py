"""One store, one digest for the three caches (issue 12, item 6): validate's findings, score's
and report's outputs and history's revisions are files of the same store, sealed the same way
and refused by the same check when tampered with; nothing else in cache/ hashes, serialises
or writes a file. The built-in templates' compiled code is kept by the same store in the
user's own folder, never under .revision/, and runs only when sealed with the user's key."""

from __future__ import annotations

import ast
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, REPO
from gitrepo import ENV, GitRepo, day
from test_output_cache import cold, revision

from revision_cli.cache import store

CACHE = Path(".revision/cache")
# The command that fills each cache, and where its file lies.
COMMANDS = {
    "validate": (["validate"], CACHE / "validate.json"),
    "output": (["score", EXAMPLE_AUDIT, "--format", "json"], CACHE / "output"),
    "history": (["history", EXAMPLE_AUDIT, "--format", "json"], CACHE / "history"),
}


@pytest.fixture
def committed(example_repo, tmp_path) -> Path:
    """The example repository as a git repository (history reads git)."""
    repo = GitRepo.init(tmp_path / "git")
    for path in example_repo.iterdir():
        path.rename(repo.path / path.name)
    repo.commit("The example audits", day(1))
    return repo.path


def the_file(repo: Path, kind: str) -> Path:
    where = repo / COMMANDS[kind][1]
    files = sorted(where.glob("*.json")) if where.is_dir() else [where]
    assert len(files) == 1, files
    return files[0]


def fill(repo: Path) -> dict[str, tuple]:
    """Each command run once with no cache: what it printed."""
    printed = {kind: cold(repo, *args, env=ENV) for kind, (args, _) in COMMANDS.items()}
    for kind, (args, _) in COMMANDS.items():  # cold() emptied .revision/: fill all three again
        assert revision(repo, *args, env=ENV)[:3] == printed[kind]
    return printed


def test_the_three_caches_are_files_of_one_store_sealed_alike(committed):
    fill(committed)
    for kind in COMMANDS:
        path = the_file(committed, kind)
        raw = json.loads(path.read_bytes())
        assert list(raw) == ["seal", "body"], kind
        assert isinstance(raw["body"], dict) and isinstance(raw["body"]["format"], int), kind
        relative = path.relative_to(committed)
        assert store.read(committed, relative, kind, raw["body"]["format"]) == raw["body"], kind
        # The seal names the cache it belongs to: read as another cache's, the file is refused.
        for other in set(COMMANDS) - {kind}:
            assert store.read(committed, relative, other) is None, (kind, other)


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_a_tampered_file_of_each_cache_is_refused_by_the_same_check(committed, kind):
    printed = fill(committed)
    path = the_file(committed, kind)
    raw = json.loads(path.read_bytes())
    relative = path.relative_to(committed)
    # One field added, the seal kept: the right format and shape, and not this user's.
    body = json.dumps({**raw["body"], "tampered": True}, separators=(",", ":"))
    path.write_text(f'{{"seal":"{raw["seal"]}","body":{body}}}\n')
    assert store.read(committed, relative, kind) is None
    args = COMMANDS[kind][0]
    code, out, err, worked = revision(committed, *args, env=ENV)
    assert (code, out, err) == printed[kind] and worked, "a refused file must send the run to the full command"
    # ... which wrote it anew, sealed as before.
    assert store.read(committed, relative, kind) == json.loads(path.read_bytes())["body"]


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_store_hashes_serialises_and_writes():
    """Digests, the file format, sealing and atomic writes live in cache/store.py alone; the
    three caches are their keying (with cache/keys.py) and their payload."""
    package = REPO / "revision_cli" / "cache"
    owned = {"hashlib", "hmac", "json", "revision_cli.files.atomic"}
    for path in sorted(package.glob("*.py")):
        if path.name != "store.py":
            assert not imported_names(path) & owned, path.name
    assert owned <= imported_names(package / "store.py")
    # Nothing outside the store makes a BLAKE2b digest (git's blob ids and results.yaml's
    # sha256 are formats of their own, not cache keys).
    for path in sorted((REPO / "revision_cli").rglob("*.py")):
        if path != package / "store.py":
            assert "blake2b" not in path.read_text(encoding="utf-8"), path


# ---- compiled templates: kept in the user's own folder, run only when sealed by this user ----


def own_folder_run(repo: Path, home: Path, *args: str) -> tuple[int, str, str, bool]:
    return revision(repo, *args, env={"XDG_CACHE_HOME": str(home)})


def compiled_files(home: Path) -> list[Path]:
    folder = home / "revision" / "compiled"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def plant(home: Path, marker: Path, key: bytes) -> int:
    """Every kept compiled template replaced by code that creates `marker` when run (and is
    a template Jinja accepts), its checksum kept, sealed with `key`."""
    import base64
    import marshal

    source = (
        f"open({str(marker)!r}, 'w').close()\nname = None\nblocks = {{}}\ndebug_info = ''\n"
        "def root(context, missing=None, environment=None):\n    yield ''\n"
    )
    code = base64.b64encode(marshal.dumps(compile(source, "planted", "exec"))).decode()
    files = compiled_files(home)
    for path in files:
        body = json.loads(path.read_bytes())["body"]
        raw = json.dumps({**body, "code": code}, separators=(",", ":")).encode()
        path.write_text(f'{{"seal":"{store.seal(key, "compiled", path.name, raw)}","body":{raw.decode()}}}\n')
    return len(files)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_compiled_templates_are_kept_only_in_the_users_own_folder_and_give_the_same_report(example_repo, tmp_path, fmt):
    home = tmp_path / "home"
    first = own_folder_run(example_repo, home, "report", EXAMPLE_AUDIT, "--format", fmt)
    assert first[0] == 0 and compiled_files(home)
    assert not [p for p in (example_repo / ".revision").rglob("*") if "compiled" in p.name]
    shutil.rmtree(example_repo / ".revision")  # the output cache would answer before any template loads
    again = own_folder_run(example_repo, home, "report", EXAMPLE_AUDIT, "--format", fmt)
    assert again == first


def test_compiled_code_runs_only_when_its_seal_is_the_users_own(example_repo, tmp_path):
    home = tmp_path / "home"
    args = ("report", EXAMPLE_AUDIT)
    expected = own_folder_run(example_repo, home, *args)
    marker = tmp_path / "ran"
    # Sealed with someone else's key: compiled again, nothing planted runs.
    assert plant(home, marker, os.urandom(32)) >= 2
    shutil.rmtree(example_repo / ".revision")
    assert own_folder_run(example_repo, home, *args) == expected
    assert not marker.exists()
    # The same files sealed with the user's own key do run (so the seal is what kept them out).
    assert plant(home, marker, (home / "revision" / "key").read_bytes()) >= 2
    shutil.rmtree(example_repo / ".revision")
    own_folder_run(example_repo, home, *args)
    assert marker.exists()


def test_a_repositorys_own_templates_are_sandboxed_and_nothing_compiled_is_kept(example_repo, tmp_path):
    home = tmp_path / "home"
    (example_repo / "templates").mkdir()
    (example_repo / "templates" / "report.md.j2").write_text("{{ r.audit.unit }}\n", encoding="utf-8")
    code, out, _, _ = own_folder_run(example_repo, home, "report", EXAMPLE_AUDIT)
    assert code == 0 and out.strip()
    assert compiled_files(home) == []


# ---- what the caches are keyed by: looked at once per run ------------------------------------


def test_within_one_run_the_repository_is_looked_at_once_and_outside_every_time(example_repo):
    """The fast path, the full command and its cache all ask what lies around an audit; in one
    run (keys.one_run, which the console entry opens) the answer is the first look's, unless
    asked fresh (a command comparing its inputs before and after its work)."""
    from revision_cli.cache import keys

    before = keys.repository(example_repo)
    settings = example_repo / "revision.yaml"
    with keys.one_run():
        first = keys.repository(example_repo)
        settings.write_text(settings.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        assert keys.repository(example_repo) == first == before
        assert keys.repository(example_repo, fresh=True) != first
        with keys.one_run():  # a nested run shares the outer one's look
            assert keys.repository(example_repo) == first
    assert keys.repository(example_repo) != before  # outside a run: looked at again


def test_a_hidden_entry_in_audits_never_hides_the_audits(example_repo):
    """A dot-entry is not an audit and is not looked at: a link that loops (which cannot be
    followed) leaves the listing as it was."""
    from revision_cli.cache import keys

    slugs = keys.audit_slugs(example_repo)
    assert EXAMPLE_AUDIT in slugs
    (example_repo / "audits" / ".loop").symlink_to(".loop")
    assert keys.audit_slugs(example_repo) == slugs


def test_the_repository_key_changes_with_each_input_and_only_findings_stat_every_audit(example_repo):
    from revision_cli.cache import keys

    repository, present = keys.repository(example_repo), keys.audits_present(example_repo)
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / ".hidden.yaml").write_text("id: x\n", encoding="utf-8")  # the catalogue reads it
    assert keys.repository(example_repo) != repository
    repository = keys.repository(example_repo)
    (example_repo / "audits" / "2030-ny").mkdir()
    assert keys.repository(example_repo) != repository and keys.audits_present(example_repo) != present
    repository, present = keys.repository(example_repo), keys.audits_present(example_repo)
    (example_repo / "audits" / "2030-ny" / "audit.yaml").write_text("id: 2030-ny\n", encoding="utf-8")
    # Whether a folder holds an audit.yaml is for the findings' key alone (follows_up is
    # checked on disk); the output cache has the followed-up audit's own files instead.
    assert keys.repository(example_repo) == repository and keys.audits_present(example_repo) != present
    # An audit.yaml that is a link counts by where it leads.
    present = keys.audits_present(example_repo)
    made = example_repo / "audits" / "2030-ny" / "audit.yaml"
    made.rename(example_repo / "ny.yaml")
    made.symlink_to(Path("..", "..", "ny.yaml"))
    assert keys.audits_present(example_repo) != present
    present = keys.audits_present(example_repo)
    made.unlink()
    made.symlink_to(Path("..", "..", "batteries", ".hidden.yaml"))
    assert keys.audits_present(example_repo) != present
