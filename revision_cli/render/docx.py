"""Word documents from our own HTML: `html_to_docx` walks a page the templates rendered (the
report, and anything else rendered the same way) and writes it into a reference document
opened with python-docx, so that the Word file is the same view as the HTML, never a second
one. The body is written as WordprocessingML text and parsed once; python-docx opens the
reference, supplies the styles and list numbering it lacks, and saves the package.

What maps to what: h1–h6 to Word's own "Heading 1–6" styles (a reader's navigation pane and
table of contents use them), p to paragraphs, ul/ol/li to "List Bullet"/"List Number" (2 and
3 when nested), blockquote to "Quote", a visible caption or figcaption to "Caption", strong/b
and em/i to bold and italic, br to a line break, `lang` to each run's language (w:lang, so
that spelling and screen readers take Swedish text inside an English report as Swedish),
`dir="rtl"` to right-to-left runs (w:rtl, the language as w:bidi) and, when a paragraph holds
nothing else, a right-to-left paragraph (w:bidi), and
a table to a Word table in the "Table Grid" style whose thead rows repeat at the top of every
page (w:tblHeader) and whose rows never break across pages. What Word cannot show is left
out: scripts, styles, SVG charts (the report puts each chart's figures in a table beside it)
and text only a screen reader gets (`visually-hidden`; a hidden table caption becomes the
table's alternative text). The page's stylesheet is read for what matters on paper: which
classes are blocks (a line of their own), bold, right-aligned, start a page, or have a
background (the lights' shading; never the only sign of a colour, the HTML says symbol and
word).

The layout (fonts, margins, header with a logo, footer with page numbers) is the reference
document's: the page is written into a copy of it, cleared of its body. A style the
reference lacks (a reference made in Word defines few) is taken from the built-in one.
"""

from __future__ import annotations

import copy
import functools
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from revision_cli.errors import RevisionError, display_path
from revision_cli.i18n import _

if TYPE_CHECKING:
    from docx.document import Document

    from revision_cli.repository.scored import ScoredAudit

REFERENCE = "reference.docx"

# A two-letter language as Word names it (its proofing tools want a region).
WORD_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}

BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td"),
        *("tfoot", "th", "thead", "tr", "ul"),
    }
)
SKIPPED = frozenset(
    {"head", "script", "style", "svg", "template", "noscript", "button", "input", "select", "textarea", "canvas"}
    | {"iframe", "object"}
)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
HIDDEN_CLASSES = frozenset({"visually-hidden", "sr-only"})
HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space: never a no-break space


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def elements(self) -> Iterator[_Node]:
        return (c for c in self.children if isinstance(c, _Node))

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Tree(HTMLParser):
    """The page as a tree of elements (the templates close what they open; a stray end tag
    is ignored, an unclosed element ends with its parent)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                if tag == "style":
                    self.styles.append(self.stack[depth].text())
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


# ---- the stylesheet, read for what paper needs ------------------------------------------------

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# The class a selector ends in (`.x`, `span.x`, `table.y th.x`), or that its cells take (`tr.x th`).
_SELECTOR = re.compile(r"(?:^|\s)[a-z0-9]*\.([\w-]+)(?:\s+(?:th|td))?$")
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\b")


@dataclass(frozen=True)
class _Look:
    """What a class asks for on paper (None: nothing said)."""

    block: bool = False
    bold: bool | None = None
    right: bool = False
    page_break: bool = False
    shade: str | None = None
    hidden: bool = False


def _looks(styles: list[str]) -> dict[str, _Look]:
    """Each simple class's look; a later rule (the print rules come last) wins, as in CSS."""
    found: dict[str, dict[str, str]] = {}
    for sheet in styles:
        sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
        for selectors, body in _RULE.findall(sheet):
            declarations = {
                name.strip().lower(): value.strip().lower()
                for name, _sep, value in (d.partition(":") for d in body.split(";"))
                if value.strip()
            }
            for selector in selectors.split(","):
                match = _SELECTOR.search(selector.strip())
                if match and not selector.strip().startswith("@"):
                    found.setdefault(match.group(1), {}).update(declarations)
    looks = {}
    for name, d in found.items():
        weight = d.get("font-weight")
        bold = None if weight is None else weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
        background = d.get("background-color", d.get("background", ""))
        colour = _HEX.search(background)
        shade = None
        if colour:
            shade = colour.group(1) if len(colour.group(1)) == 6 else "".join(c * 2 for c in colour.group(1))
            shade = None if shade.lower() == "ffffff" else shade.upper()
        looks[name] = _Look(
            block=d.get("display") in ("block", "flex", "grid", "list-item"),
            bold=bold,
            right=d.get("text-align") == "right",
            page_break=d.get("break-before") == "page" or d.get("page-break-before") == "always",
            shade=shade,
            hidden=d.get("display") == "none" or name in HIDDEN_CLASSES,
        )
    for name in HIDDEN_CLASSES:
        looks.setdefault(name, _Look(hidden=True))
    return looks


