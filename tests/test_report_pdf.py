"""`revision report --format pdf`: the HTML report laid out on A4 by WeasyPrint (the extra
revision[pdf]), read back with pypdf. The seed 001 example (2012-vastra-hisingen) with the
short appendix must print on at most 12 pages in Swedish, the English report within two
pages of it; every page carries its number; no page's content is wider than the page.

The PDFs are made once per module (a render takes seconds) by real runs of the command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLES, REPORT_DAY

pypdf = pytest.importorskip("pypdf")
weasyprint = pytest.importorskip("weasyprint")

MAX_PAGES = 12  # issue 15: the seed 001 example in Swedish, --appendix short
PAGE_WIDTH_PX = 210 / 25.4 * 96  # A4 in CSS pixels, as WeasyPrint lays it out
MARGIN_PX = 2 / 2.54 * 96  # the print stylesheet's left and right page margins (2 cm)


def revision(*args: str, cwd: Path, language: str = "sv", env: dict[str, str] | None = None):
    """The command as a user runs it, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "revision_cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "LANGUAGE": language, "REVISION_TODAY": REPORT_DAY, "NO_COLOR": "1", **(env or {})},
        check=False,
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "repo"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".revision", "out"))
    return target


@pytest.fixture(scope="module")
def pdfs(repo) -> dict[str, Path]:
    """The example's short report in Swedish (format from -o's name alone) and English."""
    made = {}
    for lang, name in (("sv", "rapport.pdf"), ("en", "report-en.pdf")):
        extra = ["--lang", "en"] if lang == "en" else []
        result = revision("report", EXAMPLE_AUDIT, "--appendix", "short", *extra, "-o", name, cwd=repo)
        assert result.returncode == 0, result.stderr
        made[lang] = repo / name
    return made


@pytest.fixture(scope="module")
def texts(pdfs) -> dict[str, list[str]]:
    """Each PDF's text, page by page, as pypdf extracts it."""
    return {lang: [page.extract_text() for page in pypdf.PdfReader(path).pages] for lang, path in pdfs.items()}


def test_the_file_name_picks_pdf(pdfs):
    data = pdfs["sv"].read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_the_swedish_report_meets_the_page_target_and_english_stays_near(pdfs):
    sv = len(pypdf.PdfReader(pdfs["sv"]).pages)
    en = len(pypdf.PdfReader(pdfs["en"]).pages)
    assert 3 <= sv <= MAX_PAGES, sv
    assert abs(en - sv) <= 2, (sv, en)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_prints_its_number_of_the_whole(texts, lang):
    total = len(texts[lang])
    for number, text in enumerate(texts[lang], start=1):
        assert f"{number} / {total}" in text, (number, text[-200:])


def test_the_first_page_reads_alone(texts):
    first = texts["sv"][0]
    for fact in (
        "Socialkontoret Västra Hisingen",
        "Göteborgs Stad",
        "Platsbesök",
        "2012-10-15",
        "2012-11-20",
        "Brukarrevisor (2)",
        "Samordnare (1)",
        "Rapportdatum",
        REPORT_DAY,
        "Färgöversikt",
        "Delaktighet och inflytande",
        "Arbete och sysselsättning",  # the last sub-area: the whole overview is on page one
    ):
        assert fact in first, fact
    english = texts["en"][0]
    assert "Report date" in english and REPORT_DAY in english and "Colour overview" in english


def test_the_short_appendix_has_one_line_per_question_without_charts(texts):
    text = "\n".join(texts["sv"])
    appendix = text[text.index("Bilaga: frågor och svar") :]
    assert "Känner du dig välkommen när du kommer hit?" in appendix
    assert "Svar per alternativ" not in appendix  # the charts' tables are the full appendix's


