"""Indicators over time (issue 14, item 1): indicators.yaml in a unit's folder or an audit's,
validated at path:line:column, listed by `revision indicators`, and drawn as run charts in the
report and on the site. The run-chart rules are tested at their boundaries through the command
(and once directly): a shift of 5 points is none, of 6 is one; a trend of 4 is none, of 5 is
one; points on the median and equal neighbours neither count nor break."""

from __future__ import annotations

import datetime as dt
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from revision_cli.scoring.runchart import median, shifts, trends

pytestmark = pytest.mark.lang("en")

UNIT_FILE = "units/boendestodet-solrosen/indicators.yaml"
AUDIT = "2021-solrosen-telefon"
AUDIT_FILE = f"audits/{AUDIT}/indicators.yaml"


def series(values: list[str], direction: str = "lower", extra: str = "") -> str:
    start = dt.date(2024, 1, 1)
    lines = [
        "indicators:",
        "  - id: besok",
        "    title: {sv: Inställda besök, en: Cancelled visits}",
        "    unit: {sv: besök, en: visits}",
        f"    direction: {direction}",
        extra.rstrip() or "    target: 5",
        "    measurements:",
    ]
    for i, value in enumerate(values):
        lines.append(f"      - {{date: {(start + dt.timedelta(days=14 * i)).isoformat()}, value: {value}}}")
    return "\n".join(lines) + "\n"


def write_unit(repo: Path, text: str) -> Path:
    path = repo / UNIT_FILE
    path.write_text(text, encoding="utf-8")
    return path


def listed(run, repo: Path, target: str = "Boendestödet Solrosen") -> dict:
    result = run("indicators", target, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)
    return files[0]["indicators"][0]


# ---------------------------------------------------------------- the rules, at their boundaries


@pytest.mark.parametrize(
    ("values", "signals"),
    [
        # median 5: five points above, then five below: no shift of six either side
        (["9", "9", "9", "9", "9", "1", "1", "1", "1", "1"], []),
        # six above (median 5 of 6 nines and 6 ones... with a 5 inside): six below too
        (
            ["9", "9", "9", "9", "9", "9", "1", "1", "1", "1", "1", "1"],
            ["above 6 2024-01-01 2024-03-11", "below 6 2024-03-25 2024-06-03"],
        ),
    ],
)
def test_a_shift_needs_six_points_on_one_side(run, example_repo, values, signals):
    write_unit(example_repo, series(values))
    shown = listed(run, example_repo)
    found = [s for s in shown["signals"] if s.startswith("Shift")]
    expected = [
        f"Shift: {n} points in a row {way} the median, from {a} to {b}" for way, n, a, b in (s.split() for s in signals)
    ]
    assert [s.split(" (")[0] for s in found] == expected


def test_points_on_the_median_neither_count_nor_break_a_shift(run, example_repo):
    # median 5 (the 5s are the middle values); above: 9 9 9 (5) 9 9 9 — six counted, not seven
    values = ["9", "9", "9", "5", "9", "9", "9", "5", "1", "1", "1", "1", "1", "1", "5"]
    write_unit(example_repo, series(values))
    shown = listed(run, example_repo)
    assert shown["median"] == "5"
    shifts_ = [s for s in shown["signals"] if s.startswith("Shift")]
    assert shifts_[0].startswith("Shift: 6 points in a row above the median, from 2024-01-01 to 2024-03-25")
    assert shifts_[1].startswith("Shift: 6 points in a row below the median, from 2024-04-22 to 2024-07-01")
    # the point on the median inside the run is part of it in the table, and counted by none
    rows = {r["date"]: r for r in shown["rows"]}
    assert rows["2024-02-12"]["signals"] == "shift" and rows["2024-02-12"]["value"] == "5"


def test_five_points_with_one_on_the_median_are_no_shift(run, example_repo):
    # median 5; above: 9 9 (5) 9 9 9 is five counted points: no shift
    values = ["9", "9", "5", "9", "9", "9", "1", "2", "1", "2", "1"]
    write_unit(example_repo, series(values))
    shown = listed(run, example_repo)
    assert shown["median"] == "5"
    assert not [s for s in shown["signals"] if s.startswith("Shift")]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "2", "3", "4", "3", "2"], None),  # four going up: no trend
        (["1", "2", "3", "4", "5", "3"], "Trend: 5 points in a row going up, from 2024-01-01 to 2024-02-26"),
        (["7", "6", "5", "4", "6", "7"], None),
        (["8", "7", "6", "5", "4", "9"], "Trend: 5 points in a row going down, from 2024-01-01 to 2024-02-26"),
        # an equal neighbour neither counts nor breaks: 1 2 2 3 4 is four points going up
        (["1", "2", "2", "3", "4", "1"], None),
        # ... and 1 2 2 3 4 5 is five, over six measurements
        (["1", "2", "2", "3", "4", "5"], "Trend: 5 points in a row going up, from 2024-01-01 to 2024-03-11"),
    ],
)
def test_a_trend_needs_five_points_going_one_way(run, example_repo, values, expected):
    write_unit(example_repo, series(values))
    trends_ = [s.split(" (")[0] for s in listed(run, example_repo)["signals"] if s.startswith("Trend")]
    assert trends_ == ([expected] if expected else [])