# ---- runs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    lang: str | None = None
    shade: str | None = None
    rtl: bool = False  # written right to left (dir="rtl": a battery's Arabic, Persian, Hebrew … text)


BREAK = "\n"  # a line break the page asked for (br)
SOFT = "\v"  # a line a block-display element starts or ends: collapses with its neighbours
TAB = "\t"  # between a term and its description
Segment = tuple[str, _Format]


def _clean(segments: list[Segment]) -> list[Segment]:
    """HTML's white space rules: runs of space are one, none at the start or end of a line,
    and the line breaks of block elements only between text."""
    out: list[Segment] = []
    space_before = True  # at a line's start
    for text, fmt in segments:
        if text in (BREAK, SOFT):
            while out and out[-1][0] == " ":
                out.pop()
            if out and out[-1][0].endswith(" "):
                out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
            if text == BREAK or (out and out[-1][0] not in (BREAK, SOFT)):
                out.append((text, fmt))
            space_before = True
            continue
        if text == TAB:
            if out and out[-1][0].endswith(" "):
                out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
            out.append((text, fmt))
            space_before = True
            continue
        text = _SPACE.sub(" ", text)
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        out.append((text, fmt))
        space_before = text.endswith(" ")
    while out and out[-1][0] in (SOFT, BREAK, " "):
        out.pop()
    if out and out[-1][0].endswith(" "):
        out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
    merged: list[Segment] = []
    for text, fmt in out:
        text = BREAK if text == SOFT else text
        if merged and text not in (BREAK, TAB) and merged[-1][0] not in (BREAK, TAB) and merged[-1][1] == fmt:
            merged[-1] = (merged[-1][0] + text, fmt)
        elif text:
            merged.append((text, fmt))
    return merged


# ---- the writer ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    fmt: _Format
    style: str | None = None  # the paragraph style of text here (a list item's, a quote's)
    list_depth: int = 0
    right: bool = False


