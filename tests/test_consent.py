"""Consent that counts: only an interview with `consent: true` (or `ja`) is counted or
quoted, anywhere. `false` (`nej`) keeps it out and the report says how many; a missing or
empty consent keeps it out too, a warning until the audit is assessed and an error after.
`revision validate` and the published JSON Schema take exactly the same values."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import EXAMPLE_AUDIT, EXAMPLES, THEMES_AUDIT
from ruamel.yaml import YAML

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

B1 = f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml"
QUOTE = "Man vill ju inte vara till besvär, andra har det säkert värre."
FINDING = re.compile(
    r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning) "
    r"\[(?P<code>[a-z0-9-]+)\] (?P<message>.*)$"
)


def set_consent(path: Path, value: str | None) -> None:
    """Write `consent: VALUE` in place of the interview's own line; None leaves the key out."""
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^consent: .*\n", text, re.MULTILINE)
    assert line, path
    path.write_text(text.replace(line[0], "" if value is None else f"consent: {value}\n"), encoding="utf-8")


def set_status(repo: Path, slug: str, status: str) -> None:
    path = repo / "audits" / slug / "audit.yaml"
    text = path.read_text(encoding="utf-8")
    assert "status: reported" in text
    path.write_text(text.replace("status: reported", f"status: {status}", 1), encoding="utf-8")


