"""Help for a person typing YAML by hand (issue 13, item 4), through the real `revision
validate` (and `score`, `report`, `batteries show`, `schema`) on real files, in Swedish and
in English: "did you mean" for answer values and words, YAML syntax errors explained at the
place of the mistake, an interview file where none is read, an interview dated in the
future, and a 1–5 question that may be answered "vet ej" (not counted)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT
from test_score_cli import make_repo

AUDIT = f"audits/{EXAMPLE_AUDIT}"
B9 = f"{AUDIT}/interviews/b9.yaml"
FINDING = re.compile(r"^(?P<where>\S+:\d+:\d+): (?P<severity>error|warning) \[(?P<code>[a-z0-9-]+)\] (?P<message>.*)$")

HEAD = """\
respondent: b9
group: brukare
date: 2012-10-15
interviewers: [A, B]
consent: true
answers:
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def interview(repo: Path, answers: str, head: str = HEAD) -> Path:
    body = textwrap.indent(textwrap.dedent(answers).strip("\n"), "  ")
    return write(repo / B9, head + body + "\n")


def findings(result) -> list[tuple[str, str, str, str]]:
    found = [FINDING.match(line) for line in result.stdout.splitlines()]
    return [(m["where"], m["severity"], m["code"], m["message"]) for m in found if m]


def validate(run, repo: Path, lang: str, *paths: str, env: dict | None = None):
    return run("--lang", lang, "validate", *paths, cwd=repo, env=env)


# ---------------------------------------------------------------- did you mean


DID_YOU_MEAN = {
    "sv": [
        (
            f"{B9}:7:20",
            "'Ja' är inte ett svar på 'motet-valkommen'; tillåtna svar: ja, delvis, nej, vet-ej; menade du 'ja'?",
        ),
        (
            f"{B9}:8:18",
            "'vet ej' är inte ett svar på 'motet-respekt'; tillåtna svar: ja, delvis, nej, vet-ej; menade du 'vet-ej'?",
        ),
        (
            f"{B9}:9:14",
            "'Delvis ' är inte ett svar på 'motet-tid'; tillåtna svar: ja, delvis, nej, vet-ej; menade du 'delvis'?",
        ),
        (
            f"{B9}:10:19",
            "'nje' är inte ett svar på 'hansyn-lyssnar'; tillåtna svar: ja, delvis, nej, vet-ej; menade du 'nej'?",
        ),
        (
            f"{B9}:11:22",
            "'Don’t know' är inte ett svar på 'hansyn-forstaelse'; tillåtna svar: ja, delvis, nej, vet-ej;"
            " menade du 'vet-ej'?",
        ),
        (
            f"{B9}:12:19",
            "'4' är inte ett svar på 'motet-stamning'; tillåtna svar: ett heltal från 1 till 5;"
            " skriv 4 utan citattecken; inom citattecken är det en text",
        ),
        (f"{B9}:13:24", "'kanske' är inte ett svar på 'tillganglighet-latt'; tillåtna svar: ett heltal från 1 till 5"),
    ],
    "en": [
        (
            f"{B9}:7:20",
            "'Ja' is not an answer to 'motet-valkommen'; allowed: ja, delvis, nej, vet-ej; did you mean 'ja'?",
        ),
        (
            f"{B9}:8:18",
            "'vet ej' is not an answer to 'motet-respekt'; allowed: ja, delvis, nej, vet-ej; did you mean 'vet-ej'?",
        ),
        (
            f"{B9}:9:14",
            "'Delvis ' is not an answer to 'motet-tid'; allowed: ja, delvis, nej, vet-ej; did you mean 'delvis'?",
        ),
        (
            f"{B9}:10:19",
            "'nje' is not an answer to 'hansyn-lyssnar'; allowed: ja, delvis, nej, vet-ej; did you mean 'nej'?",
        ),
        (
            f"{B9}:11:22",
            "'Don’t know' is not an answer to 'hansyn-forstaelse'; allowed: ja, delvis, nej, vet-ej;"
            " did you mean 'vet-ej'?",
        ),
        (
            f"{B9}:12:19",
            "'4' is not an answer to 'motet-stamning'; allowed: a whole number from 1 to 5; write 4 without quotes;"
            " in quotes it is a text",
        ),
        (f"{B9}:13:24", "'kanske' is not an answer to 'tillganglighet-latt'; allowed: a whole number from 1 to 5"),
    ],
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_answer_value_gets_the_value_it_probably_meant(example_repo, run, lang):
    interview(
        example_repo,
        """
        motet-valkommen: Ja
        motet-respekt: vet ej
        motet-tid: "Delvis "
        hansyn-lyssnar: nje
        hansyn-forstaelse: Don’t know
        motet-stamning: "4"
        tillganglighet-latt: kanske
        """,
    )
    result = validate(run, example_repo, lang)
    assert result.exit_code == 1
    said = [(where, message) for where, severity, code, message in findings(result)]
    assert {code for _, _, code, _ in findings(result)} == {"interview-invalid-value"}
    assert said == DID_YOU_MEAN[lang]


def test_a_value_far_from_every_option_gets_no_guess(example_repo, run):
    interview(example_repo, "motet-valkommen: absolut inte\n")
    [(_, _, code, message)] = findings(validate(run, example_repo, "en"))
    assert code == "interview-invalid-value"
    assert "did you mean" not in message


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("sv", "consent: skriv true eller false (eller ja eller nej), inte 'Ja'; menade du 'ja'?"),
        ("en", "consent: write true or false (or ja or nej), not 'Ja'; did you mean 'ja'?"),
    ],
)
def test_consent_written_with_a_capital_gets_its_word(example_repo, run, lang, said):
    interview(example_repo, "motet-valkommen: ja\n", head=HEAD.replace("consent: true", "consent: Ja"))
    [(where, _, code, message)] = findings(validate(run, example_repo, lang))
    assert (where, code, message) == (f"{B9}:5:10", "schema-value", said)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "sv",
            "gruppen 'Brukare' är inte en av frågebatteriets grupper (brukare, personal, narstaende);"
            " menade du 'brukare'?",
        ),
        (
            "en",
            "group 'Brukare' is not one of the battery's groups (brukare, personal, narstaende);"
            " did you mean 'brukare'?",
        ),
    ],
)
def test_a_group_in_another_case_gets_the_batterys_group(example_repo, run, lang, said):
    interview(example_repo, "motet-valkommen: ja\n", head=HEAD.replace("group: brukare", "group: Brukare"))
    [(where, _, code, message)] = findings(validate(run, example_repo, lang))
    assert (where, code, message) == (f"{B9}:2:8", "interview-unknown-group", said)


