"""`revision report --format docx`: the report as a Word document, read back with python-docx.

The document is the HTML report's view on the organisation's reference.docx: Word's own
heading styles, tables whose header rows repeat on every page, every light as symbol and
word, the team's Swedish texts marked Swedish in an English report, published quotes only
(nothing unpublished in any XML part of the package), and the layout (styles, header with a
logo) of the repository's templates/reference.docx, else of the built-in one."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import unescape

import docx
import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLES, REPO
from docx.oxml.ns import qn

REVISION = Path(sys.executable).parent / "revision"
BATTERY = REPO / "question_batteries" / "goteborg.yaml"
LIGHTS = {
    "sv": {"✓": "Grön", "!": "Gul", "✗": "Röd"},
    "en": {"✓": "Green", "!": "Yellow", "✗": "Red"},
}
# A 1×1 PNG: the organisation's logo in the reference's header.
LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def render(repo: Path, *args: str, name: str = "rapport.docx") -> docx.document.Document:
    result = subprocess.run(
        [str(REVISION), "report", EXAMPLE_AUDIT, "-o", name, *args], cwd=repo, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return docx.Document(str(repo / name))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "repo"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".revision", "out"))
    return target


@pytest.fixture(scope="module")
def swedish(repo) -> docx.document.Document:
    return render(repo, name="rapport.docx")


@pytest.fixture(scope="module")
def english(repo) -> docx.document.Document:
    return render(repo, "--lang", "en", name="report.docx")


def interviews(repo: Path) -> list[dict]:
    folder = repo / "audits" / EXAMPLE_AUDIT / "interviews"
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]


def all_paragraphs(doc) -> list:
    """Every paragraph of the body, those inside table cells included, in order."""
    body = doc.element.body
    return [docx.text.paragraph.Paragraph(p, doc.part) for p in body.iter(qn("w:p"))]


def body_text(doc) -> str:
    return "\n".join(p.text for p in all_paragraphs(doc))


def cell_texts(doc) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def headings(doc, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


# ---- structure -----------------------------------------------------------------------------


def test_the_headings_are_words_own_heading_styles(swedish):
    battery = yaml.safe_load(BATTERY.read_text(encoding="utf-8"))
    assert headings(swedish, 1) == ["Brukarrevision: Socialkontoret Västra Hisingen"]
    level_two = headings(swedish, 2)
    for area in battery["areas"]:
        assert area["title"]["sv"] in level_two
    assert "Sammanfattning" in level_two and "Bilaga: frågor och svar" in level_two
    assert "Färgbedömningar" in headings(swedish, 3)
    assert swedish.paragraphs[0].style.name == "Heading 1"


def test_every_table_repeats_its_header_row_and_keeps_its_rows_whole(swedish):
    assert len(swedish.tables) > 20
    for table in swedish.tables:
        assert table.style is not None and table.style.name == "Table Grid"
        rows = table.rows
        header = rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None, [c.text for c in rows[0].cells]
        for row in rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    overview = swedish.tables[0]
    assert [c.text for c in overview.rows[0].cells] == [
        "Område / delområde",
        "Teamets bedömning",
        "Beräknad från svaren",
    ]
    assert all(run.bold for c in overview.rows[0].cells for p in c.paragraphs for run in p.runs)


def test_a_caption_only_a_screen_reader_read_becomes_the_tables_alternative_text(swedish):
    overview = swedish.tables[0]
    caption = overview._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption is not None and caption.get(qn("w:val")) == "Färgöversikt"


def test_the_facts_and_lists_keep_their_shape(swedish):
    texts = [p.text for p in swedish.paragraphs]
    assert "Platsbesök\t2012-10-15" in texts
    assert "Revisionsteam\tBrukarrevisor (2), Närstående (1), Samordnare (1)" in texts
    bullets = [p.text for p in swedish.paragraphs if p.style.name == "List Bullet"]
    assert "stämningen vid mötena är lugn" in bullets


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_light_shows_symbol_and_word(request, lang):
    doc = request.getfixturevalue("swedish" if lang == "sv" else "english")
    words = LIGHTS[lang]
    cells = "\n".join(cell_texts(doc))
    badges = re.findall(rf"(\S) ({'|'.join(words.values())})\b", cells)
    assert len(badges) > 40
    assert all(words.get(symbol) == word for symbol, word in badges), badges
    bare = re.sub(rf"[✓!✗] ({'|'.join(words.values())})\b", "", cells)
    assert not re.search(rf"\b({'|'.join(words.values())})\b", bare), "a light's word without its symbol"


def test_no_chart_markup_reaches_the_document_and_each_chart_keeps_its_table(swedish):
    text = body_text(swedish)
    assert "<svg" not in text and "viewBox" not in text and "<" not in text
    distributions = [t for t in swedish.tables if t.rows[0].cells[0].text == "Svar"]
    assert distributions, "the figures of the charts are missing"


# ---- language --------------------------------------------------------------------------------


def run_languages(doc, needle: str) -> set[str | None]:
    found = set()
    for paragraph in all_paragraphs(doc):
        for run in paragraph.runs:
            if needle in run.text:
                lang = run._r.rPr.find(qn("w:lang")) if run._r.rPr is not None else None
                found.add(lang.get(qn("w:val")) if lang is not None else None)
    return found


def test_an_english_report_marks_the_swedish_texts_of_the_team(english, repo):
    assessment = yaml.safe_load((repo / "audits" / EXAMPLE_AUDIT / "assessment.yaml").read_text(encoding="utf-8"))
    summary_start = " ".join(assessment["summary"].split())[:40]
    assert run_languages(english, summary_start) == {"sv-SE"}
    assert run_languages(english, "Summary") == {"en-GB"}
    assert headings(english, 1) == ["User audit: Socialkontoret Västra Hisingen"]
    defaults = english.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert defaults.get(qn("w:val")) == "en-GB"
    assert english.core_properties.language == "en-GB"


def test_a_swedish_report_is_swedish_throughout(swedish):
    assert run_languages(swedish, "Sammanfattning") == {"sv-SE"}
    assert swedish.core_properties.title == "Brukarrevision: Socialkontoret Västra Hisingen"


# ---- privacy -------------------------------------------------------------------------------------


def package_text(path: Path) -> str:
    """Every XML part of the .docx package as text, entities resolved."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            unescape(package.read(name).decode("utf-8"), {"&quot;": '"', "&apos;": "'"})
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )


