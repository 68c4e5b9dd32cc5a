"""Several fidelity reviews side by side (`revision compare A B C …`): each review's total,
band, mean item score, section means and item scores in one column, and the reviewers'
recommendations per item. Reviews of several teams of one organisation are made in the
same season and read together (seed 003: four clinics); the same view serves a yearly
summary. No I/O; means stay exact Fractions until they are shown.

Items and sections are matched by id, rows in the first review's order (then any the
others add). A review whose scale lacks an item shows that, never a zero; a total, mean or
band is only ever a review's own complete one (scoring/fidelity.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from gettext import NullTranslations
from typing import TYPE_CHECKING, Any

from revision_cli.scoring.fidelity import FidelityCard
from revision_cli.views.fidelity import mean_text
from revision_cli.views.per_language import PerLanguage
from revision_cli.views.presentation import exact_or_none, float_or_none

if TYPE_CHECKING:
    from revision_cli.models.base import Text


@dataclass
class Review:
    """One review: its audit's facts and its fidelity card."""

    audit: str
    unit: str
    site_visit: date | None
    card: FidelityCard

    @property
    def label(self) -> str:
        return f"{self.audit} ({self.site_visit.isoformat()})" if self.site_visit else self.audit


@dataclass
class Row:
    id: str
    title: Text  # from the first review whose scale has it
    section: str | None  # an item's section id; None for a section row


def _rows(reviews: list[Review]) -> tuple[list[Row], list[Row]]:
    """(sections, items) of every review's scale, matched by id, in first-seen order."""
    sections: dict[str, Row] = {}
    items: dict[str, Row] = {}
    for review in reviews:
        for section in review.card.sections:
            sections.setdefault(section.id, Row(section.id, section.section.title, None))
            for item in section.items:
                items.setdefault(item.id, Row(item.id, item.item.title, section.id))
    return list(sections.values()), list(items.values())


def same_items(reviews: list[Review]) -> bool:
    """Whether every review scored the same items (only then do totals measure one thing)."""
    first = {i.id for i in reviews[0].card.items}
    return all({i.id for i in r.card.items} == first for r in reviews[1:])


def _words(tr: NullTranslations) -> dict[str, str]:
    return {
        "title": tr.gettext("Fidelity reviews side by side"),
        "row": tr.pgettext("fidelity side by side", "Item"),
        "total": tr.pgettext("fidelity", "Total"),
        "mean": tr.pgettext("fidelity comparison", "Mean item score"),
        "band": tr.pgettext("fidelity", "Band"),
        "section_means": tr.gettext("Section means"),
        "section": tr.pgettext("fidelity side by side", "Section"),
        "item_scores": tr.gettext("Item scores"),
        "recommendations": tr.gettext("Recommendations"),
        "recommendation": tr.gettext("Recommendation"),
        "audit": tr.pgettext("fidelity side by side", "Review"),
        "unit": tr.pgettext("fidelity side by side", "Unit"),
        "site_visit": tr.pgettext("fidelity side by side", "Site visit"),
        "battery": tr.pgettext("fidelity side by side", "Scale"),
        "not_in_scale": tr.gettext("not in the scale"),
        "not_scored": tr.gettext("not scored"),
        "not_computed": tr.gettext("not computed"),
        "none": tr.pgettext("fidelity band", "none"),
        "no_recommendations": tr.gettext("The reviewers wrote no recommendation."),
        "explained": tr.gettext(
            "Each column is one review: its total of the item scores, the band the total falls in, the "
            "mean item score and each section's mean (rounded to two decimals), and each item's score. "
            "A total, mean or band is shown only when every item of the review is scored."
        ),
        "differ": tr.gettext(
            "The reviews did not score the same items, so their totals, means and bands measure different "
            "things; an item a review's scale lacks reads 'not in the scale'."
        ),
        "possible": tr.gettext("of {low}–{high}"),
    }


WORDS = PerLanguage(_words)