@pytest.mark.parametrize(
    ("lang", "written", "said"),
    [
        ("sv", "Rapporterad", "; menade du 'rapporterad'?"),
        ("en", "Rapporterad", "; did you mean 'rapporterad'?"),
        ("en", "Reported", "; did you mean 'reported'?"),
        ("en", "rapporterat", "; did you mean 'rapporterad'?"),
        ("sv", "uppfoljd ", ""),  # a trailing space YAML drops: the word is right as it stands
    ],
)
def test_a_typed_word_of_the_format_gets_its_spelling(example_repo, run, lang, written, said):
    audit = example_repo / AUDIT / "audit.yaml"
    text = audit.read_text(encoding="utf-8")
    audit.write_text(text.replace("status: reported ", f"status: {written} ", 1), encoding="utf-8")
    result = validate(run, example_repo, lang)
    if not said:
        assert findings(result) == []
        return
    [(where, _, code, message)] = findings(result)
    assert (where, code) == (f"{AUDIT}/audit.yaml:16:9", "schema-value")
    assert message.startswith(f"status: '{written}' ")
    assert message.endswith(said)


# ---------------------------------------------------------------- YAML syntax explained


SYNTAX = {
    "colon": (
        "answers:\n  motet-valkommen:\n    value: ja\n    comment: Bra: men sen blev det stressigt\n",
        "yaml-unquoted-colon",
        9,
        17,
        {
            "sv": "texten efter 'comment:' innehåller ett kolon och ett mellanslag, som YAML läser som början på en "
            'ny nyckel; sätt hela texten inom citattecken: comment: "…"',
            "en": "the text after 'comment:' holds a colon and a space, which YAML reads as the start of a new key; "
            'put the whole text in quotes: comment: "…"',
        },
    ),
    "colon in braces": (
        "answers:\n  motet-valkommen: {value: ja, comment: Bra: men sen}\n",
        "yaml-unquoted-colon",
        7,
        44,
        {"sv": "texten efter 'comment:'", "en": "the text after 'comment:'"},
    ),
    "colon in a quote": (
        "answers:\n  motet-valkommen: ja\nquotes:\n  - text: Jag sa: nej tack\n    publish: true\n",
        "yaml-unquoted-colon",
        9,
        17,
        {"sv": "texten efter 'text:'", "en": "the text after 'text:'"},
    ),
    "unclosed quote at the end": (
        'answers:\n  motet-valkommen:\n    value: ja\n    comment: "Bra men\n  motet-tid: nej\n',
        "yaml-unclosed-quote",
        9,
        14,
        {
            "sv": 'texten som börjar med " här avslutas aldrig, så YAML läser allt fram till nästa " som denna text '
            'och gav upp på rad 11; avsluta texten med " på rad 9',
            "en": 'the text that starts with " here is never closed, so YAML reads everything up to the next " as '
            'this text and gave up on line 11; end the text with " on line 9',
        },
    ),
    "unclosed quote closed by a later one": (
        'answers:\n  motet-valkommen:\n    value: ja\n    comment: "Bra men\n  motet-tid: nej\n'
        'quotes:\n  - {text: "Jag får vänta", publish: true}\n',
        "yaml-unclosed-quote",
        9,
        14,
        {
            "sv": 'gav upp på rad 12; avsluta texten med " på rad 9',
            "en": 'gave up on line 12; end the text with " on line 9',
        },
    ),
    "unclosed single quote": (
        "answers:\n  motet-valkommen:\n    value: ja\n    comment: 'Bra men\n  motet-tid: nej\n"
        "quotes:\n  - text: 'Jag får vänta'\n",
        "yaml-unclosed-quote",
        9,
        14,
        {"sv": "(en apostrof inuti '…' skrivs dubbelt: '')", "en": "(an apostrophe inside '…' is written twice: '')"},
    ),
    "list item further in": (
        "answers:\n  motet-valkommen: ja\nquotes:\n  - text: Bra\n    publish: true\n   - text: Sämre\n",
        "yaml-list-indent",
        11,
        4,
        {
            "sv": "listpunktens '-' står i kolumn 4, den ovanför (rad 9) i kolumn 3; punkterna i en lista börjar i "
            "samma kolumn",
            "en": "this list item's '-' is in column 4, the one above it (line 9) in column 3; the items of one list "
            "start in the same column",
        },
    ),
    "list item further out": (
        "answers:\n  motet-valkommen: ja\nquotes:\n  - text: Bra\n - text: Sämre\n",
        "yaml-list-indent",
        10,
        2,
        {
            "sv": "står i kolumn 2, den ovanför (rad 9) i kolumn 3",
            "en": "is in column 2, the one above it (line 9) in column 3",
        },
    ),
    "tab": (
        "answers:\n\tmotet-valkommen: ja\n",
        "yaml-tab-indent",
        7,
        1,
        {
            "sv": "raden är indragen med tabb; dra in med mellanslag",
            "en": "this line is indented with a tab; indent with spaces",
        },
    ),
    "something else": (
        "answers:\n  motet-valkommen: ja\n    motet-tid: nej\n",
        "yaml-syntax",
        8,
        14,
        {
            "sv": "mapping values are not allowed in this context",
            "en": "mapping values are not allowed in this context",
        },
    ),
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("case", list(SYNTAX))
def test_a_syntax_error_is_explained_where_the_mistake_is(example_repo, run, case, lang):
    body, code, line, column, said = SYNTAX[case]
    write(example_repo / B9, HEAD.replace("answers:\n", "") + body)
    result = validate(run, example_repo, lang)
    assert result.exit_code == 1
    [(where, severity, found_code, message)] = findings(result)
    assert (where, severity, found_code) == (f"{B9}:{line}:{column}", "error", code)
    assert said[lang] in message
    assert "Traceback" not in result.output


def test_a_quoted_text_over_several_lines_is_no_unclosed_quote(example_repo, run):
    # A long quote on two lines is fine; the error lies elsewhere and keeps its own words.
    write(
        example_repo / B9,
        HEAD + '  motet-valkommen:\n    value: ja\n    comment: "Bra men\n      sen stressigt"\nquotes: [\n',
    )
    [(_, _, code, _)] = findings(validate(run, example_repo, "en"))
    assert code == "yaml-syntax"


# ---------------------------------------------------------------- where an interview lies


MISPLACED = {
    "sv": {
        "top": "detta ser ut som en intervju (den har respondent:), men den ligger bredvid audit.yaml, och bara "
        "filerna i interviews/ läses: den räknas inte; flytta den till interviews/",
        "intervjuer": "detta ser ut som en intervju (den har respondent:), men den ligger i intervjuer/, och bara "
        "filerna i interviews/ läses: den räknas inte; flytta den till interviews/ (eller byt namn på mappen)",
        "nested": "detta ser ut som en intervju (den har respondent:), men den ligger i gamla/ inuti interviews/, och "
        "bara filerna direkt i interviews/ läses: den räknas inte; flytta upp den till interviews/",
    },
    "en": {
        "top": "this looks like an interview (it has respondent:), but it lies beside audit.yaml, and only the files "
        "in interviews/ are read: it is not counted; move it into interviews/",
        "intervjuer": "this looks like an interview (it has respondent:), but it lies in intervjuer/, and only the "
        "files in interviews/ are read: it is not counted; move it into interviews/ (or rename the folder)",
        "nested": "this looks like an interview (it has respondent:), but it lies in gamla/ inside interviews/, and "
        "only the files directly in interviews/ are read: it is not counted; move it up into interviews/",
    },
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_interview_outside_interviews_is_a_warning(example_repo, run, lang):
    audit = example_repo / AUDIT
    before = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout
    text = "# b20\n" + HEAD.replace("b9", "b20") + "  motet-valkommen: ja\n"
    write(audit / "b20.yaml", text)
    write(audit / "intervjuer" / "b21.yaml", text.replace("b20", "b21"))
    write(audit / "interviews" / "gamla" / "b22.yaml", text.replace("b20", "b22"))
    write(audit / "anteckningar.yaml", "att: göra\n")  # not an interview: left alone
    result = validate(run, example_repo, lang)
    assert result.exit_code == 0
    assert sorted(findings(result)) == sorted(
        [
            (f"{AUDIT}/b20.yaml:2:1", "warning", "interview-misplaced", MISPLACED[lang]["top"]),
            (f"{AUDIT}/intervjuer/b21.yaml:2:1", "warning", "interview-misplaced", MISPLACED[lang]["intervjuer"]),
            (f"{AUDIT}/interviews/gamla/b22.yaml:2:1", "warning", "interview-misplaced", MISPLACED[lang]["nested"]),
        ]
    )
    assert validate(run, example_repo, lang, "--strict").exit_code == 1
    # Named on the command line it is still the audit's file, not taken for a battery.
    alone = validate(run, example_repo, lang, f"{AUDIT}/intervjuer/b21.yaml")
    assert [f[2] for f in findings(alone)] == ["interview-misplaced"]
    # It is not counted: the score is the one without it.
    assert run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout == before


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("sv", "intervjun är daterad 2031-10-16, efter i dag (2031-10-15); är året eller månaden felskrivna?"),
        ("en", "the interview is dated 2031-10-16, after today (2031-10-15); is the year or the month mistyped?"),
    ],
)
def test_an_interview_dated_after_today_is_a_warning(example_repo, run, lang, said):
    interview(example_repo, "motet-valkommen: ja\n", head=HEAD.replace("2012-10-15", "2031-10-16"))
    result = validate(run, example_repo, lang, env={"REVISION_TODAY": "2031-10-15"})
    assert result.exit_code == 0
    assert findings(result) == [(f"{B9}:3:7", "warning", "interview-future-date", said)]
    # Dated today is not in the future.
    assert findings(validate(run, example_repo, lang, env={"REVISION_TODAY": "2031-10-16"})) == []


