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

from typing import TYPE_CHECKING

from revision_cli.errors import Finding, Severity, close_matches
from revision_cli.i18n import _, ngettext
from revision_cli.models.battery import Band, Battery

if TYPE_CHECKING:
    from revision_cli.files.loading import Loaded
    from revision_cli.files.yaml_io import Loc
    from revision_cli.models.assessment import Assessment
    from revision_cli.models.bundle import AuditBundle

# Once an audit has reached these, its assessment is meant to be complete.
FINISHED = ("assessed", "reported", "followed-up")


def check_battery_fidelity(loaded: Loaded[Battery]) -> list[Finding]:
    battery = loaded.model
    if not battery.sections and not battery.bands and not battery.guides:
        return []
    return [
        *_ids(loaded, battery),
        *_item_scale(loaded, battery),
        *_anchors(loaded, battery),
        *_bands(loaded, battery),
        *_guides(loaded, battery),
    ]


def _guides(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    """Each guide for one of the battery's groups, at most one a group; each topic's items
    fidelity items or sections of the battery; topic and question ids unique in the battery."""
    found: list[Finding] = []
    targets = {s.id for s in battery.sections} | {i.id for _s, i in battery.fidelity_items()}
    taken = {*targets, *(a.id for a in battery.areas), *(s.id for s in battery.statements)}
    taken |= {sub.id for a in battery.areas for sub in a.subareas} | {q.id for _a, _s, q in battery.questions()}
    groups: set[str] = set()
    for g, guide in enumerate(battery.guides):
        if guide.group not in battery.groups:
            found.append(
                loaded.finding(
                    ("guides", g, "group"),
                    "battery-guide",
                    _("the guide is for group '{group}', which the battery does not list under groups").format(
                        group=guide.group
                    ),
                )
            )
        elif guide.group in groups:
            found.append(
                loaded.finding(
                    ("guides", g, "group"),
                    "battery-guide",
                    _("group '{group}' has a guide already; put its topics in one guide").format(group=guide.group),
                )
            )
        groups.add(guide.group)
        for t, topic in enumerate(guide.topics):
            places: list[tuple[Loc, str]] = [(("guides", g, "topics", t, "id"), topic.id)]
            places += [(("guides", g, "topics", t, "questions", q, "id"), x.id) for q, x in enumerate(topic.questions)]
            for loc, ident in places:
                if ident in taken:
                    found.append(
                        loaded.finding(
                            loc,
                            "battery-duplicate-id",
                            _("id '{ident}' is used twice; every id in a battery must be unique").format(ident=ident),
                        )
                    )
                taken.add(ident)
            for i, item in enumerate(topic.items):
                if item not in targets:
                    close = close_matches(item, sorted(targets), n=1)
                    hint = _("; did you mean '{id}'?").format(id=close[0]) if close else ""
                    found.append(
                        loaded.finding(
                            ("guides", g, "topics", t, "items", i),
                            "battery-guide",
                            _("the battery has no fidelity item or section '{id}'{hint}").format(id=item, hint=hint),
                        )
                    )
    return found


def _ids(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    # Sections and items share the namespace of areas, sub-areas and questions (their own
    # duplicates are battery_checks' to report): assessment.yaml names items by id alone.
    taken: dict[str, str] = {}
    for area in battery.areas:
        taken.setdefault(area.id, _("an area"))
        for sub in area.subareas:
            taken.setdefault(sub.id, "a sub-area")
            for question in sub.questions:
                taken.setdefault(question.id, "a question")
    for statement in battery.statements:
        taken.setdefault(statement.id, "a statement")
    found: list[Finding] = []
    for s, section in enumerate(battery.sections):
        places: list[tuple[Loc, str, str]] = [(("sections", s, "id"), section.id, _("a section"))]
        places += [(("sections", s, "items", i, "id"), item.id, _("an item")) for i, item in enumerate(section.items)]
        for loc, ident, what in places:
            if ident in taken:
                found.append(
                    loaded.finding(
                        loc,
                        "battery-duplicate-id",
                        _("id '{ident}' is already used by {taken}; every id in a battery must be unique").format(
                            ident=ident, taken=taken[ident]
                        ),
                    )
                )
            else:
                taken[ident] = what
    seen: set[str] = set()
    for b, band in enumerate(battery.bands):
        if band.id in seen:
            found.append(
                loaded.finding(
                    ("bands", b, "id"), "battery-duplicate-id", _("band id '{id}' is used twice").format(id=band.id)
                )
            )
        seen.add(band.id)
    return found


def _item_scale(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    scale = battery.item_scale
    if scale.min < scale.max:
        return []
    return [
        loaded.finding(
            ("item_scale",),
            "battery-scale",
            _("item_scale min ({min}) must be below max ({max})").format(min=scale.min, max=scale.max),
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
                            _("item '{id}' has an anchor for {score}, outside the item scale {low}–{high}").format(
                                id=item.id, score=score, low=low, high=high
                            ),
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
                        ngettext(
                            "item '{id}' says nothing about what the score {scores} means; give every "
                            "score {low}–{high} an anchor so that reviewers score alike",
                            "item '{id}' says nothing about what the scores {scores} mean; give every "
                            "score {low}–{high} an anchor so that reviewers score alike",
                            len(lacking),
                        ).format(id=item.id, scores=", ".join(lacking), low=low, high=high),
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
                _("bands need fidelity items to sum up (sections: with items); remove them or add sections"),
            )
        ]
    from revision_cli.scoring.fidelity import possible_totals  # a fidelity battery's only

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
                    _("band '{id}' runs from {min} down to {max}; min must not exceed max").format(
                        id=band.id, min=band.min, max=band.max
                    ),
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
                    _("band '{id}' ({value}) holds no total the scale allows ({lowest}–{highest})").format(
                        id=band.id, value=_span(band), lowest=lowest, highest=highest
                    ),
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
                    _("no band holds the totals {value}; band '{id}' starts at {first}").format(
                        value=_range(expected, first - 1), id=band.id, first=first
                    ),
                )
            )
        elif first < expected and previous is not None:  # expected rose past lowest: previous is set
            other = battery.bands[previous]
            found.append(
                loaded.finding(
                    ("bands", b),
                    "battery-bands",
                    _("bands '{id}' ({value}) and '{id2}' ({value2}) overlap: {value3} would lie in both").format(
                        id=other.id,
                        value=_span(other),
                        id2=band.id,
                        value2=_span(band),
                        value3=_range(first, min(last, expected - 1)),
                    ),
                )
            )
        if last + 1 > expected:
            expected, previous = last + 1, b
    if expected <= highest:
        found.append(
            loaded.finding(
                ("bands",),
                "battery-bands",
                _("no band holds the totals {value} (the scale allows {lowest}–{highest})").format(
                    value=_range(expected, highest), lowest=lowest, highest=highest
                ),
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
                    ngettext(
                        "{ref} has {n} fidelity item for the reviewers to score, but there is no "
                        "assessment.yaml yet; score each item there under items:",
                        "{ref} has {n} fidelity items for the reviewers to score, but there is no "
                        "assessment.yaml yet; score each item there under items:",
                        n,
                    ).format(ref=battery.ref, n=n),
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
            close = close_matches(item_id, list(items), n=1, cutoff=0.6)
            hint = (
                _("; did you mean '{id}'?").format(id=close[0])
                if close
                else ""
                if items
                else _("; the battery {ref} has no fidelity items").format(ref=battery.ref)
            )
            found.append(
                loaded.finding(
                    loc,
                    "assessment-unknown-item",
                    _("the battery {ref} has no fidelity item '{item_id}'{hint}").format(
                        ref=battery.ref, item_id=item_id, hint=hint
                    ),
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
                    _("{score} is not a score of '{item_id}'; scores run from {low} to {high}").format(
                        score=item_score.score, item_id=item_id, low=low, high=high
                    ),
                )
            )
        for reviewer, own in (item_score.reviewers or {}).items():
            own_loc = loc + ("reviewers", reviewer)
            if team is not None and reviewer not in team:
                listed = ", ".join(sorted(team)) or _("nobody yet")
                found.append(
                    loaded.finding(
                        own_loc,
                        "assessment-unknown-reviewer",
                        _("reviewer '{reviewer}' is not on the audit's team ({listed})").format(
                            reviewer=reviewer, listed=listed
                        ),
                        key=True,
                    )
                )
            if not low <= own <= high:
                found.append(
                    loaded.finding(
                        own_loc,
                        "assessment-item-score",
                        _("reviewer {reviewer}'s score {own} of '{item_id}' lies outside {low}–{high}").format(
                            reviewer=reviewer, own=own, item_id=item_id, low=low, high=high
                        ),
                    )
                )
    if not missing:
        return found
    hint = (
        _("the audit's status is '{finished}', so every item needs its score").format(finished=finished)
        if finished
        else _("the total, mean and band wait until every item is scored")
    )
    for _section, item in battery.fidelity_items():
        if item.id in given and given[item.id].score is not None:
            continue
        where: Loc
        if item.id in given:
            where, key, what = (
                ("items", item.id),
                True,
                _("write its score {low}–{high} after `{id}:`").format(low=low, high=high, id=item.id),
            )
        else:
            where, key, what = (
                ("items",),
                True,
                _("give `{id}: {low}–{high}` under items:").format(id=item.id, low=low, high=high),
            )
        if ("items",) not in loaded.doc.keys:
            where, key = (), False
        found.append(
            loaded.finding(
                where,
                "assessment-missing-item",
                _("item '{id}' has no consensus score yet ({what}); {hint}").format(id=item.id, what=what, hint=hint),
                severity=severity,
                key=key,
            )
        )
    return found
