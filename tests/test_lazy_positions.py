"""Reading without positions, then making them when a finding asks, gives exactly what the
full build gives: the same data, the same position tables, the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO

from revision_cli.files import yaml_io


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False  # never parsed: the reader stops at file-not-utf8 first
    return True


FILES = sorted(
    path
    for path in [
        *EXAMPLES.rglob("*.yaml"),
        *(REPO / "question_batteries").glob("*.yaml"),
        *(REPO / "tests" / "nasty").rglob("*.yaml"),
    ]
    if _utf8(path)
)
TEXTS = {
    "duplicate key": "a: 1\nb: {x: 1}\na: 2\n",
    "nested duplicate": "a:\n  x: 1\n  x: [1, 2]\n",
    "tag": "a: !!python/name:os.system x\n",
    "set": "a: !!set {x}\n",
    "list key": "? [a, b]\n: 1\n",
    "deep": "a: " + "[" * 60 + "]" * 60 + "\n",
    "plain": (
        "respondent: b1\nanswers:\n  q1: ja\n  q2: {value: 4, comment: 'bra'}\nquotes:\n  - {text: x, publish: true}\n"
    ),
    "dates and numbers": "d: 2012-10-15\nbad: 2012-13-01\nf: 0.1\nb: yes\nt: true\nn: ~\n",
}


def both(text: str, monkeypatch) -> tuple:
    lazy, lazy_findings = yaml_io.parse(text, "x.yaml")
    with monkeypatch.context() as m:
        m.setattr(yaml_io, "_FAST_MAX_DEPTH", -1)  # the full build only
        full, full_findings = yaml_io.parse(text, "x.yaml")
    return lazy, lazy_findings, full, full_findings


def check(text: str, monkeypatch) -> None:
    lazy, lazy_findings, full, full_findings = both(text, monkeypatch)
    assert lazy_findings == full_findings
    assert (lazy is None) == (full is None)
    if lazy is not None:
        assert lazy.data == full.data
        assert lazy.values == full.values and lazy.keys == full.keys
        assert lazy.node is None  # the node tree is let go once the tables exist


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_and_nasty_file(path: Path, monkeypatch):
    check(path.read_bytes().decode("utf-8"), monkeypatch)


@pytest.mark.parametrize("name", list(TEXTS))
def test_unusual_documents(name: str, monkeypatch):
    check(TEXTS[name], monkeypatch)


def test_a_plain_file_is_read_without_positions_until_asked():
    doc, findings = yaml_io.parse(TEXTS["plain"], "x.yaml")
    assert findings == [] and doc.node is not None and doc._tables is None
    assert doc.at(("answers", "q2", "comment")) == (4, 27)
    assert doc.key_at(("quotes",)) == (5, 1)
    assert doc.node is None
