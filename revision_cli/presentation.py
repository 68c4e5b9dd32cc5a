"""How ratings and shares read to people: symbol + word (never colour alone), percentages,
and the sentence that says why a light has its colour. Shared by the terminal and reports."""

from __future__ import annotations

from fractions import Fraction

from .models.battery import RatingRule

SYMBOLS = {"green": "✓", "yellow": "!", "red": "✗", "insufficient": "–", "none": ""}
WORDS = {
    "sv": {"green": "Grön", "yellow": "Gul", "red": "Röd", "insufficient": "Otillräckligt underlag", "none": ""},
    "en": {"green": "Green", "yellow": "Yellow", "red": "Red", "insufficient": "Insufficient data", "none": ""},
}


def rating_view(rating, lang: str) -> dict:
    key = rating.value if rating is not None else "none"
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


_PHRASES = {
    "sv": {
        "insufficient": "Otillräckligt underlag: {n} räknade svar (minst {min} behövs){excluded_tail}",
        "excluded_tail": ", {excluded} ej räknade.",
        "excluded_paren": " ({excluded} ej räknade)",
        "rated": "Andel positiva {share} av {n} räknade svar{excluded}; {word} eftersom andelen är {limit}.",
        "green": "minst {green}",
        "yellow": "minst {yellow} men under {green}",
        "red": "under {yellow}",
    },
    "en": {
        "insufficient": "Insufficient data: {n} counted answers (at least {min} needed){excluded_tail}",
        "excluded_tail": ", {excluded} not counted.",
        "excluded_paren": " ({excluded} not counted)",
        "rated": "Positive share {share} of {n} counted answers{excluded}; {word} because the share is {limit}.",
        "green": "at least {green}",
        "yellow": "at least {yellow} but below {green}",
        "red": "below {yellow}",
    },
}


def explanation(share: Fraction | None, n: int, excluded: int, rule: RatingRule, lang: str, computed) -> str:
    """Why a computed light has its colour, in one sentence: share, counts and thresholds."""
    phrases = _PHRASES[lang]
    key = computed.value
    if key == "insufficient":
        tail = phrases["excluded_tail"].format(excluded=excluded) if excluded else "."
        return phrases["insufficient"].format(n=n, min=rule.min_answers, excluded_tail=tail)
    limit = phrases[key].format(green=fraction_text(rule.green), yellow=fraction_text(rule.yellow))
    return phrases["rated"].format(
        share=percent(share, lang), n=n, word=WORDS[lang][key].lower(), limit=limit,
        excluded=phrases["excluded_paren"].format(excluded=excluded) if excluded else "")
