"""meetings.yaml against the rest of the audit: roles, actions, dates, duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from revision_cli import i18n
from revision_cli.checks.retention import default_today
from revision_cli.errors import Finding, Severity, close_matches
from revision_cli.i18n import _
from revision_cli.models.words import MEETING_KINDS, ROLES

if TYPE_CHECKING:
    from revision_cli.models.bundle import AuditBundle


def _hint(written: str, known: list[str]) -> str:
    close = close_matches(written, known, n=1)
    return _("; did you mean '{id}'?").format(id=close[0]) if close else ""


def _kind_word(kind: str) -> str:
    """The kind as the findings' language writes it (the files take either)."""
    return next(w.in_language(i18n.language()) for w in MEETING_KINDS.words if w.canonical == kind)


def check_meetings(bundle: AuditBundle, declared_roles: list[str]) -> list[Finding]:
    """A meeting is recorded once it has been held: a future date is a warning, as an
    interview's is (a mistyped year, or a meeting planned and not yet held). Its attendees'
    roles are built in or declared in revision.yaml (`declared_roles`), as the team's are;
    the actions it names are in actions.yaml; one meeting of one kind on one day is listed
    once."""
    loaded = bundle.meetings
    if loaded is None:
        return []
    today = default_today()
    known_roles = [*ROLES.canonical, *declared_roles]
    action_ids = [a.id for a in bundle.actions.model.root] if bundle.actions is not None else None
    found: list[Finding] = []
    seen: dict[tuple[str, str], int] = {}
    for i, meeting in enumerate(loaded.model.root):
        if meeting.date > today:
            found.append(
                loaded.finding(
                    (i, "date"),
                    "meetings-future-date",
                    _(
                        "the meeting is dated {date}, after today ({today}); record a meeting once it has been held"
                    ).format(date=meeting.date.isoformat(), today=today.isoformat()),
                    severity=Severity.WARNING,
                )
            )
        key = (meeting.date.isoformat(), meeting.kind)
        if key in seen:
            found.append(
                loaded.finding(
                    (i, "date"),
                    "meetings-duplicate",
                    _("meeting {n} is also a '{kind}' on {date}; list each meeting once").format(
                        kind=_kind_word(meeting.kind), date=key[0], n=seen[key] + 1
                    ),
                )
            )
        else:
            seen[key] = i
        for j, attendee in enumerate(meeting.attendees):
            if attendee.role not in known_roles:
                found.append(
                    loaded.finding(
                        (i, "attendees", j, "role"),
                        "meetings-unknown-role",
                        _(
                            "'{role}' is neither a built-in role nor one declared under roles in revision.yaml{hint}"
                        ).format(role=attendee.role, hint=_hint(attendee.role, known_roles)),
                    )
                )
        for j, action in enumerate(meeting.actions):
            if action_ids is None:
                found.append(
                    loaded.finding(
                        (i, "actions", j),
                        "meetings-unknown-action",
                        _("the meeting names action '{id}', but the audit has no actions.yaml").format(id=action),
                    )
                )
            elif action not in action_ids:
                found.append(
                    loaded.finding(
                        (i, "actions", j),
                        "meetings-unknown-action",
                        _("there is no action '{id}' in actions.yaml{hint}").format(
                            id=action, hint=_hint(action, action_ids)
                        ),
                    )
                )
    return found
