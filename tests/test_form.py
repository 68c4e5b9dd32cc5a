"""`revision form AUDIT --group GROUP`: a blank interview form to print, and `--guide`, the
interviewer's version. Checked as the reports are (tests/test_report.py, test_escaping.py,
test_site_cli.py, whose helpers these reuse): valid, printable HTML with `lang` and ordered
headings, clean Markdown, user text that stays text; and against the batteries themselves:
every question the battery asks the group, in its order, and none it asks only others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLE_AUDITS, EXAMPLES, REPO, goteborg_only, snapshot
from test_escaping import MD, UNSAFE, Page, benign, hostile, make_repo, skeleton
from test_language import set_language
from test_site_cli import text_of

BATTERIES = REPO / "question_batteries"
AUDIT = f"audits/{EXAMPLE_AUDIT}"
# Elements without an end tag in HTML.
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}
CONSENT_SV = "Jag samtycker till att mina svar används i brukarrevisionen."
CONSENT_EN = "I agree that my answers are used in the user audit."


# ---- helpers: what the battery says the form must hold ---------------------------------------


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def example_repo(example_repo):
    """The pilot on goteborg alone: these tests are about one battery's form (an audit of two:
    tests/test_several_batteries.py)."""
    return goteborg_only(example_repo)


def battery_of(slug: str) -> dict:
    """The built-in battery an example audit uses, as its YAML says."""
    ref = load(EXAMPLES / "audits" / slug / "audit.yaml")["battery"]
    if isinstance(ref, list):  # the pilot's goteborg@1 (its form here: `example_repo` below)
        ref = ref[0]
    battery_id, _, version = ref.partition("@")
    for path in BATTERIES.glob("*.yaml"):
        data = load(path)
        if data["id"] == battery_id and str(data["version"]) == (version or str(data["version"])):
            return data
    raise AssertionError(f"no built-in battery {ref}")


def every_question(battery: dict) -> list[dict]:
    """The battery's questions and statements, in battery order."""
    found = [q for a in battery.get("areas", []) for s in a["subareas"] for q in s.get("questions", [])]
    return found + list(battery.get("statements", []))


def asked(battery: dict, group: str) -> list[dict]:
    return [q for q in every_question(battery) if group in q.get("groups", battery["groups"])]


def text(value, lang: str) -> str:
    return value if isinstance(value, str) else value.get(lang) or value["sv"]


def form(run, repo: Path, *args: str, audit: str = EXAMPLE_AUDIT):
    return run("form", audit, *args, cwd=repo)


def rendered(run, repo: Path, *args: str, audit: str = EXAMPLE_AUDIT) -> str:
    result = form(run, repo, *args, audit=audit)
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_valid_html(page: str, lang: str) -> None:
    """A whole page that stands alone, prints on A4 and reads in order (the report's checks)."""
    assert page.startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{lang}">' in page
    assert re.search(r'<meta charset="?utf-8"?', page, re.IGNORECASE)
    assert "<script" not in page.lower() and not re.search(r"\bsrc\s*=", page, re.IGNORECASE)
    assert not re.findall(r"\bhref\s*=", page, re.IGNORECASE)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert len(styles) == 1 and "<link" not in page and "@import" not in page and "url(" not in page
    assert "@media print" in styles[0]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", styles[0])
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert levels[:2] == [1, 2] and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"a heading level is skipped: {levels}"
    assert '<th scope="col">' in page
    open_tags: list[str] = []
    for entry in Page(page).skeleton:
        tag = entry[0]
        if tag.startswith("/"):
            assert open_tags and open_tags[-1] == tag[1:], f"</{tag[1:]}> closes <{open_tags[-1:]}>"
            open_tags.pop()
        elif tag not in VOID:
            open_tags.append(tag)
    assert open_tags == [], f"never closed: {open_tags}"


def question_items(page: str) -> dict[int, str]:
    """Each question's <li> in the HTML, by its number."""
    parts = re.split(r'<li value="(\d+)" class="question">', page)
    return {int(number): body.split("</li>\n\n", 1)[0] for number, body in zip(parts[1::2], parts[2::2], strict=True)}


