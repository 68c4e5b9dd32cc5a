"""Find personal data in free text: Swedish personal identity numbers, coordination
numbers, phone numbers and e-mail addresses.

Pure and without I/O, so that validation can run it over every free-text string of
many files. It favours precision: a number is reported only when its shape, and for
identity numbers also its date and check digit, make it very likely to be what it looks
like. Interim numbers (a letter in the serial) and regional reserve numbers are not
looked for.

>>> [(m.kind, m.text) for m in find_personal_data("Ring 070-123 45 67, pnr 811218-9876.")]
[('phone-number', '070-123 45 67'), ('personal-id-number', '811218-9876')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DESCRIPTIONS = {
    "personal-id-number": "a Swedish personal identity number",
    "coordination-number": "a Swedish coordination number",
    "phone-number": "a phone number",
    "email-address": "an e-mail address",
}


@dataclass(frozen=True)
class PersonalDataMatch:
    kind: str  # one of the keys of _DESCRIPTIONS
    start: int
    end: int
    text: str


def describe(kind: str) -> str:
    """A short English noun phrase for a match kind, e.g. "a phone number"."""
    try:
        return _DESCRIPTIONS[kind]
    except KeyError:
        raise ValueError(f"unknown personal data kind: {kind!r}") from None


# [0-9] rather than \d: \d also matches non-ASCII digits, which no real number uses.
# The century is limited to 18-20 so that any other 12-digit run is left alone.
_ID_NUMBER = re.compile(
    r"""
    (?<![0-9])
    (?P<century>18|19|20)?
    (?P<date>[0-9]{6})
    [-+]?
    (?P<serial>[0-9]{4})
    (?![0-9])
    """,
    re.VERBOSE,
)

# Greedy over digit groups joined by one space or hyphen, then checked as a whole, so a
# longer run of numbers never yields a phone number from its first few digits.
_PHONE = re.compile(
    r"""
    (?<!\w)
    (?<![0-9][-.:/])             # not the tail of a date, time or range (2012-08-15 …)
    (?P<prefix>
        (?:\+|00)46[ -]?(?:\(0\)|0)?[ -]?
      | 0                        # trunk prefix; Swedish area codes never start with 0
    )
    (?P<body>[1-9](?:[ -]?[0-9])+)
    (?![ -]?[0-9])
    (?![.:][0-9])                # decimals and times
    (?!\w)
    """,
    re.VERBOSE,
)

# A date written day-month-year looks like an 8-digit landline number (05-10-2012).
_DAY_MONTH_YEAR = re.compile(r"(?P<d>[0-9]{2})([ -])(?P<m>[0-9]{2})\2(?P<y>[0-9]{4})")

_EMAIL = re.compile(r"[\w.%+-]+@(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])")

_ANYTHING_TO_FIND = re.compile(r"[0-9@]")


def find_personal_data(text: str) -> list[PersonalDataMatch]:
    """Personal data in `text`, sorted by start and non-overlapping.

    Identity and coordination numbers win over e-mail addresses, and both over phone
    numbers: a span reported as one kind is never reported again as another.
    """
    if not _ANYTHING_TO_FIND.search(text):
        return []
    found = _id_numbers(text)
    found += [m for m in _emails(text) if not _overlaps_any(m, found)]
    found.sort(key=lambda m: m.start)
    found += _phones(text, taken=found)
    found.sort(key=lambda m: m.start)
    return found


def _id_numbers(text: str) -> list[PersonalDataMatch]:
    matches = []
    for m in _ID_NUMBER.finditer(text):
        kind = _id_number_kind(m["century"], m["date"], m["serial"])
        if kind:
            matches.append(PersonalDataMatch(kind, m.start(), m.end(), m.group()))
    return matches


def _id_number_kind(century: str | None, yymmdd: str, serial: str) -> str | None:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    kind = "personal-id-number"
    if day > 60:
        kind, day = "coordination-number", day - 60
    # Without a century, 29 February is fine if the year is a leap year in any century.
    yy = int(yymmdd[:2])
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
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


def _emails(text: str) -> list[PersonalDataMatch]:
    return [
        PersonalDataMatch("email-address", m.start(), m.end(), m.group())
        for m in _EMAIL.finditer(text)
    ]


def _phones(text: str, taken: list[PersonalDataMatch]) -> list[PersonalDataMatch]:
    # Search only the gaps between spans already reported, so that a number next to an
    # identity number is neither swallowed by it nor merged with it.
    matches = []
    gap_start = 0
    for gap_end, next_gap_start in [(t.start, t.end) for t in taken] + [(len(text), len(text))]:
        for m in _PHONE.finditer(text, gap_start, gap_end):
            if _looks_like_phone(m):
                matches.append(PersonalDataMatch("phone-number", m.start(), m.end(), m.group()))
        gap_start = next_gap_start
    return matches


def _looks_like_phone(m: re.Match[str]) -> bool:
    body = m["body"]
    # The national number without its leading 0 has 7 to 9 digits (08-12 34 56 to
    # 070-123 45 67), i.e. 8 to 10 digits as usually written.
    digits = sum(c.isdigit() for c in body)
    if not 7 <= digits <= 9:
        return False
    # Numbers in the 07 series (mobiles and the like) are always 070-123 45 67 long.
    if body[0] == "7" and digits != 9:
        return False
    # Only an area code comes before a hyphen; 050709-1234 is an identity number shape.
    if "-" in body and len(body.split("-", 1)[0].replace(" ", "")) > 4:
        return False
    date_like = _DAY_MONTH_YEAR.fullmatch(m.group())
    if date_like and _is_date(int(date_like["y"]), int(date_like["m"]), int(date_like["d"])):
        return False
    return True


def _overlaps_any(match: PersonalDataMatch, others: list[PersonalDataMatch]) -> bool:
    return any(match.start < other.end and other.start < match.end for other in others)
