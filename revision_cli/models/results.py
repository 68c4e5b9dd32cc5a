"""`results.yaml`: an archived audit's frozen figures, written by `revision archive`.

Once the interview files are removed (retain_interviews_until), this file is what reports,
comparisons, the status table and the overview read instead. It holds only what the tool
would print anyway: the score card as ScoredAudit.score() gave it (suppressed figures stay
withheld, only the reason is kept), the respondent counts as ScoredAudit.respondents() gave
them, the number of declined interviews and the published quotes. Never a respondent code,
an answer, an answer comment or an unpublished quote (the files the figures came from are
named by a digest of their bytes only). The team's colours and texts stay live in
assessment.yaml.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Annotated, Any, Literal, Self

from pydantic import Field, StrictBool, model_validator
from pydantic.functional_validators import PlainValidator

from revision_cli.i18n import _
from revision_cli.models.base import Id, Ratio, Strict, acknowledgement, parse_ratio
from revision_cli.models.defaults import empty_dict, empty_list

RESULTS_FILE = "results.yaml"
RatingName = Literal["green", "yellow", "red", "insufficient"]
Digest = Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")]


def frozen_digest(raw: bytes) -> str:
    """How results.yaml names a file its figures were frozen from: a digest of its bytes
    (never its name, which is usually a respondent code)."""
    import hashlib

    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _share(value: Any) -> Fraction:
    share = parse_ratio(value)
    if not 0 <= share <= 1:
        raise ValueError(_("a share lies between 0 and 1, not {value!r}").format(value=value))
    return share


# An exact share, written as a fraction ("5/6") so that nothing is rounded.
Share = Annotated[Fraction, PlainValidator(_share, json_schema_input_type=str | int)]
Count = Annotated[int, Field(ge=0)]


class _Figures(Strict):
    id: Id
    computed: RatingName
    share: Share | None = None
    n: Count
    excluded: Count
    suppressed: str | None = Field(None, description="Why the figures are withheld (a small group).")

    @model_validator(mode="after")
    def _withheld_means_empty(self) -> Self:
        if self.suppressed and (self.share is not None or self.n or self.excluded or self.computed != "insufficient"):
            raise ValueError(
                _("a suppressed item keeps no figures: share null, n 0, excluded 0, computed insufficient")
            )
        return self


class FrozenQuestion(_Figures):
    scored: StrictBool  # as the schema says: true or false, not yes/1 (see models.interview)
    answered: Count
    counts: dict[str, Count] = Field(
        default_factory=empty_dict, description="How many gave each answer (the report's charts); none when withheld."
    )

    @model_validator(mode="after")
    def _withheld_keeps_no_counts(self) -> Self:
        if self.suppressed and self.counts:
            raise ValueError(_("a suppressed question keeps no answer counts"))
        return self


class FrozenSubarea(_Figures):
    questions: list[FrozenQuestion] = []


class FrozenArea(_Figures):
    subareas: list[FrozenSubarea] = []


class FrozenStatement(Strict):
    """A rated statement's answers as counts: mean, median and share follow from them exactly."""

    id: Id
    not_answered: Count = 0
    excluded: Count = Field(0, description="Answers given but not counted (an option without score, vet-ej).")
    distribution: dict[int, Count] = Field(default_factory=empty_dict, description="How many gave each value.")
    suppressed: str | None = Field(None, description="Why the figures are withheld (a small group).")

    @model_validator(mode="after")
    def _withheld_keeps_no_counts(self) -> Self:
        if self.suppressed and (self.distribution or self.not_answered or self.excluded):
            raise ValueError(_("a suppressed statement keeps no counts"))
        return self


class FrozenThemeCount(Strict):
    id: Id
    interviews: Count
    questions: dict[str, Count] = {}
    areas: dict[str, Count] = {}
    quotes: list[str] = Field(default_factory=empty_list, description="Published quotes under the theme.")


class FrozenThemes(Strict):
    """The theme tally of the open interviews: totals only, never by group."""

    interviews: Count
    uncoded_by_question: dict[str, Count] = {}
    unthemed_quotes: list[str] = []
    themes: list[FrozenThemeCount] = []


class FrozenThresholds(Strict):
    green: Ratio
    yellow: Ratio
    min_answers: int = Field(ge=1)


class FrozenRespondents(Strict):
    total: Count
    declined: Count = 0
    consent_missing: Count = Field(0, description="Interviews left out because no consent was recorded.")
    groups: dict[str, Count | None] = Field(description="Respondents per group; null where suppressed.")
    suppressed: dict[str, str] = Field({}, description="The suppressed groups with the reason shown in their place.")

    @model_validator(mode="after")
    def _suppressed_groups_have_no_count(self) -> Self:
        hidden = {g for g, n in self.groups.items() if n is None}
        if hidden != set(self.suppressed):
            raise ValueError(_("the groups with a null count and the groups under 'suppressed' must be the same"))
        if sum(n for n in self.groups.values() if n is not None) > self.total:
            raise ValueError(_("the groups add up to more than the total"))
        return self


class FrozenQuote(Strict):
    text: str = Field(min_length=1)


class Results(Strict):
    format: Literal[1] = Field(description="The version of this file's format.")
    audit: Id
    battery: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*@[1-9][0-9]*(\+[a-z0-9][a-z0-9-]*@[1-9][0-9]*)*$",
        description="id@version the figures belong to (several batteries: joined by +)",
    )
    archived: dt.date
    min_group_size: int = Field(ge=1, description="anonymity.min_group_size when the figures were frozen")
    thresholds: FrozenThresholds
    respondents: FrozenRespondents
    quotes: list[FrozenQuote] = []
    areas: list[FrozenArea]
    statements: list[FrozenStatement] = Field(default_factory=empty_list, description="The rated statements' answers.")
    themes: FrozenThemes | None = Field(None, description="The theme tally, for audits with themes.")
    group_statements: dict[str, list[FrozenStatement]] = Field(
        default_factory=empty_dict, description="Each shown group's rated statements, like `groups`."
    )
    groups: dict[str, list[FrozenArea]] = Field(
        default_factory=empty_dict,
        description="Each group's own figures, for the groups shown beside the total when archived.",
    )
    personal_data_ok: list[str] = acknowledgement("the archived quotes")
    frozen_from: list[Digest] | None = Field(
        None,
        description="A digest (sha256) of each file under interviews/ the figures were frozen from: "
        "archive removes only these. Files written before revision recorded them lack it.",
    )
