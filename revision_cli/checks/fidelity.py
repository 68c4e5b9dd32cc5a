"""Rules of fidelity scales: in a battery (ids, anchors, bands) and in an audit (item scores).

A battery's bands must place every total the scale allows in exactly one band, so that a
total is never left without a band or given two. A battery with fidelity items but no bands
is allowed: its report shows the total and the means, and no band.

In an audit, an item without a consensus score is nothing yet while the audit is planned
(a fresh scaffold validates clean, as every scaffold does), a warning once it is visited,
so the reviewers can fill assessment.yaml step by step, and an error from status assessed
on: an assessed audit with an item unscored would otherwise report a scale it did not
complete. Whatever the status, no total, mean or band is computed while an item is missing
(fidelity.py), and `score` lists the missing items.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from revision_cli.errors import Finding, Severity
from revision_cli.models.battery import Band, Battery
from revision_cli.scoring.fidelity import possible_totals

if TYPE_CHECKING:
    from revision_cli.files.loading import Loaded
    from revision_cli.files.yaml_io import Loc
    from revision_cli.models.assessment import Assessment
    from revision_cli.models.bundle import AuditBundle

# Once an audit has reached these, its assessment is meant to be complete.
FINISHED = ("assessed", "reported", "followed-up")


def check_battery_fidelity(loaded: Loaded[Battery]) -> list[Finding]:
    battery = loaded.model
    if not battery.sections and not battery.bands:
        return []
    return [*_ids(loaded, battery), *_item_scale(loaded, battery), *_anchors(loaded, battery), *_bands(loaded, battery)]


def _ids(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    # Sections and items share the namespace of areas, sub-areas and questions (their own
    # duplicates are battery_checks' to report): assessment.yaml names items by id alone.
    taken: dict[str, str] = {}
    for area in battery.areas:
        taken.setdefault(area.id, "an area")
        for sub in area.subareas:
            taken.setdefault(sub.id, "a sub-area")
            for question in sub.questions:
                taken.setdefault(question.id, "a question")
    for statement in battery.statements:
        taken.setdefault(statement.id, "a statement")
    found: list[Finding] = []
    for s, section in enumerate(battery.sections):
        places: list[tuple[Loc, str, str]] = [(("sections", s, "id"), section.id, "a section")]
        places += [(("sections", s, "items", i, "id"), item.id, "an item") for i, item in enumerate(section.items)]
        for loc, ident, what in places:
            if ident in taken:
                found.append(
                    loaded.finding(
                        loc,
                        "battery-duplicate-id",
                        f"id '{ident}' is already used by {taken[ident]}; every id in a battery must be unique",
                    )
                )
            else:
                taken[ident] = what
    seen: set[str] = set()
    for b, band in enumerate(battery.bands):
        if band.id in seen:
            found.append(
                loaded.finding(("bands", b, "id"), "battery-duplicate-id", f"band id '{band.id}' is used twice")
            )
        seen.add(band.id)
    return found


def _item_scale(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    scale = battery.item_scale
    if scale.min < scale.max:
        return []
    return [
        loaded.finding(
            ("item_scale",), "battery-scale", f"item_scale min ({scale.min}) must be below max ({scale.max})"
        )
    ]


def _anchors(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    """An anchor outside the item scale is an error (no item can get that score); a score
    without an anchor is a warning: reviewers can still score, but with less to go on."""
    low, high = battery.item_scale.min, battery.item_scale.max
    if low >= high:
        return []
    found: list[Finding] = []
    for s, section in enumerate(battery.sections):
        for i, item in enumerate(section.items):
            loc: Loc = ("sections", s, "items", i, "anchors")
            for score in item.anchors:
                if not low <= score <= high:
                    found.append(
                        loaded.finding(
                            loc + (str(score),),
                            "battery-anchors",
                            f"item '{item.id}' has an anchor for {score}, outside the item scale {low}–{high}",
                            key=True,
                        )
                    )
            lacking = [str(v) for v in range(low, high + 1) if v not in item.anchors]
            if lacking:
                where = loc if item.anchors else ("sections", s, "items", i, "id")
                found.append(
                    loaded.finding(
                        where,
                        "battery-anchors",
                        f"item '{item.id}' says nothing about what the score{'s' * (len(lacking) > 1)} "
                        f"{', '.join(lacking)} mean{'s' * (len(lacking) == 1)}; give every score "
                        f"{low}–{high} an anchor so that reviewers score alike",
                        severity=Severity.WARNING,
                    )
                )
    return found


def _span(band: Band) -> str:
    low = "…" if band.min is None else str(band.min)
    high = "…" if band.max is None else str(band.max)
    return f"{low}–{high}"


def _bands(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    if not battery.bands:
        return []
    if not battery.sections:
        return [
            loaded.finding(
                ("bands",),
                "battery-bands",
                "bands need fidelity items to sum up (sections: with items); remove them or add sections",
            )
        ]
    lowest, highest = possible_totals(battery)
    found: list[Finding] = []
    spans: list[
        tuple[int, int, int]
    ] = []  # (first total, last total, index) of each usable band, clipped to the possible totals
    for b, band in enumerate(battery.bands):
        if band.min is not None and band.max is not None and band.min > band.max:
            found.append(
                loaded.finding(
                    ("bands", b),
                    "battery-bands",
                    f"band '{band.id}' runs from {band.min} down to {band.max}; min must not exceed max",
                )
            )
            continue
        first = lowest if band.min is None else max(band.min, lowest)
        last = highest if band.max is None else min(band.max, highest)
        if first > last:
            found.append(
                loaded.finding(
                    ("bands", b),
                    "battery-bands",
                    f"band '{band.id}' ({_span(band)}) holds no total the scale allows ({lowest}–{highest})",
                )
            )
            continue
        spans.append((first, last, b))
    if found:
        return found  # gaps and overlaps read better once every band is well formed
    spans.sort()
    expected: int = lowest
    previous: int | None = None  # the band that ends last so far
    for first, last, b in spans:
        band = battery.bands[b]
        if first > expected:
            found.append(
                loaded.finding(
                    ("bands", b),
                    "battery-bands",
                    f"no band holds the totals {_range(expected, first - 1)}; band '{band.id}' starts at {first}",
                )
            )
        elif first < expected and previous is not None:  # expected rose past lowest: previous is set
            other = battery.bands[previous]
            found.append(
                loaded.finding(
                    ("bands", b),
                    "battery-bands",
                    f"bands '{other.id}' ({_span(other)}) and '{band.id}' ({_span(band)}) "
                    f"overlap: {_range(first, min(last, expected - 1))} would lie in both",
                )
            )
        if last + 1 > expected:
            expected, previous = last + 1, b
    if expected <= highest:
        found.append(
            loaded.finding(
                ("bands",),
                "battery-bands",
                f"no band holds the totals {_range(expected, highest)} (the scale allows {lowest}–{highest})",
            )
        )
    return found


def _range(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


# ---- an audit -------------------------------------------------------------------------


def check_audit_fidelity(bundle: AuditBundle) -> list[Finding]:
    battery = bundle.battery
    if battery is None:
        return []
    audit = bundle.audit.model if bundle.audit is not None else None
    status = audit.status if audit is not None else None
    finished = status in FINISHED
    severity = Severity.ERROR if finished else Severity.WARNING
    team = {m.id for m in audit.team} if audit is not None else None
    if status == "planned":
        return (
            []
            if bundle.assessment is None
            else _scores(bundle.assessment, battery, team, severity, None, missing=False)
        )
    if bundle.assessment is None:
        if any(f.path.endswith("assessment.yaml") for f in bundle.findings):
            return []  # the file is there but does not load: its own findings say why
        if battery.sections and bundle.audit is not None and bundle.results is None:
            n = sum(1 for _ in battery.fidelity_items())
            return [
                bundle.audit.finding(
                    ("battery",),
                    "assessment-missing-item",
                    f"{battery.ref} has {n} fidelity items for the reviewers to score, but there "
                    f"is no assessment.yaml yet; score each item there under items:",
                    severity=severity,
                )
            ]
        return []
    return _scores(bundle.assessment, battery, team, severity, status if finished else None)


def _scores(
    loaded: Loaded[Assessment],
    battery: Battery,
    team: set[str] | None,
    severity: Severity,
    finished: str | None,
    missing: bool = True,
) -> list[Finding]:
    """`finished`: the audit's status when it is assessed or later, else None."""
    items = {item.id: item for _, item in battery.fidelity_items()}
    given = loaded.model.items or {}
    low, high = battery.item_scale.min, battery.item_scale.max
    found: list[Finding] = []
    for item_id, item_score in given.items():
        loc: Loc = ("items", item_id)
        if item_id not in items:
            close = difflib.get_close_matches(item_id, list(items), n=1, cutoff=0.6)
            hint = (
                f"; did you mean '{close[0]}'?"
                if close
                else ""
                if items
                else f"; the battery {battery.ref} has no fidelity items"
            )
            found.append(
                loaded.finding(
                    loc,
                    "assessment-unknown-item",
                    f"the battery {battery.ref} has no fidelity item '{item_id}'{hint}",
                    key=True,
                )
            )
            continue
        if item_score.score is not None and not low <= item_score.score <= high:
            score_loc = loc + ("score",) if loc + ("score",) in loaded.doc.values else loc
            found.append(
                loaded.finding(
                    score_loc,
                    "assessment-item-score",
                    f"{item_score.score} is not a score of '{item_id}'; scores run from {low} to {high}",
                )
            )
        for reviewer, own in (item_score.reviewers or {}).items():
            own_loc = loc + ("reviewers", reviewer)
            if team is not None and reviewer not in team:
                listed = ", ".join(sorted(team)) or "nobody yet"
                found.append(
                    loaded.finding(
                        own_loc,
                        "assessment-unknown-reviewer",
                        f"reviewer '{reviewer}' is not on the audit's team ({listed})",
                        key=True,
                    )
                )
            if not low <= own <= high:
                found.append(
                    loaded.finding(
                        own_loc,
                        "assessment-item-score",
                        f"reviewer {reviewer}'s score {own} of '{item_id}' lies outside {low}–{high}",
                    )
                )
    if not missing:
        return found
    hint = (
        f"the audit's status is '{finished}', so every item needs its score"
        if finished
        else "the total, mean and band wait until every item is scored"
    )
    for _, item in battery.fidelity_items():
        if item.id in given and given[item.id].score is not None:
            continue
        where: Loc
        if item.id in given:
            where, key, what = ("items", item.id), True, f"write its score {low}–{high} after `{item.id}:`"
        else:
            where, key, what = ("items",), True, f"give `{item.id}: {low}–{high}` under items:"
        if ("items",) not in loaded.doc.keys:
            where, key = (), False
        found.append(
            loaded.finding(
                where,
                "assessment-missing-item",
                f"item '{item.id}' has no consensus score yet ({what}); {hint}",
                severity=severity,
                key=key,
            )
        )
    return found
