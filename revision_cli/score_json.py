"""The score card as the JSON object of PRODUCT.md §5."""

from __future__ import annotations

from fractions import Fraction

from .presentation import fraction_text
from .scoring import ScoreCard
from .themes_view import has_colours


def _share(share: Fraction | None) -> float | None:
    return float(share) if share is not None else None


def _exact(share: Fraction | None) -> str | None:
    return fraction_text(share) if share is not None else None


def _judged(item, **extra) -> dict:
    if item.suppressed:
        return {"id": item.id, "rating": item.team.value if item.team else None,
                "team": item.team.value if item.team else None,
                "share": None, "n": None, "suppressed": True, "reason": item.suppressed, **extra}
    if not has_colours(item):  # free text only: no colour at all, rather than "insufficient"
        return {"id": item.id, "rating": None, "computed": None, "team": None, "differs": False, "share": None,
                "share_exact": None, "n": item.n, "excluded": item.excluded, **extra}
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
        **extra,
    }


def scorecard_json(card: ScoreCard, respondents: dict) -> dict:
    rule = card.rule
    result = {
        "audit": card.audit_id,
        "battery": card.battery.ref,
        "thresholds": {"green": fraction_text(rule.green), "yellow": fraction_text(rule.yellow),
                       "min_answers": rule.min_answers},
        "respondents": respondents,
    }
    if card.group is not None:
        result["group"] = card.group
    result["areas"] = [
        _judged(area, subareas=[
            _judged(sub, questions=[
                {"id": q.id, "share": None, "n": None, "suppressed": True, "reason": q.suppressed} if q.suppressed else
                {"id": q.id, "rating": q.computed.value if q.scored else None, "scored": q.scored,
                 "share": _share(q.share), "share_exact": _exact(q.share), "n": q.n,
                 "excluded": q.excluded, "answered": q.answered}
                for q in sub.questions])
            for sub in area.subareas])
        for area in card.areas
    ]
    return result


def suppressed_json(audit_id: str, battery_ref: str, group: str, reason: str) -> dict:
    return {"audit": audit_id, "battery": battery_ref, "group": group, "suppressed": True, "reason": reason}
