"""Open interviews coded with themes (issue 3 item 3): the rules, the tally, `revision score`,
the reports of an all-text battery, and the vasternorrland example with its goldens."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO, THEMES_AUDIT

from revision_cli.models.battery import Battery
from revision_cli.models.interview import Interview
from revision_cli.scoring.themes import tally

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

GOLDEN = Path(__file__).resolve().parent / "golden"
BATTERY = yaml.safe_load((REPO / "question_batteries" / "vasternorrland.yaml").read_text(encoding="utf-8"))
FOLDER = f"audits/{THEMES_AUDIT}"


def folder(repo: Path) -> Path:
    return repo / "audits" / THEMES_AUDIT


def write(repo: Path, name: str, text: str) -> None:
    (folder(repo) / name).write_text(text, encoding="utf-8")


def findings(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if re.search(r": (error|warning) \[", line)]


def interview(code: str, answers: str = "", quotes: str = "", consent: str = "true") -> str:
    return f"respondent: {code}\ngroup: klient\nconsent: {consent}\nanswers:\n{answers or '  {}'}\n" + (
        f"quotes:\n{quotes}\n" if quotes else ""
    )


def score_json(run, repo: Path, *args: str) -> dict:
    result = run("score", THEMES_AUDIT, "--format", "json", *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- rules ---------------------------------------------------------------------------


def test_the_example_validates_clean(run, example_repo):
    result = run("validate", FOLDER, "--strict", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert findings(result) == []


def test_an_unknown_theme_on_an_answer_is_an_error_at_its_list_item_with_a_hint(run, example_repo):
    write(
        example_repo,
        "interviews/k7.yaml",
        interview("k7", answers=('  avslut-hur:\n    value: "Det gick bra."\n    themes: [avslut, delaktihet]\n')),
    )
    result = run("validate", FOLDER, cwd=example_repo)
    assert result.exit_code == 1
    assert findings(result) == [
        f"{FOLDER}/interviews/k7.yaml:7:22: error [interview-unknown-theme] the answer to 'avslut-hur' names the "
        "theme 'delaktihet', which is not declared; did you mean 'delaktighet'? (add new themes to audit.yaml "
        "under 'themes')"
    ]


def test_an_unknown_theme_on_a_quote_is_an_error_and_without_a_close_match_the_themes_are_listed(run, example_repo):
    write(
        example_repo,
        "interviews/k7.yaml",
        interview("k7", quotes=('  - text: "Bra."\n    publish: true\n    themes:\n      - bemotande\n      - xyz\n')),
    )
    result = run("validate", FOLDER, cwd=example_repo)
    [line] = findings(result)
    assert line.startswith(
        f"{FOLDER}/interviews/k7.yaml:11:9: error [interview-unknown-theme] quote 1 names "
        "the theme 'xyz', which is not declared; declared themes: bemotande, tillganglighet,"
    )
    assert line.endswith(", sjalvstandighet, trygghet (add new themes to audit.yaml under 'themes')")


def test_a_theme_the_audit_declares_is_known(run, example_repo):
    write(
        example_repo,
        "interviews/k7.yaml",
        interview("k7", answers=('  stod-na-personal: {value: "Det var lugnt på nätterna.", themes: [trygghet]}\n')),
    )
    result = run("validate", FOLDER, "--strict", cwd=example_repo)
    assert result.exit_code == 0, result.output


def test_a_theme_the_audit_declares_twice_or_the_battery_already_has_is_a_duplicate(run, example_repo):
    text = (folder(example_repo) / "audit.yaml").read_text(encoding="utf-8")
    extra = "  - {id: trygghet, title: Trygghet igen}\n  - {id: avslut, title: Avslut}\n"
    text = text.replace("# För redigeringsprogram", extra + "# För redigeringsprogram", 1)
    write(example_repo, "audit.yaml", text)
    lines = text.splitlines()
    twice = next(i for i, line in enumerate(lines, 1) if "Trygghet igen" in line)
    result = run("validate", FOLDER, cwd=example_repo)
    assert result.exit_code == 1
    first = next(i for i, line in enumerate(lines, 1) if "- id: trygghet" in line)
    assert findings(result) == [
        f"{FOLDER}/audit.yaml:{twice}:10: error [audit-duplicate-theme] "
        f"theme 'trygghet' is already declared on line {first}",
        f"{FOLDER}/audit.yaml:{twice + 1}:10: error [audit-duplicate-theme] "
        "the battery vasternorrland@1 already declares "
        "the theme 'avslut'; remove it here, or give this theme an id of its own",
    ]


def test_a_battery_theme_declared_twice_is_a_duplicate_id_but_may_share_an_area_id(run, tmp_path):
    battery = dict(BATTERY, id="lokal")
    battery["themes"] = [
        *battery["themes"],
        {"id": "bemotande", "title": "Igen"},
        {"id": "avslutet", "title": "Som området"},
    ]
    (tmp_path / "batteries").mkdir()
    (tmp_path / "revision.yaml").write_text("revision: 1\n", encoding="utf-8")
    (tmp_path / "batteries" / "lokal.yaml").write_text(
        yaml.safe_dump(battery, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    result = run("batteries", "list", cwd=tmp_path)
    problems = [line for line in result.stderr.splitlines() if "[" in line]
    assert len(problems) == 1
    assert re.fullmatch(
        r"batteries/lokal\.yaml:\d+:\d+: error \[battery-duplicate-id\] theme 'bemotande' is already "
        r"declared on line \d+",
        problems[0],
    )


def test_a_theme_twice_on_one_answer_and_themes_on_an_empty_answer_are_warnings(run, example_repo):
    write(
        example_repo,
        "interviews/k7.yaml",
        interview(
            "k7",
            answers=(
                '  avslut-hur: {value: "Bra.", themes: [avslut, avslut]}\n'
                "  avslut-i-dag: {value: null, themes: [sjalvstandighet]}\n"
                '  battre-rad: {value: "  ", themes: [information]}\n'
                '  battre-ovrigt: {value: "Nej.", themes: []}\n'
            ),
        ),
    )
    result = run("validate", FOLDER, cwd=example_repo)
    assert result.exit_code == 0, result.output
    found = findings(result)
    assert found[0] == (
        f"{FOLDER}/interviews/k7.yaml:5:48: warning [interview-duplicate-theme] the answer to "
        "'avslut-hur' names the theme 'avslut' twice; once is enough (an interview counts once per theme)"
    )
    assert [line.split(": ", 2)[:2] for line in found[1:]] == [
        [
            f"{FOLDER}/interviews/k7.yaml:6:39",
            "warning [interview-theme-without-answer] the answer to 'avslut-i-dag' has "
            "themes but no text; write down what was said, or move the themes to the answer they belong to (the themes "
            "are still counted)",
        ],
        [
            f"{FOLDER}/interviews/k7.yaml:7:37",
            "warning [interview-theme-without-answer] the answer to 'battre-rad' has "
            "themes but no text; write down what was said, or move the themes to the answer they belong to (the themes "
            "are still counted)",
        ],
    ]
    assert run("validate", FOLDER, "--strict", cwd=example_repo).exit_code == 1


# ---- the tally ---------------------------------------------------------------------------


def models(*interviews: dict) -> list[Interview]:
    return [Interview.model_validate({"group": "klient", **i}) for i in interviews]


def test_an_interview_counts_once_per_theme_however_often_it_raises_it():
    battery = Battery.model_validate(BATTERY)
    counted = tally(
        battery,
        [],
        models(
            {
                "respondent": "a",
                "answers": {
                    "avslut-hur": {"value": "x", "themes": ["avslut", "avslut"]},
                    "battre-rad": {"value": "y", "themes": ["avslut"]},
                },
                "quotes": [{"text": "z", "publish": True, "themes": ["avslut"]}],
            },
            {"respondent": "b", "answers": {"avslut-hur": {"value": "x", "themes": ["avslut"]}}},
            {"respondent": "c", "quotes": [{"text": "q", "themes": ["kontinuitet"]}]},
        ),
    )
    by_id = {t.id: t for t in counted.themes}
    assert [t.id for t in counted.themes] == [t["id"] for t in BATTERY["themes"]]
    assert (by_id["avslut"].interviews, by_id["avslut"].questions) == (2, {"avslut-hur": 2, "battre-rad": 1})
    assert by_id["avslut"].areas == {"avslutet": 2, "battre": 1}
    assert by_id["avslut"].quotes == ["z"]
    # An unpublished quote raises its theme but is never shown.
    assert (by_id["kontinuitet"].interviews, by_id["kontinuitet"].quotes) == (1, [])
    assert by_id["bemotande"].interviews == 0 and counted.interviews == 3


def test_uncoded_counts_open_answers_with_text_and_no_theme():
    battery = Battery.model_validate(BATTERY)
    counted = tally(
        battery,
        [],
        models(
            {
                "respondent": "a",
                "answers": {
                    "avslut-hur": "text",
                    "battre-rad": " ",
                    "battre-ovrigt": None,
                    "avslut-i-dag": {"value": "t", "themes": ["avslut"]},
                },
                "quotes": [{"text": "utan tema", "publish": True}, {"text": "opublicerad"}],
            }
        ),
    )
    assert (counted.uncoded, counted.uncoded_by_question) == (1, {"avslut-hur": 1})
    assert counted.unthemed_quotes == ["utan tema"]


def test_answers_to_withheld_questions_are_not_counted_at_all():
    """ "Raised in 1 interview" beside questions that account for none would say that the
    small group asked the withheld question raised it."""
    battery = Battery.model_validate(BATTERY)
    counted = tally(
        battery,
        [],
        models(
            {
                "respondent": "a",
                "answers": {"avslut-hur": {"value": "x", "themes": ["avslut"]}, "battre-rad": "uncoded"},
            }
        ),
        withheld=frozenset({"avslut-hur", "battre-rad"}),
    )
    avslut = next(t for t in counted.themes if t.id == "avslut")
    assert (avslut.interviews, avslut.questions, avslut.areas, counted.uncoded) == (0, {}, {}, 0)


# ---- revision score ----------------------------------------------------------------------


@pytest.mark.lang("sv")  # the themes' titles in the repository's language
def test_score_json_has_the_themes_of_consenting_interviews(run, example_repo):
    data = score_json(run, example_repo)
    assert list(data)[:6] == ["audit", "battery", "thresholds", "respondents", "breakdown", "areas"]
    assert data["respondents"]["total"] == 5 and data["respondents"]["declined"] == 1
    themes = {t["id"]: t for t in data["themes"]}
    assert list(themes) == [t["id"] for t in BATTERY["themes"]] + ["trygghet"]
    assert all(set(t) == {"id", "title", "source", "interviews", "questions", "quotes"} for t in data["themes"])
    # k1–k5 each code their first meeting with bemotande; k6 (consent: false) does too and is left out.
    assert themes["bemotande"] == {
        "id": "bemotande",
        "title": "Bemötande",
        "source": "battery",
        "interviews": 5,
        "questions": {"borjan-mottagande": 5},
        "quotes": 1,
    }
    assert themes["trygghet"]["source"] == "audit" and themes["trygghet"]["interviews"] == 3
    assert data["uncoded"] == 5
    # No colours for free text: null, never a row of "insufficient".
    for area in data["areas"]:
        for item in [area, *area["subareas"]]:
            assert (item["rating"], item["computed"]) == (None, None)


def test_score_json_of_an_audit_without_themes_is_unchanged(run, example_repo):
    result = run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo)
    data = json.loads(result.stdout)
    assert "themes" not in data and "uncoded" not in data
    assert data["areas"][0]["rating"] in ("green", "yellow", "red")


def test_themes_are_never_broken_down_by_group(run, example_repo):
    assert "themes" not in score_json(run, example_repo, "--group", "klient")
    result = run("score", THEMES_AUDIT, "--group", "klient", cwd=example_repo)
    assert "never broken down by group" in result.stdout
    assert "Bemötande" not in result.stdout


def test_the_score_table_shows_themes_and_no_lights_for_free_text(run, example_repo):
    result = run("score", THEMES_AUDIT, cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert "Insufficient" not in result.stdout
    assert "No question has an answer scale, so no colours are computed." in result.stdout
    # --lang en (the module's marker) is the themes' language too: the battery's English title.
    row = next(line for line in result.stdout.splitlines() if line.startswith("How one is treated (bemotande)"))
    assert row.split()[4:] == ["(bemotande)", "5", "borjan-mottagande", "5", "1"]
    assert "5 free-text answers are not yet coded with a theme." in result.stdout


def test_the_goteborg_score_table_keeps_its_rows(run, example_repo):
    result = run("score", EXAMPLE_AUDIT, cwd=example_repo)
    assert "Themes" not in result.stdout
    assert "The meeting (motet)" in result.stdout


# ---- reports -----------------------------------------------------------------------------


def report(run, repo: Path, *args: str) -> str:
    result = run("report", THEMES_AUDIT, *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_report_of_an_all_text_battery_has_no_colours(run, example_repo, fmt):
    text = report(run, example_repo, "--format", fmt)
    for colour_text in (
        "Färgbedömningar",
        "Så beräknades färgerna",
        "Otillräckligt",
        "Grön när andelen",
        "Teamet gör en färgbedömning",
        "Andelen är medelvärdet",
        "färgsätts inte",
    ):
        assert colour_text not in text, colour_text
    assert "Frågorna besvaras med egna ord." in text
    assert "Kom upp i 5 av 5 intervjuer." in text
    # Team texts still show.
    assert "reglerna i boendet förklaras inte alltid när någon flyttar in" in text


def test_published_quotes_of_consenting_interviews_stand_under_their_themes(run, example_repo):
    text = report(run, example_repo)
    themes = text.split("## Teman\n", 1)[1].split("\n## ", 1)[0]
    sections = dict(re.findall(r"### ([^\n]+)\n(.*?)(?=\n### |\Z)", themes, re.S))
    assert "> Varje gång fick jag börja om från början och berätta allt igen." in sections["Kontinuitet"]
    assert "> Vi gick igenom vart jag kunde vända mig efteråt" in sections["Avslut"]
    assert (
        "> Vi gick igenom vart jag kunde vända mig efteråt"
        in sections["Trygghet i boendet (tema för den här revisionen)"]
    )
    assert "Det kändes som att jag bara skulle ut." not in text  # publish: false
    assert "Det var bra." not in text  # consent: false
    # A published quote without a theme closes the report as before.
    assert "## Citat utan tema\n\n> Det är skönt att ingen längre bestämmer över mina dagar.\n" in text
    assert text.count("Det är skönt att ingen längre") == 1


def test_the_html_themes_section_is_accessible(run, example_repo):
    text = report(run, example_repo, "--format", "html", "--lang", "en")
    assert '<html lang="en">' in text
    assert "<h2>Themes</h2>" in text
    assert '<h3 id="theme-bemotande">How one is treated</h3>' in text
    section = text.split('<section class="themes">', 1)[1].split("</section>\n</section>", 1)[0]
    assert '<th scope="col">Question</th>' in section and '<th scope="row">' in section
    assert (
        '<blockquote lang="sv"><p>De såg mig som en vanlig människa, inte som ett ärende.</p></blockquote>' in section
    )
    assert "Raised in 5 of 5 interviews." in section and "1 interview<" in text


def test_quote_text_is_escaped_under_its_theme(run, example_repo):
    path = folder(example_repo) / "interviews" / "k1.yaml"
    text = path.read_text(encoding="utf-8").replace(
        '"De såg mig som en vanlig människa, inte som ett ärende."', '"<script>x</script> # [a](b)"'
    )
    path.write_text(text, encoding="utf-8")
    assert "&lt;script&gt;x&lt;/script&gt;" in report(run, example_repo, "--format", "html")
    assert "> \\<script\\>x\\</script\\> \\# \\[a\\](b)" in report(run, example_repo)


def test_an_archived_audit_keeps_its_theme_tally(run, example_repo):
    before = (score_json(run, example_repo), report(run, example_repo))
    result = run("archive", THEMES_AUDIT, "--yes", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert (score_json(run, example_repo), report(run, example_repo)) == before
    assert any(t["interviews"] for t in before[0]["themes"])


def test_an_archive_without_a_tally_lists_its_themes_without_false_counts(run, example_repo):
    """An archive written before results.yaml kept the tally: counts unknown, never zeros."""
    assert run("archive", THEMES_AUDIT, "--yes", cwd=example_repo).exit_code == 0
    path = example_repo / "audits" / THEMES_AUDIT / "results.yaml"
    frozen = yaml.safe_load(path.read_text(encoding="utf-8"))
    del frozen["themes"]
    path.write_text(yaml.safe_dump(frozen, sort_keys=False, allow_unicode=True), encoding="utf-8")
    data = score_json(run, example_repo)
    assert all((t["interviews"], t["questions"], t["quotes"]) == (None, None, None) for t in data["themes"])
    assert data["uncoded"] is None
    text = report(run, example_repo)
    assert "sparades inte" in text and "Kom upp i" not in text
    assert "## Citat\n" in text and "> De såg mig som en vanlig människa" in text


# ---- batteries and goldens ---------------------------------------------------------------


def test_batteries_show_prints_the_themes(run, tmp_path):
    result = run("batteries", "show", "vasternorrland", "--lang", "en", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Thresholds: none; every question is free text" in result.stdout
    for theme in BATTERY["themes"]:
        assert f"  {theme['id']}: {theme['title']['en']} — {theme['description']['en']}" in result.stdout


def test_the_battery_is_bilingual_and_all_free_text():
    questions = [q for area in BATTERY["areas"] for sub in area["subareas"] for q in sub["questions"]]
    assert len(BATTERY["areas"]) >= 4 and len(questions) >= 8
    assert all(q["scale"] == "text" for q in questions)
    texts = (
        [q["text"] for q in questions]
        + [t["title"] for t in BATTERY["themes"]]
        + [t["description"] for t in BATTERY["themes"]]
    )
    assert all(set(text) == {"sv", "en"} and all(text.values()) for text in texts)


@pytest.mark.parametrize(
    "name, args", [("themes.md", []), ("themes.html", ["--format", "html"]), ("themes.en.md", ["--lang", "en"])]
)
def test_the_themes_example_report_matches_golden(report_day, run, example_repo, update_goldens, name, args):
    actual = report(run, example_repo, *args).encode("utf-8")
    golden = GOLDEN / name
    if update_goldens:
        golden.write_bytes(actual)
    assert golden.exists(), f"{golden} is missing; run pytest --update-goldens"
    expected = golden.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(),
            actual.decode("utf-8").splitlines(),
            f"golden/{name}",
            "rendered",
            lineterm="",
        )
        pytest.fail(
            f"{name} differs from the golden (pytest --update-goldens rewrites it):\n" + "\n".join(list(diff)[:60])
        )


def test_the_interview_template_of_a_themes_battery_says_how_to_code(run, example_repo):
    result = run("new", "2025-test", "--battery", "vasternorrland@1", "--unit", "Test", cwd=example_repo)
    assert result.exit_code == 0, result.output
    text = (example_repo / "audits" / "2025-test" / "interviews" / "_mall-klient.yaml").read_text(encoding="utf-8")
    assert (
        "# Code an answer with themes: {value: ..., themes: [bemotande]}; the themes: bemotande, tillganglighet,"
        in text
    )
    copy = example_repo / "audits" / "2025-test" / "interviews" / "k1.yaml"
    copy.write_text(
        text.replace("respondent: x1", "respondent: k1").replace(
            "  avslut-hur:    # free text", '  avslut-hur: {value: "Bra.", themes: [avslut]}'
        ),
        encoding="utf-8",
    )
    assert run("validate", "audits/2025-test", cwd=example_repo).exit_code == 0
