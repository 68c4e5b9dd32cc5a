"""`interviews/<respondent>.yaml`: one interview's answers."""

import datetime as dt
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic.functional_validators import PlainValidator

from revision_cli.i18n import _
from revision_cli.models import words
from revision_cli.models.base import NFCStr, Strict, acknowledgement
from revision_cli.models.codes import RESPONDENT_PATTERN  # a code, never a name (models/codes.py)
from revision_cli.models.defaults import empty_list
from revision_cli.models.words import closest, did_you_mean

# The words a yes/no field takes: true/false, or Swedish ja/nej. YAML 1.1's yes/no/on/off
# reach the model as text (yaml_io keeps them words), and numbers stay numbers, so
# nothing else slips through as a boolean; the published schema says the same.
YES_NO = {"ja": True, "nej": False}


def parse_yes_no(value: Any) -> bool:
    if value is True or value is False:
        return value
    if isinstance(value, str) and value in YES_NO:
        return YES_NO[value]
    if isinstance(value, str) and value.lower() in ("true", "false"):
        raise ValueError(_("write {value} without quotes; in quotes it is a text").format(value=value.lower()))
    message = _("write true or false (or ja or nej), not {value}").format(value=_shown(value))
    if isinstance(value, str):
        message += did_you_mean(closest(value, ((w, w) for w in ("true", "false", *YES_NO))))
    raise ValueError(message)


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, (dict, list)):
        return "a map" if isinstance(value, dict) else "a list"
    if isinstance(value, Fraction):  # YAML decimals are read exactly (yaml_io)
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    return repr(value) if isinstance(value, str) else str(value)


def _consent(value: Any) -> bool | None:
    return None if value is None else parse_yes_no(value)


YesNo = Annotated[bool, PlainValidator(parse_yes_no, json_schema_input_type=bool | Literal["ja", "nej"])]
Consent = Annotated[bool | None, PlainValidator(_consent, json_schema_input_type=bool | Literal["ja", "nej"] | None)]


class Answer(Strict):
    # Any scalar: whether it fits is the question's scale's call (checks.py says which
    # values are allowed), which gives a better message than a type union could.
    value: Any = None
    comment: str | None = Field(None, description="A working note of the team; never printed in a report.")
    themes: list[str] = Field(default_factory=empty_list, description="Themes the team coded this answer with.")


class Quote(Strict):
    text: str = Field(min_length=1)
    publish: YesNo = Field(
        False,
        description="true (ja) to show the quote in reports; a quote of an interview "
        "that is not counted (consent not true) is never shown.",
    )
    themes: list[str] = Field(default_factory=empty_list, description="Themes the quote is published under.")
    personal_data_ok: list[str] = acknowledgement("this quote")


InterviewMode = Annotated[
    Literal["visit", "phone", "video"], words.validator(words.INTERVIEW_MODES), words.schema(words.INTERVIEW_MODES)
]


class Interview(Strict):
    respondent: str = Field(pattern=RESPONDENT_PATTERN)
    group: NFCStr
    date: dt.date | None = None
    mode: InterviewMode | None = Field(
        None, description="How the interview was made: visit (besök), phone (telefon) or video."
    )
    interviewers: list[NFCStr] = []
    consent: Consent = Field(
        None,
        description="true (ja) when the respondent agreed that the answers are used, "
        "false (nej) when not. Only an interview with true is counted or quoted; "
        "empty is a warning until the audit is assessed, an error from then on.",
    )
    answers: dict[str, Answer] = {}
    quotes: list[Quote] = []

    @property
    def counted(self) -> bool:
        """Whether the interview may be used at all, in a figure, a tally or a quote: only
        with the respondent's recorded consent."""
        return self.consent is True

    @field_validator("answers", mode="before")
    @classmethod
    def _short_answers(cls, value: Any) -> Any:
        # `q: ja` is short for `q: {value: ja}`.
        if isinstance(value, dict):
            return {k: v if isinstance(v, (dict, Answer)) else {"value": v} for k, v in value.items()}
        return value
