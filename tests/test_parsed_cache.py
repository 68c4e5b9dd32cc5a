"""Each file of one audit as parsed, kept under .revision/cache/parsed/ (cache/parsed.py): the
first run after an edit parses only the edited file (issue 12, item 7). What a command prints
never depends on it: a changed file is parsed afresh, a kept file's findings point where a
fresh parse points, and a cache file that is not this user's, or kept for other limits or
another build, is not used."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT
from test_output_cache import cold, revision

from revision_cli.cache import keys, store
from revision_cli.cache.parsed import FOLDER, ParsedFiles, decode, encode
from revision_cli.files.yaml_io import Limits

AUDIT = Path("audits") / EXAMPLE_AUDIT
INTERVIEWS = AUDIT / "interviews"


def same(a: object, b: object) -> bool:
    """Equal, and of the same kinds throughout (1, 1.0 and True are equal in Python)."""
    return repr(a) == repr(b) and a == b


@pytest.mark.parametrize(
    "data",
    [
        {"a": "text", "n": 1, "x": 1.5, "yes": True, "none": None, "list": [1, "två", [False, 0]]},
        {"date": dt.date(2012, 10, 15), "when": dt.datetime(2012, 10, 15, 10, 30, 5)},
        {"aware": dt.datetime(2012, 10, 15, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))},
        {"score": Fraction(1, 2), "scales": [{"options": {1: {"score": Fraction(3, 4)}, 2: "två"}}]},
        {1: "int", 1.5: "float", None: "null", "s": {2: dt.date(2020, 1, 1)}},
        {True: "bool", False: [{0: 0.5}]},
        [dt.date(2012, 1, 1), {3: [Fraction(7, 3)]}],
        dt.date(2012, 1, 1),
        "",
    ],
)
def test_the_data_comes_back_as_it_was_parsed(data):
    encoded = encode(data)
    assert encoded is not None
    assert same(decode(*encoded), data)
    again = decode(*encoded)
    assert again is not decode(*encoded) or not isinstance(again, (list, dict))  # each use gets its own


@pytest.mark.parametrize("data", [{"b": b"bytes"}, {dt.date(2012, 1, 1): "date key"}, [{"s": {1, 2}}]])
def test_a_value_with_no_form_leaves_the_file_unkept(data):
    assert encode(data) is None


def kept_files(repo: Path) -> dict[str, list]:
    """Every kept file's entry, by its name below its folder."""
    found: dict[str, list] = {}
    for path in sorted((repo / FOLDER).glob("*.json")):
        found.update(json.loads(path.read_bytes())["body"]["files"])
    return found


def test_an_edited_file_is_parsed_again_and_the_others_come_from_the_cache(example_repo):
    args = ("score", EXAMPLE_AUDIT, "--format", "json")
    revision(example_repo, *args)
    first = kept_files(example_repo)
    interviews = sorted(p.name for p in (example_repo / INTERVIEWS).glob("*.yaml"))
    assert {f"interviews/{name}" for name in interviews} <= set(first)
    assert "audit.yaml" in first
    edited = example_repo / INTERVIEWS / interviews[0]
    text = edited.read_text(encoding="utf-8")
    assert "motet-valkommen: ja" in text
    edited.write_text(text.replace("motet-valkommen: ja", "motet-valkommen: nej"), encoding="utf-8")
    code, out, err, _ = revision(example_repo, *args)
    second = kept_files(example_repo)
    assert second[f"interviews/{edited.name}"][0] != first[f"interviews/{edited.name}"][0]
    assert {k: v for k, v in second.items() if k != f"interviews/{edited.name}"} == {
        k: v for k, v in first.items() if k != f"interviews/{edited.name}"
    }
    assert (code, out, err) == cold(example_repo, *args)


def test_a_finding_in_a_kept_file_points_where_a_fresh_parse_points(example_repo):
    """The finding's file comes from the cache on the second run (only another file changed):
    its line and column are worked out from its text again."""
    broken = example_repo / INTERVIEWS / "b1.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("motet-tid: ja", "motet-tid: kanske"), encoding="utf-8")
    args = ("validate", str(AUDIT))
    expected = cold(example_repo, *args)
    assert expected[0] == 1 and "b1.yaml:" in expected[1]
    assert "interviews/b1.yaml" in kept_files(example_repo)
    other = example_repo / INTERVIEWS / "b2.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert revision(example_repo, *args)[:3] == expected
    # The same for the report's refusal, which names the findings.
    other.write_text(other.read_text(encoding="utf-8") + "# again\n", encoding="utf-8")
    report = revision(example_repo, "report", EXAMPLE_AUDIT)[:3]
    assert report[0] != 0 and "b1.yaml:" in report[2]
    assert report == cold(example_repo, "report", EXAMPLE_AUDIT)


