"""What a reader sees of indicators.yaml: each indicator's latest value against its baseline
and target, its run chart's median and signals in words, and the chart's geometry as plain
numbers for the templates to draw (no SVG is built here; templates escape every text).

The words follow the run-chart rules in scoring/runchart.py; a signal is always written out
(kind, how many points, which side or way, from when to when, better or worse), so nothing
depends on seeing the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from gettext import NullTranslations
from typing import TYPE_CHECKING, Any

from revision_cli.models.indicators import number_text, terminating
from revision_cli.scoring.runchart import Point, RunChart, Signal, meets_target, run_chart
from revision_cli.views.per_language import PerLanguage
from revision_cli.views.presentation import with_decimal_mark

if TYPE_CHECKING:
    from revision_cli.models.base import Text
    from revision_cli.models.indicators import Indicator
    from revision_cli.repository.indicators import IndicatorFile
    from revision_cli.repository.locate import Repository
    from revision_cli.repository.scored import ScoredAudit


def _words(tr: NullTranslations) -> dict[str, str]:
    return {
        "lower": tr.gettext("lower is better"),
        "higher": tr.gettext("higher is better"),
        "shift_above": tr.gettext("Shift: {n} points in a row above the median, from {first} to {last} ({better})."),
        "shift_below": tr.gettext("Shift: {n} points in a row below the median, from {first} to {last} ({better})."),
        "trend_up": tr.gettext("Trend: {n} points in a row going up, from {first} to {last} ({better})."),
        "trend_down": tr.gettext("Trend: {n} points in a row going down, from {first} to {last} ({better})."),
        "better": tr.gettext("the better direction"),
        "worse": tr.gettext("the worse direction"),
        "no_signal": tr.gettext(
            "No shift (6 points on one side of the median) and no trend (5 points going one way): "
            "the points vary around the median."
        ),
        "meets": tr.gettext("The latest value, {value} ({date}), meets the target of {target}."),
        "misses": tr.gettext("The latest value, {value} ({date}), does not yet meet the target of {target}."),
        "no_target": tr.gettext("The latest value is {value} ({date}); no target is set."),
        "no_points": tr.gettext("No measurements yet."),
        "summary": tr.gettext(
            "Run chart of {title}: {n} measurements from {first} to {last}, in {unit}; median {median}."
        ),
        "summary_target": tr.gettext("Target {target} ({direction})."),
        "median_line": tr.gettext("Median {value}"),
        "target_line": tr.gettext("Target {value}"),
        "in_shift": tr.gettext("shift"),
        "in_trend": tr.gettext("trend"),
    }


WORDS = PerLanguage(_words)

# The drawing (px): room on the left for the value labels, on the right for the lines' names,
# and below for the first and last date and the key.
WIDTH = 560
HEIGHT = 280
LEFT = 48
RIGHT = 112
TOP = 16
BOTTOM = 64


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    marked: bool  # part of a shift or a trend: drawn as a square, not a circle
    label: str  # "date: value", for the point's own <title>


@dataclass(frozen=True)
class Line:
    y: float
    label: str
    label_y: float = 0.0  # the label's baseline, beside the line's right end


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float  # x of the plot's right edge
    top: int
    bottom: float  # y of the plot's bottom edge
    path: str  # the polyline through the points
    points: tuple[ChartPoint, ...]
    median: Line | None
    target: Line | None
    y_labels: tuple[Line, ...]
    first_date: str
    last_date: str
    key_y: float


def _r(x: float) -> float:
    return round(x, 1)


def fraction_text(value: Fraction, lang: str) -> str:
    exact = terminating(value)
    return with_decimal_mark(number_text(exact if exact is not None else Decimal(float(value))), lang)


def text_of(text: Text | None, lang: str, default_lang: str) -> str | None:
    return text.get(lang, default_lang) if text is not None else None


def lang_of(text: Text | None, lang: str, default_lang: str) -> str | None:
    """The language of the text `text_of` gives, when it is not `lang` (for a lang="…"
    attribute): a text in one language is in the repository's (`default_lang`)."""
    if text is None:
        return None
    if getattr(text, lang, None):
        return None
    shown = default_lang if text.plain is not None and (lang == default_lang or not (text.sv or text.en)) else None
    shown = shown or ("sv" if text.sv else "en" if text.en else default_lang)
    return shown if shown != lang else None