class _Writer:
    """Writes the body as WordprocessingML text, parsed once at the end: python-docx's own
    calls build every element one by one, which took four fifths of a report's conversion."""

    def __init__(self, doc: Document, looks: dict[str, _Look], fallback: Document | None) -> None:
        self.doc = doc
        self.looks = looks
        self.fallback = fallback
        self.styles: dict[str, str | None] = {}
        self.page_break = False
        self.width = _text_width(doc)

    # styles: the reference's, else copied from the built-in reference, else none
    def style(self, name: str) -> str | None:
        """The id of the style `name`, which the document is sure to have (None: it has none)."""
        if name not in self.styles:
            found = _ensure_style(self.doc, name, self.fallback)
            self.styles[name] = self.doc.styles[name].style_id if found else None
        return self.styles[name]

    def look(self, node: _Node) -> _Look:
        found = [self.looks[c] for c in node.classes if c in self.looks]
        if not found:
            return _Look()
        if len(found) == 1:
            return found[0]
        return _Look(
            block=any(x.block for x in found),
            bold=next((x.bold for x in reversed(found) if x.bold is not None), None),
            right=any(x.right for x in found),
            page_break=any(x.page_break for x in found),
            shade=next((x.shade for x in reversed(found) if x.shade is not None), None),
            hidden=any(x.hidden for x in found),
        )

    def hidden(self, node: _Node) -> bool:
        return node.tag in SKIPPED or "hidden" in node.attrs or self.look(node).hidden

    def inner(self, node: _Node, ctx: _Context) -> _Context:
        """The context inside `node`: its language, weight, slant and shading."""
        look = self.look(node)
        fmt = ctx.fmt
        lang = node.attrs.get("lang")
        if lang:
            fmt = replace(fmt, lang=lang)
        direction = node.attrs.get("dir")
        if direction in ("rtl", "ltr"):
            fmt = replace(fmt, rtl=direction == "rtl")
        if node.tag in ("strong", "b"):
            fmt = replace(fmt, bold=True)
        if node.tag in ("em", "i", "cite"):
            fmt = replace(fmt, italic=True)
        if look.bold is not None and look.bold != fmt.bold:
            fmt = replace(fmt, bold=look.bold)
        if look.shade is not None:
            fmt = replace(fmt, shade=look.shade)
        if look.page_break:
            self.page_break = True
        if fmt is ctx.fmt and not (look.right and not ctx.right):
            return ctx
        return replace(ctx, fmt=fmt, right=ctx.right or look.right)

    # inline content → segments
    def segments(self, nodes: list[_Node | str], ctx: _Context) -> list[Segment]:
        out: list[Segment] = []
        for node in nodes:
            if isinstance(node, str):
                out.append((node, ctx.fmt))
            elif node.tag == "br":
                out.append((BREAK, ctx.fmt))
            elif node.tag == "img":
                if node.attrs.get("alt"):
                    out.append((node.attrs["alt"], ctx.fmt))
            elif not self.hidden(node):
                block = self.look(node).block or node.tag in BLOCKS
                if block:
                    out.append((SOFT, ctx.fmt))
                out.extend(self.segments(node.children, self.inner(node, ctx)))
                if block:
                    out.append((SOFT, ctx.fmt))
        return out

    def paragraph(
        self,
        out: list[str],
        segments: list[Segment],
        ctx: _Context,
        style: str | None = None,
        keep_next: bool = False,
        term: bool = False,
    ) -> bool:
        """One paragraph of `segments` at the end of `out` (the body or a cell); False when
        they hold no text. `term`: a term and its description, a tab between them."""
        segments = _clean(segments)
        if not segments:
            return False
        props = []
        name = style or ctx.style
        if name is not None and (found := self.style(name)) is not None:
            props.append(f'<w:pStyle w:val="{_attr(found)}"/>')
        if keep_next:
            props.append("<w:keepNext/>")
        if self.page_break:
            props.append("<w:pageBreakBefore/>")
            self.page_break = False
        if term:
            props.append(f'<w:tabs><w:tab w:val="left" w:pos="{TERM}"/></w:tabs>')
        # A paragraph whose every word is right-to-left text reads right to left (the order of
        # w:pPr's children is the schema's: bidi after tabs, before spacing and ind).
        if all(fmt.rtl for text, fmt in segments if text.strip()) and any(text.strip() for text, _ in segments):
            props.append("<w:bidi/>")
        if term:
            props.append('<w:spacing w:after="60"/>')
            props.append(f'<w:ind w:left="{TERM}" w:hanging="{TERM}"/>')
        if ctx.right:
            props.append('<w:jc w:val="right"/>')
        out.append("<w:p>")
        if props:
            out.append("<w:pPr>" + "".join(props) + "</w:pPr>")
        out.extend(_run(text, fmt) for text, fmt in segments)
        out.append("</w:p>")
        return True

    # block content
    def blocks(self, out: list[str], node: _Node, ctx: _Context) -> None:
        pending: list[_Node | str] = []

        def flush() -> None:
            if pending:
                self.paragraph(out, self.segments(pending, ctx), ctx)
                pending.clear()

        for child in node.children:
            if isinstance(child, str) or (child.tag not in BLOCKS and not self.look(child).block):
                pending.append(child)
                continue
            flush()
            if self.hidden(child):
                continue
            self.block(out, child, self.inner(child, ctx))
        flush()

    def block(self, out: list[str], node: _Node, ctx: _Context) -> None:
        tag = node.tag
        if tag in HEADINGS:
            self.paragraph(out, self.segments(node.children, ctx), ctx, f"Heading {HEADINGS[tag]}")
        elif tag == "p":
            self.paragraph(out, self.segments(node.children, ctx), ctx)
        elif tag in ("ul", "ol"):
            depth = min(ctx.list_depth + 1, 3)
            kind = "List Bullet" if tag == "ul" else "List Number"
            style = kind if depth == 1 else f"{kind} {depth}"
            for item in node.elements():
                if not self.hidden(item):
                    self.blocks(out, item, replace(self.inner(item, ctx), style=style, list_depth=depth))
        elif tag == "blockquote":
            self.blocks(out, node, replace(ctx, style="Quote"))
        elif tag in ("caption", "figcaption"):
            self.paragraph(out, self.segments(node.children, ctx), ctx, "Caption", keep_next=True)
        elif tag == "dl":
            self.definitions(out, node, ctx)
        elif tag == "table":
            self.table(out, node, ctx)
        elif tag == "hr":
            return
        else:  # div, section, li, dt, dd and the like: what they hold
            self.blocks(out, node, ctx)

    def definitions(self, out: list[str], node: _Node, ctx: _Context) -> None:
        """A term and its description on one line (a tab between them) when the description
        is a line of text; else the term in bold, kept with its description below it."""
        items = [c for c in node.elements() if c.tag in ("dt", "dd") and not self.hidden(c)]
        bold = replace(ctx, fmt=replace(ctx.fmt, bold=True))
        i = 0
        while i < len(items):
            term = items[i]
            follows = items[i + 1] if i + 1 < len(items) else None
            if term.tag == "dt" and follows is not None and follows.tag == "dd" and self._inline_only(follows):
                segments = [*self.segments(term.children, self.inner(term, bold)), (TAB, ctx.fmt)]
                segments += self.segments(follows.children, self.inner(follows, ctx))
                self.paragraph(out, segments, ctx, term=True)
                i += 2
                continue
            if term.tag == "dt":
                self.paragraph(out, self.segments(term.children, self.inner(term, bold)), ctx, keep_next=True)
            else:
                self.blocks(out, term, self.inner(term, ctx))
            i += 1

    def _inline_only(self, node: _Node) -> bool:
        return all(
            isinstance(c, str) or (c.tag not in BLOCKS and not self.look(c).block and self._inline_only(c))
            for c in node.children
        )

    def table(self, out: list[str], node: _Node, ctx: _Context) -> None:
        rows: list[tuple[_Node, bool]] = []  # (tr, in the header)
        caption: _Node | None = None
        for part in node.elements():
            if part.tag == "caption":
                caption = part
            elif part.tag == "tr":
                rows.append((part, False))
            elif part.tag in ("thead", "tbody", "tfoot"):
                rows.extend((tr, part.tag == "thead") for tr in part.elements() if tr.tag == "tr")
        rows = [r for r in rows if not self.hidden(r[0])]
        grid = [[c for c in tr.elements() if c.tag in ("th", "td") and not self.hidden(c)] for tr, _head in rows]
        if not any(grid):
            return
        columns = max(sum(_span(c) for c in cells) for cells in grid)
        if caption is not None and not self.hidden(caption):
            self.paragraph(out, self.segments(caption.children, ctx), ctx, "Caption", keep_next=True)
        widths = _widths(grid, columns, self.width)
        props = []
        if (style := self.style("Table Grid")) is not None:
            props.append(f'<w:tblStyle w:val="{_attr(style)}"/>')
        props.append('<w:tblW w:w="0" w:type="auto"/>')
        props.append(
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            'w:noHBand="0" w:noVBand="1"/>'
        )
        alt = _SPACE.sub(" ", caption.text()).strip() if caption is not None else ""
        if alt:  # the table's title for assistive technology (Word's "Alt Text"), the HTML caption
            props.append(f'<w:tblCaption w:val="{_attr(alt[:255])}"/>')
        out.append("<w:tbl><w:tblPr>" + "".join(props) + "</w:tblPr><w:tblGrid>")
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out.append("</w:tblGrid>")
        for (tr, head), cells in zip(rows, grid, strict=True):
            # A row never splits across pages; a header row repeats at the top of each page.
            out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if head else "") + "</w:trPr>")
            row_ctx = self.inner(tr, ctx)
            if head:
                row_ctx = replace(row_ctx, fmt=replace(row_ctx.fmt, bold=True))
            at = 0
            for cell in cells:
                span = min(_span(cell), columns - at)
                if span <= 0:
                    break
                cell_ctx = row_ctx
                if cell.tag == "th" and not head and not cell_ctx.fmt.bold:
                    cell_ctx = replace(cell_ctx, fmt=replace(cell_ctx.fmt, bold=True))
                cell_ctx = self.inner(cell, cell_ctx)
                if cell_ctx.style is not None or cell_ctx.list_depth:
                    cell_ctx = replace(cell_ctx, style=None, list_depth=0)
                inside: list[str] = []
                self.blocks(inside, cell, cell_ctx)
                _cell(out, inside, sum(widths[at : at + span]), span)
                at += span
            while at < columns:  # a short row: empty cells, as a browser draws it
                _cell(out, [], widths[at], 1)
                at += 1
            out.append("</w:tr>")
        out.append("</w:tbl>")


