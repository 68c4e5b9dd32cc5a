"""Every word of the reports, the site and the scaffolds comes from the gettext catalogue.

The words themselves are pinned by the golden reports (tests/golden) and the site tests;
here: the templates ask only for labels the catalogue gives, no word table in sv and en is
left in the code, a repository's labels.yaml still goes over the catalogue, and `revision
new` writes its comments in the repository's language (the values stay the same)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO

from revision_cli.render.labels import FORM, REPORT, SITE
from revision_cli.render.summary import SUMMARY
from revision_cli.views.fidelity_side_by_side import WORDS as SIDE_BY_SIDE

TEMPLATES = REPO / "templates"
LABEL_USE = re.compile(r"\bL\.(\w+)|\bL\[['\"](\w+)['\"]\]")


def _used(paths) -> set[str]:
    return {a or b for path in paths for a, b in LABEL_USE.findall(path.read_text(encoding="utf-8"))}


# Labels the built-in templates no longer use, kept for the users' own copies of older ones.
@pytest.mark.parametrize(
    "paths, table, unused",
    [
        (
            sorted(
                p
                for p in TEMPLATES.glob("*.j2")
                if not p.name.startswith(("form.", "summary.", "_summary", "compare."))
            ),
            REPORT,
            ["action_subareas", "too_few"],
        ),
        # the unit page includes the report's indicators part
        (sorted([*(TEMPLATES / "site").glob("*.j2"), TEMPLATES / "_indicators.html.j2"]), SITE, ["report"]),
        (sorted(TEMPLATES.glob("form.*.j2")), FORM, []),
        (sorted(TEMPLATES.glob("summary.*.j2")), SUMMARY, []),
        # The side-by-side view's words: the cells' own words are the view's, not the templates'.
        (
            sorted(TEMPLATES.glob("compare.*.j2")),
            SIDE_BY_SIDE,
            ["none", "not_computed", "not_in_scale", "not_scored", "possible"],
        ),
    ],
    ids=["report", "site", "form", "summary", "compare"],
)
def test_every_label_a_template_asks_for_is_in_the_catalogue(paths, table, unused):
    used = _used(paths)
    assert len(used) > (10 if table is SIDE_BY_SIDE else 20)  # the templates were read at all
    for lang in ("sv", "en"):
        assert sorted(used - set(table[lang])) == [], lang
    assert sorted(set(table["sv"]) - used) == unused


def test_the_labels_are_swedish_and_english():
    assert (REPORT["sv"]["summary"], REPORT["en"]["summary"]) == ("Sammanfattning", "Summary")
    assert (REPORT["sv"]["total"], REPORT["sv"]["fidelity_total"]) == ("Totalt", "Summa")  # one English word, two
    assert (SITE["sv"]["as_of"], SITE["en"]["as_of"]) == ("Läget den %(today)s.", "As of %(today)s.")
    same = [key for key in REPORT["sv"] if REPORT["sv"][key] == REPORT["en"][key]]
    assert sorted(same) == [
        "action_status",
        "indicator_median",
        "median",
        "organisation",
        "signal",
        "status",
        "version",
    ]  # the same in both languages


# Where the code may still hold sv and en side by side: a user's own labels.yaml, read as data.
ALLOWED_TABLES = {("render/report.py", "_user_labels")}


def test_no_word_table_in_sv_and_en_is_left_in_the_code():
    found = []
    for path in sorted((REPO / "revision_cli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
            name = getattr(function, "name", None)
            where = (path.relative_to(REPO / "revision_cli").as_posix(), name)
            for node in ast.iter_child_nodes(function) if function is tree else ast.walk(function):
                if isinstance(node, ast.Dict):
                    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                    if {"sv", "en"} <= keys and where not in ALLOWED_TABLES:
                        found.append(f"{where[0]}:{node.lineno}")
    assert found == []


def test_a_swedish_choice_of_words_is_made_only_by_the_catalogue():
    """No `lang == "sv"` branch picks a word or a number format (models.words picks which
    language's word a finding names, not the word itself)."""
    found = []
    for path in sorted((REPO / "revision_cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                isinstance(c, ast.Constant) and c.value == "sv" for c in node.comparators
            ):
                found.append(f"{path.relative_to(REPO / 'revision_cli').as_posix()}:{node.lineno}")
    assert found == ["models/words.py:55"]


# ---------------------------------------------------------------- a repository's own labels


def test_own_labels_go_over_the_catalogue_in_either_language(run, example_repo):
    (example_repo / "templates").mkdir()
    (example_repo / "templates" / "labels.yaml").write_text(
        "summary: {en: Conclusions}\nquotes: Röster\n", encoding="utf-8"
    )
    sv = run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout.splitlines()
    en = run("report", EXAMPLE_AUDIT, "--lang", "en", cwd=example_repo).stdout.splitlines()
    assert "## Sammanfattning" in sv and "## Conclusions" in en  # only English overridden
    assert "## Röster" in sv and "## Röster" in en  # a plain text: every language
    assert "## Summary" not in en and "## Citat" not in sv


# ---------------------------------------------------------------- the scaffolds


def _language(root: Path, lang: str) -> None:
    config = root / "revision.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: sv", f"language: {lang}"), "utf-8")


def test_new_writes_its_comments_in_the_repositorys_language(run, tmp_path):
    written = {}
    for lang in ("sv", "en"):
        assert run("init", lang, "--lang", lang, cwd=tmp_path).exit_code == 0
        root = tmp_path / lang
        _language(root, lang)
        result = run("new", "2025-norr", "--battery", "goteborg", "--unit", "Norr", cwd=root)
        assert result.exit_code == 0, result.output
        assert run("validate", "--strict", cwd=root).exit_code == 0
        audit = root / "audits" / "2025-norr"
        written[lang] = {
            path.relative_to(audit).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(audit.rglob("*.yaml"))
        }
        written[lang]["revision.yaml"] = (root / "revision.yaml").read_text(encoding="utf-8")
    assert set(written["sv"]) == set(written["en"])
    for name, sv in written["sv"].items():
        en = written["en"][name]
        data = yaml.safe_load(sv), yaml.safe_load(en)
        if name == "revision.yaml":
            data = [{**d, "language": None} for d in data]
        assert data[0] == data[1], name  # the same values, whatever the language
    sv, en = written["sv"]["audit.yaml"], written["en"]["audit.yaml"]
    assert "# ska vara samma som mappens namn" in sv and "# must equal the folder name" in en
    assert "status: planned               # planned | visited | assessed | reported | followed-up" in en
    assert "(på svenska: planerad | besökt | bedömd | rapporterad | uppföljd)" in sv
    assert "(in Swedish: planerad | besökt | bedömd | rapporterad | uppföljd)" in en
    assessment = written["sv"]["assessment.yaml"]
    assert "# Färger: green | yellow | red (på svenska: grön | gul | röd)" in assessment
    assert "strengths: []      # Styrkor (+), en per rad: - ..." in assessment
    assert "# Settings of this audit repository" in written["en"]["revision.yaml"]
    assert "# Inställningar för det här revisionsarkivet" in written["sv"]["revision.yaml"]
    sv, en = written["sv"]["interviews/_mall-brukare.yaml"], written["en"]["interviews/_mall-brukare.yaml"]
    assert (
        "# Mall för en intervju i gruppen 'brukare'." in sv and "# Template for an interview in group 'brukare'." in en
    )
    assert "  motet-ovrigt:    # fritext" in sv and "  motet-ovrigt:    # free text" in en
