"""Several batteries used in one audit, read as one battery.

An audit may use more than one instrument (the Göteborg questions and a quality
declaration's ten statements). Everything downstream (checks, scoring, views, reports) reads
one `Battery`, so the parts are laid side by side in a `Combined` battery, in the order the
audit names them. No battery is renamed: an id that two parts share (in the same kind: two
questions, two themes …) is scoped as `battery.id` in the combined battery, and only then;
an id only one part has keeps its own name, and may also be written `battery.id`
(`canonical`). `owner` tells which part each question, statement, area, sub-area, theme
and fidelity item came from, for the JSON and the reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from revision_cli.i18n import _
from revision_cli.models.base import LANGS, Text
from revision_cli.models.battery import (
    Area,
    Battery,
    FidelityItem,
    Guide,
    GuideTopic,
    Question,
    Section,
    Statement,
    Theme,
)

SEPARATOR = "."  # `kvalitetsdeklaration.kontakt`: ids never hold a dot (models.base.ID_PATTERN)


class Combined(Battery):
    """The batteries of one audit as one. Made by `combine`, never read from a file."""

    parts: list[Battery]
    # (kind, id in the combined battery) → the ref of the part it belongs to; kinds are
    # "question" (questions and statements), "area", "subarea", "theme", "section", "item".
    owners: dict[tuple[str, str], str]
    # kind → id as written in a part's own file (or scoped) → id in the combined battery
    aliases: dict[str, dict[str, str]]
    # kind → a bare id more than one part has → its scoped ids (the bare one names none)
    ambiguous: dict[str, dict[str, list[str]]]

    @property
    def ref(self) -> str:
        return "+".join(part.ref for part in self.parts)

    def owner(self, kind: str, item_id: str) -> Battery | None:
        ref = self.owners.get((kind, item_id))
        return next((p for p in self.parts if p.ref == ref), None)

    def canonical(self, kind: str, written: str) -> str:
        """The id in the combined battery of an id as a person wrote it (bare or scoped)."""
        return self.aliases.get(kind, {}).get(written, written)


def parts_of(battery: Battery) -> list[Battery]:
    return battery.parts if isinstance(battery, Combined) else [battery]


def owner_ref(battery: Battery, kind: str, item_id: str) -> str | None:
    """The ref of the part an item belongs to, in a combined battery; None in a single one."""
    return battery.owners.get((kind, item_id)) if isinstance(battery, Combined) else None


def canonical_id(battery: Battery, kind: str, written: str) -> str:
    return battery.canonical(kind, written) if isinstance(battery, Combined) else written


def _joined(texts: Iterable[tuple[Text, str]]) -> Text:
    """The batteries' titles as one, in every language any of them is written in."""
    pairs = list(texts)
    tags: list[str] = []
    for text, _lang in pairs:
        tags += [tag for tag in text.languages() if tag not in (*LANGS, *tags)]
    return Text(
        sv=" + ".join(t.get("sv", lang) for t, lang in pairs),
        en=" + ".join(t.get("en", lang) for t, lang in pairs),
        others=tuple((tag, " + ".join(t.get(tag, lang) for t, lang in pairs)) for tag in tags),
    )


class _Namer:
    """Scopes an id when another part has the same one of the same kind."""

    def __init__(self, parts: list[Battery]) -> None:
        self.parts = parts
        ids: dict[str, list[list[str]]] = {
            "question": [[q.id for q in p.answerable().values()] for p in parts],
            "area": [[a.id for a in p.areas] for p in parts],
            "subarea": [[s.id for a in p.areas for s in a.subareas] for p in parts],
            "theme": [[t.id for t in p.themes] for p in parts],
            "section": [[s.id for s in p.sections] for p in parts],
            "item": [[i.id for _s, i in p.fidelity_items()] for p in parts],
            "scale": [list(p.scales) for p in parts],
        }
        self.shared = {
            kind: {i for i, n in Counter(i for per_part in lists for i in set(per_part)).items() if n > 1}
            for kind, lists in ids.items()
        }
        self.owners: dict[tuple[str, str], str] = {}
        self.aliases: dict[str, dict[str, str]] = {kind: {} for kind in ids}
        self.ambiguous: dict[str, dict[str, list[str]]] = {kind: {} for kind in ids}

    def __call__(self, kind: str, part: Battery, item_id: str) -> str:
        scoped = f"{part.id}{SEPARATOR}{item_id}"
        name = scoped if item_id in self.shared[kind] else item_id
        self.owners[(kind, name)] = part.ref
        self.aliases[kind][scoped] = name
        if name == scoped:
            self.ambiguous[kind].setdefault(item_id, []).append(scoped)
        return name


