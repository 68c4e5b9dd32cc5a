"""Templates you can override, safely: `revision report --template DIR` and a repository's
`templates/` folder override the built-in templates file by file (labels.yaml key by key);
every template renders in Jinja's immutable sandbox; a template that reaches for Python
internals, changes data or has an error gets file:line and exit 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, snapshot

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

SUMMARY_LINE = "  Det här var ett pilotprojekt: första gången Göteborgsmodellen prövades på ett\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def report(run, repo: Path, *args: str):
    return run("report", EXAMPLE_AUDIT, *args, cwd=repo)


def replace_summary(repo: Path, text: str) -> None:
    path = repo / "audits" / EXAMPLE_AUDIT / "assessment.yaml"
    body = path.read_text(encoding="utf-8")
    assert SUMMARY_LINE in body
    path.write_text(body.replace(SUMMARY_LINE, f"  {text}\n", 1), encoding="utf-8")


# ---- overriding, file by file ------------------------------------------------------------


def test_template_folder_overrides_only_the_files_it_holds(run, example_repo, tmp_path):
    mine = tmp_path / "mine"
    write(mine, "report.md.j2", "EGEN MALL {{ r.audit.unit | md_cell }} / {{ L.summary }}\n")
    built_in_html = report(run, example_repo, "--format", "html").stdout
    md = report(run, example_repo, "--template", str(mine))
    assert md.exit_code == 0, md.output
    assert md.stdout == "EGEN MALL Socialkontoret Västra Hisingen / Sammanfattning\n"
    page = report(run, example_repo, "--format", "html", "--template", str(mine))
    assert page.exit_code == 0 and page.stdout == built_in_html and "<h2>Sammanfattning</h2>" in page.stdout


def test_repository_templates_folder_is_used_and_template_option_wins(run, example_repo, tmp_path):
    write(example_repo / "templates", "report.md.j2", "ARKIVETS MALL {{ r.audit.id }}\n")
    assert report(run, example_repo).stdout == f"ARKIVETS MALL {EXAMPLE_AUDIT}\n"
    # from inside the audit folder too: the repository root is found from the audit
    inside = run("report", ".", cwd=example_repo / "audits" / EXAMPLE_AUDIT)
    assert inside.stdout == f"ARKIVETS MALL {EXAMPLE_AUDIT}\n"
    mine = write(tmp_path / "mine", "report.md.j2", "KOMMANDORADENS MALL\n").parent
    assert report(run, example_repo, "--template", str(mine)).stdout == "KOMMANDORADENS MALL\n"


def test_override_may_include_built_in_pieces_and_its_own(run, example_repo, tmp_path):
    mine = tmp_path / "mine"
    write(mine, "report.md.j2", '{% include "part.md.j2" %}{% include "site/_style.css.j2" %}')
    write(mine, "part.md.j2", "DEL {{ r.areas | length }}\n")
    result = report(run, example_repo, "--template", str(mine))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("DEL 2\n") and "@media print" in result.stdout


def test_labels_are_merged_key_by_key_and_language_by_language(run, example_repo):
    write(
        example_repo / "templates",
        "labels.yaml",
        "summary: {sv: Slutsatser}\nmethod: Metod och urval\neget: {sv: Egen text, en: Own text}\n",
    )
    lines = report(run, example_repo).stdout.splitlines()
    assert "## Slutsatser" in lines and "## Sammanfattning" not in lines
    assert "## Metod och urval" in lines
    assert "### Styrkor (+)" in lines  # every other label as built in
    en = report(run, example_repo, "--lang", "en").stdout.splitlines()
    assert "## Summary" in en and "## Metod och urval" in en
    write(example_repo / "templates", "report.md.j2", "{{ L.eget }} / {{ L.unit }}\n")
    assert report(run, example_repo, "--lang", "en").stdout == "Own text / Unit\n"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("summary: [Sammanfattning, Summary]\n", 1, "must be a text"),
        ("# kommentar\nsummary: {sv: 3}\n", 2, "must be a text"),
        ("- en lista\n", 1, "must map each label"),
    ],
)
def test_bad_labels_file_is_an_error_at_its_line(run, example_repo, text, line, words):
    write(example_repo / "templates", "labels.yaml", text)
    result = report(run, example_repo, "--lang", "en")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"templates/labels.yaml:{line}:" in result.stderr and words in result.stderr


def test_missing_template_folder_is_a_usage_error(run, example_repo):
    result = report(run, example_repo, "--template", "saknas", "--lang", "en")
    assert result.exit_code == 2
    assert "--template saknas does not exist" in result.stderr
    write(example_repo, "fil.j2", "")
    result = report(run, example_repo, "--template", "fil.j2")  # the repository's language: Swedish
    assert result.exit_code == 2 and "--template fil.j2 är ingen mapp" in result.stderr


# ---- user data is data, never template source ----------------------------------------------


def test_template_syntax_in_user_text_is_shown_literally(run, example_repo):
    replace_summary(example_repo, "Summan är {{ 7*7 }} {% for x in range(3) %}x{% endfor %} {# inget #}")
    path = example_repo / "audits" / EXAMPLE_AUDIT / "audit.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "unit: Socialkontoret Västra Hisingen", 'unit: "{{ r.__class__ }} {{ L }}"'
        ),
        encoding="utf-8",
    )
    md = report(run, example_repo).stdout
    assert "Summan är {{ 7\\*7 }} {% for x in range(3) %}x{% endfor %} {\\# inget \\#}" in md
    assert "# Brukarrevision: {{ r.\\_\\_class\\_\\_ }} {{ L }}" in md.splitlines()
    page = report(run, example_repo, "--format", "html").stdout
    assert "Summan är {{ 7*7 }} {% for x in range(3) %}x{% endfor %} {# inget #}" in page
    assert "<h1>Brukarrevision: {{ r.__class__ }} {{ L }}</h1>" in page
    assert "xxx" not in page and "Summan är 49" not in page


# ---- the sandbox ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        "{{ r.__class__.__mro__ }}",
        "{{ ''.__class__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ r.audit.items.__self__ }}{{ lipsum.__globals__['os'] }}",
        "{% set _ = r.areas.append(1) %}",
        "{{ r.audit.update({'unit': 'x'}) }}",
    ],
)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_template_reaching_for_python_internals_is_refused_at_its_line(run, example_repo, tmp_path, expression, fmt):
    mine = tmp_path / "mine"
    write(mine, f"report.{fmt}.j2", "Rad ett\n{# rad två #}\nRad tre " + expression + "\n")
    before = snapshot(example_repo)
    result = report(run, example_repo, "--format", fmt, "--template", str(mine), "-o", "ut.txt", "--lang", "en")
    assert result.exit_code == 1, result.output
    assert f"report.{fmt}.j2:3: not allowed in a template:" in result.stderr
    assert "sandbox" in result.stderr and "Traceback" not in result.output
    assert snapshot(example_repo) == before  # nothing written, nothing changed


def test_sandbox_error_in_a_real_process_has_no_traceback(example_repo):
    write(example_repo / "templates", "report.md.j2", "ok\n\n{{ cycler.__init__.__globals__ }}\n")
    done = subprocess.run(
        [sys.executable, "-m", "revision_cli", "report", EXAMPLE_AUDIT, "--lang", "en"],
        cwd=example_repo,
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("revision: templates/report.md.j2:3: not allowed in a template:"), done.stderr
    assert "Traceback" not in done.stderr and "__init__" in done.stderr


@pytest.mark.parametrize(
    "files, where, words",
    [
        ({"report.md.j2": "ett\n{% if %}\n"}, "report.md.j2:2:", "syntax error in template"),
        ({"report.md.j2": "ett\n{% for x in r.areas %}\n{{ x.title }}\n"}, "report.md.j2:", "syntax error in template"),
        ({"report.md.j2": "{{ r.audit.unit }}\n{{ r.saknas }}\n"}, "report.md.j2:2:", "has no attribute 'saknas'"),
        (
            {"report.md.j2": "{% include 'del.j2' %}\n", "del.j2": "a\nb\n{{ 1 / 0 }}\n"},
            "del.j2:3:",
            "ZeroDivisionError",
        ),
        ({"report.md.j2": "a\n{% include 'del.j2' %}\n", "del.j2": "{% endif %}\n"}, "del.j2:1:", "syntax error"),
        ({"report.md.j2": "a\n\n{% include 'saknas.j2' %}\n"}, "report.md.j2:3:", "template not found: saknas.j2"),
        (
            {
                "report.md.j2": "{% import 'm.j2' as m %}{{ m.x() }}\n",
                "m.j2": "{% macro x() %}\n{{ y.z }}\n{% endmacro %}\n",
            },
            "m.j2:2:",
            "'y' is undefined",
        ),
    ],
)
def test_template_errors_name_the_file_and_line(run, example_repo, files, where, words):
    for name, text in files.items():
        write(example_repo / "templates", name, text)
    result = report(run, example_repo, "--lang", "en")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"revision: templates/{where}"), result.stderr
    assert words in result.stderr and result.stdout == ""


def test_override_html_templates_are_autoescaped_too(run, example_repo, tmp_path):
    replace_summary(example_repo, "'<script>alert(1)</script> \" onmouseover=\"x'")
    mine = write(tmp_path / "mine", "report.html.j2", '<p title="{{ r.summary }}">{{ r.summary }}</p>\n').parent
    page = report(run, example_repo, "--format", "html", "--template", str(mine)).stdout
    assert "<script" not in page and '" onmouseover' not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt; &#34; onmouseover=&#34;x") == 2


# ---- the site uses the same sandbox and the repository's overrides --------------------------


def test_site_pages_honour_the_repository_templates(run, example_repo, tmp_path):
    write(example_repo / "templates", "site/index.html.j2", "<p>EGEN ÖVERSIKT {{ organisation }}</p>\n")
    write(example_repo / "templates", "report.html.j2", "<p>EGEN RAPPORT {{ r.audit.unit }}</p>\n")
    result = run("site", "-o", str(tmp_path / "site"), "--today", "2013-01-01", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "<p>EGEN ÖVERSIKT Göteborgs Stad</p>\n"
    page = (tmp_path / "site" / "audits" / f"{EXAMPLE_AUDIT}.html").read_text(encoding="utf-8")
    assert page == "<p>EGEN RAPPORT Socialkontoret Västra Hisingen</p>\n"
    assert "<nav" in (tmp_path / "site" / "status.html").read_text(encoding="utf-8")  # still built in


def test_site_template_reaching_for_internals_is_refused_at_its_line(run, example_repo, tmp_path):
    write(example_repo / "templates", "site/status.html.j2", "a\n{{ root.__class__.__base__ }}\n")
    result = run("site", "-o", str(tmp_path / "site"), "--today", "2013-01-01", cwd=example_repo)
    assert result.exit_code == 1
    assert "templates/site/status.html.j2:2: inte tillåtet i en mall:" in result.stderr  # a Swedish repository
