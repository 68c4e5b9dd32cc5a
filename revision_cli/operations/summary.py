"""`revision summary`: the year's summary for the committee (nämnd), as plain data.

Which audits it holds: every audit *reported* in the period. audit.yaml records no report
date of its own; the report is given back to users and staff at the feedback meeting, so
an audit counts as reported on its `feedback_meeting`, or on its `site_visit` when it
records no feedback meeting, and only once its status is `reported` or `followed-up`
(a planned, visited or assessed audit has no report yet). Both ends of the period count.

Privacy: every colour comes from `ScoredAudit.score()`, the score card the reports print,
so a figure withheld there (PRODUCT.md §4) is withheld here with the same reason; the
summary prints final colours (symbol and word), the team's summary, strengths and
improvements, and action titles — texts the reports publish — and never a share, a count
of respondents, a quote, a comment or a respondent code. `render/summary.py` runs the
same personal-data gate as the report over every audit whose text it prints (`sources`).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from revision_cli.i18n import _
from revision_cli.models.actions import is_open, is_overdue, last_event
from revision_cli.models.bundle import AuditBundle
from revision_cli.repository.catalog import Catalog, load_catalog
from revision_cli.repository.locate import Repository
from revision_cli.repository.scored import ScoredAudit, load_scorable, scored_audit
from revision_cli.scoring.colours import AreaScore, ScoreCard, SubareaScore
from revision_cli.views.comparison import BETTER, NOT_COMPARABLE, UNCHANGED, WORSE, Side, compare, direction_view
from revision_cli.views.presentation import rating_view, withheld_key
from revision_cli.views.themes import has_colours

REPORTED = ("reported", "followed-up")
DIRECTIONS = (BETTER, WORSE, UNCHANGED, NOT_COMPARABLE)


def reported_on(bundle: AuditBundle) -> dt.date | None:
    """The day the audit counts as reported: its feedback meeting, else its site visit; None
    when it has no report yet (its status is before `reported`) or records neither date."""
    if bundle.audit is None:
        return None
    audit = bundle.audit.model
    if audit.status not in REPORTED:
        return None
    return audit.feedback_meeting or audit.site_visit


def default_period(start: dt.date | None, end: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """--to defaults to today; --from to the day after the same date a year before --to:
    without either, the twelve months up to today."""
    end = end if end is not None else today
    if start is None:
        try:
            start = end.replace(year=end.year - 1) + dt.timedelta(days=1)
        except ValueError:  # 29 February
            start = end.replace(year=end.year - 1, day=28) + dt.timedelta(days=1)
    if start > end:
        from revision_cli.errors import UsageError

        raise UsageError(
            _("--from {start} is later than --to {end}; give a period whose start comes first").format(
                start=start.isoformat(), end=end.isoformat()
            )
        )
    return start, end


@dataclass
class Loaded:
    """One audit folder of the repository, scored when its files have no errors."""

    slug: str
    bundle: AuditBundle
    errors: int
    scored: ScoredAudit | None = None

    @functools.cached_property
    def card(self) -> ScoreCard | None:
        """The score card, computed only for the audits the summary shows or compares with."""
        return self.scored.score() if self.scored is not None else None

    @property
    def unit(self) -> str | None:
        return self.bundle.audit.model.unit.strip() if self.bundle.audit is not None else None

    @property
    def date(self) -> dt.date | None:
        return reported_on(self.bundle)

    def order(self) -> tuple[dt.date, str]:
        return (self.date or dt.date.min, self.slug)


@dataclass
class Summary:
    view: dict[str, Any]  # what the templates read (`r`)
    sources: list[ScoredAudit] = field(default_factory=list)  # every audit whose texts the summary prints
    # Audits with errors whose actions it prints (their actions.yaml could be read).
    action_sources: list[AuditBundle] = field(default_factory=list)


def _load(repo: Repository, catalog: Catalog) -> list[Loaded]:
    audits = []
    for folder in repo.audit_folders():
        bundle, problems = load_scorable(repo, folder, catalog)
        audit = Loaded(folder.name, bundle, len(problems))
        if not problems:
            audit.scored = scored_audit(repo, bundle)
        audits.append(audit)
    return audits


def _final(item: AreaScore | SubareaScore, lang: str) -> dict[str, str]:
    """The colour a reader sees, as on the site: the team's where set, else the computed one;
    a withheld figure stays withheld unless the team made its own judgement."""
    if item.suppressed:
        return rating_view(item.team or withheld_key(item.suppressed), lang)
    return rating_view(item.rating if has_colours(item) else None, lang)


def _coloured(card: ScoreCard | None) -> bool:
    return card is not None and any(has_colours(area) for area in card.areas)


def _text(value: Any, lang: str, default: str) -> str:
    return str(value.get(lang, default))


def _row(audit: Loaded, lang: str) -> dict[str, Any]:
    model = audit.bundle.audit.model if audit.bundle.audit is not None else None
    battery = audit.bundle.battery
    return {
        "slug": audit.slug,
        "unit": audit.unit,
        "organisation": model.organisation if model else None,
        "date": audit.date.isoformat() if audit.date else None,
        "site_visit": model.site_visit.isoformat() if model and model.site_visit else None,
        "feedback_meeting": model.feedback_meeting.isoformat() if model and model.feedback_meeting else None,
        "status": model.status if model else None,
        "battery": battery.ref if battery is not None else ("+".join(model.batteries) if model else None),
        "battery_title": battery.title.get(lang, battery.language) if battery is not None else None,
        "coloured": _coloured(audit.card),
        "errors": audit.errors,
    }


def _grids(audits: list[Loaded], lang: str) -> list[dict[str, Any]]:
    """One grid per battery id@version: a row per audit in the period that has colours, by unit
    then date; the columns are the battery's areas, each with its sub-areas and the area's total."""
    by_battery: dict[str, list[Loaded]] = {}
    for audit in audits:
        if audit.card is not None and _coloured(audit.card):
            by_battery.setdefault(audit.card.battery.ref, []).append(audit)
    grids = []
    for ref in sorted(by_battery):
        rows = sorted(by_battery[ref], key=lambda a: ((a.unit or "").casefold(), a.order()))
        card = rows[0].card
        assert card is not None
        battery = card.battery
        areas = [
            {
                "id": area.id,
                "title": area.area.title.get(lang, battery.language),
                "subareas": [
                    {"id": sub.id, "title": sub.subarea.title.get(lang, battery.language)} for sub in area.subareas
                ],
            }
            for area in card.areas
        ]
        grid_rows = []
        for audit in rows:
            assert audit.card is not None
            cells = []
            for area in audit.card.areas:
                for sub in area.subareas:
                    cells.append({"area": area.id, "subarea": sub.id, "total": False, "rating": _final(sub, lang)})
                cells.append({"area": area.id, "subarea": None, "total": True, "rating": _final(area, lang)})
            grid_rows.append({**_row(audit, lang), "cells": cells})
        grids.append(
            {
                "battery": {"ref": ref, "title": battery.title.get(lang, battery.language), "version": battery.version},
                "areas": areas,
                "rows": grid_rows,
            }
        )
    return grids


def _previous(audit: Loaded, every: list[Loaded]) -> Loaded | None:
    """The audit this one is compared with: the one it follows up (audit.yaml follows_up), else
    the same unit's latest audit reported before it."""
    model = audit.bundle.audit.model if audit.bundle.audit is not None else None
    if model is not None and model.follows_up is not None:
        for other in every:
            if other.slug == model.follows_up:
                return other
    earlier = [
        other
        for other in every
        if other.slug != audit.slug
        and other.unit == audit.unit
        and other.date is not None
        and other.order() < audit.order()
    ]
    return max(earlier, key=Loaded.order, default=None)


