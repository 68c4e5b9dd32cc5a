"""`revision score` of a fidelity scale: items by section with their scores, section means,
the total, the mean and the band — rich on a terminal, aligned plain text when piped."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from revision_cli.cli.tables import Justify
from revision_cli.i18n import N_, _, language, ngettext

if TYPE_CHECKING:
    from revision_cli.scoring.fidelity import FidelityCard

_HEADERS: list[tuple[str, Justify]] = [(N_("Section / item"), "left"), (N_("Score"), "right"), (N_("Mean"), "right")]


def _headers() -> list[tuple[str, Justify]]:
    return [(_(title), align) for title, align in _HEADERS]


def _rows(card: FidelityCard) -> list[list[list[tuple[str, str]]]]:
    """Sections of rows; each cell is (text, rich style)."""
    from revision_cli.views.fidelity import mean_text

    lang = language()
    sections = []
    for section in card.sections:
        missing = len(section.missing)
        total = str(section.total) if section.total is not None else _("{n} missing").format(n=missing)
        rows = [
            [
                (f"{section.section.title.get(lang)} ({section.id})", "bold"),
                (total, "bold"),
                (mean_text(section.mean, lang) or "–", "bold"),
            ]
        ]
        for item in section.items:
            score = str(item.score) if item.score is not None else "– " + _("missing")
            marker = (
                "  " + _("(reviewers {scores})").format(scores=", ".join(f"{w} {s}" for w, s in item.reviewers.items()))
                if item.reviewers
                else ""
            )
            rows.append(
                [
                    (f"  {item.id} {item.item.title.get(lang)}{marker}", ""),
                    (score, "" if item.score is not None else "dim"),
                    ("", ""),
                ]
            )
        sections.append(rows)
    return sections


def _summary(card: FidelityCard) -> list[str]:
    from revision_cli.views.fidelity import mean_text

    lang = language()
    low, high = card.possible
    if not card.complete:
        return [
            ngettext(
                "Total: not computed — {n} of {items} items has no consensus score ({missing}); the "
                "total, mean and band need every item.",
                "Total: not computed — {n} of {items} items have no consensus score ({missing}); the "
                "total, mean and band need every item.",
                len(card.missing),
            ).format(n=len(card.missing), items=len(card.items), missing=", ".join(card.missing))
        ]
    band = card.band
    lines = [
        _("Total: {total} (possible {low}–{high}); mean item score: {mean}").format(
            total=card.total, low=low, high=high, mean=mean_text(card.mean, lang)
        ),
        _("Band: {label} ({id})").format(id=band.id, label=band.label.get(lang))
        if band
        else _("Band: none (the battery declares no bands)"),
    ]
    disagreed = card.disagreements()
    if disagreed:
        lines.append(
            _("Reviewers' own scores differed by 2 or more on: {items}").format(
                items=", ".join(i.id for i in disagreed)
            )
        )
    return lines


def print_fidelity(card: FidelityCard, title: str) -> None:
    sections = _rows(card)
    summary = _summary(card)
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        from revision_cli.cli.tables import aligned

        out = [title, *aligned(_headers(), sections)]
        sys.stdout.write("\n".join([*out, *summary]) + "\n")
        return
    from rich.console import Console

    from revision_cli.cli.tables import rich_table

    console = Console()
    console.print(rich_table(title, _headers(), sections))
    for note in summary:
        console.print(note, highlight=False)
