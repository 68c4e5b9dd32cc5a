"""Rules across one audit's files: references, answers against the battery, privacy."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from revision_cli.checks.fidelity import check_audit_fidelity
from revision_cli.checks.meetings import check_meetings
from revision_cli.checks.retention import check_retention, default_today
from revision_cli.checks.themes import check_audit_themes
from revision_cli.errors import Finding, Severity, close_matches
from revision_cli.files.root import CONFIG_FILE, find_root
from revision_cli.i18n import N_, _, ngettext
from revision_cli.models.battery import TEXT_SCALE, Battery, Question
from revision_cli.models.codes import looks_like_name
from revision_cli.models.combined import Combined
from revision_cli.models.words import ROLES, closest, did_you_mean
from revision_cli.privacy.scanner import document_findings, watch_list_near
from revision_cli.scoring.scales import allowed_values, is_valid_value, scale_of

if TYPE_CHECKING:
    import datetime as dt

    from revision_cli.files.loading import Loaded
    from revision_cli.models.actions import Actions
    from revision_cli.models.assessment import Assessment
    from revision_cli.models.audit import Audit
    from revision_cli.models.bundle import AuditBundle
    from revision_cli.models.interview import Interview
    from revision_cli.privacy.scanner import WatchList


def check_audit(bundle: AuditBundle, watch: WatchList | None = None) -> list[Finding]:
    """Every finding across the audit's files; `watch` is the repository's privacy.yaml
    names (read here when not given)."""
    found: list[Finding] = []
    if bundle.audit is not None:
        found.extend(_audit(bundle, bundle.audit))
    found.extend(_interviews(bundle))
    found.extend(check_audit_themes(bundle))
    if bundle.battery is not None:
        if bundle.assessment is not None:
            found.extend(_assessment(bundle.assessment, bundle.battery))
        if bundle.actions is not None:
            own = [t.id for t in bundle.audit.model.themes] if bundle.audit is not None else []
            found.extend(_actions(bundle.actions, bundle.battery, own))
    found.extend(check_audit_fidelity(bundle))
    if bundle.indicators is not None:
        from revision_cli.checks.indicators import check_indicators

        found.extend(check_indicators(bundle.indicators))
    if bundle.meetings is not None:
        found.extend(check_meetings(bundle, declared_roles(bundle.folder)))
    found.extend(_privacy(bundle, watch if watch is not None else watch_list_near(bundle.folder)))
    found.extend(check_retention(bundle))
    return found


def declared_roles(folder: Path) -> list[str]:
    """The role ids revision.yaml declares under `roles`, for the repository `folder` lies in.
    Read here (the audit is loaded without the repository's settings); parsed once per content."""
    root = find_root(folder)
    if root is None:
        return []
    try:
        data = (root / CONFIG_FILE).read_bytes()
    except OSError:
        return []
    return list(_roles_in(data))


@functools.cache
def _roles_in(data: bytes) -> tuple[str, ...]:
    from revision_cli.files.pyyaml import yaml

    try:
        config = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, OverflowError):  # e.g. a date 2012-13-45
        return ()  # revision.yaml's own findings say what is wrong with it
    roles = config.get("roles") if isinstance(config, dict) else None
    return tuple(str(role) for role in roles) if isinstance(roles, dict) else ()


def _audit(bundle: AuditBundle, loaded: Loaded[Audit]) -> list[Finding]:
    audit = loaded.model
    found: list[Finding] = []
    if audit.id != bundle.folder.name:
        found.append(
            loaded.finding(
                ("id",),
                "audit-id-mismatch",
                _("id '{id}' differs from the folder name '{folder}'; they must be equal").format(
                    id=audit.id, folder=bundle.folder.name
                ),
            )
        )
    declared = declared_roles(bundle.folder)
    for i, member in enumerate(audit.team):
        if member.role not in ROLES.canonical and member.role not in declared:
            known = [*ROLES.canonical, *declared]
            close = close_matches(member.role, known, n=1)
            hint = _("; did you mean '{id}'?").format(id=close[0]) if close else ""
            found.append(
                loaded.finding(
                    ("team", i, "role"),
                    "audit-unknown-role",
                    _("'{role}' is neither a built-in role nor one declared under roles in revision.yaml{hint}").format(
                        role=member.role, hint=hint
                    ),
                )
            )
    for i, ref in enumerate(audit.batteries):
        if "@" not in ref:
            found.append(
                loaded.finding(
                    ("battery",) if isinstance(audit.battery, str) else ("battery", i),
                    "audit-battery-unpinned",
                    _("pin the battery version (e.g. {battery}@1) so later versions cannot change this audit").format(
                        battery=ref
                    ),
                    severity=Severity.WARNING,
                )
            )
    if audit.follows_up is not None:
        if audit.follows_up == audit.id:
            found.append(
                loaded.finding(("follows_up",), "audit-unknown-follow-up", _("an audit cannot follow up itself"))
            )
        elif not (bundle.folder.parent / audit.follows_up / "audit.yaml").is_file():
            found.append(
                loaded.finding(
                    ("follows_up",),
                    "audit-unknown-follow-up",
                    _("there is no audit '{slug}' beside this one").format(slug=audit.follows_up),
                )
            )
    seen: set[str] = set()
    for i, member in enumerate(audit.team):
        if member.id in seen:
            found.append(
                loaded.finding(
                    ("team", i, "id"), "audit-duplicate-team-id", _("team id '{id}' is used twice").format(id=member.id)
                )
            )
        seen.add(member.id)
    return found


