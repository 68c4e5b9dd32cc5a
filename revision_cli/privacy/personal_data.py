"""Find personal data in free text: Swedish personal identity numbers, coordination
numbers, phone numbers and e-mail addresses.

Pure and without I/O, so that validation can run it over every free-text string of
many files. It favours precision: a number is reported only when its shape, and for
identity numbers also its date and check digit, make it very likely to be what it looks
like. Interim numbers (a letter in the serial) and regional reserve numbers are not
looked for.

Every detector is linear in the length of the text: each pattern is anchored by a
lookbehind that fails inside a run of digits or word characters, and every repetition
is bounded (and possessive where a shorter repeat could never lead to a match), so a
match attempt does a bounded amount of work wherever it starts. E-mail addresses are
found from their `@`, never by trying every start of a word (which is quadratic on a
long token). benchmarks/run.py measures it on a 1 MiB token.

>>> [(m.kind, m.text) for m in find_personal_data("Ring 070-123 45 67, pnr 811218-9876.")]
[('phone-number', '070-123 45 67'), ('personal-id-number', '811218-9876')]
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from revision_cli.i18n import N_, _

_DESCRIPTIONS = {
    "personal-id-number": N_("a Swedish personal identity number"),
    "coordination-number": N_("a Swedish coordination number"),
    "phone-number": N_("a phone number"),
    "email-address": N_("an e-mail address"),
}


class PersonalDataMatch(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    kind: str  # one of the keys of _DESCRIPTIONS, or privacy.NAME
    start: int
    end: int
    text: str


def describe(kind: str) -> str:
    """A short English noun phrase for a match kind, e.g. "a phone number"."""
    try:
        return _(_DESCRIPTIONS[kind])
    except KeyError:
        raise ValueError(f"unknown personal data kind: {kind!r}") from None


class _Lazy:
    """A pattern compiled on its first use. Compiling these five takes longer than checking
    a whole audit's texts, and most runs meet no text with a digit or an `@` (README,
    Performance): those never compile them."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled


# Characters people put between the parts of a number: spaces (also no-break and narrow
# no-break), the hyphen and its typographic cousins (hyphen, non-breaking hyphen, figure
# dash, en dash, minus sign), which word processors substitute unasked.
_SP = "[ \u00a0\u202f]"
_DASH = "\\-\u2010\u2011\u2012\u2013\u2212"  # for character classes: the - escaped
_HY = f"[{_DASH}]"

# [0-9] rather than \d: \d also matches non-ASCII digits, which no real number uses.
# The century is limited to 18-20 so that any other 12-digit run is left alone.
_ID_NUMBER = _Lazy(
    rf"""
    (?<![0-9+])                    # not inside a longer number, nor a phone number's +46…
    (?P<century>18|19|20)?
    (?P<date>[0-9]{{6}})
    (?P<sep>{_SP}?[+{_DASH}]{_SP}?|{_SP})?
    (?P<serial>[0-9]{{4}})
    (?![0-9])
    """,
    re.VERBOSE,
)

# A phone number is judged whole: a run of digit groups joined by single separators, at
# most seven groups (possessive: a longer run is not cut into a phone number and a rest).
_GROUP_SEP = rf"(?:{_SP}?(?:{_HY}|/){_SP}?|{_SP}|\.)"
_PHONE = _Lazy(
    rf"""
    (?<![\w+)])
    (?<![0-9][.:/{_DASH}])         # not the tail of a date, time or range (2012-08-15 …)
    (?P<cc>\+46|0046|46)?+         # the country code; bare 46 only before a mobile number
    (?(cc)(?P<trunk>{_SP}?\(0\))?+(?:{_SP}|{_HY})?+)
    (?P<first>\(0[0-9]{{1,3}}\)|[0-9]{{1,11}}+)
    (?P<rest>(?:{_GROUP_SEP}[0-9]{{1,9}}+){{0,6}}+)
    (?!{_GROUP_SEP}?[0-9])
    (?![.:][0-9])                  # decimals and times
    (?!\w)
    """,
    re.VERBOSE,
)
_REST_GROUP = _Lazy(rf"(?P<sep>{_GROUP_SEP})(?P<digits>[0-9]+)")

# A date written day-month-year looks like an 8-digit landline number (05-10-2012).
_DAY_MONTH_YEAR = _Lazy(rf"(?P<d>[0-9]{{2}})(?P<s>[ ./{_DASH}])(?P<m>[0-9]{{2}})(?P=s)(?P<y>[0-9]{{4}})")

