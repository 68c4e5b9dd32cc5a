"""Fidelity scales through the real CLI on the example IPS review (examples/audits/
2025-ips-alvstaden): validate, score (table and JSON, band edges), report (goldens in
tests/golden/fidelity-*, rewritten only with `pytest --update-goldens`) and batteries show."""

from __future__ import annotations

import difflib
import html
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, REPO, goteborg_only
from test_fidelity import scores_summing_to

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

SLUG = "2025-ips-alvstaden"
GOLDEN = Path(__file__).resolve().parent / "golden"
IDS = [f"ips-{n:02d}" for n in range(1, 26)]


def folder(repo: Path) -> Path:
    return repo / "audits" / SLUG


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_status(repo: Path, status: str) -> None:
    edit(folder(repo) / "audit.yaml", "status: reported ", f"status: {status} ")


def write_scores(repo: Path, scores: dict) -> None:
    (folder(repo) / "assessment.yaml").write_text(yaml.safe_dump({"items": scores}), encoding="utf-8")


def score_json(run, repo: Path) -> dict:
    result = run("score", SLUG, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def validate(run, repo: Path) -> tuple[int, list[str]]:
    result = run("validate", f"audits/{SLUG}", "--no-cache", cwd=repo)
    return result.exit_code, [line for line in result.stdout.splitlines() if "[" in line]


# ---- the example validates, scores and reports ---------------------------------------------


def test_example_validates_clean(run, example_repo):
    result = run("validate", "--no-cache", cwd=example_repo)
    assert (result.exit_code, result.stdout) == (0, "No problems found.\n"), result.output


def test_example_files_name_and_match_their_schemas():
    import jsonschema

    for name, kind in (("audit.yaml", "audit"), ("assessment.yaml", "assessment")):
        path = EXAMPLES / "audits" / SLUG / name
        assert (
            path.read_text(encoding="utf-8").splitlines()[-1]
            == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
        )
        schema = json.loads((EXAMPLES / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def test_score_json_of_the_example(run, example_repo):
    data = score_json(run, example_repo)
    assert (data["total"], data["mean"], data["mean_exact"], data["band"]) == (107, 4.28, "107/25", "good")
    assert data["audit"] == SLUG and data["battery"] == "ips-fidelity@1" and data["areas"] == []
    assert data["complete"] is True and data["missing"] == []
    assert data["possible"] == {"min": 25, "max": 125}
    assert [(b["id"], b["applies"]) for b in data["bands"]] == [
        ("exemplary", False),
        ("good", True),
        ("fair", False),
        ("not-supported", False),
    ]
    assert [(s["id"], s["total"], s["mean_exact"]) for s in data["sections"]] == [
        ("bemanning", 13, "13/3"),
        ("organisation", 33, "33/8"),
        ("tjanster", 61, "61/14"),
    ]
    assert [i["id"] for i in data["items"]] == IDS
    item = data["items"][5]
    assert item == {
        "id": "ips-06",
        "section": "organisation",
        "score": 3,
        "reviewers": {"G1": 2, "G2": 4},
        "spread": 2,
        "note": "Kontakterna med Arbetsförmedlingen beror på vem man har som handläggare.",
        "recommendation": "Boka fasta månadsmöten med Arbetsförmedlingen om gemensamma deltagare.",
    }
    assert data["disagreements"] == ["ips-06"]


def test_score_table_shows_sections_items_total_mean_and_band_in_words(run, example_repo):
    result = run("score", SLUG, cwd=example_repo)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SLUG} — ips-fidelity@1 — fidelity items"
    assert re.search(r"^Organisation \(organisation\)\s+33\s+4\.12$", result.stdout, re.M)
    assert re.search(
        r"^  ips-06 Collaboration with vocational rehabilitation  \(reviewers G1 2, G2 4\)\s+3$", result.stdout, re.M
    )
    assert "Total: 107 (possible 25–125); mean item score: 4.28" in lines
    assert "Band: Good fidelity (good)" in lines
    assert "Green" not in result.stdout, "no colour table for a battery of fidelity items only"


@pytest.mark.parametrize(
    "total, band",
    [
        (25, "not-supported"),
        (73, "not-supported"),
        (74, "fair"),
        (99, "fair"),
        (100, "good"),
        (114, "good"),
        (115, "exemplary"),
        (125, "exemplary"),
    ],
)
def test_band_edges_through_the_cli(run, example_repo, total, band):
    write_scores(example_repo, dict(zip(IDS, scores_summing_to(total), strict=True)))
    data = score_json(run, example_repo)
    assert (data["total"], data["band"], data["mean_exact"]) == (total, band, str(Fraction(total, 25)))


def test_group_is_refused_for_a_fidelity_battery(run, example_repo):
    result = run("score", SLUG, "--group", "deltagare", cwd=example_repo)
    assert result.exit_code == 2
    assert "--group does not apply to ips-fidelity@1: its items are scored by the reviewers" in result.stderr
    assert result.stdout == ""


# ---- missing, unknown and out-of-range item scores ----------------------------------------


def test_missing_item_is_an_error_once_assessed_and_nothing_is_scored(run, example_repo):
    assessment = folder(example_repo) / "assessment.yaml"
    edit(assessment, "  ips-07: 5\n", "")
    line = assessment.read_text(encoding="utf-8").splitlines().index("items:") + 1
    code, found = validate(run, example_repo)
    assert code == 1
    assert found == [
        f"audits/{SLUG}/assessment.yaml:{line}:1: error [assessment-missing-item] item 'ips-07' has no "
        "consensus score yet (give `ips-07: 1–5` under items:); the audit's status is "
        "'reported', so every item needs its score"
    ]
    refused = run("score", SLUG, "--format", "json", cwd=example_repo)
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "[assessment-missing-item]" in refused.stderr


def test_missing_item_is_a_warning_while_visited_and_score_shows_no_total(run, example_repo):
    set_status(example_repo, "visited")
    edit(folder(example_repo) / "assessment.yaml", "  ips-07: 5\n", "  ips-07:\n    note: inte klart\n")
    code, found = validate(run, example_repo)
    assert code == 0
    assert [f.split(": ", 1)[1][:40] for f in found] == ["warning [assessment-missing-item] item '"]
    data = score_json(run, example_repo)
    assert (data["total"], data["mean"], data["mean_exact"], data["band"]) == (None, None, None, None)
    assert data["complete"] is False and data["missing"] == ["ips-07"]
    organisation = data["sections"][1]
    assert (organisation["total"], organisation["mean"], organisation["missing"]) == (None, None, ["ips-07"])
    assert data["sections"][0]["total"] == 13, "complete sections keep their figures"
    table = run("score", SLUG, cwd=example_repo).stdout
    assert "Total: not computed — 1 of 25 items has no consensus score (ips-07)" in table
    assert "Band:" not in table


def test_a_planned_review_has_no_missing_item_findings_but_score_lists_them(run, example_repo):
    set_status(example_repo, "planned")
    (folder(example_repo) / "assessment.yaml").unlink()
    code, found = validate(run, example_repo)
    assert code == 0 and found == []
    data = score_json(run, example_repo)
    assert data["missing"] == IDS and data["total"] is None and data["band"] is None


def test_no_assessment_yet_is_one_finding_at_the_battery(run, example_repo):
    set_status(example_repo, "visited")
    (folder(example_repo) / "assessment.yaml").unlink()
    code, found = validate(run, example_repo)
    assert code == 0
    assert found == [
        f"audits/{SLUG}/audit.yaml:5:10: warning [assessment-missing-item] ips-fidelity@1 has 25 "
        "fidelity items for the reviewers to score, but there is no assessment.yaml yet; score each "
        "item there under items:"
    ]
    assert score_json(run, example_repo)["missing"] == IDS


def test_out_of_range_unknown_item_and_unknown_reviewer(run, example_repo):
    assessment = folder(example_repo) / "assessment.yaml"
    edit(assessment, "  ips-02: 5\n", "  ips-02: 6\n")
    edit(assessment, "    reviewers: {G1: 4, G2: 5}\n", "    reviewers: {G1: 0, G3: 5}\n")
    edit(assessment, "  ips-25: 4\n", "  ips-25: 4\n  isp-07: 3\n")
    text = assessment.read_text(encoding="utf-8").splitlines()
    l02 = text.index("  ips-02: 6") + 1
    lrev = text.index("    reviewers: {G1: 0, G3: 5}") + 1
    ltypo = text.index("  isp-07: 3") + 1
    code, found = validate(run, example_repo)
    assert code == 1
    path = f"audits/{SLUG}/assessment.yaml"
    assert found == [
        f"{path}:{l02}:11: error [assessment-item-score] 6 is not a score of 'ips-02'; scores run from 1 to 5",
        f"{path}:{lrev}:21: error [assessment-item-score] reviewer G1's score 0 of 'ips-05' lies outside 1–5",
        f"{path}:{lrev}:24: error [assessment-unknown-reviewer] reviewer 'G3' is not on the audit's team (G1, G2)",
        f"{path}:{ltypo}:3: error [assessment-unknown-item] the battery ips-fidelity@1 has no fidelity item "
        "'isp-07'; did you mean 'ips-07'?",
    ]


def test_long_form_score_out_of_range_points_at_the_score(run, example_repo):
    assessment = folder(example_repo) / "assessment.yaml"
    edit(assessment, "    score: 4\n    note: 23", "    score: 0\n    note: 23")
    line = assessment.read_text(encoding="utf-8").splitlines().index("    score: 0") + 1
    code, found = validate(run, example_repo)
    assert found == [
        f"audits/{SLUG}/assessment.yaml:{line}:12: error [assessment-item-score] 0 is not a score of "
        "'ips-01'; scores run from 1 to 5"
    ]


def test_items_in_an_assessment_of_a_battery_without_them(run, example_repo):
    assessment = example_repo / "audits" / "2012-vastra-hisingen" / "assessment.yaml"
    edit(assessment, "summary: |", "items: {ips-01: 4}\nsummary: |")
    result = run("validate", "audits/2012-vastra-hisingen", "--no-cache", cwd=example_repo)
    assert result.exit_code == 1
    assert (
        "error [assessment-unknown-item] the battery goteborg@1+kvalitetsdeklaration@1 has no fidelity item "
        "'ips-01'; the battery goteborg@1+kvalitetsdeklaration@1 has no fidelity items"
    ) in result.stdout


def test_a_local_battery_with_a_band_gap_is_reported_by_validate(run, example_repo):
    battery = yaml.safe_load((EXAMPLES.parent / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8"))
    battery.update(
        id="ips-lokal",
        bands=[{"id": "low", "min": 25, "max": 73, "label": "L"}, {"id": "high", "min": 75, "max": 125, "label": "H"}],
    )
    (example_repo / "batteries").mkdir()
    (example_repo / "batteries" / "ips-lokal.yaml").write_text(
        yaml.safe_dump(battery, allow_unicode=True), encoding="utf-8"
    )
    result = run("validate", "--no-cache", cwd=example_repo)
    assert result.exit_code == 1
    assert re.search(
        r"batteries/ips-lokal.yaml:\d+:\d+: error \[battery-bands\] no band holds the totals 74; "
        r"band 'high' starts at 75",
        result.stdout,
    ), result.output


# ---- report ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("fidelity-report.md", []),
        ("fidelity-report.html", ["--format", "html"]),
        ("fidelity-report.en.md", ["--lang", "en"]),
    ],
)
def test_example_report_matches_golden(report_day, run, example_repo, update_goldens, name, args):
    result = run("report", SLUG, *args, cwd=example_repo)
    assert result.exit_code == 0, result.output
    actual = result.stdout.encode("utf-8")
    golden = GOLDEN / name
    if update_goldens:
        golden.write_bytes(actual)
    assert golden.exists(), f"{golden} is missing; run pytest --update-goldens"
    expected = golden.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode().splitlines(), actual.decode().splitlines(), f"golden/{name}", "rendered", lineterm=""
        )
        pytest.fail(
            f"{name} differs from the golden (pytest --update-goldens rewrites it):\n" + "\n".join(list(diff)[:60])
        )


def test_report_shows_total_band_table_sections_and_items(run, example_repo):
    md = run("report", SLUG, cwd=example_repo).stdout
    page = run("report", SLUG, "--format", "html", cwd=example_repo).stdout
    assert md.startswith("# Granskning av programtrohet: IPS-teamet Älvstaden\n")
    assert "- **Summa:** 107 (möjlig summa 25–125)" in md
    assert "- **Medelvärde per punkt:** 4,28 (1–5)" in md
    assert "- **Nivå:** God programtrohet" in md
    assert "| God programtrohet | 100–114 | ✓ Gäller den här granskningen |" in md
    assert "| Godtagbar programtrohet | 74–99 | – |" in md
    assert "| Organisation | 8 | 33 | 4,12 |" in md
    assert (
        "| Samarbete med Arbetsförmedlingen och andra aktörer (ips-06) | 3 | Kontakt ungefär varje kvartal | "
        "G1: 2, G2: 4 | Kontakterna med Arbetsförmedlingen beror på vem man har som handläggare. |"
    ) in md
    assert "Färg" not in md and "grön" not in md.lower(), "no colour texts for a fidelity review"
    assert "<h2>Programtrohet</h2>" in page
    assert '<th scope="row">God programtrohet</th>' in page
    assert '<span aria-hidden="true">✓ </span>Gäller den här granskningen' in page
    assert page.count('<th scope="row"') >= 25 + 4 + 3  # an item with a detail row spans it
    assert "Bilaga" not in page


def test_report_of_an_incomplete_review_says_what_is_missing(run, example_repo):
    set_status(example_repo, "visited")
    edit(folder(example_repo) / "assessment.yaml", "  ips-07: 5\n", "")
    md = run("report", SLUG, "--lang", "en", cwd=example_repo).stdout
    assert (
        "1 of 25 items have no consensus score: ips-07. The total, mean and band are computed once every "
        "item is scored."
    ) in md
    assert "- **Total:**" not in md and "✓ Applies" not in md
    assert "| En egen enhet för arbetsstödet (ips-07) |" not in md
    assert "| Vocational unit (ips-07) | – not scored | – | – | – |" in md
    assert "| Organisation | 8 | not scored: 1 | – |" in md


def test_report_escapes_notes(run, example_repo):
    edit(
        folder(example_repo) / "assessment.yaml", "    note: Ingen styrgrupp", "    note: <b>x</b> | *Ingen* styrgrupp"
    )
    md = run("report", SLUG, cwd=example_repo).stdout
    page = run("report", SLUG, "--format", "html", cwd=example_repo).stdout
    assert r"\<b\>x\</b\> \| \*Ingen\* styrgrupp" in md
    assert "<b>x</b>" not in page and html.escape("<b>x</b>") in page


# ---- batteries ------------------------------------------------------------------------


def test_batteries_list_and_show(run, tmp_path):
    listed = run("batteries", "list", cwd=tmp_path)
    assert "ips-fidelity@1\tProgramtrohetsskala för IPS (25 punkter)\t(built in)" in listed.stdout.splitlines()
    shown = run("batteries", "show", "ips-fidelity", "--lang", "en", cwd=tmp_path)
    assert shown.exit_code == 0
    out = shown.stdout.splitlines()
    assert "Fidelity items: 25, each scored 1–5 by the reviewers (total 25–125)" in out
    assert "bemanning: Staffing" in out and "organisation: Organisation" in out and "tjanster: Services" in out
    assert "  ips-01: Caseload size [records, documents, interviews]" in out
    assert "      5: 20 clients or fewer" in out
    bands = out.index("Bands of the total:")
    assert out[bands : bands + 5] == [
        "Bands of the total:",
        "  115–125: exemplary — Exemplary fidelity",
        "  100–114: good — Good fidelity",
        "  74–99: fair — Fair fidelity",
        "  25–73: not-supported — Not supported employment (not IPS)",
    ]
    sv = run("batteries", "show", "ips-fidelity@1", cwd=tmp_path).stdout
    assert "  ips-01: Antal deltagare per arbetsspecialist [journaler och statistik, dokument, intervjuer]" in sv


def test_new_scaffolds_every_item_empty_and_validate_points_at_each_once_visited(run, tmp_path):
    assert run("init", "r", cwd=tmp_path).exit_code == 0
    repo = tmp_path / "r"
    assert run("new", "2025-ips-test", "--battery", "ips-fidelity", "--unit", "X", cwd=repo).exit_code == 0
    text = (repo / "audits" / "2025-ips-test" / "assessment.yaml").read_text(encoding="utf-8").splitlines()
    assert "items:" in text and "  # Bemanning" in text
    assert "  ips-01:  # Antal deltagare per arbetsspecialist" in text
    line = text.index("  ips-25:  # Aktiv uppsökande kontakt") + 1
    fresh = run("validate", "--strict", "--no-cache", cwd=repo)
    assert fresh.exit_code == 0, fresh.output  # a scaffold validates clean as it stands
    audit = repo / "audits" / "2025-ips-test" / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace("status: planned", "status: visited", 1), encoding="utf-8"
    )
    result = run("validate", "--no-cache", cwd=repo)
    assert result.exit_code == 0
    found = [f for f in result.stdout.splitlines() if "[assessment-missing-item]" in f]
    assert len(found) == 25
    assert found[-1] == (
        f"audits/2025-ips-test/assessment.yaml:{line}:3: warning [assessment-missing-item] item "
        "'ips-25' has no consensus score yet (write its score 1–5 after `ips-25:`); the total, "
        "mean and band wait until every item is scored"
    )
    assert run("validate", "--strict", "--no-cache", cwd=repo).exit_code == 1