TERM = 2552  # where a description starts after its term: 4.5 cm, in twentieths of a point
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _cell(out: list[str], inside: list[str], width: int, span: int) -> None:
    out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>')
    if span > 1:
        out.append(f'<w:gridSpan w:val="{span}"/>')
    out.append("</w:tcPr>")
    out.extend(inside)
    if not inside or inside[-1] == "</w:tbl>":  # a cell ends with a paragraph
        out.append("<w:p/>")
    out.append("</w:tc>")


@functools.lru_cache(maxsize=512)
def _run_properties(fmt: _Format) -> str:
    props = []
    if fmt.bold:
        props.append("<w:b/>")
    if fmt.italic:
        props.append("<w:i/>")
    if fmt.shade is not None:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{_attr(fmt.shade)}"/>')
    if fmt.rtl:
        props.append("<w:rtl/>")
    if fmt.lang is not None:
        # A right-to-left language is the run's complex-script language (w:bidi), as Word writes it.
        kind = "bidi" if fmt.rtl else "val"
        props.append(f'<w:lang w:{kind}="{_attr(WORD_LANGUAGES.get(fmt.lang, fmt.lang))}"/>')
    return "<w:rPr>" + "".join(props) + "</w:rPr>" if props else ""


def _run(text: str, fmt: _Format) -> str:
    if text == BREAK:
        return "<w:r><w:br/></w:r>"
    if text == TAB:
        return "<w:r>" + _run_properties(fmt) + "<w:tab/></w:r>"
    return "<w:r>" + _run_properties(fmt) + '<w:t xml:space="preserve">' + _text(text) + "</w:t></w:r>"