def test_the_rules_directly_at_their_boundaries():
    f = [Fraction(v) for v in (3, 3, 3, 3, 3, 1)]
    assert shifts(f[:5] + [Fraction(1)] * 5, Fraction(2)) == []
    assert [(s.way, s.count) for s in shifts([Fraction(3)] * 6 + [Fraction(1)] * 6, Fraction(2))] == [
        ("above", 6),
        ("below", 6),
    ]
    assert trends([Fraction(v) for v in (1, 2, 3, 4)]) == []
    assert [(s.way, s.count, s.first, s.last) for s in trends([Fraction(v) for v in (1, 2, 2, 3, 4, 5)])] == [
        ("up", 5, 0, 5)
    ]
    assert median([Fraction(v) for v in (1, 4, 2, 3)]) == Fraction(5, 2)
    assert median([Fraction("0.1"), Fraction("0.2"), Fraction("0.3")]) == Fraction(1, 5)


def test_exact_values_and_the_median_between_two(run, example_repo):
    write_unit(example_repo, series(["0.1", "0.2", '"12,5"', "0.3"], extra="    target: 0.25"))
    shown = listed(run, example_repo)
    assert [r["value"] for r in shown["rows"]] == ["0.1", "0.2", "12.5", "0.3"]
    assert shown["median"] == "0.25"  # (0.2 + 0.3) / 2, exactly


@pytest.mark.parametrize(
    ("direction", "target", "met"),
    [("lower", "7", True), ("lower", "6", False), ("higher", "7", True), ("higher", "8", False)],
)
def test_the_latest_value_against_the_target_given_the_direction(run, example_repo, direction, target, met):
    write_unit(
        example_repo, series(["9", "8", "7"], direction=direction, extra=f"    baseline: 7\n    target: {target}")
    )
    shown = listed(run, example_repo)
    assert shown["met"] is met
    word = "meets" if met else "does not yet meet"
    assert shown["status"] == f"The latest value, 7 (2024-01-29), {word} the target of {target}."


# ---------------------------------------------------------------- validate


def test_validate_names_every_problem_at_its_place(run, example_repo):
    text = series(["9", "8", "7"], extra="    baseline: 5\n    target: 9")
    text = text.replace("value: 8}", "value: 8, unit: timmar}")
    text += text.split("indicators:\n", 1)[1].replace("2024-01-29", "2099-01-01").replace("2024-01-15", "2024-01-01")
    text = text.replace("direction: lower", "direction: lägre", 1)
    write_unit(example_repo, text)
    result = run("validate", "--no-cache", cwd=example_repo)
    out = result.stdout
    assert result.exit_code == 1
    lines = text.splitlines()

    def at(line_no: int, needle: str) -> str:
        return f"{UNIT_FILE}:{line_no}:{lines[line_no - 1].index(needle) + 1}"

    second = [i + 1 for i, line in enumerate(lines) if line.startswith("  - id: besok")][1]
    assert f"{at(second, 'besok')}: error [indicators-duplicate-id] indicator id 'besok' is also used" in out
    target_line = [i + 1 for i, line in enumerate(lines) if "target: 9" in line][0]
    assert f"{at(target_line, '9')}: warning [indicators-target-direction] the target 9 is higher" in out
    unit_line = [i + 1 for i, line in enumerate(lines) if "timmar" in line][0]
    assert f"{at(unit_line, 'timmar')}: error [indicators-unit-mismatch] the measurement is in 'timmar'" in out
    future = [i + 1 for i, line in enumerate(lines) if "2099-01-01" in line][0]
    assert f"{at(future, '2099-01-01')}: warning [indicators-future-date]" in out
    dup = [i + 1 for i, line in enumerate(lines) if "2024-01-01" in line][2]
    assert f"{at(dup, '2024-01-01')}: error [indicators-duplicate-date]" in out


def test_measurements_out_of_date_order_are_a_warning(run, example_repo):
    write_unit(example_repo, series(["1", "2", "3"]).replace("2024-01-15", "2024-03-01"))
    result = run("validate", UNIT_FILE, "--no-cache", cwd=example_repo)
    assert result.exit_code == 0
    assert (
        f"{UNIT_FILE}:10:16: warning [indicators-date-order] the measurement of 2024-01-29 follows one of 2024-03-01"
        in result.stdout
    )


