"""A fidelity score card as people and programs read it: `score --format json` keys, the
report's view, and `batteries show` lines. No I/O."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, overload

from revision_cli.errors import UsageError
from revision_cli.i18n import _
from revision_cli.models.battery import Band, Battery
from revision_cli.views.per_language import PerLanguage
from revision_cli.views.presentation import exact_or_none as _exact
from revision_cli.views.presentation import float_or_none as _float
from revision_cli.views.presentation import with_decimal_mark

if TYPE_CHECKING:
    from revision_cli.models.base import Text
    from revision_cli.repository.scored import ScoredAudit
    from revision_cli.scoring.fidelity import FidelityCard

# Where the reviewers find what they score an item on (models.words.FIDELITY_SOURCES).
SOURCE_LABELS = PerLanguage(
    lambda tr: {
        "interviews": tr.pgettext("fidelity source", "interviews"),
        "documents": tr.pgettext("fidelity source", "documents"),
        "records": tr.pgettext("fidelity source", "records"),
        "observation": tr.pgettext("fidelity source", "observation"),
    }
)
FIDELITY_TITLE = PerLanguage(lambda tr: tr.gettext("Fidelity review: {unit}"))
INCOMPLETE = PerLanguage(
    lambda tr: tr.gettext(
        "{n} of {of} items have no consensus score: {ids}. "
        "The total, mean and band are computed once every item is scored."
    )
)
DISAGREEMENT_NOTE = PerLanguage(
    lambda tr: tr.gettext("Items where the reviewers' own scores differed by {k} or more: {ids}.")
)


def card_of(scored: ScoredAudit) -> FidelityCard | None:
    """The audit's fidelity card; None when its battery has no fidelity items (the scoring
    of fidelity is then not loaded: most audits have none)."""
    if not scored.battery.sections:
        return None
    from revision_cli.scoring.fidelity import score_fidelity

    return score_fidelity(scored.battery, scored.assessment)


def refuse_group(battery: Battery, group: str | None) -> None:
    """`--group` on a battery of fidelity items only: the reviewers score the items, no
    respondent group does, so there is nothing to break down (exit 2)."""
    if group is not None and battery.sections and not battery.areas and not battery.statements:
        raise UsageError(
            _(
                "--group does not apply to {ref}: its items are scored by the reviewers, "
                "not by respondent groups; run 'revision score' without --group"
            ).format(ref=battery.ref)
        )


@overload
def mean_text(mean: Fraction | int, lang: str) -> str: ...
@overload
def mean_text(mean: Fraction | int | None, lang: str) -> str | None: ...
def mean_text(mean: Fraction | int | None, lang: str) -> str | None:
    """A mean item score to two decimals (display only), with a decimal comma in Swedish."""
    if mean is None:
        return None
    text = f"{float(mean):.2f}"
    return with_decimal_mark(text, lang)


def fidelity_json(card: FidelityCard) -> dict[str, Any]:
    """The top-level keys `score --format json` adds for a battery with fidelity items."""
    band = card.band
    low, high = card.possible
    return {
        "total": card.total,
        "mean": _float(card.mean),
        "mean_exact": _exact(card.mean),
        "band": band.id if band else None,
        "complete": card.complete,
        "missing": card.missing,
        "item_scale": {"min": card.battery.item_scale.min, "max": card.battery.item_scale.max},
        "possible": {"min": low, "max": high},
        "bands": [
            {"id": b.id, "min": b.min, "max": b.max, "applies": band is not None and b.id == band.id}
            for b in card.battery.bands
        ],
        "sections": [
            {
                "id": s.id,
                "items": [i.id for i in s.items],
                "total": s.total,
                "mean": _float(s.mean),
                "mean_exact": _exact(s.mean),
                "missing": s.missing,
            }
            for s in card.sections
        ],
        "items": [
            {
                "id": i.id,
                "section": i.section.id,
                "score": i.score,
                "reviewers": i.reviewers,
                "spread": i.spread,
                "note": i.note,
                "recommendation": i.recommendation,
            }
            for i in card.items
        ],
        "disagreements": [i.id for i in card.disagreements()],
    }


def fidelity_report(card: FidelityCard | None, lang: str) -> dict[str, Any] | None:
    """The fidelity section of a report (templates/_fidelity.*.j2); None without items."""
    if card is None:
        return None
    battery = card.battery
    default = battery.language

    def t(text: Text | None) -> str | None:
        return text.get(lang, default) if text is not None else None

    def in_lang(text: Text | None) -> str | None:
        """The text's language when not the report's: the HTML marks it (lang, dir)."""
        shown = text.lang_of(lang, default) if text is not None else lang
        return shown if shown != lang else None

    band = card.band
    low, high = card.possible
    missing = card.missing
    disagreed = card.disagreements()
    return {
        "complete": card.complete,
        "total": card.total,
        "possible": f"{low}–{high}",
        "mean": mean_text(card.mean, lang),
        "scale": f"{battery.item_scale.min}–{battery.item_scale.max}",
        "band": {
            "id": band.id,
            "label": t(band.label),
            "label_lang": in_lang(band.label),
            "description": t(band.description),
            "description_lang": in_lang(band.description),
        }
        if band
        else None,
        "incomplete_note": INCOMPLETE[lang].format(n=len(missing), of=len(card.items), ids=", ".join(missing))
        if missing
        else None,
        # The recommendation column is shown only when the reviewers wrote one.
        "recommendations": any(i.recommendation for i in card.items),
        "disagreement_note": DISAGREEMENT_NOTE[lang].format(k=2, ids=", ".join(i.id for i in disagreed))
        if disagreed
        else None,
        "bands": [
            {
                "id": b.id,
                "label": t(b.label),
                "label_lang": in_lang(b.label),
                "range": _range_text(b, low, high),
                "applies": band is not None and b.id == band.id,
            }
            for b in battery.bands
        ],
        "sections": [
            {
                "id": s.id,
                "title": t(s.section.title),
                "title_lang": in_lang(s.section.title),
                "total": s.total,
                "mean": mean_text(s.mean, lang),
                "count": len(s.items),
                "missing": len(s.missing),
                "rows": [
                    {
                        "id": i.id,
                        "title": t(i.item.title),
                        "title_lang": in_lang(i.item.title),
                        "score": i.score,
                        "anchor": t(i.item.anchors.get(i.score)) if i.score is not None else None,
                        "anchor_lang": in_lang(i.item.anchors.get(i.score)) if i.score is not None else None,
                        "reviewers": ", ".join(f"{who}: {own}" for who, own in i.reviewers.items()),
                        "note": i.note,
                        "recommendation": i.recommendation,
                    }
                    for i in s.items
                ],
            }
            for s in card.sections
        ],
    }


def _range_text(band: Band, low: int, high: int) -> str:
    first = band.min if band.min is not None else low
    last = band.max if band.max is not None else high
    return f"{first}–{last}"


def scaffold_items(battery: Battery) -> list[str]:
    """assessment.yaml lines of `revision new`: every fidelity item, empty (not scored yet)."""
    if not battery.sections:
        return []
    scale = f"{battery.item_scale.min}–{battery.item_scale.max}"
    lines = [
        "# "
        + _("Fidelity items: the reviewers' consensus score {scale} after each id (e.g. `ips-01: 4`), or").format(
            scale=scale
        ),
        "# "
        + _("{example} with each reviewer's own score by team id.").format(
            example="{score: 4, reviewers: {A: 4, B: 3}, note: ...}"
        ),
        "# " + _("An item left empty is not scored yet; the total waits until every item has its score."),
        "items:",
    ]
    for section in battery.sections:
        lines.append(f"  # {_one_line(section.title.get(battery.language))}")
        lines += [f"  {item.id}:  # {_one_line(item.title.get(battery.language))}" for item in section.items]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def describe_fidelity(battery: Battery, lang: str) -> list[str]:
    """`batteries show` lines: sections, items with their sources and anchors, and bands."""
    if not battery.sections:
        return []
    default = battery.language

    def t(text: Text | None) -> str:
        return text.get(lang, default) if text is not None else ""

    scale = battery.item_scale
    n = sum(1 for _ in battery.fidelity_items())
    lines = [
        "\n"
        + _("Fidelity items: {n}, each scored {min}–{max} by the reviewers (total {low}–{high})").format(
            n=n, min=scale.min, max=scale.max, low=n * scale.min, high=n * scale.max
        )
    ]
    for section in battery.sections:
        lines.append(f"\n{section.id}: {t(section.title)}")
        for item in section.items:
            sources = ", ".join(SOURCE_LABELS[lang][s] for s in item.sources)
            lines.append(f"  {item.id}: {t(item.title)}" + (f" [{sources}]" if sources else ""))
            lines.extend(f"      {score}: {t(text)}" for score, text in sorted(item.anchors.items()))
    if battery.bands:
        lines.append("\n" + _("Bands of the total:"))
        low, high = n * scale.min, n * scale.max
        lines.extend(
            f"  {_range_text(b, low, high)}: {b.id} — {t(b.label)}"
            for b in sorted(battery.bands, key=lambda b: -(b.max if b.max is not None else high))
        )
    else:
        lines.append("\n" + _("No bands: the total and the means are shown without a band."))
    if battery.guides:
        lines.append("\n" + _("Interview guides (revision form AUDIT --group GROUP --guide):"))
        for guide in battery.guides:
            n = sum(len(topic.questions) for topic in guide.topics)
            lines.append(
                "  "
                + _("{group}: {title} — {topics} topics, {n} questions").format(
                    group=guide.group, title=t(guide.title), topics=len(guide.topics), n=n
                )
            )
    return lines
