"""`revision report`: the rendered report of the example audit, what it must and must never
show, escaping of user text, and writing to a file. Goldens live in tests/golden/ and are
rewritten only with `pytest --update-goldens`."""

from __future__ import annotations

import difflib
import html
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO, snapshot

GOLDEN = Path(__file__).resolve().parent / "golden"
# The command installed beside the Python that runs the tests (.venv, .venv-lowest, an editable install).
REVISION = Path(sys.executable).parent / "revision"
BATTERY = REPO / "question_batteries" / "goteborg.yaml"
SYMBOL_OF = {"Grön": "✓", "Gul": "!", "Röd": "✗"}
XSS = "<script>alert(1)</script>"
ATTR = '" onmouseover="x'


def audit_dir(repo: Path) -> Path:
    return repo / "audits" / EXAMPLE_AUDIT


def render(run, repo: Path, *args: str) -> str:
    result = run("report", EXAMPLE_AUDIT, *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


def interviews(repo: Path) -> list[dict]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((audit_dir(repo) / "interviews").glob("*.yaml"))
    ]


def battery_titles(lang: str) -> list[str]:
    battery = yaml.safe_load(BATTERY.read_text(encoding="utf-8"))
    titles = []
    for area in battery["areas"]:
        titles.append(area["title"][lang])
        titles += [sub["title"][lang] for sub in area["subareas"]]
    return titles


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def reports(run, example_repo) -> dict[str, str]:
    """The example's report in every format this file checks, rendered once per test."""
    return {
        "md": render(run, example_repo),
        "html": render(run, example_repo, "--format", "html"),
        "en": render(run, example_repo, "--lang", "en"),
        "en.html": render(run, example_repo, "--format", "html", "--lang", "en"),
    }


# ---- goldens -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args", [("report.md", []), ("report.html", ["--format", "html"]), ("report.en.md", ["--lang", "en"])]
)
def test_example_report_matches_golden(report_day, run, example_repo, update_goldens, name, args):
    actual = render(run, example_repo, *args).encode("utf-8")
    golden = GOLDEN / name
    if update_goldens:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(actual)
    assert golden.exists(), f"{golden} is missing; run pytest --update-goldens"
    expected = golden.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(),
            actual.decode("utf-8").splitlines(),
            f"golden/{name}",
            "rendered",
            lineterm="",
        )
        pytest.fail(
            f"{name} differs from the golden (pytest --update-goldens rewrites it):\n" + "\n".join(list(diff)[:60])
        )


# ---- what the report shows and never shows ----------------------------------------------


def test_title_facts_are_shown_in_both_formats(reports, example_repo):
    audit = yaml.safe_load((audit_dir(example_repo) / "audit.yaml").read_text(encoding="utf-8"))
    facts = [
        audit["unit"],
        audit["organisation"],
        str(audit["site_visit"]),
        str(audit["feedback_meeting"]),
        "Brukarrevisor (2)",
        "Närstående (1)",
        "Samordnare (1)",
    ]
    for fmt in ("md", "html"):
        for fact in facts:
            assert fact in reports[fmt], f"{fact!r} missing from the {fmt} report"
    assert "- **Platsbesök:** 2012-10-15" in reports["md"]
    assert re.search(r"<dt>[^<]+</dt>\n<dd>2012-11-20</dd>", reports["html"])


def test_respondent_codes_never_appear(reports, example_repo):
    codes = [i["respondent"] for i in interviews(example_repo)]
    assert codes == ["b1", "b2", "b3", "b4", "b5", "b6"]
    for fmt, text in reports.items():
        for code in codes:
            assert not re.search(rf"(?<![\w-]){code}(?![\w-])", text, re.IGNORECASE), f"{code} in {fmt}"


def test_answer_comments_never_appear(reports, example_repo):
    comments = [
        a["comment"]
        for i in interviews(example_repo)
        for a in i["answers"].values()
        if isinstance(a, dict) and a.get("comment")
    ]
    assert len(comments) >= 5
    for fmt, text in reports.items():
        for comment in comments:
            assert comment not in html.unescape(text), f"comment {comment!r} in the {fmt} report"


def test_only_published_quotes_appear(reports, example_repo):
    quotes = [q for i in interviews(example_repo) for q in i.get("quotes") or []]
    published = [q["text"] for q in quotes if q["publish"]]
    private = [q["text"] for q in quotes if not q["publish"]]
    assert published and private
    for fmt, text in reports.items():
        for quote in published:
            assert quote in html.unescape(text), f"published quote missing from {fmt}"
        for quote in private:
            assert quote not in html.unescape(text), f"unpublished quote in {fmt}"
    assert "> Jag visste inte att man kunde överklaga." in reports["md"].splitlines()


def test_every_area_and_subarea_title_appears(reports):
    for lang, fmts in (("sv", ("md", "html")), ("en", ("en", "en.html"))):
        for title in battery_titles(lang):
            for fmt in fmts:
                assert html.escape(title, quote=False) in reports[fmt], f"{title!r} missing from {fmt}"
    assert "## Delaktighet och inflytande" in reports["md"].splitlines()
    assert "<h2>Bemötande</h2>" in reports["html"]


