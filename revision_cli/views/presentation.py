"""How ratings and shares read to people: symbol + word (never colour alone), percentages,
and the sentence that says why a light has its colour. Shared by the terminal and reports."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from gettext import NullTranslations
from typing import TYPE_CHECKING

from revision_cli.i18n import N_
from revision_cli.models.battery import RatingRule
from revision_cli.scoring.suppression import SAME_AS_TOTAL, TOO_FEW, WITHHELD_TO_PROTECT
from revision_cli.views.per_language import PerLanguage

if TYPE_CHECKING:
    from revision_cli.scoring.colours import Rating

# The reason archives written before the rule was restated (PRODUCT.md §4) carry.
LEGACY_PROTECT = N_("hidden so that a smaller group cannot be worked out from the total")

SYMBOLS = {"green": "✓", "yellow": "!", "red": "✗", "insufficient": "–", "suppressed": "–", "withheld": "–", "none": ""}


def _words(tr: NullTranslations) -> dict[str, str]:
    return {
        "green": tr.gettext("Green"),
        "yellow": tr.gettext("Yellow"),
        "red": tr.gettext("Red"),
        "insufficient": tr.gettext("Insufficient data"),
        "suppressed": tr.gettext("Too few respondents to report"),
        "withheld": tr.gettext("Withheld so that a smaller group cannot be worked out"),
        "none": "",
    }


WORDS = PerLanguage(_words)


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
    return _NUMBERS[lang]["percent"].format(n=whole)


def with_decimal_mark(text: str, lang: str) -> str:
    """A number written with a point (`3.5`) as `lang` writes it (`3,5` in Swedish)."""
    return text.replace(".", _NUMBERS[lang]["decimal"])


# How a language writes numbers, from the catalogue like its words.
_NUMBERS = PerLanguage(
    lambda tr: {
        # TRANSLATORS: a whole percentage; Swedish puts a space before the sign.
        "percent": tr.pgettext("number format", "{n}%"),
        # TRANSLATORS: the decimal mark.
        "decimal": tr.pgettext("number format", "."),
    }
)


def fraction_text(value: Fraction | int) -> str:
    return str(value) if value.denominator != 1 else str(value.numerator)


def exact_or_none(value: Fraction | int | None) -> str | None:
    """An exact figure for JSON beside its float: "5/6", or "4"; None stays None."""
    return fraction_text(value) if value is not None else None


def float_or_none(value: Fraction | None) -> float | None:
    """A figure as a JSON number (full precision; round only for display)."""
    return float(value) if value is not None else None


def _phrases(tr: NullTranslations) -> dict[str, str]:
    return {
        "insufficient": tr.gettext("{n} respondents with counted answers, at least {min} needed{excluded}."),
        "excluded": tr.gettext("; answers not counted: {excluded}"),
        "rated": tr.gettext(
            "Positive share {share} among {n} respondents{excluded}; {word} because the share is {limit}."
        ),
        "green": tr.gettext("at least {green}"),
        "yellow": tr.gettext("at least {yellow} but below {green}"),
        "red": tr.gettext("below {yellow}"),
    }


_PHRASES = PerLanguage(_phrases)


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
        said += " " + _LEFT_OUT[lang][parts](left_out).format(n=left_out)
    return said


def _left_out(tr: NullTranslations) -> dict[str, Callable[[int], str]]:
    """By the kind of the parts left out: the sentence for n of them."""
    return {
        "questions": lambda n: tr.ngettext(
            "{n} question left out of the mean: too few respondents to report.",
            "{n} questions left out of the mean: too few respondents to report.",
            n,
        ),
        "subareas": lambda n: tr.ngettext(
            "{n} sub-area left out of the mean: too few respondents to report.",
            "{n} sub-areas left out of the mean: too few respondents to report.",
            n,
        ),
    }


_LEFT_OUT = PerLanguage(_left_out)


def _reasons(tr: NullTranslations) -> dict[str, str]:
    return {
        TOO_FEW: tr.gettext("Too few respondents to report."),
        WITHHELD_TO_PROTECT: tr.gettext("Withheld so that a smaller group cannot be worked out."),
        SAME_AS_TOTAL: tr.gettext("The group's figures are the total's."),
    }


_REASONS = PerLanguage(_reasons)


def suppression_reason(reason: str, lang: str) -> str:
    reason = WITHHELD_TO_PROTECT if reason == LEGACY_PROTECT else reason
    return _REASONS[lang].get(reason, reason)


# The respondent groups of the built-in batteries, as a report names them; another
# battery's group is named by its id.
def _group_labels(tr: NullTranslations) -> dict[str, str]:
    return {
        "brukare": tr.gettext("Service users"),
        "personal": tr.gettext("Staff"),
        "narstaende": tr.gettext("Relatives"),
        "klient": tr.gettext("Clients"),
        # ips-fidelity's sources; `arbetscoach` is the id of the employment specialists (IPS coaches).
        "deltagare": tr.gettext("Participants"),
        "arbetscoach": tr.gettext("Employment specialists (IPS coaches)"),
        "chef": tr.gettext("Managers"),
        "behandlare": tr.gettext("Clinicians"),
    }


GROUP_LABELS = PerLanguage(_group_labels)
