"""A battery's texts in languages beyond sv and en (issue 14, item 7): any well-formed
language tag in a battery's text map, `form` and `report --lang TAG`, `interview
--ask-in TAG`, the Swedish stand-in for a text the battery lacks marked in words, and
right-to-left text marked `dir="rtl"` in HTML (and w:rtl in Word). Through the real
command, on a copy of the example repository."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from test_language import set_language

REVISION = Path(sys.executable).parent / "revision"
BUILT_IN = REPO / "question_batteries" / "kvalitetsdeklaration.yaml"
AUDIT = "2013-ekbacken"
ARABIC_AUDIT = "2013-ekbacken-ar"

# A test battery's Arabic (a right-to-left language): the title and the first statement only,
# so that the other nine stand in from Swedish, marked.
AR_TITLE = "إعلان الجودة لمكتب الخدمات الاجتماعية"
AR_CONTACT = "من السهل أن أتواصل مع الأخصائي الاجتماعي عندما أحتاج إلى ذلك."
SV_RESPECT = "Personalen behandlar mig med respekt."
LATTLAST_CONTACT = "Jag får lätt tag på min socialsekreterare när jag behöver."


def add_arabic_audit(repo: Path) -> str:
    """A copy of 2013-ekbacken on kvalitetsdeklaration@2, a local battery that also has
    Arabic (its tag written `AR` once: tags are compared in any case) and Tigrinya, a
    language no list in the tool names. Returns the audit's slug."""
    text = BUILT_IN.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1)
    text = text.replace(
        "  sv-x-lattlast: Socialkontorets löften till dig\n",
        f"  sv-x-lattlast: Socialkontorets löften till dig\n  AR: {AR_TITLE}\n  ti: ኣዋጅ ጽሬት\n",
        1,
    )
    text = text.replace(
        f"      sv-x-lattlast: {LATTLAST_CONTACT}\n",
        f"      sv-x-lattlast: {LATTLAST_CONTACT}\n      ar: {AR_CONTACT}\n",
        1,
    )
    assert text.count(AR_TITLE) == 1 and text.count(AR_CONTACT) == 1
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / "kvalitetsdeklaration-2.yaml").write_text(text, encoding="utf-8")
    target = repo / "audits" / ARABIC_AUDIT
    shutil.copytree(repo / "audits" / AUDIT, target)
    audit = (target / "audit.yaml").read_text(encoding="utf-8")
    audit = audit.replace(f"id: {AUDIT}", f"id: {ARABIC_AUDIT}", 1).replace(
        "kvalitetsdeklaration@1", "kvalitetsdeklaration@2", 1
    )
    (target / "audit.yaml").write_text(audit, encoding="utf-8")
    return ARABIC_AUDIT


@pytest.fixture
def arabic_repo(example_repo) -> Path:
    add_arabic_audit(example_repo)
    return example_repo


def revision(repo: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(REVISION), *args], input=stdin, capture_output=True, text=True, cwd=repo, timeout=180)


def elements_with(html: str, text: str) -> list[str]:
    """The start tags of the elements whose own text begins with `text`."""
    return re.findall(r"(<[a-z0-9]+(?: [^>]*)?>)" + re.escape(text), html)


# ---------------------------------------------------------------- the battery file


def test_any_well_formed_tag_is_accepted_and_shown(arabic_repo):
    done = revision(arabic_repo, "--lang", "en", "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    shown = revision(arabic_repo, "batteries", "show", "kvalitetsdeklaration@2", "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    # Written AR, kept as ar: tags are compared and written in their canonical case.
    assert shown.stdout.rstrip().endswith("Texts in: sv, en, sv-x-lattlast, ar, ti")
    assert shown.stdout.startswith("kvalitetsdeklaration@2: Quality declaration")
    arabic = revision(arabic_repo, "batteries", "show", "kvalitetsdeklaration@2", "--lang", "ar")
    assert arabic.returncode == 0, arabic.stderr
    assert arabic.stdout.startswith(f"kvalitetsdeklaration@2: {AR_TITLE}\n")
    assert f"kontakt (grad-1-5: 1–5, positivt från 4; brukare): {AR_CONTACT}" in arabic.stdout
    assert f"respekt (grad-1-5: 1–5, positivt från 4; brukare): {SV_RESPECT} (på svenska)" in arabic.stdout


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("ar_SA", "'ar_SA' is not a language tag"),
        ("sv-", "'sv-' is not a language tag"),
        ("fi: x\n  FI", "the language fi is given twice"),
    ],
)
def test_a_malformed_or_repeated_tag_is_a_finding_at_its_line(arabic_repo, key, why):
    path = arabic_repo / "batteries" / "kvalitetsdeklaration-2.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  AR: {AR_TITLE}\n", f"  {key}: {AR_TITLE}\n", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row == "title:")
    done = revision(arabic_repo, "--lang", "en", "validate")
    assert done.returncode == 1
    found = [row for row in done.stdout.splitlines() if "[schema-value]" in row]
    assert len(found) == 1, done.stdout
    assert re.fullmatch(
        rf"batteries/kvalitetsdeklaration-2\.yaml:{line + 1}:3: error \[schema-value\] title: .*", found[0]
    )
    assert why in found[0]


