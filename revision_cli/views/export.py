"""The tidy export: one row per audit × item × card, for a spreadsheet or a data tool.

The rows are made from the score card exactly as `revision score --format json` publishes it,
so they withhold what the reports withhold (a withheld figure is empty and its reason is
given) and hold nothing the score card does not: no answer, no free text (a fidelity item's
note stays out too), no respondent code. A card is `total` or a respondent group's column of
the breakdown; an item a group was not asked has no row for that group.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from revision_cli.i18n import _

if TYPE_CHECKING:
    from revision_cli.repository.scored import ScoredAudit

# The item kinds, in the order of the sheets of a workbook.
KINDS = ("area", "subarea", "question", "statement", "fidelity-item", "fidelity-section", "fidelity-total", "theme")
COLUMNS = (
    "audit",
    "unit",
    "organisation",
    "site_visit",
    "feedback_meeting",
    "battery",
    "kind",
    "id",
    "parent",
    "card",
    "rating",
    "team",
    "computed",
    "share_exact",
    "share",
    "mean_exact",
    "mean",
    "score",
    "count",
    "n",
    "excluded",
    "withheld",
    "reason",
)
# Columns that hold numbers (a workbook formats them; excel-sv writes a decimal comma).
NUMBERS = ("share", "mean", "score", "count", "n", "excluded")
TOTAL = "total"


def score_document(scored: ScoredAudit, language: str) -> dict[str, Any]:
    """What `revision score --format json` prints for the whole audit."""
    from revision_cli.views.fidelity import card_of, fidelity_json
    from revision_cli.views.score_json import scorecard_json
    from revision_cli.views.themes import themes_json

    card = scored.score(None)
    fidelity = card_of(scored)
    return {
        **scorecard_json(card, scored.respondents(), scored.breakdown()),
        **(fidelity_json(fidelity) if fidelity else {}),
        **themes_json(scored, card, language),
    }


def export_rows(scored: ScoredAudit, language: str) -> list[dict[str, Any]]:
    audit = scored.audit
    base: dict[str, Any] = {
        "audit": audit.id,
        "unit": audit.unit,
        "organisation": audit.organisation or scored.repo.config.organisation,
        "site_visit": audit.site_visit.isoformat() if audit.site_visit else None,
        "feedback_meeting": audit.feedback_meeting.isoformat() if audit.feedback_meeting else None,
        "battery": scored.battery.ref,
    }
    from revision_cli.models.combined import Combined

    rows = [{column: None for column in COLUMNS} | base | row for row in _rows(score_document(scored, language))]
    if isinstance(scored.battery, Combined):  # several batteries: each row names its own
        for row in rows:
            kind = _OWN_KINDS.get(row["kind"])
            row["battery"] = scored.battery.owners.get((kind, row["id"]), row["battery"]) if kind else row["battery"]
    return rows


# A row's kind → the kind of id models.combined records the battery of.
_OWN_KINDS = {
    "area": "area",
    "subarea": "subarea",
    "question": "question",
    "statement": "question",
    "fidelity-item": "item",
    "fidelity-section": "section",
    "theme": "theme",
}


def _rows(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for area in doc.get("areas", []):
        yield from _cards("area", area, None)
        for sub in area.get("subareas", []):
            yield from _cards("subarea", sub, area["id"])
            for question in sub.get("questions", []):
                yield from _cards("question", question, sub["id"])
    for statement in doc.get("statements", []):
        yield from _cards("statement", statement, None)
    if "items" in doc:  # a fidelity review
        for item in doc["items"]:
            yield {"kind": "fidelity-item", "id": item["id"], "parent": item["section"], "card": TOTAL} | _score(item)
        for section in doc["sections"]:
            yield {"kind": "fidelity-section", "id": section["id"], "card": TOTAL} | _fidelity_sum(section)
        yield {"kind": "fidelity-total", "id": doc["battery"], "card": TOTAL, "rating": doc["band"]} | _fidelity_sum(
            doc
        )
    for theme in doc.get("themes", []):
        yield {"kind": "theme", "id": theme["id"], "card": TOTAL, "count": theme["interviews"], "withheld": False}


def _cards(kind: str, entry: dict[str, Any], parent: str | None) -> Iterator[dict[str, Any]]:
    head = {"kind": kind, "id": entry["id"], "parent": parent}
    yield head | {"card": TOTAL} | _figures(entry, total=True)
    for group, cell in entry.get("groups", {}).items():
        if cell.get("asked", True):
            yield head | {"card": group} | _figures(cell, total=False)


def _figures(entry: dict[str, Any], total: bool) -> dict[str, Any]:
    if entry.get("suppressed"):
        reason = entry.get("reason")
        # The team's colour is theirs to publish, and the reports show it beside a withheld figure.
        return {"team": entry.get("team"), "rating": entry.get("team"), "withheld": True, "reason": _(reason or "")}
    computed = entry.get("computed", entry.get("rating") if total else None)
    return {
        "rating": entry.get("rating", computed) if total else computed,
        "team": entry.get("team"),
        "computed": computed,
        "share_exact": entry.get("share_exact"),
        "share": entry.get("share"),
        "mean_exact": entry.get("mean_exact"),
        "mean": entry.get("mean"),
        "n": entry.get("n"),
        "excluded": entry.get("excluded", entry.get("not_answered")),
        "withheld": False,
    }


def _score(item: dict[str, Any]) -> dict[str, Any]:
    return {"score": item["score"], "withheld": False}


def _fidelity_sum(entry: dict[str, Any]) -> dict[str, Any]:
    return {"score": entry["total"], "mean_exact": entry["mean_exact"], "mean": entry["mean"], "withheld": False}
