"""Reports of the example audits of the built-in batteries kvalitetsdeklaration (rated
statements, no areas) and uppfoljning (a phone follow-up): goldens in both formats, what
the statements section shows, and the example files against their schemas. Goldens are
rewritten only with `pytest --update-goldens`."""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES
from test_schemas import _errors, _modeline_target

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

GOLDEN = Path(__file__).resolve().parent / "golden"
KVALITET = "2013-ekbacken"
TELEFON = "2021-solrosen-telefon"
KINDS = {"audit.yaml": "audit", "assessment.yaml": "assessment", "actions.yaml": "actions", "meetings.yaml": "meetings"}


def render(run, repo: Path, audit: str, *args: str) -> str:
    result = run("report", audit, *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "audit, name, args",
    [
        (KVALITET, "kvalitetsdeklaration.md", []),
        (KVALITET, "kvalitetsdeklaration.html", ["--format", "html"]),
        (KVALITET, "kvalitetsdeklaration.en.md", ["--lang", "en"]),
        (TELEFON, "uppfoljning.md", []),
        (TELEFON, "uppfoljning.html", ["--format", "html"]),
    ],
)
def test_report_matches_golden(run, example_repo, update_goldens, audit, name, args):
    actual = render(run, example_repo, audit, *args).encode("utf-8")
    golden = GOLDEN / name
    if update_goldens:
        golden.write_bytes(actual)
    assert golden.exists(), f"{golden} is missing; run pytest --update-goldens"
    if actual != golden.read_bytes():
        diff = difflib.unified_diff(
            golden.read_text(encoding="utf-8").splitlines(),
            actual.decode("utf-8").splitlines(),
            f"golden/{name}",
            "rendered",
            lineterm="",
        )
        pytest.fail(
            f"{name} differs from the golden (pytest --update-goldens rewrites it):\n" + "\n".join(list(diff)[:60])
        )


@pytest.mark.parametrize("audit", [KVALITET, TELEFON])
def test_examples_validate_clean(run, example_repo, audit):
    result = run("validate", "--strict", f"audits/{audit}", cwd=example_repo)
    assert result.exit_code == 0 and result.output.strip() == "No problems found.", result.output


@pytest.mark.parametrize("audit", [KVALITET, TELEFON])
def test_example_files_name_their_schema_and_validate_against_it(audit):
    folder = EXAMPLES / "audits" / audit
    files = {path: KINDS[path.name] for path in folder.glob("*.yaml")}
    files.update({path: "interview" for path in (folder / "interviews").glob("*.yaml")})
    assert len(files) >= 8
    for path, kind in files.items():
        target = _modeline_target(path, first=False)
        assert target == (EXAMPLES / "schemas" / f"{kind}.schema.json").resolve(), path
        assert _errors(target, path) == []


def test_statements_section_shows_every_statement_with_its_figures(run, example_repo):
    md = render(run, example_repo, KVALITET)
    page = render(run, example_repo, KVALITET, "--format", "html")
    texts = [
        s["text"]["sv"]
        for s in yaml.safe_load(
            (EXAMPLES.parent / "question_batteries" / "kvalitetsdeklaration.yaml").read_text(encoding="utf-8")
        )["statements"]
    ]
    assert "## Påståenden" in md and "<h2>Påståenden</h2>" in page
    assert "| Påstående | Antal svar (n) | Medelvärde | Median | Andel 4 eller högre |" in md
    assert "| Personalen behandlar mig med respekt. | 7 | 4,3 | 4 | 86 % |" in md
    assert "| Personalen behandlar mig med respekt. | 0 | 0 | 1 | 3 | 3 |" in md  # the distribution
    for text in texts:
        assert md.count(text) >= 2, text  # the figures and the distribution (and a note)
        assert html.escape(text, quote=False) in page
    # One chart per statement, each with its text alternative and a table beside it.
    assert page.count('<svg role="img"') == 10
    assert page.count('<table class="distribution">') == 10
    assert "<desc>1: 0, 2: 0, 3: 1, 4: 3, 5: 3.</desc>" in page
    assert '<th scope="col" class="num">Medelvärde</th>' in page
    assert "Obesvarade: 1." in md and "Obesvarade: 1." in page  # overklaga, left empty once


def test_a_battery_without_areas_has_no_colour_sections(run, example_repo):
    for args in ([], ["--format", "html"], ["--lang", "en"]):
        text = render(run, example_repo, KVALITET, *args)
        for absent in ("Färgbedömningar", "Colour ratings", "Bilaga", "Appendix", "färgbedömning", "Grön", "Green"):
            assert absent not in text, (absent, args)


def test_english_report_uses_a_decimal_point_and_english_texts(run, example_repo):
    md = render(run, example_repo, KVALITET, "--lang", "en")
    assert "## Rated statements" in md
    assert "| The staff treat me with respect. | 7 | 4.3 | 4 | 86% |" in md
    assert "| Statement | Answers (n) | Mean | Median | Share 4 or higher |" in md


def test_the_phone_follow_up_is_coloured_the_ordinary_way(run, example_repo):
    md = render(run, example_repo, TELEFON)
    assert "## Handlingsplanen" in md and "## Påståenden" not in md
    assert "| Träffar som blir av | ! Gul" in md and "| Dialog och öppenhet | ✓ Grön" in md
    assert "Förut bara lät jag bli att öppna dörren." in md  # published quote
    assert "Det är svårt att ringa när man mår som sämst." not in md  # not published
    assert not re.search(r"(?<![\w-])u[1-6](?![\w-])", md)  # respondent codes never appear


def test_the_statements_partial_can_be_overridden_by_the_repository(run, example_repo):
    (example_repo / "templates").mkdir()
    (example_repo / "templates" / "_statements.md.j2").write_text(
        "{% for s in r.statements.rows %}EGEN {{ s.text | md_cell }}: {{ s.mean }}\n{% endfor %}", encoding="utf-8"
    )
    md = render(run, example_repo, KVALITET)
    assert "EGEN Personalen behandlar mig med respekt.: 4,3" in md
    assert "## Påståenden" not in md
    # The sandbox holds inside the partial too.
    (example_repo / "templates" / "_statements.md.j2").write_text("{{ r.statements.__class__ }}", encoding="utf-8")
    result = run("report", KVALITET, cwd=example_repo)
    assert result.exit_code == 1 and "_statements.md.j2" in result.stderr, result.output