def _side(side: Side, lang: str) -> dict[str, str]:
    """One audit's final colour of a compared sub-area; withheld, by its true reason, when
    the figures are withheld and the team set no colour of its own."""
    return rating_view(side.rating if side.rating is not None else withheld_key(side.suppressed), lang)


def _change(audit: Loaded, every: list[Loaded], lang: str) -> dict[str, Any] | None:
    """The unit's colours since its previous audit, sub-area by sub-area (better, worse or
    unchanged by final colour, as `revision compare` reads them); None without a previous audit."""
    if audit.card is None or not _coloured(audit.card):
        return None
    previous = _previous(audit, every)
    if previous is None:
        return None
    head = {"previous": _row(previous, lang)}
    if previous.card is None:
        return {**head, "problem": "errors", "rows": [], "counts": []}
    if not _coloured(previous.card):
        return {**head, "problem": "no-colours", "rows": [], "counts": []}
    comp = compare(previous.card, audit.card)
    battery = comp.new_battery
    rows: list[dict[str, Any]] = []
    for area in comp.areas:
        for sub in area.subareas:
            rows.append(
                {
                    "area": area.title.get(lang, battery.language),
                    "title": sub.title.get(lang, battery.language),
                    "old": _side(sub.old, lang),
                    "new": _side(sub.new, lang),
                    "direction": direction_view(sub.direction, lang),
                }
            )
    counts = [
        {**direction_view(key, lang), "n": sum(1 for r in rows if r["direction"]["key"] == key)} for key in DIRECTIONS
    ]
    return {
        **head,
        "problem": None if rows else "nothing-shared",
        "same_battery": comp.same_battery,
        "rows": rows,
        "counts": [c for c in counts if c["n"]],
    }


