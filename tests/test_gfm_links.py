"""No published text becomes a link or an image under GitHub's renderer.

GitHub renders Markdown with cmark-gfm, whose autolink extension makes links of bare
`www.x.y`, `https://…` and `name@host.tld` (markdown-it, used in test_escaping, does not).
Hostile strings from hypothesis are planted in every field a report publishes (the
audit, the assessment's texts, actions and their follow-up, quotes, a local battery's texts,
an audit's own themes, a fidelity review's notes); the Markdown reports are rendered by the real command and converted
by cmark-gfm with the autolink extension on. The templates themselves hold no link or image,
so the HTML must hold exactly the links of the same reports with plain text: none.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from conftest import EXAMPLE_AUDIT, THEMES_AUDIT
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_escaping import dump, load, make_repo

from revision_cli.views.markdown import WORD_JOINER, md, md_cell

GFM_EXTENSIONS = ["autolink", "table", "strikethrough", "tagfilter", "tasklist"]
LINK_OR_IMAGE = re.compile(r"<(a|img)\b[^>]*>", re.IGNORECASE)

# Pieces that make links in GFM, alone or together, and text to glue them.
TRIGGERS = [
    "www.evil.example",
    "WWW.evil.example/p?q=1",
    "http://evil.example/x",
    "https://evil.example",
    "ftp://evil.example",
    "HTTPS://EVIL.EXAMPLE",
    "![x](http://evil.example/i.png)",
    "[x](https://evil.example)",
    "<http://evil.example>",
    "<a@evil.example>",
    "a@evil.example",
    "first.last+tag@evil.example",
    "mailto:a@evil.example",
    "xmpp:a@evil.example/r",
    "[ref]",
    "[ref]: http://evil.example",
    "![ref]",
    "javascript:alert(1)",
    "data:text/html,x",
    "www.x",
    "w",
    "www",
    ".",
    "@",
    ":",
    "//",
]
GLUE = ["", " ", "\n", "(", ")", "*", "_", "~", "<", ">", "\\", "!", "[", "]", "&#64;", "&#58;", "a", "é", "-", "|"]
HOSTILE = st.lists(st.sampled_from(TRIGGERS) | st.sampled_from(GLUE), min_size=1, max_size=12).map("".join) | st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30
)


def gfm(markdown: str) -> str:
    return cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_UNSAFE, extensions=GFM_EXTENSIONS
    )


def links(markdown: str) -> list[str]:
    return LINK_OR_IMAGE.findall(gfm(markdown))


def plant_themes(repo: Path, text) -> None:
    """The open-interview audit with its unit, own themes, assessment texts and quotes from `text`."""
    folder = repo / "audits" / THEMES_AUDIT
    audit = load(folder / "audit.yaml")
    audit["unit"] = text("T01")
    for theme in audit["themes"]:
        theme["title"] = {"sv": text("T02"), "en": text("T02")}
        theme["description"] = {"sv": text("T03"), "en": text("T03")}
    dump(folder / "audit.yaml", audit)
    assessment = load(folder / "assessment.yaml")
    assessment["summary"] = text("T04")
    for area in assessment["areas"].values():
        area["strengths"] = [text("T05")]
    dump(folder / "assessment.yaml", assessment)
    for path in sorted((folder / "interviews").glob("*.yaml")):
        interview = load(path)
        if interview.get("quotes"):
            interview["quotes"] = [{**quote, "text": text("T06")} for quote in interview["quotes"]]
            dump(path, interview)


FIDELITY_AUDIT = "2025-ips-alvstaden"


def plant_fidelity(repo: Path, text) -> None:
    """The fidelity review with its unit, summaries and the reviewers' notes from `text`."""
    folder = repo / "audits" / FIDELITY_AUDIT
    audit = load(folder / "audit.yaml")
    audit["unit"] = text("F01")
    dump(folder / "audit.yaml", audit)
    assessment = load(folder / "assessment.yaml")
    assessment.update(summary=text("F02"), feedback_discussion=text("F03"))
    assessment["items"] = {
        item: {"score": score if isinstance(score, int) else score["score"], "note": text("F04")}
        for item, score in assessment["items"].items()
    }
    dump(folder / "assessment.yaml", assessment)