def side_by_side_view(reviews: list[Review], lang: str) -> dict[str, Any]:
    """Everything a reader sees, in `lang`: the templates' `c` and the terminal table's rows."""
    words = WORDS[lang]
    sections, items = _rows(reviews)

    def t(text: Text, review: Review | None = None) -> str:
        battery = (review or reviews[0]).card.battery
        return text.get(lang, battery.language)

    def band(card: FidelityCard) -> dict[str, str | None]:
        if card.band is not None:
            return {"id": card.band.id, "label": t(card.band.label)}
        return {"id": None, "label": words["none"] if card.complete else words["not_computed"]}

    columns = []
    for review in reviews:
        low, high = review.card.possible
        columns.append(
            {
                "audit": review.audit,
                "label": review.label,
                "unit": review.unit,
                "site_visit": review.site_visit.isoformat() if review.site_visit else None,
                "battery": review.card.battery.ref,
                "complete": review.card.complete,
                "total": str(review.card.total) if review.card.total is not None else words["not_computed"],
                "possible": words["possible"].format(low=low, high=high),
                "mean": mean_text(review.card.mean, lang) or words["not_computed"],
                "band": band(review.card),
            }
        )
    section_rows = []
    for row in sections:
        cells = []
        for review in reviews:
            section = next((s for s in review.card.sections if s.id == row.id), None)
            cells.append(
                words["not_in_scale"] if section is None else (mean_text(section.mean, lang) or words["not_computed"])
            )
        section_rows.append({"id": row.id, "title": t(row.title), "cells": cells})
    item_rows = []
    recommendations = []
    for row in items:
        cells = []
        for review in reviews:
            found = next((i for i in review.card.items if i.id == row.id), None)
            if found is None:
                cells.append(words["not_in_scale"])
                continue
            cells.append(str(found.score) if found.score is not None else words["not_scored"])
            if found.recommendation:
                recommendations.append(
                    {"item": row.id, "title": t(row.title), "audit": review.audit, "text": found.recommendation}
                )
        item_rows.append({"id": row.id, "title": t(row.title), "section": row.section, "cells": cells})
    return {
        "lang": lang,
        "reviews": columns,
        "same_items": same_items(reviews),
        "section_rows": section_rows,
        "item_rows": item_rows,
        "recommendations": recommendations,
    }


def side_by_side_json(reviews: list[Review], lang: str) -> dict[str, Any]:
    """`compare --format json` of several reviews: exact values, ids, no sentences."""
    sections, items = _rows(reviews)

    def review_json(review: Review) -> dict[str, Any]:
        card = review.card
        by_section = {s.id: s for s in card.sections}
        by_item = {i.id: i for i in card.items}
        low, high = card.possible
        return {
            "audit": review.audit,
            "unit": review.unit,
            "site_visit": review.site_visit.isoformat() if review.site_visit else None,
            "battery": card.battery.ref,
            "complete": card.complete,
            "total": card.total,
            "possible": {"min": low, "max": high},
            "mean": float_or_none(card.mean),
            "mean_exact": exact_or_none(card.mean),
            "band": card.band.id if card.band else None,
            "missing": card.missing,
            "sections": {
                s.id: (
                    {
                        "total": by_section[s.id].total,
                        "mean": float_or_none(by_section[s.id].mean),
                        "mean_exact": exact_or_none(by_section[s.id].mean),
                    }
                    if s.id in by_section
                    else None
                )
                for s in sections
            },
            "items": {
                i.id: (
                    {"score": by_item[i.id].score, "recommendation": by_item[i.id].recommendation}
                    if i.id in by_item
                    else None
                )
                for i in items
            },
        }

    first = reviews[0].card.battery.language
    return {
        "same_items": same_items(reviews),
        "sections": [{"id": s.id, "title": s.title.get(lang, first)} for s in sections],
        "items": [{"id": i.id, "section": i.section, "title": i.title.get(lang, first)} for i in items],
        "reviews": [review_json(r) for r in reviews],
    }