def _span(cell: _Node) -> int:
    value = cell.attrs.get("colspan", "1")
    return max(1, min(int(value), 64)) if value.isdigit() else 1


def _text_width(doc: Document) -> int:
    """The width between the margins, in twentieths of a point."""
    section = doc.sections[-1]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:  # a reference without a page size: A4, 2 cm margins
        return 9638
    return int((width - left - right) / 635)


def _widths(grid: list[list[_Node]], columns: int, total: int) -> list[int]:
    """Column widths in proportion to how much each column holds (its longest word counts
    more than its share of a long text), so a title column is wide and a number narrow."""
    weights = [0.0] * columns
    longest = [0] * columns
    for cells in grid:
        at = 0
        for cell in cells:
            span = _span(cell)
            if at >= columns:
                break
            text = _SPACE.sub(" ", cell.text()).strip()
            if span == 1:
                weights[at] = max(weights[at], math.sqrt(len(text)) if text else 0.0)
                longest[at] = max(longest[at], max((len(w) for w in text.split()), default=0))
            at += span
    shares = [max(w, longest[i] / 3, 1.5) for i, w in enumerate(weights)]
    whole = sum(shares)
    return [int(total * s / whole) for s in shares]


# ---- the reference document ------------------------------------------------------------------------


def builtin_reference() -> Path:
    from revision_cli.files.packaged import packaged

    return packaged("templates") / REFERENCE  # beside the built-in templates (render/report.py)