ALL_TAGS = [*(f"X{n:02}" for n in range(1, 22)), *(f"T{n:02}" for n in range(1, 7)), *(f"F{n:02}" for n in range(1, 5))]


def acknowledge(repo: Path, texts: list[str]) -> None:
    """Every planted text marked as personal data that may be published: a hostile text may
    hold an e-mail address, and the report is refused until the file acknowledges it; what
    is published after all must still not become a link."""
    for folder in (repo / "audits").iterdir():
        for name in ("audit.yaml", "assessment.yaml"):
            if (folder / name).is_file():
                data = load(folder / name)
                data["personal_data_ok"] = texts
                dump(folder / name, data)
        if (folder / "actions.yaml").is_file():
            dump(
                folder / "actions.yaml",
                [{**action, "personal_data_ok": texts} for action in load(folder / "actions.yaml")],
            )
        for path in sorted((folder / "interviews").glob("*.yaml")):
            interview = load(path)
            if interview.get("quotes"):
                interview["quotes"] = [{**quote, "personal_data_ok": texts} for quote in interview["quotes"]]
                dump(path, interview)


def reports(root: Path, text) -> dict[str, str]:
    from typer.testing import CliRunner

    from revision_cli.cli.app import app

    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    repo = make_repo(root, text)
    plant_themes(repo, text)
    plant_fidelity(repo, text)
    acknowledge(repo, [text(tag) for tag in ALL_TAGS])
    out = {}
    for slug, lang in ((EXAMPLE_AUDIT, "sv"), (THEMES_AUDIT, "en"), (FIDELITY_AUDIT, "sv")):
        result = CliRunner().invoke(
            app,
            ["report", str(repo / "audits" / slug), "--format", "md", "--lang", lang],
            env={"NO_COLOR": "1"},
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        out[f"{slug} {lang}"] = result.stdout
    return out


@pytest.fixture(scope="module")
def plain_links(tmp_path_factory) -> dict[str, list[str]]:
    made = reports(tmp_path_factory.mktemp("plain"), lambda tag: f"{tag} vanlig text")
    return {name: links(text) for name, text in made.items()}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def test_the_templates_make_no_link_of_their_own(plain_links):
    assert plain_links and all(found == [] for found in plain_links.values()), plain_links


# Each case renders three reports: a few cases, and no shrinking (a failure prints its text).
@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(hostile=HOSTILE)
def test_no_published_text_becomes_a_link_or_an_image(plain_links, scratch, hostile):
    made = reports(scratch / "repo-root", lambda tag: f"{tag} {hostile}")
    for name, markdown in made.items():
        arrived = {THEMES_AUDIT: ("T01", "T03", "T04", "T06"), FIDELITY_AUDIT: ("F01", "F02", "F03", "F04")}.get(
            name.split()[0], ("X01", "X04", "X11", "X15", "X21")
        )
        assert all(tag in markdown for tag in arrived), name  # the planted text did reach the report
        assert links(markdown) == plain_links[name], (name, hostile)


def test_the_examples_of_the_issue_stay_text():
    for text in (
        "www.evil.example",
        "http://evil.example/x",
        "![x](http://evil.example)",
        "a@evil.example",
        "mailto:a@evil.example",
        "se https://evil.example.",
    ):
        for escaped in (md(text), md_cell(text)):
            html = gfm(escaped)
            assert not LINK_OR_IMAGE.search(html), (text, html)
            shown = re.sub(r"<[^>]+>", "", html).strip().replace(WORD_JOINER, "")
            assert shown == text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), (text, html)


@settings(max_examples=600, deadline=None)
@given(HOSTILE)
def test_escaped_text_never_links_under_gfm(text):
    for escaped in (md(text), md_cell(text)):
        assert not LINK_OR_IMAGE.search(gfm(escaped)), (text, escaped)