def _interviews(bundle: AuditBundle) -> list[Finding]:
    found: list[Finding] = []
    today = default_today()
    team = {m.id for m in bundle.audit.model.team} if bundle.audit is not None else None
    seen: dict[str, str] = {}
    # What every interview's answers are checked against, worked out once for the audit.
    answerable = _Answerable(bundle.battery) if bundle.battery is not None else None
    for loaded in bundle.interviews:
        interview = loaded.model
        if interview.respondent in seen:
            found.append(
                loaded.finding(
                    ("respondent",),
                    "interview-duplicate-respondent",
                    _("respondent code '{code}' is also used in {file}").format(
                        code=interview.respondent, file=seen[interview.respondent]
                    ),
                )
            )
        else:
            seen[interview.respondent] = loaded.doc.display
        if looks_like_name(interview.respondent):
            found.append(
                loaded.finding(
                    ("respondent",),
                    "interview-code-looks-like-name",
                    _("this respondent code looks like a name; use a code such as b1 or P03"),
                    severity=Severity.WARNING,
                )
            )
        if interview.consent is None:
            found.append(_consent_missing(loaded, bundle))
        if interview.date is not None and interview.date > today:
            found.append(
                loaded.finding(
                    ("date",),
                    "interview-future-date",
                    _(
                        "the interview is dated {date}, after today ({today}); is the year or the month mistyped?"
                    ).format(date=interview.date.isoformat(), today=today.isoformat()),
                    severity=Severity.WARNING,
                )
            )
        if team is not None:
            for i, who in enumerate(interview.interviewers):
                if who not in team:
                    listed = ", ".join(sorted(team)) or _("nobody yet")
                    # A name typed where a team id belongs is not repeated in the finding.
                    if looks_like_name(who):
                        message = _("interviewer is not on the audit's team ({team})").format(team=listed)
                    else:
                        message = _("interviewer '{who}' is not on the audit's team ({team})").format(
                            who=who, team=listed
                        )
                    found.append(
                        loaded.finding(
                            ("interviewers", i),
                            "interview-unknown-interviewer",
                            message + _look_alikes_in(_("; in the team's '{id}', {note}"), team),
                        )
                    )
        if answerable is not None:
            found.extend(_answers(loaded, answerable))
    return found


class _Answerable:
    """The battery's questions and statements by id, and whether a value answers a
    question, each worked out once for all of an audit's interviews (the same few values
    recur in every interview)."""

    def __init__(self, battery: Battery):
        self.battery = battery
        self.questions = battery.answerable()
        self.statements = battery.statement_by_id()
        self._valid: dict[tuple[str, type, object], bool] = {}

    def valid(self, question: Question, value: object) -> bool:
        key = (question.id, value.__class__, value)
        try:
            return self._valid[key]
        except KeyError:
            found = self._valid[key] = is_valid_value(self.battery, question, value)
            return found
        except TypeError:  # an unhashable value
            return is_valid_value(self.battery, question, value)


# From here on the figures are the team's basis for its assessment: an interview that may
# or may not count is no longer a note to self but a gap in them.
_CONSENT_DUE = ("assessed", "reported", "followed-up")


