"""Retention of interview material, and the checks on an archived audit's results.yaml.

An audit may set `retain_interviews_until: DATE` in audit.yaml. Once that day has passed
(the day itself still counts as within retention) and interview files are still in the
audit folder, `revision validate` warns `audit-retention-passed` at the date, and
`revision status` marks the audit. `revision archive` (archive.py) ends the warning: it
freezes the figures into results.yaml and removes the interview files.

"Today" is `date.today()`, or the environment variable REVISION_TODAY=YYYY-MM-DD when set
(for tests and for checking ahead: `validate` has no --today option; `status --today`
passes its own day).

results.yaml, when present, must belong to the audit and fit its battery exactly (same
battery id@version, thresholds, groups, and areas, sub-areas and questions in the battery's
order): `results-mismatch` otherwise, an error, since the frozen figures would be shown
against the wrong questions. Interview files left beside results.yaml (an archive that was
interrupted, or files put back) are `archive-unfinished` warnings: results.yaml is what
every command uses, and running `revision archive` again removes them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from revision_cli.errors import Finding, Severity, UsageError
from revision_cli.i18n import N_, _, ngettext
from revision_cli.models.battery import Area, Battery, Question, Statement, Subarea, Theme

if TYPE_CHECKING:  # results.yaml's models are made only for an archived audit (README, Performance)
    from revision_cli.files.loading import Loaded
    from revision_cli.files.yaml_io import Loc
    from revision_cli.models.audit import Audit
    from revision_cli.models.bundle import AuditBundle
    from revision_cli.models.results import FrozenArea, FrozenQuestion, FrozenStatement, FrozenSubarea, Results

TODAY_VARIABLE = "REVISION_TODAY"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def default_today() -> dt.date:
    """REVISION_TODAY when set (YYYY-MM-DD), else today's date."""
    text = os.environ.get(TODAY_VARIABLE)
    if not text:
        return dt.date.today()
    try:
        if not _ISO_DATE.fullmatch(text.strip()):
            raise ValueError
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            _(
                "the environment variable {TODAY_VARIABLE}={text!r} is not a date; write it as YYYY-MM-DD or unset it"
            ).format(TODAY_VARIABLE=TODAY_VARIABLE, text=text)
        ) from None


def retention_passed(bundle: AuditBundle, today: dt.date) -> bool:
    """The audit's retain_interviews_until lies before `today` and interview files remain."""
    return _passed(bundle, today) is not None


def _passed(bundle: AuditBundle, today: dt.date) -> tuple[Loaded[Audit], dt.date] | None:
    """The audit and its retain_interviews_until, when retention_passed."""
    loaded = bundle.audit
    until = loaded.model.retain_interviews_until if loaded is not None else None
    if loaded is None or until is None or not (until < today and bundle.interview_paths):
        return None
    return loaded, until


def check_retention(bundle: AuditBundle, today: dt.date | None = None) -> list[Finding]:
    """`audit-retention-passed` past the date, and the checks on results.yaml."""
    found: list[Finding] = []
    today = today or default_today()
    passed = _passed(bundle, today)
    if passed is not None:
        loaded, until = passed
        count = len(bundle.interview_paths)
        found.append(
            loaded.finding(
                ("retain_interviews_until",),
                "audit-retention-passed",
                ngettext(
                    "the interviews were to be kept until {until}, and that day has passed (today is "
                    "{today}); {count} interview file remains: run 'revision archive {slug}' "
                    "to keep the results and remove them",
                    "the interviews were to be kept until {until}, and that day has passed (today is "
                    "{today}); {count} interview files remain: run 'revision archive {slug}' "
                    "to keep the results and remove them",
                    count,
                ).format(until=until.isoformat(), today=today.isoformat(), count=count, slug=bundle.folder.name),
                severity=Severity.WARNING,
            )
        )
    if bundle.results is not None:
        found.extend(check_results(bundle, bundle.results))
    return found


