"""The catalog reads a built-in battery only when it is asked for: its id and version come
from the file's header, which must say what parsing the file says."""

from __future__ import annotations

import shutil

import pytest
from conftest import EXAMPLE_AUDIT, REPO

from revision_cli.repository.catalog import _header, builtin_battery_files, load_battery, load_catalog

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")


def test_every_built_in_header_says_what_the_parsed_battery_says():
    files = builtin_battery_files()
    assert files
    for path in files:
        loaded, findings, _ = load_battery(path)
        assert loaded is not None and not [f for f in findings if f.severity.value == "error"], path
        assert _header(path) == (loaded.model.id, loaded.model.version), path


def test_built_in_batteries_are_parsed_only_when_used():
    catalog = load_catalog(None)
    builtin = [entry for entry in catalog.entries.values() if entry.builtin]
    assert builtin and all(entry._loaded is None for entry in builtin)
    entry, why = catalog.resolve("goteborg@1")
    assert entry is not None, why
    assert entry._loaded is None  # resolving by id and version needs no parse
    assert entry.battery.ref == "goteborg@1"
    assert entry._loaded is not None
    assert all(other._loaded is None for other in builtin if other is not entry)


def test_headers_that_are_not_plain_are_not_guessed(tmp_path):
    path = tmp_path / "b.yaml"
    for text in (
        "id: a\nversion: 1.0\n",
        "{id: a, version: 1}\n",
        "id: a\nid: b\nversion: 1\n",
        '"id": a\nversion: 1\n',
        "id: A\nversion: 1\n",
        "version: 2\n",
    ):
        path.write_text(text, encoding="utf-8")
        assert _header(path) is None, text
    path.write_text("# kommentar\nid: a-1   # namn\nversion: 12\nareas:\n  - id: x\n", encoding="utf-8")
    assert _header(path) == ("a-1", 12)


def test_a_local_copy_of_a_built_in_battery_is_still_a_duplicate(example_repo, run):
    (example_repo / "batteries").mkdir(exist_ok=True)
    shutil.copy(REPO / "question_batteries" / "goteborg.yaml", example_repo / "batteries" / "kopia.yaml")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert "batteries/kopia.yaml" in result.stdout and "[battery-duplicate]" in result.stdout
    assert "a built-in battery" in result.stdout
    scored = run("score", EXAMPLE_AUDIT, cwd=example_repo)
    assert scored.exit_code == 1 and "[battery-duplicate]" in scored.stderr
