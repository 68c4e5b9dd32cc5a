"""Rules for themes: declared once, and every theme an answer or quote names declared.

Themes live in their own namespace: they are only ever named in `themes:` lists, never as
answer keys, so a theme may share its id with an area or a question (a theme `bemotande`
beside an area `bemotande` is natural and cannot be mistaken for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from revision_cli.errors import Finding, Severity, close_matches
from revision_cli.files.loading import Loaded
from revision_cli.i18n import _
from revision_cli.models.battery import Battery

if TYPE_CHECKING:
    from revision_cli.files.yaml_io import Loc
    from revision_cli.models.audit import Audit
    from revision_cli.models.bundle import AuditBundle
    from revision_cli.models.interview import Interview


def check_battery_themes(loaded: Loaded[Battery]) -> list[Finding]:
    found: list[Finding] = []
    seen: dict[str, int] = {}
    for i, theme in enumerate(loaded.model.themes):
        if theme.id in seen:
            first = loaded.doc.at(("themes", seen[theme.id], "id"))[0]
            found.append(
                loaded.finding(
                    ("themes", i, "id"),
                    "battery-duplicate-id",
                    _("theme '{id}' is already declared on line {first}").format(id=theme.id, first=first),
                )
            )
        else:
            seen[theme.id] = i
    return found


def check_audit_themes(bundle: AuditBundle) -> list[Finding]:
    found: list[Finding] = []
    battery_themes = [t.id for t in bundle.battery.themes] if bundle.battery is not None else []
    audit_themes: list[str] = []
    if bundle.audit is not None:
        found.extend(_audit_declarations(bundle.audit, battery_themes, bundle.battery))
        audit_themes = [t.id for t in bundle.audit.model.themes]
    if bundle.battery is None:
        return found  # which themes exist is unknown; the missing battery is reported already
    declared = [*battery_themes, *(t for t in audit_themes if t not in battery_themes)]
    for loaded in bundle.interviews:
        found.extend(_interview(loaded, declared))
    return found


def _audit_declarations(loaded: Loaded[Audit], battery_themes: list[str], battery: Battery | None) -> list[Finding]:
    found: list[Finding] = []
    seen: dict[str, int] = {}
    for i, theme in enumerate(loaded.model.themes):
        loc = ("themes", i, "id")
        if theme.id in seen:
            first = loaded.doc.at(("themes", seen[theme.id], "id"))[0]
            found.append(
                loaded.finding(
                    loc,
                    "audit-duplicate-theme",
                    _("theme '{id}' is already declared on line {first}").format(id=theme.id, first=first),
                )
            )
        elif battery is not None and theme.id in battery_themes:
            found.append(
                loaded.finding(
                    loc,
                    "audit-duplicate-theme",
                    _(
                        "the battery {ref} already declares the theme '{id}'; remove it here, or give this theme "
                        "an id of its own"
                    ).format(ref=battery.ref, id=theme.id),
                )
            )
        seen.setdefault(theme.id, i)
    return found


def _interview(loaded: Loaded[Interview], declared: list[str]) -> list[Finding]:
    interview = loaded.model
    found: list[Finding] = []
    for question_id, answer in interview.answers.items():
        if not answer.themes:
            continue  # nothing to check: most answers name no theme, and the text below costs
        loc: Loc = ("answers", question_id)
        found.extend(
            _named(
                loaded, loc, answer.themes, declared, _("the answer to '{question_id}'").format(question_id=question_id)
            )
        )
        if _empty(answer.value):
            found.append(
                loaded.finding(
                    loc + ("themes",),
                    "interview-theme-without-answer",
                    _(
                        "the answer to '{question_id}' has themes but no text; write down what was said, or move "
                        "the themes to the answer they belong to (the themes are still counted)"
                    ).format(question_id=question_id),
                    severity=Severity.WARNING,
                )
            )
    for i, quote in enumerate(interview.quotes):
        found.extend(_named(loaded, ("quotes", i), quote.themes, declared, f"quote {i + 1}"))
    return found


def _named(loaded: Loaded[Interview], loc: Loc, themes: list[str], declared: list[str], what: str) -> list[Finding]:
    found: list[Finding] = []
    seen: set[str] = set()
    for j, theme in enumerate(themes):
        at = loc + ("themes", j)
        if theme not in declared:
            close = close_matches(theme, declared, n=1, cutoff=0.6)
            if close:
                hint = _("; did you mean '{id}'?").format(id=close[0])
            elif declared:
                hint = _("; declared themes: {value}").format(value=", ".join(declared))
            else:
                hint = _("; neither the battery nor audit.yaml declares any themes")
            found.append(
                loaded.finding(
                    at,
                    "interview-unknown-theme",
                    _(
                        "{what} names the theme '{theme}', which is not declared{hint} (add new themes to "
                        "audit.yaml under 'themes')"
                    ).format(what=what, theme=theme, hint=hint),
                )
            )
        elif theme in seen:
            found.append(
                loaded.finding(
                    at,
                    "interview-duplicate-theme",
                    _(
                        "{what} names the theme '{theme}' twice; once is enough (an interview counts once per theme)"
                    ).format(what=what, theme=theme),
                    severity=Severity.WARNING,
                )
            )
        seen.add(theme)
    return found


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
