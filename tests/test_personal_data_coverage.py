"""The detector against python-stdnum as an oracle: every valid identity, coordination and
phone number in every common written form is found, exactly where it stands; amounts,
years, postcodes, dates, times and organisation numbers are almost never taken for one;
and every detector finishes on a 1 MiB token (a quadratic one would take about an hour).

stdnum validates what the generators make (personal identity numbers, organisation
numbers, the Luhn digit of coordination numbers); the detector itself is our own code.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.se import orgnr, personnummer

from revision_cli.privacy.personal_data import find_personal_data
from revision_cli.privacy.scanner import WatchList, find_all

NUMBER_KINDS = {"personal-id-number", "coordination-number", "phone-number"}
CONTEXTS = ["{}", "Pnr {}.", "({})", "Hon sa {}, sedan gick hon.", "ring:\n{}\n", "{} är numret"]


def covered(text: str, needle: str, kinds: set[str]) -> bool:
    """One match spans exactly `needle` within `text`, of one of `kinds`."""
    start = text.index(needle)
    return any(
        (m.start, m.end, m.text) == (start, start + len(needle), needle) and m.kind in kinds
        for m in find_personal_data(text)
    )


# --- identity and coordination numbers ------------------------------------------------------


def id_forms(ten: str, century: str, plus: bool) -> list[str]:
    d6, s4 = ten[:6], ten[6:]
    if plus:  # 100 or older: the + replaces the -, and the 12-digit forms carry the century
        return [f"{d6}+{s4}", f"{century}{d6}-{s4}", f"{century}{d6}{s4}"]
    return [
        f"{d6}-{s4}",
        f"{d6}{s4}",
        f"{d6} {s4}",
        f"{d6}\u2013{s4}",
        f"{d6} - {s4}",
        f"{d6}\u2212{s4}",
        f"{century}{d6}-{s4}",
        f"{century}{d6}{s4}",
        f"{century}{d6} {s4}",
        f"{century}{d6}\u2013{s4}",
    ]


@st.composite
def identity_numbers(draw, first: dt.date, last: dt.date, coordination: bool = False):
    born = draw(st.dates(first, last))
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{draw(st.integers(0, 999)):03d}"
    return nine + luhn.calc_check_digit(nine), f"{born.year // 100}", born


# Years stdnum reads the same way for decades to come (it reads a 10-digit number by today's date).
UNDER_100 = (dt.date(1935, 1, 1), dt.date(2019, 12, 31))
OVER_100 = (dt.date(1870, 1, 1), dt.date(1919, 12, 31))


@settings(max_examples=300, deadline=None)
@given(number=identity_numbers(*UNDER_100), context=st.sampled_from(CONTEXTS))
def test_every_valid_personal_identity_number_is_found_in_every_form(number, context):
    ten, century, _ = number
    for form in id_forms(ten, century, plus=False):
        assert personnummer.is_valid(form.replace("\u2013", "-").replace("\u2212", "-").replace(" - ", "-")), form
        text = context.format(form)
        assert covered(text, form, {"personal-id-number"}), (text, find_personal_data(text))


@settings(max_examples=200, deadline=None)
@given(number=identity_numbers(*OVER_100), context=st.sampled_from(CONTEXTS))
def test_people_aged_100_or_more_are_found_with_the_plus(number, context):
    ten, century, _ = number
    for form in id_forms(ten, century, plus=True):
        assert personnummer.is_valid(form), form
        text = context.format(form)
        assert covered(text, form, {"personal-id-number"}), (text, find_personal_data(text))


@settings(max_examples=300, deadline=None)
@given(
    number=identity_numbers(dt.date(1900, 1, 1), dt.date(2019, 12, 31), coordination=True),
    context=st.sampled_from(CONTEXTS),
)
def test_every_valid_coordination_number_is_found_in_every_form(number, context):
    ten, century, _ = number
    assert luhn.is_valid(ten) and int(ten[4:6]) > 60
    for form in id_forms(ten, century, plus=False):
        text = context.format(form)
        assert covered(text, form, {"coordination-number"}), (text, find_personal_data(text))


@settings(max_examples=300, deadline=None)
@given(nine=st.text("0123456789", min_size=9, max_size=9), wrong=st.integers(1, 9))
def test_a_wrong_check_digit_is_never_an_identity_number(nine, wrong):
    ten = nine + str((int(luhn.calc_check_digit(nine)) + wrong) % 10)
    assert not personnummer.is_valid(ten)
    found = find_personal_data(f"{ten[:6]}-{ten[6:]}")
    assert not [m for m in found if m.kind in ("personal-id-number", "coordination-number")]


@pytest.mark.parametrize(
    "number, valid",
    [
        ("000229-4569", True),  # 2000 was a leap year
        ("000229+4569", False),  # the + means born 1900 (or 1800): neither was a leap year
        ("040229+4561", True),  # 1904 was
        ("19000229-4569", False),
        ("20000229-4569", True),
    ],
)
def test_a_leap_day_is_checked_in_the_century_the_number_means(number, valid):
    digits = number.replace("-", "").replace("+", "")[-10:]
    number = number[:-1] + luhn.calc_check_digit(digits[:9])
    assert personnummer.is_valid(number) is valid
    assert bool(find_personal_data(number)) is valid


# --- phone numbers ----------------------------------------------------------------------------

AREA_CODES = [
    "8",
    "11",
    "13",
    "16",
    "18",
    "19",
    "21",
    "23",
    "26",
    "31",
    "33",
    "35",
    "36",
    "40",
    "42",
    "44",
    "46",
    "54",
    "60",
    "63",
    "90",
    "120",
    "125",
    "141",
    "150",
    "155",
    "171",
    "220",
    "240",
    "250",
    "270",
    "290",
    "300",
    "320",
    "340",
    "370",
    "380",
    "410",
    "430",
    "451",
    "470",
    "480",
    "490",
    "500",
    "510",
    "520",
    "530",
    "550",
    "560",
    "570",
    "580",
    "590",
    "611",
    "620",
    "640",
    "650",
    "660",
    "670",
    "680",
    "690",
    "910",
    "920",
    "930",
    "940",
    "950",
    "960",
    "970",
    "980",
]
MOBILE_CODES = ["70", "72", "73", "76", "79"]


def grouped(digits: str) -> list[str]:
    """The subscriber number grouped as Swedish numbers are written: pairs from the end, a
    three at the start when the count is odd (123 45 67, 12 34 56), and threes (123 456 78)."""
    head = 3 if len(digits) % 2 else 2
    pairs = [digits[:head]] + [digits[i : i + 2] for i in range(head, len(digits), 2)]
    threes = [digits[i : i + 3] for i in range(0, len(digits) - 2, 3)]
    threes[-1] += digits[3 * len(threes) :]
    return [" ".join(pairs), " ".join(threes)]


def phone_forms(area: str, subscriber: str) -> list[str]:
    forms = []
    for spaced in grouped(subscriber):
        dotted = spaced.replace(" ", ".")
        forms += [
            f"0{area}-{spaced}",
            f"0{area} {spaced}",
            f"0{area}\u2013{spaced}",
            f"0{area}/{spaced}",
            f"(0{area}) {spaced}",
            f"0{area}.{dotted}",
            f"+46 {area} {spaced}",
            f"+46 {area}-{spaced}",
            f"+46 (0){area}-{spaced}",
            f"0046 {area} {spaced}",
            f"+46-{area}-{spaced}",
        ]
    forms += [f"0{area}{subscriber}", f"0{area}-{subscriber}", f"+46{area}{subscriber}", f"0046{area}{subscriber}"]
    if area[0] == "7":
        forms.append(f"46{area}{subscriber}")
    return forms


@st.composite
def phone_numbers(draw):
    if draw(st.booleans()):
        area = draw(st.sampled_from(MOBILE_CODES))
        length = 7
    else:
        area = draw(st.sampled_from(AREA_CODES))
        length = draw(st.integers(max(5, 7 - len(area)), 9 - len(area)))  # 7 to 9 digits after the 0
    first = draw(st.integers(1, 9))
    rest = draw(st.text("0123456789", min_size=length - 1, max_size=length - 1))
    return area, f"{first}{rest}"


@settings(max_examples=400, deadline=None)
@given(number=phone_numbers(), context=st.sampled_from(CONTEXTS))
def test_every_swedish_phone_number_is_found_in_every_form(number, context):
    area, subscriber = number
    for form in phone_forms(area, subscriber):
        text = context.format(form)
        # A mobile number written as ten bare digits may also be a valid identity number
        # (070123-4567): found either way, as the kind that wins.
        assert covered(text, form, NUMBER_KINDS), (text, find_personal_data(text))


@pytest.mark.parametrize(
    "number",
    [
        "(08) 123 456 78",
        "070/123 45 67",
        "070.123.45.67",
        "070\u2013123 45 67",
        "46701234567",
        "+46 70 123 45 67",
        "0046 8 123 456 78",
    ],
)
def test_the_written_forms_named_in_the_issue(number):
    assert [(m.kind, m.text) for m in find_personal_data(f"Ring {number} i morgon")] == [("phone-number", number)]


def test_a_count_or_a_week_before_a_number_does_not_hide_it():
    assert [m.text for m in find_personal_data("vecka 12 070-123 45 67")] == ["070-123 45 67"]


# --- e-mail addresses and names ---------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["maria.o'connor@mail.co.uk", "o\u2019brien@example.ie", "a_b-c+tag@sub.example.se"]
)
def test_an_address_is_found_whole(address):
    assert [(m.kind, m.text) for m in find_personal_data(f"Mejla '{address}' i dag")] == [("email-address", address)]


@pytest.mark.parametrize(
    "text, name, found",
    [
        ("Jörgens mamma ringde", "Jörgen", "Jörgens"),
        ("Det var Åsa Öbergs idé", "Åsa Öberg", "Åsa Öbergs"),
        ("Lars' bror", "Lars", "Lars'"),
        ("Jo\u0308rgen kom", "Jörgen", "Jo\u0308rgen"),  # ö as o + combining diaeresis (NFD)
        ("Det var A\u030asa O\u0308bergs ide\u0301", "Åsa Öberg", "A\u030asa O\u0308bergs"),
        ("JÖRGENS", "Jörgen", "JÖRGENS"),
        ("Sa A\u030asa", "A\u030asa", "A\u030asa"),  # the name itself given decomposed
        ("Sa Åsa", "A\u030asa", "Åsa"),
    ],
)
def test_watched_names_in_nfd_and_in_the_genitive(text, name, found):
    assert [(m.kind, m.text) for m in find_all(text, WatchList.of([name]))] == [("name", found)]


@pytest.mark.parametrize("text", ["Jörgensson kom", "Åsalund", "Annastan", "Ange\u0301 kom"])
def test_a_longer_word_is_not_a_name(text):
    assert find_all(text, WatchList.of(["Jörgen", "Åsa", "Anna", "Ange"])) == []


# --- false positives --------------------------------------------------------------------------


def org_number(rng: random.Random) -> str:
    """A valid Swedish organisation number (the third digit is 2 or more: never a date)."""
    nine = f"{rng.choice('25789')}{rng.randint(0, 9)}{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
    return nine + luhn.calc_check_digit(nine)


def spaced_thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def samples(kind: str, rng: random.Random) -> str:
    day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 40 * 365))
    if kind == "amount":
        n = rng.randint(0, 9_999_999)
        return rng.choice(
            [
                f"{spaced_thousands(n)} kr",
                f"{n} kr",
                f"{spaced_thousands(n)},{rng.randint(0, 99):02d} kr",
                f"{spaced_thousands(n)}:-",
                f"SEK {spaced_thousands(n)}",
                f"{n / 100:.2f} kr",
            ]
        )
    if kind == "year":
        y = rng.randint(1900, 2040)
        return rng.choice(
            [
                f"år {y}",
                f"{y}-{y + rng.randint(1, 9)}",
                f"{y}\u2013{y + 1}",
                f"{y}/{(y + 1) % 100:02d}",
                f"{y} och {y + 3}",
            ]
        )
    if kind == "postcode":
        code = rng.randint(10000, 98499)
        return rng.choice(
            [f"{code // 100} {code % 100:02d} Göteborg", f"{code} Lund", f"SE-{code // 100} {code % 100:02d}"]
        )
    if kind == "date":
        return rng.choice(
            [
                day.isoformat(),
                f"{day:%Y%m%d}",
                f"{day:%d/%m/%Y}",
                f"{day:%d.%m.%Y}",
                f"{day:%d-%m-%Y}",
                f"{day:%d %m %Y}",
                f"{day:%y%m%d}",
                f"{day.isoformat()} kl. {rng.randint(7, 18):02d}.30",
                f"{day:%d/%m}",
                f"{day.isoformat()}\u2013{day + dt.timedelta(days=3)}",
                f"kl {rng.randint(0, 23):02d}.{rng.randint(0, 59):02d}"
                f"-{rng.randint(0, 23):02d}.{rng.randint(0, 59):02d}",
                f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
            ]
        )
    number = org_number(rng)
    assert orgnr.is_valid(number)
    return rng.choice(
        [
            f"{number[:6]}-{number[6:]}",
            number,
            f"16{number[:6]}-{number[6:]}",
            f"SE{number}01",
            f"org.nr {number[:6]} {number[6:]}",
        ]
    )


@pytest.mark.parametrize("kind", ["amount", "year", "postcode", "date", "organisation number"])
def test_fewer_than_2_percent_false_positives(kind):
    rng = random.Random(f"false positives {kind}")
    texts = [samples(kind, rng) for _ in range(3000)]
    flagged = [t for t in texts if find_personal_data(f"Det var {t} den gången.")]
    assert len(flagged) / len(texts) < 0.02, flagged[:20]


# --- linear in the length of the text -----------------------------------------------------------

MIB = 1024 * 1024
LONG_TOKENS = {
    "letters then a digit": "a" * MIB + "1",
    "word characters around @": ("ab.c-d_" * (MIB // 7)) + "@",
    "many @": "a@" * (MIB // 2),
    "dotted labels after @": "x@" + "a." * (MIB // 2),
    "digits": "7" * MIB,
    "digit groups": "0 " * (MIB // 2),
    "dotted digits": "0." * (MIB // 2),
    "dashed digits": "01-" * (MIB // 3),
    "plus signs": "+46" * (MIB // 3),
    "parentheses": "(0)" * (MIB // 3),
}


@pytest.mark.parametrize("text", LONG_TOKENS.values(), ids=list(LONG_TOKENS))
def test_every_detector_finishes_on_a_1_mib_token(text):
    # No clock: a quadratic detector would simply not finish (79 s for 122 KB before).
    # benchmarks/run.py times the same shape through `revision validate`.
    watch = WatchList.of(["Anna Svensson", "Jörgen"])
    found = find_all(text, watch)
    assert all(text[m.start : m.end] == m.text for m in found)
