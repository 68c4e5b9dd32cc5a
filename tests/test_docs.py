"""The README stays true: every command documented with an example, the quick start intact."""

from __future__ import annotations

import re

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    from revision_cli.cli.app import app, batteries_app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [g.name for g in app.registered_groups]
    names += [f"batteries {c.name}" for c in batteries_app.registered_commands]
    return names


def test_every_command_is_in_the_readme_table_and_has_an_example():
    for name in _commands():
        assert f"`revision {name.split()[0]}" in README, f"{name} missing from the command table"
        assert re.search(rf"^revision {re.escape(name)}\b", README, re.MULTILINE), f"no example for {name}"


def test_quick_start_is_exactly_the_two_make_commands():
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_finding_code_is_documented_with_a_meaning():
    from revision_cli.errors import CODES

    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in CODES)
    assert all(meaning.strip() for meaning in CODES.values())
