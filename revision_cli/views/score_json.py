"""The score card as the JSON object of PRODUCT.md §5."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from revision_cli.models.combined import Combined
from revision_cli.scoring.breakdown import Breakdown, GroupColumn
from revision_cli.scoring.colours import AreaScore, QuestionScore, ScoreCard, SubareaScore
from revision_cli.views.presentation import exact_or_none as _exact
from revision_cli.views.presentation import float_or_none as _share
from revision_cli.views.presentation import fraction_text
from revision_cli.views.statements import statements_json
from revision_cli.views.themes import has_colours

if TYPE_CHECKING:
    from revision_cli.repository.scored import Respondents


def _judged(item: AreaScore | SubareaScore, **extra: Any) -> dict[str, Any]:
    if item.suppressed:
        return {
            "id": item.id,
            "rating": item.team.value if item.team else None,
            "team": item.team.value if item.team else None,
            "share": None,
            "n": None,
            "suppressed": True,
            "reason": item.suppressed,
            **extra,
        }
    if not has_colours(item):  # free text only: no colour at all, rather than "insufficient"
        return {
            "id": item.id,
            "rating": None,
            "computed": None,
            "team": None,
            "differs": False,
            "share": None,
            "share_exact": None,
            "n": item.n,
            "excluded": item.excluded,
            **extra,
        }
    return {
        "id": item.id,
        "rating": item.rating.value,
        "computed": item.computed.value,
        "team": item.team.value if item.team else None,
        "differs": item.differs,
        "share": _share(item.share),
        "share_exact": _exact(item.share),
        "n": item.n,
        "excluded": item.excluded,
        # parts withheld in this card (too few respondents), and so not in its mean
        **({"left_out": item.left_out} if item.left_out else {}),
        **extra,
    }


def _group_cell(
    breakdown: Breakdown, column: GroupColumn, item: AreaScore | SubareaScore | QuestionScore
) -> dict[str, Any]:
    withheld = breakdown.withheld(column, item)
    if withheld or column.card is None:  # a column without a card has its reason (group_breakdown)
        return {"suppressed": True, "reason": withheld}
    if not breakdown.asked(column.card.battery, item, column.group):
        return {"asked": False}
    own = column.item(item.id, type(item))
    assert isinstance(own, type(item))  # asked of the group: its card has the same item
    return {
        "computed": own.computed.value,
        "share": _share(own.share),
        "share_exact": _exact(own.share),
        "n": own.n,
        "excluded": own.excluded,
    }


def _with_groups(
    entry: dict[str, Any], item: AreaScore | SubareaScore | QuestionScore, breakdown: Breakdown | None
) -> dict[str, Any]:
    """The entry with each group's figures beside the total, when the audit has a breakdown."""
    if (
        breakdown is not None
        and breakdown.columns
        and not entry.get("suppressed")
        and (not hasattr(item, "scored") or item.scored)
    ):
        entry["groups"] = {c.group: _group_cell(breakdown, c, item) for c in breakdown.columns}
    return entry


def scorecard_json(card: ScoreCard, respondents: Respondents, breakdown: Breakdown | None = None) -> dict[str, Any]:
    """`breakdown` adds each group's figures to every area, sub-area and scored question."""
    rule = card.rule
    result: dict[str, Any] = {
        "audit": card.audit_id,
        "battery": card.battery.ref,
        "thresholds": {
            "green": fraction_text(rule.green),
            "yellow": fraction_text(rule.yellow),
            "min_answers": rule.min_answers,
        },
        "respondents": respondents,
    }
    if card.group is not None:
        result["group"] = card.group
    if breakdown is not None and card.group is None:
        result["breakdown"] = {
            "groups": [c.group for c in breakdown.columns],
            "suppressed": {c.group: c.reason for c in breakdown.columns if c.card is None},
            "none_because": breakdown.none_because,
        }
    else:
        breakdown = None
    result["areas"] = [
        _with_groups(
            _judged(
                area,
                subareas=[
                    _with_groups(
                        _judged(
                            sub,
                            questions=[
                                _with_groups(
                                    {"id": q.id, "share": None, "n": None, "suppressed": True, "reason": q.suppressed}
                                    if q.suppressed
                                    else {
                                        "id": q.id,
                                        "rating": q.computed.value if q.scored else None,
                                        "scored": q.scored,
                                        "share": _share(q.share),
                                        "share_exact": _exact(q.share),
                                        "n": q.n,
                                        "excluded": q.excluded,
                                        "answered": q.answered,
                                    },
                                    q,
                                    breakdown,
                                )
                                for q in sub.questions
                            ],
                        ),
                        sub,
                        breakdown,
                    )
                    for sub in area.subareas
                ],
            ),
            area,
            breakdown,
        )
        for area in card.areas
    ]
    result["statements"] = statements_json(card.statements, breakdown)
    if isinstance(card.battery, Combined):
        # Several batteries: the list, and beside each area and statement the one it is from.
        result["batteries"] = [part.ref for part in card.battery.parts]
        for entry in result["areas"]:
            entry["battery"] = card.battery.owners.get(("area", entry["id"]))
        for entry in result["statements"]:
            entry["battery"] = card.battery.owners.get(("question", entry["id"]))
    return result


def suppressed_json(audit_id: str, battery_ref: str, group: str, reason: str) -> dict[str, Any]:
    return {"audit": audit_id, "battery": battery_ref, "group": group, "suppressed": True, "reason": reason}