def expected_boxes(battery: dict, question: dict) -> list[str]:
    """The labels of a question's boxes: one per number of a range, one per option."""
    if question["scale"] == "text":
        return []
    scale = battery["scales"][question["scale"]]
    numbers = [str(n) for n in range(scale["range"]["min"], scale["range"]["max"] + 1)] if "range" in scale else []
    return numbers + [text(o["label"], "sv") if "label" in o else str(o["value"]) for o in scale.get("options", [])]


def guide_ids(output: str) -> list[str]:
    """The question ids a guide shows, in its order (HTML or Markdown)."""
    return re.findall(r"(?:<code class=\"question-id\">|`)id: ([a-z0-9-]+)(?:</code>|`)", output)


# ---- HTML ------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["--guide"]], ids=["form", "guide"])
def test_the_html_is_a_valid_page_that_prints_on_a4(run, example_repo, args):
    page = rendered(run, example_repo, "--group", "brukare", *args)
    assert_valid_html(page, "sv")
    title = "Intervjuguide" if args else "Intervjuformulär"
    assert f"<title>{title}: Socialkontoret Västra Hisingen</title>" in page
    assert f"<h1>{title}: Socialkontoret Västra Hisingen</h1>" in page


def test_the_header_names_unit_audit_date_battery_and_group(run, example_repo):
    page = text_of(rendered(run, example_repo, "--group", "brukare"))
    text_md = rendered(run, example_repo, "--group", "brukare", "--format", "md")
    for label, fact in (
        ("Enhet", "Socialkontoret Västra Hisingen"),
        ("Organisation", "Göteborgs Stad"),
        ("Revision", EXAMPLE_AUDIT),
        ("Platsbesök", "2012-10-15"),
        ("Frågebatteri", "Brukarrevision enligt Göteborgsmodellen, version 1"),
        ("Grupp", "Brukare"),
    ):
        assert f"{label} {fact}" in page
        assert f"- **{label}:** {fact}\n" in text_md


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("group", ["brukare", "personal"])
def test_every_question_for_the_group_in_battery_order_and_no_other(run, example_repo, group, lang):
    battery = load(BATTERIES / "goteborg.yaml")
    mine = asked(battery, group)
    assert mine and len(mine) < len(every_question(battery))
    own_texts = {text(q["text"], lang) for q in mine}
    for args in ([], ["--guide"]):
        shown = text_of(rendered(run, example_repo, "--group", group, "--lang", lang, *args))
        at = 0
        for q in mine:
            found = shown.find(" ".join(text(q["text"], lang).split()), at)
            assert found > at, f"{q['id']} missing or out of order"
            at = found
        others = [q for q in every_question(battery) if q not in mine and text(q["text"], lang) not in own_texts]
        assert others
        assert not [q["id"] for q in others if " ".join(text(q["text"], lang).split()) in shown]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_guide_has_the_question_ids_and_values_and_the_form_has_not(run, example_repo, fmt):
    battery = load(BATTERIES / "goteborg.yaml")
    everything = [q["id"] for q in every_question(battery)]
    mine = [q["id"] for q in asked(battery, "brukare")]
    plain = rendered(run, example_repo, "--group", "brukare", "--format", fmt)
    guide = rendered(run, example_repo, "--group", "brukare", "--format", fmt, "--guide")
    assert guide_ids(guide) == mine
    assert guide_ids(plain) == []
    assert not [qid for qid in everything if qid in plain]
    assert "vet-ej" in guide and "vet-ej" not in plain  # the value the file holds, beside "Vet ej"
    for words in ("Till intervjuaren", "Läs meningen om samtycke högt", "Skriv aldrig ett namn", "Om frågebatteriet"):
        assert words in guide and words not in plain
    assert "Ett team med två brukarrevisorer" in guide  # the battery's own description


def test_every_option_has_a_box_a_range_its_numbers_and_free_text_lines(run, example_repo):
    battery = load(BATTERIES / "goteborg.yaml")
    mine = asked(battery, "brukare")
    items = question_items(rendered(run, example_repo, "--group", "brukare"))
    assert sorted(items) == list(range(1, len(mine) + 1))
    kinds = set()
    for number, question in enumerate(mine, start=1):
        item = items[number]
        boxes = re.findall(r'<span class="box" aria-hidden="true"></span> ([^<]*)</li>', item)
        assert boxes == expected_boxes(battery, question), question["id"]
        if question["scale"] == "text":
            kinds.add("text")
            assert item.count('<div class="line"></div>') == 4
        else:
            kinds.add(battery["scales"][question["scale"]].get("range") and "range" or "options")
            assert '<p class="comment">Kommentar' in item
    assert kinds == {"text", "range", "options"}


