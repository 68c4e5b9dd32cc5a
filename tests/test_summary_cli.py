"""`revision summary`: the period's summary for the committee, through the real command on a
repository of several units audited over two years (copies of examples/ in tmp_path)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import snapshot
from test_site_cli import copy_audit, expected_cells, plain, set_team_rating, text_of

from revision_cli.views.presentation import badge

SMALL_BATTERY = """\
id: liten
version: 1
title: Liten enkät
groups: [brukare, personal]
scales:
  ja-nej:
    options:
      - {value: ja, score: 1}
      - {value: nej, score: 0}
areas:
  - id: a
    title: Området
    subareas:
      - id: s
        title: Brukarnas delområde
        questions:
          - {id: q1, text: Fråga till brukare, scale: ja-nej, groups: [brukare]}
      - id: t
        title: Personalens delområde
        questions:
          - {id: q2, text: Fråga till personal, scale: ja-nej, groups: [personal]}
"""

FOLLOW_UP_ACTIONS = """\
- id: inbokade-moten
  title: Besked samma dag när ett möte ställs in
  subareas: [motet]
  owner: Enhetschef
  due: 2014-02-28
  status: ongoing
  events:
    - {date: 2014-01-15, kind: phone, outcome: Rutinen prövas i ett av teamen.}
- id: klar
  title: Väntrummet möbleras om
  owner: Enhetschef
  due: 2013-12-01
  status: done
- id: sen
  title: Skriftlig information på lätt svenska
  owner: Verksamhetsutvecklare
  due: 2014-01-31
  status: planned