def test_validate_reads_words_and_suggests_one(run, example_repo):
    write_unit(example_repo, series(["1"], direction="hogre"))
    assert run("validate", "--no-cache", cwd=example_repo).exit_code == 0
    write_unit(example_repo, series(["1"], direction="lägr"))
    result = run("validate", "--no-cache", cwd=example_repo)
    assert result.exit_code == 1
    assert re.search(r"indicators\.yaml:5:16: error \[schema-value\] .*did you mean 'lägre'\?", result.stdout)


def test_a_date_that_does_not_exist_and_a_value_that_is_no_number(run, example_repo):
    write_unit(example_repo, series(["tolv"]).replace("2024-01-01", "2024-02-30"))
    result = run("validate", UNIT_FILE, "--no-cache", cwd=example_repo)
    assert result.exit_code == 1
    assert f"{UNIT_FILE}:8:16: error [schema-" in result.stdout  # the date
    assert "expected a number like 12 or 12.5, not 'tolv'" in result.stdout


def test_future_dates_follow_revision_today(run, example_repo):
    env = {"REVISION_TODAY": "2021-03-01"}
    result = run("validate", AUDIT_FILE, "--no-cache", cwd=example_repo, env=env)
    assert f"{AUDIT_FILE}:18:" in result.stdout and "warning [indicators-future-date]" in result.stdout
    assert "[indicators-future-date]" not in run("validate", AUDIT_FILE, "--no-cache", cwd=example_repo).stdout


def test_validate_sees_a_changed_unit_file_through_its_cache(run, example_repo):
    assert run("validate", cwd=example_repo).exit_code == 0
    write_unit(example_repo, series(["1", "1"]).replace("2024-01-15", "2024-01-01"))
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1 and "[indicators-duplicate-date]" in result.stdout
    assert run("validate", "units", cwd=example_repo).exit_code == 1


# ---------------------------------------------------------------- the command


def test_the_example_unit_shows_its_shift_and_the_audit_its_trend(run, example_repo):
    result = run("indicators", AUDIT, cwd=example_repo)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "The unit's indicators (units/boendestodet-solrosen/indicators.yaml)" in out
    assert "This audit's indicators (audits/2021-solrosen-telefon/indicators.yaml)" in out
    assert "Shift: 6 points in a row below the median, from 2020-12-28 to 2021-03-08 (the better direction)." in out
    assert "Trend: 7 points in a row going up, from 2020-12-14 to 2021-03-08 (the better direction)." in out
    assert "The latest value, 7 (2021-03-08), meets the target of 8." in out


@pytest.mark.lang("sv")
def test_the_command_speaks_swedish(run, example_repo):
    out = run("indicators", "boendestodet-solrosen", cwd=example_repo).stdout
    assert "Skift: 6 punkter i rad under medianen, från 2020-12-28 till 2021-03-08 (åt det bättre hållet)." in out
    assert "Senaste värdet, 7 (2021-03-08), når målet 8." in out
    assert "Inställda hembesök" in out


def test_an_unknown_unit_suggests_the_closest(run, example_repo):
    result = run("indicators", "Boendestödet Solrosn", cwd=example_repo)
    assert result.exit_code == 1
    assert "is neither an audit nor a unit of this repository; did you mean 'Boendestödet Solrosen'?" in result.stderr


def test_a_file_with_errors_is_named_and_exits_1(run, example_repo):
    write_unit(example_repo, series(["1", "1"]).replace("2024-01-15", "2024-01-01"))
    result = run("indicators", cwd=example_repo)
    assert result.exit_code == 1
    assert f"{UNIT_FILE}:" in result.stderr and "[indicators-duplicate-date]" in result.stderr
    assert "has 1 error; its indicators are not listed" in result.stderr
    assert "Cancellations with a known reason" in result.stdout  # the audit's own file is still listed


def test_an_audit_without_indicators(run, example_repo):
    result = run("indicators", "2012-vastra-hisingen", cwd=example_repo)
    assert result.exit_code == 0 and "No indicators." in result.stdout


# ---------------------------------------------------------------- report and site


