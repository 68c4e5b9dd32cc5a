"""`revision compare A B C …`: several fidelity reviews side by side (seed 003: four clinics
reviewed one spring) — total, band, mean, section means, items and the reviewers'
recommendations, in the terminal, JSON, Markdown and HTML, through the real command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

FOUR = ["2025-ips-alvstaden", "2025-ips-angered", "2025-ips-nordost", "2025-ips-sydvast"]


def side_json(run, repo: Path, *slugs: str) -> dict:
    result = run("compare", *slugs, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_four_example_reviews_side_by_side_in_json(run, example_repo):
    data = side_json(run, example_repo, *FOUR)
    reviews = {r["audit"]: r for r in data["reviews"]}
    assert [r["audit"] for r in data["reviews"]] == FOUR  # in the order given
    assert {s: (r["total"], r["band"]) for s, r in reviews.items()} == {
        "2025-ips-alvstaden": (107, "good"),
        "2025-ips-angered": (82, "fair"),
        "2025-ips-nordost": (116, "exemplary"),
        "2025-ips-sydvast": (100, "good"),
    }
    assert data["same_items"] is True
    assert [s["id"] for s in data["sections"]] == ["bemanning", "organisation", "tjanster"]
    # Section means are exact: Organisation of Älvstaden is 33 over 8 items.
    assert reviews["2025-ips-alvstaden"]["sections"]["organisation"] == {
        "total": 33,
        "mean": 4.125,
        "mean_exact": "33/8",
    }
    assert reviews["2025-ips-alvstaden"]["mean_exact"] == "107/25"
    assert reviews["2025-ips-angered"]["items"]["ips-04"] == {
        "score": 2,
        "recommendation": "Knyt varje arbetsspecialist till ett eller två behandlingsteam.",
    }
    assert reviews["2025-ips-nordost"]["items"]["ips-01"] == {"score": 5, "recommendation": None}


def test_the_terminal_table_and_markdown_show_every_column_in_words(run, example_repo):
    table = run("compare", *FOUR, "--lang", "en", cwd=example_repo).stdout
    assert "Fidelity reviews side by side" in table
    row = next(line for line in table.splitlines() if "Band" in line)
    for label in ("Good fidelity", "Fair fidelity", "Exemplary fidelity"):
        assert label in row
    assert re.search(r"Organisation\s*│\s*4\.12\s*│\s*2\.75\s*│\s*4\.75\s*│\s*4\.25", table)
    assert "- ips-04 Integration through team assignment (2025-ips-angered): Knyt varje" in table

    md = run("compare", *FOUR, "--format", "md", cwd=example_repo).stdout  # the repository's Swedish
    assert md.startswith("# Granskningar av programtrohet sida vid sida\n")
    assert "| Granskning | 2025-ips-alvstaden | 2025-ips-angered | 2025-ips-nordost | 2025-ips-sydvast |" in md
    assert "| **Summa** | **107** (av 25–125) | **82** (av 25–125) | **116** (av 25–125) | **100** (av 25–125) |" in md
    assert "| Organisation | 4,12 | 2,75 | 4,75 | 4,25 |" in md  # rounded for display, decimal comma
    assert "| Samordning genom teamtillhörighet (ips-04) | 5 | 2 | 5 | 5 |" in md
    assert (
        "| Samordning genom teamtillhörighet (ips-04) | 2025-ips-angered | "
        "Knyt varje arbetsspecialist till ett eller två behandlingsteam. |" in md
    )


def test_the_html_report_is_an_accessible_table_in_its_language(run, example_repo):
    result = run("compare", *FOUR, "--lang", "en", "-o", "ips.html", cwd=example_repo)
    assert result.exit_code == 0, result.output
    html = (example_repo / "ips.html").read_text(encoding="utf-8")
    from test_form import assert_valid_html

    assert_valid_html(html, "en")  # stands alone, prints, headings in order, every tag closed
    assert "<caption>Fidelity reviews side by side</caption>" in html
    assert html.count('<th scope="col">2025-ips-nordost</th>') == 3  # the reviews, sections and items tables
    assert '<th scope="row">Band</th><td>Good fidelity</td><td>Fair fidelity</td><td>Exemplary fidelity</td>' in html
    assert '<th scope="row">Staffing</th><td class="num">4.33</td>' in html
    # The reviewers wrote in Swedish, the page is in English: their text says so.
    assert '<td lang="sv">Knyt varje arbetsspecialist till ett eller två behandlingsteam.</td>' in html
    assert "<script" not in html


def test_two_fidelity_reviews_side_by_side_in_html_and_the_old_view_otherwise(run, example_repo):
    html = run("compare", FOUR[0], FOUR[1], "--format", "html", cwd=example_repo)
    assert html.exit_code == 0 and '<th scope="col">2025-ips-angered</th>' in html.stdout
    two = run("compare", FOUR[0], FOUR[1], "--format", "json", cwd=example_repo)
    assert json.loads(two.stdout)["fidelity"]["total"] == {"id": "total", "old": "107", "new": "82", "change": "-25"}


def totals_repo(run, repo: Path, totals: list[int]) -> list[str]:
    """One review per total: the example with its 25 items scored to add up to it."""
    slugs = []
    for total in totals:
        slug = f"2026-ips-{total}"
        folder = repo / "audits" / slug
        shutil.copytree(repo / "audits" / FOUR[0], folder)
        audit = folder / "audit.yaml"
        audit.write_text(audit.read_text(encoding="utf-8").replace(f"id: {FOUR[0]}", f"id: {slug}", 1), "utf-8")
        extra = total - 25  # every item from 1 up, one point at a time, at most 4 more each
        scores = [1 + min(4, max(0, extra - 4 * i)) for i in range(25)]
        assert sum(scores) == total
        items = "\n".join(f"  ips-{i + 1:02d}: {s}" for i, s in enumerate(scores))
        (folder / "assessment.yaml").write_text(f"items:\n{items}\n", encoding="utf-8")
        slugs.append(slug)
    return slugs


def test_band_edges_are_exact(run, example_repo):
    edges = [25, 73, 74, 99, 100, 114, 115, 125]
    slugs = totals_repo(run, example_repo, edges)
    data = side_json(run, example_repo, *slugs)
    assert [(r["total"], r["band"]) for r in data["reviews"]] == [
        (25, "not-supported"),
        (73, "not-supported"),
        (74, "fair"),
        (99, "fair"),
        (100, "good"),
        (114, "good"),
        (115, "exemplary"),
        (125, "exemplary"),
    ]
    md = run("compare", *slugs, "--format", "md", "--lang", "en", cwd=example_repo).stdout
    band_row = next(line for line in md.splitlines() if line.startswith("| **Band**"))
    assert band_row.count("**Not supported employment (not IPS)**") == 2
    assert band_row.count("**Fair fidelity**") == 2 and band_row.count("**Good fidelity**") == 2
    assert band_row.count("**Exemplary fidelity**") == 2


def test_an_unfinished_review_has_no_total_and_a_missing_item_is_named(run, example_repo):
    slug = totals_repo(run, example_repo, [100])[0]
    path = example_repo / "audits" / slug / "assessment.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  ips-25: 1\n", "  ips-25:\n"), encoding="utf-8")
    audit = example_repo / "audits" / slug / "audit.yaml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("status: reported", "status: visited"), "utf-8")
    data = side_json(run, example_repo, FOUR[0], FOUR[1], slug)
    last = data["reviews"][2]
    assert (last["total"], last["band"], last["mean"], last["missing"]) == (None, None, None, ["ips-25"])
    assert last["sections"]["tjanster"]["mean_exact"] is None and last["sections"]["bemanning"]["total"] is not None
    md = run("compare", FOUR[0], FOUR[1], slug, "--format", "md", "--lang", "en", cwd=example_repo).stdout
    assert "| **Total** | **107** (of 25–125) | **82** (of 25–125) | **not computed** (of 25–125) |" in md
    assert "| Assertive engagement and outreach (ips-25) | 4 | 3 | not scored |" in md


def test_reviews_on_different_scales_say_so_item_by_item(run, example_repo):
    from conftest import REPO

    battery = (REPO / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8")
    battery = (
        battery.replace("\nversion: 1\n", "\nversion: 9\n", 1)
        .replace("id: ips-25\n", "id: ips-26\n")
        .replace("ips-25]", "ips-26]")
    )
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "ips-9.yaml").write_text(battery, encoding="utf-8")
    slug = totals_repo(run, example_repo, [100])[0]
    folder = example_repo / "audits" / slug
    audit = folder / "audit.yaml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("ips-fidelity@1", "ips-fidelity@9"), "utf-8")
    assessment = folder / "assessment.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8").replace("ips-25:", "ips-26:"), "utf-8")
    data = side_json(run, example_repo, FOUR[0], FOUR[2], slug)
    assert data["same_items"] is False
    assert data["reviews"][0]["items"]["ips-26"] is None and data["reviews"][2]["items"]["ips-25"] is None
    md = run("compare", FOUR[0], FOUR[2], slug, "--format", "md", "--lang", "en", cwd=example_repo).stdout
    assert "did not score the same items" in md
    assert "| Assertive engagement and outreach (ips-25) | 4 | 4 | not in the scale |" in md


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_personal_data_in_a_recommendation_stops_the_compare_report(run, example_repo, fmt):
    path = example_repo / "audits" / FOUR[1] / "assessment.yaml"
    text = path.read_text(encoding="utf-8")
    assert "recommendation: Knyt varje" in text
    path.write_text(
        text.replace("recommendation: Knyt varje", "recommendation: Ring 070-123 45 67. Knyt varje"), "utf-8"
    )
    result = run("compare", *FOUR, "-o", f"ips.{fmt}", cwd=example_repo)
    assert result.exit_code == 1
    assert "error [personal-data-published]" in result.stderr and "070-123 45 67" not in result.output
    assert not (example_repo / f"ips.{fmt}").exists()


def test_three_audits_must_all_be_fidelity_reviews(run, example_repo):
    result = run("compare", "2012-vastra-hisingen", *FOUR[:2], "--lang", "en", cwd=example_repo)
    assert result.exit_code == 2
    assert (
        "2012-vastra-hisingen is not a fidelity review (goteborg@1+kvalitetsdeklaration@1 has no fidelity items)"
        in result.stderr
    )
    one = run("compare", FOUR[0], "--lang", "en", cwd=example_repo)
    assert one.exit_code == 2 and "compare needs at least two audits" in one.stderr
    table_to_file = run("compare", *FOUR, "-o", "x.txt", "--format", "table", "--lang", "en", cwd=example_repo)
    assert table_to_file.exit_code == 2 and not (example_repo / "x.txt").exists()


def test_the_fidelity_report_shows_each_recommendation_beside_its_item(run, example_repo):
    md = run("report", FOUR[0], cwd=example_repo).stdout
    row = next(line for line in md.splitlines() if "(ips-06)" in line)
    assert row.endswith("| Boka fasta månadsmöten med Arbetsförmedlingen om gemensamma deltagare. |")
    assert "| Punkt | Poäng | Vad poängen betyder | Granskarnas egna poäng | Kommentar | Rekommendation |" in md
    html = run("report", FOUR[0], "--format", "html", "--lang", "en", cwd=example_repo).stdout
    # on the item's detail row, labelled, in the team's language (the table fits A4)
    assert (
        '<span class="fidelity-detail" lang="sv"><strong>Recommendation:</strong> '
        "Boka fasta månadsmöten med Arbetsförmedlingen om gemensamma deltagare.</span>"
    ) in html
    data = json.loads(run("score", FOUR[0], "--format", "json", cwd=example_repo).stdout)
    by_id = {i["id"]: i for i in data["items"]}
    assert by_id["ips-11"]["recommendation"] == "Bilda en styrgrupp där deltagare och närstående ingår."
    assert by_id["ips-01"]["recommendation"] is None