def check_results(bundle: AuditBundle, loaded: Loaded[Results]) -> list[Finding]:
    """results.yaml (`loaded`) against the audit's folder and battery; leftover interview files."""
    results = loaded.model
    found = [_leftover(path, bundle, results) for path in bundle.interview_paths]

    def wrong(loc: Loc, message: str) -> None:
        found.append(loaded.finding(loc, "results-mismatch", message))

    if results.audit != bundle.folder.name:
        wrong(
            ("audit",),
            _("these results belong to the audit '{audit}', not to '{name}'").format(
                audit=results.audit, name=bundle.folder.name
            ),
        )
    battery = bundle.battery
    if battery is None:
        return found  # audit.yaml names no battery that can be found: reported there already
    if results.battery != battery.ref:
        wrong(
            ("battery",),
            _(
                "these results were computed with {battery}, but audit.yaml names {ref}; the frozen "
                "figures fit only the battery they came from"
            ).format(battery=results.battery, ref=battery.ref),
        )
        return found
    rule = battery.rating
    frozen = results.thresholds
    if (frozen.green, frozen.yellow, frozen.min_answers) != (rule.green, rule.yellow, rule.min_answers):
        wrong(
            ("thresholds",),
            _(
                "the thresholds differ from the battery {ref}'s rating rule; the battery has changed "
                "since the audit was archived"
            ).format(ref=battery.ref),
        )
    if list(results.respondents.groups) != list(battery.groups):
        wrong(
            ("respondents", "groups"),
            _("the groups ({value}) differ from the battery's ({value2})").format(
                value=", ".join(results.respondents.groups), value2=", ".join(battery.groups)
            ),
        )
    found.extend(_tree(loaded, battery))
    found.extend(_themes(loaded, battery, bundle.audit.model.themes if bundle.audit is not None else []))
    return found


def _themes(loaded: Loaded[Results], battery: Battery, audit_themes: list[Theme]) -> list[Finding]:
    """The frozen theme tally: declared themes, known questions, counts within the interviews."""
    frozen = loaded.model.themes
    if frozen is None:
        return []
    found: list[Finding] = []
    declared = {t.id for t in battery.themes} | {t.id for t in audit_themes}
    questions = set(battery.answerable())
    total = loaded.model.respondents.total
    if frozen.interviews > total:
        found.append(
            loaded.finding(
                ("themes", "interviews"),
                "results-mismatch",
                _("{interviews} interviews counted, but only {total} respondents").format(
                    interviews=frozen.interviews, total=total
                ),
            )
        )
    for question in frozen.uncoded_by_question:
        if question not in questions:
            found.append(
                loaded.finding(
                    ("themes", "uncoded_by_question", question),
                    "results-mismatch",
                    _("the battery {ref} has no question '{question}'").format(ref=battery.ref, question=question),
                    key=True,
                )
            )
    for i, entry in enumerate(frozen.themes):
        if entry.id not in declared:
            found.append(
                loaded.finding(
                    ("themes", "themes", i, "id"),
                    "results-mismatch",
                    _("theme '{id}' is declared neither in the battery nor in audit.yaml").format(id=entry.id),
                )
            )
        if entry.interviews > frozen.interviews:
            found.append(
                loaded.finding(
                    ("themes", "themes", i, "interviews"),
                    "results-mismatch",
                    _("theme '{id}' raised in {interviews} interviews, but only {interviews2} were counted").format(
                        id=entry.id, interviews=entry.interviews, interviews2=frozen.interviews
                    ),
                )
            )
        for question in entry.questions:
            if question not in questions:
                found.append(
                    loaded.finding(
                        ("themes", "themes", i, "questions", question),
                        "results-mismatch",
                        _("the battery {ref} has no question '{question}'").format(ref=battery.ref, question=question),
                        key=True,
                    )
                )
    return found