def _consent_missing(loaded: Loaded[Interview], bundle: AuditBundle) -> Finding:
    status = bundle.audit.model.status if bundle.audit is not None else "planned"
    due = status in _CONSENT_DUE
    if due:
        message = _(
            "no consent recorded, so the interview is not counted; write consent: true (ja) or false (nej)"
            " — the audit is {status}"
        ).format(status=status)
    else:
        message = _("no consent recorded, so the interview is not counted; write consent: true (ja) or false (nej)")
    return loaded.finding(
        ("consent",),
        "interview-consent-missing",
        message,
        severity=Severity.ERROR if due else Severity.WARNING,
    )


def _answers(loaded: Loaded[Interview], answerable: _Answerable) -> list[Finding]:
    interview = loaded.model
    battery = answerable.battery
    found: list[Finding] = []
    if interview.group not in battery.groups:
        found.append(
            loaded.finding(
                ("group",),
                "interview-unknown-group",
                _("group '{group}' is not one of the battery's groups ({groups})").format(
                    group=interview.group, groups=", ".join(battery.groups)
                )
                + did_you_mean(closest(interview.group, ((g, g) for g in battery.groups))),
            )
        )
        return found
    questions = answerable.questions  # the questions and the rated statements, by id
    statements = answerable.statements
    for question_id, answer in interview.answers.items():
        loc: tuple[str, ...] = ("answers", question_id)
        question = questions.get(question_id)
        shared = battery.ambiguous.get("question", {}).get(question_id) if isinstance(battery, Combined) else None
        if question is None and shared:
            found.append(
                loaded.finding(
                    loc,
                    "interview-ambiguous-question",
                    _("'{id}' is in more than one of the audit's batteries; write {options}").format(
                        id=question_id, options=_(" or ").join(shared)
                    ),
                    key=True,
                )
            )
            continue
        same = battery.canonical("question", question_id) if isinstance(battery, Combined) else question_id
        if question is None and same != question_id and same in interview.answers:
            found.append(
                loaded.finding(
                    loc,
                    "interview-duplicate-answer",
                    _("'{id}' is '{same}', answered above already; answer it once").format(id=question_id, same=same),
                    key=True,
                )
            )
            continue
        if question is None:
            close = close_matches(question_id, list(questions), n=1, cutoff=0.6)
            hint = _("; did you mean '{id}'?").format(id=close[0]) if close else ""
            if statements:
                message = _("the battery {battery} has no question or statement '{id}'{hint}")
            else:
                message = _("the battery {battery} has no question '{id}'{hint}")
            found.append(
                loaded.finding(
                    loc,
                    "interview-unknown-question",
                    message.format(battery=battery.ref, id=question_id, hint=hint),
                    key=True,
                )
            )
            continue
        if interview.group not in battery.question_groups(question):
            if question_id in statements:
                message = _("statement '{id}' is not asked of group '{group}'")
            else:
                message = _("question '{id}' is not asked of group '{group}'")
            # A question split by group (goteborg's staff free text, `motet-ovrigt-personal`)
            # is named: an older interview's answer belongs there.
            own = questions.get(f"{question_id}-{interview.group}")
            hint = (
                _("; did you mean '{id}'?").format(id=own.id)
                if own is not None and interview.group in battery.question_groups(own)
                else ""
            )
            found.append(
                loaded.finding(
                    loc,
                    "interview-question-not-for-group",
                    message.format(id=question_id, group=interview.group) + hint,
                    key=True,
                )
            )
            continue
        if answer.value is not None and not answerable.valid(question, answer.value):
            value_loc = loc + ("value",) if loc + ("value",) in loaded.doc.values else loc
            found.append(
                loaded.finding(
                    value_loc,
                    "interview-invalid-value",
                    _("{value} is not an answer to '{id}'; allowed: {allowed}").format(
                        value=_shown(answer.value, loaded.doc.written.get(value_loc)),
                        id=question_id,
                        allowed=allowed_values(battery, question),
                    )
                    + _answer_hint(battery, question, answer.value),
                )
            )
    return found


def _answer_hint(battery: Battery, question: Question, value: object) -> str:
    """What a value that is not an answer was probably meant to be: `Ja` → ja, `vet ej` →
    vet-ej (an option's value or label, in another case, with other spaces or dashes,
    without å ä ö, or misspelt a little), or a number in quotes on a range."""
    scale = scale_of(battery, question)
    if scale is None or not isinstance(value, str):
        return ""
    digits = value.strip()
    if scale.range is not None and len(digits) <= 9 and digits.isdecimal() and digits.isascii():
        number = int(digits)
        if scale.range.min <= number <= scale.range.max:
            return "; " + _("write {value} without quotes; in quotes it is a text").format(value=number)
    candidates: list[tuple[str, str]] = []
    for option in scale.options or []:
        candidates.append((str(option.value), str(option.value)))
        candidates.extend((label, str(option.value)) for label in (option.label.all() if option.label else []))
    return did_you_mean(closest(value, candidates))