"""


def small_group_audit(repo: Path) -> None:
    """2013-liten: five users and two staff (k = 5) on a battery whose sub-area `t` only
    staff were asked, all answering no: its total is too few to report, never red."""
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / "liten.yaml").write_text(SMALL_BATTERY, encoding="utf-8")
    folder = repo / "audits" / "2013-liten"
    (folder / "interviews").mkdir(parents=True)
    (folder / "audit.yaml").write_text(
        "id: 2013-liten\nbattery: liten@1\nunit: Träffpunkten Liten\nsite_visit: 2013-08-20\n"
        "feedback_meeting: 2013-09-10\nstatus: reported\n",
        encoding="utf-8",
    )
    people = [(f"b{i}", "brukare", "q1", "ja") for i in range(1, 6)] + [
        (f"p{i}", "personal", "q2", "nej") for i in (1, 2)
    ]
    for code, group, question, value in people:
        (folder / "interviews" / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: {group}\ndate: 2013-08-20\nconsent: true\nanswers:\n  {question}: {value}\n",
            encoding="utf-8",
        )


@pytest.fixture
def repo(example_repo: Path) -> Path:
    """The examples (2012 Västra Hisingen, 2013 Ekbacken on rated statements, later audits of
    other units), plus: Västra Hisingen's follow-up in 2013 (the meeting green → red, the
    consideration yellow → green, actions of its own); an assessed (not yet reported) audit
    in 2013; and an audit of a third unit whose staff-only sub-area is too small to report."""
    follow_up = copy_audit(
        example_repo,
        "2013-vastra-hisingen",
        site_visit="2013-10-14",
        feedback_meeting="2013-11-19",
        follows_up="2012-vastra-hisingen",
    )
    set_team_rating(follow_up, "motet", "green", "red")
    set_team_rating(follow_up, "hansyn", "yellow", "green")
    (follow_up / "actions.yaml").write_text(FOLLOW_UP_ACTIONS, encoding="utf-8")
    copy_audit(
        example_repo,
        "2013-norr",
        unit="Socialkontoret Norr",
        site_visit="2013-05-02",
        feedback_meeting="2013-06-01",
        status="assessed",
    )
    small_group_audit(example_repo)
    return example_repo


def summary(run, repo: Path, *args: str, env: dict | None = None) -> str:
    result = run("summary", *args, cwd=repo, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


YEAR_2013 = ("--from", "2013-01-01", "--to", "2013-12-31", "--today", "2014-02-01")


def audits_listed(page: str) -> list[str]:
    """The slugs of the table of audits in the period (HTML)."""
    table = re.search(r'<table class="audits">(.*?)</table>', page, re.S)
    return re.findall(r'<tr data-audit="([^"]+)">', table.group(1)) if table else []


def grid(page: str) -> dict[str, dict[str, str]]:
    """{audit slug: {sub-area or area id: cell text}} of every colour grid."""
    rows: dict[str, dict[str, str]] = {}
    for battery, table in re.findall(r'<table class="grid" data-battery="([^"]+)">(.*?)</table>', page, re.S):
        for slug, row in re.findall(r'<tr data-audit="([^"]+)">(.*?)</tr>', table, re.S):
            cells = {"battery": battery}
            for area, sub, cell in re.findall(
                r'<td[^>]*data-area="([^"]+)"(?: data-subarea="([^"]+)")?>(.*?)</td>', row, re.S
            ):
                cells[sub or area] = plain(cell)
            rows[slug] = cells
    return rows


def unit_page(page: str, unit: str) -> str:
    found = re.search(rf'<section class="unit-page"[^>]*data-unit="{re.escape(unit)}">(.*?)</section>', page, re.S)
    assert found, f"no page for {unit}"
    return found.group(1)


# ---- which audits: reported in the period -------------------------------------------------


def test_the_period_holds_every_audit_reported_in_it_and_no_other(run, repo):
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    # Reported on the feedback meeting; the assessed 2013-norr has no report yet.
    assert sorted(audits_listed(page)) == ["2013-ekbacken", "2013-liten", "2013-vastra-hisingen"]
    assert "Socialkontoret Norr" not in page
    earlier = summary(run, repo, "--from", "2012-01-01", "--to", "2012-12-31", "--format", "html")
    assert audits_listed(earlier) == ["2012-vastra-hisingen"]
    # Both ends count: the follow-up's feedback meeting was on 2013-11-19.
    one_day = summary(run, repo, "--from", "2013-11-19", "--to", "2013-11-19", "--format", "html")
    assert audits_listed(one_day) == ["2013-vastra-hisingen"]
    assert audits_listed(summary(run, repo, "--from", "2013-11-20", "--to", "2013-12-31", "--format", "html")) == []


def test_without_dates_the_period_is_the_year_up_to_today(run, repo):
    # 2014-06-01: 2013-06-02 … 2014-06-01 holds the follow-up and the small audit, not Ekbacken (2013-05-21).
    page = summary(run, repo, "--format", "html", env={"REVISION_TODAY": "2014-06-01"})
    assert sorted(audits_listed(page)) == ["2013-liten", "2013-vastra-hisingen"]
    assert "2013-06-02" in page and "2014-06-01" in page
    only_to = summary(run, repo, "--to", "2013-06-01", "--format", "html", env={"REVISION_TODAY": "2020-01-01"})
    assert sorted(audits_listed(only_to)) == ["2012-vastra-hisingen", "2013-ekbacken"]  # from 2012-06-02


def test_bad_periods_are_wrong_usage(run, repo):
    before = snapshot(repo)
    for args in (("--from", "2014-01-01", "--to", "2013-01-01"), ("--from", "1 jan"), ("--to", "2013-02-30")):
        result = run("summary", *args, cwd=repo)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert snapshot(repo) == before


# ---- the grid --------------------------------------------------------------------------


def test_the_grid_shows_each_audits_final_colours_as_score_does(run, repo):
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    rows = grid(page)
    # Ekbacken's battery (rated statements) has no colours: listed, no grid row.
    assert set(rows) == {"2013-vastra-hisingen", "2013-liten"}
    assert (
        rows["2013-vastra-hisingen"]["battery"] == "goteborg@1+kvalitetsdeklaration@1"
        and rows["2013-liten"]["battery"] == "liten@1"
    )
    for slug in rows:
        expected = expected_cells(run, repo, slug)
        assert {k: v for k, v in rows[slug].items() if k != "battery"} == expected, slug
    assert rows["2013-vastra-hisingen"]["motet"] == "✗ Röd"
    assert rows["2013-vastra-hisingen"]["hansyn"] == "✓ Grön"
    # Every light is symbol and word, never colour alone.
    for cells in rows.values():
        for key, text in cells.items():
            if key != "battery":
                assert re.fullmatch(r"[✓!✗–] \S.*", text), text
    md = summary(run, repo, *YEAR_2013)
    assert "| Socialkontoret Västra Hisingen | 2013-11-19 | ✗ Röd | ✓ Grön |" in md


def test_small_groups_are_withheld_as_in_the_report(run, repo, tmp_path):
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    cells = grid(page)["2013-liten"]
    too_few = badge("suppressed", "sv")
    assert cells["t"] == too_few and cells["s"] == "✓ Grön"
    # The two staff said no: their red (0 %) shows nowhere, on the grid or the unit's page.
    liten = text_of(unit_page(page, "Träffpunkten Liten"))
    assert f"Personalens delområde: {too_few}" in liten
    assert "Röd" not in liten and "0 %" not in text_of(page)
    # The report withholds the same figure for the same reason.
    report = run("report", "2013-liten", "--format", "html", cwd=repo).stdout
    assert too_few in text_of(report)
    en = summary(run, repo, *YEAR_2013, "--format", "html", "--lang", "en")
    assert grid(en)["2013-liten"]["t"] == badge("suppressed", "en")


# ---- change since the previous audit -----------------------------------------------------


def test_each_units_change_since_its_previous_audit(run, repo):
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    changes = re.search(r'<table class="changes">(.*?)</table>', page, re.S).group(1)
    rows = dict(re.findall(r'<tr data-audit="([^"]+)">(.*?)</tr>', changes, re.S))
    # Only the follow-up has an earlier audit of its unit.
    assert set(rows) == {"2013-vastra-hisingen"}
    row = plain(rows["2013-vastra-hisingen"])
    assert "2012-vastra-hisingen (2012-11-20)" in row
    assert "↑ bättre : 1" in row and "↓ sämre : 1" in row and "= oförändrad : 7" in row
    # Sub-area by sub-area on the unit's page, as `revision compare` reads them.
    compared = json.loads(
        run("compare", "2012-vastra-hisingen", "2013-vastra-hisingen", "--format", "json", cwd=repo).stdout
    )
    directions = {s["title"]: s["direction"] for a in compared["areas"] for s in a["subareas"]}
    own = unit_page(page, "Socialkontoret Västra Hisingen")
    table = re.search(r'<table class="change">(.*?)</table>', own, re.S).group(1)
    seen = {
        plain(t): plain(d)
        for t, d in re.findall(
            r"<th scope=\"row\">(.*?)</th>.*?<td>.*?</td>\s*<td>.*?</td>\s*<td>(.*?)</td>", table, re.S
        )
    }
    words = {"better": "↑ bättre", "worse": "↓ sämre", "unchanged": "= oförändrad"}
    assert seen == {title: words[d] for title, d in directions.items()}
    assert "Mötet ✓ Grön ✗ Röd ↓ sämre" in plain(table)


def test_a_unit_compares_with_its_latest_earlier_audit_without_follows_up(run, repo):
    audit = repo / "audits" / "2013-vastra-hisingen" / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("follows_up: 2012-vastra-hisingen", "follows_up: null"),
        encoding="utf-8",
    )
    md = summary(run, repo, *YEAR_2013)
    assert (
        "| Socialkontoret Västra Hisingen | 2012-vastra-hisingen (2012-11-20) | 2013-vastra-hisingen (2013-11-19) |"
        in md
    )


# ---- actions -----------------------------------------------------------------------------


def test_open_and_overdue_actions_as_revision_actions_judges_them(run, repo):
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    table = re.search(r'<section id="actions".*?<table class="actions">(.*?)</table>', page, re.S).group(1)
    listed = {
        plain(title): "overdue" in attrs
        for attrs, title in re.findall(
            r"<tr( class=\"overdue\")?[^>]*>\s*<td>.*?</td>\s*<th scope=\"row\"[^>]*>(.*?)</th>", table, re.S
        )
    }
    everything = json.loads(run("actions", "--format", "json", "--today", "2014-02-01", cwd=repo).stdout)
    expected = {
        a["title"]: a["overdue"]
        for a in everything
        if a["audit"] in ("2012-vastra-hisingen", "2013-vastra-hisingen") and a["status"] in ("planned", "ongoing")
    }
    assert listed == expected
    assert sum(expected.values()) == 3 and len(expected) == 4  # the premise: one open action not yet due
    assert "Väntrummet möbleras om" not in page  # done
    assert "Försenade: 3 av 4." in text_of(page)
    # REVISION_TODAY, as for `revision actions`: on 2013-01-01 nothing is overdue yet.
    early = summary(run, repo, "--from", "2013-01-01", "--to", "2013-12-31", env={"REVISION_TODAY": "2013-01-01"})
    assert "**Försenade: 0 av 4.**" in early and "⚠" not in early


# ---- languages, HTML, files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading", "team_lang"),
    [("sv", "Förändring sedan förra revisionen", None), ("en", "Change since the previous audit", "sv")],
)
def test_swedish_and_english(run, repo, lang, heading, team_lang):
    page = summary(run, repo, *YEAR_2013, "--format", "html", "--lang", lang)
    assert f'<html lang="{lang}">' in page
    assert f">{heading}</h2>" in page
    # The team's own texts are in the repository's language, marked when the page is in another.
    strength = "klienterna känner sig välkomna och är nöjda med mötena"
    marked = f'<li lang="sv">{strength}</li>' in page
    assert marked == (team_lang is not None) and strength in page
    md = summary(run, repo, *YEAR_2013, "--lang", lang)
    assert f"## {heading}" in md


def test_html_is_self_contained_printable_and_structured(run, repo):
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    assert '<html lang="sv">' in page and re.search(r'<meta charset="?utf-8"?', page, re.I)
    assert "<script" not in page.lower() and not re.search(r"\bsrc\s*=", page, re.I) and "<link" not in page
    assert "@import" not in page and not re.search(r"url\((?!\s*['\"]?data:)", page)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(styles) == 1 and "@media print" in styles[0]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", styles[0]) and "counter(page)" in styles[0]
    assert re.search(r"section\.unit-page\s*\{[^}]*break-before:\s*page", styles[0])
    # One page per unit in the period, with its summary and strengths.
    units = re.findall(r'<section class="unit-page"[^>]*data-unit="([^"]+)"', page)
    assert [html.unescape(u) for u in units] == [
        "Socialkontoret Ekbacken",
        "Socialkontoret Västra Hisingen",
        "Träffpunkten Liten",
    ]
    own = text_of(unit_page(page, "Socialkontoret Västra Hisingen"))
    assert "Styrkor (+)" in own and "Förbättringsområden (−)" in own and "pilotprojekt" in own
    assert '<th scope="col"' in page and '<th scope="row"' in page and '<th scope="colgroup"' in page
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert levels[:2] == [1, 2] and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    # Dates never break inside a cell.
    assert re.search(r"\.date[^{]*\{[^}]*white-space:\s*nowrap", styles[0])


def test_user_text_is_escaped_and_personal_data_is_refused(run, repo, tmp_path):
    path = repo / "audits" / "2013-vastra-hisingen" / "assessment.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("stämningen vid mötena är lugn", "<b>lugn</b> & | trygg"), encoding="utf-8")
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    assert "&lt;b&gt;lugn&lt;/b&gt; &amp; | trygg" in page and "<b>lugn" not in page
    assert "- \\<b\\>lugn\\</b\\> \\& \\| trygg\n" in summary(run, repo, *YEAR_2013)
    path.write_text(text.replace("stämningen vid mötena är lugn", "ring 811218-9876"), encoding="utf-8")
    out = tmp_path / "namnd.html"
    result = run("summary", *YEAR_2013, "-o", str(out), cwd=repo)
    assert result.exit_code == 1 and not out.exists()
    assert "personal-data-published" in result.output and "assessment.yaml" in result.output


def test_the_file_name_picks_the_format(run, repo, tmp_path):
    for name, kind in (("s.html", "<!DOCTYPE html>"), ("s.md", "# Brukarrevisioner 2013-01-01 – 2013-12-31")):
        result = run("summary", *YEAR_2013, "-o", str(tmp_path / name), cwd=repo)
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(kind)
    wrong = run("summary", *YEAR_2013, "--format", "md", "-o", str(tmp_path / "x.html"), cwd=repo)
    assert wrong.exit_code == 2 and not (tmp_path / "x.html").exists()


def test_an_audit_with_errors_is_named_without_figures(run, repo):
    path = repo / "audits" / "2013-liten" / "interviews" / "b1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("q1: ja", "q1: kanske"), encoding="utf-8")
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    assert "2013-liten" not in grid(page)
    assert re.search(r"<li>2013-liten \(<span>Träffpunkten Liten</span>\): <strong", page)
    assert 'data-unit="Träffpunkten Liten"' not in page


def test_a_period_without_audits_says_so(run, repo):
    md = summary(run, repo, "--from", "2030-01-01", "--to", "2030-12-31")
    assert "Ingen revision rapporterades under perioden." in md
    assert "Inga öppna förbättringsåtgärder." in md and "## Enhet:" not in md


def test_a_previous_audit_with_errors_is_named_and_not_compared(run, repo):
    path = repo / "audits" / "2012-vastra-hisingen" / "interviews" / "b1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: kanske"), encoding="utf-8"
    )
    md = summary(run, repo, *YEAR_2013)
    assert "Förra revisionen har fel i sina filer, så ingen jämförelse kan göras." in md
    assert "↓ sämre" not in md
    # Its open actions are still listed, as `revision actions` lists them, behind the same gate.
    assert "Gemensam rutin för vilken information" in md
    actions = repo / "audits" / "2012-vastra-hisingen" / "actions.yaml"
    actions.write_text(
        actions.read_text(encoding="utf-8").replace(
            "title: Gemensam rutin", "title: Ring 811218-9876 om gemensam rutin"
        ),
        encoding="utf-8",
    )
    result = run("summary", *YEAR_2013, cwd=repo)
    assert result.exit_code == 1 and "personal-data-published" in result.output and result.stdout == ""


def test_the_repositorys_templates_and_labels_apply_as_for_the_report(run, repo):
    (repo / "templates").mkdir()
    (repo / "templates" / "labels.yaml").write_text("subtitle: {sv: Till socialnämnden}\n", encoding="utf-8")
    assert "Till socialnämnden" in summary(run, repo, *YEAR_2013, "--format", "html")
    (repo / "templates" / "summary.md.j2").write_text(
        "{% for a in r.audits %}{{ a.slug }} {{ a.date }}\n{% endfor %}", encoding="utf-8"
    )
    assert (
        summary(run, repo, *YEAR_2013)
        == "2013-ekbacken 2013-05-21\n2013-vastra-hisingen 2013-11-19\n2013-liten 2013-09-10\n"
    )


def test_the_summary_as_a_word_document(run, repo, tmp_path):
    """-o x.docx: the HTML page's headings as Word headings and its grid as a table with a
    repeated header row, every light a symbol and a word; never printed to the terminal."""
    from docx import Document
    from docx.oxml.ns import qn

    out = tmp_path / "nämnd.docx"
    result = run("summary", *YEAR_2013, "-o", str(out), cwd=repo)
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    page = summary(run, repo, *YEAR_2013, "--format", "html")
    assert headings[0] == text_of(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1])
    assert any(h.startswith("Enhet:") for h in headings)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("✓ Grön") for c in cells) and any(c.startswith("✗ Röd") for c in cells)
    first_rows = [t.rows[0]._tr for t in document.tables]
    assert all(
        tr.find(qn("w:trPr")) is not None and tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        for tr in first_rows
    )
    printed = run("summary", *YEAR_2013, "--format", "docx", cwd=repo)
    assert printed.exit_code == 2 and "-o" in printed.output


def test_the_summary_as_a_pdf(run, repo, tmp_path):
    """-o x.pdf: the HTML page in A4 pages with page numbers, the grid's lights as symbol
    and word; never printed to the terminal."""
    from pypdf import PdfReader

    out = tmp_path / "nämnd.pdf"
    result = run("summary", *YEAR_2013, "-o", str(out), cwd=repo)
    assert result.exit_code == 0, result.output
    pages = PdfReader(str(out)).pages
    texts = [page.extract_text() for page in pages]
    assert len(pages) >= 2 and all(f"{i} / {len(pages)}" in text for i, text in enumerate(texts, 1))
    whole = "\n".join(texts)
    assert "Grön" in whole and "Röd" in whole and "Enhet:" in whole
    # A4 portrait or landscape (the grid's pages): 595 × 842 points either way round
    assert all(sorted(round(float(v)) for v in page.mediabox[2:]) == [595, 842] for page in pages)
    printed = run("summary", *YEAR_2013, "--format", "pdf", cwd=repo)
    assert printed.exit_code == 2 and "-o" in printed.output