def combine(parts: list[Battery]) -> tuple[Battery, list[str]]:
    """The batteries as one, and what keeps them from being used together (then the first
    stands alone). One battery is itself."""
    if len(parts) == 1:
        return parts[0], []
    problems: list[str] = []
    fidelity = [p for p in parts if p.sections]
    if len(fidelity) > 1:
        problems.append(
            _("only one battery of an audit may have fidelity items; {refs} have them").format(
                refs=", ".join(p.ref for p in fidelity)
            )
        )
    rated = [p for p in parts if p.areas or p.statements]
    rules = {p.rating for p in rated}
    if len(rules) > 1:
        problems.append(
            _(
                "the batteries {refs} rate by different thresholds (rating: green, yellow, min_answers); an audit's "
                "batteries must share them"
            ).format(refs=", ".join(p.ref for p in rated))
        )
    if problems:
        return parts[0], problems
    name = _Namer(parts)
    groups: list[str] = []
    for part in parts:
        groups += [g for g in part.groups if g not in groups]

    def question(part: Battery, q: Question) -> Any:
        asked = q.groups if q.groups is not None else (None if part.groups == groups else list(part.groups))
        return q.model_copy(
            update={
                "id": name("question", part, q.id),
                "scale": scales_of[part.ref].get(q.scale, q.scale),
                "groups": asked,
            }
        )

    scales: dict[str, Any] = {}
    scales_of: dict[str, dict[str, str]] = {}
    for part in parts:
        own: dict[str, str] = {}
        for scale_id, scale in part.scales.items():
            # A scale both parts define alike is one scale; told apart only where they differ.
            scoped = (
                scale_id if scale_id not in scales or scales[scale_id] == scale else f"{part.id}{SEPARATOR}{scale_id}"
            )
            scales.setdefault(scoped, scale)
            own[scale_id] = scoped
        own.setdefault("text", "text")  # the built-in free-text scale (models.battery.TEXT_SCALE)
        scales_of[part.ref] = own
    areas: list[Area] = []
    statements: list[Statement] = []
    themes: list[Theme] = []
    sections: list[Section] = []
    guides: list[Guide] = []
    for part in parts:
        for area in part.areas:
            subareas = [
                sub.model_copy(
                    update={
                        "id": name("subarea", part, sub.id),
                        "questions": [question(part, q) for q in sub.questions],
                    }
                )
                for sub in area.subareas
            ]
            areas.append(area.model_copy(update={"id": name("area", part, area.id), "subareas": subareas}))
        statements += [question(part, s) for s in part.statements]
        themes += [t.model_copy(update={"id": name("theme", part, t.id)}) for t in part.themes]
        items: dict[str, str] = {}
        for section in part.sections:
            new_items: list[FidelityItem] = []
            for item in section.items:
                items[item.id] = name("item", part, item.id)
                new_items.append(item.model_copy(update={"id": items[item.id]}))
            items[section.id] = name("section", part, section.id)
            sections.append(section.model_copy(update={"id": items[section.id], "items": new_items}))
        for guide in part.guides:
            if any(g.group == guide.group for g in guides):
                continue  # one guide per group: the first battery's
            topics: list[GuideTopic] = [
                t.model_copy(update={"items": [items.get(i, i) for i in t.items]}) for t in guide.topics
            ]
            guides.append(guide.model_copy(update={"topics": topics}))
    first = parts[0]
    scored = fidelity[0] if fidelity else first
    combined = Combined.model_construct(
        id="+".join(p.id for p in parts),
        version=first.version,
        language=first.language,
        title=_joined((p.title, p.language) for p in parts),
        description=first.description,
        groups=groups,
        scales=scales,
        rating=(rated[0] if rated else first).rating,
        areas=areas,
        statements=statements,
        themes=themes,
        practice=next((p.practice for p in parts if p.practice is not None), None),
        item_scale=scored.item_scale,
        sections=sections,
        bands=scored.bands,
        guides=guides,
        parts=parts,
        owners=name.owners,
        aliases={kind: found for kind, found in name.aliases.items() if found},
        ambiguous={kind: found for kind, found in name.ambiguous.items() if found},
    )
    return combined, []
