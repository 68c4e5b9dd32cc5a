"""`revision privacy --redact` on a realistic audit, byte for byte: the files in
tests/golden/redact/before/ (comments, quoted and plain texts, flow lists and maps, `|`, `|+`
and `>` blocks, anchors and aliases, a file with a byte order mark, one with CRLF line endings,
`---` and `...`, `~`, `True`) are redacted and compared with tests/golden/redact/after/
(`pytest --update-goldens` rewrites those; read the diff). Lines marked `ruamel:` in the
files are those the README says ruamel writes its own way ("How --redact edits a file")."""

from __future__ import annotations

import difflib
import re
import shutil
from fractions import Fraction

import pytest
from conftest import EXAMPLE_AUDIT, REPO

pytestmark = pytest.mark.lang("en")  # the summary line is asserted in English

GOLDEN = REPO / "tests" / "golden" / "redact"
AUDIT = f"audits/{EXAMPLE_AUDIT}"
NAMES = ("Anna Svensson", "Bertil")
# Everything planted in the files, and nothing else that redaction may remove.
PLANTED = (
    *NAMES,
    "anna.svensson@example.se",
    "b2@example.se",
    "031-365 00 00",
    "070-123 45 67",
    "08-123 456 78",
    "811218-9876",
)
FILES = sorted(p.relative_to(GOLDEN / "before").as_posix() for p in (GOLDEN / "before").rglob("*.yaml"))


@pytest.fixture
def redacted(example_repo, run):
    """The example repository with its audit replaced by the golden one, after --redact."""
    audit = example_repo / AUDIT
    shutil.rmtree(audit)
    shutil.copytree(GOLDEN / "before", audit)
    (example_repo / "privacy.yaml").write_text("names:\n" + "".join(f"  - {n}\n" for n in NAMES), encoding="utf-8")
    before = {name: ((audit / name).read_bytes(), (audit / name).stat().st_mtime_ns) for name in FILES}
    result = run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("Replaced 18 findings in 6 files with [borttaget].\n")
    return audit, before


def test_the_golden_files_are_what_their_names_say():
    b1, b2 = (GOLDEN / "before" / "interviews" / name for name in ("b1.yaml", "b2.yaml"))
    assert b1.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" not in b1.read_bytes()
    raw = b2.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 0, "b2.yaml must keep CRLF line endings (see .gitattributes)"


@pytest.mark.parametrize("name", FILES)
def test_each_redacted_file_matches_its_golden(redacted, update_goldens, name):
    audit, _ = redacted
    actual = (audit / name).read_bytes()
    golden = GOLDEN / "after" / name
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert golden.exists(), f"{golden} is missing; run pytest --update-goldens"
    if actual != golden.read_bytes():
        diff = difflib.unified_diff(
            golden.read_bytes().decode().splitlines(), actual.decode().splitlines(), "golden", "redacted", lineterm=""
        )
        pytest.fail(f"{name} differs from its golden (pytest --update-goldens rewrites it):\n" + "\n".join(diff))


def test_a_file_with_nothing_found_is_not_rewritten(redacted):
    audit, before = redacted
    assert ((audit / "interviews/b4.yaml").read_bytes(), (audit / "interviews/b4.yaml").stat().st_mtime_ns) == before[
        "interviews/b4.yaml"
    ]


def test_no_planted_string_is_left(redacted):
    audit, _ = redacted
    for name in FILES:
        text = (audit / name).read_text(encoding="utf-8-sig")
        for planted in PLANTED:
            assert not re.search(r"\s+".join(map(re.escape, planted.split())), text), (name, planted)


def test_the_only_change_in_meaning_is_the_redacted_strings(redacted):
    """Read before and after with the safe loader: the same data, except texts whose
    [borttaget] stand where a planted string stood."""
    import yaml

    audit, before = redacted
    for name in FILES:
        old = yaml.safe_load(before[name][0].decode("utf-8-sig"))
        new = yaml.safe_load((audit / name).read_bytes().decode("utf-8-sig"))
        _same_but_redacted(old, new, name)


def _same_but_redacted(old, new, where: str) -> None:
    assert type(old) is type(new) or {type(old), type(new)} <= {int, float, Fraction}, where
    if isinstance(old, dict):
        assert list(old) == list(new), where
        for key in old:
            _same_but_redacted(old[key], new[key], f"{where}.{key}")
    elif isinstance(old, list):
        assert len(old) == len(new), where
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _same_but_redacted(a, b, f"{where}.{i}")
    elif isinstance(old, str) and old != new:
        # Each [borttaget] replaced one planted string (whitespace inside it may have been a line break).
        planted = "|".join(r"\s+".join(map(re.escape, p.split())) for p in PLANTED)
        pieces = [re.escape(piece) for piece in new.split("[borttaget]")]
        assert len(pieces) > 1, where
        assert re.fullmatch(f"(?:{planted})".join(pieces), old), where
    else:
        assert old == new, where
