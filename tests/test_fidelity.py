"""Fidelity scales without the CLI: the scoring (fidelity.py) on the built-in IPS-25 battery,
band edges, and the battery rules (fidelity_checks.py) on small batteries read from text."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from revision_cli.models.assessment import Assessment
from revision_cli.models.battery import Battery
from revision_cli.repository.catalog import builtin_battery_files, load_battery
from revision_cli.scoring.fidelity import band_for, possible_totals, score_fidelity

IPS = next(p for p in builtin_battery_files() if p.name == "ips-fidelity.yaml")


@pytest.fixture(scope="module")
def ips() -> Battery:
    return Battery.model_validate(yaml.safe_load(IPS.read_text(encoding="utf-8")))


def item_ids(battery: Battery) -> list[str]:
    return [item.id for _, item in battery.fidelity_items()]


def scores_summing_to(total: int, n: int = 25, low: int = 1, high: int = 5) -> list[int]:
    """n scores in low..high that add up to `total`."""
    scores = [low] * n
    rest = total - low * n
    for i in range(n):
        step = min(high - low, rest)
        scores[i] += step
        rest -= step
    assert rest == 0 and sum(scores) == total
    return scores


def assessment(battery: Battery, scores: list[int | None]) -> Assessment:
    return Assessment.model_validate({"items": dict(zip(item_ids(battery), scores, strict=True))})


# ---- the built-in battery --------------------------------------------------------------


def test_builtin_ips_battery_has_25_items_in_three_sections_and_no_findings(ips):
    assert ips.ref == "ips-fidelity@1"
    assert [(s.id, len(s.items)) for s in ips.sections] == [("bemanning", 3), ("organisation", 8), ("tjanster", 14)]
    assert item_ids(ips) == [f"ips-{n:02d}" for n in range(1, 26)]
    assert possible_totals(ips) == (25, 125)
    for _, item in ips.fidelity_items():
        assert sorted(item.anchors) == [1, 2, 3, 4, 5], item.id
        assert item.sources, item.id
        for text in [item.title, *item.anchors.values()]:
            assert text.sv and text.en, item.id  # Swedish first, English beside it
    loaded, findings, _ = load_battery(IPS)
    assert loaded is not None and findings == []


def test_builtin_bands_are_the_ips_25_bands(ips):
    assert [(b.id, b.min, b.max) for b in ips.bands] == [
        ("exemplary", 115, 125),
        ("good", 100, 114),
        ("fair", 74, 99),
        ("not-supported", 25, 73),
    ]


# ---- scoring ---------------------------------------------------------------------------


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
def test_band_edges(ips, total, band):
    card = score_fidelity(ips, assessment(ips, scores_summing_to(total)))
    assert card.complete and card.total == total
    assert card.mean == Fraction(total, 25)
    assert card.band.id == band


def test_section_totals_and_means_are_exact(ips):
    scores = [4, 5, 4] + [5, 4, 3, 5, 4, 5, 4, 3] + [4, 5, 4, 5, 5, 3, 4, 5, 5, 5, 4, 4, 4, 4]
    card = score_fidelity(ips, assessment(ips, scores))
    assert [(s.id, s.total, s.mean) for s in card.sections] == [
        ("bemanning", 13, Fraction(13, 3)),
        ("organisation", 33, Fraction(33, 8)),
        ("tjanster", 61, Fraction(61, 14)),
    ]
    assert (card.total, card.mean, card.band.id) == (107, Fraction(107, 25), "good")


def test_a_missing_item_leaves_total_mean_band_and_its_section_uncomputed(ips):
    scores = [5] * 25
    scores[6] = None  # ips-07, in organisation
    card = score_fidelity(ips, assessment(ips, scores))
    assert card.missing == ["ips-07"] and not card.complete
    assert (card.total, card.mean, card.band) == (None, None, None)
    sections = {s.id: s for s in card.sections}
    assert (sections["organisation"].total, sections["organisation"].mean) == (None, None)
    assert sections["organisation"].missing == ["ips-07"]
    assert (sections["bemanning"].total, sections["bemanning"].mean) == (15, 5)


def test_an_item_left_out_of_the_file_is_missing_too(ips):
    card = score_fidelity(ips, Assessment.model_validate({"items": {"ips-01": 3}}))
    assert len(card.missing) == 24 and card.total is None
    assert score_fidelity(ips, None).missing == item_ids(ips)


def test_no_card_for_a_battery_without_items():
    battery = Battery.model_validate(
        {"id": "b", "version": 1, "title": "B", "groups": ["brukare"], "areas": [{"id": "a", "title": "A"}]}
    )
    assert score_fidelity(battery, None) is None


def test_disagreements_are_items_whose_reviewers_lay_two_or_more_apart(ips):
    items = {i: 3 for i in item_ids(ips)}
    items["ips-01"] = {"score": 3, "reviewers": {"A": 2, "B": 4}}
    items["ips-02"] = {"score": 3, "reviewers": {"A": 3, "B": 4}}
    items["ips-03"] = {"score": 3, "reviewers": {"A": 3}}
    card = score_fidelity(ips, Assessment.model_validate({"items": items}))
    assert [i.id for i in card.disagreements()] == ["ips-01"]
    assert [i.spread for i in card.items[:3]] == [2, 1, None]


def test_band_for_open_ended_bands():
    from revision_cli.models.battery import Band

    bands = [Band(id="low", max=9, label="L"), Band(id="high", min=10, label="H")]
    assert [band_for(bands, t).id for t in (-5, 9, 10, 1000)] == ["low", "low", "high", "high"]


# ---- battery rules ---------------------------------------------------------------------


def battery_text(bands: str, anchors: str = "{1: a, 2: b, 3: c}", extra: str = "") -> str:
    # Two items scored 1–3: totals 2–6.
    return f"""\
