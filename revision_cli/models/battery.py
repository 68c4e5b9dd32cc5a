"""A question battery: areas, sub-areas, questions, answer scales and rating thresholds."""

from collections.abc import Iterator
from fractions import Fraction
from typing import Annotated, Literal, Self

from pydantic import Field, StrictInt, model_validator

from revision_cli.i18n import _
from revision_cli.models import words
from revision_cli.models.base import BatteryText, Id, Lang, NFCStr, Ratio, Strict
from revision_cli.models.defaults import empty_dict, empty_list

# A battery's texts take any language tag (fi, ar, sv-x-lattlast …; models/tags.py), where
# the repository's own texts (models/config.py, models/indicators.py) take sv and en.
LocalText = BatteryText

TEXT_SCALE = "text"  # built in: free text, never scored
Source = Annotated[
    Literal["interviews", "documents", "records", "observation"],
    words.validator(words.FIDELITY_SOURCES),
    words.schema(words.FIDELITY_SOURCES),
]


class Option(Strict):
    value: str | int
    label: LocalText | None = None
    score: Ratio | None = Field(None, description="0 to 1; no score means the answer is not counted.")


class Range(Strict):
    min: StrictInt
    max: StrictInt


class Scale(Strict):
    """Options with scores, or a range with positive_from; a range may have options beside
    it, without score, for answers that are not counted (vet-ej on a 1–5 question)."""

    label: LocalText | None = None
    options: list[Option] | None = Field(
        None,
        description="The answers and their scores; beside a range, answers without score that are not "
        "counted (e.g. vet-ej).",
    )
    range: Range | None = Field(None, description="Whole numbers from min to max, scored by positive_from.")
    positive_from: StrictInt | None = Field(
        None, description="On a range scale, values from this up count as positive."
    )


class RatingRule(Strict):
    green: Ratio = Fraction(2, 3)
    yellow: Ratio = Fraction(1, 3)
    min_answers: StrictInt = Field(3, ge=1)


class Descriptors(Strict):
    green: LocalText | None = None
    yellow: LocalText | None = None
    red: LocalText | None = None


class Question(Strict):
    id: Id
    text: LocalText
    scale: str
    groups: list[NFCStr] | None = Field(None, description="Respondent groups asked; all groups when left out.")


class Subarea(Strict):
    id: Id
    title: LocalText
    description: LocalText | None = None
    descriptors: Descriptors | None = None
    questions: list[Question] = []


class Area(Strict):
    id: Id
    title: LocalText
    description: LocalText | None = None
    descriptors: Descriptors | None = None
    subareas: list[Subarea] = []


class Statement(Question):
    """A statement the respondents rate on a range scale (a quality declaration).

    Answered in an interview like a question, by its id. Reported with mean, median, the
    share at or above the scale's positive_from and the distribution of answers."""


class Theme(Strict):
    """A theme the team codes open answers with (`themes: [...]` beside an answer)."""

    id: Id
    title: LocalText
    description: LocalText | None = None


class FidelityItem(Strict):
    """An item the reviewers score (not the respondents), e.g. one of IPS-25's 25 items."""

    id: Id
    title: LocalText
    description: LocalText | None = None
    anchors: dict[int, LocalText] = Field(
        default_factory=empty_dict, description="What each score means, e.g. {1: ..., 5: ...}."
    )
    sources: list[Source] = Field(
        default_factory=empty_list, description="Where the reviewers find what they score the item on."
    )


class Section(Strict):
    id: Id
    title: LocalText
    description: LocalText | None = None
    items: list[FidelityItem] = Field(min_length=1)


class GuideQuestion(Strict):
    """A question of an interview guide: asked and noted by the reviewers, never scored."""

    id: Id
    text: LocalText


class GuideTopic(Strict):
    """A topic of an interview guide, with the fidelity items it gathers evidence for."""

    id: Id
    title: LocalText
    description: LocalText | None = None
    items: list[Id] = Field(
        default_factory=empty_list, description="The fidelity items (or sections) the answers help the reviewers score."
    )
    questions: list[GuideQuestion] = Field(min_length=1)


class Guide(Strict):
    """The reviewers' interview guide for one respondent group (a source of a fidelity review)."""

    group: NFCStr
    title: LocalText
    description: LocalText | None = None
    topics: list[GuideTopic] = Field(min_length=1)


class Band(Strict):
    """A named band of the total of item scores, e.g. 100–114: good fidelity."""

    id: Id
    min: StrictInt | None = Field(None, description="Lowest total in the band; left out: no lower bound.")
    max: StrictInt | None = Field(None, description="Highest total in the band; left out: no upper bound.")
    label: LocalText
    description: LocalText | None = None


class Battery(Strict):
    id: Id
    version: StrictInt = Field(ge=1)
    language: Lang = "sv"
    title: LocalText
    description: LocalText | None = None
    groups: list[Id] = Field(min_length=1)
    scales: dict[str, Scale] = {}
    rating: RatingRule = RatingRule()
    areas: list[Area] = []
    statements: list[Statement] = Field(default_factory=empty_list, description="Statements rated on a range scale.")
    themes: list[Theme] = Field(default_factory=empty_list, description="Themes for coding open answers.")
    practice: words.Practice | None = Field(
        None,
        description="The practice the battery is used in, which names the report's steps (an audit may say otherwise).",
    )
    item_scale: Range = Field(
        default_factory=lambda: Range(min=1, max=5), description="The scores a fidelity item takes."
    )
    sections: list[Section] = Field(
        default_factory=empty_list, description="Fidelity items, by section, scored by the reviewers."
    )
    bands: list[Band] = Field(default_factory=empty_list, description="Bands of the fidelity total.")
    guides: list[Guide] = Field(
        default_factory=empty_list,
        description="Interview guides of a fidelity review, one per respondent group: the reviewers' questions, "
        "printed by `revision form --group G`, never scored.",
    )

    @model_validator(mode="after")
    def _has_content(self) -> Self:
        if not (self.areas or self.statements or self.sections):
            raise ValueError(_("a battery needs areas, statements or sections (fidelity items)"))
        return self

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def questions(self) -> Iterator[tuple[Area, Subarea, Question]]:
        for area in self.areas:
            for subarea in area.subareas:
                for question in subarea.questions:
                    yield area, subarea, question

    def statement_by_id(self) -> dict[str, Statement]:
        return {s.id: s for s in self.statements}

    def fidelity_items(self) -> Iterator[tuple[Section, FidelityItem]]:
        for section in self.sections:
            for item in section.items:
                yield section, item

    def guide_for(self, group: str) -> Guide | None:
        return next((g for g in self.guides if g.group == group), None)

    def answerable(self) -> dict[str, Question]:
        """Everything a respondent answers by id: the questions and the statements."""
        found = {q.id: q for _, _, q in self.questions()}
        for statement in self.statements:
            found.setdefault(statement.id, statement)
        return found

    def question_groups(self, question: Question) -> list[str]:
        return question.groups if question.groups is not None else list(self.groups)
