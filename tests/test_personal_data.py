import pytest

from revision_cli.privacy.personal_data import PersonalDataMatch, describe, find_personal_data


def with_check_digit(nine_digits: str) -> str:
    """Append the Luhn check digit, so that a test's only flaw is the one it is about."""
    total = 0
    for i, digit in enumerate(nine_digits):
        product = int(digit) * (2 - i % 2)
        total += product - 9 if product > 9 else product
    return nine_digits + str((10 - total % 10) % 10)


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_personal_data(text)]


def test_check_digit_helper_agrees_with_a_known_number():
    assert with_check_digit("811218987") == "8112189876"


# --- personal identity numbers ---------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["811218-9876", "850709-9805", "121212-1212", "511013-3815", "640327-3813"],
)
def test_valid_personal_identity_numbers_are_flagged(number):
    assert kinds_and_texts(number) == [("personal-id-number", number)]


@pytest.mark.parametrize("number", ["8112189876", "8507099805"])
def test_ten_digits_without_separator(number):
    assert kinds_and_texts(number) == [("personal-id-number", number)]


@pytest.mark.parametrize("number", ["811218+9876", "121212+1212"])
def test_plus_separator_for_people_aged_100_or_more(number):
    assert kinds_and_texts(number) == [("personal-id-number", number)]


@pytest.mark.parametrize("number", ["19811218-9876", "198112189876", "20121212-1212", "201212121212"])
def test_twelve_digit_forms(number):
    assert kinds_and_texts(number) == [("personal-id-number", number)]


@pytest.mark.parametrize("wrong", "012345789")
def test_wrong_check_digit_is_not_flagged(wrong):
    assert find_personal_data(f"811218-987{wrong}") == []


def test_wrong_check_digit_example_from_the_brief():
    assert find_personal_data("811218-9875") == []


@pytest.mark.parametrize(
    "yymmdd",
    [
        "811332",  # month 13
        "810012",  # month 0
        "811200",  # day 0
        "811232",  # day 32
        "810230",  # 30 February
        "811131",  # 31 November
        "810229",  # 29 February in a year that is never a leap year
    ],
)
def test_impossible_dates_are_not_flagged_even_with_a_valid_check_digit(yymmdd):
    number = with_check_digit(yymmdd + "123")
    assert find_personal_data(number) == []
    assert find_personal_data(f"{number[:6]}-{number[6:]}") == []


def test_leap_day_is_accepted_when_some_century_makes_it_real():
    ten = with_check_digit("000229123")  # 2000 was a leap year
    number = f"{ten[:6]}-{ten[6:]}"
    assert kinds_and_texts(number) == [("personal-id-number", number)]


def test_twelve_digit_form_checks_the_date_in_its_own_century():
    ten = with_check_digit("000229123")
    assert kinds_and_texts("20" + ten) == [("personal-id-number", "20" + ten)]
    assert find_personal_data("19" + ten) == []  # 1900 was not a leap year


@pytest.mark.parametrize(
    "text",
    [
        "1234811218-98765",
        "0811218-9876",
        "811218-98761",
        "98112189876",
        "19811218-98761",
        "3198112189876",
    ],
)
def test_part_of_a_longer_digit_run_is_not_flagged(text):
    assert find_personal_data(text) == []


# --- coordination numbers ------------------------------------------------------------


@pytest.mark.parametrize("number", ["701063-2391", "7010632391", "19701063-2391"])
def test_coordination_numbers(number):
    assert kinds_and_texts(number) == [("coordination-number", number)]


@pytest.mark.parametrize("day", ["60", "92", "99"])
def test_coordination_day_out_of_range_is_not_flagged(day):
    number = with_check_digit(f"7010{day}239")
    assert find_personal_data(f"{number[:6]}-{number[6:]}") == []


def test_coordination_number_with_an_impossible_date():
    number = with_check_digit("700291239")  # 31 February + 60
    assert find_personal_data(number) == []


# --- in Swedish sentences -------------------------------------------------------------


def test_phone_number_in_a_sentence():
    text = "Ring mig på 070-123 45 67 efter lunch."
    assert kinds_and_texts(text) == [("phone-number", "070-123 45 67")]


def test_personal_identity_number_in_a_sentence():
    text = "Hon sa sitt personnummer, 811218-9876, under intervjun."
    assert kinds_and_texts(text) == [("personal-id-number", "811218-9876")]


def test_several_kinds_in_one_text_are_sorted_and_offsets_are_right():
    text = (
        "Kontakt: anna.svensson@goteborg.se eller 08-123 456 78. "
        "Brukaren (811218-9876) vill bli uppringd på +46 70 123 45 67."
    )
    matches = find_personal_data(text)
    assert [(m.kind, m.text) for m in matches] == [
        ("email-address", "anna.svensson@goteborg.se"),
        ("phone-number", "08-123 456 78"),
        ("personal-id-number", "811218-9876"),
        ("phone-number", "+46 70 123 45 67"),
    ]
    for m in matches:
        assert text[m.start : m.end] == m.text
    for before, after in zip(matches, matches[1:], strict=False):
        assert before.end <= after.start


def test_offsets_with_non_ascii_text_before_the_match():
    text = "Åsa på Ängsgårdens äldreboende: 031-12 34 56"
    [match] = find_personal_data(text)
    assert match == PersonalDataMatch("phone-number", 32, 44, "031-12 34 56")
    assert text[match.start : match.end] == match.text