def test_the_repositorys_own_texts_stay_in_sv_and_en(example_repo):
    config = example_repo / "revision.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "roles:\n  stodperson: {sv: Stödperson, fi: Tukihenkilö}\n",
        encoding="utf-8",
    )
    done = revision(example_repo, "--lang", "en", "validate")
    assert done.returncode == 1
    assert "a text map takes the languages sv and en, not fi" in done.stdout


# ---------------------------------------------------------------- form


def test_a_form_in_plain_swedish_from_the_built_in_battery(example_repo):
    done = revision(example_repo, "form", AUDIT, "--lang", "sv-x-lattlast", "--format", "md")
    assert done.returncode == 0, done.stderr
    battery = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    for statement in battery["statements"]:
        assert statement["text"]["sv-x-lattlast"] in done.stdout
        assert statement["text"]["sv"] not in done.stdout
    assert "Socialkontorets löften till dig" in done.stdout
    assert "## Påståenden" in done.stdout and "(på" not in done.stdout  # Swedish headings, nothing stands in
    html = revision(example_repo, "form", AUDIT, "--lang", "sv-x-lattlast").stdout
    assert '<html lang="sv">' in html
    assert elements_with(html, LATTLAST_CONTACT) == ['<p class="question-text" lang="sv-x-lattlast">']


def test_a_form_in_arabic_reads_right_to_left_and_marks_what_stands_in(arabic_repo):
    html = revision(arabic_repo, "form", ARABIC_AUDIT, "--lang", "ar", "--guide").stdout
    assert '<html lang="sv">' in html  # the form's own words: the repository's language
    assert elements_with(html, AR_CONTACT) == ['<p class="question-text" lang="ar" dir="rtl">']
    assert f'<span lang="ar" dir="rtl">{AR_TITLE}</span>' in html
    # The guide's question id is the form's words, left to right inside the Arabic paragraph.
    assert '<code class="question-id" lang="sv" dir="ltr">id: kontakt</code>' in html
    # A statement the battery has no Arabic for: in Swedish, said so in words, and no lang of
    # its own (Swedish is the page's).
    assert elements_with(html, SV_RESPECT) == ['<p class="question-text">']
    assert f"{SV_RESPECT} (på svenska)" in html
    markdown = revision(arabic_repo, "form", ARABIC_AUDIT, "--lang", "ar", "--format", "md").stdout
    assert f"**1.** {AR_CONTACT}\n" in markdown
    assert f"{SV_RESPECT} (på svenska)" in markdown
    assert "## Påståenden" in markdown


def test_in_an_english_repository_the_stand_in_is_marked_swedish(arabic_repo):
    set_language(arabic_repo, "en")
    html = revision(arabic_repo, "form", ARABIC_AUDIT, "--lang", "ar").stdout
    assert '<html lang="en">' in html and "<h2>Rated statements</h2>" in html
    assert elements_with(html, SV_RESPECT) == ['<p class="question-text" lang="sv">']
    assert f"{SV_RESPECT} (på svenska)" in html  # the marker is in the stand-in's language: lang="sv" is right


def test_a_language_the_battery_does_not_have_is_said_once_and_marked_everywhere(example_repo):
    done = revision(example_repo, "form", AUDIT, "--lang", "FI", "--format", "md")
    assert done.returncode == 0
    assert "kvalitetsdeklaration@1" in done.stderr and " fi" in done.stderr  # a note, in the tag's canonical case
    battery = yaml.safe_load(BUILT_IN.read_text(encoding="utf-8"))
    for statement in battery["statements"]:
        assert f"{statement['text']['sv']} (på svenska)" in done.stdout
    # sv-x-lattlast's texts stand in for another Swedish variety: "ordinary Swedish".
    variety = revision(example_repo, "form", AUDIT, "--lang", "sv-x-enkel", "--format", "md")
    assert f"{battery['statements'][0]['text']['sv']} (på vanlig svenska)" in variety.stdout


