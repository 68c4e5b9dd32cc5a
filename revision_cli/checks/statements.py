"""Battery rules for rated statements (hooked into battery_checks.check_battery)."""

from __future__ import annotations

from revision_cli.errors import Finding
from revision_cli.files.loading import Loaded
from revision_cli.files.yaml_io import Loc
from revision_cli.i18n import _
from revision_cli.models.battery import TEXT_SCALE, Battery


def check_statements(loaded: Loaded[Battery]) -> list[Finding]:
    battery = loaded.model
    if not battery.statements:
        return []
    return [*_ids(loaded, battery), *_scales(loaded, battery), *_groups(loaded, battery)]


def _earlier_ids(battery: Battery) -> dict[str, Loc]:
    """Areas, sub-areas and questions by id, with their location (the first one wins;
    battery_checks reports their own duplicates)."""
    places: dict[str, Loc] = {}
    for a, area in enumerate(battery.areas):
        places.setdefault(area.id, ("areas", a, "id"))
        for s, subarea in enumerate(area.subareas):
            places.setdefault(subarea.id, ("areas", a, "subareas", s, "id"))
            for q, question in enumerate(subarea.questions):
                places.setdefault(question.id, ("areas", a, "subareas", s, "questions", q, "id"))
    return places


def _ids(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    # Statements are answered by id beside the questions: one namespace for all.
    seen = _earlier_ids(battery)
    found: list[Finding] = []
    for i, statement in enumerate(battery.statements):
        loc = ("statements", i, "id")
        if statement.id in seen:
            first = loaded.doc.at(seen[statement.id])[0]
            found.append(
                loaded.finding(
                    loc,
                    "battery-duplicate-id",
                    _("id '{id}' is already used on line {first}").format(id=statement.id, first=first),
                )
            )
        else:
            seen[statement.id] = loc
    return found


def _scales(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    found: list[Finding] = []
    ranges = [name for name, scale in battery.scales.items() if scale.range is not None]
    hint = (
        _("; range scales of this battery: {value}").format(value=", ".join(ranges))
        if ranges
        else (_("; declare one under scales, e.g. grad-1-5: {range: {min: 1, max: 5}, positive_from: 4}"))
    )
    for i, statement in enumerate(battery.statements):
        loc = ("statements", i, "scale")
        name = statement.scale
        scale = battery.scales.get(name)
        if name == TEXT_SCALE:
            found.append(
                loaded.finding(
                    loc,
                    "battery-statement-scale",
                    _("statement '{id}' is on the free-text scale; a statement is rated on a range scale{hint}").format(
                        id=statement.id, hint=hint
                    ),
                )
            )
        elif scale is None:
            known = ", ".join(battery.scales) or "none"
            found.append(
                loaded.finding(
                    loc,
                    "battery-unknown-scale",
                    _("scale '{name}' is not declared; known scales: {known}").format(name=name, known=known),
                )
            )
        elif scale.range is None:  # options beside a range are vet-ej: not counted, reported
            found.append(
                loaded.finding(
                    loc,
                    "battery-statement-scale",
                    _(
                        "statement '{id}' is on '{name}', a scale of options; a statement is rated on a range "
                        "scale (min, max, positive_from){hint}"
                    ).format(id=statement.id, name=name, hint=hint),
                )
            )
        # A range scale without positive_from is already an error at the scale itself.
    return found


def _groups(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    groups = set(battery.groups)
    return [
        loaded.finding(
            ("statements", i, "groups", g),
            "battery-unknown-group",
            _("group '{group}' is not among the battery's groups ({value})").format(
                group=group, value=", ".join(battery.groups)
            ),
        )
        for i, statement in enumerate(battery.statements)
        for g, group in enumerate(statement.groups or [])
        if group not in groups
    ]