def _points(scored: ScoredAudit, card: ScoreCard | None, lang: str) -> list[dict[str, Any]]:
    """Each area's final colour, its sub-areas' colours and the team's strengths and
    improvements, in the battery's order (areas the team wrote nothing about and that have
    no colour are left out)."""
    assessment = scored.assessment
    texts = (assessment.areas or {}) if assessment else {}
    battery = scored.battery
    areas = []
    for area in card.areas if card is not None else []:
        own = texts.get(area.id)
        strengths = list(own.strengths or []) if own else []
        improvements = list(own.improvements or []) if own else []
        coloured = has_colours(area) or bool(area.suppressed)
        if not (coloured or strengths or improvements):
            continue
        areas.append(
            {
                "id": area.id,
                "title": area.area.title.get(lang, battery.language),
                "rating": _final(area, lang) if coloured else None,
                "subareas": [
                    {"id": sub.id, "title": sub.subarea.title.get(lang, battery.language), "rating": _final(sub, lang)}
                    for sub in area.subareas
                    if has_colours(sub) or sub.suppressed
                ],
                "strengths": strengths,
                "improvements": improvements,
            }
        )
    return areas


def _action(audit: Loaded, action: Any, today: dt.date) -> dict[str, Any]:
    event = last_event(action)
    return {
        "audit": audit.slug,
        "unit": audit.unit,
        "id": action.id,
        "title": action.title,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else None,
        "status": action.status,
        "overdue": is_overdue(action, today),
        "last_event": {"date": event.date.isoformat(), "kind": event.kind, "outcome": event.outcome} if event else None,
    }


def build_summary(
    repo: Repository,
    lang: str,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    catalog: Catalog | None = None,
) -> Summary:
    """The summary of the audits reported from `start` to `end` (both included); actions
    judged overdue against `today`, as `revision actions` does."""
    catalog = catalog if catalog is not None else load_catalog(repo.root)
    every = _load(repo, catalog)
    in_period = sorted(
        (a for a in every if a.date is not None and start <= a.date <= end),
        key=lambda a: ((a.unit or "").casefold(), a.order()),
    )
    shown = [a for a in in_period if a.scored is not None]
    # Audits with errors are named, never shown with figures. One whose audit.yaml cannot be
    # read has no date: it is named too, since it may belong to the period.
    problems = [
        _row(a, lang)
        for a in sorted(every, key=lambda a: a.slug)
        if a.errors and (a in in_period or a.bundle.audit is None)
    ]
    units: dict[str, list[Loaded]] = {}
    for audit in shown:
        units.setdefault(audit.unit or audit.slug, []).append(audit)
    # The units' open actions: from every audit of the unit reported by the period's end.
    sources: dict[str, ScoredAudit] = {a.slug: a.scored for a in shown if a.scored is not None}
    action_sources: list[AuditBundle] = []
    pages: list[dict[str, Any]] = []
    all_actions: list[dict[str, Any]] = []
    for unit, own in units.items():
        latest = own[-1]
        assert latest.scored is not None
        unit_audits = [a for a in every if a.unit == unit and a.date is not None and a.date <= end]
        actions = []
        for audit in sorted(unit_audits, key=Loaded.order):
            if audit.bundle.actions is None:
                continue
            if audit.scored is not None:
                sources.setdefault(audit.slug, audit.scored)
            else:
                action_sources.append(audit.bundle)
            actions += [_action(audit, act, today) for act in audit.bundle.actions.model.root if is_open(act)]
        all_actions += actions
        assessment = latest.scored.assessment
        change = _change(latest, every, lang)
        if change is not None:
            previous = [a for a in every if a.slug == change["previous"]["slug"]]
            if previous and previous[0].scored is not None:
                sources.setdefault(previous[0].slug, previous[0].scored)
        pages.append(
            {
                "unit": unit,
                "audit": _row(latest, lang),
                "earlier_in_period": [_row(a, lang) for a in own[:-1]],
                "summary": assessment.summary if assessment else None,
                "areas": _points(latest.scored, latest.card, lang),
                "change": change,
                "actions": actions,
            }
        )
    view = {
        "lang": lang,
        "organisation": repo.config.organisation,
        "organisation_language": repo.config.language,  # the team's texts are written in it
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "today": today.isoformat(),
        "audits": [_row(a, lang) for a in in_period],
        "problems": problems,
        "grids": _grids(shown, lang),
        "changes": [{"unit": p["unit"], "audit": p["audit"], **p["change"]} for p in pages if p["change"]],
        "actions": all_actions,
        "overdue": sum(1 for a in all_actions if a["overdue"]),
        "units": pages,
        "colour_keys": [rating_view(key, lang) for key in ("green", "yellow", "red")],
    }
    return Summary(view, list(sources.values()), action_sources)
