"""The one editing path for a person's YAML (revision_cli/files/roundtrip.py, ruamel.yaml's
round-trip mode), by property: interviews built from every way of writing a text that the
README says is kept (plain, '…', "…", flow maps, `|` and `>` blocks, anchors and aliases,
comments after values and on their own lines, a BOM, CRLF), with personal data planted in
some texts, redacted through the scanner. Each time: the file means exactly what it meant
with the planted strings replaced, and every line without one is byte for byte as it was."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PHONE = "070-123 45 67"
WORD = st.sampled_from(["ja", "Mötet", "gick", "bra", "för", "väntrummet", "är", "lugnt", "och", "tyst", "då"])
PLAIN = st.lists(WORD, min_size=2, max_size=6).map(" ".join)
QUOTED = st.lists(
    st.sampled_from(["sa", "hon", "'ja'", 'då: "nej"', "#1", "ok,", "[x]", "{y}"]), min_size=1, max_size=4
)


@st.composite
def texts(draw) -> tuple[str, bool]:
    """(a text, whether it holds personal data)."""
    words = draw(st.lists(st.one_of(PLAIN, QUOTED.map(" ".join)), min_size=1, max_size=2))
    planted = draw(st.booleans())
    if planted:
        words.insert(draw(st.integers(0, len(words))), PHONE)
    return " ".join(words), planted


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _double(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain_ok(text: str) -> bool:
    return re.fullmatch(r"[A-Za-zåäöÅÄÖ][\w åäöÅÄÖ,.-]*[\wåäö.]", text) is not None


@st.composite
def answer(draw, index: int, anchors: list[str]) -> tuple[list[str], bool]:
    """The lines of one answer `q{index}`, and whether they hold personal data."""
    key = f"  q{index}:"
    comment = draw(st.sampled_from(["", "  # anteckning", "    # svaret lästes upp"]))
    if anchors and draw(st.integers(0, 5)) == 0:
        name, planted = anchors[draw(st.integers(0, len(anchors) - 1))]
        return [f"{key} *{name}"], planted  # a comment after an alias moves (README)
    text, planted = draw(texts())
    style = draw(st.sampled_from(["plain", "single", "double", "flow", "literal", "folded", "anchor"]))
    if style == "plain" and not _plain_ok(text):
        style = "single"
    if style == "plain":
        return [f"{key} {text}{comment}"], planted
    if style == "single":
        return [f"{key} {_single(text)}{comment}"], planted
    if style == "double":
        return [f"{key} {_double(text)}{comment}"], planted
    if style == "flow":
        return [f"{key} {{value: ja, comment: {_double(text)}}}{comment}"], planted
    if style == "anchor":
        name = f"a{index}"
        anchors.append((name, planted))
        return [f"{key} &{name} {_double(text)}{comment}"], planted
    second, more = draw(texts())
    indicator = draw(st.sampled_from(["", "-", "+"])) if style == "literal" else draw(st.sampled_from(["", "-"]))
    mark = "|" if style == "literal" else ">"
    body = [f"    {text}", f"    {second}"] if style == "literal" else [f"    {text}", f"    {second} slut."]
    if indicator == "+":  # kept line breaks: a `|+` that keeps none is written `|` (README)
        body.append("")
    return [f"{key} {mark}{indicator}{comment}", *body], planted or more


@st.composite
def interviews(draw) -> tuple[list[str], str, bool]:
    """(lines, line break, BOM) of an interview with at least one planted phone number."""
    lines = [
        "# Intervju med brukare b9: bara koden, aldrig namnet.",
        "respondent: b9          # koden",
        "group: brukare",
        "date: 2012-10-15",
        "interviewers: [A, C]",
        draw(st.sampled_from(["consent: true", "consent: True   # ja", "consent: ~"])),
        "answers:",
    ]
    anchors: list[tuple[str, bool]] = []
    planted_any = False
    answer_lines: list[str] = []
    for index in range(draw(st.integers(1, 7))):
        if draw(st.booleans()):
            between = ["  # ---- BEMÖTANDE ----", ""]
            if len(answer_lines) == 1:  # after a block, an indented line would be the block's text
                between.append("    # indragen kommentar")
            lines.append(draw(st.sampled_from(between)))
        answer_lines, planted = draw(answer(index, anchors))
        lines += answer_lines
        planted_any = planted_any or planted
    if not planted_any:
        lines.append(f"  sist: ring {PHONE}")
    lines += ["quotes:", '  - {text: "Bra.", publish: true}', "# slut på filen"]
    return lines, draw(st.sampled_from(["\n", "\r\n"])), draw(st.booleans())


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(interviews())
def test_redaction_changes_only_the_planted_strings_and_the_lines_holding_them(tmp_path, interview):
    import yaml

    from revision_cli.privacy.scanner import WatchList, redact_file, replaced, scan_file

    lines, newline, bom = interview
    raw = ("\ufeff" if bom else "") + newline.join(lines) + newline
    path = tmp_path / "interviews" / "b9.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(raw.encode("utf-8"))

    scanned = scan_file(path, WatchList())
    assert not scanned.problems and scanned.hits
    new = redact_file(scanned)
    assert new is not None, scanned.problems

    assert new.startswith("\ufeff") == bom
    expected = yaml.safe_load(raw.removeprefix("\ufeff"))
    for loc, (value, matches) in scanned.changes.items():
        holder = expected
        for part in loc[:-1]:
            holder = holder[part]
        holder[loc[-1]] = replaced(value, matches)  # what the scanner found, and nothing else
    assert yaml.safe_load(new.removeprefix("\ufeff")) == expected
    old_lines, new_lines = raw.split(newline), new.split(newline)
    assert len(new_lines) == len(old_lines), new
    for number, (was, now) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
        if PHONE not in was and not re.search(r"\*a\d+", was):  # an alias prints nothing itself
            assert now == was, (number, new)
    assert "\r" not in new.replace("\r\n", "") and (newline == "\r\n") == ("\r\n" in new)


@pytest.mark.parametrize(
    "source, expected",
    [
        # what ruamel writes its own way (README "How --redact edits a file")
        ("a:   x\nb: ring 070-123 45 67\n", "a: x\nb: ring [borttaget]\n"),
        ("a: [ x,  y ]\nb: ring 070-123 45 67\n", "a: [x, y]\nb: ring [borttaget]\n"),
        ("a: en\n  rad\nb: ring 070-123 45 67\n", "a: en rad\nb: ring [borttaget]\n"),
        ('a: "\\u00e4"\nb: ring 070-123 45 67\n', 'a: "ä"\nb: ring [borttaget]\n'),
        ("a: x   \nb: ring 070-123 45 67\n", "a: x\nb: ring [borttaget]\n"),
        ("a: &x v\nc: *x  # c\nb: ring 070-123 45 67\n", "a: &x v\nc: *x\n       # c\nb: ring [borttaget]\n"),
        # and what it keeps although ruamel alone would not
        ("a: null # c\nb: ~\nc: True\nd: 010\nb2: ring 070-123 45 67\n", None),
        ("# före\n---\nb: ring 070-123 45 67\n...\n", None),
        ("x: &oanvand {k: v}\nb: ring 070-123 45 67\n", None),
        ("- a\n- b:\n    - c\n  d: ring 070-123 45 67\n", None),
    ],
)
def test_what_ruamel_changes_and_what_it_keeps(source, expected):
    from revision_cli.files import roundtrip

    document = roundtrip.load(source)
    loc = ("b",) if "b: ring" in source else ("b2",) if "b2:" in source else (1, "d")
    old = document.get(loc)
    at = old.index("070")
    document.replace_text(loc, [(at, at + 13, "[borttaget]")], expected=str(old))
    assert roundtrip.dump(document) == (expected or source.replace("070-123 45 67", "[borttaget]"))


def test_an_edit_at_a_path_that_is_not_there_or_not_the_text_read_is_refused():
    from revision_cli.files import roundtrip

    document = roundtrip.load("a: {b: text}\n1: x\n")
    with pytest.raises(roundtrip.RoundTripError):
        document.replace_text(("a", "c"), [(0, 1, "X")])
    with pytest.raises(roundtrip.RoundTripError):
        document.replace_text(("a", "b"), [(0, 1, "X")], expected="other")
    assert document.replace_text(("1",), [(0, 1, "y")], expected="x") == "y"  # a key as the checks read it
    assert roundtrip.dump(document) == "a: {b: text}\n1: y\n"


def test_write_replaces_the_file_whole_and_keeps_its_mode(tmp_path):
    import os

    from revision_cli.files import roundtrip

    path = tmp_path / "b9.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1  # c\r\nb: ring 070-123 45 67\r\n")
    os.chmod(path, 0o640)
    document = roundtrip.load(path.read_bytes().decode("utf-8"))
    document.replace_text(("b",), [(5, 18, "[borttaget]")])
    roundtrip.write(path, document)
    assert path.read_bytes() == b"\xef\xbb\xbfa: 1  # c\r\nb: ring [borttaget]\r\n"
    assert path.stat().st_mode & 0o777 == 0o640 and [p.name for p in tmp_path.iterdir()] == ["b9.yaml"]
