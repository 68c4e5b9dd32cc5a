"""Charts of the answers per option: the geometry (revision_cli.views.charts), one accessible SVG
per scored question in the HTML report with its numbers in words and in a table, none for a
suppressed question, and the Markdown report's distribution tables."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, goteborg_only

from revision_cli.models.battery import Scale
from revision_cli.repository.scored import open_audit
from revision_cli.views.charts import COUNT_SPACE, WIDTH, Entry, bar_chart, distribution

STAFF_ONLY_QUESTION = "Har enheten rutiner för hur brukare tas emot när de kommer hit?"
JA_NEJ = Scale.model_validate(
    {
        "options": [
            {"value": "ja", "label": {"sv": "Ja", "en": "Yes"}, "score": 1},
            {"value": "delvis", "label": {"sv": "Delvis", "en": "Partly"}, "score": 0.5},
            {"value": "nej", "label": {"sv": "Nej", "en": "No"}, "score": 0},
            {"value": "vet-ej", "label": {"sv": "Vet ej", "en": "Don't know"}},
        ]
    }
)
RANGE = Scale.model_validate({"range": {"min": 1, "max": 5}, "positive_from": 4})


@pytest.fixture
def example_repo(example_repo):
    """The pilot on goteborg alone: these are the question charts (the statements' charts are
    tests/test_statements_report.py's)."""
    return goteborg_only(example_repo)


def render(run, repo: Path, *args: str) -> str:
    result = run("report", EXAMPLE_AUDIT, *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


def figures(page: str) -> list[str]:
    return re.findall(r'<figure class="chart">.*?</figure>', page, re.DOTALL)


# ---- geometry ----------------------------------------------------------------------------


def test_bar_lengths_are_proportional_to_counts():
    chart = bar_chart([Entry("a", "A", 4, True), Entry("b", "B", 2, True), Entry("c", "C", 1, False)])
    lengths = [bar.length for bar in chart.bars]
    assert lengths[0] == WIDTH - COUNT_SPACE == chart.bar_area
    assert lengths[1] == pytest.approx(lengths[0] / 2, abs=0.1)
    assert lengths[2] == pytest.approx(lengths[0] / 4, abs=0.1)
    assert chart.total == 7
    assert [bar.counted for bar in chart.bars] == [True, True, False]
    # rows go down the drawing and stay inside it; counts are written just after their bar
    tops = [bar.y for bar in chart.bars]
    assert tops == sorted(tops) and len(set(tops)) == 3
    assert all(bar.label_y < bar.y and bar.y + chart.bar_height <= chart.height for bar in chart.bars)
    assert all(bar.length < bar.count_x <= WIDTH for bar in chart.bars)


def test_zero_counts_draw_empty_bars():
    chart = bar_chart([Entry("a", "A", 3, True), Entry("b", "B", 0, True)])
    assert chart.bars[1].length == 0 and chart.bars[0].length == chart.bar_area
    nobody = bar_chart([Entry("a", "A", 0, True), Entry("b", "B", 0, False)])
    assert [bar.length for bar in nobody.bars] == [0, 0] and nobody.total == 0
    assert bar_chart([]).bars == () and bar_chart([]).height > 0


def test_single_option_fills_the_bar_area():
    chart = bar_chart([Entry("ja", "Ja", 1, True)])
    assert len(chart.bars) == 1 and chart.bars[0].length == chart.bar_area
    assert chart.height < bar_chart([Entry("a", "A", 1, True)] * 3).height


def test_all_answers_not_counted_still_get_bars():
    entries = distribution(JA_NEJ, {"vet-ej": 3}, "sv", "sv")
    chart = bar_chart(entries)
    assert [(b.label, b.count, b.counted) for b in chart.bars] == [
        ("Ja", 0, True),
        ("Delvis", 0, True),
        ("Nej", 0, True),
        ("Vet ej", 3, False),
    ]
    assert chart.bars[3].length == chart.bar_area and chart.bars[0].length == 0


def test_distribution_follows_the_scale_order():
    entries = distribution(JA_NEJ, {"nej": 1, "ja": 2}, "en", "sv")
    assert [(e.label, e.count) for e in entries] == [("Yes", 2), ("Partly", 0), ("No", 1), ("Don't know", 0)]
    numbers = distribution(RANGE, {"5": 2, "3": 1}, "sv", "sv")
    assert [(e.label, e.count, e.counted) for e in numbers] == [
        ("1", 0, True),
        ("2", 0, True),
        ("3", 1, True),
        ("4", 0, True),
        ("5", 2, True),
    ]


# ---- the HTML report -----------------------------------------------------------------------


def test_one_accessible_chart_per_scored_question(run, example_repo):
    page = render(run, example_repo, "--format", "html")
    card = open_audit(EXAMPLE_AUDIT, example_repo).score()
    # the appendix holds the questions asked of a group that was interviewed
    interviewed = {g for g, n in open_audit(EXAMPLE_AUDIT, example_repo).respondents()["groups"].items() if n != 0}
    expected = [
        q
        for area in card.areas
        for sub in area.subareas
        for q in sub.questions
        if q.scored and not q.suppressed and interviewed & set(card.battery.question_groups(q.question))
    ]
    charts = figures(page)
    assert len(charts) == len(expected) == page.count("<svg") == page.count('<svg role="img"')
    assert "<script" not in page.lower()
    for figure, q in zip(charts, expected, strict=True):
        label = re.search(r'<svg role="img"[^>]* aria-label="([^"]*)"', figure).group(1)
        title = re.search(r"<title>(.*?)</title>", figure).group(1)
        desc = re.search(r"<desc>(.*?)</desc>", figure).group(1)
        assert q.question.text.get("sv", "sv") in title and q.question.text.get("sv", "sv") in figure
        rows = re.findall(r'<tr><th scope="row">(.*?)</th><td class="num">(\d+)</td></tr>', figure)
        assert sum(int(n) for _, n in rows) == sum(q.counts.values()) == q.n + q.excluded
        for name, n in rows:  # every option's count, in words, in the text alternative and the table
            assert f"{name}: {n}" in desc and f"{name}: {n}" in label
        assert "<caption>" in figure and '<th scope="col">' in figure


def test_chart_bars_are_labelled_and_not_counted_options_marked(run, example_repo):
    page = render(run, example_repo, "--format", "html")
    first = figures(page)[0]
    assert "Känner du dig välkommen när du kommer hit?" in first
    svg = re.search(r"<svg.*?</svg>", first, re.DOTALL).group(0)
    texts = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    assert texts == ["Ja", "5", "Delvis", "1", "Nej", "0", "Vet ej (räknas inte)", "0"]
    rects = re.findall(r"<rect [^>]*/>", svg)
    assert len(rects) == 4 and "stroke-dasharray" in rects[3] and "stroke-dasharray" not in rects[0]
    assert 'width="432.0"' in rects[0] and 'width="86.4"' in rects[1]
    english = render(run, example_repo, "--format", "html", "--lang", "en")
    assert (
        "Don&#39;t know (not counted): 0" in figures(english)[0] or "Don't know (not counted): 0" in figures(english)[0]
    )


def test_chart_texts_are_escaped(run, example_repo):
    # a local battery whose option label is markup: it is text in the chart, its title and table
    source = Path(__file__).resolve().parent.parent / "question_batteries" / "goteborg.yaml"
    battery = yaml.safe_load(source.read_text(encoding="utf-8"))
    battery["id"] = "lokal"
    battery["scales"]["ja-nej"]["options"][1]["label"]["sv"] = '<b>Delvis</b> " onload="x'
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "lokal.yaml").write_text(
        yaml.safe_dump(battery, allow_unicode=True), encoding="utf-8"
    )
    audit = example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("battery: goteborg@1", "battery: lokal@1"), encoding="utf-8"
    )
    page = render(run, example_repo, "--format", "html")
    first = figures(page)[0]
    assert "<b>" not in page and '" onload="x' not in page
    escaped = re.findall(r"&lt;b&gt;Delvis&lt;/b&gt; (?:&#34;|&quot;) onload=(?:&#34;|&quot;)x", first)
    assert len(escaped) == 4  # the bar's label, the aria-label, the desc and the table


