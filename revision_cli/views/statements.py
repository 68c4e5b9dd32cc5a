"""Rated statements as people and programs read them: the JSON of `revision score`, the
rows of its table, and the view the report templates get (`r.statements`)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from revision_cli.i18n import _, language
from revision_cli.models.combined import Combined
from revision_cli.scoring.statements import NOT_KEPT, StatementScore
from revision_cli.views.per_language import PerLanguage
from revision_cli.views.presentation import exact_or_none as _exact
from revision_cli.views.presentation import float_or_none as _float
from revision_cli.views.presentation import percent, suppression_reason, with_decimal_mark

if TYPE_CHECKING:
    from revision_cli.models.battery import Battery
    from revision_cli.scoring.breakdown import Breakdown
    from revision_cli.scoring.colours import ScoreCard
    from revision_cli.views.charts import Chart

# A statement's place in one group's column: {"suppressed": True, "reason": why},
# {"asked": False}, or {"score": the group's StatementScore}.
Cell = dict[str, Any]

_REASONS = PerLanguage(
    lambda tr: {NOT_KEPT: tr.gettext("The figures of rated statements are not kept when an audit is archived.")}
)
_INSUFFICIENT = PerLanguage(
    lambda tr: tr.gettext("{n} counted answers; at least {min} are needed for a mean, median and share.")
)
_NOT_ANSWERED = PerLanguage(lambda tr: tr.gettext("Not answered: {n}."))
_EXCLUDED = PerLanguage(lambda tr: tr.gettext("Not counted (don't know): {n}."))


def decimal(value: Fraction | None, lang: str, whole: bool = False) -> str | None:
    """A mean or median for reading: one decimal (`whole`: a whole number without one),
    decimal comma in Swedish."""
    if value is None:
        return None
    if whole and value.denominator == 1:
        return str(value.numerator)
    text = f"{float(round(value, 1)):.1f}"  # Fraction rounds half to even; display only
    return with_decimal_mark(text, lang)


def statement_json(s: StatementScore) -> dict[str, Any]:
    if s.suppressed:
        return {"id": s.id, "suppressed": True, "reason": s.suppressed}
    return {
        "id": s.id,
        "n": s.n,
        "not_answered": s.not_answered,
        "excluded": s.excluded,
        "insufficient": s.insufficient,
        "mean": _float(s.mean),
        "mean_exact": _exact(s.mean),
        "median": _float(s.median),
        "median_exact": _exact(s.median),
        "share": _float(s.share),
        "share_exact": _exact(s.share),
        "positive_from": s.positive_from,
        "distribution": {str(value): count for value, count in s.distribution.items()},
    }


def group_cells(s: StatementScore, breakdown: Breakdown | None, table: bool = False) -> list[tuple[str, Cell]]:
    """(group, cell) per column of the breakdown (of the tables' columns, with `table`): the
    group's own figures of the statement, None-free: {"suppressed", "reason"},
    {"asked": False} or the group's StatementScore."""
    cells: list[tuple[str, Cell]] = []
    if breakdown is None:
        return cells
    for column in breakdown.table_columns if table else breakdown.columns:
        own = None if column.card is None else next((x for x in column.card.statements if x.id == s.id), None)
        withheld = s.suppressed or breakdown.withheld(column, s)
        if withheld:
            cells.append((column.group, {"suppressed": True, "reason": withheld}))
        elif own is None:
            cells.append((column.group, {"asked": False}))
        else:
            cells.append((column.group, {"score": own}))
    return cells


def statements_json(statements: list[StatementScore], breakdown: Breakdown | None = None) -> list[dict[str, Any]]:
    """With a breakdown, each shown statement also carries `groups`: each group's figures."""
    found = []
    for s in statements:
        entry = statement_json(s)
        if breakdown is not None and breakdown.columns and not s.suppressed:
            entry["groups"] = {
                g: statement_json(cell["score"]) if "score" in cell else cell for g, cell in group_cells(s, breakdown)
            }
            for cell in entry["groups"].values():
                cell.pop("id", None)
        found.append(entry)
    return found


def _group_text(cell: Cell, lang: str) -> str:
    if cell.get("suppressed"):
        return "–"
    if "score" not in cell:
        return ""
    own = cell["score"]
    return f"{decimal(own.mean, lang) or '–'}; {percent(own.share, lang) or '–'} ({own.n})"


def table_rows(statements: list[StatementScore], breakdown: Breakdown | None = None) -> list[list[str]]:
    """Rows of the terminal table: id, n, mean, median, share ≥ positive_from, distribution,
    and with a breakdown each group's mean (n)."""
    lang = language()
    return [
        row + [_group_text(cell, lang) for _, cell in group_cells(s, breakdown, table=True)]
        for s, row in zip(statements, _rows(statements, lang), strict=True)
    ]


def _rows(statements: list[StatementScore], lang: str) -> list[list[str]]:
    rows = []
    for s in statements:
        if s.suppressed:
            rows.append([s.id, "–", "–", "–", "–", _("suppressed: {reason}").format(reason=_(s.suppressed))])
            continue
        spread = " ".join(f"{value}:{count}" for value, count in s.distribution.items())
        if s.excluded:
            spread += "; " + _("not counted: {n}").format(n=s.excluded)
        if s.insufficient:
            rows.append([s.id, str(s.n), "–", "–", "–", f"{spread} (" + _("insufficient") + ")"])
            continue
        rows.append(
            [
                s.id,
                str(s.n),
                decimal(s.mean, lang) or "–",
                decimal(s.median, lang, whole=True) or "–",
                f"{percent(s.share, lang)} (≥ {s.positive_from})",
                spread,
            ]
        )
    return rows


def _chart(s: StatementScore, lang: str, default_lang: str) -> Chart | None:
    from revision_cli.views.charts import bar_chart, distribution

    if s.scale is None:  # withheld figures have no chart
        return None
    return bar_chart(distribution(s.scale, {str(v): c for v, c in s.distribution.items()}, lang, default_lang))


def statements_view(card: ScoreCard, lang: str, breakdown: Breakdown | None = None) -> dict[str, Any] | None:
    """What the report's statements section shows; None when the battery has none.

    `positive_from` is the one value every statement shares (the usual case: one scale),
    named in the column heading; else None and each share names its own."""
    battery = card.battery
    if not card.statements:
        return None
    default = battery.language
    columns = breakdown.columns if breakdown is not None else []
    rows: list[dict[str, Any]] = []
    for s in card.statements:
        text = s.statement.text.get(lang, default)
        written_in = s.statement.text.lang_of(lang, default)
        text_lang = written_in if written_in != lang else None  # the HTML marks it with lang (and dir)
        if s.suppressed:
            reason = _REASONS[lang].get(s.suppressed) or suppression_reason(s.suppressed, lang)
            rows.append(
                {
                    "id": s.id,
                    "text": text,
                    "text_lang": text_lang,
                    "suppressed": True,
                    "reason": reason,
                    "n": "–",
                    "mean": None,
                    "median": None,
                    "share": None,
                    "positive_from": None,
                    "note": reason,
                    "chart": None,
                    "counts": [],
                    "groups": [{"suppressed": True} for _ in group_cells(s, breakdown, table=True)],
                }
            )
            continue
        notes = []
        if s.insufficient:
            notes.append(_INSUFFICIENT[lang].format(n=s.n, min=battery.rating.min_answers))
        if s.not_answered:
            notes.append(_NOT_ANSWERED[lang].format(n=s.not_answered))
        if s.excluded:
            notes.append(_EXCLUDED[lang].format(n=s.excluded))
        from revision_cli.views.presentation import GROUP_LABELS

        # A shown group's withheld cell says why in the notes (a hidden group's column says it once).
        notes.extend(
            f"{GROUP_LABELS[lang].get(group, group)}: {suppression_reason(cell['reason'], lang)}"
            for group, cell in group_cells(s, breakdown, table=True)
            if cell.get("suppressed") and not any(c.group == group and c.card is None for c in columns)
        )
        rows.append(
            {
                "id": s.id,
                "text": text,
                "text_lang": text_lang,
                "suppressed": False,
                "reason": None,
                "n": s.n,
                "mean": decimal(s.mean, lang),
                "median": decimal(s.median, lang, whole=True),
                "share": percent(s.share, lang),
                "positive_from": s.positive_from,
                "note": " ".join(notes) or None,
                "chart": _chart(s, lang, default),
                "counts": [{"value": v, "count": c} for v, c in s.distribution.items()],
                "groups": [
                    {
                        "suppressed": bool(cell.get("suppressed")),
                        "asked": "score" in cell or bool(cell.get("suppressed")),
                        "mean": decimal(cell["score"].mean, lang) if "score" in cell else None,
                        "share": percent(cell["score"].share, lang) if "score" in cell else None,
                        "n": cell["score"].n if "score" in cell else None,
                    }
                    for _, cell in group_cells(s, breakdown, table=True)
                ],
            }
        )
    shown = [row for row in rows if not row["suppressed"]]
    common = {row["positive_from"] for row in shown}
    scales = {s.statement.scale for s in card.statements if not s.suppressed}
    scale = battery.scales[next(iter(scales))] if len(scales) == 1 else None
    from revision_cli.views.presentation import GROUP_LABELS

    return {
        "rows": rows,
        # Each group's mean beside the total, where suppression allows; never free text.
        "columns": [
            {
                "label": GROUP_LABELS[lang].get(c.group, c.group),
                "suppressed": c.card is None,
                "reason": suppression_reason(c.reason, lang) if c.reason else None,
            }
            for c in (breakdown.table_columns if breakdown is not None else [])
        ],
        # Why each group without a card has none: "Personal: För få svarande för att redovisas."
        "hidden": [
            f"{GROUP_LABELS[lang].get(c.group, c.group)}: {suppression_reason(c.reason, lang)}"
            for c in (breakdown.columns if breakdown is not None else [])
            if c.card is None and c.reason
        ],
        "positive_from": next(iter(common)) if len(common) == 1 else None,
        # One scale for all: the Markdown report lists the distributions in one table, a column per value.
        "scale_values": (
            list(range(scale.range.min, scale.range.max + 1)) if scale is not None and scale.range is not None else None
        ),
        "scale_label": scale.label.get(lang, default) if scale is not None and scale.label else None,
        "min_answers": battery.rating.min_answers,
        # An audit of several batteries names the one(s) its statements come from.
        "source": _source(battery, card, lang),
    }


def statements_title(card: ScoreCard) -> str:
    """The heading of the statements table on the command line, naming their battery when the
    audit has several."""
    source = _source(card.battery, card, language())
    return _("Rated statements") + (f": {source}" if source else "")


def _source(battery: Battery, card: ScoreCard, lang: str) -> str | None:
    if not isinstance(battery, Combined):
        return None
    owners = [battery.owner("question", s.id) for s in card.statements]
    parts = [p for p in battery.parts if p in owners]
    return ", ".join(p.title.get(lang, p.language) for p in parts) or None
