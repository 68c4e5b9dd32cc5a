"""What a report calls a practice and its steps, its meetings, and a follow-up held as a meeting.

A battery or an audit declares its practice (`practice:`, the audit's word standing); the
report then names its title, its feedback step and its team as that practice does (an
analysis seminar is no feedback meeting; a review is no audit). Without a declared practice
the report keeps its usual words, so reports made before `practice` existed stay as they were.

An audit that follows up an earlier one without new interviews, with a follow-up meeting in
its meetings.yaml instead, reads as a follow-up: its title says so, it shows the earlier
audit's colours and the meetings, and no colour table of answers it never had.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from revision_cli.views.per_language import PerLanguage

if TYPE_CHECKING:
    from revision_cli.repository.scored import ScoredAudit

RoleLabel = Callable[[str], str]  # a role's words in the report's language (render.report)


class PracticeWords(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    """How one practice names itself, its report and its steps, in one language."""

    name: str
    title: str  # with {unit}
    feedback_meeting: str
    feedback_discussion: str
    method: str
    team: str
    steps: tuple[str, ...]

    def named(self) -> dict[str, str]:
        """The report's fixed texts (L) this practice words its own way."""
        return {
            "feedback_meeting": self.feedback_meeting,
            "feedback_discussion": self.feedback_discussion,
            "method": self.method,
            "team": self.team,
        }


PRACTICE_WORDS = PerLanguage(
    lambda tr: {
        "brukarrevision": PracticeWords(
            name=tr.pgettext("practice", "User audit"),
            title=tr.gettext("User audit: {unit}"),
            feedback_meeting=tr.gettext("Feedback meeting"),
            feedback_discussion=tr.gettext("Discussion at the feedback meeting"),
            method=tr.gettext("How the audit was made"),
            team=tr.gettext("Audit team"),
            steps=(
                tr.pgettext("practice step", "Interviews at the unit"),
                tr.pgettext("practice step", "The team's assessment of colours"),
                tr.pgettext("practice step", "Feedback meeting with users and staff"),
                tr.pgettext("practice step", "Report"),
                tr.pgettext("practice step", "Follow-up"),
            ),
        ),
        "analysseminarium": PracticeWords(
            name=tr.pgettext("practice", "Interviews with an analysis seminar"),
            title=tr.gettext("Interviews and analysis seminar: {unit}"),
            feedback_meeting=tr.gettext("Analysis seminar"),
            feedback_discussion=tr.gettext("Discussion at the analysis seminar"),
            method=tr.gettext("How the interviews were made"),
            team=tr.gettext("Interview team"),
            steps=(
                tr.pgettext("practice step", "Open interviews with clients who have ended their contact"),
                tr.pgettext("practice step", "Coding the interviews by theme"),
                tr.pgettext("practice step", "Analysis seminar with the staff"),
                tr.pgettext("practice step", "What the unit will develop"),
            ),
        ),
        "granskning": PracticeWords(
            name=tr.pgettext("practice", "Review"),
            title=tr.gettext("Review: {unit}"),
            feedback_meeting=tr.gettext("Feedback on the review"),
            feedback_discussion=tr.gettext("Discussion at the feedback on the review"),
            method=tr.gettext("How the review was made"),
            team=tr.gettext("Review team"),
            steps=(
                tr.pgettext("practice step", "Interviews and documents"),
                tr.pgettext("practice step", "The reviewers' agreed scores"),
                tr.pgettext("practice step", "Feedback on the review"),
                tr.pgettext("practice step", "The next review"),
            ),
        ),
        "forbattringsteam": PracticeWords(
            name=tr.pgettext("practice", "Improvement team"),
            title=tr.gettext("Improvement work: {unit}"),
            feedback_meeting=tr.gettext("Team meeting"),
            feedback_discussion=tr.gettext("Discussion in the improvement team"),
            method=tr.gettext("How the work was done"),
            team=tr.gettext("Improvement team"),
            steps=(
                tr.pgettext("practice step", "A focus chosen together"),
                tr.pgettext("practice step", "The causes mapped"),
                tr.pgettext("practice step", "An action plan"),
                tr.pgettext("practice step", "Team meetings every other week"),
                tr.pgettext("practice step", "Follow-up"),
            ),
        ),
    }
)
FOLLOW_UP_WORDS = PerLanguage(
    lambda tr: {
        "title": tr.gettext("Follow-up: {unit}"),
        "method": tr.gettext("How the follow-up was made"),
        "earlier_colours": tr.gettext("Colours at the audit followed up"),
        "earlier_colours_note": tr.gettext(
            "The follow-up was a meeting without new interviews: the colours are those of the audit followed up."
        ),
        "colour": tr.gettext("Colour then"),
    }
)
MEETING_KIND_LABELS = PerLanguage(
    lambda tr: {
        "team-meeting": tr.pgettext("meeting kind", "Team meeting"),
        "follow-up-meeting": tr.pgettext("meeting kind", "Follow-up meeting"),
        "analysis-seminar": tr.pgettext("meeting kind", "Analysis seminar"),
        "feedback-meeting": tr.pgettext("meeting kind", "Feedback meeting"),
    }
)
MEETING_WORDS = PerLanguage(
    lambda tr: {
        "meetings": tr.gettext("Meetings"),
        "attendees": tr.gettext("Present"),
        "discussed": tr.gettext("Discussed"),
        "decisions": tr.gettext("Decisions"),
        "actions": tr.gettext("Improvement actions taken up"),
        "steps": tr.gettext("Steps of the practice"),
    }
)


