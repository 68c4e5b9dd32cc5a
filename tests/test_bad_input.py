"""Files that are not what an audit file should be: every class gets a clear finding at
the exact place, exit 1, no traceback, and not a byte of any file changes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, REPO, snapshot

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

B9 = f"audits/{EXAMPLE_AUDIT}/interviews/b9.yaml"
REVISION = REPO / ".venv" / "bin" / "revision"


def validate_bad(repo: Path, run, content: bytes, where: str, code: str):
    """Write `content` as an interview, validate, and check the one finding and the rules
    every bad input shares. Returns the finding's message."""
    (repo / B9).write_bytes(content)
    before = snapshot(repo)
    result = run("validate", cwd=repo)
    assert snapshot(repo) == before
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith(B9)]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"{B9}:{where}:"), lines[0]
    assert f" error [{code}] " in lines[0]
    return lines[0].split("] ", 1)[1]


def test_not_utf8(example_repo, run):
    content = "respondent: b9\ngroup: brukare\n# Intervjun gjordes på plats\n".encode().replace("å".encode(), b"\xe5")
    message = validate_bad(example_repo, run, content, "3:22", "file-not-utf8")
    assert "0xe5" in message and "UTF-8" in message


def test_binary(example_repo, run):
    validate_bad(example_repo, run, b"respondent: b9\ngroup: \x00\x00\x01\x02\n", "2:8", "file-binary")


def test_empty_file(example_repo, run):
    validate_bad(example_repo, run, b"", "1:1", "file-empty")


def test_whitespace_only_file(example_repo, run):
    validate_bad(example_repo, run, b"  \n\n   \n", "1:1", "file-empty")


def test_comments_only_file(example_repo, run):
    validate_bad(example_repo, run, b"# Intervju med b9\n# fylls i senare\n", "1:1", "file-empty")


def test_tab_indentation(example_repo, run):
    content = b"respondent: b9\ngroup: brukare\nanswers:\n  motet-valkommen: ja\n\tmotet-tid: ja\n"
    message = validate_bad(example_repo, run, content, "5:1", "yaml-tab-indent")
    assert "spaces" in message


def test_tab_after_spaces_is_found_at_its_column(example_repo, run):
    content = b"respondent: b9\ngroup: brukare\nanswers:\n  \tmotet-tid: ja\n"
    validate_bad(example_repo, run, content, "4:3", "yaml-tab-indent")


def test_yaml_syntax_error_unclosed_bracket(example_repo, run):
    content = b"respondent: b9\ngroup: brukare\ninterviewers: [A, B\nanswers:\n  motet-tid: ja\n"
    # The parser notices on line 4, where a ':' comes before the closing ']'.
    validate_bad(example_repo, run, content, "4:8", "yaml-syntax")


def test_yaml_syntax_error_names_where_the_bracket_was_opened(example_repo, run):
    content = b"respondent: b9\ngroup: brukare\ninterviewers: [A, B\nanswers:\n  motet-tid: ja\n"
    message = validate_bad(example_repo, run, content, "4:8", "yaml-syntax")
    assert "line 3" in message