# ---- suppression ---------------------------------------------------------------------------


@pytest.fixture
def four_users_two_staff(example_repo) -> Path:
    """The example with b5, b6 replaced by two staff interviews, at min_group_size 3."""
    config = example_repo / "revision.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("min_group_size: 5", "min_group_size: 3"), encoding="utf-8"
    )
    folder = example_repo / "audits" / EXAMPLE_AUDIT / "interviews"
    (folder / "b5.yaml").unlink()
    (folder / "b6.yaml").unlink()
    for code in ("p1", "p2"):
        (folder / f"{code}.yaml").write_text(
            textwrap.dedent(f"""\
            respondent: {code}
            group: personal
            date: 2012-10-15
            interviewers: [A, B]
            consent: true
            answers:
              motet-rutiner: ja
              hansyn-byte: nej
            """),
            encoding="utf-8",
        )
    return example_repo


def test_suppressed_question_has_no_chart_and_no_counts(run, four_users_two_staff):
    card = open_audit(EXAMPLE_AUDIT, four_users_two_staff).score()
    questions = [q for area in card.areas for sub in area.subareas for q in sub.questions]
    staff_only = next(q for q in questions if q.id == "motet-rutiner")
    assert staff_only.suppressed and staff_only.counts == {}
    page = render(run, four_users_two_staff, "--format", "html")
    charts = figures(page)
    # Relatives were not interviewed: their questions are not in the appendix at all.
    relatives_only = {q.id for _a, _s, q in card.battery.questions() if q.groups == ["narstaende"]}
    assert relatives_only  # the premise
    assert len(charts) == sum(1 for q in questions if q.scored and not q.suppressed and q.id not in relatives_only)
    assert not any(STAFF_ONLY_QUESTION in figure for figure in charts)
    assert page.count(STAFF_ONLY_QUESTION) == 1  # its row in the question table, without figures
    md = render(run, four_users_two_staff)
    assert f"Svar per alternativ: {STAFF_ONLY_QUESTION}" not in md
    assert md.count("Svar per alternativ: ") == len(charts)  # no table of what both staff said


# ---- Markdown ------------------------------------------------------------------------------


def test_markdown_has_intact_distribution_tables(run, example_repo):
    md = render(run, example_repo)
    lines = md.splitlines()
    start = lines.index("Svar per alternativ: Känner du dig välkommen när du kommer hit?")
    assert lines[start - 1] == "" and lines[start + 1] == ""
    assert lines[start + 2 : start + 9] == [
        "| Svar | Antal |",
        "| --- | ---: |",
        "| Ja | 5 |",
        "| Delvis | 1 |",
        "| Nej | 0 |",
        "| Vet ej (räknas inte) | 0 |",
        "",
    ]
    # every table is separated from the text around it and has the same cells in every row
    for i, line in enumerate(lines):
        if line.startswith("| ") and not lines[i - 1].startswith("|"):
            assert lines[i - 1] == "", f"table at line {i + 1} has no blank line before it"
            width = line.count(" | ")
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                assert re.sub(r"\\\|", "", lines[j]).count(" | ") == width, lines[j]
                j += 1
            assert j == len(lines) or lines[j] == "", f"table at line {i + 1} runs into text"
    assert "<svg" not in md
    english = render(run, example_repo, "--lang", "en")
    assert "| Don't know (not counted) | 0 |" in english
