"""`status` and `actions` read at 80 columns: no line wider than the terminal, no date and no
word broken across lines, nothing cut off; and `site` shows its progress on a terminal only."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, snapshot
from rich.cells import cell_len

DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
DATE_START = re.compile(r"(?<![\d-])\d{4}-\d")
NARROW = {"COLUMNS": "80"}

LONG_UNIT = "Socialförvaltningens stödboende för unga vuxna i Västra Hisingen, Torslanda och Biskopsgården"
LONG_ACTIONS = """\
- id: en-mycket-lang-atgard-om-information
  title: >-
    Skriftlig och muntlig information om hur man överklagar ett beslut, lämnar synpunkter,
    söker stöd ur fonder och får tolk, på lätt svenska och på de fem vanligaste språken
  subareas: [information, paverkan, planering]
  owner: Verksamhetsutvecklare och enhetschef tillsammans med brukarrådet
  due: 2013-09-30
  status: ongoing
  events:
    - date: 2013-08-14
      kind: meeting
      outcome: >-
        Brukarrådet har läst ett första utkast och vill ha kortare meningar, fler exempel
        och en sida om vad som händer efter att man har överklagat.
- id: kort
  title: Ny skylt
  due: 2014-12-31
  status: planned
"""


def lines_fit(output: str, width: int = 80) -> None:
    wide = [line for line in output.splitlines() if cell_len(line) > width]
    assert not wide, wide
    assert "…" not in output  # nothing cut off


def dates_whole(output: str, expected: list[str]) -> None:
    """Every date starts and ends on one line, and each expected one is there as often."""
    found = DATE.findall(output)
    assert len(found) == len(DATE_START.findall(output)), "a date is broken across lines"
    missing = Counter(expected) - Counter(found)
    assert not missing, missing


def words_whole(output: str, texts: list[str]) -> None:
    seen = set(re.findall(r"[^\s│┃|]+", output))
    for text in texts:
        for word in text.split():
            assert word in seen, f"{word!r} (of {text!r}) is broken across lines"


def status_rows(run, repo: Path, *args: str) -> list[dict]:
    return json.loads(run("status", "--format", "json", *args, cwd=repo).stdout)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_status_at_80_columns_breaks_no_date_and_no_word(run, example_repo, lang):
    result = run("--lang", lang, "status", "--today", "2014-01-01", cwd=example_repo, env=NARROW)
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines_fit(out)
    rows = status_rows(run, example_repo, "--today", "2014-01-01")
    expected = [row[key] for row in rows for key in ("site_visit", "feedback_meeting", "follow_up_due") if row[key]]
    dates_whole(out, expected)
    words_whole(out, [row["slug"] for row in rows] + [row["unit"] for row in rows] + [row["battery"] for row in rows])
    # Every light keeps its symbol and word beside its count, as in the wide table.
    assert re.search(r"✓ (Grön|Green) 5\b", out) and re.search(r"✗ (Röd|Red) 2\b", out)


def test_status_at_80_columns_with_a_long_unit_name(run, example_repo):
    path = example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("unit: Socialkontoret Västra Hisingen", f"unit: {LONG_UNIT}"),
        encoding="utf-8",
    )
    (example_repo / "audits" / EXAMPLE_AUDIT / "actions.yaml").write_text(LONG_ACTIONS, encoding="utf-8")
    out = run("status", "--today", "2014-01-01", cwd=example_repo, env=NARROW).stdout
    lines_fit(out)
    rows = status_rows(run, example_repo, "--today", "2014-01-01")
    dates_whole(out, [row["feedback_meeting"] for row in rows if row["feedback_meeting"]])
    words_whole(out, [LONG_UNIT])


def test_a_wide_terminal_keeps_one_row_of_columns_per_audit(run, example_repo):
    out = run("--lang", "en", "status", "--today", "2014-01-01", cwd=example_repo, env={"COLUMNS": "240"}).stdout
    lines_fit(out, 240)
    header = next(line for line in out.splitlines() if "Site visit" in line)
    assert "Feedback meeting" in header and "Follow-up due" in header  # each its own column, on one line
    assert "2013-11-20 ⚠ overdue" in out


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_actions_at_80_columns_break_no_date_and_no_word(run, example_repo, lang):
    (example_repo / "audits" / EXAMPLE_AUDIT / "actions.yaml").write_text(LONG_ACTIONS, encoding="utf-8")
    result = run("--lang", lang, "actions", "--today", "2014-01-01", cwd=example_repo, env=NARROW)
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines_fit(out)
    listed = json.loads(run("actions", "--format", "json", "--today", "2014-01-01", cwd=example_repo).stdout)
    expected = [a["due"] for a in listed if a["due"]] + [a["last_event"]["date"] for a in listed if a["last_event"]]
    dates_whole(out, expected)
    words_whole(
        out,
        [a["title"] for a in listed]
        + [a["id"] for a in listed]
        + [a["owner"] for a in listed if a["owner"]]
        + [a["last_event"]["outcome"] for a in listed if a["last_event"]]
        + [", ".join(a["subareas"]) for a in listed],
    )
    assert out.count("⚠") == sum(a["overdue"] for a in listed) == 1


def test_actions_of_the_example_at_80_columns(run, example_repo):
    out = run("actions", "--today", "2014-01-01", cwd=example_repo, env=NARROW).stdout
    lines_fit(out)
    listed = json.loads(run("actions", "--format", "json", "--today", "2014-01-01", cwd=example_repo).stdout)
    dates_whole(out, [a["due"] for a in listed])
    words_whole(out, [a["title"] for a in listed] + [a["id"] for a in listed])


# ---- site: progress on a terminal, nothing extra otherwise ---------------------------------


@pytest.mark.lang("en")
def test_site_prints_no_progress_when_stderr_is_not_a_terminal(run, example_repo, tmp_path):
    result = run("site", "-o", str(tmp_path / "site"), "--lang", "en", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Wrote {len(list((tmp_path / 'site').rglob('*.html')))} pages into {tmp_path / 'site'}; "
        f"start at {tmp_path / 'site' / 'index.html'}"
    ]
    assert "\x1b" not in result.stderr


@pytest.mark.lang("en")
def test_site_shows_progress_on_a_terminal_and_writes_the_same_pages(run, example_repo, tmp_path):
    plain = run("site", "-o", str(tmp_path / "plain"), "--lang", "en", cwd=example_repo)
    # FORCE_COLOR makes rich treat standard error as a terminal.
    shown = run("site", "-o", str(tmp_path / "shown"), "--lang", "en", cwd=example_repo, env={"FORCE_COLOR": "1"})
    assert plain.exit_code == shown.exit_code == 0, shown.output
    audits = len(list((example_repo / "audits").glob("*/audit.yaml")))
    assert "Reading audits" in shown.stderr and "Writing pages" in shown.stderr
    assert f"{audits}/{audits}" in shown.stderr
    assert shown.stdout == ""
    assert shown.stderr.rstrip().endswith("index.html")  # the bar is gone; the last line is the summary
    assert snapshot(tmp_path / "shown") == snapshot(tmp_path / "plain")
