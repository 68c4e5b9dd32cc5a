"""Two fidelity reviews side by side (`revision compare`): total, mean, band, section means
and each item's score, earlier → later. Reviews of a programme repeat (seed 003), so the
question a team asks is what moved. No I/O; exact Fractions."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from revision_cli.scoring.fidelity import FidelityCard
from revision_cli.views.fidelity import mean_text
from revision_cli.views.presentation import exact_or_none, fraction_text

if TYPE_CHECKING:
    from revision_cli.models.base import Text


@dataclass
class Moved:
    id: str
    title: Text | None  # of the later battery; None for the total and the mean
    old: int | Fraction | None
    new: int | Fraction | None

    @property
    def change(self) -> int | Fraction | None:
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass
class FidelityComparison:
    old: FidelityCard
    new: FidelityCard
    total: Moved
    mean: Moved
    sections: list[Moved]
    items: list[Moved]  # items both batteries have, in the later one's order
    only_old: list[str]  # item ids only the earlier battery has
    only_new: list[str]  # item ids only the later battery has

    @property
    def same_items(self) -> bool:
        return not self.only_old and not self.only_new


def compare_fidelity(old: FidelityCard | None, new: FidelityCard | None) -> FidelityComparison | None:
    """None unless both audits are fidelity reviews. Items and sections are matched by id;
    a total is compared only when both reviews are complete (never a partial sum)."""
    if old is None or new is None:
        return None
    old_items = {i.id: i for i in old.items}
    new_ids = {i.id for i in new.items}
    items = [Moved(i.id, i.item.title, old_items[i.id].score, i.score) for i in new.items if i.id in old_items]
    only_old = [i.id for i in old.items if i.id not in new_ids]
    only_new = [i.id for i in new.items if i.id not in old_items]
    if only_old or only_new:
        # Totals, means and bands of different item sets measure different things: not compared.
        nothing = Moved("total", None, None, None)
        return FidelityComparison(old, new, nothing, Moved("mean", None, None, None), [], items, only_old, only_new)
    old_sections = {s.id: s for s in old.sections}
    sections = [
        Moved(s.id, s.section.title, old_sections[s.id].mean, s.mean) for s in new.sections if s.id in old_sections
    ]
    return FidelityComparison(
        old,
        new,
        Moved("total", None, old.total, new.total),
        Moved("mean", None, old.mean, new.mean),
        sections,
        items,
        [],
        [],
    )


def _signed(value: int | Fraction | None) -> str | None:
    if value is None:
        return None
    text = fraction_text(Fraction(value))
    return text if value < 0 else f"+{text}"


def fidelity_comparison_json(fc: FidelityComparison, lang: str) -> dict[str, Any]:
    def moved(m: Moved, with_title: bool = True) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": m.id,
            "old": exact_or_none(m.old),
            "new": exact_or_none(m.new),
            "change": _signed(m.change),
        }
        if with_title and m.title is not None:
            entry["title"] = m.title.get(lang, fc.new.battery.language)
        return entry

    bands = (
        {"old": fc.old.band.id if fc.old.band else None, "new": fc.new.band.id if fc.new.band else None}
        if fc.same_items
        else None
    )
    return {
        "same_items": fc.same_items,
        "only_in_old": fc.only_old,
        "only_in_new": fc.only_new,
        "total": moved(fc.total, False),
        "mean": moved(fc.mean, False),
        "band": bands,
        "sections": [moved(s) for s in fc.sections],
        "items": [moved(i) for i in fc.items],
    }


_WORDS = {
    "sv": {
        "title": "Programtrohet",
        "total": "Summa",
        "mean": "Medelpoäng",
        "band": "Nivå",
        "incomplete": "ej beräknad (alla punkter har inte poäng)",
        "moved": "Punkter vars poäng ändrats",
        "none_moved": "Ingen punkt har ändrat poäng.",
        "none": "ingen",
        "not_computed": "ej beräknad",
        "no_score": "ingen poäng",
        "differ": "Skalorna har inte samma punkter, så summa, medelpoäng och nivå jämförs inte. "
        "Bara i den förra: {old}. Bara i den senare: {new}.",
    },
    "en": {
        "title": "Fidelity",
        "total": "Total",
        "mean": "Mean item score",
        "band": "Band",
        "incomplete": "not computed (not every item is scored)",
        "moved": "Items whose score changed",
        "none_moved": "No item's score changed.",
        "none": "none",
        "not_computed": "not computed",
        "no_score": "no score",
        "differ": "The scales do not have the same items, so total, mean and band are not compared. "
        "Only in the earlier: {old}. Only in the later: {new}.",
    },
}


def fidelity_comparison_lines(fc: FidelityComparison, lang: str) -> list[str]:
    """The comparison in sentences and one list, for the terminal and Markdown."""
    words = _WORDS[lang]
    default = fc.new.battery.language

    def pair(m: Moved, whole: bool = True) -> str:
        def shown(value: int | Fraction | None) -> str | None:
            return exact_or_none(value) if whole else mean_text(value, lang)

        old = shown(m.old) or words["incomplete"]
        new = shown(m.new) or words["incomplete"]
        if m.change is None:
            return f"{old} → {new}"
        change = (
            "±0"
            if m.change == 0
            else (_signed(m.change) if whole else ("+" if m.change > 0 else "") + mean_text(m.change, lang))
        )
        return f"{old} → {new} ({change})"

    def title(m: Moved) -> str:
        return m.title.get(lang, default) if m.title is not None else m.id  # a section's or an item's: never None

    def band(card: FidelityCard) -> str:
        if card.band:
            return card.band.label.get(lang, default)
        return words["none"] if card.complete else words["not_computed"]

    def item_pair(m: Moved) -> str:
        return (
            pair(m)
            if m.old is not None and m.new is not None
            else f"{exact_or_none(m.old) or words['no_score']} → {exact_or_none(m.new) or words['no_score']}"
        )

    if fc.same_items:
        lines = [
            f"{words['title']}:",
            f"- {words['total']}: {pair(fc.total)}",
            f"- {words['mean']}: {pair(fc.mean, whole=False)}",
            f"- {words['band']}: {band(fc.old)} → {band(fc.new)}",
        ]
        lines += [f"- {title(s)}: {pair(s, whole=False)}" for s in fc.sections]
    else:
        lines = [
            words["differ"].format(
                old=", ".join(fc.only_old) or words["none"], new=", ".join(fc.only_new) or words["none"]
            )
        ]
    moved = [i for i in fc.items if i.change or (i.old is None) != (i.new is None)]
    if moved:
        lines.append(f"{words['moved']}:")
        lines += [f"- {i.id} {title(i)}: {item_pair(i)}" for i in moved]
    else:
        lines.append(words["none_moved"])
    return lines


def fidelity_comparison_markdown(fc: FidelityComparison, lang: str) -> str:
    """The same lines as Markdown: headings for the two parts, list items escaped as cells."""
    from revision_cli.views.markdown import md, md_cell

    out = []
    for line in fidelity_comparison_lines(fc, lang):
        if line.startswith("- "):
            out.append(f"- {md_cell(line[2:])}")
        elif line.endswith(":"):
            out += ["", f"## {md_cell(line[:-1])}", ""]
        else:
            out += ["", md(line)]
    return "\n".join(out).lstrip("\n") + "\n"


def fidelity_parts(fc: FidelityComparison, lang: str) -> list[dict[str, Any]]:
    """The lines as parts of a report section: a heading each, with its list under it."""
    parts: list[dict[str, Any]] = []
    for line in fidelity_comparison_lines(fc, lang):
        if line.startswith("- "):
            parts[-1]["lines"].append(line[2:])
        else:
            parts.append({"heading": line, "lines": []})
    return parts