# ---------------------------------------------------------------- vet ej on a 1–5 question

# A local battery: one 1–5 question that may be answered "vet ej" (not counted), one that
# may not, and a yes/no question.
VET_EJ = """\
id: mini
version: 1
title: Mini
groups: [brukare]
scales:
  grad-1-5:
    label: {sv: "Gradering 1–5", en: "Rating 1–5"}
    range: {min: 1, max: 5}
    positive_from: 4
    options:
      - {value: vet-ej, label: {sv: Vet ej, en: "Don't know"}}   # no score: not counted
  grad-strikt:
    range: {min: 1, max: 5}
    positive_from: 4
rating: {green: 2/3, yellow: 1/3, min_answers: 3}
areas:
  - id: a
    title: A
    subareas:
      - id: s
        title: S
        questions:
          - {id: nojd, text: Hur nöjd är du?, scale: grad-1-5}
          - {id: strikt, text: Hur bra?, scale: grad-strikt}
"""


def vet_ej_repo(root: Path, values: list) -> Path:
    answers = {f"b{i + 1}": ("brukare", {"nojd": value}) for i, value in enumerate(values)}
    return make_repo(root, answers, min_group_size=2, battery="mini@1", local_battery=VET_EJ)


def nojd(data: dict) -> dict:
    [area] = data["areas"]
    [sub] = area["subareas"]
    return next(q for q in sub["questions"] if q["id"] == "nojd")