def overflow(html: str) -> float:
    """How far (CSS px) the widest box of any page reaches past the page's printable width."""
    from weasyprint.formatting_structure import boxes

    worst = float("-inf")
    for page in weasyprint.HTML(string=html).render().pages:
        page_box = page._page_box
        assert abs(page_box.margin_width() - PAGE_WIDTH_PX) < 1  # A4 portrait
        right = page_box.content_box_x() + page_box.width
        assert abs(right - (PAGE_WIDTH_PX - MARGIN_PX)) < 1
        for child in page_box.children:
            if isinstance(child, boxes.MarginBox):  # the page number, in the margin by design
                continue
            for box in child.descendants():
                if hasattr(box, "margin_width"):
                    worst = max(worst, box.position_x + box.margin_width() - right)
    return worst


def test_the_overflow_measure_sees_a_table_too_wide():
    cells = "".join(f'<td style="white-space: nowrap">column {i} of a wide table</td>' for i in range(8))
    assert overflow(f"<style>@page {{ size: A4; margin: 2cm }}</style><table><tr>{cells}</tr></table>") > 100


def with_groups(repo: Path, target: Path) -> Path:
    """The example with staff and relatives interviewed too: a column per group in every
    colour table, the relatives' withheld (too few)."""
    shutil.copytree(repo, target, ignore=shutil.ignore_patterns(".revision", "*.pdf"))
    interviews = target / "audits" / EXAMPLE_AUDIT / "interviews"
    for i in range(1, 6):
        answers = {
            "motet-rutiner": "ja" if i % 2 else "nej",
            "hansyn-byte": "ja",
            "motet-ovrigt-personal": "Vi har rutiner.",
        }
        data = {"respondent": f"p{i}", "group": "personal", "consent": True, "answers": answers}
        (interviews / f"p{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for i in range(1, 3):
        data = {"respondent": f"n{i}", "group": "narstaende", "consent": True, "answers": {}}
        (interviews / f"n{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_no_table_is_wider_than_the_printable_width(repo, tmp_path):
    """The widest report there is: English (longer words), the full appendix (every figure's
    column) and a column per respondent group in every table."""
    folder = with_groups(repo, tmp_path / "groups")
    result = revision("report", EXAMPLE_AUDIT, "--format", "html", "--lang", "en", "--appendix", "full", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert '<th scope="col">Staff</th>' in result.stdout  # the group columns are there
    assert overflow(result.stdout) <= 0.5


def test_a_pdf_is_never_printed(repo):
    result = revision("report", EXAMPLE_AUDIT, "--format", "pdf", cwd=repo)
    assert result.returncode == 2
    assert "-o" in result.stderr and "%PDF" not in result.stdout


# Python with WeasyPrint made unimportable, as on a machine without the extra.
WITHOUT_WEASYPRINT = (
    "import sys; sys.modules['weasyprint'] = None; sys.argv[0] = 'revision'; "
    "from revision_cli.cli.main import main; main()"
)


@pytest.mark.parametrize(("language", "words"), [("sv", "installera"), ("en", "install it with")])
def test_without_the_extra_one_line_says_how_to_install_it(repo, language, words):
    target = repo / f"none-{language}.pdf"
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_WEASYPRINT, "report", EXAMPLE_AUDIT, "--lang", language, "-o", target.name],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0] and "pip install 'revision[pdf]'" in lines[0]
    assert "Traceback" not in result.stderr
    assert not target.exists()


# WeasyPrint installed, but the Pango library it loads when imported is missing.
WITHOUT_PANGO = (
    "import sys\n"
    "class NoPango:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == 'weasyprint':\n"
    "            raise OSError(\"cannot load library 'libpango-1.0-0': No such file\\nmore\")\n"
    "sys.meta_path.insert(0, NoPango())\n"
    "sys.argv[0] = 'revision'\n"
    "from revision_cli.cli.main import main\n"
    "main()\n"
)


def test_without_pango_one_line_names_the_system_packages(repo):
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_PANGO, "report", EXAMPLE_AUDIT, "--lang", "en", "-o", "no-pango.pdf"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "revision: a PDF needs the Pango library, which WeasyPrint could not load (cannot load library "
        "'libpango-1.0-0': No such file); on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
    ]
    assert not (repo / "no-pango.pdf").exists()
