"""Escaping everywhere: hostile text in every kind of user text that reaches a report (the
audit, the assessment, the actions and their follow-up, published quotes, and a local
battery's own texts) leaves the report's structure exactly as benign text does. In HTML
nothing executes; in Markdown tables keep their columns and nothing becomes a heading, list,
quote, link, code or HTML; bidirectional overrides and control characters never reach either.

Each hostile text is paired with a benign one of the same line structure; the two reports
must have the same skeleton (HTML tags and attribute names; Markdown block and inline tokens
as markdown-it parses them)."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO, goteborg_only
from hypothesis import given, settings
from hypothesis import strategies as st

from revision_cli.render.report import finalize
from revision_cli.views.markdown import WORD_JOINER, clean, md, md_cell

markdown_it = pytest.importorskip("markdown_it")
MD = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
UNSAFE = re.compile(f"[{BIDI}\x00-\x08\x0b-\x1f\x7f-\x9f]")
EARLIER = "2011-tidigare"
# One hostile paragraph: the first line carries the field's tag; `\r` must not start a line.
HOSTILE = "\n".join(
    [
        "{tag} # rubrik <script>alert(1)</script> \" onmouseover=\"x ' onfocus='y",
        "> citat",
        "- punkt",
        "+ plus",
        "* stjärna",
        "1. ett",
        "2) två",
        "---",
        "===",
        "```",
        "    indraget <img src=x onerror=alert(1)>",
        '[x](javascript:alert(1)) <a href="javascript:alert(2)">l</a> <javascript:alert(3)>',
        "| cell | cell | *em* _em_ `kod` ~~bort~~ **fet** &#x202e; &lt; \\",
        f"bidi{BIDI}slut {{{{ 7*7 }}}} {{% for x in y %}} \x1b[31mröd\x07 a\r- lista",
        "",
        "#### andra stycket",
        "[ref]: javascript:alert(4)",
    ]
)


def hostile(tag: str) -> str:
    return HOSTILE.replace("{tag}", tag)


def benign(tag: str) -> str:
    return "\n".join(f"{tag} vanlig text" if line else "" for line in hostile(tag).split("\n"))


# ---- a repository with a text in every place a report shows user text ----------------------


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def fill_audit(folder: Path, text, slug: str, follows_up: str | None, site_visit: str) -> None:
    audit = load(folder / "audit.yaml")
    audit.update(
        id=slug,
        battery="lokal@1",
        unit=text("X01"),
        organisation=text("X02"),
        method=text("X03"),
        follows_up=follows_up,
        site_visit=site_visit,
        feedback_meeting=None,
    )
    dump(folder / "audit.yaml", audit)
    assessment = load(folder / "assessment.yaml")
    assessment.update(summary=text("X04"), feedback_discussion=text("X05"))
    for area in assessment["areas"].values():
        area["motivation"] = text("X06")
        for kind, tag in (("strengths", "X07"), ("improvements", "X08"), ("questions", "X09")):
            area[kind] = [text(tag), text(tag)]
        for sub in area["subareas"].values():
            sub["motivation"] = text("X10")
    dump(folder / "assessment.yaml", assessment)
    actions = load(folder / "actions.yaml")
    for action in actions:
        action.update(title=text("X11"), owner=text("X12"), follow_up=text("X13"))
    actions[0]["events"] = [{"date": "2013-02-01", "kind": "meeting", "outcome": text("X14")}]
    dump(folder / "actions.yaml", actions)
    quoted = folder / "interviews" / "b1.yaml"
    interview = load(quoted)
    interview["quotes"] = [{"text": text("X15"), "publish": True}]
    dump(quoted, interview)


def make_repo(root: Path, text) -> Path:
    """The example with every user text from `text(tag)`, on a local battery whose own
    texts come from `text` too, following up a copy of itself."""
    repo = root / "repo"
    shutil.copytree(REPO / "examples", repo)
    goteborg_only(repo)  # the local battery stands in for goteborg@1
    battery = load(REPO / "question_batteries" / "goteborg.yaml")
    both = lambda tag: {"sv": text(tag), "en": text(tag)}  # noqa: E731
    battery.update(id="lokal", title=both("X16"))
    for scale in battery["scales"].values():
        scale["label"] = both("X17")
    for area in battery["areas"]:
        area["title"] = both("X18")
        area["descriptors"] = {colour: both("X19") for colour in ("green", "yellow", "red")}
        for sub in area["subareas"]:
            sub["title"] = both("X20")
            sub["descriptors"] = {colour: both("X19") for colour in ("green", "yellow", "red")}
            for question in sub["questions"]:
                question["text"] = both("X21")
    (repo / "batteries").mkdir(exist_ok=True)
    dump(repo / "batteries" / "lokal.yaml", battery)
    audits = repo / "audits"
    shutil.copytree(audits / EXAMPLE_AUDIT, audits / EARLIER)
    fill_audit(audits / EARLIER, text, EARLIER, None, "2011-10-15")
    fill_audit(audits / EXAMPLE_AUDIT, text, EXAMPLE_AUDIT, EARLIER, "2012-10-15")
    return repo


TAGS = [f"X{n:02}" for n in range(1, 22)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict[str, str]]:
    from typer.testing import CliRunner

    from revision_cli.cli.app import app

    out = {}
    for kind, text in (("hostile", hostile), ("benign", benign)):
        repo = make_repo(tmp_path_factory.mktemp(kind), text)
        out[kind] = {}
        for fmt in ("md", "html"):
            result = CliRunner().invoke(
                app,
                ["report", str(repo / "audits" / EXAMPLE_AUDIT), "--format", fmt],
                env={"NO_COLOR": "1"},
                catch_exceptions=False,
            )
            assert result.exit_code == 0, result.output
            out[kind][fmt] = result.stdout
    return out


def test_every_kind_of_user_text_reaches_both_reports(reports):
    for kind in ("hostile", "benign"):
        for fmt, text in reports[kind].items():
            missing = [tag for tag in TAGS if tag not in text]
            assert not missing, f"{missing} never reach the {kind} {fmt} report, so they are not tested"
    assert reports["hostile"]["md"].count("\\<script\\>alert(1)\\</script\\>") >= 2 * len(TAGS)
    assert reports["hostile"]["html"].count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2 * len(TAGS)


# ---- HTML ------------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.skeleton: list[tuple] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.skeleton.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.attrs += [(tag, name, value or "") for name, value in attrs]

    def handle_endtag(self, tag):
        self.skeleton.append(("/" + tag,))


def test_html_has_the_same_tags_and_attributes_as_with_benign_text(reports):
    hostile_page, benign_page = Page(reports["hostile"]["html"]), Page(reports["benign"]["html"])
    assert hostile_page.skeleton == benign_page.skeleton
    assert len(hostile_page.skeleton) > 500


def test_nothing_in_html_can_execute(reports):
    page = reports["hostile"]["html"]
    parsed = Page(page)
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<a " not in page.lower()
    assert not [a for a in parsed.attrs if a[1].startswith("on") or a[1] in ("style", "src", "srcdoc", "action")]
    assert all(value.startswith("#") for _, name, value in parsed.attrs if name == "href")
    assert not [a for a in parsed.attrs if "javascript:" in a[2] and a[1] not in ("aria-label",)]
    assert '" onmouseover="x' not in page and "' onfocus='y" not in page
    assert "&#34; onmouseover=&#34;x &#39; onfocus=&#39;y" in page


def test_html_holds_no_bidi_override_or_control_character(reports):
    for kind in ("hostile", "benign"):
        page = reports[kind]["html"]
        assert not UNSAFE.search(page) and not UNSAFE.search(html.unescape(page)), kind
    assert "bidislut" in reports["hostile"]["html"]  # the text around them is kept


# ---- Markdown --------------------------------------------------------------------------------


def skeleton(text: str) -> list[tuple]:
    """Every block and inline token but plain text and line breaks inside a paragraph."""
    shape = []
    for token in MD.parse(text):
        shape.append((token.type, token.tag, token.markup))
        shape += [
            (child.type, child.tag, child.markup)
            for child in token.children or []
            if child.type not in ("text", "text_special", "softbreak")
        ]
    return shape


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


def test_markdown_has_the_same_structure_as_with_benign_text(reports):
    hostile_md, benign_md = reports["hostile"]["md"], reports["benign"]["md"]
    assert skeleton(hostile_md) == skeleton(benign_md)
    types = {t[0] for t in skeleton(hostile_md)}
    assert {"heading_open", "bullet_list_open", "table_open", "blockquote_open"} <= types
    assert not types & {
        "link_open",
        "image",
        "html_block",
        "html_inline",
        "code_inline",
        "code_block",
        "fence",
        "ordered_list_open",
        "s_open",
        "em_open",
    }
    assert [t[0] for t in skeleton(hostile_md) if t[0] == "hr"] == ["hr"]  # the template's footer rule


def test_markdown_tables_keep_their_columns_on_every_row(reports):
    tables = 0
    for kind in ("hostile", "benign"):
        lines = reports[kind]["md"].splitlines()
        block: list[str] = []
        for line in [*lines, ""]:
            if line.startswith("|"):
                block.append(line)
                continue
            if block:
                tables += 1
                counts = {unescaped_pipes(row) for row in block}
                assert len(counts) == 1, f"a row with another column count: {block}"
            block = []
    assert tables >= 8


def test_no_user_text_makes_a_heading_or_list_item(reports):
    text = reports["hostile"]["md"]
    # A line of the hostile text at the start of a report line means a line break got through.
    starts = re.compile(r"\s*([#>*+-]+|\d+[.)])?\s*(rubrik|citat|punkt|plus|stjärna|ett|två|lista|andra stycket)\b")
    assert not [line for line in text.splitlines() if starts.match(line)]
    tokens = MD.parse(text)
    headings = [
        "".join(c.content for c in tokens[i + 1].children) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert [h for h in headings if h.startswith("X18 # rubrik <script>alert(1)</script>")]  # area titles, as text
    assert not [h for h in headings if re.match(r"(rubrik|andra stycket)", h)]
    rendered = MD.render(text)
    assert "<h4>" not in rendered and "<ol" not in rendered and "<pre" not in rendered and "<code" not in rendered
    assert "<script" not in rendered and "<a " not in rendered and 'href="' not in rendered and "<img" not in rendered


def test_markdown_holds_no_bidi_override_or_control_character(reports):
    for kind in ("hostile", "benign"):
        text = reports[kind]["md"]
        assert not UNSAFE.search(text), kind
        assert not UNSAFE.search(MD.render(text)), f"{kind}: an entity decodes to one"


# ---- the filters themselves, for any text ----------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=60) | st.lists(
    st.sampled_from(
        [
            "#",
            "|",
            "*",
            "_",
            "`",
            ">",
            "-",
            "+",
            "1.",
            "2)",
            "[",
            "]",
            "(",
            ")",
            "<",
            "&",
            "\\",
            "!",
            "~",
            "=",
            " ",
            "    ",
            "\n",
            "\r",
            "\t",
            "a",
            "javascript:",
            "&#x202e;",
            *BIDI,
            "\x1b",
            "<script>",
            "@",
            "www.",
            "://",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_md_cell_is_one_cell_of_plain_text(text):
    row = f"| {md_cell(text)} | z |"
    assert "\n" not in row and unescaped_pipes(row) == 3
    tokens = MD.parse(f"| a | b |\n| --- | --- |\n{row}\n")
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert len(cells) == 2 and cells[1].content == "z"
    assert {c.type for c in cells[0].children} <= {"text", "text_special"}
    shown = "".join(c.content for c in cells[0].children)
    assert shown.replace(WORD_JOINER, "") == " ".join(clean(text).split())  # the joiner keeps an address text


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_md_is_plain_paragraphs(text):
    tokens = MD.parse(md(text))
    assert {t.type for t in tokens} <= {"paragraph_open", "paragraph_close", "inline"}
    assert {c.type for t in tokens for c in t.children or []} <= {"text", "text_special", "softbreak"}
    assert not UNSAFE.search(MD.render(md(text)))


@given(TEXT)
def test_finalize_strips_and_keeps_markup(text):
    from markupsafe import Markup

    assert not UNSAFE.search(finalize(text))
    marked = finalize(Markup("<b>") + text)
    assert isinstance(marked, Markup) and str(marked).startswith("<b>") and not UNSAFE.search(str(marked))
    assert finalize(3) == 3 and finalize(None) is None