def test_vet_ej_on_a_range_is_an_answer_and_is_not_counted(tmp_path, run):
    repo = vet_ej_repo(tmp_path, [5, 4, 2, "vet-ej"])
    assert [f[2] for f in findings(validate(run, repo, "en"))] == []
    data = json.loads(run("score", "x", "--format", "json", cwd=repo).stdout)
    question = nojd(data)
    # 2 of 3 counted answers are positive: exactly 2/3, green; vet-ej is excluded, not a 0.
    assert (question["n"], question["excluded"], question["share"], question["rating"]) == (3, 1, 2 / 3, "green")


@pytest.mark.parametrize(
    ("values", "n", "excluded", "computed"),
    [
        ([5, 4, "vet-ej"], 2, 1, "insufficient"),  # the vet-ej does not make the third answer
        ([5, 4, 1], 3, 0, "green"),  # 2/3 exactly: green
        ([5, 2, 1, "vet-ej"], 3, 1, "yellow"),  # 1/3 exactly: yellow
        ([3, 2, 1, "vet-ej", "vet-ej"], 3, 2, "red"),
        (["vet-ej", "vet-ej", "vet-ej"], 0, 3, "insufficient"),
    ],
)
def test_vet_ej_at_the_boundaries_of_the_colours(tmp_path, run, values, n, excluded, computed):
    repo = vet_ej_repo(tmp_path, values)
    question = nojd(json.loads(run("score", "x", "--format", "json", cwd=repo).stdout))
    assert (question["n"], question["excluded"], question["rating"]) == (n, excluded, computed)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "sv",
            "'vet ej' är inte ett svar på 'nojd'; tillåtna svar: ett heltal från 1 till 5; räknas inte: vet-ej; "
            "menade du 'vet-ej'?",
        ),
        (
            "en",
            "'vet ej' is not an answer to 'nojd'; allowed: a whole number from 1 to 5; not counted: vet-ej; "
            "did you mean 'vet-ej'?",
        ),
    ],
)
def test_a_range_with_vet_ej_names_it_among_the_answers(tmp_path, run, lang, said):
    repo = vet_ej_repo(tmp_path, [5, "vet ej", 6])
    result = validate(run, repo, lang)
    assert result.exit_code == 1
    got = [(w.split("/")[-1], c, m) for w, _, c, m in findings(result)]
    assert got[0] == ("b2.yaml:4:9", "interview-invalid-value", said)
    assert got[1][:2] == ("b3.yaml:4:9", "interview-invalid-value")
    # vet-ej is no answer where the battery does not allow it.
    write(
        repo / "audits/x/interviews/b4.yaml",
        "respondent: b4\ngroup: brukare\nanswers:\n  strikt: vet-ej\nconsent: true\n",
    )
    assert ("b4.yaml:4:11", "interview-invalid-value") in [
        (w.split("/")[-1], c) for w, _, c, _ in findings(validate(run, repo, lang))
    ]


