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


def explanation(share: Fraction | None, n: int, excluded: int, rule: RatingRule, lang: str, computed) -> str:
    """Why a computed light has its colour, in one sentence."""
    key = computed.value
    if lang == "sv":
        if key == "insufficient":
            return (f"Otillräckligt underlag: {n} räknade svar (minst {rule.min_answers} behövs)"
                    + (f", {excluded} ej räknade." if excluded else "."))
        limit = {"green": f"minst {fraction_text(rule.green)}",
                 "yellow": f"minst {fraction_text(rule.yellow)} men under {fraction_text(rule.green)}",
                 "red": f"under {fraction_text(rule.yellow)}"}[key]
        return (f"Andel positiva {percent(share, 'sv')} av {n} räknade svar"
                + (f" ({excluded} ej räknade)" if excluded else "")
                + f"; {WORDS['sv'][key].lower()} eftersom andelen är {limit}.")
    if key == "insufficient":
        return (f"Insufficient data: {n} counted answers (at least {rule.min_answers} needed)"
                + (f", {excluded} not counted." if excluded else "."))
    limit = {"green": f"at least {fraction_text(rule.green)}",
             "yellow": f"at least {fraction_text(rule.yellow)} but below {fraction_text(rule.green)}",
             "red": f"below {fraction_text(rule.yellow)}"}[key]
    return (f"Positive share {percent(share, 'en')} of {n} counted answers"
            + (f" ({excluded} not counted)" if excluded else "")
            + f"; {WORDS['en'][key].lower()} because the share is {limit}.")
