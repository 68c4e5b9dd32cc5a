"""`revision export`: the tidy table, read back as a data tool and a spreadsheet read it."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT
from test_anonymity_cases import goteborg_audit

pytestmark = pytest.mark.lang("en", everywhere=True)


def _rows(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["rows"]


def test_an_area_share_is_recomputed_exactly_from_its_question_rows_read_with_duckdb(example_repo, run):
    import duckdb

    result = run("export", "-o", "export.csv", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    con = duckdb.connect()
    table = con.read_csv(str(example_repo / "export.csv"), all_varchar=True)
    columns = table.columns
    rows = [dict(zip(columns, values, strict=True)) for values in table.fetchall()]
    cards = [r for r in rows if r["audit"] == EXAMPLE_AUDIT and r["card"] == "total"]
    areas = [r for r in cards if r["kind"] == "area" and r["share_exact"]]
    assert areas, "the example's areas have shares"
    for area in areas:
        # PRODUCT.md §4: a part with too few counted answers is left out of the mean above it
        counted = [r for r in cards if r["share_exact"] and r["rating"] != "insufficient"]
        subareas = [r for r in counted if r["kind"] == "subarea" and r["parent"] == area["id"]]
        means = []
        for sub in subareas:
            shares = [
                Fraction(r["share_exact"]) for r in counted if r["kind"] == "question" and r["parent"] == sub["id"]
            ]
            assert Fraction(sub["share_exact"]) == sum(shares) / len(shares), sub["id"]
            means.append(Fraction(sub["share_exact"]))
        assert Fraction(area["share_exact"]) == sum(means) / len(means), area["id"]
        # the number beside the exact share is the same share
        assert float(area["share"]) == pytest.approx(float(Fraction(area["share_exact"])), rel=1e-15)


def test_every_audit_of_the_repository_is_in_it_and_every_kind_of_item(example_repo, run):
    rows = _rows(run("export", "--format", "json", cwd=example_repo))
    audits = {p.name for p in (example_repo / "audits").iterdir() if (p / "audit.yaml").is_file()}
    assert {r["audit"] for r in rows} == audits
    assert {"area", "subarea", "question", "statement", "fidelity-item", "fidelity-section", "theme"} <= {
        r["kind"] for r in rows
    }
    audit = yaml.safe_load((example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml").read_text(encoding="utf-8"))
    first = next(r for r in rows if r["audit"] == EXAMPLE_AUDIT)
    assert first["unit"] == audit["unit"] and first["battery"] == audit["battery"][0]  # an area of goteborg@1
    assert first["site_visit"] == audit["site_visit"].isoformat()


def test_the_named_audits_only(example_repo, run):
    rows = _rows(run("export", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo))
    assert {r["audit"] for r in rows} == {EXAMPLE_AUDIT}


def test_an_ordinary_mixed_audit_keeps_its_colours_and_withholds_the_small_group(example_repo, run):
    """5 users and 2 staff at k = 5: the total shows its colours; the staff column is withheld
    with its reason and empty figures; no respondent code or answer text is in the export."""
    repo = goteborg_audit(example_repo, users=5, staff=2)
    rows = _rows(run("export", EXAMPLE_AUDIT, "--format", "json", cwd=repo))
    totals = [r for r in rows if r["card"] == "total" and r["kind"] in ("area", "subarea")]
    assert totals and all(r["rating"] in ("green", "yellow", "red") for r in totals if r["n"])
    assert any(r["rating"] for r in totals)
    staff = [r for r in rows if r["card"] == "personal"]
    assert staff and all(r["withheld"] and r["reason"] for r in staff)
    assert all(r["share"] is None and r["share_exact"] is None and r["n"] is None for r in staff)
    folder = repo / "audits" / EXAMPLE_AUDIT / "interviews"
    codes = {p.stem for p in folder.glob("*.yaml")}
    texts = set()
    for path in folder.glob("*.yaml"):
        for value in (yaml.safe_load(path.read_text(encoding="utf-8"))["answers"] or {}).values():
            if isinstance(value, str) and " " in value:
                texts.add(value)
    cells = {str(v) for r in rows for v in r.values() if v is not None}
    assert not cells & codes
    assert not cells & texts and texts, "free text answers exist and none is exported"


def test_excel_sv_has_semicolons_decimal_commas_and_a_byte_order_mark(example_repo, run):
    result = run("export", EXAMPLE_AUDIT, "--dialect", "excel-sv", "-o", "export.csv", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    data = (example_repo / "export.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    shared = [r for r in rows if r["share"]]
    assert shared and all("," in r["share"] and "." not in r["share"] for r in shared if r["share"] not in ("0", "1"))
    for r in shared:
        assert float(r["share"].replace(",", ".")) == pytest.approx(float(Fraction(r["share_exact"])))


def test_a_workbook_has_a_sheet_per_kind_a_frozen_header_and_number_formats(example_repo, run):
    import openpyxl

    result = run("export", "-o", "export.xlsx", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(example_repo / "export.xlsx")
    assert {"area", "subarea", "question", "statement", "fidelity-item", "theme"} <= set(book.sheetnames)
    sheet = book["area"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["audit", "unit", "organisation"]
    assert sheet.freeze_panes == "A2"
    share = header.index("share") + 1
    cell = next(c for (c,) in sheet.iter_rows(min_row=2, min_col=share, max_col=share) if c.value is not None)
    assert isinstance(cell.value, float) and cell.number_format == "0.0%"
    exact = header.index("share_exact") + 1
    assert Fraction(sheet.cell(cell.row, exact).value) == pytest.approx(cell.value)


def test_a_workbook_is_never_printed(example_repo, run):
    result = run("export", "--format", "xlsx", cwd=example_repo)
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.stderr


def test_the_format_follows_the_name_and_a_disagreeing_format_is_refused(example_repo, run):
    assert run("export", "-o", "x.json", cwd=example_repo).exit_code == 0
    assert "rows" in json.loads((example_repo / "x.json").read_text(encoding="utf-8"))
    refused = run("export", "--format", "csv", "-o", "y.json", cwd=example_repo)
    assert refused.exit_code == 2 and not (example_repo / "y.json").exists()
    assert run("export", "--format", "json", "--dialect", "excel-sv", cwd=example_repo).exit_code == 2


def test_an_audit_with_errors_stops_the_export_and_nothing_is_written(example_repo, run):
    broken = example_repo / "audits" / EXAMPLE_AUDIT / "interviews" / "b1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: kanske"))
    result = run("export", "-o", "export.csv", cwd=example_repo)
    assert result.exit_code == 1
    assert "nothing was exported" in result.stderr and "b1.yaml:" in result.stderr
    assert not (example_repo / "export.csv").exists()


def test_an_unknown_audit_is_named(example_repo, run):
    result = run("export", "2012-vastra", cwd=example_repo)
    assert result.exit_code == 1 and "did you mean" in result.stderr


@pytest.mark.lang("sv")
def test_the_reason_is_in_the_repository_language(example_repo, run):
    repo = goteborg_audit(example_repo, users=5, staff=2)
    rows = _rows(run("export", EXAMPLE_AUDIT, "--format", "json", cwd=repo))
    reasons = {r["reason"] for r in rows if r["withheld"]}
    assert reasons and not reasons & {"too few respondents to report"}


def test_the_export_reads_only_the_repository(example_repo: Path, run):
    """-o never replaces a file the repository reads."""
    result = run("export", "-o", f"audits/{EXAMPLE_AUDIT}/audit.yaml", cwd=example_repo)
    assert result.exit_code == 1 and "[output-is-input]" in result.stderr


# An export run again: each unchanged audit's rows from .revision/cache/export.json.
LOADED = (
    "import atexit, runpy, sys\n"
    "loaded = lambda: 'LOADED' if 'revision_cli.repository.scored' in sys.modules else 'CACHED'\n"
    "atexit.register(lambda: print(loaded(), file=sys.stderr))\n"
    "sys.argv = ['revision', *sys.argv[1:]]\n"
    "runpy.run_module('revision_cli', run_name='__main__')\n"
)


def _export_in_a_process(repo: Path, *args: str) -> tuple[str, str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", LOADED, "export", "--format", "csv", *args], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr.strip().splitlines()[-1]


def test_an_export_run_again_gives_the_same_rows_from_the_cache_until_an_answer_changes(example_repo):
    first, how = _export_in_a_process(example_repo)
    assert how == "LOADED" and (example_repo / ".revision" / "cache" / "export.json").is_file()
    again, how = _export_in_a_process(example_repo)
    assert how == "CACHED" and again == first  # every audit unchanged: nothing loaded, the same bytes
    interview = example_repo / "audits" / EXAMPLE_AUDIT / "interviews" / "b1.yaml"
    interview.write_text(interview.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: nej"))
    changed, how = _export_in_a_process(example_repo)
    assert how == "LOADED" and changed != first
    by_kind = {(r["audit"], r["id"], r["card"]): r for r in csv.DictReader(io.StringIO(changed))}
    was = {(r["audit"], r["id"], r["card"]): r for r in csv.DictReader(io.StringIO(first))}
    key = (EXAMPLE_AUDIT, "motet-valkommen", "total")
    assert by_kind[key]["share"] != was[key]["share"]  # the edited answer's question, recomputed
    others = [k for k in was if k[0] != EXAMPLE_AUDIT]
    assert others and all(by_kind[k] == was[k] for k in others)  # the other audits as they were
    swedish, how = _export_in_a_process(example_repo, "--dialect", "excel-sv")
    assert how == "CACHED" and swedish.startswith("\ufeffaudit;")  # the rows cached, not the file
