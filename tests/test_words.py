"""Values a person types in either language: `grön` or `green`, `pågår` or `ongoing`,
`närstående` or `narstaende`, with or without å, ä, ö (revision_cli/models/words.py).

Through the real command line on two copies of the example repository, one written with
the canonical words and one with Swedish, English and å-less ones: every output is the
same, since the canonical value is what the files are read as. A wrong word is a finding
that names the words the field takes; the published schemas take what validate takes."""

from __future__ import annotations

import json
import re
import shutil
import typing
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLES

from revision_cli.models import words

AUDIT = f"audits/{EXAMPLE_AUDIT}"
FINDING = re.compile(r"^(?P<where>\S+:\d+:\d+): (?P<severity>error|warning) \[(?P<code>[a-z0-9-]+)\] (?P<message>.*)$")

# A follow-up event of each kind, so that every event kind is read and shown.
EVENTS = """\
  events:
    - {date: 2013-02-01, kind: phone, outcome: Checklistan används.}
    - {date: 2013-02-15, kind: meeting, outcome: Beslut om checklista.}
    - {date: 2013-03-01, kind: site-visit, outcome: Besök.}
"""

# (file under the audit, text in the example, the same written in other words)
REWORDED = [
    ("audit.yaml", "status: reported ", "status: rapporterad "),
    ("audit.yaml", "- {id: A, role: brukarrevisor}", "- {id: A, role: user-auditor}"),
    ("audit.yaml", "- {id: C, role: narstaende}", "- {id: C, role: närstående}"),
    ("audit.yaml", "- {id: D, role: samordnare}", "- {id: D, role: coordinator}"),
    ("assessment.yaml", "rating: green", "rating: grön"),
    ("assessment.yaml", "rating: yellow", "rating: gul"),
    ("assessment.yaml", "rating: red", "rating: rod"),
    ("actions.yaml", "status: ongoing", "status: pågår"),
    ("actions.yaml", "status: planned", "status: planerad"),
    ("actions.yaml", "kind: phone", "kind: telefon"),
    ("actions.yaml", "kind: meeting", "kind: mote"),
    ("actions.yaml", "kind: site-visit", "kind: platsbesök"),
    ("interviews/b1.yaml", "group: brukare", "group: users"),
]


def copy_examples(target: Path) -> Path:
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".revision", "out"))
    actions = target / AUDIT / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    first_action_end = text.index("\n\n- id:", text.index("- id: informationsrutin"))
    actions.write_text(text[:first_action_end] + "\n" + EVENTS.rstrip("\n") + text[first_action_end:], encoding="utf-8")
    return target


def reword(repo: Path, changes=REWORDED) -> Path:
    for name, old, new in changes:
        path = repo / AUDIT / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return repo


def findings(result) -> list[tuple[str, str, str]]:
    found = [FINDING.match(line) for line in result.output.splitlines()]
    return [(m["where"], m["code"], m["message"]) for m in found if m]


@pytest.fixture
def both(tmp_path) -> tuple[Path, Path]:
    """The example repository with one audit's actions given events: as written, and reworded."""
    return copy_examples(tmp_path / "canonical"), reword(copy_examples(tmp_path / "reworded"))


def test_the_reworded_files_say_what_they_did(both):
    canonical, reworded = both
    for name, old, new in REWORDED:
        before = (canonical / AUDIT / name).read_text(encoding="utf-8")
        after = (reworded / AUDIT / name).read_text(encoding="utf-8")
        assert old in before and new in after and old not in after, (name, old)


def test_validate_takes_either_languages_words(run, both):
    _, reworded = both
    result = run("validate", cwd=reworded)
    assert result.exit_code == 0, result.output
    assert findings(result) == []


@pytest.mark.parametrize(
    "args",
    [
        ("score", EXAMPLE_AUDIT, "--format", "json"),
        ("score", EXAMPLE_AUDIT),
        ("score", EXAMPLE_AUDIT, "--group", "brukare", "--format", "json"),
        ("report", EXAMPLE_AUDIT, "--format", "md"),
        ("report", EXAMPLE_AUDIT, "--format", "html", "--lang", "en"),
        ("actions", EXAMPLE_AUDIT, "--format", "json", "--today", "2013-04-01"),
        ("status", "--format", "json", "--today", "2013-04-01"),
    ],
    ids=lambda a: " ".join(a),
)
def test_every_output_reads_the_canonical_value(run, both, args):
    canonical, reworded = both
    expected = run(*args, cwd=canonical)
    assert expected.exit_code == 0, expected.output
    got = run(*args, cwd=reworded)
    assert (got.exit_code, got.stdout) == (0, expected.stdout)


