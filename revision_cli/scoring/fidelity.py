"""Fidelity scales (IPS-25 and the like): the reviewers' item scores → totals, means, band.

No I/O, exact Fractions. A total, a mean or a band is only ever computed from *every* item
(or, for a section, every item of that section): an item without a consensus score is
listed as missing, never counted as zero or left out of a mean, since either would give a
figure the scale does not define.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from revision_cli.models.assessment import Assessment
from revision_cli.models.battery import Band, Battery, FidelityItem, Section

# Reviewers' own scores this far apart on one item are worth talking about before the
# consensus (on a 1–5 scale, a difference of 2 is the difference between "partly" and "fully").
DISAGREEMENT = 2


@dataclass
class ItemResult:
    section: Section
    item: FidelityItem
    score: int | None
    reviewers: dict[str, int] = field(default_factory=dict)
    note: str | None = None
    recommendation: str | None = None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def spread(self) -> int | None:
        """The largest difference between the reviewers' own scores (None with fewer than two)."""
        own = list(self.reviewers.values())
        return max(own) - min(own) if len(own) >= 2 else None


def _total(items: list[ItemResult]) -> int | None:
    """The sum of the items' scores; None while one has none."""
    scores = [i.score for i in items if i.score is not None]
    return sum(scores) if len(scores) == len(items) else None


@dataclass
class SectionResult:
    section: Section
    items: list[ItemResult]

    @property
    def id(self) -> str:
        return self.section.id

    @property
    def missing(self) -> list[str]:
        return [i.id for i in self.items if i.score is None]

    @property
    def total(self) -> int | None:
        return _total(self.items)

    @property
    def mean(self) -> Fraction | None:
        total = self.total
        return None if total is None else Fraction(total, len(self.items))


@dataclass
class FidelityCard:
    battery: Battery
    sections: list[SectionResult]

    @property
    def items(self) -> list[ItemResult]:
        return [item for section in self.sections for item in section.items]

    @property
    def missing(self) -> list[str]:
        return [i.id for i in self.items if i.score is None]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def possible(self) -> tuple[int, int]:
        """The lowest and highest total the scale allows (e.g. 25–125 for IPS-25)."""
        return possible_totals(self.battery)

    @property
    def total(self) -> int | None:
        return _total(self.items)

    @property
    def mean(self) -> Fraction | None:
        total = self.total
        return Fraction(total, len(self.items)) if total is not None and self.items else None

    @property
    def band(self) -> Band | None:
        return band_for(self.battery.bands, self.total) if self.total is not None else None

    def disagreements(self, at_least: int = DISAGREEMENT) -> list[ItemResult]:
        """Items where the reviewers' own scores lay `at_least` apart."""
        return [i for i in self.items if i.spread is not None and i.spread >= at_least]


def possible_totals(battery: Battery) -> tuple[int, int]:
    n = sum(1 for _ in battery.fidelity_items())
    return n * battery.item_scale.min, n * battery.item_scale.max


def band_for(bands: list[Band], total: int) -> Band | None:
    """The first band holding `total` (battery rules make sure there is exactly one)."""
    for band in bands:
        if (band.min is None or band.min <= total) and (band.max is None or total <= band.max):
            return band
    return None


def score_fidelity(battery: Battery, assessment: Assessment | None) -> FidelityCard | None:
    """The reviewers' scores of the battery's fidelity items; None for a battery without any."""
    if not battery.sections:
        return None
    scores = (assessment.items or {}) if assessment is not None else {}
    sections: list[SectionResult] = []
    for section in battery.sections:
        results: list[ItemResult] = []
        for item in section.items:
            given = scores.get(item.id)
            results.append(
                ItemResult(
                    section,
                    item,
                    given.score if given else None,
                    dict(given.reviewers or {}) if given else {},
                    given.note if given else None,
                    given.recommendation if given else None,
                )
            )
        sections.append(SectionResult(section, results))
    return FidelityCard(battery, sections)
