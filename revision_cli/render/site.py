"""`revision site`: the organisation overview as a static, self-contained HTML site.

`build_site` turns a repository into pages, {relative path: HTML}; `write_site` is the one
function that touches the disk. Every page stands alone: the style sheet is inlined, links
are relative, there are no scripts, web fonts or external files, so the folder can be
zipped and mailed or published as it is.

Colours come only from `ScoredAudit.score()`, which withholds the figures of groups too
small to report; the site shows final colours (symbol + word), dates and counts of
actions, never respondent codes, answer comments or unpublished quotes. An audit whose
files have errors gets a page that says so, with no figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from revision_cli import __version__
from revision_cli.errors import RevisionError, display_path
from revision_cli.i18n import _
from revision_cli.models.bundle import AuditBundle
from revision_cli.repository.indicators import unit_slug
from revision_cli.repository.locate import Repository
from revision_cli.repository.scored import ScoredAudit, load_scorable, scored_audit
from revision_cli.scoring.colours import AreaScore, ScoreCard, SubareaScore
from revision_cli.views.presentation import rating_view

if TYPE_CHECKING:
    from revision_cli.repository.catalog import Catalog
    from revision_cli.repository.indicators import IndicatorFile

SITE_TEMPLATES = "site"

# How far the site has come, for a progress bar: (phase, done, of how many). The phases:
READ, WRITE = "read", "write"  # audits read and scored; audits' pages rendered
Progress = Callable[[str, int, int], None]


# --- names and links ------------------------------------------------------------------------


def audit_href(slug: str) -> str:
    return f"audits/{quote(slug)}.html"


def unit_href(slug: str) -> str:
    return f"units/{quote(slug)}.html"


def unit_indicators(
    unit_file: IndicatorFile | None, audits: list[SiteAudit], lang: str, default_lang: str
) -> list[dict[str, Any]]:
    """A unit page's indicators: the unit's own file, then those of its audits that load
    without errors (an audit with errors shows nothing of its files)."""
    from revision_cli.repository.indicators import IndicatorFile as File
    from revision_cli.views.indicators import file_view

    files = [unit_file] if unit_file is not None else []
    for audit in audits:
        own = audit.bundle.indicators
        if audit.scored is not None and own is not None:
            files.append(File(own.doc.path, audit.slug, False, own))
    return [file_view(f, lang, default_lang) for f in files if f.loaded is not None and f.loaded.model.indicators]


# --- the audits of the repository -----------------------------------------------------------


@dataclass
class SiteAudit:
    """One audit folder: its bundle, and its score card when it has no errors."""

    slug: str
    bundle: AuditBundle
    errors: int
    scored: ScoredAudit | None = None
    card: ScoreCard | None = None

    @property
    def unit(self) -> str | None:
        return self.bundle.audit.model.unit.strip() if self.bundle.audit is not None else None

    @property
    def site_visit(self) -> dt.date | None:
        return self.bundle.audit.model.site_visit if self.bundle.audit is not None else None

    @property
    def organisation(self) -> str | None:
        return self.bundle.audit.model.organisation if self.bundle.audit is not None else None

    @property
    def battery_ref(self) -> str | None:
        if self.bundle.battery is not None:
            return self.bundle.battery.ref
        return "+".join(self.bundle.audit.model.batteries) if self.bundle.audit is not None else None

    def order(self) -> tuple[dt.date, str]:
        """Over time: by site visit (audits without one first), ties by slug."""
        return (self.site_visit or dt.date.min, self.slug)


def load_audits(repo: Repository, catalog: Catalog, progress: Progress | None = None) -> list[SiteAudit]:
    """Every audit folder, scored when its files (and the repository's and batteries') have
    no errors, as `scored.score_folder` demands."""
    audits = []
    folders = repo.audit_folders()
    for done, folder in enumerate(folders, 1):
        bundle, problems = load_scorable(repo, folder, catalog)
        errors = len(problems)
        audit = SiteAudit(folder.name, bundle, errors)
        if not errors:
            audit.scored = scored_audit(repo, bundle)
            audit.card = audit.scored.score()
        audits.append(audit)
        if progress is not None:
            progress(READ, done, len(folders))
    return audits


def latest_by_unit(audits: list[SiteAudit]) -> dict[str, SiteAudit]:
    """Each unit's latest audit: the latest site visit among the audits naming that unit,
    ties by slug; a follow-up held as a meeting has no colours to show, so the audit it
    follows up stays the latest."""
    latest: dict[str, SiteAudit] = {}
    for audit in audits:
        if audit.unit is None or audit.bundle.meeting_follow_up:
            continue
        if audit.unit not in latest or audit.order() > latest[audit.unit].order():
            latest[audit.unit] = audit
    return latest


def unit_slugs(units: list[str]) -> dict[str, str]:
    """unit → file name, distinct even when two names reduce to the same letters."""
    taken: set[str] = set()
    slugs = {}
    for unit in sorted(units, key=lambda u: (u.casefold(), u)):
        base = candidate = unit_slug(unit)
        number = 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        slugs[unit] = candidate
    return slugs


# --- views: plain data for the templates ----------------------------------------------------


def _final(item: AreaScore | SubareaScore, lang: str) -> dict[str, str]:
    """The colour a reader sees: the team's where it set one, else the computed one; a
    withheld figure stays withheld (the team's own colour is its judgement, not a figure)."""
    from revision_cli.views.themes import has_colours

    if item.suppressed:
        from revision_cli.views.presentation import withheld_key

        return rating_view(item.team or withheld_key(item.suppressed), lang)
    return rating_view(item.rating if has_colours(item) else None, lang)  # free text only: no colour


def _columns(card: ScoreCard, lang: str) -> list[dict[str, Any]]:
    battery = card.battery
    return [
        {
            "id": area.id,
            "title": area.area.title.get(lang, battery.language),
            "subareas": [
                {"id": sub.id, "title": sub.subarea.title.get(lang, battery.language)} for sub in area.subareas
            ],
        }
        for area in card.areas
    ]


def _cells(card: ScoreCard, lang: str) -> list[dict[str, Any]]:
    cells = []
    for area in card.areas:
        for sub in area.subareas:
            cells.append({"area": area.id, "subarea": sub.id, "total": False, "rating": _final(sub, lang)})
        cells.append({"area": area.id, "subarea": None, "total": True, "rating": _final(area, lang)})
    return cells


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _audit_row(audit: SiteAudit, units: dict[str, str], lang: str) -> dict[str, Any]:
    from revision_cli.render.report import STATUS_LABELS

    model = audit.bundle.audit.model if audit.bundle.audit is not None else None
    battery = audit.bundle.battery
    return {
        "slug": audit.slug,
        "href": audit_href(audit.slug),
        "unit": audit.unit,
        "unit_href": unit_href(units[audit.unit]) if audit.unit in units else None,
        "date": _date(audit.site_visit),
        "battery": audit.battery_ref,
        "battery_title": battery.title.get(lang, battery.language) if battery is not None else None,
        "status": STATUS_LABELS[lang].get(model.status, model.status) if model is not None else None,
        "errors": audit.errors,
    }


def _grids(latest: dict[str, SiteAudit], units: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """One grid per battery id@version: the units whose latest audit used it (an audit of
    open questions only has no colours and no place here)."""
    from revision_cli.views.themes import has_colours

    by_battery: dict[tuple[str, int], list[tuple[str, SiteAudit, ScoreCard]]] = {}  # (unit, audit, its card)
    for unit, audit in latest.items():
        card = audit.card
        if card is not None and any(has_colours(area) for area in card.areas):
            by_battery.setdefault((card.battery.id, card.battery.version), []).append((unit, audit, card))
    grids = []
    for key in sorted(by_battery):
        rows = sorted(by_battery[key], key=lambda row: (row[0].casefold(), row[0]))
        first = rows[0][2]
        battery = first.battery
        grids.append(
            {
                "battery": {
                    "ref": battery.ref,
                    "title": battery.title.get(lang, battery.language),
                    "version": battery.version,
                },
                "areas": _columns(first, lang),
                "rows": [{**_audit_row(a, units, lang), "cells": _cells(card, lang)} for _, a, card in rows],
            }
        )
    return grids


def _over_time(cards: list[ScoreCard], lang: str) -> list[dict[str, Any]]:
    """Rows of the unit page's table: every sub-area (and area total) any of the audits' cards
    has, in the order of the latest battery; one cell per audit, None where its battery lacks it."""
    areas: dict[str, dict[str, Any]] = {}
    for card in reversed(cards):  # latest first: its titles and order win
        battery = card.battery
        for area in card.areas:
            entry = areas.setdefault(area.id, {"title": area.area.title.get(lang, battery.language), "subareas": {}})
            for sub in area.subareas:
                entry["subareas"].setdefault(sub.id, sub.subarea.title.get(lang, battery.language))
    finals = []
    for card in cards:
        found: dict[tuple[str, str | None], dict[str, str]] = {}
        for area in card.areas:
            found[(area.id, None)] = _final(area, lang)
            for sub in area.subareas:
                found[(area.id, sub.id)] = _final(sub, lang)
        finals.append(found)
    return [
        {
            "id": area_id,
            "title": entry["title"],
            "rows": [
                {
                    "subarea": sub_id,
                    "title": title,
                    "total": False,
                    "cells": [found.get((area_id, sub_id)) for found in finals],
                }
                for sub_id, title in entry["subareas"].items()
            ]
            + [
                {
                    "subarea": None,
                    "title": None,
                    "total": True,
                    "cells": [found.get((area_id, None)) for found in finals],
                }
            ],
        }
        for area_id, entry in areas.items()
    ]


def _status_rows(
    repo: Repository, catalog: Catalog, today: dt.date, pages: set[str], units: dict[str, str], lang: str
) -> list[dict[str, Any]]:
    from revision_cli.operations.status import repository_status
    from revision_cli.render.report import STATUS_LABELS

    rows = []
    for s in repository_status(repo, today, catalog):
        follows = s.follows_up
        rows.append(
            {
                "slug": s.slug,
                "href": audit_href(s.slug) if audit_href(s.slug) in pages else None,
                "unit": s.unit,
                "unit_href": unit_href(units[s.unit.strip()]) if s.unit and s.unit.strip() in units else None,
                "organisation": s.organisation,
                "battery": s.battery,
                "status": STATUS_LABELS[lang].get(s.status, s.status) if s.status else None,
                "site_visit": _date(s.site_visit),
                "feedback_meeting": _date(s.feedback_meeting),
                "follows_up": follows,
                "follows_up_href": audit_href(follows) if follows and audit_href(follows) in pages else None,
                "colours": {key: s.colours.get(key) for key in ("green", "yellow", "red")},
                "open_actions": s.open_actions,
                "overdue_actions": s.overdue_actions,
                "follow_up_due": _date(s.follow_up_due),
                "follow_up_overdue": s.follow_up_overdue,
                "errors": s.errors,
            }
        )
    return rows


def labels(lang: str) -> dict[str, str]:
    """The fixed texts of the site templates in `lang` (render/labels.py, from the catalogue)."""
    from revision_cli.render.labels import SITE

    return dict(SITE[lang])


def _errors_text(n: int, lang: str) -> str:
    from revision_cli import i18n

    return i18n.catalogue(lang).ngettext("{n} error", "{n} errors", n).format(n=n)


# --- the site -------------------------------------------------------------------------------


def build_site(repo: Repository, lang: str, today: dt.date, progress: Progress | None = None) -> dict[str, str]:
    """Every page of the site, {path relative to the site's folder: HTML}; `progress` is told
    of each audit read and each audit's page rendered."""
    from revision_cli.render.report import environment, override_folder, render_report

    if repo.root is None:
        raise RevisionError(
            _(
                "no revision.yaml was found here or above; run 'revision site' inside an audit "
                "repository (create one with 'revision init')"
            )
        )
    from revision_cli.repository.catalog import load_catalog

    catalog = load_catalog(repo.root)
    audits = load_audits(repo, catalog, progress)
    from revision_cli.render.publishing import refuse, site_findings, unit_pages_findings
    from revision_cli.views.indicators import unit_file_checked

    units = unit_slugs(sorted({a.unit for a in audits if a.unit is not None}))
    unit_files = {unit: unit_file_checked(repo, unit) for unit in units}
    refuse([*site_findings(audits), *unit_pages_findings(repo, unit_files)], _("the site"))
    latest = latest_by_unit(audits)
    env = environment(override_folder(repo.root))  # the repository's templates/ first (then sandboxed)
    L = labels(lang)
    common = {
        "lang": lang,
        "L": L,
        "organisation": repo.config.organisation,
        "today": today.isoformat(),
        "generated_by": f"revision {__version__}",
        "colour_keys": [rating_view(key, lang) for key in ("green", "yellow", "red")],
    }
    pages: dict[str, str] = {}

    def render(name: str, path: str, **view: Any) -> None:
        root = "../" * path.count("/")
        pages[path] = env.get_template(f"{SITE_TEMPLATES}/{name}").render(root=root, **common, **view)

    for done, audit in enumerate(audits, 1):
        path = audit_href(audit.slug)
        if audit.scored is not None:
            pages[path] = render_report(audit.scored, "html", lang)
        else:
            render(
                "audit_errors.html.j2",
                path,
                audit=_audit_row(audit, units, lang),
                errors_text=_errors_text(audit.errors, lang),
                command=f"revision validate audits/{audit.slug}",
            )
        if progress is not None:
            progress(WRITE, done, len(audits))
    # The status table links only to pages that exist.
    page_paths = set(pages)
    status = _status_rows(repo, catalog, today, page_paths, units, lang)
    for unit, slug in units.items():
        own = sorted((a for a in audits if a.unit == unit), key=SiteAudit.order)
        # A follow-up held as a meeting has no figures of its own: no column of colours.
        scored = [a for a in own if a.card is not None and not a.bundle.meeting_follow_up]
        cards = [a.card for a in scored if a.card is not None]
        render(
            "unit.html.j2",
            unit_href(slug),
            unit=unit,
            organisations=sorted(
                {org for a in own if (org := a.organisation) is not None and org != repo.config.organisation}
            ),
            audits=[{**_audit_row(a, units, lang), "errors_text": _errors_text(a.errors, lang)} for a in own],
            columns=[_audit_row(a, units, lang) for a in scored],
            areas=_over_time(cards, lang) if cards else [],
            indicators=unit_indicators(unit_files[unit], own, lang, repo.config.language),
        )
    hidden_latest = {a.slug for a in latest.values() if a.card is None}
    problems = [
        {**_audit_row(a, units, lang), "errors_text": _errors_text(a.errors, lang), "latest": a.slug in hidden_latest}
        for a in sorted(audits, key=lambda a: a.slug)
        if a.errors
    ]
    render("index.html.j2", "index.html", grids=_grids(latest, units, lang), problems=problems, status=status)
    render("status.html.j2", "status.html", status=status)
    return pages


def check_output(out: Path) -> None:
    """The site's folder may exist (its pages are replaced) but must not be a file."""
    if Path(out).exists() and not Path(out).is_dir():
        raise RevisionError(
            _("{value} is a file, not a folder; give -o a folder for the site").format(value=display_path(Path(out)))
        )


def write_site(pages: dict[str, str], out: Path, root: Path | None = None) -> list[Path]:
    """Write the pages into `out` (created if missing; pages already there are replaced):
    every page is checked first (targets.check_output), then all are written together or,
    on any failure, none. `root`: the repository, whose write lock is held meanwhile."""
    from contextlib import nullcontext

    from revision_cli.errors import write_failure
    from revision_cli.files.atomic import Changes
    from revision_cli.files.lock import repository_lock
    from revision_cli.files.targets import check_output as check_page

    out = Path(out)
    check_output(out)
    written = {out / relative: html for relative, html in sorted(pages.items())}
    for path in written:
        check_page(path)
    try:
        with repository_lock(root) if root is not None else nullcontext(), Changes() as changes:
            for path, html in written.items():
                changes.write(path, html)
            changes.commit()
    except OSError as exc:
        raise write_failure(exc, _("no page was written into {value}").format(value=display_path(out))) from None
    return list(written)
