"""`revision status`: one line per audit of the repository — unit, battery, phase, key dates,
colour counts, open and overdue actions, and whether a follow-up is due."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from revision_cli.checks.retention import retention_passed
from revision_cli.models.actions import is_open, is_overdue
from revision_cli.models.battery import TEXT_SCALE
from revision_cli.models.bundle import AuditBundle
from revision_cli.operations.actions import errors_of, load_bundles
from revision_cli.repository.catalog import Catalog
from revision_cli.repository.locate import Repository
from revision_cli.repository.scored import ScoredAudit, scored_audit
from revision_cli.scoring.colours import Rating

COLOURS = ("green", "yellow", "red")


@dataclass
class AuditStatus:
    slug: str
    unit: str | None
    organisation: str | None
    battery: str | None  # id@version, as audit.yaml names it
    status: str | None  # the phase from audit.yaml
    site_visit: dt.date | None
    feedback_meeting: dt.date | None
    follows_up: str | None
    colours: dict[str, int]  # {"green": n, "yellow": n, "red": n}; {} when the audit has errors
    open_actions: int  # planned or ongoing
    overdue_actions: int
    follow_up_due: dt.date | None
    follow_up_overdue: bool
    errors: int  # error findings in the audit's files
    followed_up_by: list[str] = field(default_factory=list)  # slugs of the audits that follow this one up
    retain_interviews_until: dt.date | None = None  # from audit.yaml
    retention_passed: bool = False  # that day has passed and interview files remain ('revision archive')
    archived: bool = False  # results.yaml holds the frozen figures
    coloured: bool = True  # the battery has scored questions; open interviews, statements or fidelity items have none
    fidelity: dict[str, int | str | None] | None = (
        None  # a fidelity review's {"total", "band"}, each None until every item is scored
    )

    @property
    def followed_up(self) -> bool:
        """Another audit follows this one up, or its own phase says it was followed up."""
        return bool(self.followed_up_by) or self.status == "followed-up"

    def to_json(self) -> dict[str, object]:
        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "slug": self.slug,
            "unit": self.unit,
            "organisation": self.organisation,
            "battery": self.battery,
            "status": self.status,
            "site_visit": day(self.site_visit),
            "feedback_meeting": day(self.feedback_meeting),
            "follows_up": self.follows_up,
            "colours": dict(self.colours),
            "open_actions": self.open_actions,
            "overdue_actions": self.overdue_actions,
            "follow_up_due": day(self.follow_up_due),
            "follow_up_overdue": self.follow_up_overdue,
            "followed_up_by": list(self.followed_up_by),
            "errors": self.errors,
            "retain_interviews_until": day(self.retain_interviews_until),
            "retention_passed": self.retention_passed,
            "archived": self.archived,
            "coloured": self.coloured,
            "fidelity": self.fidelity,
        }


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later; a day the target month lacks becomes its last day
    (2024-08-31 + 6 months = 2025-02-28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def colour_counts(scored: ScoredAudit) -> dict[str, int]:
    """Sub-areas by final rating: the team's where set, else the computed colour.

    Goes through ScoredAudit.score(), so suppression holds: a sub-area whose figures are
    withheld counts only with a rating the team set; insufficient data counts nowhere.
    """
    counts = {c: 0 for c in COLOURS}
    for area in scored.score().areas:
        for sub in area.subareas:
            rating = sub.team if sub.suppressed else sub.rating
            if rating is not None and rating is not Rating.INSUFFICIENT:
                counts[rating.value] += 1
    return counts


def _fidelity(scored: ScoredAudit | None) -> dict[str, int | str | None] | None:
    """A fidelity review's total and band, for the overview; None for other audits."""
    from revision_cli.views.fidelity import card_of

    card = card_of(scored) if scored is not None else None
    if card is None:
        return None
    return {"total": card.total, "band": card.band.id if card.band else None}


def audit_status(bundle: AuditBundle, repo: Repository, today: dt.date, followers: dict[str, list[str]]) -> AuditStatus:
    slug = bundle.folder.name
    errors = len(errors_of(bundle.findings))
    audit = bundle.audit.model if bundle.audit is not None else None
    actions = bundle.actions.model.root if bundle.actions is not None else []
    scored = scored_audit(repo, bundle) if errors == 0 and bundle.battery is not None else None
    colours = colour_counts(scored) if scored is not None else {}
    meeting = audit.feedback_meeting if audit else None
    due = add_months(meeting, repo.config.follow_up_months) if meeting else None
    status = AuditStatus(
        slug=slug,
        unit=audit.unit if audit else None,
        organisation=audit.organisation if audit else None,
        battery=bundle.battery.ref if bundle.battery is not None else ("+".join(audit.batteries) if audit else None),
        status=audit.status if audit else None,
        site_visit=audit.site_visit if audit else None,
        feedback_meeting=meeting,
        follows_up=audit.follows_up if audit else None,
        colours=colours,
        open_actions=sum(1 for a in actions if is_open(a)),
        overdue_actions=sum(1 for a in actions if is_overdue(a, today)),
        follow_up_due=due,
        follow_up_overdue=False,
        errors=errors,
        followed_up_by=sorted(followers.get(slug, [])),
        retain_interviews_until=audit.retain_interviews_until if audit else None,
        retention_passed=retention_passed(bundle, today),
        archived=bundle.results is not None,
        # A follow-up held as a meeting has no figures of its own: no colours, rather than zeros.
        coloured=not bundle.meeting_follow_up
        and (bundle.battery is None or any(q.scale != TEXT_SCALE for _, _, q in bundle.battery.questions())),
        fidelity=_fidelity(scored),
    )
    status.follow_up_overdue = due is not None and due < today and not status.followed_up
    return status


def repository_status(repo: Repository, today: dt.date, catalog: Catalog | None = None) -> list[AuditStatus]:
    """Every audit of the repository, sorted by slug."""
    bundles = load_bundles(repo, catalog)
    followers: dict[str, list[str]] = {}
    for bundle in bundles:
        if bundle.audit is not None and bundle.audit.model.follows_up not in (None, bundle.folder.name):
            followers.setdefault(bundle.audit.model.follows_up, []).append(bundle.folder.name)
    return sorted((audit_status(b, repo, today, followers) for b in bundles), key=lambda s: s.slug)
