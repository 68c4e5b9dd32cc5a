"""`revision batteries list|show`, and the built-in Göteborg battery against issue 2 item 7."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from conftest import BROKEN_BATTERY, REPO, snapshot

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

BATTERY_FILE = REPO / "question_batteries" / "goteborg.yaml"
BATTERY = yaml.safe_load(BATTERY_FILE.read_text(encoding="utf-8"))
VASTERNORRLAND = yaml.safe_load((REPO / "question_batteries" / "vasternorrland.yaml").read_text(encoding="utf-8"))
SUBAREAS = [sub for area in BATTERY["areas"] for sub in area["subareas"]]
QUESTIONS = [q for sub in SUBAREAS for q in sub["questions"]]
COLOURS = ("green", "yellow", "red")

# The areas and sub-areas of the seed 001 report (Göteborg 2012 pilot), in its order.
SEED_001 = {
    "Bemötande": ["Mötet", "Hänsyn, omtanke och lyssnande", "Tillgänglighet", "Problem- och konfliktlösning"],
    "Delaktighet och inflytande": [
        "Information",
        "Forum för påverkan",
        "Aktiviteter, sociala kontakter och fritid",
        "Planering",
        "Arbete och sysselsättning",
    ],
}


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository with one local battery (the built-in one under another id)."""
    root = tmp_path / "repo"
    (root / "batteries").mkdir(parents=True)
    (root / "revision.yaml").write_text("revision: 1\n", encoding="utf-8")
    text = BATTERY_FILE.read_text(encoding="utf-8").replace("\nid: goteborg\n", "\nid: lokal\n", 1)
    (root / "batteries" / "lokal.yaml").write_text(text, encoding="utf-8")
    return root


def asked_of(sub: dict, group: str) -> list[str]:
    return [q["id"] for q in sub["questions"] if group in q.get("groups", BATTERY["groups"])]


# ---------------------------------------------------------------- list


