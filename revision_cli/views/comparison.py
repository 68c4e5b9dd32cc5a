"""Two audits side by side: which colours moved, and whether they can be compared at all.

Pure: two score cards (each carrying its battery) in, a `Comparison` out; then views of it
as JSON and as a Markdown table. No I/O. The score cards come from ScoredAudit.score(), so
every figure suppressed there stays suppressed here.

Comparability first: when the batteries differ (id or version), the areas, sub-areas and
questions present in only one of them (by id) are listed, and only what both share is
compared. A shared area or sub-area whose parts differ is compared but marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypedDict

from revision_cli.models.base import Text
from revision_cli.models.battery import Battery
from revision_cli.scoring.colours import AreaScore, Rating, ScoreCard, SubareaScore
from revision_cli.views.presentation import fraction_text, percent, rating_view

ORDER = {Rating.RED: 0, Rating.YELLOW: 1, Rating.GREEN: 2}
BETTER, WORSE, UNCHANGED, NOT_COMPARABLE = "better", "worse", "unchanged", "not-comparable"
DIRECTION_SYMBOLS = {BETTER: "↑", WORSE: "↓", UNCHANGED: "=", NOT_COMPARABLE: "–"}
DIRECTION_WORDS = {
    "sv": {BETTER: "bättre", WORSE: "sämre", UNCHANGED: "oförändrad", NOT_COMPARABLE: "kan inte jämföras"},
    "en": {BETTER: "better", WORSE: "worse", UNCHANGED: "unchanged", NOT_COMPARABLE: "not comparable"},
}


def direction_view(direction: str, lang: str) -> dict[str, str]:
    """A direction as symbol and word, never an arrow alone."""
    return {"key": direction, "symbol": DIRECTION_SYMBOLS[direction], "word": DIRECTION_WORDS[lang][direction]}


def direction_text(direction: str, lang: str) -> str:
    view = direction_view(direction, lang)
    return f"{view['symbol']} {view['word']}"


@dataclass
class Side:
    """One audit's figures for one area or sub-area, as far as they may be shown."""

    rating: Rating | None  # final: the team's where it set one, else computed; None when withheld
    computed: Rating | None  # None when withheld
    team: Rating | None
    share: Fraction | None
    n: int | None
    suppressed: str | None = None  # why the figures are withheld

    @classmethod
    def of(cls, item: AreaScore | SubareaScore) -> Side:
        if item.suppressed:
            return cls(item.team, None, item.team, None, None, item.suppressed)
        return cls(item.rating, item.computed, item.team, item.share, item.n)


def direction(old: Side, new: Side) -> str:
    """better / worse / unchanged by final colour (red < yellow < green); else not comparable."""
    if old.rating not in ORDER or new.rating not in ORDER:
        return NOT_COMPARABLE
    a, b = ORDER[old.rating], ORDER[new.rating]
    return BETTER if b > a else WORSE if b < a else UNCHANGED


@dataclass
class Compared:
    id: str
    title: Text  # from the newer battery
    old: Side
    new: Side
    direction: str
    content_differs: bool = False  # its questions (or sub-areas) are not the same in both batteries
    subareas: list[Compared] = field(default_factory=list)


@dataclass
class OnlyIn:
    """Parts of one battery the other lacks, by id (every level listed, nested ones too)."""

    areas: list[tuple[str, Text]] = field(default_factory=list)  # (id, title)
    subareas: list[tuple[str, Text, str]] = field(default_factory=list)  # (id, title, area id)
    questions: list[tuple[str, Text, str]] = field(default_factory=list)  # (id, text, sub-area id)

    def __bool__(self) -> bool:
        return bool(self.areas or self.subareas or self.questions)


@dataclass
class Comparison:
    old_audit: str
    new_audit: str
    old_battery: Battery
    new_battery: Battery
    only_in_old: OnlyIn
    only_in_new: OnlyIn
    areas: list[Compared]

    @property
    def same_battery(self) -> bool:
        return self.old_battery.ref == self.new_battery.ref

    @property
    def same_thresholds(self) -> bool:
        return self.old_battery.rating == self.new_battery.rating

    def subareas(self) -> list[Compared]:
        return [sub for area in self.areas for sub in area.subareas]