def score(run, repo, slug: str = EXAMPLE_AUDIT) -> dict:
    result = run("score", slug, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def findings(result) -> list[dict]:
    return [m.groupdict() for m in map(FINDING.match, result.stdout.splitlines()) if m]


# ---------------------------------------------------------------- declined


def test_a_declined_interview_is_not_counted(example_repo, run):
    before = score(run, example_repo)
    set_consent(example_repo / B1, "false")
    after = score(run, example_repo)
    assert (before["respondents"]["total"], after["respondents"]["total"]) == (6, 5)
    assert (after["respondents"]["declined"], after["respondents"]["consent_missing"]) == (1, 0)
    assert (
        "Respondents: 5 in total; brukare 5, personal 0, narstaende 0. Not counted: 1 declined.\n"
        in run("score", EXAMPLE_AUDIT, cwd=example_repo).stdout
    )
    answered = yaml.safe_load((example_repo / B1).read_text(encoding="utf-8"))["answers"]
    question = next(
        q
        for a in after["areas"]
        for s in a["subareas"]
        for q in s["questions"]
        if q["id"] in answered and answered[q["id"]] in ("ja", "nej", "delvis")
    )
    old = next(q for a in before["areas"] for s in a["subareas"] for q in s["questions"] if q["id"] == question["id"])
    assert question["n"] == old["n"] - 1


def test_a_declined_interview_leaves_the_report_with_a_count(example_repo, run):
    assert QUOTE in run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    set_consent(example_repo / B1, "nej")
    for fmt in ("md", "html"):
        report = run("report", EXAMPLE_AUDIT, "--format", fmt, cwd=example_repo).stdout
        assert "värre" not in report  # its published quote is gone too
        assert "inte gav sitt samtycke ingår inte i rapporten: 1." in report
        assert "ännu inte är antecknat" not in report
    english = run("report", EXAMPLE_AUDIT, "--lang", "en", cwd=example_repo).stdout
    assert "left out of this report: 1." in english


# ---------------------------------------------------------------- missing


@pytest.mark.parametrize(
    "value, where", [(None, "3:1"), ("null", "7:10"), ("", "7:9")], ids=["absent", "null", "empty"]
)
def test_missing_consent_is_a_warning_before_the_assessment_and_is_not_counted(example_repo, run, value, where):
    set_status(example_repo, EXAMPLE_AUDIT, "visited")
    set_consent(example_repo / B1, value)
    checked = run("validate", cwd=example_repo)
    assert checked.exit_code == 0, checked.output
    [found] = findings(checked)
    assert (f"{found['path']}:{found['line']}:{found['column']}", found["severity"], found["code"]) == (
        f"{B1}:{where}",
        "warning",
        "interview-consent-missing",
    )
    assert "not counted" in found["message"]
    assert run("validate", "--strict", cwd=example_repo).exit_code == 1
    data = score(run, example_repo)
    assert (data["respondents"]["total"], data["respondents"]["declined"], data["respondents"]["consent_missing"]) == (
        5,
        0,
        1,
    )
    assert "Not counted: 1 with no consent recorded." in run("score", EXAMPLE_AUDIT, cwd=example_repo).stdout
    for fmt in ("md", "html"):
        report = run("report", EXAMPLE_AUDIT, "--format", fmt, cwd=example_repo).stdout
        assert "värre" not in report
        assert "Intervjuer där samtycket ännu inte är antecknat ingår inte i rapporten: 1." in report
        assert "inte gav sitt samtycke" not in report
    english = run("report", EXAMPLE_AUDIT, "--lang", "en", cwd=example_repo).stdout
    assert "Interviews with no consent recorded yet are left out of this report: 1." in english


@pytest.mark.parametrize("status", ["assessed", "reported", "followed-up"])
def test_missing_consent_is_an_error_once_the_audit_is_assessed(example_repo, run, status):
    if status != "reported":
        set_status(example_repo, EXAMPLE_AUDIT, status)
    set_consent(example_repo / B1, "null")
    checked = run("validate", cwd=example_repo)
    assert checked.exit_code == 1
    [found] = findings(checked)
    assert (found["line"], found["severity"], found["code"]) == ("7", "error", "interview-consent-missing")
    assert f"the audit is {status}" in found["message"]
    refused = run("score", EXAMPLE_AUDIT, cwd=example_repo)
    assert refused.exit_code == 1 and "interview-consent-missing" in refused.stderr and refused.stdout == ""


# ---------------------------------------------------------------- one predicate everywhere


def without_consent_counts(data: dict) -> dict:
    return {
        **data,
        "respondents": {k: v for k, v in data["respondents"].items() if k not in ("declined", "consent_missing")},
    }


def without_consent_note(report: str) -> str:
    return re.sub(r"^(<p>)?(Intervjuer där|Interviews with)[^\n]*\n\n?", "", report, flags=re.MULTILINE)


def outputs(run, repo: Path, slug: str) -> dict[str, str]:
    return {
        "score": json.dumps(without_consent_counts(score(run, repo, slug)), sort_keys=True, ensure_ascii=False),
        **{fmt: without_consent_note(run("report", slug, "--format", fmt, cwd=repo).stdout) for fmt in ("md", "html")},
    }


# An interview with a published quote in each example audit that has one: the colours,
# statements (ekbacken), theme tallies (tallasen) and the follow-up's two questions.
LEFT_OUT = [(EXAMPLE_AUDIT, "b1"), ("2013-ekbacken", "b2"), ("2021-solrosen-telefon", "u1"), (THEMES_AUDIT, "k1")]


# `nej` reads as false and null or empty as absent (the tests above show it): two states suffice.
@pytest.mark.parametrize("consent", ["false", None], ids=["false", "absent"])
@pytest.mark.parametrize("slug, code", LEFT_OUT, ids=[slug for slug, _ in LEFT_OUT])
def test_an_interview_not_counted_is_as_if_it_were_not_there(example_repo, run, tmp_path, slug, code, consent):
    """Score (figures, statements, themes, group counts) and both reports read exactly as
    they do without the file, apart from the sentence that counts what was left out."""
    set_status(example_repo, slug, "visited")
    interview = example_repo / "audits" / slug / "interviews" / f"{code}.yaml"
    quotes = [q["text"] for q in yaml.safe_load(interview.read_text(encoding="utf-8"))["quotes"] if q.get("publish")]
    assert quotes
    counted = outputs(run, example_repo, slug)
    assert all(quote in counted["md"] for quote in quotes)
    kept = interview.read_text(encoding="utf-8")
    interview.unlink()
    absent = outputs(run, example_repo, slug)
    assert absent != counted
    interview.write_text(kept, encoding="utf-8")
    set_consent(interview, consent)
    assert outputs(run, example_repo, slug) == absent
    assert not any(quote in text for quote in quotes for text in absent.values())


def test_site_and_archive_leave_out_an_interview_without_consent(example_repo, run, tmp_path):
    set_status(example_repo, EXAMPLE_AUDIT, "visited")
    b1 = example_repo / B1
    kept = b1.read_text(encoding="utf-8")

    def site() -> dict[str, str]:
        out = tmp_path / "site"
        assert run("site", "-o", str(out), "--today", "2015-01-15", cwd=example_repo).exit_code == 0
        return {
            str(p.relative_to(out)): without_consent_note(p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.html"))
        }

    b1.unlink()
    absent = site()
    b1.write_text(kept, encoding="utf-8")
    set_consent(b1, None)
    assert site() == absent
    assert run("archive", EXAMPLE_AUDIT, "--yes", "--today", "2030-01-01", cwd=example_repo).exit_code == 0
    frozen = yaml.safe_load((example_repo / "audits" / EXAMPLE_AUDIT / "results.yaml").read_text(encoding="utf-8"))
    assert frozen["respondents"]["total"] == 5 and frozen["respondents"]["consent_missing"] == 1
    assert QUOTE not in [q["text"] for q in frozen["quotes"]]
    # The count survives the archive: the report still says why one interview is missing.
    assert "ännu inte är antecknat ingår inte i rapporten: 1." in run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout


# ---------------------------------------------------------------- the loader and the schema agree

# (the value as written after `consent:` or `publish:`, accepted as a consent, as a publish flag)
VALUES = [
    ("true", True, True),
    ("false", True, True),
    ("True", True, True),
    ("FALSE", True, True),
    ("ja", True, True),
    ("nej", True, True),
    ('"ja"', True, True),
    ("'nej'", True, True),
    ("null", True, False),
    ("~", True, False),
    ("", True, False),
    ("yes", False, False),
    ("no", False, False),
    ("Yes", False, False),
    ("NO", False, False),
    ("on", False, False),
    ("off", False, False),
    ('"off"', False, False),
    ("y", False, False),
    ("n", False, False),
    ("0", False, False),
    ("1", False, False),
    ("0.0", False, False),
    ('"true"', False, False),
    ("'false'", False, False),
    ("tRUE", False, False),
    ("Ja", False, False),
    ("NEJ", False, False),
    ('""', False, False),
    ("[true]", False, False),
    ("{ja: 1}", False, False),
    ("2012-10-15", False, False),
]
SCHEMA = EXAMPLES / "schemas" / "interview.schema.json"
CASE = "audits/x/interviews/b1.yaml"


def tiny_repo(root: Path) -> Path:
    (root / "audits" / "x" / "interviews").mkdir(parents=True)
    (root / "revision.yaml").write_text("revision: 1\n", encoding="utf-8")
    (root / "audits" / "x" / "audit.yaml").write_text(
        "id: x\nbattery: goteborg@1\nunit: U\nstatus: visited\n", encoding="utf-8"
    )
    return root


def _plain(value):
    """As an editor's language server hands data to the schema: dates are strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def schema_accepts(text: str) -> bool:
    # Editors read YAML 1.2 (yaml-language-server's default), where yes/no/on/off are words.
    data = _plain(YAML(typ="safe", pure=True).load(text))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema).is_valid(data)


def loader_accepts(run, repo: Path, text: str, line: int) -> bool:
    (repo / CASE).write_text(text, encoding="utf-8")
    result = run("validate", CASE, cwd=repo)
    assert "Traceback" not in result.output
    rejected = [f for f in findings(result) if f["code"].startswith("schema-")]
    assert all(f["path"] == CASE and f["line"] == str(line) for f in rejected), result.output
    return not rejected


@pytest.mark.parametrize("value, consent_ok, publish_ok", VALUES, ids=[v or "empty" for v, _, _ in VALUES])
def test_validate_and_the_schema_take_the_same_consent_and_publish_values(run, tmp_path, value, consent_ok, publish_ok):
    repo = tiny_repo(tmp_path)
    consent = f"respondent: b1\ngroup: brukare\nconsent: {value}\nanswers: {{}}\n"
    assert (loader_accepts(run, repo, consent, 3), schema_accepts(consent)) == (consent_ok, consent_ok)
    publish = f"respondent: b1\ngroup: brukare\nconsent: true\nquotes:\n  - text: Bra\n    publish: {value}\n"
    assert (loader_accepts(run, repo, publish, 6), schema_accepts(publish)) == (publish_ok, publish_ok)


def test_a_wrong_consent_says_what_to_write(run, tmp_path):
    repo = tiny_repo(tmp_path)
    (repo / CASE).write_text("respondent: b1\ngroup: brukare\nconsent: yes\n", encoding="utf-8")
    [found] = findings(run("validate", CASE, cwd=repo))
    assert (found["line"], found["column"], found["code"]) == ("3", "10", "schema-value")
    assert found["message"] == "consent: write true or false (or ja or nej), not 'yes'"
    (repo / CASE).write_text('respondent: b1\ngroup: brukare\nconsent: "true"\n', encoding="utf-8")
    [found] = findings(run("validate", CASE, cwd=repo))
    assert found["message"] == "consent: write true without quotes; in quotes it is a text"


def test_a_quote_of_an_interview_with_consent_ja_is_published(run, tmp_path):
    repo = tiny_repo(tmp_path)
    (repo / CASE).write_text(
        "respondent: b1\ngroup: brukare\nconsent: ja\nanswers: {motet-valkommen: ja}\n"
        "quotes:\n  - {text: Det var bra., publish: ja}\n  - {text: Hemligt., publish: nej}\n",
        encoding="utf-8",
    )
    assert run("validate", "--strict", cwd=repo).exit_code == 0
    report = run("report", "x", cwd=repo).stdout
    assert "Det var bra." in report and "Hemligt." not in report
    assert score(run, repo, "x")["respondents"]["total"] == 1