def test_a_local_battery_is_kept_and_parsed_again_when_it_changes(example_repo):
    import re

    from conftest import REPO

    builtin = sorted((REPO / "question_batteries").glob("*.yaml"))[0]
    battery = example_repo / "batteries" / "egen.yaml"
    battery.parent.mkdir(exist_ok=True)
    text = re.sub(r"(?m)^id:.*$", "id: egen", builtin.read_text(encoding="utf-8"), count=1)
    battery.write_text(text, encoding="utf-8")
    args = ("validate",)
    revision(example_repo, *args)
    assert f"{battery.name}" in kept_files(example_repo)
    before = kept_files(example_repo)[battery.name][0]
    battery.write_text(battery.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert revision(example_repo, *args)[:3] == cold(example_repo, *args)
    assert kept_files(example_repo)[battery.name][0] != before


def test_a_kept_file_that_is_not_this_users_is_not_used(example_repo):
    args = ("score", EXAMPLE_AUDIT, "--format", "json")
    expected = cold(example_repo, *args)
    (path,) = [p for p in (example_repo / FOLDER).glob("*.json") if "audit.yaml" in p.read_text()]
    raw = json.loads(path.read_bytes())
    files = raw["body"]["files"]
    # Another interview's data under a file's name, the seal kept: not this user's any more.
    names = sorted(n for n in files if n.startswith("interviews/"))
    files[names[0]] = [files[names[0]][0], *files[names[1]][1:]]
    body = json.dumps(raw["body"], separators=(",", ":"))
    path.write_text(f'{{"seal":"{raw["seal"]}","body":{body}}}\n')
    shutil.rmtree(example_repo / ".revision" / "cache" / "output")  # so that the audit is read
    interview = example_repo / INTERVIEWS / "b2.yaml"
    interview.write_text(interview.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert revision(example_repo, *args)[:3] == expected


def test_kept_files_are_keyed_by_their_bytes_the_limits_and_the_tool(example_repo, monkeypatch):
    folder = example_repo / AUDIT
    path = folder / "audit.yaml"
    parsed = ParsedFiles(example_repo, folder)
    doc, findings = parsed.read(path)
    assert doc is not None and not doc.restored and not findings
    parsed.save()

    again = ParsedFiles(example_repo, folder)
    doc2, _ = again.read(path)
    assert doc2 is not None and doc2.restored and same(doc2.data, doc.data)
    assert doc2.values == doc.values and doc2.keys == doc.keys and doc2.written == doc.written

    # Other bytes: parsed afresh.
    path.write_text(path.read_text(encoding="utf-8").replace("2012", "2013", 1), encoding="utf-8")
    doc3, _ = ParsedFiles(example_repo, folder).read(path)
    assert doc3 is not None and not doc3.restored and not same(doc3.data, doc.data)
    path.write_text(path.read_text(encoding="utf-8").replace("2013", "2012", 1), encoding="utf-8")
    # Other limits (revision.yaml's): not this cache's.
    assert ParsedFiles(example_repo, folder, Limits(max_depth=60)).entries == {}
    # Another build of the tool: not this cache's.
    assert ParsedFiles(example_repo, folder).entries
    monkeypatch.setattr(keys, "_TOOL", "another build")
    assert ParsedFiles(example_repo, folder).entries == {}


def test_validate_without_cache_keeps_nothing(example_repo):
    revision(example_repo, "validate", "--no-cache", str(AUDIT))
    assert not (example_repo / FOLDER).exists()


def test_the_store_reads_what_parsed_wrote(example_repo):
    revision(example_repo, "score", EXAMPLE_AUDIT, "--format", "json")
    for path in (example_repo / FOLDER).glob("*.json"):
        relative = path.relative_to(example_repo)
        assert store.read(example_repo, relative, "parsed", 1) == json.loads(path.read_bytes())["body"]
        assert store.read(example_repo, relative, "validate") is None
