"""Validated models kept for the first run after an edit (cache/pickled.py, issue 12 item 7):
revision.yaml, and the battery, audit.yaml, assessment.yaml and actions.yaml of an audit a
command opens come back as the last run validated them, without building pydantic's
validators again. They are pickles, so they lie only in the user's own folder, are unpickled
only when sealed with the user's key, and a file that changed is validated again."""

from __future__ import annotations

import base64
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT
from test_cache_store import own_folder_run

from revision_cli.cache import store


def kept_models(home: Path) -> list[Path]:
    folder = home / "revision" / "models"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def fresh_run(repo: Path, home: Path, *args: str) -> tuple[int, str, str, bool]:
    """A run the output cache cannot answer, with the parsed files (and kept models) left."""
    shutil.rmtree(repo / ".revision" / "cache" / "output", ignore_errors=True)
    return own_folder_run(repo, home, *args)


def test_models_are_kept_only_in_the_users_own_folder_and_give_the_same_report(example_repo, tmp_path):
    home = tmp_path / "home"
    args = ("report", EXAMPLE_AUDIT, "--format", "html")
    first = own_folder_run(example_repo, home, *args)
    assert first[0] == 0
    # The audit's two batteries are built in (read whole, not kept); revision.yaml,
    # audit.yaml, assessment.yaml and actions.yaml are.
    assert len(kept_models(home)) == 4
    assert not [p for p in (example_repo / ".revision").rglob("*") if "models" in p.parts]
    assert fresh_run(example_repo, home, *args) == first


def test_validating_one_audit_uses_the_models_it_keeps(example_repo, tmp_path):
    home = tmp_path / "home"
    args = ("validate", f"audits/{EXAMPLE_AUDIT}")
    first = own_folder_run(example_repo, home, *args)
    assert len(kept_models(home)) == 4  # revision.yaml, audit.yaml, assessment.yaml, actions.yaml
    findings = example_repo / ".revision" / "cache" / "validate.json"
    findings.unlink()
    assert own_folder_run(example_repo, home, *args) == first
    # What a second run finds is what a kept model gives: one planted (sealed with the user's
    # key) is loaded, is not the expected model, and the file is validated again.
    marker = tmp_path / "ran"
    assert plant(home, marker, (home / "revision" / "key").read_bytes()) == 4
    findings.unlink()
    assert own_folder_run(example_repo, home, *args) == first
    assert marker.exists()


def test_an_audit_of_another_repository_keeps_nothing_in_the_working_one(example_repo, tmp_path):
    """`revision report PATH` from inside another repository reads that one's settings only
    to find the audit; nothing of it is kept in the working repository's .revision/."""
    here = tmp_path / "here"
    here.mkdir()
    (here / "revision.yaml").write_text("revision: 1\n", encoding="utf-8")
    home = tmp_path / "home"
    code, out, _, _ = own_folder_run(here, home, "report", str(example_repo / "audits" / EXAMPLE_AUDIT))
    assert code == 0 and "Västra Hisingen" in out
    assert not (here / ".revision").exists()


# A file kept as validated, changed: (its path, a text in it, what it becomes, what the report
# says before, what it says after).
CHANGES = {
    "audit.yaml": (
        f"audits/{EXAMPLE_AUDIT}/audit.yaml",
        "Västra Hisingen",
        "Östra Hisingen",
        "Västra Hisingen",
        "Östra Hisingen",
    ),
    "revision.yaml": ("revision.yaml", "\nlanguage: sv ", "\nlanguage: en ", "Rapporten är skapad", "Report generated"),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_changed_file_is_validated_again(example_repo, tmp_path, name):
    relative, old, new, before, after = CHANGES[name]
    home = tmp_path / "home"
    path = example_repo / relative
    args = ("report", EXAMPLE_AUDIT)
    code, out, _, _ = own_folder_run(example_repo, home, *args)
    assert code == 0 and before in out and after not in out
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, out, _, _ = fresh_run(example_repo, home, *args)
    assert code == 0 and after in out and before not in out


def test_a_setting_revision_yaml_no_longer_allows_is_found(example_repo, tmp_path):
    """Not taken from the model kept for the file as it was."""
    home = tmp_path / "home"
    config = example_repo / "revision.yaml"
    args = ("report", EXAMPLE_AUDIT)
    assert own_folder_run(example_repo, home, *args)[0] == 0
    config.write_text(config.read_text(encoding="utf-8").replace("min_group_size: 5", "min_group_size: fem"))
    code, out, err, _ = fresh_run(example_repo, home, *args)
    assert code != 0 and "revision.yaml:6:" in out + err


class _Planted:
    """Creates the file `marker` when unpickled."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def plant(home: Path, marker: Path, key: bytes) -> int:
    """Every kept model replaced by a pickle that creates `marker` when loaded, under the key
    it was kept for, sealed with `key`."""
    files = kept_models(home)
    payload = base64.b64encode(pickle.dumps(_Planted(marker))).decode()
    for path in files:
        body = json.loads(path.read_bytes())["body"]
        raw = json.dumps({**body, "pickle": payload}, separators=(",", ":")).encode()
        path.write_text(f'{{"seal":"{store.seal(key, "model", path.name, raw)}","body":{raw.decode()}}}\n')
    return len(files)


def test_a_kept_model_is_unpickled_only_when_its_seal_is_the_users_own(example_repo, tmp_path):
    home = tmp_path / "home"
    args = ("report", EXAMPLE_AUDIT)
    expected = own_folder_run(example_repo, home, *args)
    marker = tmp_path / "ran"
    # Sealed with someone else's key: validated again, nothing planted is loaded.
    assert plant(home, marker, os.urandom(32)) == 4
    assert fresh_run(example_repo, home, *args) == expected
    assert not marker.exists()
    # The same files sealed with the user's own key are loaded (so the seal is what kept
    # them out); what they give is not the expected model, so the file is validated again.
    assert plant(home, marker, (home / "revision" / "key").read_bytes()) == 4
    assert fresh_run(example_repo, home, *args) == expected
    assert marker.exists()


def test_a_local_battery_is_kept_too(example_repo, tmp_path):
    """A repository's own battery is one large file whose validator costs the most to build."""
    from revision_cli.files.packaged import packaged

    source = (packaged("question_batteries") / "uppfoljning.yaml").read_text(encoding="utf-8")
    assert "\nid: uppfoljning\n" in source
    (example_repo / "batteries").mkdir()
    (example_repo / "batteries" / "egen.yaml").write_text(source.replace("\nid: uppfoljning\n", "\nid: egen\n"))
    home = tmp_path / "home"
    args = ("report", EXAMPLE_AUDIT)
    first = own_folder_run(example_repo, home, *args)
    assert first[0] == 0 and len(kept_models(home)) == 5
    assert fresh_run(example_repo, home, *args) == first
