"""What an answer means on its question's scale: valid or not, and its score."""

from __future__ import annotations

from fractions import Fraction

from revision_cli.i18n import _
from revision_cli.models.battery import TEXT_SCALE, Battery, Option, Question, Range, Scale


def scale_of(battery: Battery, question: Question) -> Scale | None:
    """The question's scale; None for free text."""
    return None if question.scale == TEXT_SCALE else battery.scales[question.scale]


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return None


_OPTION_TEXTS: dict[int, tuple[Scale, frozenset[str]]] = {}


def _option_texts(scale: Scale, options: list[Option]) -> frozenset[str]:
    # Every answer is checked against its scale: keep each scale's values as a set, once.
    entry = _OPTION_TEXTS.get(id(scale))
    if entry is None or entry[0] is not scale:
        entry = _OPTION_TEXTS[id(scale)] = (scale, frozenset(str(option.value) for option in options))
    return entry[1]


def span(scale: Scale) -> Range:
    # A scale without options has a range: checks.battery finds any other, and a battery
    # with findings is never used to check or score an audit (repository.catalog).
    assert scale.range is not None, "a scale with neither options nor a range"
    return scale.range


def positive_from(scale: Scale) -> int:
    # As span: a range scale has positive_from, or its battery is never used.
    assert scale.positive_from is not None, "a range scale without positive_from"
    return scale.positive_from


def is_option(scale: Scale, value: object) -> bool:
    """Whether `value` is one of the scale's options (on a range scale: one without a score
    beside the numbers, such as vet-ej)."""
    return (
        scale.options is not None and not isinstance(value, bool) and str(value) in _option_texts(scale, scale.options)
    )


def is_valid_value(battery: Battery, question: Question, value: object) -> bool:
    scale = scale_of(battery, question)
    if scale is None:
        return isinstance(value, str)
    if is_option(scale, value):
        return True
    if scale.range is None:
        return False
    number = _as_int(value)
    if number is None:
        return False
    bounds = span(scale)
    return bounds.min <= number <= bounds.max


def allowed_values(battery: Battery, question: Question) -> str:
    scale = scale_of(battery, question)
    if scale is None:
        return _("free text")
    options = ", ".join(str(option.value) for option in scale.options or [])
    if scale.range is None:
        return options
    bounds = span(scale)
    numbers = _("a whole number from {min} to {max}").format(min=bounds.min, max=bounds.max)
    # TRANSLATORS: {numbers}: "a whole number from 1 to 5"; {options}: e.g. "vet-ej", answers not counted.
    return _("{numbers}; not counted: {options}").format(numbers=numbers, options=options) if options else numbers


def score(battery: Battery, question: Question, value: object) -> Fraction | None:
    """The answer's score in [0, 1], or None when it is not counted (don't know, text)."""
    scale = scale_of(battery, question)
    if scale is None or value is None or not is_valid_value(battery, question, value):
        return None
    if is_option(scale, value):
        # On a range scale the options beside the numbers have no score (checks.battery):
        # a don't-know there is not counted, as on a scale of options.
        for option in scale.options or []:
            if option.value == value or str(option.value) == str(value):
                return option.score
        return None
    number = _as_int(value)
    assert number is not None  # is_valid_value: a whole number on a range scale
    return Fraction(1) if number >= positive_from(scale) else Fraction(0)