def test_the_json_holds_the_canonical_words(run, both):
    _, reworded = both
    score = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=reworded).stdout)
    assert {a["rating"] for a in score["areas"]} <= {"green", "yellow", "red", None}
    assert "brukare" in score["respondents"]["groups"]
    listed = json.loads(run("actions", EXAMPLE_AUDIT, "--format", "json", "--today", "2013-04-01", cwd=reworded).stdout)
    assert {a["status"] for a in listed} == {"ongoing", "planned"}
    assert listed[0]["last_event"]["kind"] == "site-visit"


def test_an_archived_audit_keeps_the_canonical_words(run, both):
    _, reworded = both
    assert run("archive", EXAMPLE_AUDIT, "--yes", "--today", "2030-01-01", cwd=reworded).exit_code == 0
    frozen = (reworded / AUDIT / "results.yaml").read_text(encoding="utf-8")
    assert "computed: green" in frozen and "grön" not in frozen and "gron" not in frozen
    assert "users" not in frozen and "brukare:" in frozen


# ---------------------------------------------------------------- a respondent group


@pytest.mark.parametrize("written", ["brukare", "users"])
def test_a_group_is_the_batterys_id_however_written(run, tmp_path, written):
    canonical = copy_examples(tmp_path / "canonical")
    reworded = reword(
        copy_examples(tmp_path / "reworded"), [("interviews/b1.yaml", "group: brukare", f"group: {written}")]
    )
    assert run("validate", cwd=reworded).exit_code == 0
    expected = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=canonical).stdout
    assert run("score", EXAMPLE_AUDIT, "--format", "json", cwd=reworded).stdout == expected


def test_a_group_written_with_a_ring_and_dots_is_the_ascii_id(run, tmp_path):
    repo = copy_examples(tmp_path / "repo")
    interviews = repo / AUDIT / "interviews"
    for n in range(1, 3):
        (interviews / f"n{n}.yaml").write_text(
            f"respondent: n{n}\ngroup: {('närstående', 'relatives')[n - 1]}\nconsent: true\nanswers: {{}}\n",
            encoding="utf-8",
        )
    result = run("validate", cwd=repo)
    assert result.exit_code == 0
    [(where, code, message)] = findings(result)
    assert code == "audit-group-too-small" and "'narstaende'" in message, message
    score = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=repo).stdout)
    assert score["respondents"]["groups"]["narstaende"] is None  # two: too few to show, but counted there
    assert score["respondents"]["total"] == 8
    suppressed = json.loads(run("score", EXAMPLE_AUDIT, "--group", "närstående", "--format", "json", cwd=repo).stdout)
    assert (suppressed["group"], suppressed["suppressed"]) == ("narstaende", True)


def test_an_unknown_group_is_still_named(run, tmp_path):
    repo = reword(copy_examples(tmp_path / "repo"), [("interviews/b1.yaml", "group: brukare", "group: Brukare")])
    [(where, code, message)] = findings(run("validate", cwd=repo))
    assert code == "interview-unknown-group" and where.startswith(f"{AUDIT}/interviews/b1.yaml:")
    assert "'Brukare'" in message and "brukare, personal, narstaende" in message


@pytest.mark.parametrize(
    "written, groups, found",
    [
        ("narstaende", ["narstaende"], "narstaende"),
        ("närstående", ["brukare", "narstaende"], "narstaende"),
        ("relatives", ["narstaende"], "narstaende"),
        ("staff", ["brukare", "personal"], "personal"),
        ("staff", ["brukare"], None),  # the battery has no such group
        ("skötare", ["skotare"], "skotare"),  # any battery's id, with its å, ä, ö
        ("Brukare", ["brukare"], None),
        ("brukare", [], None),
    ],
)
def test_group_id(written, groups, found):
    assert words.group_id(written, groups) == found


# ---------------------------------------------------------------- a wrong word