@pytest.mark.parametrize("args", [("batteries", "list"), ("batteries",)])
def test_list_shows_the_built_in_battery(tmp_path, run, args):
    result = run(*args, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    built_in = [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in (REPO / "question_batteries").glob("*.yaml")
    ]
    assert f"goteborg@1\t{BATTERY['title']['sv']}\t(built in)" in result.stdout.splitlines()
    assert result.stdout.splitlines() == [
        f"{b['id']}@{b['version']}\t{b['title']['sv']}\t(built in)"
        for b in sorted(built_in, key=lambda b: (b["id"], b["version"]))
    ]


def test_list_shows_a_local_battery_with_its_path(repo, run):
    result = run("batteries", "list", cwd=repo)
    assert result.exit_code == 0, result.output
    assert "goteborg@1\t" in result.stdout
    assert f"lokal@1\t{BATTERY['title']['sv']}\t(batteries/lokal.yaml)" in result.stdout.splitlines()


BROKEN = BROKEN_BATTERY


def test_list_reports_a_broken_local_battery_at_its_line_and_lists_the_rest(repo, run):
    (repo / "batteries" / "trasig.yaml").write_text(BROKEN, encoding="utf-8")
    before = snapshot(repo)
    result = run("batteries", "list", cwd=repo)
    assert "batteries/trasig.yaml:12:37: error [battery-unknown-scale]" in result.stderr
    assert "trasig@1" not in result.stdout
    assert "lokal@1\t" in result.stdout and "goteborg@1\t" in result.stdout
    assert snapshot(repo) == before


def test_a_local_copy_of_a_built_in_id_and_version_is_a_duplicate(repo, run):
    (repo / "batteries" / "kopia.yaml").write_text(BATTERY_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("batteries", "list", cwd=repo)
    assert (
        "batteries/kopia.yaml:19:5: error [battery-duplicate] goteborg@1 is already defined by a built-in battery"
        in result.stderr
    )
    assert "(batteries/kopia.yaml)" not in result.stdout


# ---------------------------------------------------------------- show


def shown_questions(stdout: str) -> dict[str, dict[str, list[str]]]:
    """sub-area id → group → question ids, read back from the indented `show` output."""
    tree: dict[str, dict[str, list[str]]] = {}
    sub = group = None
    areas_part = stdout.split("\n\n", 1)[1]  # after the header, scales and thresholds
    for line in areas_part.splitlines():
        if m := re.match(r"^  ([a-z0-9-]+): ", line):
            sub, group = m[1], None
            tree[sub] = {}
        elif m := re.match(r"^    \[([a-z0-9-]+)\]$", line):
            group = m[1]
            tree[sub][group] = []
        elif m := re.match(r"^      ([a-z0-9-]+) \(([a-z0-9-]+)\): ", line):
            tree[sub][group].append(m[1])
    return tree


def test_show_prints_every_area_subarea_and_question_per_group(tmp_path, run):
    result = run("batteries", "show", "goteborg@1", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for area in BATTERY["areas"]:
        assert f"{area['id']}: {area['title']['sv']}" in lines
    expected = {sub["id"]: {g: asked_of(sub, g) for g in BATTERY["groups"] if asked_of(sub, g)} for sub in SUBAREAS}
    assert shown_questions(result.stdout) == expected
    for q in QUESTIONS:
        assert f"{q['id']} ({q['scale']}): {q['text']['sv']}" in result.stdout


def test_show_prints_scales_and_thresholds(tmp_path, run):
    out = run("batteries", "show", "goteborg", cwd=tmp_path).stdout
    assert "Thresholds: green ≥ 2/3, yellow ≥ 1/3, at least 3 counted answers" in out
    assert "  ja-nej: ja (1), delvis (1/2), nej (0), vet-ej (not counted)" in out
    assert "  grad-1-5: 1–5, positive from 4" in out
    assert f"Groups: {', '.join(BATTERY['groups'])}" in out


def test_show_in_english(tmp_path, run):
    out = run("batteries", "show", "goteborg@1", "--lang", "en", cwd=tmp_path).stdout
    assert out.startswith(f"goteborg@1: {BATTERY['title']['en']}\n")
    for sub in SUBAREAS:
        assert f"  {sub['id']}: {sub['title']['en']}" in out


def test_show_a_local_battery(repo, run):
    result = run("batteries", "show", "lokal", cwd=repo)
    assert result.exit_code == 0
    assert result.stdout.startswith("lokal@1: ")


def test_show_a_broken_local_battery_gives_its_findings(repo, run):
    (repo / "batteries" / "trasig.yaml").write_text(BROKEN, encoding="utf-8")
    result = run("batteries", "show", "trasig", cwd=repo)
    assert result.exit_code == 1
    assert "batteries/trasig.yaml:12:37: error [battery-unknown-scale]" in result.stderr


@pytest.mark.parametrize(
    "ref, message",
    [
        ("nosuch", "no battery with id 'nosuch'; available: goteborg"),
        ("goteborg@2", "battery 'goteborg' has no version 2; available: goteborg@1"),
        ("Göteborg", "is not a battery reference"),
    ],
)
def test_show_an_unknown_battery_fails(tmp_path, run, ref, message):
    result = run("batteries", "show", ref, cwd=tmp_path)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- the built-in battery (issue 2, item 7)


def test_built_in_battery_validates_clean(run):
    result = run("validate", "--strict", "question_batteries/goteborg.yaml", cwd=REPO)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No problems found."


def test_built_in_battery_is_goteborg_version_1():
    assert (BATTERY["id"], BATTERY["version"], BATTERY["language"]) == ("goteborg", 1, "sv")


def test_two_areas_with_the_nine_subareas_of_seed_001():
    assert {a["title"]["sv"]: [s["title"]["sv"] for s in a["subareas"]] for a in BATTERY["areas"]} == SEED_001


def test_every_subarea_asks_brukare_and_personal_a_scored_question():
    for sub in SUBAREAS:
        for group in ("brukare", "personal"):
            scored = [
                q for q in sub["questions"] if q["scale"] != "text" and group in q.get("groups", BATTERY["groups"])
            ]
            assert scored, f"{sub['id']} asks {group} no scored question"


def test_yes_no_scale_has_ja_delvis_nej_and_an_uncounted_vet_ej():
    options = {o["value"]: o.get("score") for o in BATTERY["scales"]["ja-nej"]["options"]}
    assert options == {"ja": 1, "delvis": 0.5, "nej": 0, "vet-ej": None}


def test_one_to_five_scale_exists_and_is_used():
    scale = BATTERY["scales"]["grad-1-5"]
    assert scale["range"] == {"min": 1, "max": 5}
    assert 1 < scale["positive_from"] <= 5
    used = {q["scale"] for q in QUESTIONS}
    assert {"ja-nej", "grad-1-5", "text"} <= used
    assert used <= {*BATTERY["scales"], "text"}


def test_exactly_one_free_text_question_per_subarea_for_users_and_one_for_staff():
    # Each group asked is asked in its own words ("om informationen du får" is for users).
    for sub in SUBAREAS:
        for group in ("brukare", "personal"):
            free = [q for q in sub["questions"] if q["scale"] == "text" and group in q["groups"]]
            assert len(free) == 1, (sub["id"], group)
            assert free[0]["id"] == sub["id"] + ("-ovrigt" if group == "brukare" else "-ovrigt-personal")


def test_every_area_and_subarea_has_a_sentence_per_colour():
    for node in [*BATTERY["areas"], *SUBAREAS]:
        assert set(node["descriptors"]) == set(COLOURS), node["id"]


def _texts(node, where="battery"):
    """Every human-readable text in the battery, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"title", "description", "label", "text", *COLOURS} and not isinstance(value, (int, float)):
                yield f"{where}.{key}", value
            else:
                yield from _texts(value, f"{where}.{node.get('id', key)}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, f"{where}[{i}]")


def test_every_text_is_in_swedish_and_english():
    texts = list(_texts({k: v for k, v in BATTERY.items() if k != "rating"}))
    assert len(texts) >= len(QUESTIONS) + 4 * (len(SUBAREAS) + len(BATTERY["areas"]))
    for where, text in texts:
        assert isinstance(text, dict) and set(text) == {"sv", "en"}, where
        assert all(isinstance(t, str) and t.strip() for t in text.values()), where


def test_default_thresholds_of_product_section_4():
    rule = BATTERY["rating"]
    assert (Fraction(rule["green"]), Fraction(rule["yellow"]), rule["min_answers"]) == (
        Fraction(2, 3),
        Fraction(1, 3),
        3,
    )


def test_two_versions_of_one_battery_coexist_and_each_audit_keeps_its_own(repo, run):
    """A local goteborg@2 beside the built-in goteborg@1: both listed, `show` picks by
    version (the latest without one), and audits pinned to each validate against their own."""
    text = BATTERY_FILE.read_text(encoding="utf-8").replace("\nversion: 1\n", "\nversion: 2\n", 1)
    text = text.replace("Brukarrevision enligt Göteborgsmodellen", "Göteborgsmodellen, andra versionen", 1)
    (repo / "batteries" / "goteborg-2.yaml").write_text(text, encoding="utf-8")
    listed = run("batteries", "list", cwd=repo).stdout.splitlines()
    assert any(line.startswith("goteborg@1\t") and line.endswith("(built in)") for line in listed)
    assert "goteborg@2\tGöteborgsmodellen, andra versionen\t(batteries/goteborg-2.yaml)" in listed
    assert run("batteries", "show", "goteborg", cwd=repo).stdout.startswith("goteborg@2: Göteborgsmodellen, andra")
    assert run("batteries", "show", "goteborg@1", cwd=repo).stdout.startswith("goteborg@1: Brukarrevision enligt")
    for slug, ref in (("old", "goteborg@1"), ("new", "goteborg@2")):
        assert run("new", slug, "--battery", ref, cwd=repo).exit_code == 0
        audit = yaml.safe_load((repo / "audits" / slug / "audit.yaml").read_text(encoding="utf-8"))
        assert audit["battery"] == ref
    result = run("validate", cwd=repo)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "ref, line",
    [
        ("goteborg", "Thresholds: green ≥ 2/3, yellow ≥ 1/3, at least 3 counted answers"),
        (
            "kvalitetsdeklaration",
            "Thresholds: no colours; a statement needs at least 3 counted answers for a mean, median and share",
        ),
        ("ips-fidelity", "Thresholds: no colours; the fidelity total is placed in a band (see below)"),
        ("vasternorrland", "Thresholds: none; every question is free text, so no colours are computed"),
    ],
)
def test_show_states_the_thresholds_that_apply_to_the_instrument(tmp_path, run, ref, line):
    result = run("batteries", "show", ref, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert line in result.stdout.splitlines()