def _tree(loaded: Loaded[Results], battery: Battery) -> list[Finding]:
    """Areas, sub-areas and questions in the battery's order, each marked scored as its scale says."""
    from revision_cli.models.battery import TEXT_SCALE
    from revision_cli.models.results import FrozenArea, FrozenQuestion, FrozenSubarea

    found: list[Finding] = []
    levels = (("areas", "area"), ("subareas", "sub-area"), ("questions", "question"))
    differ = {
        "area": N_("the areas ({have}) differ from the battery {ref}'s ({want})"),
        "sub-area": N_("the sub-areas ({have}) differ from the battery {ref}'s ({want})"),
        "question": N_("the questions ({have}) differ from the battery {ref}'s ({want})"),
    }

    def walk(
        expected: Sequence[Area | Subarea | Question],
        frozen: Sequence[FrozenArea | FrozenSubarea | FrozenQuestion],
        loc: Loc,
        depth: int,
        limit: int,
    ) -> None:
        key, word = levels[depth]
        want, have = [e.id for e in expected], [f.id for f in frozen]
        if want != have:
            where = next(
                (i for i, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), min(len(want), len(have))
            )
            point = loc + (key, where, "id") if where < len(have) else loc + (key,)
            found.append(
                loaded.finding(
                    point,
                    "results-mismatch",
                    _(differ[word]).format(
                        have=", ".join(have) or _("none"), ref=battery.ref, want=", ".join(want) or _("none")
                    ),
                )
            )
            return
        for i, (item, kept) in enumerate(zip(expected, frozen, strict=True)):  # the same ids
            found.extend(_figures(loaded, battery, kept, loc + (key, i), word, limit))
            if isinstance(item, Question) and isinstance(kept, FrozenQuestion):  # depth 2
                scored = item.scale != TEXT_SCALE
                if kept.scored != scored:
                    found.append(
                        loaded.finding(
                            loc + (key, i, "scored"),
                            "results-mismatch",
                            (
                                _("question '{id}' is scored in the battery {ref}")
                                if scored
                                else _("question '{id}' is not scored in the battery {ref}")
                            ).format(id=item.id, ref=battery.ref),
                        )
                    )
            elif isinstance(item, Area) and isinstance(kept, FrozenArea):  # depth 0
                walk(item.subareas, kept.subareas, loc + (key, i), depth + 1, limit)
            elif isinstance(item, Subarea) and isinstance(kept, FrozenSubarea):  # depth 1
                walk(item.questions, kept.questions, loc + (key, i), depth + 1, limit)

    walk(battery.areas, loaded.model.areas, (), 0, loaded.model.respondents.total)
    found.extend(_statements(loaded, battery, loaded.model.statements, ("statements",)))

    def counted(key: str, group: str) -> int | None:
        """The group's respondents; None, with a finding, when it has none to keep figures of."""
        count = loaded.model.respondents.groups.get(group)
        if count is None or count == 0:
            found.append(
                loaded.finding(
                    (key, group),
                    "results-mismatch",
                    _(
                        "figures of group '{group}', which has no count under respondents (suppressed or "
                        "absent); a suppressed group's figures are never kept"
                    ).format(group=group),
                    key=True,
                )
            )
            return None
        return count

    for group, areas in loaded.model.groups.items():
        count = counted("groups", group)
        if count is not None:
            walk(battery.areas, areas, ("groups", group), 0, count)
    for group, entries in loaded.model.group_statements.items():
        count = counted("group_statements", group)
        if count is not None:
            asked = [st for st in battery.statements if group in battery.question_groups(st)]
            found.extend(_statements(loaded, battery, entries, ("group_statements", group), asked, count))
    return found


def _figures(
    loaded: Loaded[Results],
    battery: Battery,
    kept: FrozenArea | FrozenSubarea | FrozenQuestion,
    loc: Loc,
    word: str,
    limit: int,
) -> list[Finding]:
    """Frozen figures that agree with each other: no more counted answers than respondents,
    and a question's colour, answers and counts as its share and n make them."""
    from revision_cli.models.results import FrozenQuestion
    from revision_cli.scoring.colours import colour

    if kept.n > limit:
        too_many = {
            "area": N_("{n} counted answers to area '{id}', but only {limit} respondents"),
            "sub-area": N_("{n} counted answers to sub-area '{id}', but only {limit} respondents"),
            "question": N_("{n} counted answers to question '{id}', but only {limit} respondents"),
        }[word]
        return [loaded.finding(loc + ("n",), "results-mismatch", _(too_many).format(n=kept.n, id=kept.id, limit=limit))]
    if not isinstance(kept, FrozenQuestion) or kept.suppressed or not kept.scored:
        return []
    found: list[Finding] = []
    if kept.answered != kept.n + kept.excluded:
        found.append(
            loaded.finding(
                loc + ("answered",),
                "results-mismatch",
                _("'{id}': answered ({answered}) is not n ({n}) plus excluded ({excluded})").format(
                    id=kept.id, answered=kept.answered, n=kept.n, excluded=kept.excluded
                ),
            )
        )
    if kept.counts and sum(kept.counts.values()) != kept.answered:
        found.append(
            loaded.finding(
                loc + ("counts",),
                "results-mismatch",
                _("'{id}': the answer counts add up to {value}, not to the {answered} answers").format(
                    id=kept.id, value=sum(kept.counts.values()), answered=kept.answered
                ),
            )
        )
    expected = colour(kept.share, kept.n, battery.rating).value
    if kept.computed != expected:
        found.append(
            loaded.finding(
                loc + ("computed",),
                "results-mismatch",
                _("'{id}' is {computed}, but its share and n make it {expected}").format(
                    id=kept.id, computed=kept.computed, expected=expected
                ),
            )
        )
    return found


