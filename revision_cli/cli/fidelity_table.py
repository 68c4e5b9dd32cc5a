"""`revision score` of a fidelity scale: items by section with their scores, section means,
the total, the mean and the band — rich on a terminal, aligned plain text when piped."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from revision_cli.cli.tables import Justify

if TYPE_CHECKING:
    from revision_cli.scoring.fidelity import FidelityCard

_HEADERS: list[tuple[str, Justify]] = [("Section / item", "left"), ("Score", "right"), ("Mean", "right")]


def _rows(card: FidelityCard) -> list[list[list[tuple[str, str]]]]:
    """Sections of rows; each cell is (text, rich style)."""
    from revision_cli.views.fidelity import mean_text

    sections = []
    for section in card.sections:
        total = str(section.total) if section.total is not None else f"{len(section.missing)} missing"
        rows = [
            [
                (f"{section.section.title.get('en')} ({section.id})", "bold"),
                (total, "bold"),
                (mean_text(section.mean, "en") or "–", "bold"),
            ]
        ]
        for item in section.items:
            score = str(item.score) if item.score is not None else "– missing"
            marker = (
                f"  (reviewers {', '.join(f'{w} {s}' for w, s in item.reviewers.items())})" if item.reviewers else ""
            )
            rows.append(
                [
                    (f"  {item.id} {item.item.title.get('en')}{marker}", ""),
                    (score, "" if item.score is not None else "dim"),
                    ("", ""),
                ]
            )
        sections.append(rows)
    return sections


def _summary(card: FidelityCard) -> list[str]:
    from revision_cli.views.fidelity import mean_text

    low, high = card.possible
    if not card.complete:
        return [
            f"Total: not computed — {len(card.missing)} of {len(card.items)} items have no consensus score "
            f"({', '.join(card.missing)}); the total, mean and band need every item."
        ]
    band = card.band
    lines = [
        f"Total: {card.total} (possible {low}–{high}); mean item score: {mean_text(card.mean, 'en')}",
        f"Band: {band.id} — {band.label.get('en')}" if band else "Band: none (the battery declares no bands)",
    ]
    disagreed = card.disagreements()
    if disagreed:
        lines.append("Reviewers' own scores differed by 2 or more on: " + ", ".join(i.id for i in disagreed))
    return lines


def print_fidelity(card: FidelityCard, title: str) -> None:
    sections = _rows(card)
    summary = _summary(card)
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        from revision_cli.cli.tables import aligned

        out = [title, *aligned(_HEADERS, sections)]
        sys.stdout.write("\n".join([*out, *summary]) + "\n")
        return
    from rich.console import Console

    from revision_cli.cli.tables import rich_table

    console = Console()
    console.print(rich_table(title, _HEADERS, sections))
    for note in summary:
        console.print(note, highlight=False)
