"""The theme tally of an audit as `revision score` JSON and as the report's view.

An archived audit (results.yaml) has no interviews left to count, and results.yaml keeps
no theme counts: its themes are listed with their counts unknown (null, "not kept"),
never as zeros, and its published quotes stay in the plain quotes section.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from revision_cli.i18n import _
from revision_cli.scoring.colours import AreaScore, ScoreCard, SubareaScore
from revision_cli.views.per_language import PerLanguage

if TYPE_CHECKING:
    from revision_cli.models.base import Text
    from revision_cli.models.battery import Battery, Theme
    from revision_cli.repository.scored import ArchivedAudit, ScoredAudit
    from revision_cli.scoring.themes import Source, ThemeTally

RAISED = PerLanguage(lambda tr: tr.gettext("Raised in {n} of {m} interviews."))
NOT_KEPT = PerLanguage(
    lambda tr: tr.gettext("The interviews are archived, and how many interviews raised each theme was not kept.")
)
Counted = Callable[[int], str]  # the text for n of something
INTERVIEWS: PerLanguage[Counted] = PerLanguage(lambda tr: lambda n: tr.ngettext("{n} interview", "{n} interviews", n))
ANSWERS: PerLanguage[Counted] = PerLanguage(lambda tr: lambda n: tr.ngettext("{n} answer", "{n} answers", n))
UNCODED = PerLanguage(lambda tr: tr.gettext("{n} free-text answers have not yet been coded with a theme."))


def describe_themes(battery: Battery, lang: str) -> list[str]:
    """The battery's themes as lines for `revision batteries show`."""
    if not battery.themes:
        return []
    lines = ["\n" + _("Themes (code answers with `themes: [...]`; audit.yaml may add its own):")]
    for theme in battery.themes:
        description = theme.description.get(lang, battery.language) if theme.description else ""
        lines.append(
            f"  {theme.id}: {theme.title.get(lang, battery.language)}" + (f" — {description}" if description else "")
        )
    return lines


def has_themes(scored: ScoredAudit) -> bool:
    return bool(scored.battery.themes or scored.audit.themes)


def archived(scored: ScoredAudit) -> TypeGuard[ArchivedAudit]:
    return getattr(scored, "results", None) is not None


def has_colours(item: AreaScore | SubareaScore) -> bool:
    """Whether an area or sub-area score has a colour to show: a question with an answer
    scale under it, or the team's own rating. Free text alone gets none."""
    subareas = item.subareas if isinstance(item, AreaScore) else [item]
    return (
        item.team is not None
        or any(q.scored for sub in subareas for q in sub.questions)
        or any(sub.team is not None for sub in subareas)
    )


def withheld_questions(scored: ScoredAudit) -> frozenset[str]:
    """The questions, free text included, whose total is withheld: only a small group was
    asked them (rule 1 of suppression.py)."""
    sizes, battery = scored.sizes(), scored.battery
    return frozenset(
        ident for ident, q in battery.answerable().items() if sizes.total_reason(battery.question_groups(q))
    )


def _declared(battery: Battery, scored: ScoredAudit) -> list[tuple[Theme, Source]]:
    from revision_cli.scoring.themes import declared_themes

    return declared_themes(battery, scored.audit.themes)


def audit_tally(scored: ScoredAudit, card: ScoreCard) -> ThemeTally | None:
    """The tally of the audit's consenting interviews; None when it cannot be counted
    (archived) or there is nothing to count (no themes declared)."""
    if not has_themes(scored):
        return None
    # Loaded only for an audit with themes: most have none (a report's start is mostly loading).
    from revision_cli.scoring.themes import tally, thawed_tally

    if archived(scored):
        frozen = scored.results.themes
        if frozen is None:  # archived before results.yaml kept the tally
            return None
        return thawed_tally(scored.battery, scored.audit.themes, frozen)
    return tally(scored.battery, scored.audit.themes, scored.interviews, withheld_questions(scored))