def test_reports_and_the_battery_show_vet_ej(tmp_path, run):
    repo = vet_ej_repo(tmp_path, [5, 4, 2, "vet-ej"])
    report = run("report", "x", "--format", "md", "--lang", "en", "-o", "-", cwd=repo)
    assert report.exit_code == 0, report.output
    assert "| Don't know (not counted) | 1 |" in report.stdout
    html = run("report", "x", "--format", "html", "--lang", "en", "-o", "-", cwd=repo)
    assert "Don&#39;t know" in html.stdout or "Don&#x27;t know" in html.stdout
    shown = run("batteries", "show", "mini@1", "--lang", "en", cwd=repo)
    assert "grad-1-5: 1–5, positive from 4; vet-ej (not counted)" in shown.stdout
    schema = json.loads(run("schema", "battery", cwd=repo).stdout)
    scale = schema["$defs"]["Scale"]
    assert "vet-ej" in scale["properties"]["options"]["description"]


BAD_SCALES = [
    (
        "      - {value: vet-ej, score: 0}\n",
        "an option beside a range has no score: the range's numbers are scored by positive_from and the option "
        "(such as vet-ej) is not counted; remove the score",
        (11, 32),
    ),
    (
        "      - {value: 3}\n",
        "option 3 lies inside the range 1–5; give it a value outside it, such as vet-ej",
        (11, 17),
    ),
]