# The parts of an e-mail address, bounded as the standard bounds them (64 characters
# before the @, labels of 63): matched from each @ outwards.
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.%+-'\u2019")
_LOCAL_MAX = 64
_DOMAIN = _Lazy(r"(?:[\w-]{1,63}\.){1,8}[^\W\d_]{2,63}(?![\w-])")

_ANYTHING_TO_FIND = re.compile(r"[0-9@]")
# The fewest ASCII digits a number found here has: a phone number's national number has 7
# (_looks_like_phone), an identity number 10; an e-mail address has an @ instead. A text
# with fewer (a respondent code like b1, a date) cannot hold any.
_FEWEST_DIGITS = 7
# Every character an identity or phone number is written with (_ID_NUMBER, _PHONE): digits,
# the spaces, dashes, slash, dot, parentheses and plus between and around them. A number
# lies within one unbroken run of these.
_NUMBER_RUN = re.compile(f"[0-9{_DASH}/.()+ \u00a0\u202f]+")


def _may_hold_a_number(text: str) -> bool:
    """Whether some run of number characters in `text` has enough digits for a number (an
    audit id like 2012-hemtjanst-norr-0001 has 8 digits, in two runs of 4)."""
    if sum(text.count(digit) for digit in "0123456789") < _FEWEST_DIGITS:
        return False
    return any(sum(run.count(digit) for digit in "0123456789") >= _FEWEST_DIGITS for run in _NUMBER_RUN.findall(text))


def find_personal_data(text: str) -> list[PersonalDataMatch]:
    """Personal data in `text`, sorted by start and non-overlapping.

    Identity and coordination numbers win over e-mail addresses, and both over phone
    numbers: a span reported as one kind is never reported again as another.
    """
    if "@" not in text and not _may_hold_a_number(text):
        return []  # no e-mail address, and no run long enough for a number: the patterns need not run
    found = _id_numbers(text)
    found += [m for m in _emails(text) if not _overlaps_any(m, found)]
    found.sort(key=lambda m: m.start)
    found += _phones(text, taken=found)
    found.sort(key=lambda m: m.start)
    return found


# --- identity and coordination numbers ---------------------------------------------------


def _id_numbers(text: str) -> list[PersonalDataMatch]:
    matches = []
    for m in _ID_NUMBER.pattern.finditer(text):
        plus = "+" in (m["sep"] or "")
        if plus and m["century"]:
            continue  # the + belongs to the 10-digit form only
        kind = id_number_kind(m["century"], m["date"], m["serial"], plus)
        if kind:
            matches.append(PersonalDataMatch(kind, m.start(), m.end(), m.group()))
    return matches


def id_number_kind(century: str | None, yymmdd: str, serial: str, plus: bool = False) -> str | None:
    """ "personal-id-number", "coordination-number", or None when the date or the check
    digit rules it out.

    Without a century, a `-` means the person is under 100: born 19yy or 20yy; a `+` means
    100 or over: born 18yy or 19yy. A date must exist in one of those years, so 000229+…
    (1800 and 1900 were not leap years) is no identity number, while 000229-… is (2000).
    """
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    kind = "personal-id-number"
    if day > 60:
        kind, day = "coordination-number", day - 60
    yy = int(yymmdd[:2])
    if century:
        years = [int(century) * 100 + yy]
    elif plus:
        years = [1800 + yy, 1900 + yy]
    else:
        years = [1900 + yy, 2000 + yy]
    if not any(_is_date(year, month, day) for year in years):
        return None
    if not _luhn_ok(yymmdd + serial):
        return None
    return kind


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for i, digit in enumerate(ten_digits[:9]):
        product = int(digit) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10 == int(ten_digits[9])


# --- e-mail addresses --------------------------------------------------------------------


def _emails(text: str) -> list[PersonalDataMatch]:
    matches = []
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and at - start < _LOCAL_MAX and (text[start - 1] in _LOCAL_CHARS or text[start - 1].isalnum()):
            start -= 1
        # A quote or a full stop before an address is punctuation, not part of it.
        while start < at and text[start] in ".'\u2019":
            start += 1
        domain = _DOMAIN.pattern.match(text, at + 1) if start < at else None
        if domain:
            matches.append(PersonalDataMatch("email-address", start, domain.end(), text[start : domain.end()]))
            at = text.find("@", domain.end())
        else:
            at = text.find("@", at + 1)
    return matches