id: lokal
version: 1
title: Lokal
groups: [granskare]
item_scale: {{min: 1, max: 3}}
sections:
  - id: del
    title: Del
    items:
      - {{id: p1, title: P1, anchors: {anchors}}}
      - {{id: p2, title: P2, anchors: {{1: a, 2: b, 3: c}}}}
{extra}bands:
{bands}"""


def findings_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "lokal.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, findings, _ = load_battery(path)
    assert loaded is not None
    return [f"{f.line}:{f.column} {f.severity.value} [{f.code}] {f.message}" for f in findings]


GOOD_BANDS = """\
  - {id: low, min: 2, max: 3, label: Low}
  - {id: mid, min: 4, max: 5, label: Mid}
  - {id: top, min: 6, max: 6, label: Top}
"""


def test_bands_covering_every_total_once_are_fine(tmp_path):
    assert findings_of(tmp_path, battery_text(GOOD_BANDS)) == []
    open_ended = "  - {id: low, max: 3, label: Low}\n  - {id: high, min: 4, label: High}\n"
    assert findings_of(tmp_path, battery_text(open_ended)) == []


def test_a_gap_between_bands_is_named(tmp_path):
    bands = "  - {id: low, min: 2, max: 3, label: Low}\n  - {id: top, min: 5, max: 6, label: Top}\n"
    assert findings_of(tmp_path, battery_text(bands)) == [
        "14:5 error [battery-bands] no band holds the totals 4; band 'top' starts at 5"
    ]


def test_a_gap_at_either_end_is_named(tmp_path):
    bands = "  - {id: mid, min: 3, max: 5, label: Mid}\n"
    assert findings_of(tmp_path, battery_text(bands)) == [
        "13:5 error [battery-bands] no band holds the totals 2; band 'mid' starts at 3",
        "13:3 error [battery-bands] no band holds the totals 6 (the scale allows 2–6)",
    ]


def test_overlapping_bands_are_named(tmp_path):
    bands = "  - {id: low, min: 2, max: 4, label: Low}\n  - {id: top, min: 4, max: 6, label: Top}\n"
    assert findings_of(tmp_path, battery_text(bands)) == [
        "14:5 error [battery-bands] bands 'low' (2–4) and 'top' (4–6) overlap: 4 would lie in both"
    ]


def test_a_band_with_min_above_max_or_outside_the_totals(tmp_path):
    bands = GOOD_BANDS + "  - {id: upside, min: 5, max: 4, label: U}\n  - {id: beyond, min: 7, label: B}\n"
    assert findings_of(tmp_path, battery_text(bands)) == [
        "16:5 error [battery-bands] band 'upside' runs from 5 down to 4; min must not exceed max",
        "17:5 error [battery-bands] band 'beyond' (7–…) holds no total the scale allows (2–6)",
    ]


def test_no_bands_is_allowed(tmp_path):
    assert findings_of(tmp_path, battery_text("", extra="").replace("bands:\n", "")) == []


def test_anchor_outside_the_item_scale_is_an_error_and_a_lacking_one_a_warning(tmp_path):
    found = findings_of(tmp_path, battery_text(GOOD_BANDS, anchors="{1: a, 4: d}"))
    assert found == [
        "10:45 error [battery-anchors] item 'p1' has an anchor for 4, outside the item scale 1–3",
        "10:38 warning [battery-anchors] item 'p1' says nothing about what the scores 2, 3 mean; "
        "give every score 1–3 an anchor so that reviewers score alike",
    ]


def test_section_and_item_ids_share_the_namespace(tmp_path):
    text = battery_text(GOOD_BANDS).replace("{id: p2,", "{id: p1,").replace("  - id: del", "  - id: a")
    text = text.replace("item_scale:", "areas: [{id: a, title: A}]\nitem_scale:")
    found = findings_of(tmp_path, text)
    assert found == [
        "8:9 error [battery-duplicate-id] id 'a' is already used by an area; every id in a battery must be unique",
        "12:14 error [battery-duplicate-id] id 'p1' is already used by an item; every id in a battery must be unique",
    ]


def test_item_scale_min_must_be_below_max(tmp_path):
    found = findings_of(tmp_path, battery_text(GOOD_BANDS).replace("{min: 1, max: 3}", "{min: 3, max: 3}"))
    assert found[0] == "5:13 error [battery-scale] item_scale min (3) must be below max (3)"


def test_bands_without_items_and_a_band_id_used_twice(tmp_path):
    no_items = (
        "id: lokal\nversion: 1\ntitle: Lokal\ngroups: [brukare]\nareas: [{id: a, title: A}]\n"
        "bands:\n  - {id: low, label: Low}\n"
    )
    assert findings_of(tmp_path, no_items) == [
        "7:3 error [battery-bands] bands need fidelity items to sum up (sections: with items); "
        "remove them or add sections"
    ]
    twice = GOOD_BANDS.replace("{id: mid,", "{id: low,")
    assert findings_of(tmp_path, battery_text(twice)) == [
        "14:10 error [battery-duplicate-id] band id 'low' is used twice"
    ]
