"""Nothing a user's files hold reaches a terminal as a control: file names, YAML keys, unit
names and commit subjects with escape sequences (retitle `\\e]0;…\\a`, clear `\\e[2J`), bells
or line breaks are printed escaped (`\\x1b`), so none can act on the terminal or forge a
`path:line: error` line of its own. JSON keeps the real text (json escapes it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT
from hypothesis import given, settings
from hypothesis import strategies as st

from revision_cli.characters import terminal_safe
from revision_cli.errors import Finding

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

FINDING = re.compile(r"^[^\n]+:\d+:\d+: (error|warning) \[[a-z0-9-]+\] ")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # with tab and newline
EVIL_NAME = "evil\x1b]0;pwned\x07\x1b[2J\nx.yaml:1:1: error [forged] y\u202e.yaml"
EVIL_KEY = r'"bad\e]0;pwned\akey\e[2J\nx.yaml:1:1: error [forged] y"'


def interviews(repo: Path) -> Path:
    return repo / "audits" / EXAMPLE_AUDIT / "interviews"


def test_a_file_name_and_a_key_with_controls_print_escaped_on_one_line(run, example_repo):
    (interviews(example_repo) / EVIL_NAME).write_text("respondent: x9\ngroup: brukare\nfoo: 1\n", encoding="utf-8")
    b1 = interviews(example_repo) / "b1.yaml"
    b1.write_text(b1.read_text(encoding="utf-8") + f"{EVIL_KEY}: 1\n", encoding="utf-8")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert not CONTROLS.search(result.stdout + result.stderr)
    lines = [line for line in result.stdout.splitlines() if line]
    assert all(FINDING.match(line) for line in lines), lines
    assert len(lines) == 2 and not [line for line in lines if line.startswith("x.yaml")]
    text = "\n".join(lines)
    assert (
        "evil\\x1b]0;pwned\\x07\\x1b[2J\\nx.yaml:1:1: error [forged] y\\u202e.yaml:3:1: error [schema-unknown-key]"
        in text
    )
    assert "unknown key 'bad\\x1b]0;pwned\\x07key\\x1b[2J\\nx.yaml:1:1: error [forged] y'" in text


def test_json_findings_keep_the_real_file_name(run, example_repo):
    (interviews(example_repo) / EVIL_NAME).write_text("respondent: x9\ngroup: brukare\nfoo: 1\n", encoding="utf-8")
    result = run("validate", "--format", "json", cwd=example_repo)
    paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
    assert [p for p in paths if p.endswith(EVIL_NAME)], paths


def test_an_error_message_naming_a_path_prints_it_escaped(run, example_repo):
    result = run("score", "audits/nope\x1b[2J\x07", cwd=example_repo)
    assert result.exit_code == 1
    assert not CONTROLS.search(result.stderr) and "nope\\x1b[2J\\x07" in result.stderr


def test_a_unit_name_is_neither_a_control_nor_rich_markup_in_the_status_table(run, example_repo):
    audit = example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    text = audit.read_text(encoding="utf-8")
    audit.write_text(
        text.replace(
            "unit: Socialkontoret Västra Hisingen",
            r'unit: "[link=https://evil.example]Klicka[/link] [bold]\e[2J\e]0;x\a"',
        ),
        encoding="utf-8",
    )
    result = run("status", cwd=example_repo, env={"COLUMNS": "400"})
    assert not CONTROLS.search(result.stdout)
    assert "[link=https://evil.example]Klicka[/link] [bold]\\x1b[2J\\x1b]0;x\\x07" in result.stdout


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_a_finding_is_one_line_without_controls_whatever_the_path_and_message(text):
    line = Finding(text, 1, 1, "schema-unknown-key", f"unknown key '{text}'").format()
    assert not ANY_CONTROL.search(line)
    assert FINDING.match(line)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_terminal_safe_leaves_printable_text_alone(text):
    safe = terminal_safe(text)
    assert not ANY_CONTROL.search(safe)
    if not ANY_CONTROL.search(text):
        assert safe == text
