"""`revision privacy AUDIT [--redact]` through the real command: every kind of personal data in
every kind of free-text place at its exact position, names from privacy.yaml, redaction that
changes only the found strings, and `revision validate` reporting the same things."""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import EXAMPLE_AUDIT

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = f"audits/{EXAMPLE_AUDIT}"
B1 = f"{AUDIT}/interviews/b1.yaml"
ASSESSMENT = f"{AUDIT}/assessment.yaml"
ACTIONS = f"{AUDIT}/actions.yaml"
FINDING = re.compile(r"^(?P<where>\S+:\d+:\d+): warning \[personal-data\] (?P<message>.*)$")


def with_check_digit(nine_digits: str) -> str:
    total = 0
    for i, digit in enumerate(nine_digits):
        product = int(digit) * (2 - i % 2)
        total += product - 9 if product > 9 else product
    return nine_digits + str((10 - total % 10) % 10)


PNR = "811218-9876"
COORDINATION = with_check_digit("811278-987".replace("-", ""))  # day 78 = 18 + 60
KINDS = {
    "personal identity number": (PNR, "a Swedish personal identity number"),
    "coordination number": (COORDINATION, "a Swedish coordination number"),
    "phone number": ("070-123 45 67", "a phone number"),
    "e-mail address": ("anna.svensson@example.se", "an e-mail address"),
}
# (file, text in the example, the same text with {} where the personal data goes)
PLACES = {
    "answer comment": (B1, 'comment: "Visste inte att', 'comment: "Visste inte ({}) att'),
    "free-text answer": (
        B1,
        'information-ovrigt: "Man får veta saker',
        "information-ovrigt: Man får veta {} och saker",
    ),
    "quote": (B1, '{text: "Man vill ju inte vara', '{text: "Man vill ju ({}) inte vara'),
    "assessment summary": (ASSESSMENT, "Det här var ett pilotprojekt:", "Det här var ett pilotprojekt ({}):"),
    "assessment strength": (ASSESSMENT, "- stämningen vid mötena är lugn", "- stämningen vid mötena är lugn, {}"),
    "action follow_up": (ACTIONS, "En checklista används", "En checklista ({}) används"),
}