def themes_json(scored: ScoredAudit, card: ScoreCard, lang: str) -> dict[str, Any]:
    """`themes` and `uncoded` for `revision score --format json`; nothing when the audit
    declares no themes. Counts are null for an archived audit (not kept)."""
    if not has_themes(scored):
        return {}
    battery = scored.battery
    counted = audit_tally(scored, card)
    if counted is None:
        return {
            "themes": [
                {
                    "id": theme.id,
                    "title": theme.title.get(lang, battery.language),
                    "source": source,
                    "interviews": None,
                    "questions": None,
                    "quotes": None,
                }
                for theme, source in _declared(battery, scored)
            ],
            "uncoded": None,
        }
    return {
        "themes": [
            {
                "id": t.id,
                "title": t.theme.title.get(lang, battery.language),
                "source": t.source,
                "interviews": t.interviews,
                "questions": dict(t.questions),
                "quotes": len(t.quotes),
            }
            for t in counted.themes
        ],
        "uncoded": counted.uncoded,
    }


def add_themes_view(view: dict[str, Any], scored: ScoredAudit, card: ScoreCard, lang: str) -> None:
    """Adds to the report's view: `scored_any` (the battery has questions that get a colour),
    `colours` on each area (show its colour table), `scored` on each sub-area, `area_themes`
    on each area, and `themes` (None when
    the audit declares none). With a live tally, `quotes` keeps only the quotes without a
    theme: the others are shown under their themes."""
    battery = scored.battery

    def text(value: Text | None) -> str | None:
        return value.get(lang, battery.language) if value is not None else None

    def in_lang(value: Text | None) -> str | None:
        """The text's language when not the report's: the HTML marks it (lang, dir)."""
        shown = value.lang_of(lang, battery.language) if value is not None else lang
        return shown if shown != lang else None

    view["scored_any"] = any(q.scored for a in card.areas for s in a.subareas for q in s.questions)
    counted = audit_tally(scored, card)
    by_area = {t.id: t.areas for t in counted.themes} if counted else {}
    for area_view, area in zip(view["areas"], card.areas, strict=True):  # the view was made from the card
        area_view["colours"] = has_colours(area)
        for sub_view, sub in zip(area_view["subareas"], area.subareas, strict=True):
            sub_view["scored"] = any(q.scored for q in sub.questions)
        area_view["area_themes"] = [
            {
                "title": text(t.theme.title),
                "title_lang": in_lang(t.theme.title),
                "count": by_area[t.id][area.id],
                "count_text": _counted(INTERVIEWS, by_area[t.id][area.id], lang),
            }
            for t in (counted.themes if counted else [])
            if by_area[t.id].get(area.id)
        ]
    if not has_themes(scored):
        view["themes"] = None
        return
    questions = {q.id: text(q.text) for q in battery.answerable().values()}
    question_langs = {q.id: in_lang(q.text) for q in battery.answerable().values()}
    if counted is None:
        view["themes"] = {
            "kept": False,
            "note": NOT_KEPT[lang],
            "uncoded_note": None,
            "list": [
                {
                    "id": theme.id,
                    "title": text(theme.title),
                    "title_lang": in_lang(theme.title),
                    "description": text(theme.description),
                    "description_lang": in_lang(theme.description),
                    "audit_theme": source == "audit",
                    "raised": None,
                    "questions": [],
                    "quotes": [],
                }
                for theme, source in _declared(battery, scored)
            ],
        }
        return
    view["quotes"] = counted.unthemed_quotes
    view["themes"] = {
        "kept": True,
        "note": None,
        "uncoded_note": UNCODED[lang].format(n=counted.uncoded) if counted.uncoded else None,
        "list": [
            {
                "id": t.id,
                "title": text(t.theme.title),
                "title_lang": in_lang(t.theme.title),
                "description": text(t.theme.description),
                "description_lang": in_lang(t.theme.description),
                "audit_theme": t.source == "audit",
                "interviews": t.interviews,
                "raised": RAISED[lang].format(n=t.interviews, m=counted.interviews),
                "questions": [
                    {
                        "text": questions.get(q, q),
                        "text_lang": question_langs.get(q),
                        "count": n,
                        "count_text": _counted(ANSWERS, n, lang),
                    }
                    for q, n in t.questions.items()
                ],
                "quotes": t.quotes,
            }
            for t in counted.themes
        ],
    }


def _counted(words: PerLanguage[Counted], n: int, lang: str) -> str:
    return words[lang](n).format(n=n)