def billion_laughs(levels: int = 9) -> bytes:
    """Nine strings, and `levels` lists of nine aliases of the list before: 9 ** (levels + 1)
    values once expanded (a billion at nine levels)."""
    lines = [
        "respondent: b9",
        "group: brukare",
        'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\n").encode()


def test_billion_laughs_is_cut_short(example_repo, run):
    # Reported where the count ran over: inside the anchored list a0 on line 3.
    message = validate_bad(example_repo, run, billion_laughs(), "3", "yaml-alias-limit")
    assert "aliases" in message


@pytest.mark.parametrize("levels", [9, 30])
def test_billion_laughs_stops_after_a_bounded_amount_of_work(levels):
    """The bound is in work done, not seconds (the benchmark times things): reading stops at
    the first value over MAX_EXPANDED_NODES, a billion values or 9 ** 31 alike."""
    from revision_cli.files.yaml_io import MAX_EXPANDED_NODES, Work, parse

    work = Work()
    doc, found = parse(billion_laughs(levels).decode(), B9, work=work)
    assert doc is None and [f.code for f in found] == ["yaml-alias-limit"]
    assert work.values == MAX_EXPANDED_NODES + 1
    assert 0 < work.aliases <= 9 * 5  # five levels of nine aliases reach the bound
    # The same count on an ordinary file with aliases is its size, so the count is real.
    small = Work()
    doc, found = parse("a: &x [1, 2]\nb: *x\nc: *x\n", "small.yaml", work=small)
    assert doc is not None and not found and doc.data["c"] == [1, 2]
    assert (small.values, small.aliases) == (1 + 3 * 3, 2)  # the map, and the list of two three times


def test_recursive_alias(example_repo, run):
    content = b"respondent: b9\ngroup: brukare\nanswers: &svar\n  motet-tid: *svar\n"
    validate_bad(example_repo, run, content, "3:10", "yaml-alias-limit")


def test_recursive_alias_in_a_flow_list(example_repo, run):
    validate_bad(example_repo, run, b"respondent: b9\ngroup: brukare\nquotes: &q [*q]\n", "3:9", "yaml-alias-limit")


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_very_deep_nesting_does_not_crash_the_process(example_repo, opening):
    (example_repo / B9).write_bytes(b"respondent: b9\ngroup: brukare\nanswers: " + opening.encode() * 100_000 + b"\n")
    before = snapshot(example_repo)
    result = subprocess.run(
        [str(REVISION), "validate"],
        cwd=example_repo,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert snapshot(example_repo) == before
    assert result.returncode == 1, result.stderr  # a crash is a negative code (SIGSEGV)
    assert "Traceback" not in result.stdout + result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith(B9)]
    assert "error [yaml-nesting-limit]" in line
    assert line.startswith(f"{B9}:3:"), line  # the nesting starts on line 3, not at the top of the file


def test_deep_block_nesting_does_not_crash_the_process(example_repo):
    deep = "".join(" " * i + "- \n" for i in range(1200))  # each line one level deeper, under 1 MiB
    (example_repo / B9).write_text("respondent: b9\ngroup: brukare\nquotes:\n" + deep, encoding="utf-8")
    result = subprocess.run([str(REVISION), "validate"], cwd=example_repo, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith(B9)]
    assert "error [yaml-nesting-limit]" in line


def test_top_level_list_where_a_map_is_expected(example_repo, run):
    message = validate_bad(example_repo, run, b"- respondent: b9\n- group: brukare\n", "1:1", "schema-type")
    assert "map" in message


def test_top_level_plain_text_where_a_map_is_expected(example_repo, run):
    validate_bad(example_repo, run, b"bara en mening\n", "1:1", "schema-type")


def test_duplicate_keys(example_repo, run):
    content = b"respondent: b9\ngroup: brukare\nanswers:\n  motet-tid: ja\n  motet-tid: nej\nconsent: true\n"
    message = validate_bad(example_repo, run, content, "5:3", "yaml-duplicate-key")
    assert "first on line 4" in message


def test_a_key_that_is_a_list(example_repo, run):
    validate_bad(example_repo, run, b"respondent: b9\ngroup: brukare\n? [a, b]\n: c\n", "3:3", "yaml-unsupported")


def test_an_unknown_tag(example_repo, run):
    validate_bad(
        example_repo, run, b"respondent: !!python/object:os.system b9\ngroup: brukare\n", "1:13", "yaml-unsupported"
    )


# --- what is fine -----------------------------------------------------------------------

GOOD = (
    "respondent: b9\ngroup: brukare\ndate: 2012-10-15\ninterviewers: [A, B]\nanswers:\n  motet-tid: ja\nconsent: true\n"
)


@pytest.mark.parametrize("bom, newline", [(b"\xef\xbb\xbf", "\n"), (b"", "\r\n"), (b"\xef\xbb\xbf", "\r\n")])
def test_bom_and_crlf_validate_clean(example_repo, run, bom, newline):
    (example_repo / B9).write_bytes(bom + GOOD.replace("\n", newline).encode())
    before = snapshot(example_repo)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output
    assert snapshot(example_repo) == before


@pytest.mark.parametrize("bom, newline", [(b"\xef\xbb\xbf", "\n"), (b"", "\r\n"), (b"\xef\xbb\xbf", "\r\n")])
def test_bom_and_crlf_keep_line_and_column_numbers(example_repo, run, bom, newline):
    text = GOOD.replace("group: brukare", "group: okand").replace("motet-tid: ja", "motet-tid: kanske")
    (example_repo / B9).write_bytes(bom + text.replace("\n", newline).encode())
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert [line.split(" ", 1)[0] for line in result.stdout.splitlines() if line.startswith(B9)] == [f"{B9}:2:8:"]
    (example_repo / B9).write_bytes(
        bom + GOOD.replace("motet-tid: ja", "motet-tid: kanske").replace("\n", newline).encode()
    )
    result = run("validate", cwd=example_repo)
    assert [line.split(" ", 2)[:2] for line in result.stdout.splitlines()] == [[f"{B9}:6:14:", "error"]]