def test_subarea_where_team_differs_from_computed_is_marked(run, example_repo, reports):
    score = json.loads(run("score", EXAMPLE_AUDIT, "--format", "json", cwd=example_repo).stdout)
    differs = {s["id"] for a in score["areas"] for s in a["subareas"] if s["differs"]}
    assert differs == {"aktiviteter"}
    title = "Aktiviteter, sociala kontakter och fritid"
    md_rows = [line for line in reports["md"].splitlines() if line.startswith("| ") and "≠" in line]
    assert len(md_rows) == 1 and md_rows[0].startswith(f"| {title} |")
    assert "✓ Grön" in md_rows[0] and "! Gul" in md_rows[0]
    assert "**≠ Teamet har bedömt annorlunda än beräkningen**" in md_rows[0]
    html_rows = [row for row in reports["html"].split("<tr") if 'class="differs"' in row]
    assert len(html_rows) == 1 and f'<th scope="row" rowspan="2">{title}</th>' in html_rows[0]
    assert "The team’s rating differs from the computed one" in reports["en"]


def test_every_rating_shows_symbol_and_word(reports):
    table_lines = [line for line in reports["md"].splitlines() if line.startswith("|")]
    badges = re.findall(r"([✓!✗–]) (Grön|Gul|Röd)\b", "\n".join(table_lines))
    assert len(badges) > 40
    assert all(SYMBOL_OF[word] == symbol for symbol, word in badges), badges
    bare = re.sub(r"[✓!✗] (Grön|Gul|Röd)\b", "", "\n".join(table_lines))
    assert not re.search(r"\b(Grön|Gul|Röd)\b", bare), "a rating word without its symbol"
    page = reports["html"]
    spans = re.findall(
        r'<span class="rating rating-(\w+)"><span class="symbol" aria-hidden="true">(.)</span> ([^<]+)</span>', page
    )
    assert len(spans) == page.count('<span class="rating rating-') > 40
    words = {
        "green": ("✓", "Grön"),
        "yellow": ("!", "Gul"),
        "red": ("✗", "Röd"),
        "insufficient": ("–", "Otillräckligt underlag"),
    }
    assert all(words[key] == (symbol, word) for key, symbol, word in spans)


def test_insufficient_rating_is_not_named_twice(reports):
    # The badge already says "Otillräckligt underlag"; the explanation beside it must not repeat it.
    for fmt, text in reports.items():
        assert not re.search(r"Otillräckligt underlag:\s*(</span>)?(<span[^>]*>)?\s*Otillräckligt underlag", text), fmt
        assert not re.search(r"Insufficient data:\s*(</span>)?(<span[^>]*>)?\s*Insufficient data", text), fmt


def test_english_report_has_english_headings(reports):
    lines = reports["en"].splitlines()
    for heading in (
        "# User audit: Socialkontoret Västra Hisingen",
        "## How the audit was made",
        "## Summary",
        "### Strengths (+)",
        "### Areas for improvement (−)",
        "### Colour ratings",
        "## Appendix: questions and answers",
    ):
        assert heading in lines
    assert "## Sammanfattning" not in lines and "### Styrkor (+)" not in lines
    assert "✓ Green" in reports["en"] and "✓ Grön" not in reports["en"]
    assert '<html lang="en">' in reports["en.html"]


# ---- HTML: self-contained, accessible, printable -----------------------------------------


def test_html_is_self_contained_and_printable(reports):
    page = reports["html"]
    assert '<html lang="sv">' in page
    assert re.search(r'<meta charset="?utf-8"?', page, re.IGNORECASE)
    assert "<script" not in page.lower()
    assert not re.search(r"\bsrc\s*=", page, re.IGNORECASE)
    assert all(target.startswith("#") for target in re.findall(r'\bhref\s*=\s*"([^"]*)"', page, re.IGNORECASE))
    assert "@import" not in page and not re.search(r"url\((?!\s*['\"]?data:)", page)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert len(styles) == 1 and "<link" not in page
    assert "@media print" in styles[0]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", styles[0])


def test_html_has_table_headers_and_ordered_headings(reports):
    page = reports["html"]
    assert '<th scope="col">' in page and '<th scope="row">' in page
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert levels[:2] == [1, 2] and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"a heading level is skipped: {levels}"


# ---- user text is text -----------------------------------------------------------------


def test_html_escapes_user_text(run, example_repo):
    folder = audit_dir(example_repo)
    replace_in(folder / "assessment.yaml", "summary: |\n", f"summary: |\n  {XSS} {ATTR}\n\n")
    replace_in(folder / "assessment.yaml", "      - stämningen vid mötena är lugn\n", f"      - '{XSS} {ATTR}'\n")
    replace_in(
        folder / "interviews" / "b1.yaml",
        '"Man vill ju inte vara till besvär, andra har det säkert värre."',
        f"'{XSS} {ATTR}'",
    )
    page = render(run, example_repo, "--format", "html")
    assert XSS not in page and "<script" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert ATTR not in page
    assert "&#34; onmouseover=&#34;x" in page or "&quot; onmouseover=&quot;x" in page