def edit(repo, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of `needle` in a file's text, counted by hand."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def found(result) -> list[tuple[str, str]]:
    return [(m["where"], m["message"]) for m in map(FINDING.match, result.stdout.splitlines()) if m]


def names(repo, *listed: str) -> None:
    (repo / "privacy.yaml").write_text(
        "# Namn att se upp med\nnames:\n" + "".join(f"  - {n}\n" for n in listed), encoding="utf-8"
    )


def test_the_example_is_clean(example_repo, run):
    result = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert (result.exit_code, result.stdout) == (0, "No personal data found.\n")
    data = json.loads(run("privacy", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    assert data == {"audit": EXAMPLE_AUDIT, "redacted": False, "found": [], "files_changed": [], "problems": []}


def positions(text: str, needle: str) -> list[tuple[int, int]]:
    """1-based line and column of every `needle` in a file's text, counted by hand."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        found += [(number, m.start() + 1) for m in re.finditer(re.escape(needle), line)]
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_in_every_free_text_place_is_found_where_it_stands_and_redacted(example_repo, run, kind):
    secret, description = KINDS[kind]
    for path, old, new in PLACES.values():
        edit(example_repo, path, old, new.replace("{}", secret))
    before = {path: (example_repo / path).read_text(encoding="utf-8") for path in (B1, ASSESSMENT, ACTIONS)}
    where = sorted((path, *at) for path, text in before.items() for at in positions(text, secret))
    assert len(where) == len(PLACES)
    result = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 1
    assert found(result) == [
        (
            f"{p}:{line}:{col}",
            f"this text contains what looks like {description} ({secret[:3]}…); remove it or replace it with a code",
        )
        for p, line, col in where
    ]
    assert secret not in result.output
    checked = found(run("validate", "-q", cwd=example_repo))  # the same scanner, the same places
    assert checked == found(result)

    redacted = run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo)
    assert redacted.exit_code == 0 and secret not in redacted.output
    assert redacted.stdout.splitlines() == [f"{p}:{line}: replaced {description}" for p, line, _ in where] + [
        f"Replaced {len(PLACES)} findings in 3 files with [borttaget]."
    ]
    for path, text in before.items():
        assert (example_repo / path).read_text(encoding="utf-8") == text.replace(secret, "[borttaget]")
    assert run("privacy", EXAMPLE_AUDIT, cwd=example_repo).stdout == "No personal data found.\n"
    assert run("validate", "-q", "--strict", cwd=example_repo).exit_code == 0


def test_positions_by_hand_in_a_flow_mapping_a_plain_scalar_and_a_block(example_repo, run):
    edit(example_repo, B1, "  motet-tid: ja\n", '  motet-tid: {value: ja, comment: "ring 070-123 45 67"}\n')
    edit(example_repo, B1, 'motet-ovrigt: "Det är lugnt', 'motet-ovrigt: ring 08-123 456 78 "Det är lugnt')
    edit(example_repo, ACTIONS, "igenom med klienter", "igenom med 811218-9876 klienter")
    result = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert [where for where, _ in found(result)] == [f"{ACTIONS}:13:16", f"{B1}:13:41", f"{B1}:15:22"]


def test_validate_reports_the_same_findings_where_privacy_does(example_repo, run):
    edit(example_repo, B1, "  motet-tid: ja\n", '  motet-tid: {value: ja, comment: "ring 070-123 45 67"}\n')
    result = run("validate", "-q", cwd=example_repo)
    assert result.exit_code == 0
    assert [where for where, _ in found(result)] == [f"{B1}:13:41"]  # the number, not the value's start
    assert found(result) == found(run("privacy", EXAMPLE_AUDIT, cwd=example_repo))


# --- names from privacy.yaml ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, hit",
    [
        ("Vi pratade med ANNA igen", "ANNA"),
        ("Sa anna, eller hur?", "anna"),
        ("Annakarin ringde", None),
        ("Karianna ringde", None),
        ("Anna_Lena ringde", None),
        ("åsa kom också", "åsa"),
        ("Åsalund är en plats", None),
        ("ringde Anna   Svensson i går", "Anna   Svensson"),
    ],
)
def test_names_match_case_insensitively_as_whole_words(example_repo, run, text, hit):
    names(example_repo, "Anna", "Åsa", "Anna Svensson")
    edit(example_repo, B1, '"Man får veta saker om man frågar, annars inte."', f'"{text}"')
    result = run("privacy", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo)
    data = json.loads(result.stdout)
    if hit is None:
        assert (result.exit_code, data["found"]) == (0, [])
        return
    assert result.exit_code == 1
    [entry] = data["found"]
    line = (example_repo / B1).read_text(encoding="utf-8").splitlines().index(f'  information-ovrigt: "{text}"') + 1
    assert (entry["kind"], entry["line"], entry["column"]) == ("name", line, 24 + text.index(hit))
    assert entry["shown"] == hit[0] + "…" and hit not in result.stdout


def test_a_name_broken_over_lines_in_a_folded_block_is_found_and_redacted(example_repo, run):
    names(example_repo, "Anna Svensson")
    edit(example_repo, ACTIONS, "Den ska också gås\n", "Den ska också gås med Anna\n    Svensson\n")
    result = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert [where for where, _ in found(result)] == [f"{ACTIONS}:12:77"]
    assert run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo).exit_code == 0
    text = (example_repo / ACTIONS).read_text(encoding="utf-8")
    assert "    En checklista används vid nybesök sedan februari. Den ska också gås med [borttaget]\n" in text
    assert "  follow_up: >-\n" in text


def test_validate_warns_about_a_name_without_repeating_it(example_repo, run):
    names(example_repo, "Bertil Ek")
    edit(example_repo, B1, '"Man får veta saker', '"Bertil  ek sa att man får veta saker')
    result = run("validate", "-q", cwd=example_repo)
    [(where, message)] = found(result)
    assert where == f"{B1}:37:24"
    assert message == "this text contains a name from privacy.yaml (B…); remove it or replace it with a code"
    assert "Bertil" not in result.output and "ek sa" not in result.output
    assert run("validate", "-q", "--strict", cwd=example_repo).exit_code == 1


def test_a_name_inside_an_email_address_is_reported_once(example_repo, run):
    names(example_repo, "Anna")
    edit(example_repo, B1, '"Man får veta saker', '"anna.svensson@example.se: man får veta saker')
    data = json.loads(run("privacy", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    assert [e["kind"] for e in data["found"]] == ["email-address"]


# --- privacy.yaml itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, where, code",
    [
        ("names:\n  - Anna\nnamn:\n  - Bo\n", "privacy.yaml:3:1", "schema-unknown-key"),
        ("names:\n  - Anna\n  - 12\n", "privacy.yaml:3:5", "schema-type"),
        ("names:\n  - '  '\n", "privacy.yaml:2:5", "schema-value"),
        ("names: [Anna\n", "privacy.yaml:2:1", "yaml-syntax"),
    ],
)
def test_a_broken_privacy_file_is_reported_by_validate_and_stops_privacy(example_repo, run, content, where, code):
    (example_repo / "privacy.yaml").write_text(content, encoding="utf-8")
    result = run("validate", "-q", cwd=example_repo)
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(where)}: error \[{code}\]", result.stdout, re.M), result.stdout
    only = run("validate", "-q", "privacy.yaml", cwd=example_repo)
    assert only.exit_code == 1 and only.stdout.startswith(f"{where}: error [{code}]")
    stopped = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert stopped.exit_code == 1 and "privacy.yaml has errors" in stopped.stderr
    assert "Anna" not in result.output + stopped.output


def test_names_still_watched_while_privacy_yaml_has_an_unknown_key(example_repo, run):
    (example_repo / "privacy.yaml").write_text("names: [Anna]\nnamn: [Bo]\n", encoding="utf-8")
    edit(example_repo, B1, '"Man får veta saker', '"Anna sa att man får veta saker')
    assert [where for where, _ in found(run("validate", "-q", cwd=example_repo))] == [f"{B1}:37:24"]


def test_a_privacy_file_with_only_comments_is_fine(example_repo, run):
    (example_repo / "privacy.yaml").write_text("# names:\n#   - Anna\n", encoding="utf-8")
    assert run("validate", "-q", "--strict", cwd=example_repo).exit_code == 0
    assert run("privacy", EXAMPLE_AUDIT, cwd=example_repo).exit_code == 0


# --- redaction in place --------------------------------------------------------------------

B9 = f"{AUDIT}/interviews/b9.yaml"
INTERVIEW = """\
respondent: b9          # koden, aldrig namnet
group: brukare
date: 2012-10-15
interviewers: [A, B]
answers:
  motet-valkommen: ja
  motet-tid: {value: ja, comment: ring 070-123 45 67}
  motet-ovrigt:   070-123 45 67 är numret   # anteckning
  information-ovrigt: 'Hon sa ''ring 08-123 456 78'' till mig'
  aktiviteter-nojd: 4
  arbete-ovrigt: |
    Första raden.
    Andra raden med 811218-9876 i.
    Tredje raden.
quotes:
  - {text: "Bra", publish: true}
consent: true
"""
REDACTED_LINES = {
    7: "  motet-tid: {value: ja, comment: 'ring [borttaget]'}",
    # ruamel writes one space after a key's colon; the comment stays in its column (README).
    8: "  motet-ovrigt: '[borttaget] är numret'     # anteckning",
    9: "  information-ovrigt: 'Hon sa ''ring [borttaget]'' till mig'",
    13: "    Andra raden med [borttaget] i.",
}


def files_and_times(folder) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_redaction_changes_only_the_lines_with_found_strings(example_repo, run):
    (example_repo / B9).write_text(INTERVIEW, encoding="utf-8")
    os.chmod(example_repo / B9, 0o640)
    audit = example_repo / AUDIT
    before = files_and_times(audit)
    result = run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{B9}:{n}: replaced {d}"
        for n, d in [
            (7, "a phone number"),
            (8, "a phone number"),
            (9, "a phone number"),
            (13, "a Swedish personal identity number"),
        ]
    ] + ["Replaced 4 findings in 1 file with [borttaget]."]
    after = (example_repo / B9).read_text(encoding="utf-8").split("\n")
    old = INTERVIEW.split("\n")
    assert len(after) == len(old)
    for number, (was, now) in enumerate(zip(old, after, strict=True), start=1):
        assert now == REDACTED_LINES.get(number, was), f"line {number}"
    assert (example_repo / B9).stat().st_mode & 0o777 == 0o640
    now = files_and_times(audit)
    assert sorted(now) == sorted(before), "a temporary file was left behind"
    assert {name: v for name, v in now.items() if name != "b9.yaml"} == {
        name: v for name, v in before.items() if name != "b9.yaml"
    }
    assert run("validate", "-q", "--strict", cwd=example_repo).exit_code == 0


def test_redaction_is_idempotent(example_repo, run):
    (example_repo / B9).write_text(INTERVIEW, encoding="utf-8")
    assert run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo).exit_code == 0
    before = files_and_times(example_repo)
    again = run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo)
    assert (again.exit_code, again.stdout) == (0, "No personal data found; nothing changed.\n")
    assert files_and_times(example_repo) == before


def test_line_endings_and_a_byte_order_mark_are_kept(example_repo, run):
    raw = b"\xef\xbb\xbf" + INTERVIEW.replace("\n", "\r\n").encode("utf-8")
    (example_repo / B9).write_bytes(raw)
    result = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert [where for where, _ in found(result)] == [f"{B9}:7:40", f"{B9}:8:19", f"{B9}:9:38", f"{B9}:13:21"]
    assert run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo).exit_code == 0
    expected = "\r\n".join(REDACTED_LINES.get(n, line) for n, line in enumerate(INTERVIEW.split("\n"), start=1))
    assert (example_repo / B9).read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_text_hidden_behind_escapes_is_rewritten_as_one_quoted_scalar(example_repo, run):
    (example_repo / B9).write_text(
        INTERVIEW.replace("'Hon sa ''ring 08-123 456 78'' till mig'", '"ring 070\\u002d123 45 67,\\tsa hon"'),
        encoding="utf-8",
    )
    result = run("privacy", EXAMPLE_AUDIT, cwd=example_repo)
    assert f"{B9}:9:23" in [where for where, _ in found(result)]  # the value's start: the source differs
    assert run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo).exit_code == 0
    lines = (example_repo / B9).read_text(encoding="utf-8").split("\n")
    assert lines[8] == '  information-ovrigt: "ring [borttaget],\\tsa hon"'


@pytest.mark.parametrize(
    "broken, code",
    [
        ("answers:\n  motet-tid: [ja\n", "yaml-syntax"),
        ("answers:\n  motet-ovrigt: ring 070-123 45 67\n  motet-ovrigt: ja\n", "yaml-duplicate-key"),
    ],
)
def test_a_file_that_is_not_valid_yaml_is_never_touched(example_repo, run, broken, code):
    (example_repo / B9).write_text(INTERVIEW.split("answers:\n")[0] + broken, encoding="utf-8")
    edit(example_repo, B1, '"Man får veta saker', '"Ring 070-123 45 67, man får veta saker')
    raw = (example_repo / B9).read_bytes()
    result = run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo)
    assert result.exit_code == 1
    assert re.search(rf"^{B9}:\d+:\d+: error \[{code}\]", result.stdout, re.M)
    assert f"{B1}:37: replaced a phone number" in result.stdout  # the other files are still cleaned
    assert (example_repo / B9).read_bytes() == raw
    assert "070-123" not in result.output
    assert run("privacy", EXAMPLE_AUDIT, cwd=example_repo).exit_code == 1


def test_json_output_shape(example_repo, run):
    names(example_repo, "Anna")
    (example_repo / B9).write_text(INTERVIEW.replace("Första raden.", "Anna ringde."), encoding="utf-8")
    listed = json.loads(run("privacy", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    assert listed["found"][3] == {
        "path": B9,
        "line": 12,
        "column": 5,
        "kind": "name",
        "description": "a name from privacy.yaml",
        "shown": "A…",
        "field": "answers.arbete-ovrigt",
        "replaced": False,
    }
    assert [(e["kind"], e["field"]) for e in listed["found"]] == [
        ("phone-number", "answers.motet-tid.comment"),
        ("phone-number", "answers.motet-ovrigt"),
        ("phone-number", "answers.information-ovrigt"),
        ("name", "answers.arbete-ovrigt"),
        ("personal-id-number", "answers.arbete-ovrigt"),
    ]
    result = run("privacy", EXAMPLE_AUDIT, "--redact", "--format", "json", cwd=example_repo)
    done = json.loads(result.stdout)
    assert result.exit_code == 0
    assert (done["redacted"], done["files_changed"], done["problems"]) == (True, [B9], [])
    assert all(e["replaced"] for e in done["found"]) and len(done["found"]) == 5
    assert "Anna" not in result.stdout and "070-123" not in result.stdout


def test_an_unknown_audit_is_an_error(example_repo, run):
    result = run("privacy", "2012-vastra-hisingn", cwd=example_repo)
    assert result.exit_code == 1 and "did you mean '2012-vastra-hisingen'?" in result.stderr


# --- no finding repeats what it found ------------------------------------------------------------


def test_no_finding_repeats_personal_data_or_a_name(example_repo, run):
    names(example_repo, "Bertil Ek")
    (example_repo / B9).write_text(
        "respondent: bertil\ngroup: brukare\nconsent: true\n"
        f'interviewers: [A, "{PNR}", Bertil Ek, Karin Lund]\n'
        "answers:\n  motet-valkommen: ring Bertil Eks mobil 070-123 45 67 efter fem, eller mejla b.ek@example.se\n",
        encoding="utf-8",
    )
    for args in (("validate", "-q"), ("validate", "-q", "--format", "json"), ("privacy", EXAMPLE_AUDIT)):
        result = run(*args, cwd=example_repo)
        for secret in (PNR, "9876", "070-123", "45 67", "Bertil", "bertil", "Karin", "Lund", "b.ek@"):
            assert secret not in result.output, (args, secret, result.output)
    checked = run("validate", "-q", cwd=example_repo).stdout
    assert f"{B9}:4:19: error [interview-unknown-interviewer] interviewer '811…' is not on the audit's team" in checked
    assert f"{B9}:4:34: error [interview-unknown-interviewer] interviewer is not on the audit's team" in checked
    # Masked before it is cut short, so that half a number cannot slip through.
    assert f"{B9}:6:20: error [interview-invalid-value] 'ring B… mobil 070… efter fem… is not an answer" in checked
    assert f"{B9}:1:13: warning [interview-code-looks-like-name] this respondent code looks like a name" in checked
    assert f"{B9}:4:20: warning [personal-data] this code contains what looks like a Swedish personal" in checked


def test_a_team_id_that_is_a_watched_name(example_repo, run):
    names(example_repo, "Karin")
    edit(example_repo, f"{AUDIT}/audit.yaml", "{id: D, role: samordnare}", "{id: Karin, role: samordnare}")
    result = run("validate", "-q", cwd=example_repo)
    assert re.search(
        r"audit\.yaml:\d+:\d+: warning \[personal-data\] this code contains a name from privacy\.yaml \(K…\)",
        result.stdout,
    ), result.stdout
    assert "Karin" not in result.output