def _only_in(battery: Battery, other: Battery) -> OnlyIn:
    other_areas = {a.id for a in other.areas}
    other_subs = {s.id for a in other.areas for s in a.subareas}
    other_questions = {q.id for _, _, q in other.questions()}
    only = OnlyIn()
    for area in battery.areas:
        if area.id not in other_areas:
            only.areas.append((area.id, area.title))
        for sub in area.subareas:
            if sub.id not in other_subs:
                only.subareas.append((sub.id, sub.title, area.id))
            only.questions += [(q.id, q.text, sub.id) for q in sub.questions if q.id not in other_questions]
    return only


def compare(old: ScoreCard, new: ScoreCard) -> Comparison:
    """OLD and NEW side by side, area by area and sub-area by sub-area, on what both share."""
    old_areas = {a.id: a for a in old.areas}
    old_subs = {s.id: s for a in old.areas for s in a.subareas}
    areas = []
    for area in new.areas:
        before = old_areas.get(area.id)
        if before is None:
            continue
        subs = []
        for sub in area.subareas:
            earlier = old_subs.get(sub.id)
            if earlier is None:
                continue
            differs = [q.id for q in earlier.questions] != [q.id for q in sub.questions]
            subs.append(
                Compared(
                    sub.id,
                    sub.subarea.title,
                    Side.of(earlier),
                    Side.of(sub),
                    direction(Side.of(earlier), Side.of(sub)),
                    differs,
                )
            )
        area_differs = [s.id for s in before.subareas] != [s.id for s in area.subareas] or any(
            s.content_differs for s in subs
        )
        areas.append(
            Compared(
                area.id,
                area.area.title,
                Side.of(before),
                Side.of(area),
                direction(Side.of(before), Side.of(area)),
                area_differs,
                subs,
            )
        )
    return Comparison(
        old.audit_id,
        new.audit_id,
        old.battery,
        new.battery,
        _only_in(old.battery, new.battery),
        _only_in(new.battery, old.battery),
        areas,
    )


# ---------------------------------------------------------------- JSON


def _side_json(side: Side) -> dict[str, Any]:
    if side.suppressed:
        return {
            "rating": side.rating.value if side.rating else None,
            "team": side.team.value if side.team else None,
            "share": None,
            "n": None,
            "suppressed": True,
            "reason": side.suppressed,
        }
    return {  # shown figures always have a final and a computed colour (Side.of)
        "rating": side.rating.value if side.rating else None,
        "computed": side.computed.value if side.computed else None,
        "team": side.team.value if side.team else None,
        "share": float(side.share) if side.share is not None else None,
        "share_exact": fraction_text(side.share) if side.share is not None else None,
        "n": side.n,
    }


def _compared_json(item: Compared, lang: str, battery: Battery) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title.get(lang, battery.language),
        "old": _side_json(item.old),
        "new": _side_json(item.new),
        "direction": item.direction,
        "content_differs": item.content_differs,
    }


def _only_json(only: OnlyIn, lang: str, battery: Battery) -> dict[str, list[dict[str, str]]]:
    return {
        "areas": [{"id": i, "title": t.get(lang, battery.language)} for i, t in only.areas],
        "subareas": [{"id": i, "title": t.get(lang, battery.language), "area": a} for i, t, a in only.subareas],
        "questions": [{"id": i, "text": t.get(lang, battery.language), "subarea": s} for i, t, s in only.questions],
    }