WRONG_WORDS = [
    ("audit.yaml", "status: reported ", "status: klart "),
    ("audit.yaml", "- {id: C, role: narstaende}", "- {id: C, role: anhörig}"),
    ("assessment.yaml", "rating: yellow", "rating: blå"),
    ("actions.yaml", "status: ongoing", "status: pågående"),
    ("actions.yaml", "kind: phone", "kind: mejl"),
]
# What validate says of each, in a Swedish and in an English repository.
SAID = {
    "sv": [
        "status: 'klart' ska vara 'planerad', 'besökt', 'bedömd', 'rapporterad' eller 'uppföljd' "
        "(eller samma ord på engelska)",
        "team[2].role: 'anhörig' ska vara 'brukarrevisor', 'närstående', 'samordnare', 'granskare', 'metodstödjare', "
        "'brukare', 'personal', 'enhetschef' eller 'annan' (eller samma ord på engelska)",
        "rating: 'blå' ska vara 'grön', 'gul' eller 'röd' (eller samma ord på engelska)",
        "[0].status: 'pågående' ska vara 'planerad', 'pågår', 'klar' eller 'avbruten' (eller samma ord på engelska)"
        "; menade du 'pågår'?",
        "[0].events[0].kind: 'mejl' ska vara 'telefon', 'möte' eller 'platsbesök' (eller samma ord på engelska)",
    ],
    "en": [
        "status: 'klart' must be 'planned', 'visited', 'assessed', 'reported' or 'followed-up' "
        "(or the same words in Swedish)",
        "team[2].role: 'anhörig' must be 'user-auditor', 'relative', 'coordinator', 'reviewer', 'method-supporter', "
        "'user', 'staff', 'unit-manager' or 'other' (or the same words in Swedish)",
        "rating: 'blå' must be 'green', 'yellow' or 'red' (or the same words in Swedish)",
        "[0].status: 'pågående' must be 'planned', 'ongoing', 'done' or 'dropped' (or the same words in Swedish)"
        "; did you mean 'pågår'?",
        "[0].events[0].kind: 'mejl' must be 'phone', 'meeting' or 'site-visit' (or the same words in Swedish)",
    ],
}


def in_language(repo: Path, lang: str) -> Path:
    config = repo / "revision.yaml"
    text = config.read_text(encoding="utf-8")
    assert "language: sv" in text
    config.write_text(text.replace("language: sv", f"language: {lang}"), encoding="utf-8")
    return repo


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_wrong_word_names_the_words_the_field_takes_in_the_repositorys_language(run, tmp_path, lang):
    repo = in_language(reword(copy_examples(tmp_path / "repo"), WRONG_WORDS), lang)
    said = [(code, message) for _, code, message in findings(run("validate", cwd=repo))]
    assert {code for code, _ in said} == {"schema-value"}
    for expected in SAID[lang]:
        assert any(message.endswith(expected) for _, message in said), (expected, said)


def test_lang_chooses_the_words_named(run, tmp_path):
    repo = reword(copy_examples(tmp_path / "repo"), WRONG_WORDS[:1])
    [(_, _, message)] = findings(run("validate", "--lang", "en", "--no-cache", cwd=repo))
    assert message == SAID["en"][0]


def test_a_wrong_word_is_quoted_as_written(run, tmp_path):
    repo = reword(copy_examples(tmp_path / "repo"), [("audit.yaml", "status: reported ", "status: 010 ")])
    [(where, code, message)] = findings(run("validate", cwd=repo))
    assert (where, code) == (f"{AUDIT}/audit.yaml:16:9", "schema-value")
    assert message.startswith("status: 010 ska vara 'planerad', 'besökt'")


def test_a_capital_letter_is_a_different_word(run, tmp_path):
    # The schema lists exact words, and editors check them exactly: validate does the same.
    repo = reword(copy_examples(tmp_path / "repo"), [("assessment.yaml", "rating: red", "rating: Röd")])
    assert {code for _, code, _ in findings(run("validate", cwd=repo))} == {"schema-value"}


