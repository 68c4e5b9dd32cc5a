"""A checked-in corpus of hostile and broken interview files, each with the findings it must
give (tests/nasty/expected.yaml, rewritten only with --update-goldens). None may crash,
hang or change a file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, snapshot

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

NASTY = Path(__file__).parent / "nasty"
EXPECTED = NASTY / "expected.yaml"
FINDING = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning) \[(?P<code>[a-z0-9-]+)\]"
)
CASES = sorted(p.name for p in NASTY.glob("*.yaml") if p != EXPECTED)


def findings_for(example_repo, run, name: str) -> list[str]:
    target = example_repo / "audits" / EXAMPLE_AUDIT / "interviews" / name
    shutil.copyfile(NASTY / name, target)
    before = snapshot(example_repo)
    result = run("validate", cwd=example_repo)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert snapshot(example_repo) == before
    lines = [line for line in result.stdout.splitlines() if line != "No problems found."]
    assert all(FINDING.match(line) for line in lines), lines
    ours = [FINDING.match(line) for line in lines if line.startswith(f"audits/{EXAMPLE_AUDIT}/interviews/{name}:")]
    total_lines = (NASTY / name).read_bytes().count(b"\n") + 1
    assert all(1 <= int(m["line"]) <= total_lines for m in ours)
    return [f"{m['line']}:{m['column']} {m['severity']} {m['code']}" for m in ours]


def test_every_corpus_file_has_expected_findings():
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}
    assert sorted(expected) == CASES


@pytest.mark.parametrize("name", CASES)
def test_corpus_file_gives_its_expected_findings(example_repo, run, update_goldens, name):
    got = findings_for(example_repo, run, name)
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}
    if update_goldens:
        expected[name] = got
        EXPECTED.write_text(
            yaml.safe_dump(dict(sorted(expected.items())), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    assert got == expected.get(name), f"{name}: got {got}"
