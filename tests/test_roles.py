"""Team roles: the built-in ones, and the repository's own declared in revision.yaml."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLE_AUDIT

pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}/audit.yaml"
ROLES = """roles:
  boendestodjare: {sv: Boendestödjare, en: Housing support worker}
  utvecklingsledare: {sv: Utvecklingsledare, en: Development lead}
"""


def declare(repo):
    config = repo / "revision.yaml"
    config.write_text(config.read_text(encoding="utf-8") + ROLES, encoding="utf-8")


def set_role(repo, role: str) -> None:
    audit = repo / AUDIT
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("{id: D, role: samordnare}", f"{{id: D, role: {role}}}"),
        encoding="utf-8",
    )


def test_a_declared_role_validates_and_the_report_names_it_in_its_language(example_repo, run):
    declare(example_repo)
    set_role(example_repo, "boendestodjare")
    assert run("validate", cwd=example_repo).exit_code == 0
    swedish = run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    english = run("report", EXAMPLE_AUDIT, "--lang", "en", cwd=example_repo).stdout
    assert re.search(r"Revisionsteam:\*\* .*Boendestödjare \(1\)", swedish)
    assert re.search(r"Audit team:\*\* .*Housing support worker \(1\)", english), english[:600]


def test_an_undeclared_role_is_an_error_at_its_place_with_the_closest_one(example_repo, run):
    declare(example_repo)
    set_role(example_repo, "boendestodare")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "[audit-unknown-role]" in line)
    assert line.startswith(f"{AUDIT}:14:19: error")
    assert "did you mean 'boendestodjare'?" in line


def test_built_in_roles_keep_their_spellings_in_either_language(example_repo, run):
    original = (example_repo / AUDIT).read_text(encoding="utf-8")
    set_role(example_repo, "coordinator")
    assert run("validate", cwd=example_repo).exit_code == 0
    (example_repo / AUDIT).write_text(original, encoding="utf-8")
    set_role(example_repo, "Samordnare X")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1 and f"{AUDIT}:14:" in result.stdout


def test_without_declared_roles_a_free_id_is_refused(example_repo, run):
    set_role(example_repo, "boendestodjare")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1 and "[audit-unknown-role]" in result.stdout