@pytest.mark.parametrize(("option", "said", "where"), BAD_SCALES)
def test_an_option_beside_a_range_has_no_score_and_no_number_of_the_range(tmp_path, run, option, said, where):
    battery = VET_EJ.replace(
        '      - {value: vet-ej, label: {sv: Vet ej, en: "Don\'t know"}}   # no score: not counted\n', option
    )
    repo = make_repo(tmp_path, {}, battery="mini@1", local_battery=battery)
    result = validate(run, repo, "en")
    assert result.exit_code == 1
    assert ("batteries/mini.yaml", *where, "battery-scale", said) in [
        (w.rsplit(":", 2)[0], int(w.rsplit(":", 2)[1]), int(w.rsplit(":", 2)[2]), c, m)
        for w, _, c, m in findings(result)
    ]


STATEMENTS = VET_EJ + "statements:\n  - {id: st, text: Bra, scale: grad-1-5}\n"


def statement_repo(root: Path, values: list) -> Path:
    answers = {f"b{i + 1}": ("brukare", {"st": value}) for i, value in enumerate(values)}
    return make_repo(root, answers, min_group_size=2, battery="mini@1", local_battery=STATEMENTS)


@pytest.mark.parametrize(
    ("values", "n", "not_answered", "excluded", "mean", "share"),
    [
        ([5, 4, 1, "vet-ej", "null"], 3, 1, 1, "10/3", "2/3"),  # vet-ej is neither a value nor "not answered"
        ([5, 4, "vet-ej"], 2, 0, 1, None, None),  # two counted answers: insufficient, no mean
        (["vet-ej", "vet-ej", "vet-ej"], 0, 0, 3, None, None),
    ],
)
def test_vet_ej_on_a_statement_is_excluded_not_counted(tmp_path, run, values, n, not_answered, excluded, mean, share):
    repo = statement_repo(tmp_path, values)
    assert [f[2] for f in findings(validate(run, repo, "en"))] == []
    [st] = json.loads(run("score", "x", "--format", "json", cwd=repo).stdout)["statements"]
    assert (st["n"], st["not_answered"], st["excluded"], st["mean_exact"], st["share_exact"]) == (
        n,
        not_answered,
        excluded,
        mean,
        share,
    )
    assert sum(st["distribution"].values()) == n


@pytest.mark.parametrize(("lang", "said"), [("sv", "Räknas inte (vet ej): 1."), ("en", "Not counted (don't know): 1.")])
def test_a_statements_vet_ej_is_in_the_report_and_survives_the_archive(tmp_path, run, lang, said):
    repo = statement_repo(tmp_path, [5, 4, 1, "vet-ej"])
    report = run("report", "x", "--format", "md", "--lang", lang, "-o", "-", cwd=repo)
    assert said in report.stdout
    table = run("--lang", lang, "score", "x", cwd=repo).stdout
    assert ("räknas inte: 1" if lang == "sv" else "not counted: 1") in table
    before = run("score", "x", "--format", "json", cwd=repo).stdout
    assert run("archive", "x", "--yes", "--today", "2030-01-01", cwd=repo).exit_code == 0
    frozen = (repo / "audits/x/results.yaml").read_text(encoding="utf-8")
    assert "excluded: 1" in frozen
    assert run("score", "x", "--format", "json", cwd=repo).stdout == before
    assert said in run("report", "x", "--format", "md", "--lang", lang, "-o", "-", cwd=repo).stdout