def chart_geometry(chart: RunChart, target: Fraction | None, lang: str, words: dict[str, str]) -> Chart | None:
    points = chart.points
    if not points or chart.median is None:
        return None
    values = [p.value for p in points]
    lines = [chart.median, *([target] if target is not None else [])]
    lo, hi = min([*values, *lines]), max([*values, *lines])
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: Fraction) -> float:
        return _r(TOP + float((hi - v) / (hi - lo)) * plot_h)

    def x(i: int) -> float:
        return _r(LEFT + (plot_w / 2 if len(points) == 1 else plot_w * i / (len(points) - 1)))

    drawn = tuple(
        ChartPoint(x(i), y(p.value), bool(chart.in_signal(i)), f"{p.date.isoformat()}: {fraction_text(p.value, lang)}")
        for i, p in enumerate(points)
    )
    median_line = Line(y(chart.median), words["median_line"].format(value=fraction_text(chart.median, lang)))
    target_line = (
        Line(y(target), words["target_line"].format(value=fraction_text(target, lang))) if target is not None else None
    )
    median_line, target_line = _apart(median_line, target_line)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=_r(LEFT + plot_w),
        top=TOP,
        bottom=_r(TOP + plot_h),
        path=" ".join(f"{p.x},{p.y}" for p in drawn),
        points=drawn,
        median=median_line,
        target=target_line,
        y_labels=(Line(y(hi), fraction_text(hi, lang)), Line(y(lo), fraction_text(lo, lang))),
        first_date=points[0].date.isoformat(),
        last_date=points[-1].date.isoformat(),
        key_y=_r(HEIGHT - 14),
    )


LABEL_GAP = 14  # two labels' baselines at least this far apart (12 px text)


def _apart(median: Line, target: Line | None) -> tuple[Line, Line | None]:
    """Each line's label centred on it, unless the two would overlap: then the upper one
    moves up and the lower one down, just enough."""
    m = Line(median.y, median.label, _r(median.y + 4))
    if target is None:
        return m, None
    t = Line(target.y, target.label, _r(target.y + 4))
    if abs(t.label_y - m.label_y) >= LABEL_GAP:
        return m, t
    upper, lower = (m, t) if m.y <= t.y else (t, m)
    middle = (upper.label_y + lower.label_y) / 2
    upper = Line(upper.y, upper.label, _r(middle - LABEL_GAP / 2))
    lower = Line(lower.y, lower.label, _r(middle + LABEL_GAP / 2))
    return (upper, lower) if m.y <= t.y else (lower, upper)


def signal_text(signal: Signal, chart: RunChart, direction: str, words: dict[str, str]) -> str:
    key = f"{signal.kind}_{signal.way}"
    return words[key].format(
        n=signal.count,
        first=chart.points[signal.first].date.isoformat(),
        last=chart.points[signal.last].date.isoformat(),
        better=words["better"] if signal.better(direction) else words["worse"],
    )


