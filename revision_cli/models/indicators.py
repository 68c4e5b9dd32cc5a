"""`indicators.yaml`: measures a team follows over time, such as an improvement team's count
of cancelled home-support visits every other week (seed 004). It lies in an audit's folder,
or in `units/<unit>/` for every audit of that unit (repository/indicators.py finds it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import Field
from pydantic.functional_validators import PlainValidator

from revision_cli.i18n import _
from revision_cli.models import words
from revision_cli.models.base import Id, LocalText, Strict, acknowledgement
from revision_cli.models.defaults import empty_list

INDICATORS_FILE = "indicators.yaml"

Direction = Annotated[Literal["lower", "higher"], words.validator(words.DIRECTIONS), words.schema(words.DIRECTIONS)]


def parse_number(value: Any) -> Decimal:
    """An exact number as written: `12`, `12.5`, or `12,5` (a Swedish decimal comma, which
    YAML reads as text). A float is taken by its shortest spelling, which is what was typed."""
    if isinstance(value, bool):
        raise ValueError(_("expected a number like 12 or 12.5, not true/false"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Fraction):  # how the YAML reader keeps a decimal (exact: 55.5 is 111/2)
        exact = terminating(value)
        if exact is not None:
            return exact
    text = repr(value) if isinstance(value, float) else value
    if isinstance(text, str):
        try:
            number = Decimal(text.strip().replace(",", ".", 1) if text.count(",") == 1 else text.strip())
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return number
    raise ValueError(_("expected a number like 12 or 12.5, not {value!r}").format(value=value))


def number_text(value: Decimal) -> str:
    """A number as the file has it, in plain digits with a decimal point (`1E+1` is `10`);
    views.presentation.with_decimal_mark writes it as a language does."""
    return format(value, "f")


def terminating(value: Fraction) -> Decimal | None:
    """`value` as a Decimal when it has a finite decimal expansion (a written decimal does)."""
    d, twos, fives = value.denominator, 0, 0
    while d % 2 == 0:
        d, twos = d // 2, twos + 1
    while d % 5 == 0:
        d, fives = d // 5, fives + 1
    if d != 1:
        return None
    places = max(twos, fives)
    return Decimal(value.numerator * 10**places // value.denominator).scaleb(-places)


Number = Annotated[Decimal, PlainValidator(parse_number, json_schema_input_type=int | float | str)]


class Measurement(Strict):
    date: dt.date
    value: Number
    unit: LocalText | None = Field(
        None, description="The unit of measure, if written here too: it must be the indicator's."
    )
    note: LocalText | None = Field(None, description="What happened around this measurement, for the report.")


class Indicator(Strict):
    id: Id
    title: LocalText
    description: LocalText | None = None
    unit: LocalText = Field(description="The unit of measure, e.g. {sv: avbokade besök, en: cancelled visits}.")
    direction: Direction = Field(description="Which way is better: lower (lägre) or higher (högre).")
    baseline: Number | None = Field(None, description="The value before the improvement work began.")
    target: Number | None = Field(None, description="The value the team aims for.")
    measurements: list[Measurement] = Field(default_factory=empty_list, description="Dated values, one per date.")
    personal_data_ok: list[str] = acknowledgement("this indicator")


class Indicators(Strict):
    indicators: list[Indicator] = Field(description="The indicators followed over time.")
    personal_data_ok: list[str] = acknowledgement("this file")