def reference_document(repo_root: Path | None, template_dir: Path | None = None) -> Path:
    """`reference.docx` of `--template DIR`, else of the repository's `templates/` folder,
    else the built-in one: the organisation's layout, found where its templates are."""
    from revision_cli.render.report import override_folder

    folder = override_folder(repo_root, template_dir)
    if folder is not None and (folder / REFERENCE).is_file():
        from revision_cli.render.report import _confined

        _confined(folder / REFERENCE, folder)
        return folder / REFERENCE
    return builtin_reference()


def _open(reference: Path) -> Document:
    import zipfile

    from docx import Document as open_document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return open_document(str(reference))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RevisionError(
            _("cannot use {path} as the Word reference document: {error}").format(
                path=display_path(reference), error=str(exc) or type(exc).__name__
            )
        ) from None
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx raise many kinds for a broken file
        raise RevisionError(
            _("cannot use {path} as the Word reference document: {error}").format(
                path=display_path(reference), error=type(exc).__name__
            )
        ) from None


@functools.cache
def _builtin() -> Document:
    return _open(builtin_reference())


def _ensure_style(doc: Document, name: str, fallback: Document | None) -> bool:
    """True when `doc` has the style `name`, copying it (and the styles it is based on,
    linked to or followed by, and a list style's numbering) from `fallback` if need be."""
    styles = doc.styles
    if name in styles:
        return True
    if fallback is None or name not in fallback.styles:
        return False
    from docx.oxml.ns import qn

    element = fallback.styles[name].element
    copied = copy.deepcopy(element)
    num = copied.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num is not None:
        new_id = _copy_numbering(doc, fallback, num.get(qn("w:val")))
        if new_id is None:
            copied.find(qn("w:pPr")).remove(copied.find(f"{qn('w:pPr')}/{qn('w:numPr')}"))
        else:
            num.set(qn("w:val"), new_id)
    styles.element.append(copied)
    by_id = {s.style_id: s.name for s in fallback.styles}
    for tag in ("w:basedOn", "w:link", "w:next"):
        other = element.find(qn(tag))
        if other is not None and other.get(qn("w:val")) in by_id:
            other_name = by_id[other.get(qn("w:val"))]
            if other_name and other_name != name:
                _ensure_style(doc, other_name, fallback)
    return True


