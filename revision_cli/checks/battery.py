"""Rules inside one battery that the model alone cannot express."""

from __future__ import annotations

from revision_cli.checks.fidelity import check_battery_fidelity
from revision_cli.checks.statements import check_statements
from revision_cli.checks.themes import check_battery_themes
from revision_cli.errors import Finding
from revision_cli.files.loading import Loaded
from revision_cli.files.yaml_io import Loc
from revision_cli.i18n import _
from revision_cli.models.battery import TEXT_SCALE, Battery, Option, Range, Scale


def check_battery(loaded: Loaded[Battery]) -> list[Finding]:
    battery = loaded.model
    return [
        *_ids(loaded, battery),
        *_scales(loaded, battery),
        *_thresholds(loaded, battery),
        *_questions(loaded, battery),
        *check_battery_fidelity(loaded),
        *check_statements(loaded),
        *check_battery_themes(loaded),
    ]


def _ids(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    # Areas, sub-areas and questions share one namespace: answers, assessments and
    # actions refer to them by id alone.
    seen: dict[str, Loc] = {}
    found: list[Finding] = []
    for a, area in enumerate(battery.areas):
        places: list[tuple[Loc, str]] = [(("areas", a, "id"), area.id)]
        for s, subarea in enumerate(area.subareas):
            places.append((("areas", a, "subareas", s, "id"), subarea.id))
            for q, question in enumerate(subarea.questions):
                places.append((("areas", a, "subareas", s, "questions", q, "id"), question.id))
        for loc, ident in places:
            if ident in seen:
                first = loaded.doc.at(seen[ident])[0]
                found.append(
                    loaded.finding(
                        loc,
                        "battery-duplicate-id",
                        _("id '{ident}' is already used on line {first}").format(ident=ident, first=first),
                    )
                )
            else:
                seen[ident] = loc
    groups_seen: set[str] = set()
    for g, group in enumerate(battery.groups):
        if group in groups_seen:
            found.append(
                loaded.finding(
                    ("groups", g), "battery-duplicate-id", _("group '{group}' is listed twice").format(group=group)
                )
            )
        groups_seen.add(group)
    return found


def _scales(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    found: list[Finding] = []
    for name, scale in battery.scales.items():
        loc = ("scales", name)
        if name == TEXT_SCALE:
            found.append(
                loaded.finding(
                    loc, "battery-scale", _("'text' is the built-in free-text scale; choose another name"), key=True
                )
            )
            continue
        if scale.options is None and scale.range is None:
            found.append(
                loaded.finding(
                    loc,
                    "battery-scale",
                    _("scale '{name}' needs options, a range, or a range with options without score beside it").format(
                        name=name
                    ),
                )
            )
            continue
        if scale.range is not None:
            found.extend(_range(loaded, name, scale, scale.range))
            if scale.options is not None:
                found.extend(_beside_range(loaded, name, scale.range, scale.options))
        elif scale.options is not None:
            found.extend(_options(loaded, name, scale, scale.options))
    return found


def _beside_range(loaded: Loaded[Battery], name: str, span: Range, options: list[Option]) -> list[Finding]:
    """Options beside a range are answers that are not counted (vet-ej): the range alone
    scores, so an option has no score and no number the range already holds."""
    found: list[Finding] = []
    values: set[str] = set()
    for i, option in enumerate(options):
        loc = ("scales", name, "options", i)
        if str(option.value) in values:
            found.append(
                loaded.finding(
                    loc + ("value",),
                    "battery-scale",
                    _("value '{value}' appears twice in scale '{name}'").format(value=option.value, name=name),
                )
            )
        values.add(str(option.value))
        if option.score is not None:
            found.append(
                loaded.finding(
                    loc + ("score",),
                    "battery-scale",
                    _(
                        "an option beside a range has no score: the range's numbers are scored by positive_from "
                        "and the option (such as vet-ej) is not counted; remove the score"
                    ),
                )
            )
        if isinstance(option.value, int) and span.min <= option.value <= span.max:
            found.append(
                loaded.finding(
                    loc + ("value",),
                    "battery-scale",
                    _(
                        "option {value} lies inside the range {low}–{high}; give it a value outside it, such as vet-ej"
                    ).format(value=option.value, low=span.min, high=span.max),
                )
            )
    if not options:
        found.append(
            loaded.finding(
                ("scales", name, "options"), "battery-scale", _("scale '{name}' has no options").format(name=name)
            )
        )
    return found


def _options(loaded: Loaded[Battery], name: str, scale: Scale, options: list[Option]) -> list[Finding]:
    found: list[Finding] = []
    values: set[str | int] = set()
    if scale.positive_from is not None:
        found.append(
            loaded.finding(
                ("scales", name, "positive_from"),
                "battery-scale",
                _("positive_from belongs to range scales; give each option a score instead"),
            )
        )
    for i, option in enumerate(options):
        if option.value in values:
            found.append(
                loaded.finding(
                    ("scales", name, "options", i, "value"),
                    "battery-scale",
                    _("value '{value}' appears twice in scale '{name}'").format(value=option.value, name=name),
                )
            )
        values.add(option.value)
        if option.score is not None and not 0 <= option.score <= 1:
            found.append(
                loaded.finding(
                    ("scales", name, "options", i, "score"),
                    "battery-scale",
                    _("a score must lie between 0 and 1, not {score}").format(score=option.score),
                )
            )
    if not options:
        found.append(
            loaded.finding(
                ("scales", name, "options"), "battery-scale", _("scale '{name}' has no options").format(name=name)
            )
        )
    elif all(option.score is None for option in options):
        found.append(
            loaded.finding(
                ("scales", name, "options"),
                "battery-scale",
                _("no option of scale '{name}' has a score; use scale: text for free text").format(name=name),
            )
        )
    return found


def _range(loaded: Loaded[Battery], name: str, scale: Scale, span: Range) -> list[Finding]:
    low, high = span.min, span.max
    if low >= high:
        return [
            loaded.finding(
                ("scales", name, "range"),
                "battery-scale",
                _("range min ({low}) must be below max ({high})").format(low=low, high=high),
            )
        ]
    if scale.positive_from is None:
        return [
            loaded.finding(
                ("scales", name), "battery-scale", _("range scale '{name}' needs positive_from").format(name=name)
            )
        ]
    if not low <= scale.positive_from <= high:
        return [
            loaded.finding(
                ("scales", name, "positive_from"),
                "battery-scale",
                _("positive_from {positive_from} lies outside the range {low}–{high}").format(
                    positive_from=scale.positive_from, low=low, high=high
                ),
            )
        ]
    return []


def _thresholds(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    rule = battery.rating
    if 0 <= rule.yellow <= rule.green <= 1:
        return []
    return [
        loaded.finding(
            ("rating",),
            "battery-thresholds",
            _("thresholds must satisfy 0 ≤ yellow ≤ green ≤ 1; got yellow {yellow}, green {green}").format(
                yellow=rule.yellow, green=rule.green
            ),
        )
    ]


def _questions(loaded: Loaded[Battery], battery: Battery) -> list[Finding]:
    found = []
    groups = set(battery.groups)
    for a, area in enumerate(battery.areas):
        for s, subarea in enumerate(area.subareas):
            for q, question in enumerate(subarea.questions):
                loc = ("areas", a, "subareas", s, "questions", q)
                if question.scale != TEXT_SCALE and question.scale not in battery.scales:
                    known = ", ".join([*battery.scales, TEXT_SCALE])
                    found.append(
                        loaded.finding(
                            loc + ("scale",),
                            "battery-unknown-scale",
                            _("scale '{scale}' is not declared; known scales: {known}").format(
                                scale=question.scale, known=known
                            ),
                        )
                    )
                for g, group in enumerate(question.groups or []):
                    if group not in groups:
                        found.append(
                            loaded.finding(
                                loc + ("groups", g),
                                "battery-unknown-group",
                                _("group '{group}' is not among the battery's groups ({value})").format(
                                    group=group, value=", ".join(battery.groups)
                                ),
                            )
                        )
    return found