def _assessment(loaded: Loaded[Assessment], battery: Battery) -> list[Finding]:
    found: list[Finding] = []
    areas = {a.id: a for a in battery.areas}
    for area_id, area_assessment in (loaded.model.areas or {}).items():
        area = areas.get(area_id)
        if area is None:
            close = close_matches(area_id, list(areas), n=1)
            if close:
                hint = _("; did you mean '{id}'?").format(id=close[0])
            else:
                hint = _("; areas: {ids}").format(ids=", ".join(areas))
            found.append(
                loaded.finding(
                    ("areas", area_id),
                    "assessment-unknown-area",
                    _("the battery has no area '{area}'{hint}").format(area=area_id, hint=hint),
                    key=True,
                )
            )
            continue
        subareas = [s.id for s in area.subareas]
        for sub_id in (area_assessment.subareas if area_assessment else None) or {}:
            if sub_id not in subareas:
                close = close_matches(sub_id, subareas, n=1)
                if close:
                    hint = _("; did you mean '{id}'?").format(id=close[0])
                else:
                    hint = _("; sub-areas: {ids}").format(ids=", ".join(subareas))
                found.append(
                    loaded.finding(
                        ("areas", area_id, "subareas", sub_id),
                        "assessment-unknown-subarea",
                        _("area '{area}' has no sub-area '{subarea}'{hint}").format(
                            area=area_id, subarea=sub_id, hint=hint
                        ),
                        key=True,
                    )
                )
    return found


def _action_targets(battery: Battery, themes: Iterable[str]) -> dict[str, tuple[str, str, list[str]]]:
    """Each field naming what an action answers → (code, message, the ids it may name)."""
    return {
        "areas": ("actions-unknown-area", N_("the battery has no area '{id}'{hint}"), [a.id for a in battery.areas]),
        "subareas": (
            "actions-unknown-subarea",
            N_("the battery has no sub-area '{id}'{hint}"),
            [s.id for a in battery.areas for s in a.subareas],
        ),
        "questions": (
            "actions-unknown-question",
            N_("the battery has no question '{id}'{hint}"),
            [q.id for _a, _s, q in battery.questions()],
        ),
        "statements": (
            "actions-unknown-statement",
            N_("the battery has no statement '{id}'{hint}"),
            [s.id for s in battery.statements],
        ),
        "fidelity_items": (
            "actions-unknown-fidelity-item",
            N_("the battery has no fidelity item '{id}'{hint}"),
            [item.id for _s, item in battery.fidelity_items()],
        ),
        "fidelity_sections": (
            "actions-unknown-fidelity-section",
            N_("the battery has no fidelity section '{id}'{hint}"),
            [section.id for section in battery.sections],
        ),
        "themes": (
            "actions-unknown-theme",
            N_("neither the battery nor the audit has a theme '{id}'{hint}"),
            [t.id for t in battery.themes] + [t for t in themes if t not in {b.id for b in battery.themes}],
        ),
    }


def _actions(
    loaded: Loaded[Actions], battery: Battery, themes: Iterable[str] = (), today: dt.date | None = None
) -> list[Finding]:
    """Unique ids, targets the battery (or, for themes, the audit) has, and follow-up events
    that make sense in time.

    Events out of date order are a warning (the list still reads, the latest date counts
    as the last event); an event dated after today is an error: a follow-up is recorded
    with its outcome once it has happened, so a future date is a typo.
    """
    import datetime as dt

    today = today or dt.date.today()
    found: list[Finding] = []
    targets = _action_targets(battery, themes)
    seen: set[str] = set()
    for i, action in enumerate(loaded.model.root):
        if action.id in seen:
            found.append(
                loaded.finding(
                    (i, "id"), "actions-duplicate-id", _("action id '{id}' is used twice").format(id=action.id)
                )
            )
        seen.add(action.id)
        for field, (code, message, known) in targets.items():
            for j, target in enumerate(getattr(action, field)):
                if target not in known:
                    close = close_matches(target, known, n=1)
                    hint = _("; did you mean '{id}'?").format(id=close[0]) if close else ""
                    found.append(loaded.finding((i, field, j), code, _(message).format(id=target, hint=hint)))
        previous: dt.date | None = None
        for j, event in enumerate(action.events):
            loc = (i, "events", j, "date")
            if event.date > today:
                found.append(
                    loaded.finding(
                        loc,
                        "actions-event-order",
                        _(
                            "follow-up event {date} of action '{id}' lies in the future (today is {today}); "
                            "record an event once it has happened"
                        ).format(date=event.date.isoformat(), id=action.id, today=today.isoformat()),
                    )
                )
            if previous is not None and event.date < previous:
                found.append(
                    loaded.finding(
                        loc,
                        "actions-event-order",
                        _(
                            "follow-up event {date} of action '{id}' comes after one dated {previous}; "
                            "list the events in date order"
                        ).format(date=event.date.isoformat(), id=action.id, previous=previous.isoformat()),
                        severity=Severity.WARNING,
                    )
                )
            previous = event.date if previous is None else max(previous, event.date)
    return found