def test_lang_takes_a_tag_only_where_battery_texts_are_made(example_repo):
    bad = revision(example_repo, "form", AUDIT, "--lang", "sv_SE")
    assert bad.returncode == 2
    assert "--lang tar sv, en eller en annan språkkod för batteriets texter" in bad.stderr
    other = revision(example_repo, "--lang", "fi", "validate")
    assert other.returncode == 2 and "--lang tar sv eller en, inte 'fi'" in other.stderr


# ---------------------------------------------------------------- report


def test_a_report_in_arabic(arabic_repo):
    done = revision(arabic_repo, "report", ARABIC_AUDIT, "--lang", "ar", "--format", "html")
    assert done.returncode == 0, done.stderr
    html = done.stdout
    assert '<html lang="sv">' in html and "<h2>Påståenden</h2>" in html
    assert f'<th scope="row"><span lang="ar" dir="rtl">{AR_CONTACT}</span></th>' in html
    assert f'<figcaption lang="ar" dir="rtl">{AR_CONTACT}</figcaption>' in html
    assert f'<th scope="row">{SV_RESPECT} (på svenska)</th>' in html
    markdown = revision(arabic_repo, "report", ARABIC_AUDIT, "--lang", "ar", "--format", "md").stdout
    assert AR_CONTACT in markdown and f"{SV_RESPECT} (på svenska)" in markdown


def test_a_report_in_sv_or_en_is_what_it_was(arabic_repo):
    """Only another tag reads the battery anew: sv and en reports do not change."""
    for lang in ("sv", "en"):
        on_two = revision(arabic_repo, "report", ARABIC_AUDIT, "--lang", lang, "--format", "html").stdout
        on_one = revision(arabic_repo, "report", AUDIT, "--lang", lang, "--format", "html").stdout
        assert AR_CONTACT not in on_two and "(på svenska)" not in on_two and "(in Swedish)" not in on_two
        assert on_two.count('lang="ar"') == 0
        assert len(on_two.splitlines()) == len(on_one.splitlines())


def test_a_word_report_marks_right_to_left_runs_and_paragraphs(arabic_repo, tmp_path):
    target = tmp_path / "rapport.docx"
    done = revision(arabic_repo, "report", ARABIC_AUDIT, "--lang", "ar", "-o", str(target))
    assert done.returncode == 0, done.stderr
    body = zipfile.ZipFile(io.BytesIO(target.read_bytes())).read("word/document.xml").decode("utf-8")
    run = re.search(
        r'<w:p><w:pPr>(?:(?!</w:pPr>).)*</w:pPr><w:r><w:rPr>((?:(?!</w:rPr>).)*)</w:rPr><w:t xml:space="preserve">'
        + re.escape(AR_CONTACT),
        body,
    )
    assert run is not None
    assert "<w:rtl/>" in run.group(1) and '<w:lang w:bidi="ar"/>' in run.group(1)
    assert "<w:bidi/>" in run.group(0)
    swedish = body[body.index(SV_RESPECT) - 300 : body.index(SV_RESPECT)]
    assert "<w:rtl/>" not in swedish.rsplit("<w:p>", 1)[-1]


def every_text_in_arabic(repo: Path, battery: str) -> None:
    """The built-in `battery` as version 2 with an Arabic text beside every Swedish one
    (`نص عربي N`: "Arabic text N"), and the example audits on it moved to it."""
    data = yaml.safe_load((REPO / "question_batteries" / f"{battery}.yaml").read_text(encoding="utf-8"))
    data["version"] = 2
    count = 0

    def walk(node: object) -> None:
        nonlocal count
        if isinstance(node, dict):
            if isinstance(node.get("sv"), str):
                count += 1
                node["ar"] = f"نص عربي {count}"
            for value in list(node.values()):
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / f"{battery}-2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for audit in (repo / "audits").glob("*/audit.yaml"):
        text = audit.read_text(encoding="utf-8")
        audit.write_text(text.replace(f"{battery}@1", f"{battery}@2"), encoding="utf-8")


