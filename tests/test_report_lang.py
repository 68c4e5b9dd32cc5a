"""The team's own texts are in the repository's language: an English report of a Swedish
repository marks them lang="sv", so a screen reader reads them as Swedish."""

from __future__ import annotations

import re

import yaml
from conftest import EXAMPLE_AUDIT


def html(run, repo, *args):
    result = run("report", EXAMPLE_AUDIT, "--format", "html", *args, cwd=repo)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_an_english_report_marks_the_swedish_texts_of_the_team(run, example_repo):
    page = html(run, example_repo, "--lang", "en")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assessment = yaml.safe_load(
        (example_repo / "audits" / EXAMPLE_AUDIT / "assessment.yaml").read_text(encoding="utf-8")
    )
    strength = next(s for area in assessment["areas"].values() for s in area.get("strengths") or [])
    lists = re.findall(r'<ul class="points points-strengths" lang="sv">(.*?)</ul>', page, re.DOTALL)
    assert any(strength.strip() in block for block in lists)
    assert '<blockquote lang="sv">' in page
    actions = yaml.safe_load((example_repo / "audits" / EXAMPLE_AUDIT / "actions.yaml").read_text(encoding="utf-8"))
    assert f'<th scope="row" lang="sv">{actions[0]["title"]}</th>' in page
    # the tool's own words stay English: headings carry no lang of their own
    assert not re.search(r"<h[1-3][^>]*lang=", page)


def test_a_report_in_the_repository_language_marks_nothing(run, example_repo):
    page = html(run, example_repo)
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert page.count('lang="') == 1


def test_the_colour_overview_comes_first_with_the_team_and_the_computed_colour(run, example_repo):
    """Every area and sub-area, the team's colour beside the computed one, as `score` has them."""
    import json

    score = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    words = {"green": "✓ Green", "yellow": "! Yellow", "red": "✗ Red"}
    text = run("report", EXAMPLE_AUDIT, "--lang", "en", cwd=example_repo).stdout
    overview = text.split("\n## Colour overview\n", 1)[1].split("\n## ", 1)[0]
    assert text.index("## Colour overview") < text.index("## How the audit was made")
    rows = [line for line in overview.splitlines() if line.startswith("| ") and "---" not in line][1:]
    expected = []
    for area in score["areas"]:
        expected.append((words[area["team"]], words[area["computed"]]))
        expected += [(words[s["team"]], words[s["computed"]]) for s in area["subareas"]]
    got = [tuple(cell.strip(" *") for cell in row.strip("|").split("|")[1:]) for row in rows]
    assert got == expected
    page = html(run, example_repo, "--lang", "en")
    assert page.index('<section class="overview">') < page.index("<h2>How the audit was made</h2>")


PHONE = "2021-solrosen-telefon"


def test_an_all_phone_audit_names_its_date_for_the_phone_interviews(run, example_repo):
    text = run("report", PHONE, "--lang", "en", cwd=example_repo).stdout
    assert "- **Telephone interviews:** 2021-03-08" in text and "Site visit" not in text.split("## ")[1]
    # one interview made at a visit: a site visit again
    first = example_repo / "audits" / PHONE / "interviews" / "u1.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("mode: telefon", "mode: besök"), encoding="utf-8")
    text = run("report", PHONE, "--lang", "en", cwd=example_repo).stdout
    assert "- **Site visit:** 2021-03-08" in text and "Telephone interviews" not in text


def test_an_interview_mode_is_one_of_three_in_either_language(run, example_repo):
    first = example_repo / "audits" / PHONE / "interviews" / "u1.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("mode: telefon", "mode: phone"), encoding="utf-8")
    assert run("validate", f"audits/{PHONE}", cwd=example_repo).exit_code == 0
    first.write_text(first.read_text(encoding="utf-8").replace("mode: phone", "mode: brev"), encoding="utf-8")
    result = run("validate", f"audits/{PHONE}", cwd=example_repo)
    assert result.exit_code == 1 and "u1.yaml:6:7:" in result.stdout