def test_the_html_report_draws_an_accessible_run_chart(run, example_repo):
    result = run("report", AUDIT, "--format", "html", "--lang", "en", cwd=example_repo)
    assert result.exit_code == 0, result.output
    html = result.stdout
    section = html.split('<section class="indicators">', 1)[1].split("</section>\n</section>", 1)[0]
    svg = re.search(r"<svg role=\"img\"[^>]*aria-label=\"([^\"]*)\"[^>]*>(.*?)</svg>", section, re.S)
    assert svg is not None
    label, body = svg.groups()
    assert label.startswith("Run chart of Cancelled home-support visits: 14 measurements from 2020-09-07")
    assert "median 9.5" in label and "Target 8 (lower is better)" in label and "Shift: 6 points" in label
    assert "<title>Cancelled home-support visits</title>" in body and "<desc>Run chart of" in body
    assert body.count("<rect") - 1 == 6  # the six points of the shift are squares (one more is the key's)
    assert body.count("<circle") - 1 == 8  # the others circles
    assert "Median 9.5" in body and "Target 8" in body
    assert 'stroke-dasharray="8 4"' in body and 'stroke-dasharray="2 3"' in body
    table = section.split('<table class="distribution measurements">', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Date</th>' in table and '<th scope="row" class="date">2020-12-28</th>' in table
    assert table.count("<td>shift</td>") == 6
    assert "<li>Shift: 6 points in a row below the median, from 2020-12-28 to 2021-03-08" in section
    # the team's notes are Swedish, in an English report
    assert '<td lang="sv">Handlingsplanen med två frågor börjar användas.</td>' in table


def test_the_markdown_report_has_the_table_and_the_signals(run, example_repo):
    result = run("report", AUDIT, "--format", "md", cwd=example_repo)
    assert result.exit_code == 0, result.output
    md = result.stdout
    part = md.split("## Indikatorer över tid", 1)[1].split("\n## ", 1)[0]
    assert "### Inställda hembesök" in part and "### Avbokningar med känd orsak" in part
    assert "- Skift: 6 punkter i rad under medianen, från 2020-12-28 till 2021-03-08 (åt det bättre hållet)." in part
    assert "- Trend: 7 punkter i rad som stiger, från 2020-12-14 till 2021-03-08 (åt det bättre hållet)." in part
    assert "| Datum | Värde | Signal | Kommentar |" in part
    assert "| 2021-01-11 | 55,5 | trend |  |" in part
    assert "<svg" not in md


def test_the_report_stops_at_personal_data_in_the_units_file(run, example_repo):
    path = example_repo / UNIT_FILE
    text = path.read_text(encoding="utf-8").replace("Höstlovsveckan.", "Ring 070-123 45 67.")
    path.write_text(text, encoding="utf-8")
    result = run("report", AUDIT, "--format", "html", "-o", "r.html", cwd=example_repo)
    assert result.exit_code == 1
    assert f"{UNIT_FILE}:" in result.stderr and "[personal-data-published]" in result.stderr
    assert not (example_repo / "r.html").exists()
    assert run("site", "-o", "webb", cwd=example_repo).exit_code == 1
    assert not (example_repo / "webb").exists()


def test_the_units_page_on_the_site_shows_its_indicators(run, example_repo):
    result = run("site", "-o", "webb", "--lang", "en", cwd=example_repo)
    assert result.exit_code == 0, result.output
    page = (example_repo / "webb" / "units" / "boendestodet-solrosen.html").read_text(encoding="utf-8")
    assert "<h2>Indicators over time</h2>" in page
    assert page.count('<svg role="img"') == 2
    assert "<h3>Cancelled home-support visits</h3>" in page  # in both languages: no lang mark
    assert '<td lang="sv">Höstlovsveckan.</td>' in page  # a note in Swedish only
    other = (example_repo / "webb" / "units" / "socialkontoret-ekbacken.html").read_text(encoding="utf-8")
    assert "Indicators over time" not in other


def test_a_cached_report_and_validate_follow_the_units_file(example_repo):
    # Through the console script: the second run is answered from .revision/cache/ before typer
    # loads (cli/fast.py), so the unit's file must be part of what the cache is keyed on.
    from test_output_cache import revision

    code, first, _err, _typer = revision(example_repo, "report", AUDIT)
    assert code == 0 and "| 2021-03-08 | 7 | skift |  |" in first
    code, warm, _err, typer = revision(example_repo, "report", AUDIT)
    assert warm == first and not typer
    assert revision(example_repo, "validate")[0] == 0
    path = example_repo / UNIT_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{date: 2021-03-08, value: 7}", "{date: 2021-03-08, value: 5}"), encoding="utf-8")
    code, again, _err, _typer = revision(example_repo, "report", AUDIT)
    assert code == 0 and "| 2021-03-08 | 5 | skift |  |" in again
    path.write_text(text.replace("2021-02-22", "2021-03-08"), encoding="utf-8")
    code, out, _err, _typer = revision(example_repo, "validate")
    assert code == 1 and "[indicators-duplicate-date]" in out
