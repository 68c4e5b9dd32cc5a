"""No code and no wrong figure from a cache (issue 11, items 1 and 2), through the real console
script: a repository that arrives with planted files under .revision/ runs none of them; an
edited, truncated, swapped, replayed or forged cache file never changes what a command
prints; a linked interviews/ folder and the audit a follow-up names are inputs like any
other; a cache key that is not this user's own, or a .revision/ that leads elsewhere, turns
the cache off instead of being trusted or written through."""

from __future__ import annotations

import builtins
import json
import marshal
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT
from gitrepo import GitRepo, day
from test_output_cache import OUTPUT, break_interview, change_interview, cold, follow_up, revision

VALIDATE = Path(".revision/cache/validate.json")
JINJA = Path(".revision/cache/jinja")


class _Payload:
    """Unpickling this opens `marker` for writing: the file appears if anything unpickles it."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (builtins.open, (self.marker, "w"))


def plant_jinja_cache(repo: Path, marker: Path) -> int:
    """A file at every name Jinja's FileSystemBytecodeCache would look under for a built-in
    template: a pickle that creates `marker` when loaded, or (for the report templates) a
    well-formed bucket, with the right checksum, whose code creates it when run."""
    from jinja2.bccache import FileSystemBytecodeCache, bc_magic, bc_version  # noqa: F401

    from revision_cli.render.report import templates_dir

    folder = repo / JINJA
    folder.mkdir(parents=True, exist_ok=True)
    cache = FileSystemBytecodeCache(str(folder))
    count = 0
    for template in sorted(templates_dir().rglob("*.j2")):
        name = template.relative_to(templates_dir()).as_posix()
        key = cache.get_cache_key(name, str(template))
        if name.startswith("report."):
            checksum = cache.get_source_checksum(template.read_text(encoding="utf-8"))
            source = (
                f"open({str(marker)!r}, 'w').close()\nname = {name!r}\nblocks = {{}}\ndebug_info = ''\n"
                "def root(context, missing=None, environment=None):\n    yield ''\n"
            )
            code = compile(source, str(template), "exec")
            data = bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code)
        else:
            data = bc_magic + pickle.dumps(_Payload(marker))
        (folder / f"__jinja2_{key}.cache").write_bytes(data)
        count += 1
    return count


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_planted_template_cache_in_a_cloned_repository_runs_nothing(example_repo, tmp_path, fmt):
    marker = tmp_path / "ran"
    source = GitRepo.init(tmp_path / "source")
    shutil.copytree(example_repo, source.path, dirs_exist_ok=True)
    assert plant_jinja_cache(source.path, marker) >= 2
    source.commit("An audit", day(1))
    source.git("add", "-f", ".revision")  # .gitignore'd, but a careless or hostile commit holds it
    source.commit("Compiled templates", day(2))
    clone = source.clone(tmp_path / "clone")
    assert list((clone.path / JINJA).iterdir())

    code, out, err, _ = revision(clone.path, "report", EXAMPLE_AUDIT, "--format", fmt)
    assert code == 0, err
    assert out.startswith("# ") or "<html" in out
    assert not marker.exists(), "a file under .revision/ was executed"
    # Neither a second run (whatever the first left) nor a report of every audit runs it.
    assert revision(clone.path, "report", EXAMPLE_AUDIT, "--format", fmt)[0] == 0
    assert not marker.exists()


def test_the_planted_files_would_run_were_they_loaded(tmp_path):
    """The test above plants files that do run code when Jinja's bytecode cache loads them
    (so its passing means nothing loads them, not that the files are harmless)."""
    from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

    from revision_cli.render.report import templates_dir

    marker = tmp_path / "ran"
    plant_jinja_cache(tmp_path, marker)
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())), bytecode_cache=FileSystemBytecodeCache(str(tmp_path / JINJA))
    )
    env.filters.update(md=str, md_cell=str)
    env.get_template("report.md.j2")  # a bucket with the right checksum: its code runs
    assert marker.exists()
    marker.unlink()
    env.get_template("_fidelity.md.j2")  # a pickle: runs as it is read, before any check
    assert marker.exists()


# ---- no wrong figure from a cache ------------------------------------------------------------


def entries(repo: Path, relative: Path) -> list[Path]:
    path = repo / relative
    return sorted(p for p in path.iterdir() if p.suffix == ".json") if path.is_dir() else [path]


def edit_figures(path: Path) -> None:
    """Change what the entry would print (every share, colour and finding), keeping it valid JSON."""
    text = path.read_text()
    edited = text.replace("0.", "9.").replace("green", "red").replace("interview-invalid-value", "personal-data")
    assert edited != text
    path.write_text(edited)


def reseal_with(key: bytes, path: Path, kind: str) -> None:
    """The entry as it is, sealed again with another key: a forger who knows the format."""
    from revision_cli.cache import store as cache_file

    body = json.loads(path.read_text())["body"]
    if kind == "output":
        body["stdout"] = body["stdout"].replace("0.", "9.")
    else:
        body["audits"][EXAMPLE_AUDIT]["findings"] = []
    raw = json.dumps(body, separators=(",", ":")).encode()
    path.write_text(f'{{"seal":"{cache_file.seal(key, kind, path.name, raw)}","body":{raw.decode()}}}\n')


DAMAGE = {
    "edited": lambda path, kind, other: edit_figures(path),
    "truncated": lambda path, kind, other: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
    "emptied": lambda path, kind, other: path.write_bytes(b""),
    "swapped": lambda path, kind, other: path.write_bytes(other.read_bytes()),
    "forged": lambda path, kind, other: reseal_with(os.urandom(32), path, kind),
    "a link": lambda path, kind, other: (path.unlink(), path.symlink_to(other)),
}

# (cache, command): score's and report's entries are swapped with another invocation's; the
# validate cache with the file an earlier state of the repository left (a replay).
COMMANDS = {
    "output": (["score", EXAMPLE_AUDIT, "--format", "json"], ["score", EXAMPLE_AUDIT]),
    "validate": (["validate"], None),
}


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_a_damaged_cache_entry_never_changes_the_output(example_repo, tmp_path, kind):
    args, other_args = COMMANDS[kind]
    relative = OUTPUT if kind == "output" else VALIDATE
    if kind == "validate":
        cold(example_repo, *args)  # "No problems found.", kept aside to be put back
        other = shutil.copy(example_repo / VALIDATE, tmp_path / "old.json")
        break_interview(example_repo)
    expected = cold(example_repo, *args)
    assert expected[0] == (1 if kind == "validate" else 0)
    if kind == "output":
        revision(example_repo, *other_args)
        (path,) = [
            p for p in entries(example_repo, relative) if json.loads(p.read_text())["body"]["stdout"] == expected[1]
        ]
        (other,) = [p for p in entries(example_repo, relative) if p != path]
    else:
        (path,) = entries(example_repo, relative)
    good = path.read_bytes()
    for name, damage in DAMAGE.items():
        path.unlink()
        path.write_bytes(good)
        damage(path, kind, Path(other))
        assert path.read_bytes() != good, name
        code, out, err, _ = revision(example_repo, *args)
        assert (code, out, err) == expected, name
    assert expected == cold(example_repo, *args)


def test_a_replayed_output_entry_is_not_used(example_repo, tmp_path):
    """An entry this user's own run wrote, put back after the audit changed: its inputs no
    longer match, so it is not printed."""
    args = ["score", EXAMPLE_AUDIT, "--format", "json"]
    before = cold(example_repo, *args)
    (entry,) = entries(example_repo, OUTPUT)
    kept = entry.read_bytes()
    change_interview(example_repo)
    after = cold(example_repo, *args)
    assert after != before
    entry.write_bytes(kept)
    assert revision(example_repo, *args)[:3] == after


def linked_interviews(repo: Path) -> Path:
    """The example audit's interviews/ moved elsewhere in the repository and linked back."""
    folder = repo / "audits" / EXAMPLE_AUDIT / "interviews"
    target = repo / "material" / "intervjuer"
    target.parent.mkdir()
    folder.rename(target)
    folder.symlink_to(Path("..", "..", "material", "intervjuer"))
    return target


