"""Write templates/reference.docx, the built-in reference document of `revision report
--format docx`: python-docx's own template (every style the converter names: Heading 1–6,
List Bullet/Number 1–3, Quote, Caption, Table Grid) set to A4 portrait with 2 cm margins, as
the HTML report prints, and page numbers ("3 / 26") at the right of the footer.

    .venv/bin/python scripts/make_reference_docx.py

Run it again only to change the default layout, and commit the file it writes: the package
ships that file (pyproject.toml force-includes templates/), so a user can copy it, change it
in Word and put it in their repository's templates/ folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TARGET = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"


def field(paragraph, code: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out pages."""
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


def main() -> int:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = section.footer_distance = Cm(1)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        doc.styles[name].paragraph_format.keep_with_next = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    field(footer, "PAGE")
    footer.add_run(" / ")
    field(footer, "NUMPAGES")
    # Nothing of whoever made the file: the report's own properties are set when it is written.
    props = doc.core_properties
    props.author = props.last_modified_by = props.comments = props.title = props.subject = props.keywords = ""
    # python-docx's template carries a picture of its own first page: not a picture of the report.
    package_rels = doc.part.package.rels
    for key in [k for k, rel in package_rels.items() if rel.reltype.endswith("/metadata/thumbnail")]:
        del package_rels[key]
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    doc.save(str(TARGET))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
