"""Limits on what one file may hold, each with a finding, each configurable in revision.yaml."""

from __future__ import annotations

import textwrap

from conftest import EXAMPLE_AUDIT, snapshot

B9 = f"audits/{EXAMPLE_AUDIT}/interviews/b9.yaml"
HEAD = "respondent: b9\ngroup: brukare\nconsent: true\n"


def set_limits(repo, **limits):
    lines = "".join(f"  {key}: {value}\n" for key, value in limits.items())
    (repo / "revision.yaml").write_text(f"revision: 1\nlimits:\n{lines}", encoding="utf-8")


def only_finding(result):
    lines = [line for line in result.stdout.splitlines() if line.startswith(B9)]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_file_over_one_mebibyte_is_refused_by_default(example_repo, run):
    (example_repo / B9).write_text(HEAD + "quotes:\n" + "  - {text: ord, publish: false}\n" * 40_000, encoding="utf-8")
    before = snapshot(example_repo)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert only_finding(result).startswith(f"{B9}:1:1: error [file-too-large]")
    assert snapshot(example_repo) == before


def test_the_file_size_limit_is_configurable(example_repo, run):
    set_limits(example_repo, max_file_size=2048)
    (example_repo / B9).write_text(HEAD + "quotes:\n" + "  - {text: ord, publish: false}\n" * 80, encoding="utf-8")
    assert "[file-too-large]" in only_finding(run("validate", cwd=example_repo))
    set_limits(example_repo, max_file_size=8192)
    assert run("validate", cwd=example_repo).exit_code == 0


def test_alias_uses_are_limited_and_the_limit_is_configurable(example_repo, run):
    quotes = "".join("  - *q\n" for _ in range(5))
    (example_repo / B9).write_text(HEAD + "quotes:\n  - &q {text: ord, publish: false}\n" + quotes, encoding="utf-8")
    assert run("validate", cwd=example_repo).exit_code == 0
    set_limits(example_repo, max_aliases=4)
    line = only_finding(run("validate", cwd=example_repo))
    # libyaml's nodes keep no position of an alias itself: the anchor it repeats is named.
    assert line.startswith(f"{B9}:5:5: error [yaml-alias-limit]")
    assert "limits.max_aliases" in line


def test_nesting_depth_is_limited_and_the_limit_is_configurable(example_repo, run):
    nested = "answers:\n  motet-tid: {value: ja, comment: " + "[" * 8 + "x" + "]" * 8 + "}\n"
    (example_repo / B9).write_text(HEAD + nested, encoding="utf-8")
    set_limits(example_repo, max_depth=6)
    line = only_finding(run("validate", cwd=example_repo))
    assert line.startswith(f"{B9}:5:") and "[yaml-nesting-limit]" in line


def test_the_number_of_answers_is_limited(example_repo, run):
    set_limits(example_repo, max_answers=2)
    (example_repo / B9).write_text(
        HEAD
        + textwrap.dedent("""\
        answers:
          motet-valkommen: ja
          motet-respekt: ja
          motet-tid: ja
        """),
        encoding="utf-8",
    )
    line = only_finding(run("validate", cwd=example_repo))
    assert line.startswith(f"{B9}:5:3: error [interview-too-many-answers]")


def test_limits_in_revision_yaml_are_themselves_checked(example_repo, run):
    set_limits(example_repo, max_depth=2)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert "revision.yaml:3:14: error [schema-value]" in result.stdout
