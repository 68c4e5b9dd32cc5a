"""Improvement actions across audits: which are open, which are overdue, what happened last.

An action is *open* while its status is planned or ongoing. An open action is *overdue*
when its due date lies before today; an action due today is not overdue yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from revision_cli.errors import Finding, Severity, UsageError
from revision_cli.i18n import N_, _
from revision_cli.models.actions import Action, FollowUpEvent, is_overdue, last_event
from revision_cli.models.bundle import AuditBundle
from revision_cli.repository.catalog import Catalog, load_catalog
from revision_cli.repository.locate import Repository, load_audit

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

NO_REPOSITORY = N_(
    "no revision.yaml here or above; run this inside an audit repository (or create one with 'revision init')"
)


def parse_date(text: str | None, option: str = "--today") -> dt.date:
    """A YYYY-MM-DD option value; when not given, today (REVISION_TODAY when set, as for
    validate and the report). A malformed date is wrong usage (exit 2)."""
    if text is None:
        from revision_cli.checks.retention import default_today

        return default_today()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            _("{option} {text!r} is not a date; write it as YYYY-MM-DD").format(option=option, text=text)
        ) from None


@dataclass
class ActionRow:
    audit: str  # the audit's slug (its folder name)
    action: Action
    overdue: bool

    @property
    def last_event(self) -> FollowUpEvent | None:
        return last_event(self.action)

    def to_json(self) -> dict[str, object]:
        a, event = self.action, self.last_event
        return {
            "audit": self.audit,
            "id": a.id,
            "title": a.title,
            "subareas": list(a.subareas),
            "owner": a.owner,
            "due": a.due.isoformat() if a.due else None,
            "status": a.status,
            "overdue": self.overdue,
            "last_event": (
                {"date": event.date.isoformat(), "kind": event.kind, "outcome": event.outcome} if event else None
            ),
            "events": len(a.events),
        }


@dataclass
class ActionListing:
    rows: list[ActionRow] = field(default_factory=list)
    # Audits whose files have errors, with those errors; their actions are listed as far
    # as actions.yaml could be read.
    problems: dict[str, list[Finding]] = field(default_factory=dict)
    # Audits whose actions.yaml could not be read at all (a subset of `problems`).
    unreadable: list[str] = field(default_factory=list)


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def load_bundles(repo: Repository, catalog: Catalog | None = None) -> list[AuditBundle]:
    """Every audit of the repository, loaded and checked, sorted by slug."""
    catalog = catalog if catalog is not None else load_catalog(repo.root)
    return [load_audit(folder, catalog) for folder in repo.audit_folders()]


def list_actions(bundles: list[AuditBundle], today: dt.date, overdue_only: bool = False) -> ActionListing:
    """The actions of these audits in file order, audit by audit."""
    listing = ActionListing()
    for bundle in bundles:
        slug = bundle.folder.name
        errors = errors_of(bundle.findings)
        if errors:
            listing.problems[slug] = errors
        if bundle.actions is None:
            if errors and (bundle.folder / "actions.yaml").is_file():
                listing.unreadable.append(slug)
            continue
        for action in bundle.actions.model.root:
            overdue = is_overdue(action, today)
            if overdue or not overdue_only:
                listing.rows.append(ActionRow(slug, action, overdue))
    return listing


def actions_for(repo: Repository, folders: list[Path], today: dt.date, overdue_only: bool = False) -> ActionListing:
    """`revision actions [AUDIT]`: the actions of these audit folders of `repo` (one, or every one)."""
    catalog = load_catalog(repo.root)
    return list_actions([load_audit(folder, catalog) for folder in folders], today, overdue_only)