# --- phone numbers -----------------------------------------------------------------------


def _phones(text: str, taken: list[PersonalDataMatch]) -> list[PersonalDataMatch]:
    # Search only the gaps between spans already reported, so that a number next to an
    # identity number is neither swallowed by it nor merged with it.
    matches = []
    gap_start = 0
    for gap_end, next_gap_start in [(t.start, t.end) for t in taken] + [(len(text), len(text))]:
        for m in _PHONE.pattern.finditer(text, gap_start, gap_end):
            found = _phone_in(m, text, gap_end)
            if found is not None:
                matches.append(PersonalDataMatch("phone-number", found.start(), found.end(), found.group()))
        gap_start = next_gap_start
    return matches


def _phone_in(m: re.Match[str], text: str, end: int) -> re.Match[str] | None:
    """The run itself when it is a phone number, else the first tail of it that is, starting
    at a group after a space (a count or a week number may stand before a number)."""
    if _looks_like_phone(m):
        return m
    for i in range(m.start() + 1, m.end()):
        if text[i - 1] in " \u00a0\u202f" and text[i] in "0+(4":
            tail = _PHONE.pattern.match(text, i, end)
            if tail is not None and _looks_like_phone(tail):
                return tail
    return None


def _looks_like_phone(m: re.Match[str]) -> bool:
    national = _national_number(m)
    if national is None:
        return False
    # The national number without its leading 0 has 7 to 9 digits (08-12 34 56 to
    # 070-123 45 67), i.e. 8 to 10 digits as usually written.
    if not 7 <= len(national) <= 9 or national[0] == "0":
        return False
    # Numbers in the 07 series (mobiles and the like) are always 070-123 45 67 long.
    if national[0] == "7" and len(national) != 9:
        return False
    if not _separators_fit(m):
        return False
    date_like = _DAY_MONTH_YEAR.pattern.fullmatch(m.group())
    return not (date_like and _is_date(int(date_like["y"]), int(date_like["m"]), int(date_like["d"])))


def _national_number(m: re.Match[str]) -> str | None:
    """The digits after the country code or the trunk 0, or None when the run does not
    start like a Swedish number."""
    digits = "".join(ch for ch in m["first"] + m["rest"] if ch.isdigit())
    cc = m["cc"]
    if cc is None:
        return digits[1:] if digits.startswith("0") else None
    if m["trunk"] is None and digits.startswith("0"):
        digits = digits[1:]  # +46 070-…: the trunk 0 written by mistake, common enough
    if cc == "46" and not (digits.startswith("7") and m["trunk"] is None and not m["first"].startswith("(")):
        return None  # a bare 46 is a country code only before a mobile number
    return digits


def _separators_fit(m: re.Match[str]) -> bool:
    """Only the area code is set off by a dash, a slash or parentheses, once; dots, if
    used, are the only separators (070.123.45.67), so times and ranges stay out."""
    seps = [g["sep"] for g in _REST_GROUP.pattern.finditer(m["rest"])]
    if any("." in s for s in seps):
        return all(s == "." for s in seps) and len(m["first"]) <= 4
    marks = [i for i, s in enumerate(seps) if s.strip(" \u00a0\u202f")]
    if m["first"].startswith("("):
        return not marks
    if not marks:
        return True
    area = m["first"] if m["cc"] is None else m["first"].lstrip("0")
    return marks == [0] and len(area) <= (4 if m["cc"] is None else 3)


def _overlaps_any(match: PersonalDataMatch, others: list[PersonalDataMatch]) -> bool:
    return any(match.start < other.end and other.start < match.end for other in others)


# --- the same number written differently ----------------------------------------------------


def canonical(kind: str, text: str) -> str:
    """One spelling of a found string, so that an acknowledgement written one way covers the
    same number or address written another: digits only (a phone number with its trunk 0,
    an identity number's last ten), an address in lower case."""
    if kind == "phone-number":
        digits = "".join(ch for ch in text if ch.isdigit())
        for prefix in ("+46", "0046", "46"):
            if text.startswith(prefix):
                digits = digits[len(prefix.lstrip("+")) :]
                break
        return digits if digits.startswith("0") else "0" + digits
    if kind in ("personal-id-number", "coordination-number"):
        return "".join(ch for ch in text if ch.isdigit())[-10:]
    return " ".join(text.split()).casefold()