def comparison_json(
    comp: Comparison, old_meta: dict[str, Any], new_meta: dict[str, Any], lang: str = "sv"
) -> dict[str, Any]:
    """The JSON of `revision compare`; *_meta: audit facts (audit, unit, site_visit, …)."""
    new_battery = comp.new_battery
    return {
        "old": old_meta,
        "new": new_meta,
        "batteries": {
            "old": comp.old_battery.ref,
            "new": new_battery.ref,
            "same": comp.same_battery,
            "same_thresholds": comp.same_thresholds,
        },
        "only_in_old": _only_json(comp.only_in_old, lang, comp.old_battery),
        "only_in_new": _only_json(comp.only_in_new, lang, new_battery),
        "areas": [
            {
                **_compared_json(area, lang, new_battery),
                "subareas": [_compared_json(sub, lang, new_battery) for sub in area.subareas],
            }
            for area in comp.areas
        ],
    }


# ---------------------------------------------------------------- words shared by table, Markdown and report


# Functional form: one key is the keyword "in".
Words = TypedDict(
    "Words",
    {
        "same": str,
        "differ": str,
        "thresholds": str,
        "only_in": str,
        "area": str,
        "subarea": str,
        "question": str,
        "questions": str,
        "in": str,
        "content_differs": str,
        "nothing_shared": str,
        "head": list[str],
        "total": str,
        "computed": str,
        "short_head": list[str],
        "withheld": str,
    },
)


TEXTS: dict[str, Words] = {
    "sv": {
        "same": "Båda revisionerna använder frågebatteriet {new}; allt jämförs.",
        "differ": "Frågebatterierna skiljer sig åt ({old} och {new}). Bara det som finns i båda jämförs.",
        "thresholds": "Gränserna för de beräknade färgerna skiljer sig åt mellan batterierna.",
        "only_in": "Bara i {ref}:",
        "area": "område",
        "subarea": "delområde",
        "question": "fråga",
        "questions": "frågor",
        "in": "i",
        "content_differs": "* Frågorna (eller delområdena) är inte desamma i båda batterierna.",
        "nothing_shared": "Batterierna har inga delområden gemensamt; inget kan jämföras.",
        "head": [
            "Område / delområde",
            "Förra: färg",
            "Förra: beräknad",
            "Förra: andel",
            "Förra: n",
            "Nu: färg",
            "Nu: beräknad",
            "Nu: andel",
            "Nu: n",
            "Förändring",
        ],
        "total": "totalt",
        "computed": "beräknad",
        "short_head": ["Område / delområde", "Förra", "Nu", "Förändring"],
        "withheld": "– För få svarande för att redovisas",
    },
    "en": {
        "same": "Both audits use the battery {new}; everything is compared.",
        "differ": "The batteries differ ({old} and {new}). Only what both share is compared.",
        "thresholds": "The thresholds of the computed colours differ between the batteries.",
        "only_in": "Only in {ref}:",
        "area": "area",
        "subarea": "sub-area",
        "question": "question",
        "questions": "questions",
        "in": "in",
        "content_differs": "* The questions (or sub-areas) are not the same in both batteries.",
        "nothing_shared": "The batteries share no sub-area; nothing can be compared.",
        "head": [
            "Area / sub-area",
            "Before: rating",
            "Before: computed",
            "Before: share",
            "Before: n",
            "Now: rating",
            "Now: computed",
            "Now: share",
            "Now: n",
            "Change",
        ],
        "total": "total",
        "computed": "computed",
        "short_head": ["Area / sub-area", "Before", "Now", "Change"],
        "withheld": "– Too few respondents to report",
    },
}


def only_in_lines(only: OnlyIn, battery: Battery, lang: str) -> list[str]:
    """One line per area, sub-area and question of `only` (questions of a listed sub-area folded in)."""
    words = TEXTS[lang]
    listed_subs = {i for i, _, _ in only.subareas}
    lines = [f"{words['area']} {t.get(lang, battery.language)} ({i})" for i, t in only.areas]
    for i, t, area in only.subareas:
        count = sum(1 for _, _, s in only.questions if s == i)
        questions = f", {count} {words['question'] if count == 1 else words['questions']}" if count else ""
        lines.append(f"{words['subarea']} {t.get(lang, battery.language)} ({i}), {words['in']} {area}{questions}")
    lines += [f"{words['question']} {i} ({words['in']} {s})" for i, _, s in only.questions if s not in listed_subs]
    return lines