def test_the_respondent_box_the_consent_and_the_quotes(run, example_repo):
    page = rendered(run, example_repo, "--group", "brukare")
    head = re.search(r'<table class="fill-in">(.*?)</table>', page, re.DOTALL)
    assert head is not None
    assert '<th scope="col">Respondentkod<span class="note">en kod som b1, aldrig ett namn</span></th>' in head[1]
    assert "<tr><td></td><td></td><td></td></tr>" in head[1]
    assert not re.search(r">\s*(Namn|Name)\b", page), "a place for a name"
    assert CONSENT_SV in page and "<h3>Samtycke</h3>" in page
    consent = page.split("<h3>Samtycke</h3>", 1)[1].split("</div>", 1)[0]
    assert re.findall(r'class="box" aria-hidden="true"></span> (\w+)', consent) == ["ja", "nej"]
    quotes = page.split("<h2>Citat</h2>", 1)[1]
    assert quotes.count('<p class="write-label">Får citeras:</p>') == 3
    assert len(re.findall(r'aria-label="Får citeras:">\n<li><span class="box"[^>]*></span> ja</li>\n<li>', quotes)) == 3
    guide = rendered(run, example_repo, "--group", "personal", "--guide")
    assert "en kod som p1, aldrig ett namn" in guide and "till exempel p1" in guide


# ---- languages -------------------------------------------------------------------------------


def test_english_with_lang_and_in_an_english_repository(run, example_repo):
    page = rendered(run, example_repo, "--group", "brukare", "--lang", "en")
    assert_valid_html(page, "en")
    assert "<h1>Interview form: Socialkontoret Västra Hisingen</h1>" in page
    assert "Do you feel welcome when you come here?" in page and "Känner du dig" not in page
    assert CONSENT_EN in page and '<p class="write-label">May be quoted:</p>' in page
    assert "Respondent code" in page and "Respondentkod" not in page
    before_the_command = run("--lang", "en", "form", EXAMPLE_AUDIT, "--group", "brukare", cwd=example_repo)
    assert before_the_command.exit_code == 0 and before_the_command.stdout == page
    set_language(example_repo, "en")
    assert rendered(run, example_repo, "--group", "brukare") == page
    swedish = rendered(run, example_repo, "--group", "brukare", "--lang", "sv", "--format", "md")
    assert swedish.startswith("# Intervjuformulär: ") and CONSENT_SV in swedish


# ---- Markdown --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("args", [[], ["--guide"]], ids=["form", "guide"])
def test_the_markdown_is_clean(run, example_repo, args, lang):
    battery = load(BATTERIES / "goteborg.yaml")
    mine = asked(battery, "brukare")
    text_md = rendered(run, example_repo, "--group", "brukare", "--format", "md", "--lang", lang, *args)
    lines = text_md.split("\n")
    assert text_md.endswith("\n") and not text_md.endswith("\n\n")
    assert "\n\n\n" not in text_md
    assert not [line for line in lines if line != line.rstrip()], "a line with trailing spaces"
    tokens = MD.parse(text_md)
    types = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not types & {"html_block", "html_inline", "code_block", "fence", "link_open", "image"}
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    assert levels[:2] == [1, 2] and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 3 and table[1:] == ["| --- | --- | --- |", "| | | |"]
    assert MD.render(text_md).count("<table>") == 1
    boxes = [line for line in lines if line.startswith("- [ ] ")]
    expected = sum(len(expected_boxes(battery, q)) for q in mine) + 2 + 3 * 2  # consent, quotes: yes / no
    assert len(boxes) == expected
    numbered = re.findall(r"^\*\*(\d+)\.\*\* ", text_md, re.MULTILINE)
    assert numbered == [str(n) for n in range(1, len(mine) + 1)]
    assert text_md.count("May be quoted:" if lang == "en" else "Får citeras:") == 3


# ---- user text stays text --------------------------------------------------------------------

FORM_TAGS = ["X01", "X02", "X16", "X17", "X18", "X20", "X21", "X22", "X23", "X24", "X25"]


