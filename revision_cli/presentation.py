"""How ratings and shares read to people: symbol + word (never colour alone), percentages,
and the sentence that says why a light has its colour. Shared by the terminal and reports."""

from __future__ import annotations

from fractions import Fraction

from .models.battery import RatingRule
from .suppression import HIDDEN_TO_PROTECT, TOO_FEW

SYMBOLS = {"green": "✓", "yellow": "!", "red": "✗", "insufficient": "–", "suppressed": "–", "none": ""}
WORDS = {
    "sv": {"green": "Grön", "yellow": "Gul", "red": "Röd", "insufficient": "Otillräckligt underlag",
           "suppressed": "För få svarande för att redovisas", "none": ""},
    "en": {"green": "Green", "yellow": "Yellow", "red": "Red", "insufficient": "Insufficient data",
           "suppressed": "Too few respondents to report", "none": ""},
}


def rating_view(rating, lang: str) -> dict:
    """A rating (or None: not assessed; or the string "suppressed") as symbol and word."""
    key = "none" if rating is None else getattr(rating, "value", rating)
    return {"key": key, "word": WORDS[lang][key], "symbol": SYMBOLS[key]}


def badge(rating, lang: str = "en") -> str:
    view = rating_view(rating, lang)
    return f"{view['symbol']} {view['word']}".strip()


def percent(share: Fraction | None, lang: str = "sv") -> str | None:
    if share is None:
        return None
    whole = round(share * 100)  # Fraction rounds half to even; display only
    return f"{whole} %" if lang == "sv" else f"{whole}%"


def fraction_text(value: Fraction) -> str:
    return str(value) if value.denominator != 1 else str(value.numerator)


def exact_or_none(value: Fraction | None) -> str | None:
    """An exact figure for JSON beside its float: "5/6", or "4"; None stays None."""
    return fraction_text(value) if value is not None else None


def float_or_none(value: Fraction | None) -> float | None:
    """A figure as a JSON number (full precision; round only for display)."""
    return float(value) if value is not None else None


_PHRASES = {
    "sv": {
        "insufficient": "{n} svarande med räknade svar, minst {min} behövs{excluded}.",
        "excluded": "; {excluded} svar räknades inte",
        "rated": "Andel positiva {share} bland {n} svarande{excluded}; {word} eftersom andelen är {limit}.",
        "green": "minst {green}",
        "yellow": "minst {yellow} men under {green}",
        "red": "under {yellow}",
    },
    "en": {
        "insufficient": "{n} respondents with counted answers, at least {min} needed{excluded}.",
        "excluded": "; answers not counted: {excluded}",
        "rated": "Positive share {share} among {n} respondents{excluded}; {word} because the share is {limit}.",
        "green": "at least {green}",
        "yellow": "at least {yellow} but below {green}",
        "red": "below {yellow}",
    },
}


def explanation(share: Fraction | None, n: int, excluded: int, rule: RatingRule, lang: str, computed) -> str:
    """Why a computed light has its colour, in one sentence: share, counts and thresholds."""
    phrases = _PHRASES[lang]
    key = computed.value
    excluded_text = phrases["excluded"].format(excluded=excluded) if excluded else ""
    if key == "insufficient":
        return phrases["insufficient"].format(n=n, min=rule.min_answers, excluded=excluded_text)
    limit = phrases[key].format(green=fraction_text(rule.green), yellow=fraction_text(rule.yellow))
    return phrases["rated"].format(share=percent(share, lang), n=n, word=WORDS[lang][key].lower(),
                                   limit=limit, excluded=excluded_text)


_REASONS = {
    "sv": {TOO_FEW: "För få svarande för att redovisas.",
           HIDDEN_TO_PROTECT: "Redovisas inte, så att en mindre grupp inte kan räknas fram ur totalen."},
    "en": {TOO_FEW: "Too few respondents to report.",
           HIDDEN_TO_PROTECT: "Not reported, so that a smaller group cannot be worked out from the total."},
}


def suppression_reason(reason: str, lang: str) -> str:
    return _REASONS[lang].get(reason, reason)