def indicator_view(indicator: Indicator, lang: str, default_lang: str) -> dict[str, Any]:
    """One indicator as reports, the site and `revision indicators` show it."""
    words = WORDS[lang]
    points = [Point(m.date, Fraction(m.value)) for m in indicator.measurements]
    chart = run_chart(points)
    notes = {m.date: text_of(m.note, lang, default_lang) for m in indicator.measurements}
    note_langs = {m.date: lang_of(m.note, lang, default_lang) for m in indicator.measurements}
    target = Fraction(indicator.target) if indicator.target is not None else None
    title = indicator.title.get(lang, default_lang)
    unit = indicator.unit.get(lang, default_lang)
    latest = chart.points[-1] if chart.points else None
    if latest is None:
        status = words["no_points"]
    elif target is None:
        status = words["no_target"].format(value=fraction_text(latest.value, lang), date=latest.date.isoformat())
    else:
        met = meets_target(latest.value, target, indicator.direction)
        status = words["meets" if met else "misses"].format(
            value=fraction_text(latest.value, lang),
            date=latest.date.isoformat(),
            target=fraction_text(target, lang),
        )
    signals = [signal_text(s, chart, indicator.direction, words) for s in chart.signals]
    rows = []
    for i, p in enumerate(chart.points):
        kinds = [words["in_shift" if s.kind == "shift" else "in_trend"] for s in chart.in_signal(i)]
        rows.append(
            {
                "date": p.date.isoformat(),
                "value": fraction_text(p.value, lang),
                "note": notes.get(p.date),
                "note_lang": note_langs.get(p.date),
                "signals": ", ".join(dict.fromkeys(kinds)),
            }
        )
    summary = None
    if chart.points and chart.median is not None:
        summary = words["summary"].format(
            title=title,
            n=len(chart.points),
            first=chart.points[0].date.isoformat(),
            last=chart.points[-1].date.isoformat(),
            unit=unit,
            median=fraction_text(chart.median, lang),
        )
        if target is not None:
            summary += " " + words["summary_target"].format(
                target=fraction_text(target, lang), direction=words[indicator.direction]
            )
        summary += " " + (" ".join(signals) if signals else words["no_signal"])
    return {
        "id": indicator.id,
        "title": title,
        "title_lang": lang_of(indicator.title, lang, default_lang),
        "description": text_of(indicator.description, lang, default_lang),
        "description_lang": lang_of(indicator.description, lang, default_lang),
        "unit": unit,
        "unit_lang": lang_of(indicator.unit, lang, default_lang),
        "direction": indicator.direction,
        "direction_text": words[indicator.direction],
        "baseline": fraction_text(Fraction(indicator.baseline), lang) if indicator.baseline is not None else None,
        "target": fraction_text(Fraction(indicator.target), lang) if indicator.target is not None else None,
        "latest": {"date": latest.date.isoformat(), "value": fraction_text(latest.value, lang)} if latest else None,
        "met": meets_target(latest.value, target, indicator.direction) if latest and target is not None else None,
        "status": status,
        "median": fraction_text(chart.median, lang) if chart.median is not None else None,
        "signals": signals,
        "no_signal": words["no_signal"] if chart.points and not signals else None,
        "rows": rows,
        "summary": summary,
        "chart": chart_geometry(chart, target, lang, words),
    }


def _sources(tr: NullTranslations) -> dict[str, str]:
    return {
        "unit": tr.gettext("The unit's indicators ({path})"),
        "audit": tr.gettext("This audit's indicators ({path})"),
    }


SOURCES = PerLanguage(_sources)


def file_view(file: IndicatorFile, lang: str, default_lang: str) -> dict[str, Any]:
    """One indicators.yaml (loaded without errors): where it lies and each indicator's view."""
    from revision_cli.errors import display_path

    assert file.loaded is not None
    where = f"units/{file.owner}/indicators.yaml" if file.of_unit else f"audits/{file.owner}/indicators.yaml"
    return {
        "path": display_path(file.path),
        "from_unit": file.of_unit,
        "source": SOURCES[lang]["unit" if file.of_unit else "audit"].format(path=where),
        "indicators": [indicator_view(i, lang, default_lang) for i in file.loaded.model.indicators],
    }


def unit_file_checked(repo: Repository, unit: str) -> IndicatorFile | None:
    """The unit's indicators.yaml for a report or a page of the site; one with errors stops
    them as an audit's own errors do (RevisionError, with the findings)."""
    from revision_cli.errors import Report, RevisionError
    from revision_cli.i18n import _
    from revision_cli.repository.indicators import unit_file_of

    found = unit_file_of(repo, unit)
    if found is not None and not found.ok:
        raise RevisionError(
            _("the unit's indicators.yaml has errors; see 'revision validate'"),
            Report([f for f in found.findings if f.severity.value == "error"]).sorted(),
        )
    return found


def audit_indicators(scored: ScoredAudit, lang: str) -> list[dict[str, Any]]:
    """What an audit's report shows: its unit's indicators, then its own."""
    from revision_cli.repository.indicators import IndicatorFile as File

    default_lang = scored.repo.config.language
    files: list[IndicatorFile] = []
    unit = unit_file_checked(scored.repo, scored.audit.unit)
    if unit is not None:
        files.append(unit)
    own = scored.bundle.indicators
    if own is not None:
        files.append(File(own.doc.path, scored.bundle.folder.name, False, own))
    return [file_view(f, lang, default_lang) for f in files if f.loaded is not None and f.loaded.model.indicators]