def _statements(
    loaded: Loaded[Results],
    battery: Battery,
    entries: list[FrozenStatement],
    loc: Loc,
    statements: list[Statement] | None = None,
    limit: int | None = None,
) -> list[Finding]:
    """Frozen statements: the battery's (those asked, for a group), in its order, with values
    on their scales."""
    statements = battery.statements if statements is None else statements
    want = [st.id for st in statements]
    have = [entry.id for entry in entries]
    if have and have != want:
        return [
            loaded.finding(
                loc,
                "results-mismatch",
                _("the statements ({value}) differ from the battery {ref}'s ({value2})").format(
                    value=", ".join(have), ref=battery.ref, value2=", ".join(want) or _("none")
                ),
            )
        ]
    found: list[Finding] = []
    # No entries at all (an audit without statements' figures) zips to nothing.
    for i, (statement, entry) in enumerate(zip(statements, entries, strict=False)):
        scale = battery.scales.get(statement.scale)
        if scale is None or scale.range is None:
            continue  # the battery's own finding
        given = sum(entry.distribution.values()) + entry.not_answered + entry.excluded
        limit = loaded.model.respondents.total if limit is None else limit
        if given > limit:
            found.append(
                loaded.finding(
                    loc + (i,),
                    "results-mismatch",
                    _("'{id}' holds {given} answers, but there are only {limit} respondents").format(
                        id=entry.id, given=given, limit=limit
                    ),
                )
            )
        outside = [v for v in entry.distribution if not scale.range.min <= v <= scale.range.max]
        if outside:
            found.append(
                loaded.finding(
                    loc + (i, "distribution"),
                    "results-mismatch",
                    _("values {value} of '{id}' lie outside the scale {min}–{max}").format(
                        value=", ".join(map(str, outside)), id=entry.id, min=scale.range.min, max=scale.range.max
                    ),
                )
            )
    return found


def _leftover(path: Path, bundle: AuditBundle, results: Results) -> Finding:
    """An interview file beside results.yaml: one it was frozen from (an archive left
    unfinished), or not (new or edited since, or unknown): then its answers count nowhere."""
    slug = bundle.folder.name
    frozen = results.frozen_from
    if frozen is not None and bundle.interview_digests.get(path) in frozen:
        return Finding(
            _display(path),
            1,
            1,
            "archive-unfinished",
            _(
                "this audit was archived (results.yaml), so this interview file is no longer used; run "
                "'revision archive {slug} --yes' again to remove it"
            ).format(slug=slug),
            severity=Severity.WARNING,
        )
    why = (
        _("results.yaml does not record which files it was frozen from (an earlier version of revision wrote it)")
        if frozen is None
        else _("this file is not one results.yaml was frozen from (it is new, or edited since)")
    )
    return Finding(
        _display(path),
        1,
        1,
        "archive-not-frozen",
        _(
            "{why}, and every command reads results.yaml, so its answers count nowhere: run "
            "'revision archive {slug} --refreeze --yes' to freeze the results again with it, or "
            "remove it yourself"
        ).format(why=why, slug=slug),
        severity=Severity.WARNING,
    )


def _display(path: Path) -> str:
    from revision_cli.errors import display_path

    return display_path(path)