def test_markdown_escapes_tables_and_headings_in_user_text(run, example_repo):
    folder = audit_dir(example_repo)
    replace_in(folder / "assessment.yaml", "summary: |\n", "summary: |\n  # Inte en rubrik\n  andra raden\n\n")
    replace_in(folder / "assessment.yaml", "      - stämningen vid mötena är lugn\n", "      - '| broken | table |'\n")
    lines = render(run, example_repo).splitlines()
    assert "\\# Inte en rubrik" in lines
    assert not any(line.startswith("# Inte") for line in lines)
    assert "- \\| broken \\| table \\|" in lines
    assert not any(re.search(r"(?<!\\)\| broken", line) for line in lines)


# ---- -o FILE ---------------------------------------------------------------------------


def test_output_file_holds_the_rendering_and_replaces_an_old_file(run, example_repo):
    expected = render(run, example_repo, "--format", "html")
    target = example_repo / "rapport.html"
    target.write_text("old report\n", encoding="utf-8")
    result = run("report", EXAMPLE_AUDIT, "--format", "html", "-o", "rapport.html", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == expected
    assert not [p.name for p in example_repo.iterdir() if p.name.endswith(".tmp")], "a temporary file was left"


def test_output_file_is_created_when_missing(run, example_repo):
    expected = render(run, example_repo)
    result = run("report", EXAMPLE_AUDIT, "-o", "rapport.md", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert (example_repo / "rapport.md").read_text(encoding="utf-8") == expected


def test_output_into_missing_folder_is_an_error_not_a_traceback(example_repo):
    before = snapshot(example_repo)
    done = subprocess.run(
        [str(REVISION), "report", EXAMPLE_AUDIT, "-o", "saknas/rapport.md"],
        cwd=example_repo,
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert "saknas" in done.stderr
    assert snapshot(example_repo) == before


def test_audit_with_errors_is_not_reported(run, example_repo):
    interview = audit_dir(example_repo) / "interviews" / "b1.yaml"
    replace_in(interview, "  motet-valkommen: ja\n", "  motet-valkommen: kanske\n")
    line = interview.read_text(encoding="utf-8").splitlines().index("  motet-valkommen: kanske") + 1
    before = snapshot(example_repo)
    result = run("report", EXAMPLE_AUDIT, "-o", "rapport.md", cwd=example_repo)
    assert result.exit_code == 1
    assert f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml:{line}:" in result.stderr
    assert "[interview-invalid-value]" in result.stderr
    assert result.stdout == ""
    assert not (example_repo / "rapport.md").exists()
    assert snapshot(example_repo) == before


# ---- small groups ----------------------------------------------------------------------

STAFF_ONLY_QUESTION = "Har enheten rutiner för hur brukare tas emot när de kommer hit?"


@pytest.fixture
def four_users_two_staff(example_repo) -> Path:
    """The example with b5, b6 replaced by two staff interviews, at min_group_size 3."""
    replace_in(example_repo / "revision.yaml", "min_group_size: 5", "min_group_size: 3")
    folder = audit_dir(example_repo) / "interviews"
    (folder / "b5.yaml").unlink()
    (folder / "b6.yaml").unlink()
    for code, answer in (("p1", "ja"), ("p2", "ja")):
        (folder / f"{code}.yaml").write_text(
            textwrap.dedent(f"""\
            respondent: {code}
            group: personal
            date: 2012-10-15
            interviewers: [A, B]
            consent: true
            answers:
              motet-rutiner: {answer}
              hansyn-byte: nej
            """),
            encoding="utf-8",
        )
    return example_repo


def test_four_users_and_two_staff_at_min_three_show_the_users_count_only(run, four_users_two_staff):
    md = render(run, four_users_two_staff)
    rows = [line for line in md.splitlines() if line.startswith("| Brukare |") or line.startswith("| Personal |")]
    # Staff are too few; the users (four at k 3) are counted and shown.
    assert rows[:2] == ["| Brukare | 4 |", "| Personal | För få svarande för att redovisas. |"]
    assert "| **Totalt** | **6** |" in md
    assert "Grupper med färre än 3 svarande redovisas inte var för sig" in md
    page = render(run, four_users_two_staff, "--format", "html")
    assert not re.search(r'<th scope="row">Personal</th><td class="num">', page)
    assert re.search(r'<th scope="row">Brukare</th><td class="num">4</td>', page)
    assert '<th scope="row">Personal</th><td>För få svarande för att redovisas.</td>' in page
    assert "Grupper med färre än 3 svarande redovisas inte var för sig" in page


def test_suppressed_group_answers_are_not_shown_per_question(run, four_users_two_staff):
    # A question asked only of staff is a staff breakdown: "100 % of 2" shows what both staff said.
    assert STAFF_ONLY_QUESTION in BATTERY.read_text(encoding="utf-8")
    md = render(run, four_users_two_staff)
    rows = [line for line in md.splitlines() if line.startswith(f"| {STAFF_ONLY_QUESTION} |")]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert "2" not in cells[3:] and "100 %" not in cells, row