def _copy_numbering(doc: Document, fallback: Document, num_id: str | None) -> str | None:
    """The list definition numbered `num_id` in `fallback`, added to `doc` under new ids."""
    from docx.oxml.ns import qn

    try:
        source = fallback.part.numbering_part.element
        target = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
    num = next((n for n in source.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
    if num is None:
        return None
    abstract_ref = num.find(qn("w:abstractNumId"))
    abstract_id = abstract_ref.get(qn("w:val")) if abstract_ref is not None else None
    abstract = next(
        (a for a in source.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id), None
    )
    if abstract is None:
        return None
    used_abstract = [int(a.get(qn("w:abstractNumId"), "0")) for a in target.findall(qn("w:abstractNum"))]
    used_num = [int(n.get(qn("w:numId"), "0")) for n in target.findall(qn("w:num"))]
    new_abstract, new_num = str(max(used_abstract, default=0) + 1), str(max(used_num, default=0) + 1)
    abstract = copy.deepcopy(abstract)
    abstract.set(qn("w:abstractNumId"), new_abstract)
    for link in abstract.findall(qn("w:numStyleLink")) + abstract.findall(qn("w:styleLink")):
        abstract.remove(link)
    # Every abstractNum comes before the first num (the schema's order).
    first_num = target.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        target.append(abstract)
    num = copy.deepcopy(num)
    num.set(qn("w:numId"), new_num)
    num.find(qn("w:abstractNumId")).set(qn("w:val"), new_abstract)
    target.append(num)
    return new_num


# ---- the entry points ------------------------------------------------------------------------------


def html_to_docx(html: str, reference: Path | None = None) -> bytes:
    """The page `html` (our own templates' HTML) as a Word document built on `reference`
    (None: the built-in one), as the bytes of a .docx file."""
    tree = _Tree()
    tree.feed(html)
    tree.close()
    doc = _open(reference) if reference is not None else _open(builtin_reference())
    fallback = _builtin() if reference is not None and reference != builtin_reference() else None
    body = doc.element.body
    from docx.oxml.ns import qn

    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    root = next((n for n in tree.root.elements() if n.tag == "html"), tree.root)
    lang = root.attrs.get("lang")
    _document_language(doc, lang)
    title = next((n for n in _walk(root) if n.tag == "title"), None)
    props = doc.core_properties
    props.title = _SPACE.sub(" ", title.text()).strip() if title is not None else ""
    props.language = WORD_LANGUAGES.get(lang, lang) if lang else ""
    props.author = props.last_modified_by = props.comments = ""
    props.revision = 1
    writer = _Writer(doc, _looks(tree.styles), fallback)
    body_node = next((n for n in root.elements() if n.tag == "body"), root)
    out: list[str] = []
    writer.blocks(out, body_node, _Context(fmt=_Format(lang=lang or None)))
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    written = parse_xml(f"<w:body {nsdecls('w')}>" + "".join(out) + "</w:body>")
    end = body.find(qn("w:sectPr"))
    for child in list(written):
        if end is not None:
            end.addprevious(child)
        else:
            body.append(child)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _walk(node: _Node) -> Iterator[_Node]:
    for child in node.elements():
        yield child
        yield from _walk(child)


def _document_language(doc: Document, lang: str | None) -> None:
    """The language of every run that names none (the document defaults' w:lang)."""
    if not lang:
        return
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    element = r_pr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        r_pr.append(element)
    element.set(qn("w:val"), WORD_LANGUAGES.get(lang, lang))


def render_report_docx(
    scored: ScoredAudit, lang: str, template_dir: Path | None = None, appendix: str = "full"
) -> bytes:
    """The report as a Word document: the HTML report (the same templates, `--template` and
    the repository's `templates/` included) on the organisation's reference document."""
    from revision_cli.render.report import render_report

    page = render_report(scored, "html", lang, template_dir=template_dir, appendix=appendix)
    return html_to_docx(page, reference_document(scored.repo.root, template_dir))