@pytest.mark.parametrize("args", [["validate"], ["score", EXAMPLE_AUDIT, "--format", "json"]])
def test_a_linked_interviews_folder_is_keyed_by_what_it_holds(example_repo, args):
    target = linked_interviews(example_repo)
    before = cold(example_repo, *args)
    assert before[0] == 0, before
    assert revision(example_repo, *args)[3] is False  # answered from the cache
    b1 = target / "b1.yaml"
    b1.write_text(
        b1.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: xx", 1), encoding="utf-8"
    )
    code, out, err, _ = revision(example_repo, *args)
    assert (code, out, err) == cold(example_repo, *args)
    assert code == 1, "the broken interview must show"


def test_a_link_retargeted_inside_the_repository_is_seen(example_repo):
    target = linked_interviews(example_repo)
    other = shutil.copytree(target, example_repo / "material" / "andra")
    b1 = other / "b1.yaml"
    b1.write_text(
        b1.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: nej", 1), encoding="utf-8"
    )
    args = ["score", EXAMPLE_AUDIT, "--format", "json"]
    before = cold(example_repo, *args)
    revision(example_repo, *args)
    link = example_repo / "audits" / EXAMPLE_AUDIT / "interviews"
    link.unlink()
    link.symlink_to(Path("..", "..", "material", "andra"))
    code, out, err, _ = revision(example_repo, *args)
    assert (code, out, err) == cold(example_repo, *args) != before


