"""yaml_io: one fast parse gives plain data plus the 1-based position of every key and value,
and atomic_write replaces a file whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
import stat
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

from revision_cli.files.atomic import atomic_write
from revision_cli.files.yaml_io import parse, read


def parsed(text: str):
    doc, findings = parse(textwrap.dedent(text).lstrip("\n"), "x.yaml")
    assert findings == []
    assert doc is not None
    return doc


# --- positions -------------------------------------------------------------------------


def test_block_style_positions_of_keys_and_values_are_one_based():
    doc = parsed("""
        respondent: b1
        answers:
          motet-tid: ja
        """)
    assert doc.keys[("respondent",)] == (1, 1)
    assert doc.values[("respondent",)] == (1, 13)
    assert doc.keys[("answers",)] == (2, 1)
    assert doc.keys[("answers", "motet-tid")] == (3, 3)
    assert doc.values[("answers", "motet-tid")] == (3, 14)


def test_flow_style_positions_of_keys_and_values():
    doc = parsed("""
        team: [{id: A, role: x}, {id: B}]
        """)
    assert doc.values[("team",)] == (1, 7)
    assert doc.values[("team", 0)] == (1, 8)
    assert doc.keys[("team", 0, "role")] == (1, 16)
    assert doc.values[("team", 0, "role")] == (1, 22)
    assert doc.values[("team", 1, "id")] == (1, 31)


def test_block_sequence_items_have_their_own_positions():
    doc = parsed("""
        quotes:
          - text: a
          - text: b
        """)
    assert doc.values[("quotes", 0)] == (2, 5)
    assert doc.values[("quotes", 1, "text")] == (3, 11)


def test_at_falls_back_to_the_nearest_enclosing_node():
    doc = parsed("""
        answers:
          q: ja
        """)
    assert doc.at(("answers", "missing", "value")) == doc.values[("answers",)] == (2, 3)
    assert doc.at(()) == (1, 1)


def test_key_at_points_at_the_key_not_the_value():
    doc = parsed("""
        answers:
          motet-tid: ja
        """)
    assert doc.key_at(("answers", "motet-tid")) == (2, 3)
    finding = doc.finding(("answers", "motet-tid"), "schema-unknown-key", "m", key=True)
    assert (finding.line, finding.column) == (2, 3)


# --- values ----------------------------------------------------------------------------


def test_decimals_are_exact_fractions():
    doc = parsed("""
        a: 0.1
        b: 0.5
        c: 1_000.5
        """)
    assert doc.data["a"] == Fraction(1, 10)
    assert isinstance(doc.data["a"], Fraction)
    assert doc.data["b"] == Fraction(1, 2)
    assert doc.data["c"] == Fraction(2001, 2)


def test_integers_stay_integers():
    assert parsed("a: 4\n").data["a"] == 4
    assert type(parsed("a: 4\n").data["a"]) is int


def test_dates_are_dates():
    assert parsed("site_visit: 2012-10-15\n").data["site_visit"] == dt.date(2012, 10, 15)


def test_invalid_date_text_is_kept_as_a_string():
    doc = parsed("site_visit: 2012-02-30\n")
    assert doc.data["site_visit"] == "2012-02-30"
    assert doc.values[("site_visit",)] == (1, 13)


def test_keys_are_kept_as_written_text():
    doc = parsed("""
        no: 1
        1: ja
        2012-10-15: x
        """)
    assert list(doc.data) == ["no", "1", "2012-10-15"]


def test_duplicate_key_is_a_finding_at_the_second_key():
    doc, findings = parse("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert [(f.line, f.column, f.code) for f in findings] == [(3, 1, "yaml-duplicate-key")]
    assert "first on line 1" in findings[0].message


def test_syntax_error_is_a_finding_not_an_exception():
    doc, findings = parse("a: [1, 2\n", "x.yaml")
    assert doc is None
    assert [f.code for f in findings] == ["yaml-syntax"]


def test_read_drops_a_bom_and_keeps_columns(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfgroup: brukare\r\nrespondent: b1\r\n")
    doc, findings = read(path)
    assert findings == []
    assert doc.data == {"group": "brukare", "respondent": "b1"}
    assert doc.values[("group",)] == (1, 8)
    assert doc.values[("respondent",)] == (2, 13)


def test_read_of_a_missing_file_is_a_finding(tmp_path: Path):
    doc, findings = read(tmp_path / "nope.yaml")
    assert doc is None
    assert [f.code for f in findings] == ["file-unreadable"]


# --- atomic_write ----------------------------------------------------------------------


def test_atomic_write_creates_and_replaces_content(tmp_path: Path):
    path = tmp_path / "a.yaml"
    atomic_write(path, "första: 1\n")
    assert path.read_text(encoding="utf-8") == "första: 1\n"
    atomic_write(path, "andra: 2\n")
    assert path.read_text(encoding="utf-8") == "andra: 2\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_atomic_write_writes_newlines_as_lf(tmp_path: Path):
    path = tmp_path / "a.yaml"
    atomic_write(path, "a: 1\nb: 2\n")
    assert path.read_bytes() == b"a: 1\nb: 2\n"


def test_atomic_write_keeps_the_file_mode(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("old\n")
    path.chmod(0o600)
    atomic_write(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "new\n"


def test_atomic_write_gives_a_new_file_the_umask_mode(tmp_path: Path):
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "a.yaml", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.yaml").stat().st_mode) == 0o640


def test_atomic_write_exclusive_refuses_an_existing_file(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("keep me\n")
    with pytest.raises(FileExistsError):
        atomic_write(path, "overwrite\n", exclusive=True)
    assert path.read_text() == "keep me\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_atomic_write_exclusive_creates_a_new_file(tmp_path: Path):
    path = tmp_path / "a.yaml"
    atomic_write(path, "new\n", exclusive=True)
    assert path.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("old: 1\n")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(path, "new: \ud800\n")  # a lone surrogate cannot be encoded
    assert path.read_text() == "old: 1\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_a_failed_write_of_a_new_file_leaves_nothing(tmp_path: Path):
    with pytest.raises(UnicodeEncodeError):
        atomic_write(tmp_path / "a.yaml", "\ud800")
    assert os.listdir(tmp_path) == []


def test_yes_no_on_off_stay_words_and_only_true_false_are_booleans():
    # YAML 1.1 would turn `yes` into True; a battery option `value: yes` must stay a word.
    doc = parsed("""
        a: yes
        b: no
        c: On
        d: true
        e: False
        """)
    assert doc.data == {"a": "yes", "b": "no", "c": "On", "d": True, "e": False}