def test_the_fidelity_partial_is_found_beside_a_repository_template_override(run, example_repo):
    # A repository's own report.md.j2 (an old copy without the include) and one with it:
    # the partial comes from the built-in templates when the override folder lacks it.
    from revision_cli.render.report import templates_dir

    (example_repo / "templates").mkdir()
    own = (templates_dir() / "report.md.j2").read_text(encoding="utf-8").replace("# {{ r.title", "# EGEN {{ r.title", 1)
    (example_repo / "templates" / "report.md.j2").write_text(own, encoding="utf-8")
    md = run("report", SLUG, cwd=example_repo)
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("# EGEN Granskning av programtrohet") and "- **Nivå:** God programtrohet" in md.stdout
    (example_repo / "templates" / "_fidelity.md.j2").write_text("EGEN DEL {{ r.fidelity.total }}\n", encoding="utf-8")
    assert "EGEN DEL 107" in run("report", SLUG, cwd=example_repo).stdout


def test_a_battery_with_areas_and_items_scores_both_and_group_leaves_the_items_out(run, example_repo):
    battery = yaml.safe_load((EXAMPLES.parent / "question_batteries" / "goteborg.yaml").read_text(encoding="utf-8"))
    battery.update(
        id="blandad",
        sections=[
            {
                "id": "del",
                "title": "Del",
                "items": [
                    {"id": "p1", "title": "P1", "anchors": {n: f"a{n}" for n in range(1, 6)}},
                    {"id": "p2", "title": "P2", "anchors": {n: f"a{n}" for n in range(1, 6)}},
                ],
            }
        ],
        bands=[{"id": "lag", "max": 6, "label": "Låg"}, {"id": "hog", "min": 7, "label": "Hög"}],
    )
    (example_repo / "batteries").mkdir()
    (example_repo / "batteries" / "blandad.yaml").write_text(
        yaml.safe_dump(battery, allow_unicode=True), encoding="utf-8"
    )
    audit = example_repo / "audits" / "2012-vastra-hisingen"
    goteborg_only(example_repo)  # the local battery stands in for goteborg alone
    edit(audit / "audit.yaml", "battery: goteborg@1", "battery: blandad@1")
    edit(audit / "assessment.yaml", "summary: |", "items: {p1: 3, p2: 4}\nsummary: |")
    whole = run("score", "2012-vastra-hisingen", "--format", "json", cwd=example_repo)
    assert whole.exit_code == 0, whole.output
    data = json.loads(whole.stdout)
    assert len(data["areas"]) == 2 and (data["total"], data["band"], data["mean_exact"]) == (7, "hog", "7/2")
    table = run("score", "2012-vastra-hisingen", cwd=example_repo).stdout
    assert "(bemotande)" in table and "Band: Hög (hog)" in table
    group = run("score", "2012-vastra-hisingen", "--format", "json", "--group", "brukare", cwd=example_repo)
    assert group.exit_code == 0, group.output
    grouped = json.loads(group.stdout)
    assert grouped["group"] == "brukare" and grouped["areas"] and "total" not in grouped
    report = run("report", "2012-vastra-hisingen", cwd=example_repo).stdout
    assert report.startswith("# Brukarrevision:") and "## Programtrohet" in report and "## Bilaga" in report


@pytest.mark.parametrize("given", ["true", '"5"', "4.5", "{score: yes}", "{score: 4, reviewers: {G1: true}}"])
def test_a_score_that_is_not_a_whole_number_is_a_finding_never_counted(run, example_repo, given):
    assessment = folder(example_repo) / "assessment.yaml"
    edit(assessment, "  ips-02: 5\n", f"  ips-02: {given}\n")
    code, found = validate(run, example_repo)
    assert code == 1
    assert len(found) == 1 and "error [schema-type] items.ips-02" in found[0]  # no missing-item noise either


def test_a_band_bound_that_is_not_a_whole_number_is_a_finding(run, example_repo):
    battery = (REPO / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8")
    battery = battery.replace("\nid: ips-fidelity\n", "\nid: ips-lokal\n", 1).replace("min: 115", "min: true", 1)
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "ips-lokal.yaml").write_text(battery, encoding="utf-8")
    result = run("batteries", "show", "ips-lokal", cwd=example_repo)  # in the repository's language
    assert result.exit_code == 1
    assert "[schema-type]" in result.stdout + result.stderr and "bands[0].min: måste vara ett heltal" in result.stderr