def _privacy(bundle: AuditBundle, watch: WatchList) -> list[Finding]:
    # One scanner with `revision privacy` (privacy.py). Every file that parsed, even one
    # with schema errors: a leak is worth knowing at once.
    return [finding for doc in bundle.documents for finding in document_findings(doc, watch)]


def _look_alikes_in(template: str, ids: Iterable[str]) -> str:
    """`; in the team's 'В', 'В' is U+0412 CYRILLIC CAPITAL LETTER VE`: the look-alike
    characters of the ids a value was compared with, the likelier culprit (`template`
    says whose ids, with {id} and {note})."""
    from revision_cli.characters import unusual_note

    return "".join(template.format(id=i, note=unusual_note(i)[2:]) for i in sorted(ids) if unusual_note(i))


def _shown(value: object, written: str | None = None) -> str:
    """A value as the user wrote it in YAML (`written`, when YAML read it as something
    other than text: `010`, not 8), not as Python spells it; personal data in it masked
    before it is cut short (a number cut in half would no longer be recognised)."""
    from fractions import Fraction

    if isinstance(value, (dict, list)):
        return _("a map") if isinstance(value, dict) else _("a list")
    if written is not None:
        from revision_cli.privacy.scanner import masked_text

        shown = masked_text(written)
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, Fraction):
        shown = str(float(value)) if value.denominator != 1 else str(value.numerator)
    else:
        from revision_cli.privacy.scanner import masked_text

        shown = repr(masked_text(value)) if isinstance(value, str) else str(value)
    return shown if len(shown) <= 40 else shown[:37] + "…"


def check_groups(bundle: AuditBundle, min_group_size: int) -> list[Finding]:
    """Before any report: which groups will not be reported on their own, and why (PRODUCT.md
    §4), at the `group` of the group's first interview."""
    if bundle.battery is None:
        return []
    first: dict[str, Loaded[Interview]] = {}
    counts: dict[str, int] = {}
    for loaded in bundle.interviews:
        interview = loaded.model
        if not interview.counted or interview.group not in bundle.battery.groups:
            continue
        first.setdefault(interview.group, loaded)
        counts[interview.group] = counts.get(interview.group, 0) + 1
    found: list[Finding] = []
    if len(counts) < 2:  # one group only: its figures are the total's, nothing goes unreported
        return found
    for group, n in counts.items():
        if n < min_group_size:
            # Free text has no figure to withhold: only scored questions read "too few".
            only = [
                q.id
                for _, _, q in bundle.battery.questions()
                if bundle.battery.question_groups(q) == [group] and q.scale != TEXT_SCALE
            ]
            also = ""
            if only:
                also = ngettext(
                    "; the {n} question asked only of it reads 'too few respondents to report'",
                    "; the {n} questions asked only of it read 'too few respondents to report'",
                    len(only),
                ).format(n=len(only))
            found.append(
                first[group].finding(
                    ("group",),
                    "audit-group-too-small",
                    ngettext(
                        "group '{group}' has {n} respondent, fewer than anonymity.min_group_size ({min}): "
                        "it is not reported on its own{also}",
                        "group '{group}' has {n} respondents, fewer than anonymity.min_group_size ({min}): "
                        "it is not reported on its own{also}",
                        n,
                    ).format(group=group, n=n, min=min_group_size, also=also),
                    severity=Severity.WARNING,
                )
            )
    return found