def test_validate_sees_the_audit_followed_up_lose_its_audit_yaml(example_repo):
    args = ["validate", f"audits/{follow_up(example_repo)}"]
    assert cold(example_repo, *args)[0] == 0
    assert revision(example_repo, *args)[3] is False
    (example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml").unlink()
    code, out, err, _ = revision(example_repo, *args)
    assert (code, out, err) == cold(example_repo, *args)
    assert "[audit-unknown-follow-up]" in out


# Only root can give a file to another account; elsewhere that case is not generated.
KEY_CASES = ["readable by others", "a link", "no home"] + (["another account's"] if os.geteuid() == 0 else [])


@pytest.mark.parametrize("how", KEY_CASES)
def test_a_key_that_is_not_this_users_own_turns_the_cache_off(example_repo, tmp_path, how):
    home = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(home)}
    args = ["score", EXAMPLE_AUDIT, "--format", "json"]
    expected = cold(example_repo, *args, env=env)
    key = home / "revision" / "key"
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600
    if how == "readable by others":
        key.chmod(0o644)
    elif how == "another account's":
        os.chown(key, 12345, -1)
    elif how == "a link":
        real = key.with_name("elsewhere")
        key.rename(real)
        key.symlink_to(real)
    else:
        env = {"XDG_CACHE_HOME": "", "HOME": "relative/home"}
    stored = sorted((p.name, p.read_bytes()) for p in (example_repo / OUTPUT).iterdir())
    code, out, err, worked = revision(example_repo, *args, env=env)
    assert (code, out, err) == expected and worked, "a run without a trusted key must not use the cache"
    assert sorted((p.name, p.read_bytes()) for p in (example_repo / OUTPUT).iterdir()) == stored


@pytest.mark.parametrize("link", [".revision", ".revision/cache", ".revision/cache/output"])
def test_a_cache_folder_that_leads_elsewhere_is_neither_read_nor_written(example_repo, tmp_path, link):
    args = ["score", EXAMPLE_AUDIT, "--format", "json"]
    expected = cold(example_repo, *args)
    revision(example_repo, *args)  # the cache now holds the answer
    elsewhere = tmp_path / "elsewhere"
    shutil.move(example_repo / link, elsewhere)
    (example_repo / link).symlink_to(elsewhere)
    before = sorted(p.relative_to(elsewhere) for p in elsewhere.rglob("*"))
    code, out, err, worked = revision(example_repo, *args)
    assert (code, out, err) == expected and worked
    assert sorted(p.relative_to(elsewhere) for p in elsewhere.rglob("*")) == before


def test_the_cache_files_hold_only_json(example_repo):
    for args in (["validate"], ["score", EXAMPLE_AUDIT, "--format", "json"], ["report", EXAMPLE_AUDIT]):
        revision(example_repo, *args)
    files = [p for p in (example_repo / ".revision").rglob("*") if p.is_file()]
    # validate.json, score's and report's outputs, and each file as parsed (cache/parsed.py)
    assert len([p for p in files if p.parent.name != "parsed"]) == 3
    assert [p for p in files if p.parent.name == "parsed"]
    for path in files:
        data = json.loads(path.read_text(encoding="ascii"))
        assert set(data) == {"seal", "body"} and len(data["seal"]) == 64