class _Unmarked(HTMLParser):
    """Every text node in Arabic script without an element around it that says dir="rtl"."""

    VOID = {"meta", "br", "img", "input", "link", "col", "wbr", "hr", "rect", "line", "path"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict]] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if re.search("[\u0600-\u06ff]", data) and not any(a.get("dir") == "rtl" for _, a in self.open):
            self.found.append((self.open[-1][0] if self.open else "", data.strip()))


@pytest.mark.parametrize(
    ("battery", "audit"),
    [
        ("goteborg", "2012-vastra-hisingen"),
        ("vasternorrland", "2024-tallasen-avslutade"),
        ("ips-fidelity", "2025-ips-alvstaden"),
    ],
)
def test_every_battery_text_alone_in_an_element_reads_right_to_left(example_repo, battery, audit):
    """Areas, descriptors, questions, option labels, statements, themes, fidelity sections,
    items, anchors and bands: each gets dir="rtl". Left out, and said here: a text that
    shares its element with the report's own words ("Delområde: …"), and the charts' SVG
    (its text alternative is a sentence of both)."""
    every_text_in_arabic(example_repo, battery)
    done = revision(example_repo, "report", audit, "--lang", "ar", "--format", "html")
    assert done.returncode == 0, done.stderr
    page = _Unmarked()
    page.feed(done.stdout)
    alone = [
        (tag, text)
        for tag, text in page.found
        if tag not in ("title", "desc", "text") and re.fullmatch("نص عربي [0-9]+", text)
    ]
    assert alone == []
    assert len(re.findall('dir="rtl"', done.stdout)) >= 5


# ---------------------------------------------------------------- interview


def test_an_interview_asked_in_arabic_from_a_pipe(arabic_repo):
    answers = ["1", "2013-04-16", "1", "j", "4", "5", *[""] * 8, "", "j"]
    done = revision(
        arabic_repo, "interview", ARABIC_AUDIT, "k9", "--ask-in", "AR", stdin="".join(a + "\n" for a in answers)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"\n{AR_CONTACT}\n" in done.stdout
    assert f"\n{SV_RESPECT} (på svenska)\n" in done.stdout
    assert "Fråga 1 av 10" in done.stdout  # the tool's own words: the repository's language
    written = (arabic_repo / "audits" / ARABIC_AUDIT / "interviews" / "k9.yaml").read_text("utf-8")
    # The file is the team's: its comments name the questions in the repository's language.
    assert AR_CONTACT not in written and "(på svenska)" not in written
    assert "  # Det är lätt att få tag på min socialsekreterare när jag behöver det.\n  kontakt: 4" in written
    data = yaml.safe_load(written)
    assert data["answers"]["kontakt"] == 4 and data["answers"]["svar-i-tid"] == 5
    assert revision(arabic_repo, "--lang", "en", "validate", f"audits/{ARABIC_AUDIT}").returncode == 0


def test_an_interview_in_plain_swedish_and_a_bad_tag(example_repo):
    answers = ["1", "2013-04-16", "1", "j", *[""] * 10, "", "n"]
    done = revision(
        example_repo, "interview", AUDIT, "k9", "--ask-in", "sv-x-lattlast", stdin="".join(a + "\n" for a in answers)
    )
    assert f"\n{LATTLAST_CONTACT}\n" in done.stdout
    assert done.stderr == ""  # the battery has plain Swedish: nothing to note
    fallen = revision(
        example_repo, "interview", AUDIT, "k9", "--ask-in", "so", stdin="".join(a + "\n" for a in answers)
    )
    assert "kvalitetsdeklaration@1" in fallen.stderr and " so" in fallen.stderr
    assert f"\n{LATTLAST_CONTACT}\n" not in fallen.stdout and "(på svenska)\n" in fallen.stdout
    bad = revision(example_repo, "interview", AUDIT, "k9", "--ask-in", "ar_SA", stdin="")
    assert bad.returncode == 2 and "--ask-in" in bad.stderr and "ar_SA" in bad.stderr


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [
        ("ar", True),
        ("fa", True),
        ("he", True),
        ("ur", True),
        ("ckb", True),
        ("yi", True),
        ("ps", True),
        ("az-Arab", True),
        ("ku-arab", True),
        ("ar-Latn", False),
        ("so", False),
        ("ti", False),
        ("fi", False),
        ("sv-x-lattlast", False),
        ("en", False),
    ],
)
def test_right_to_left_by_language_and_script(tag, rtl):
    from revision_cli.models.tags import is_rtl

    assert is_rtl(tag) is rtl