# --- phone numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "070-1234567",
        "08-123 456 78",
        "08-12 34 56",
        "031-12 34 56",
        "0470-123 45",
        "0771-567 567",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70-123 45 67",
        "+46 8 123 456 78",
        "0046 70 123 45 67",
    ],
)
def test_phone_number_forms(number):
    assert kinds_and_texts(f"Tel: {number}.") == [("phone-number", number)]


def test_phone_numbers_separated_by_a_comma():
    assert kinds_and_texts("0701234567,08-123 456 78") == [
        ("phone-number", "0701234567"),
        ("phone-number", "08-123 456 78"),
    ]


# --- e-mail addresses ----------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "anna.svensson@goteborg.se",
        "brukarrevision@nsph.se",
        "forename.surname+audit@vgregion.example.se",
        "kalle_2012@example.com",
        "åsa.öberg@kommun.se",
    ],
)
def test_email_addresses(address):
    assert kinds_and_texts(f"Mejla {address}.") == [("email-address", address)]


@pytest.mark.parametrize("text", ["anna@localhost", "möte @ 10", "@nsph", "a@b"])
def test_not_email_addresses(text):
    assert find_personal_data(text) == []


def test_identity_number_inside_an_email_address_is_reported_once():
    text = "811218-9876@example.se"
    assert kinds_and_texts(text) == [("personal-id-number", "811218-9876")]


# --- precedence ----------------------------------------------------------------------


def test_identity_number_that_looks_like_a_phone_number_is_reported_once():
    number = with_check_digit("050709123")  # born 2005: starts with 0 like a phone number
    assert kinds_and_texts(f"Nummer {number} i journalen") == [("personal-id-number", number)]


@pytest.mark.parametrize("number", ["811218-9876", "121212-1212", "19811218-9876"])
def test_identity_number_is_never_also_a_phone_number(number):
    assert [m.kind for m in find_personal_data(number)] == ["personal-id-number"]


def test_phone_number_right_next_to_an_identity_number():
    assert kinds_and_texts("0701234567 811218-9876") == [
        ("phone-number", "0701234567"),
        ("personal-id-number", "811218-9876"),
    ]


# --- things that are not personal data -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Intervjun hölls 2012-10-15.",
        "Platsbesöket var den 05-10-2012.",
        "Återkopplingsmötet 2012-08-15 12 34 deltagare",
        "Vi ses kl 10:30 eller 08:30.",
        "Öppet kl 08.30-09.30 och 13-17.",
        "Betyget blev 4 av 5.",
        "Svara på en skala 1-5.",
        "Frågorna 1-12 gällde bemötande.",
        "Revisionen gjordes år 2012.",
        "Året 1998-2001 var svårt.",
        "Budgeten var 1 000 kr, sedan 25 000 kr och till sist 1 200 000 kr.",
        "Boendestödet fick 0 kr extra.",
        "Rum 0123, våning 2.",
        "Ärendenummer 0702-1234.",
        "Version 1.2.3 av frågebatteriet.",
        "Hon tycker att personalen är trevlig och att måltiderna är goda, "
        "men önskar fler aktiviteter på kvällarna och att få vara ute mer.",
        "Man måste vänta länge på att få träffa sin kontaktperson – ibland en vecka.",
        "",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert find_personal_data(text) == []


def test_number_group_too_long_for_a_phone_number_is_not_flagged():
    assert find_personal_data("070-123 45 67 89") == []


# --- describe ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [
        ("personal-id-number", "a Swedish personal identity number"),
        ("coordination-number", "a Swedish coordination number"),
        ("phone-number", "a phone number"),
        ("email-address", "an e-mail address"),
    ],
)
def test_describe(kind, phrase):
    assert describe(kind) == phrase


def test_describe_unknown_kind():
    with pytest.raises(ValueError, match="unknown"):
        describe("shoe-size")


def test_match_is_immutable():
    match = find_personal_data("811218-9876")[0]
    with pytest.raises(AttributeError):
        match.start = 0  # type: ignore[misc]


# The first test of find_personal_data (no @, and no run of number characters with 7 digits:
# nothing is looked for) must never hide a number the patterns find. Texts made of the
# characters numbers are written with, letters and words between them.
_NUMBER_PARTS = ["0", "1", "4", "6", "7", "8", "9", "070", "46", "+46", "0046", "(0)", "811218", "9876"]
_BETWEEN = [" ", "-", "\u2013", "\u2212", "\u00a0", "/", ".", "(", ")", "+", "", "a", " kl ", "x", ":", "\n"]


def _every_pattern(text: str) -> list[PersonalDataMatch]:
    import revision_cli.privacy.personal_data as personal_data

    gate = personal_data._may_hold_a_number
    personal_data._may_hold_a_number = lambda text: True
    try:
        return find_personal_data(text)
    finally:
        personal_data._may_hold_a_number = gate


@pytest.mark.parametrize("seed", range(40))
def test_the_quick_first_test_hides_nothing(seed: int) -> None:
    import random

    rng = random.Random(seed)
    for _ in range(250):
        parts = [rng.choice(_NUMBER_PARTS if i % 2 == 0 else _BETWEEN) for i in range(rng.randint(1, 14))]
        text = "".join(parts)
        assert find_personal_data(text) == _every_pattern(text), text


def test_the_quick_first_test_skips_an_audit_id() -> None:
    import revision_cli.privacy.personal_data as personal_data

    assert not personal_data._may_hold_a_number("2012 hemtjanst norr 0001")
    assert personal_data._may_hold_a_number("ring 070-123 45 67")
