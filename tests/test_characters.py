"""Characters a reader cannot tell apart: messages name them, and names compare in NFC.

An unknown or invalid id, key or value that holds a look-alike (Cyrillic 'а' for Latin 'a')
or an invisible character (a zero-width space) gets it named in the finding; a value YAML
reads as something other than text is quoted as written (`010`, not the 8 YAML 1.1 makes
of it); a timestamp where a date belongs is "a date and a time". Units, groups and team
codes typed in NFC or NFD are the same name.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT

from revision_cli.characters import describe_character, unusual_note

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

AUDIT = Path("audits") / EXAMPLE_AUDIT


def edit(repo: Path, relative: str, old: str, new: str) -> None:
    path = repo / AUDIT / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(run, repo: Path) -> list[str]:
    result = run("validate", cwd=repo)
    return [line for line in result.stdout.splitlines() if ": error [" in line or ": warning [" in line]


def one(lines: list[str], code: str) -> str:
    found = [line for line in lines if f"[{code}]" in line]
    assert len(found) == 1, lines
    return found[0]


def test_a_look_alike_letter_in_a_key_is_named(run, example_repo):
    edit(example_repo, "audit.yaml", "status: reported", "stаtus: reported")  # Cyrillic а
    line = one(findings(run, example_repo), "schema-unknown-key")
    assert line.endswith("unknown key 'stаtus'; did you mean 'status'? 'а' is U+0430 CYRILLIC SMALL LETTER A")


def test_an_invisible_character_in_an_answer_key_is_named(run, example_repo):
    edit(example_repo, "interviews/b1.yaml", "motet-tid: ja", "motet\u200b-tid: ja")
    line = one(findings(run, example_repo), "interview-unknown-question")
    assert line.endswith("did you mean 'motet-tid'? an invisible U+200B ZERO WIDTH SPACE is in it")


def test_a_look_alike_in_a_group_value_and_in_the_team_it_is_compared_with(run, example_repo):
    edit(example_repo, "interviews/b2.yaml", "group: brukare", "group: brukаre")
    edit(example_repo, "audit.yaml", "{id: B, role", "{id: В, role")  # Cyrillic В in the team
    lines = findings(run, example_repo)
    assert one(lines, "interview-unknown-group").endswith(
        "(brukare, personal, narstaende); did you mean 'brukare'? 'а' is U+0430 CYRILLIC SMALL LETTER A"
    )
    interviewer = [line for line in lines if "[interview-unknown-interviewer]" in line][0]
    assert interviewer.endswith(
        "interviewer 'B' is not on the audit's team (A, C, D, В); "
        "in the team's 'В', 'В' is U+0412 CYRILLIC CAPITAL LETTER VE"
    )


def test_an_id_in_nfd_says_a_letter_is_written_as_two_characters(run, example_repo):
    decomposed = unicodedata.normalize("NFD", "å")
    edit(example_repo, "actions.yaml", "subareas: [", f"subareas: [g{decomposed}rd, ")
    line = one(findings(run, example_repo), "actions-unknown-subarea")
    assert line.endswith(
        "; a letter in it is written as two characters (not in NFC); an invisible U+030A COMBINING RING ABOVE is in it"
    )


def test_a_timestamp_where_a_date_belongs_asks_for_a_date_without_a_time(run, example_repo):
    edit(example_repo, "audit.yaml", "site_visit: 2012-10-15 ", "site_visit: 2012-10-15 10:30:00 ")
    edit(example_repo, "audit.yaml", "feedback_meeting: 2012-11-20", "feedback_meeting: '2012-11-20T09:00'")
    lines = findings(run, example_repo)
    assert any(
        line.endswith(
            "site_visit: 2012-10-15 10:30:00 is a date and a time; write a date without a time, as YYYY-MM-DD"
        )
        for line in lines
    ), lines
    assert any(
        line.endswith(
            "feedback_meeting: '2012-11-20T09:00' is a date and a time; write a date without a time, as YYYY-MM-DD"
        )
        for line in lines
    ), lines


def test_values_in_audit_yaml_are_quoted_as_written_not_as_yaml_read_them(run, example_repo):
    edit(example_repo, "audit.yaml", "feedback_meeting: 2012-11-20", "feedback_meeting: 010")
    edit(example_repo, "audit.yaml", "status: reported", "status: 010")
    lines = findings(run, example_repo)
    assert [line.split("] ", 1)[1] for line in lines] == [
        "feedback_meeting: 010 is not a date; write it as YYYY-MM-DD",
        "status: 010 must be 'planned', 'visited', 'assessed', 'reported' or 'followed-up' "
        "(or the same words in Swedish)",
    ]


def test_an_empty_or_null_value_is_not_called_text_in_quotes(run, example_repo):
    edit(example_repo, "audit.yaml", "unit: Socialkontoret Västra Hisingen", "unit:")
    edit(example_repo, "interviews/b1.yaml", "group: brukare", "group: null")
    lines = [line.split("] ", 1)[1] for line in findings(run, example_repo)]
    assert lines == ["unit: must be a valid string", "group: must be a valid string"], lines


def test_values_in_interviews_are_quoted_as_written_not_as_yaml_read_them(run, example_repo):
    edit(example_repo, "interviews/b1.yaml", "respondent: b1", "respondent: 010")
    edit(example_repo, "interviews/b2.yaml", "motet-valkommen: ja", "motet-valkommen: 0x1F")
    lines = findings(run, example_repo)
    assert [line.split("] ", 1)[1] for line in lines] == [
        'respondent: YAML reads 010 as the number 8, not as text; write it in quotes: "010"',
        "0x1F is not an answer to 'motet-valkommen'; allowed: ja, delvis, nej, vet-ej",
    ]


def test_units_teams_and_groups_in_nfc_and_nfd_are_one_name(run, example_repo):
    nfc, nfd = "Socialkontoret Västra Hisingen", unicodedata.normalize("NFD", "Socialkontoret Västra Hisingen")
    assert nfc != nfd
    earlier, later = example_repo / AUDIT, example_repo / "audits" / "2013-vastra-hisingen"
    shutil.copytree(earlier, later)
    text = (later / "audit.yaml").read_text(encoding="utf-8")
    (later / "audit.yaml").write_text(
        text.replace("id: 2012-vastra-hisingen", "id: 2013-vastra-hisingen")
        .replace(nfc, nfd)
        .replace("site_visit: 2012-10-15", "site_visit: 2013-10-15")
        .replace("feedback_meeting: 2012-11-20", "feedback_meeting: 2013-11-20")
        .replace("  - {id: D, role: samordnare}", "  - {id: D, role: samordnare}\n  - {id: Å, role: annan}"),
        encoding="utf-8",
    )
    b1 = later / "interviews" / "b1.yaml"
    b1.write_text(
        b1.read_text(encoding="utf-8").replace(
            "interviewers: [A, C]", f"interviewers: [A, {unicodedata.normalize('NFD', 'Å')}]"
        ),
        encoding="utf-8",
    )
    assert findings(run, example_repo) == []
    out = example_repo.parent / "site"
    assert run("site", "-o", str(out), "--today", "2015-01-15", cwd=example_repo).exit_code == 0
    units = sorted(p.name for p in (out / "units").glob("*.html"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert len([u for u in units if "vastra-hisingen" in u]) == 1, units
    assert nfd not in index and index.count(nfc) >= 1


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Västra Hisingen, Göteborg", ""),  # Swedish letters are not suspect
        ("motet–tid", "; '–' is U+2013 EN DASH"),
        ("brukare", ""),
        ("АВ", "; 'А' is U+0410 CYRILLIC CAPITAL LETTER A; 'В' is U+0412 CYRILLIC CAPITAL LETTER VE"),
        ("ｂ1", "; 'ｂ' is U+FF42 FULLWIDTH LATIN SMALL LETTER B"),
        ("a\u00a0b", "; an invisible U+00A0 NO-BREAK SPACE is in it"),
        (
            "a\u2060b\u200d\u2062c\u00ad",
            "; an invisible U+2060 WORD JOINER is in it; an invisible U+200D ZERO WIDTH JOINER "
            "is in it; an invisible U+2062 INVISIBLE TIMES is in it; and 1 more such character",
        ),
        (3, ""),
    ],
)
def test_unusual_note(text, note):
    assert unusual_note(text) == note


def test_a_control_character_has_a_name_of_sorts():
    assert describe_character("\x1b") == "an invisible U+001B (a control character) is in it"