def practice_of(scored: ScoredAudit) -> str | None:
    """The audit's declared practice, else its battery's, else none."""
    return scored.audit.practice or scored.battery.practice


def is_meeting_follow_up(scored: ScoredAudit) -> bool:
    """A follow-up of an earlier audit made at a meeting, without new interviews."""
    return scored.bundle.meeting_follow_up


def meetings_view(scored: ScoredAudit, lang: str, role_label: RoleLabel) -> list[dict[str, Any]]:
    """The meetings in date order (a stable sort: two on one day stay as listed)."""
    loaded = scored.bundle.meetings
    if loaded is None:
        return []
    actions = {a.id: a.title for a in scored.bundle.actions.model.root} if scored.bundle.actions else {}
    kinds = MEETING_KIND_LABELS[lang]
    return [
        {
            "date": m.date.isoformat(),
            "kind_label": kinds[m.kind],
            "attendees": [{"role_label": role_label(a.role), "count": a.count} for a in m.attendees],
            "discussed": m.discussed,
            "decisions": list(m.decisions),
            "actions": [actions.get(a, a) for a in m.actions],
        }
        for m in sorted(loaded.model.root, key=lambda m: m.date)
    ]


def add_practice_view(view: dict[str, Any], scored: ScoredAudit, lang: str, role_label: RoleLabel) -> None:
    """Adds to the report's view: `meetings`, `meeting_words`, `practice` (its name and
    steps, or None) and `named` (the fixed texts the practice words its own way); and makes
    a follow-up held as a meeting read as one (`follow_up_meeting`)."""
    practice = practice_of(scored)
    words = PRACTICE_WORDS[lang][practice] if practice is not None else None
    named: dict[str, str] = words.named() if words is not None else {}
    view["meetings"] = meetings_view(scored, lang, role_label)
    view["meeting_words"] = MEETING_WORDS[lang]
    view["practice"] = {"name": words.name, "steps": list(words.steps)} if words is not None else None
    is_fidelity = scored.battery.sections and not scored.battery.areas
    if words is not None and not is_fidelity:  # a fidelity review keeps its own, more exact title
        view["title"] = words.title.format(unit=scored.audit.unit)
    view["follow_up_meeting"] = None
    if is_meeting_follow_up(scored):
        follow = FOLLOW_UP_WORDS[lang]
        view["title"] = follow["title"].format(unit=scored.audit.unit)
        named["method"] = follow["method"]
        since = view.get("since") or {}
        # The earlier audit's colours stand alone: beside them, a column of "insufficient"
        # for interviews never held would read as a result.
        earlier = [
            {"title": row["title"], "total": row["total"], "rating": row["old"]} for row in since.get("rows", [])
        ]
        if since:
            since["rows"] = []
        view["follow_up_meeting"] = {
            "heading": follow["earlier_colours"],
            "note": follow["earlier_colours_note"],
            "colour": follow["colour"],
            "rows": earlier,
        }
        view["areas"] = []
        view["statements"] = None
        view["themes"] = None
    view["named"] = named


def named_labels(labels: dict[str, str], view: dict[str, Any], lang: str) -> dict[str, str]:
    """The report's fixed texts with the practice's own words, except where the repository's
    labels.yaml already says otherwise (a word it chose stands)."""
    from revision_cli.render.labels import REPORT

    built = REPORT[lang]
    return labels | {key: word for key, word in view.get("named", {}).items() if labels.get(key) == built.get(key)}
