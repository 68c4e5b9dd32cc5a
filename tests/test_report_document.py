"""The report as a document (issue 15, item 1): its date on the first page, the colour table
narrow enough for A4 portrait, and a battery's Swedish text inside an English report marked
lang="sv" where the battery has no English for it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT


def report(run, repo: Path, *args: str) -> str:
    result = run("report", EXAMPLE_AUDIT, *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("day", ["2013-01-02", "2026-07-31"])
def test_the_report_is_dated_the_day_it_is_made(run, example_repo, monkeypatch, day):
    monkeypatch.setenv("REVISION_TODAY", day)
    html = report(run, example_repo, "--format", "html")
    header = html[html.index("<header>") : html.index("</header>")]
    assert f"<dt>Rapportdatum</dt>\n<dd>{day}</dd>" in header
    assert f"- **Report date:** {day}" in report(run, example_repo, "--lang", "en")


def test_without_revision_today_the_report_has_todays_date(run, example_repo, monkeypatch):
    import datetime as dt

    monkeypatch.delenv("REVISION_TODAY", raising=False)
    assert f"- **Rapportdatum:** {dt.date.today().isoformat()}" in report(run, example_repo)


class Tables(HTMLParser):
    """Per table: its class, and the cells (th/td) of each row with their colspan."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[int]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.tables.append((found.get("class") or "", []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("th", "td") and self.tables:
            self.tables[-1][1][-1].append(int(found.get("colspan") or 1))


def test_the_colour_table_has_four_columns_and_the_descriptor_on_a_row_of_its_own(run, example_repo):
    html = report(run, example_repo, "--format", "html")
    parser = Tables()
    parser.feed(html)
    ratings = [rows for cls, rows in parser.tables if cls == "ratings"]
    assert len(ratings) == 2
    for rows in ratings:
        assert len(rows[0]) == 4  # sub-area, team's colour, computed, share (n)
        # A sub-area's row, then its detail row: one cell as wide as the columns beside the row header.
        assert all(row == [3] for row in rows[2::2]), rows
    detail = re.search(r'<tr class="detail">\n<td colspan="3"><span class="descriptor">([^<]+)</span>', html)
    assert detail and detail.group(1) == "Brukarna känner sig välkomna och trivs i mötet med personalen."
    assert '<td class="num">85 % (6)</td>' in html


def swedish_only(value):
    """A battery's texts with their English taken out (a text map keeps only its sv)."""
    if isinstance(value, dict):
        if set(value) == {"sv", "en"}:
            return {"sv": value["sv"]}
        return {k: swedish_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [swedish_only(v) for v in value]
    return value


@pytest.fixture
def swedish_battery_repo(example_repo) -> Path:
    """The example on a copy of its battery that has no English texts."""
    from conftest import REPO, goteborg_only

    goteborg_only(example_repo)  # the Swedish-only copy stands in for goteborg alone
    battery = yaml.safe_load((REPO / "question_batteries" / "goteborg.yaml").read_text(encoding="utf-8"))
    battery = swedish_only(battery) | {"id": "lokal"}
    (example_repo / "batteries").mkdir()
    (example_repo / "batteries" / "lokal.yaml").write_text(yaml.safe_dump(battery, allow_unicode=True), "utf-8")
    audit = example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("battery: goteborg@1", "battery: lokal@1"), "utf-8")
    return example_repo


def test_battery_text_in_swedish_inside_an_english_report_is_marked(run, swedish_battery_repo):
    html = report(run, swedish_battery_repo, "--format", "html", "--lang", "en", "--appendix", "full")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<h2 lang="sv">Bemötande</h2>' in html
    assert '<th scope="row" rowspan="2" lang="sv">Mötet</th>' in html
    assert '<span class="descriptor" lang="sv">Brukarna känner sig välkomna' in html
    assert '<span lang="sv">Känner du dig välkommen när du kommer hit?</span>' in html
    assert '<td lang="sv">Ja, delvis eller nej</td>' in html
    assert '<figcaption lang="sv">Känner du dig välkommen när du kommer hit?</figcaption>' in html
    assert '<dd><span lang="sv">Brukarrevision enligt Göteborgsmodellen</span>, version 1</dd>' in html


def test_battery_text_in_the_reports_language_carries_no_mark(run, example_repo):
    english = report(run, example_repo, "--format", "html", "--lang", "en")
    assert re.search(r"<h2>[^<]+</h2>", english) and '<h2 lang="sv">' not in english
    assert '<span class="descriptor" lang=' not in english
    swedish = report(run, example_repo, "--format", "html")
    assert ' lang="en"' not in swedish.split("\n", 2)[2]  # only the page's own lang="sv" at the top
