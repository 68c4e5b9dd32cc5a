"""`report -o FILE` takes its format from the file's name; a --format that disagrees is refused."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE_AUDIT

pytestmark = pytest.mark.lang("en", everywhere=True)


def _kind(text: str) -> str:
    return "html" if text.lstrip().lower().startswith("<!doctype html>") else "md"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("rapport.html", "html"), ("RAPPORT.HTM", "html"), ("rapport.md", "md"), ("rapport.markdown", "md")],
)
def test_the_file_name_picks_the_format(example_repo, run, name, expected):
    result = run("report", EXAMPLE_AUDIT, "-o", name, cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    assert _kind((example_repo / name).read_text(encoding="utf-8")) == expected


def test_a_name_without_a_known_extension_follows_format_else_markdown(example_repo, run):
    assert run("report", EXAMPLE_AUDIT, "-o", "rapport.txt", cwd=example_repo).exit_code == 0
    assert _kind((example_repo / "rapport.txt").read_text(encoding="utf-8")) == "md"
    assert run("report", EXAMPLE_AUDIT, "--format", "html", "-o", "web.txt", cwd=example_repo).exit_code == 0
    assert _kind((example_repo / "web.txt").read_text(encoding="utf-8")) == "html"


def test_without_output_and_format_the_report_is_markdown_on_standard_output(example_repo, run):
    result = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    assert _kind(result.stdout) == "md" and result.stdout.startswith("#")


@pytest.mark.parametrize(("format", "name"), [("md", "rapport.html"), ("html", "rapport.md")])
def test_a_format_that_disagrees_with_the_name_is_refused_and_nothing_is_written(example_repo, run, format, name):
    result = run("report", EXAMPLE_AUDIT, "--format", format, "-o", name, cwd=example_repo)
    assert result.exit_code == 2
    assert f"--format {format} does not fit -o {name}" in result.stderr
    assert not (example_repo / name).exists()


def test_an_agreeing_format_is_accepted(example_repo, run):
    result = run("report", EXAMPLE_AUDIT, "--format", "html", "-o", "rapport.html", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    assert _kind((example_repo / "rapport.html").read_text(encoding="utf-8")) == "html"


@pytest.mark.lang("sv")
def test_the_refusal_reads_in_swedish_in_a_swedish_repository(example_repo, run):
    result = run("report", EXAMPLE_AUDIT, "--format", "md", "-o", "rapport.html", cwd=example_repo)
    assert result.exit_code == 2
    assert "passar inte" in result.stderr


def test_the_printed_html_report_numbers_its_pages_and_keeps_table_headers_with_their_rows(example_repo, run):
    result = run("report", EXAMPLE_AUDIT, "-o", "rapport.html", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    page = (example_repo / "rapport.html").read_text(encoding="utf-8")
    printing = page.split("@media print {", 1)[1].split("</style>", 1)[0]
    assert '@bottom-right { content: counter(page) " / " counter(pages)' in printing
    assert "size: A4" in printing
    assert "thead { display: table-header-group; break-after: avoid" in printing
