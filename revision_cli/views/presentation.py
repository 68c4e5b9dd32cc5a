"""How ratings and shares read to people: symbol + word (never colour alone), percentages,
and the sentence that says why a light has its colour. Shared by the terminal and reports."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from revision_cli.models.battery import RatingRule
from revision_cli.scoring.suppression import SAME_AS_TOTAL, TOO_FEW, WITHHELD_TO_PROTECT

if TYPE_CHECKING:
    from revision_cli.scoring.colours import Rating

# The reason archives written before the rule was restated (PRODUCT.md §4) carry.
LEGACY_PROTECT = "hidden so that a smaller group cannot be worked out from the total"

SYMBOLS = {"green": "✓", "yellow": "!", "red": "✗", "insufficient": "–", "suppressed": "–", "withheld": "–", "none": ""}
WORDS = {
    "sv": {
        "green": "Grön",
        "yellow": "Gul",
        "red": "Röd",
        "insufficient": "Otillräckligt underlag",
        "suppressed": "För få svarande för att redovisas",
        "withheld": "Redovisas inte, så att en mindre grupp inte kan räknas fram",
        "none": "",
    },
    "en": {
        "green": "Green",
        "yellow": "Yellow",
        "red": "Red",
        "insufficient": "Insufficient data",
        "suppressed": "Too few respondents to report",
        "withheld": "Withheld so that a smaller group cannot be worked out",
        "none": "",
    },
}


def withheld_key(reason: str | None) -> str:
    """The rating key of a withheld figure, by its true reason: "withheld" when it protects
    a smaller group, else "suppressed" (too few respondents)."""
    return "withheld" if reason in (WITHHELD_TO_PROTECT, LEGACY_PROTECT) else "suppressed"


def rating_view(rating: Rating | str | None, lang: str) -> dict[str, str]:
    """A rating (or None: not assessed; or "suppressed"/"withheld") as symbol and word."""
    key = "none" if rating is None else getattr(rating, "value", rating)
    return {"key": key, "word": WORDS[lang][key], "symbol": SYMBOLS[key]}


def badge(rating: Rating | str | None, lang: str = "en") -> str:
    view = rating_view(rating, lang)
    return f"{view['symbol']} {view['word']}".strip()


def percent(share: Fraction | None, lang: str = "sv") -> str | None:
    if share is None:
        return None
    whole = round(share * 100)  # Fraction rounds half to even; display only
    return f"{whole} %" if lang == "sv" else f"{whole}%"


def fraction_text(value: Fraction | int) -> str:
    return str(value) if value.denominator != 1 else str(value.numerator)


def exact_or_none(value: Fraction | int | None) -> str | None:
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


def explanation(
    share: Fraction | None,
    n: int,
    excluded: int,
    rule: RatingRule,
    lang: str,
    computed: Rating,
    left_out: int = 0,
    parts: str = "questions",
) -> str:
    """Why a computed light has its colour, in one sentence: share, counts and thresholds,
    and the parts of a mean left out because their figures are withheld."""
    phrases = _PHRASES[lang]
    key = computed.value
    excluded_text = phrases["excluded"].format(excluded=excluded) if excluded else ""
    if key == "insufficient":
        said = phrases["insufficient"].format(n=n, min=rule.min_answers, excluded=excluded_text)
    else:
        limit = phrases[key].format(green=fraction_text(rule.green), yellow=fraction_text(rule.yellow))
        said = phrases["rated"].format(
            share=percent(share, lang), n=n, word=WORDS[lang][key].lower(), limit=limit, excluded=excluded_text
        )
    if left_out:
        said += " " + _LEFT_OUT[lang][parts][left_out != 1].format(n=left_out)
    return said


# (one, several) per kind of part
_LEFT_OUT = {
    "sv": {
        "questions": (
            "{n} fråga ingår inte i medelvärdet: för få svarande för att redovisas.",
            "{n} frågor ingår inte i medelvärdet: för få svarande för att redovisas.",
        ),
        "subareas": (
            "{n} delområde ingår inte i medelvärdet: för få svarande för att redovisas.",
            "{n} delområden ingår inte i medelvärdet: för få svarande för att redovisas.",
        ),
    },
    "en": {
        "questions": (
            "{n} question left out of the mean: too few respondents to report.",
            "{n} questions left out of the mean: too few respondents to report.",
        ),
        "subareas": (
            "{n} sub-area left out of the mean: too few respondents to report.",
            "{n} sub-areas left out of the mean: too few respondents to report.",
        ),
    },
}


_REASONS = {
    "sv": {
        TOO_FEW: "För få svarande för att redovisas.",
        WITHHELD_TO_PROTECT: "Redovisas inte, så att en mindre grupp inte kan räknas fram.",
        SAME_AS_TOTAL: "Gruppens siffror är desamma som totalens.",
    },
    "en": {
        TOO_FEW: "Too few respondents to report.",
        WITHHELD_TO_PROTECT: "Withheld so that a smaller group cannot be worked out.",
        SAME_AS_TOTAL: "The group's figures are the total's.",
    },
}


def suppression_reason(reason: str, lang: str) -> str:
    reason = WITHHELD_TO_PROTECT if reason == LEGACY_PROTECT else reason
    return _REASONS[lang].get(reason, reason)


GROUP_LABELS = {
    "sv": {"brukare": "Brukare", "personal": "Personal", "narstaende": "Närstående", "klient": "Klienter"},
    "en": {"brukare": "Service users", "personal": "Staff", "narstaende": "Relatives", "klient": "Clients"},
}
