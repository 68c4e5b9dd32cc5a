"""A battery as readable text for `revision batteries show`."""

from __future__ import annotations

from collections.abc import Callable

from revision_cli.i18n import _
from revision_cli.models.base import Text
from revision_cli.models.battery import TEXT_SCALE, Battery
from revision_cli.views.presentation import fraction_text
from revision_cli.views.themes import describe_themes


def describe_battery(battery: Battery, lang: str = "sv") -> str:
    def t(text: Text | None) -> str:
        return text.get(lang, battery.language) if text is not None else ""

    lines = [f"{battery.ref}: {t(battery.title)}"]
    if battery.description:
        lines.append(t(battery.description))
    rule = battery.rating
    scales = [q.scale for _, _, q in battery.questions()]
    if any(scale != TEXT_SCALE for scale in scales):
        thresholds = _("Thresholds: green ≥ {green}, yellow ≥ {yellow}, at least {min_answers} counted answers").format(
            green=fraction_text(rule.green), yellow=fraction_text(rule.yellow), min_answers=rule.min_answers
        )
    elif scales:
        thresholds = _("Thresholds: none; every question is free text, so no colours are computed")
    elif battery.statements:
        thresholds = _(
            "Thresholds: no colours; a statement needs at least {min_answers} counted answers for a "
            "mean, median and share"
        ).format(min_answers=rule.min_answers)
    else:
        thresholds = _("Thresholds: no colours; the fidelity total is placed in a band (see below)")
    lines += [_("Groups: {groups}").format(groups=", ".join(battery.groups)), thresholds, _("Scales:")]
    for name, scale in battery.scales.items():
        options = ", ".join(
            f"{o.value} ({fraction_text(o.score) if o.score is not None else _('not counted')})"
            for o in scale.options or []
        )
        if scale.range is not None:
            values = _("{min}–{max}, positive from {positive_from}").format(
                min=scale.range.min, max=scale.range.max, positive_from=scale.positive_from
            )
            values = f"{values}; {options}" if options else values
        else:
            values = options
        lines.append(f"  {name}: {values}")
    lines.append(f"  {TEXT_SCALE}: " + _("free text, never scored"))
    for area in battery.areas:
        lines.append(f"\n{area.id}: {t(area.title)}")
        for sub in area.subareas:
            lines.append(f"  {sub.id}: {t(sub.title)}")
            for group in battery.groups:
                asked = [q for q in sub.questions if group in battery.question_groups(q)]
                if asked:
                    lines.append(f"    [{group}]")
                    lines.extend(f"      {q.id} ({q.scale}): {t(q.text)}" for q in asked)
    if battery.statements:
        lines.append(statements_text(battery, t))
    lines.extend(describe_themes(battery, lang))
    return "\n".join(lines)


def statements_text(battery: Battery, t: Callable[[Text | None], str]) -> str:
    """The rated statements, each with its scale's range and positive_from and who is asked."""
    lines = ["\n" + _("Statements (rated; share counted from positive_from up):")]
    for s in battery.statements:
        scale = battery.scales.get(s.scale)
        rated = (
            _("{scale}: {min}–{max}, positive from {positive_from}").format(
                scale=s.scale, min=scale.range.min, max=scale.range.max, positive_from=scale.positive_from
            )
            + "".join(f", {o.value} ({_('not counted')})" for o in scale.options or [])
            if scale is not None and scale.range is not None
            else s.scale
        )
        lines.append(f"  {s.id} ({rated}; {', '.join(battery.question_groups(s))}): {t(s.text)}")
    return "\n".join(lines)