def test_fidelity_sources_in_either_language(run, tmp_path):
    repo = copy_examples(tmp_path / "repo")
    battery = (EXAMPLES.parent / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8")
    local = battery.replace("id: ips-fidelity\nversion: 1", "id: ips-lokal\nversion: 1")
    local = local.replace("sources: [records, documents, interviews]", "sources: [journaler, dokument, intervjuer]")
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / "ips-lokal.yaml").write_text(local, encoding="utf-8")
    shown = run("batteries", "show", "ips-lokal", cwd=repo)
    assert shown.exit_code == 0, shown.output
    expected = run("batteries", "show", "ips-fidelity", cwd=repo).stdout
    assert shown.stdout.replace("ips-lokal", "ips-fidelity") == expected
    (repo / "batteries" / "ips-lokal.yaml").write_text(local.replace("[journaler,", "[arkiv,"), encoding="utf-8")
    messages = [m for _, _, m in findings(run("validate", cwd=repo))]
    assert any("'arkiv' ska vara 'intervjuer', 'dokument', 'journaler' eller 'observation'" in m for m in messages), (
        messages
    )


# ---------------------------------------------------------------- the schemas


def _schema_errors(kind: str, data) -> list[str]:
    schema = json.loads((EXAMPLES / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize(
    "name, kind", [("audit.yaml", "audit"), ("assessment.yaml", "assessment"), ("actions.yaml", "actions")]
)
def test_the_published_schemas_take_the_reworded_files(both, name, kind):
    _, reworded = both
    data = _plain(yaml.safe_load((reworded / AUDIT / name).read_text(encoding="utf-8")))
    assert _schema_errors(kind, data) == []


def _enums(node) -> list[list]:
    if isinstance(node, dict):
        return ([node["enum"]] if "enum" in node else []) + [e for v in node.values() for e in _enums(v)]
    return [e for v in node for e in _enums(v)] if isinstance(node, list) else []


def test_the_published_schemas_list_every_spelling():
    for kind, vocabulary in [
        ("assessment", words.COLOURS),
        ("actions", words.ACTION_STATUSES),
        ("actions", words.EVENT_KINDS),
        ("audit", words.AUDIT_STATUSES),
        ("audit", words.ROLES),
        ("battery", words.FIDELITY_SOURCES),
    ]:
        schema = json.loads((EXAMPLES / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert list(vocabulary.spellings()) in _enums(schema), kind
    assert _schema_errors("assessment", {"areas": {"a": {"rating": "blå"}}})
    assert _schema_errors("assessment", {"areas": {"a": {"rating": "gul"}}}) == []


# ---------------------------------------------------------------- the vocabularies


VOCABULARIES = [
    ("models.assessment", "Colour", words.COLOURS),
    ("models.actions", "ActionStatus", words.ACTION_STATUSES),
    ("models.actions", "EventKind", words.EVENT_KINDS),
    ("models.audit", "AuditStatus", words.AUDIT_STATUSES),
    # Role is not here: beside its vocabulary it takes the roles a repository declares (test_roles.py).
    ("models.interview", "InterviewMode", words.INTERVIEW_MODES),
    ("models.battery", "Source", words.FIDELITY_SOURCES),
]


@pytest.mark.parametrize("module, name, vocabulary", VOCABULARIES, ids=[v[1] for v in VOCABULARIES])
def test_a_fields_type_is_its_vocabularys_canonical_values(module, name, vocabulary):
    import importlib

    alias = getattr(importlib.import_module(f"revision_cli.{module}"), name)
    literal = typing.get_args(alias)[0]
    assert typing.get_args(literal) == vocabulary.canonical


@pytest.mark.parametrize("vocabulary", [v for *_, v in VOCABULARIES], ids=[v[1] for v in VOCABULARIES])
def test_every_spelling_is_its_words_and_only_its_words(vocabulary):
    for word in vocabulary.words:
        for spelling in (word.canonical, word.sv, word.en, words.ascii_form(word.sv), words.ascii_form(word.en)):
            assert vocabulary.canonical_of(spelling) == word.canonical
    assert vocabulary.canonical_of("x") is None and vocabulary.canonical_of(1) is None
    nfd = "närstående".replace("ä", "a\u0308").replace("å", "a\u030a")
    assert words.ROLES.canonical_of(nfd) == "narstaende"  # typed as letter and combining mark


def test_a_word_with_two_meanings_is_refused():
    with pytest.raises(ValueError, match="'klar' means two things"):
        words.Vocabulary((words.Word("done", sv="klar", en="done"), words.Word("ready", sv="klar", en="ready")))
