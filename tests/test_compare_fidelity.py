"""`revision compare` of two fidelity reviews: total, mean, band, sections and the items
that moved — through the real command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

OLD = "2025-ips-alvstaden"  # the example: total 107, band good
NEW = "2026-ips-alvstaden"


def follow_up(repo: Path, changes: dict[str, str]) -> None:
    """A later review of the same team: the example with some items scored anew."""
    folder = repo / "audits" / NEW
    shutil.copytree(repo / "audits" / OLD, folder)
    audit = folder / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8")
        .replace(f"id: {OLD}", f"id: {NEW}", 1)
        .replace("site_visit: 2025", "site_visit: 2026", 1),
        encoding="utf-8",
    )
    assessment = folder / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new, 1)
    assessment.write_text(text, encoding="utf-8")


def compare_json(run, repo: Path) -> dict:
    result = run("compare", OLD, NEW, "--format", "json", "--lang", "en", cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_drop_across_a_band_edge_shows_in_total_band_and_items(run, example_repo):
    # 107 → 99: eight points lower crosses 100, the lower edge of "good", into "fair".
    follow_up(example_repo, {"  ips-02: 5\n": "  ips-02: 1\n", "  ips-07: 5\n": "  ips-07: 1\n"})
    data = compare_json(run, example_repo)["fidelity"]
    assert data["total"] == {"id": "total", "old": "107", "new": "99", "change": "-8"}
    assert data["mean"]["change"] == "-8/25"
    assert data["band"] == {"old": "good", "new": "fair"}
    moved = [i for i in data["items"] if i["change"] not in ("0", "+0")]
    assert [(i["id"], i["old"], i["new"], i["change"]) for i in moved] == [
        ("ips-02", "5", "1", "-4"),
        ("ips-07", "5", "1", "-4"),
    ]
    md = run("compare", OLD, NEW, "--format", "md", "--lang", "en", cwd=example_repo).stdout
    assert "## Fidelity" in md and "- Total: 107 → 99 (-8)" in md
    assert "- Band: Good fidelity → Fair fidelity" in md
    assert "The batteries share no sub-area" not in md  # fidelity batteries have none to share
    table = run("compare", OLD, NEW, "--lang", "en", cwd=example_repo).stdout
    assert "- ips-02 " in table and ": 5 → 1 (-4)" in table


def test_an_incomplete_later_review_is_not_totalled(run, example_repo):
    # A review under way (visited): an item without a score is a warning, not yet an error.
    follow_up(example_repo, {"  ips-02: 5\n": "  ips-02:\n"})
    audit = example_repo / "audits" / NEW / "audit.yaml"
    text = audit.read_text(encoding="utf-8")
    assert "status: reported" in text
    audit.write_text(text.replace("status: reported", "status: visited", 1), encoding="utf-8")
    data = compare_json(run, example_repo)["fidelity"]
    assert data["total"]["new"] is None and data["total"]["change"] is None
    assert data["band"]["new"] is None
    table = run("compare", OLD, NEW, "--lang", "en", cwd=example_repo).stdout
    assert "Total: 107 → not computed (not every item is scored)" in table
    assert "Band: Good fidelity → not computed" in table
    assert ": 5 → no score" in table  # the item that lost its score is listed, not hidden


def test_no_fidelity_part_beside_an_audit_without_items(run, example_repo):
    result = run("compare", "2012-vastra-hisingen", OLD, "--format", "json", cwd=example_repo)
    assert result.exit_code == 0, result.output
    assert "fidelity" not in json.loads(result.stdout)


def test_a_follow_up_reviews_report_says_what_moved_since_the_last(run, example_repo):
    follow_up(example_repo, {"  ips-02: 5\n": "  ips-02: 1\n", "  ips-07: 5\n": "  ips-07: 1\n"})
    audit = example_repo / "audits" / NEW / "audit.yaml"
    text = audit.read_text(encoding="utf-8")
    assert "follows_up: null" in text
    audit.write_text(text.replace("follows_up: null", f"follows_up: {OLD}", 1), encoding="utf-8")
    md = run("report", NEW, cwd=example_repo).stdout
    assert "## Sedan förra revisionen" in md
    assert "- Summa: 107 → 99 (-8)" in md and "- Nivå: God programtrohet → Godtagbar programtrohet" in md
    html = run("report", NEW, "--format", "html", "--lang", "en", cwd=example_repo).stdout
    assert "<li>Band: Good fidelity → Fair fidelity</li>" in html


def test_reviews_on_different_item_sets_name_the_items_and_compare_no_total(run, example_repo):
    from conftest import REPO

    battery = (REPO / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8")
    assert battery.count("id: ips-25\n") == 1
    battery = (
        battery.replace("\nversion: 1\n", "\nversion: 2\n", 1)
        .replace("id: ips-25\n", "id: ips-26\n")
        .replace("ips-25]", "ips-26]")
    )
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "ips-fidelity-2.yaml").write_text(battery, encoding="utf-8")
    follow_up(example_repo, {"  ips-25: 4\n": "  ips-26: 4\n", "  ips-02: 5\n": "  ips-02: 3\n"})
    audit = example_repo / "audits" / NEW / "audit.yaml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("ips-fidelity@1", "ips-fidelity@2", 1), encoding="utf-8")
    data = compare_json(run, example_repo)["fidelity"]
    assert (data["same_items"], data["only_in_old"], data["only_in_new"]) == (False, ["ips-25"], ["ips-26"])
    assert data["total"]["old"] is None and data["band"] is None
    assert [i["id"] for i in data["items"] if i["change"] == "-2"] == ["ips-02"]
    table = run("compare", OLD, NEW, "--lang", "en", cwd=example_repo).stdout
    assert (
        "so total, mean and band are not compared. Only in the earlier: ips-25. Only in the later: ips-26."
        in " ".join(table.split())
    )
