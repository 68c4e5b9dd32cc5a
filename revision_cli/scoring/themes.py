"""The theme tally of open interviews: which themes came up, in how many interviews, under
which questions, and the published quotes under each. No I/O.

Everything here is a total over all the interviews given: free text and quotes are never
broken down by respondent group. Pass only the interviews that may be used (consenting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from revision_cli.models.battery import TEXT_SCALE, Battery, Theme
from revision_cli.models.interview import Interview
from revision_cli.scoring.suppression import neutral_order

if TYPE_CHECKING:  # results.yaml's models are made only for an archived audit
    from revision_cli.models.results import FrozenThemes

Source = Literal["battery", "audit"]  # where a theme is declared


@dataclass
class ThemeCount:
    theme: Theme
    source: Source
    interviews: int = 0  # interviews that raised it, each counted once
    questions: dict[str, int] = field(default_factory=dict)  # question id → answers coded with it, battery order
    quotes: list[str] = field(default_factory=list)  # published quotes under it
    areas: dict[str, int] = field(default_factory=dict)  # area id → interviews raising it under the area's questions

    @property
    def id(self) -> str:
        return self.theme.id


@dataclass
class ThemeTally:
    themes: list[ThemeCount]
    interviews: int  # interviews counted in all
    uncoded: int  # open answers with text but no theme yet: what is left to code
    uncoded_by_question: dict[str, int]
    unthemed_quotes: list[str]  # published quotes with no theme


def declared_themes(battery: Battery, audit_themes: list[Theme]) -> list[tuple[Theme, Source]]:
    """The battery's themes in their order, then the audit's own (a repeated id is ignored:
    the checks report it)."""
    found: list[tuple[Theme, Source]] = [(t, "battery") for t in battery.themes]
    ids = {t.id for t in battery.themes}
    for theme in audit_themes:
        if theme.id not in ids:
            found.append((theme, "audit"))
            ids.add(theme.id)
    return found


def tally(
    battery: Battery, audit_themes: list[Theme], interviews: list[Interview], withheld: frozenset[str] = frozenset()
) -> ThemeTally:
    """The tally; answers to the `withheld` questions (only a small group was asked them:
    rule 1 of suppression.py) are not counted at all: under their questions or areas it
    would be that group's breakdown, and in the number of interviews raising a theme the
    difference from the questions shown would say who raised it."""
    counts = {theme.id: ThemeCount(theme, source) for theme, source in declared_themes(battery, audit_themes)}
    order = {question.id: i for i, question in enumerate(battery.answerable().values())}
    open_questions = {q.id for q in battery.answerable().values() if q.scale == TEXT_SCALE}
    area_of = {question.id: area.id for area, _, question in battery.questions()}
    uncoded: dict[str, int] = {}
    unthemed: list[str] = []
    for interview in interviews:
        raised: set[str] = set()
        raised_in_area: set[tuple[str, str]] = set()
        for question_id, answer in interview.answers.items():
            for theme_id in dict.fromkeys(answer.themes):  # a theme named twice counts once
                if theme_id not in counts or question_id in withheld:
                    continue
                raised.add(theme_id)
                per_question = counts[theme_id].questions
                per_question[question_id] = per_question.get(question_id, 0) + 1
                if question_id in area_of:
                    raised_in_area.add((theme_id, area_of[question_id]))
            if (
                question_id in open_questions
                and question_id not in withheld
                and not answer.themes
                and _has_text(answer.value)
            ):
                uncoded[question_id] = uncoded.get(question_id, 0) + 1
        for quote in interview.quotes:
            known = [t for t in dict.fromkeys(quote.themes) if t in counts]
            raised.update(known)
            if quote.publish:
                for theme_id in known:
                    counts[theme_id].quotes.append(quote.text)
                if not known:
                    unthemed.append(quote.text)
        for theme_id in raised:
            counts[theme_id].interviews += 1
        for theme_id, area_id in raised_in_area:
            counts[theme_id].areas[area_id] = counts[theme_id].areas.get(area_id, 0) + 1
    for count in counts.values():
        count.questions = dict(sorted(count.questions.items(), key=lambda kv: order.get(kv[0], len(order))))
        count.quotes = neutral_order(count.quotes)
    unthemed = neutral_order(unthemed)
    uncoded = dict(sorted(uncoded.items(), key=lambda kv: order.get(kv[0], len(order))))
    return ThemeTally(list(counts.values()), len(interviews), sum(uncoded.values()), uncoded, unthemed)


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def thawed_tally(battery: Battery, audit_themes: list[Theme], frozen: FrozenThemes) -> ThemeTally:
    """The tally as results.yaml froze it, on today's declared themes (a theme declared
    since then was raised nowhere then)."""
    kept = {entry.id: entry for entry in frozen.themes}
    counts: list[ThemeCount] = []
    for theme, source in declared_themes(battery, audit_themes):
        entry = kept.get(theme.id)
        counts.append(
            ThemeCount(theme, source)
            if entry is None
            else ThemeCount(
                theme, source, entry.interviews, dict(entry.questions), neutral_order(entry.quotes), dict(entry.areas)
            )
        )
    uncoded = dict(frozen.uncoded_by_question)
    return ThemeTally(counts, frozen.interviews, sum(uncoded.values()), uncoded, neutral_order(frozen.unthemed_quotes))