def preamble(comp: Comparison, lang: str) -> list[str]:
    """What is compared and what is not, in sentences, before any table."""
    words = TEXTS[lang]
    old, new = comp.old_battery.ref, comp.new_battery.ref
    lines = [(words["same"] if comp.same_battery else words["differ"]).format(old=old, new=new)]
    if not comp.same_thresholds:
        lines.append(words["thresholds"])
    if not comp.subareas() and (comp.old_battery.areas or comp.new_battery.areas):
        lines.append(words["nothing_shared"])  # (batteries without areas compare otherwise, if at all)
    return lines


def side_cells(side: Side, lang: str) -> list[str]:
    """Final colour, computed colour, share and n of one side, as table cells."""
    if side.suppressed:
        final = rating_view(side.rating, lang) if side.rating else None
        return [
            f"{final['symbol']} {final['word']}" if final else TEXTS[lang]["withheld"],
            TEXTS[lang]["withheld"],
            "–",
            "–",
        ]
    final, computed = rating_view(side.rating, lang), rating_view(side.computed, lang)
    return [
        f"{final['symbol']} {final['word']}",
        f"{computed['symbol']} {computed['word']}",
        percent(side.share, lang) or "–",
        str(side.n),
    ]


def side_summary(side: Side, lang: str) -> str:
    """One side in two lines, for narrow tables: the final colour, then computed · share · n."""
    final, computed, share, n = side_cells(side, lang)
    if side.suppressed:
        return f"{final}\n{TEXTS[lang]['computed']}: {computed}"
    return f"{final}\n{TEXTS[lang]['computed']}: {computed} · {share} · n {n}"


def rows(comp: Comparison, lang: str) -> list[tuple[bool, list[str]]]:
    """(is an area total, cells) for every compared sub-area and area, in battery order."""
    battery = comp.new_battery
    out = []
    for area in comp.areas:
        for sub in area.subareas:
            title = sub.title.get(lang, battery.language) + (" *" if sub.content_differs else "")
            out.append(
                (
                    False,
                    [
                        title,
                        *side_cells(sub.old, lang),
                        *side_cells(sub.new, lang),
                        direction_text(sub.direction, lang),
                    ],
                )
            )
        title = f"{area.title.get(lang, battery.language)} ({TEXTS[lang]['total']})" + (
            " *" if area.content_differs else ""
        )
        out.append(
            (
                True,
                [title, *side_cells(area.old, lang), *side_cells(area.new, lang), direction_text(area.direction, lang)],
            )
        )
    return out


def comparison_markdown(comp: Comparison, old_label: str, new_label: str, lang: str = "sv") -> str:
    """The comparison as Markdown: sentences, the lists of what only one battery has, one table."""
    from revision_cli.views.markdown import md, md_cell

    words = TEXTS[lang]
    out = [f"# {md(old_label)} → {md(new_label)}", ""]
    out += [md(line) for line in preamble(comp, lang)]
    out.append("")
    for only, battery in ((comp.only_in_old, comp.old_battery), (comp.only_in_new, comp.new_battery)):
        if only:
            out += [md(words["only_in"].format(ref=battery.ref)), ""]
            out += [f"- {md_cell(line)}" for line in only_in_lines(only, battery, lang)]
            out.append("")
    if comp.areas:
        head = words["head"]
        out.append("| " + " | ".join(head) + " |")
        out.append("| --- | --- | --- | ---: | ---: | --- | --- | ---: | ---: | --- |")
        for total, cells in rows(comp, lang):
            cells = [md_cell(cells[0]), *cells[1:]]  # the title is user text; the rest is ours
            if total:
                cells = [f"**{c}**" for c in cells]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
        if any(a.content_differs for a in comp.areas):
            out += [md(words["content_differs"]), ""]
    return "\n".join(out)