def hostile_repo(root: Path, make) -> Path:
    """test_escaping's repository (a local battery and an audit whose texts are `make(tag)`),
    with the texts only a form or guide shows: descriptions and option labels."""
    repo = make_repo(root, make)
    path = repo / "batteries" / "lokal.yaml"
    battery = load(path)
    both = lambda tag: {"sv": make(tag), "en": make(tag)}  # noqa: E731
    battery["description"] = both("X22")
    for area in battery["areas"]:
        area["description"] = both("X23")
        for sub in area["subareas"]:
            sub["description"] = both("X24")
    for option in battery["scales"]["ja-nej"]["options"]:
        option["label"] = both("X25")
    path.write_text(yaml.safe_dump(battery, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def hostile_forms(tmp_path_factory) -> dict[str, dict[str, str]]:
    from typer.testing import CliRunner

    from revision_cli.cli.app import app

    out: dict[str, dict[str, str]] = {}
    for kind, make in (("hostile", hostile), ("benign", benign)):
        repo = hostile_repo(tmp_path_factory.mktemp(kind), make)
        out[kind] = {}
        for fmt in ("md", "html"):
            for extra in ([], ["--guide"]):
                result = CliRunner().invoke(
                    app,
                    ["form", str(repo / AUDIT), "--group", "brukare", "--format", fmt, *extra],
                    env={"NO_COLOR": "1"},
                    catch_exceptions=False,
                )
                assert result.exit_code == 0, result.output
                out[kind][fmt + "".join(extra)] = result.stdout
    return out


def test_every_text_of_the_battery_and_audit_reaches_the_guide(hostile_forms):
    for kind in ("hostile", "benign"):
        for name in ("md--guide", "html--guide"):
            assert [tag for tag in FORM_TAGS if tag not in hostile_forms[kind][name]] == [], (kind, name)


def test_html_user_text_is_escaped_and_the_structure_is_the_benign_one(hostile_forms):
    for name in ("html", "html--guide"):
        page, calm = hostile_forms["hostile"][name], hostile_forms["benign"][name]
        assert Page(page).skeleton == Page(calm).skeleton
        assert "<script" not in page.lower() and "<img" not in page.lower() and "<a " not in page.lower()
        assert not [a for a in Page(page).attrs if a[1].startswith("on") or a[1] in ("style", "src", "href")]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "{{ 7*7 }}" in page  # template syntax in a battery text is only text
        assert not UNSAFE.search(page) and "bidislut" in page


def test_markdown_user_text_is_escaped_and_the_structure_is_the_benign_one(hostile_forms):
    for name in ("md", "md--guide"):
        text_md, calm = hostile_forms["hostile"][name], hostile_forms["benign"][name]
        assert skeleton(text_md) == skeleton(calm)
        rendered_html = MD.render(text_md)
        assert "<script" not in rendered_html and "<a " not in rendered_html and "<img" not in rendered_html
        assert not UNSAFE.search(text_md)
        starts = re.compile(r"\s*([#>*+-]+|\d+[.)])\s*(rubrik|citat|punkt|plus|stjärna|ett|två|lista|andra stycket)\b")
        assert not [line for line in text_md.splitlines() if starts.match(line)]


# ---- -o FILE ---------------------------------------------------------------------------------


def test_output_file_is_written_whole_and_replaces_an_old_one(run, example_repo):
    expected = rendered(run, example_repo, "--group", "brukare")
    target = example_repo / "formular.html"
    target.write_text("gammalt\n", encoding="utf-8")
    result = form(run, example_repo, "--group", "brukare", "-o", "formular.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "formular.html" in result.stderr
    assert target.read_text(encoding="utf-8") == expected
    assert not [p.name for p in example_repo.iterdir() if p.name.endswith(".tmp")]
    assert form(run, example_repo, "--group", "brukare", "-o", "-").stdout == expected


@pytest.mark.lang("en")
@pytest.mark.parametrize(
    "target", ["revision.yaml", f"{AUDIT}/audit.yaml", f"{AUDIT}/interviews/b9.yaml", "templates/form.html.j2"]
)
def test_output_never_replaces_a_file_the_repository_reads(run, example_repo, target):
    path = example_repo / target
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("# kept\n", encoding="utf-8")
    before = snapshot(example_repo)
    result = form(run, example_repo, "--group", "brukare", "--lang", "en", "-o", target)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"{target}:1:1: error [output-is-input] revision reads this file (")
    assert snapshot(example_repo) == before


@pytest.mark.parametrize(("name", "html"), [("formular.md", False), ("FORMULAR.HTM", True), ("formular.txt", True)])
def test_the_file_name_picks_the_format_else_html(run, example_repo, name, html):
    result = form(run, example_repo, "--group", "brukare", "-o", name)
    assert result.exit_code == 0, result.output
    written = (example_repo / name).read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") is html
    assert written == rendered(run, example_repo, "--group", "brukare", "--format", "html" if html else "md")


@pytest.mark.lang("en")
def test_a_format_that_disagrees_with_the_file_name_is_refused(run, example_repo):
    result = form(run, example_repo, "--group", "brukare", "--lang", "en", "--format", "md", "-o", "formular.html")
    assert result.exit_code == 2 and "--format md does not fit -o formular.html" in result.stderr
    assert not (example_repo / "formular.html").exists()


@pytest.mark.lang("en")
def test_an_empty_output_name_is_wrong_usage(run, example_repo):
    result = form(run, example_repo, "--group", "brukare", "--lang", "en", "-o", "")
    assert result.exit_code == 2 and "-o needs a file name" in result.stderr


# ---- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "audit, args, says",
    [
        (
            EXAMPLE_AUDIT,
            ["--group", "xyz"],
            "unknown group 'xyz'; the battery's groups are brukare, personal, narstaende",
        ),
        (
            EXAMPLE_AUDIT,
            [],
            "--group is needed: a form is for one respondent group; groups with questions: brukare, personal, "
            "narstaende",
        ),
        (
            "2025-ips-alvstaden",
            [],
            "--group is needed: a form is for one respondent group; groups with questions: "
            "deltagare, narstaende, arbetscoach, chef, behandlare",
        ),
    ],
)
def test_a_group_the_form_cannot_be_for_is_wrong_usage(run, example_repo, audit, args, says):
    before = snapshot(example_repo)
    result = form(run, example_repo, *args, "--lang", "en", "-o", "ut.html", audit=audit)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"revision: {says}\n" or result.stderr.startswith(f"revision: {says}")
    assert "Traceback" not in result.output
    assert snapshot(example_repo) == before


def test_a_group_by_its_other_words_and_a_battery_of_one_group(run, example_repo):
    assert rendered(run, example_repo, "--group", "users") == rendered(run, example_repo, "--group", "brukare")
    assert rendered(run, example_repo, "--group", "staff") == rendered(run, example_repo, "--group", "personal")
    battery = load(BATTERIES / "kvalitetsdeklaration.yaml")
    page = rendered(run, example_repo, audit="2013-ekbacken")  # one group: --group may be left out
    assert page == rendered(run, example_repo, "--group", "brukare", audit="2013-ekbacken")
    assert "<h2>Påståenden</h2>" in page
    items = question_items(page)
    assert len(items) == len(battery["statements"]) == 10
    assert all(re.findall(r"</span> (\d)</li>", item) == ["1", "2", "3", "4", "5"] for item in items.values())


def test_a_bad_format_is_wrong_usage(run, example_repo):
    result = form(run, example_repo, "--group", "brukare", "--format", "pdf")
    assert result.exit_code == 2


# ---- the built-in batteries, through the examples -------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLE_AUDITS)
def test_every_built_in_battery_through_the_example_audits(run, example_repo, slug):
    battery = battery_of(slug)
    groups = {g: asked(battery, g) for g in battery["groups"]}
    if not any(groups.values()):  # a fidelity review: the reviewers score, no group is asked
        assert battery["guides"]  # but each source has the reviewers' interview guide
        for guide in battery["guides"]:
            page = rendered(run, example_repo, "--group", guide["group"], "--guide", audit=slug)
            assert_valid_html(page, "sv")
            assert guide_ids(page) == [q["id"] for topic in guide["topics"] for q in topic["questions"]]
        return
    for group, mine in groups.items():
        if not mine:
            result = form(run, example_repo, "--group", group, audit=slug)
            assert result.exit_code == 2, group
            continue
        page = rendered(run, example_repo, "--group", group, audit=slug)
        assert_valid_html(page, "sv")
        assert guide_ids(page) == []
        assert guide_ids(rendered(run, example_repo, "--group", group, "--guide", audit=slug)) == [
            q["id"] for q in mine
        ]
        md_guide = rendered(
            run, example_repo, "--group", group, "--guide", "--format", "md", "--lang", "en", audit=slug
        )
        assert guide_ids(md_guide) == [q["id"] for q in mine]
        shown = text_of(page)
        assert all(" ".join(text(q["text"], "sv").split()) in shown for q in mine)
        free = [n for n, q in enumerate(mine, start=1) if q["scale"] == "text"]
        room = 8 if len(free) == len(mine) else 4  # open interviews get more room to write
        items = question_items(page)
        assert [items[n].count('<div class="line"></div>') for n in free] == [room] * len(free)


# ---- what a form is made of ------------------------------------------------------------------


def test_a_form_is_blank_whatever_the_interviews_hold(run, example_repo):
    before = rendered(run, example_repo, "--group", "brukare", "--guide")
    interview = example_repo / AUDIT / "interviews" / "b1.yaml"
    interview.write_text(
        interview.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: kanske"),
        encoding="utf-8",
    )
    assert run("validate", cwd=example_repo).exit_code == 1  # an interview with an error does not stop the next form
    assert rendered(run, example_repo, "--group", "brukare", "--guide") == before
    for path in (example_repo / AUDIT / "interviews").iterdir():
        path.unlink()
    assert rendered(run, example_repo, "--group", "brukare", "--guide") == before


@pytest.mark.lang("en")
def test_an_audit_yaml_or_battery_with_errors_stops_the_form(run, example_repo):
    audit = example_repo / AUDIT / "audit.yaml"
    body = audit.read_text(encoding="utf-8")
    audit.write_text(body.replace("unit: Socialkontoret", "enhet: Socialkontoret"), encoding="utf-8")
    result = form(run, example_repo, "--group", "brukare", "--lang", "en")
    assert result.exit_code == 1 and result.stdout == ""
    assert re.search(rf"^{AUDIT}/audit.yaml:\d+:\d+: error \[", result.stderr, re.MULTILINE)
    assert f"the audit '{EXAMPLE_AUDIT}' has errors" in result.stderr
    audit.write_text(body.replace("battery: goteborg@1", "battery: goteborg@7"), encoding="utf-8")
    result = form(run, example_repo, "--group", "brukare", "--lang", "en")
    assert result.exit_code == 1 and "[audit-unknown-battery]" in result.stderr


# ---- your own templates ----------------------------------------------------------------------


def test_the_repository_templates_and_labels_override_the_built_in_form(run, example_repo, tmp_path):
    built_in_md = rendered(run, example_repo, "--group", "brukare", "--format", "md")
    templates = example_repo / "templates"
    templates.mkdir()
    (templates / "form.html.j2").write_text(
        "<p>{{ f.audit.unit }} {{ L.consent }} {{ f.group.id }}</p>\n", encoding="utf-8"
    )
    (templates / "labels.yaml").write_text("consent: {sv: Medgivande}\n", encoding="utf-8")
    assert (
        rendered(run, example_repo, "--group", "brukare")
        == "<p>Socialkontoret Västra Hisingen Medgivande brukare</p>\n"
    )
    md_now = rendered(run, example_repo, "--group", "brukare", "--format", "md")
    assert md_now == built_in_md.replace("### Samtycke", "### Medgivande")  # the rest stays built in
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "form.html.j2").write_text("EGEN {{ f.battery.ref }}\n", encoding="utf-8")
    assert rendered(run, example_repo, "--group", "brukare", "--template", str(mine)) == "EGEN goteborg@1\n"


@pytest.mark.lang("en")
def test_an_override_runs_in_the_sandbox_and_is_autoescaped(run, example_repo):
    templates = example_repo / "templates"
    templates.mkdir()
    (templates / "form.html.j2").write_text("{{ '<b>' }}\n{{ f.__class__ }}\n", encoding="utf-8")
    result = form(run, example_repo, "--group", "brukare", "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "templates/form.html.j2:2: not allowed in a template" in result.stderr
    (templates / "form.html.j2").write_text("{{ '<b>' }}\n", encoding="utf-8")
    assert rendered(run, example_repo, "--group", "brukare") == "&lt;b&gt;\n"