def test_only_published_quotes_and_no_comment_or_code_anywhere_in_the_package(swedish, repo):
    quotes = [q for i in interviews(repo) for q in i.get("quotes") or []]
    published = [q["text"] for q in quotes if q["publish"]]
    private = [q["text"] for q in quotes if not q["publish"]]
    assert published and private
    text = body_text(swedish)
    quoted = [p.text for p in swedish.paragraphs if p.style.name == "Quote"]
    for quote in published:
        assert quote in quoted
    xml = package_text(repo / "rapport.docx")
    for quote in private:
        assert quote not in xml and quote not in text, quote
    comments = [
        a["comment"]
        for i in interviews(repo)
        for a in i["answers"].values()
        if isinstance(a, dict) and a.get("comment")
    ]
    assert comments
    for comment in comments:
        assert comment not in xml
    for code in (i["respondent"] for i in interviews(repo)):
        assert not re.search(rf"(?<![\w-]){code}(?![\w-])", text, re.IGNORECASE), code


def test_a_quote_marked_unpublished_is_nowhere_in_the_package(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
    secret = "Hemligt citat som aldrig får publiceras"
    interview = repo / "audits" / EXAMPLE_AUDIT / "interviews" / "b1.yaml"
    data = yaml.safe_load(interview.read_text(encoding="utf-8"))
    data["quotes"] = [*(data.get("quotes") or []), {"text": secret, "publish": False}]
    interview.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    render(repo)
    assert secret not in package_text(repo / "rapport.docx")
    data["quotes"][-1]["publish"] = True  # the same text, published: then it is there (the check can fail)
    interview.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    render(repo)
    assert secret in package_text(repo / "rapport.docx")


# ---- the reference document ----------------------------------------------------------------------


def make_reference(path: Path, drop: tuple[str, ...] = ()) -> None:
    """A reference as an organisation makes one: its font, a header with its logo and name,
    a page of its own body text (which must not reach the report); `drop` leaves styles out."""
    reference = docx.Document()
    normal = reference.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = docx.shared.Pt(12)
    section = reference.sections[0]
    section.left_margin = docx.shared.Cm(3)
    header = section.header.paragraphs[0]
    header.add_run().add_picture(_logo(path.parent), width=docx.shared.Cm(2))
    header.add_run("Stadsdelsförvaltningen Väster")
    reference.add_paragraph("Mallens egen brödtext, som inte ska med i rapporten")
    for name in drop:
        element = reference.styles[name].element
        element.getparent().remove(element)
    path.parent.mkdir(parents=True, exist_ok=True)
    reference.save(str(path))


def _logo(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    logo = folder / "logo.png"
    logo.write_bytes(LOGO)
    return str(logo)


def test_the_repositorys_reference_document_gives_its_styles_margins_and_header(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
    make_reference(repo / "templates" / "reference.docx")
    (repo / "templates" / "logo.png").unlink()
    doc = render(repo)
    assert doc.styles["Normal"].font.name == "Georgia"
    assert doc.styles["Normal"].font.size == docx.shared.Pt(12)
    assert round(doc.sections[0].left_margin.cm, 1) == 3.0
    header = doc.sections[0].header
    assert "Stadsdelsförvaltningen Väster" in header.paragraphs[0].text
    assert any("image" in rel.reltype for rel in header.part.rels.values()), "the logo is gone"
    assert "Mallens egen brödtext" not in body_text(doc)
    assert headings(doc, 1) == ["Brukarrevision: Socialkontoret Västra Hisingen"]


def test_the_reference_of_a_template_folder_given_with_template_comes_first(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
    make_reference(repo / "templates" / "reference.docx")
    given = docx.Document()
    given.sections[0].header.paragraphs[0].text = "Nämndens egen mall"
    (repo / "mallar").mkdir()
    given.save(str(repo / "mallar" / "reference.docx"))
    doc = render(repo, "--template", "mallar")
    assert doc.sections[0].header.paragraphs[0].text == "Nämndens egen mall"
    assert doc.styles["Normal"].font.name != "Georgia"


def test_the_built_in_reference_is_a4_with_page_numbers(swedish):
    section = swedish.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 2.0
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_styles_a_reference_lacks_come_from_the_built_in_one(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
    dropped = ("List Bullet", "Table Grid", "Quote", "Heading 2")
    make_reference(repo / "templates" / "reference.docx", drop=dropped)
    lacking = docx.Document(str(repo / "templates" / "reference.docx"))
    assert not any(name in lacking.styles for name in dropped)
    doc = render(repo)
    assert doc.styles["Normal"].font.name == "Georgia"
    for name in dropped:
        assert name in doc.styles, name
    assert "Bemötande" in headings(doc, 2)
    bullet = next(p for p in doc.paragraphs if p.style.name == "List Bullet")
    num_id = doc.styles["List Bullet"].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    assert any(n.get(qn("w:numId")) == num_id for n in numbering.findall(qn("w:num"))), "a bullet without its list"
    assert bullet.text
    assert all(t.style.name == "Table Grid" for t in doc.tables)


def test_a_reference_that_is_no_word_document_stops_the_run_and_writes_nothing(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo, ignore=shutil.ignore_patterns(".revision", "out"))
    (repo / "templates").mkdir()
    (repo / "templates" / "reference.docx").write_text("inte ett Word-dokument", encoding="utf-8")
    result = subprocess.run(
        [str(REVISION), "report", EXAMPLE_AUDIT, "-o", "rapport.docx"], cwd=repo, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "templates/reference.docx" in result.stderr and "Word" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo / "rapport.docx").exists()


# ---- the format and the file name ----------------------------------------------------------------


def test_the_file_name_picks_word_and_format_docx_agrees(example_repo, run):
    result = run("report", EXAMPLE_AUDIT, "-o", "Rapport.DOCX", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    assert zipfile.is_zipfile(example_repo / "Rapport.DOCX")
    assert docx.Document(str(example_repo / "Rapport.DOCX")).paragraphs[0].style.name == "Heading 1"
    result = run("report", EXAMPLE_AUDIT, "--format", "docx", "-o", "rapport.docx", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    result = run("report", EXAMPLE_AUDIT, "--format", "docx", "-o", "word.bin", cwd=example_repo)
    assert result.exit_code == 0, result.stderr
    assert zipfile.is_zipfile(example_repo / "word.bin")


@pytest.mark.lang("en", everywhere=True)
@pytest.mark.parametrize(("format", "name"), [("md", "rapport.docx"), ("docx", "rapport.html"), ("html", "x.docx")])
def test_a_format_that_disagrees_with_a_word_name_is_refused(example_repo, run, format, name):
    result = run("report", EXAMPLE_AUDIT, "--format", format, "-o", name, cwd=example_repo)
    assert result.exit_code == 2
    assert f"--format {format} does not fit -o {name}" in result.stderr
    assert not (example_repo / name).exists()


@pytest.mark.lang("en", everywhere=True)
@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_a_word_document_is_never_printed(example_repo, run, output):
    result = run("report", EXAMPLE_AUDIT, "--format", "docx", *output, cwd=example_repo)
    assert result.exit_code == 2
    assert "a Word document is not printed: give -o FILE.docx" in result.stderr
    assert result.stdout == ""


def test_the_appendix_option_applies_to_word_as_to_html(example_repo, run):
    for appendix in ("full", "none"):
        result = run("report", EXAMPLE_AUDIT, "--appendix", appendix, "-o", f"{appendix}.docx", cwd=example_repo)
        assert result.exit_code == 0, result.stderr
    full = docx.Document(str(example_repo / "full.docx"))
    none = docx.Document(str(example_repo / "none.docx"))
    assert "Bilaga: frågor och svar" in headings(full, 2) and "Bilaga: frågor och svar" not in headings(none, 2)
    assert len(none.tables) < len(full.tables)


# ---- the converter on its own (the yearly summary will use it too) ------------------------------


def test_the_converter_keeps_text_exactly_and_maps_lists_spans_breaks_and_spans_of_columns(tmp_path):
    from revision_cli.render.docx import html_to_docx

    page = """<!DOCTYPE html><html lang="en"><head><title>T &amp; U</title>
<style>.wide { display: block } @media print { .late { break-before: page } }</style></head>
<body><h2>A &lt;b&gt; &amp; "c"</h2>
<p>one<br>two <span lang="sv">tre</span>\u0007</p>
<ul><li>outer<ul><li>inner</li></ul></li></ul><ol><li>first</li></ol>
<section class="late"><h3>Later</h3></section>
<table><thead><tr><th colspan="2">both</th></tr></thead>
<tbody><tr><td>x<span class="wide">y</span></td></tr></tbody></table>
<p hidden>gone</p><p><span class="visually-hidden">unseen</span>seen</p></body></html>"""
    (tmp_path / "x.docx").write_bytes(html_to_docx(page))
    doc = docx.Document(str(tmp_path / "x.docx"))
    assert doc.core_properties.title == "T & U"
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Heading 2", 'A <b> & "c"')
    assert paragraphs[1] == ("Normal", "one\ntwo tre")
    assert ("List Bullet", "outer") in paragraphs and ("List Bullet 2", "inner") in paragraphs
    assert ("List Number", "first") in paragraphs
    later = next(p for p in doc.paragraphs if p.text == "Later")
    assert later.paragraph_format.page_break_before
    assert ("Normal", "seen") in paragraphs and all("gone" not in t and "unseen" not in t for _s, t in paragraphs)
    assert run_languages(doc, "tre") == {"sv-SE"} and run_languages(doc, "one") == {"en-GB"}
    table = doc.tables[0]
    assert len(table.columns) == 2 and table.rows[0].cells[0].text == "both"
    assert table.rows[1].cells[0].text == "x\ny" and table.rows[1].cells[1].text == ""
