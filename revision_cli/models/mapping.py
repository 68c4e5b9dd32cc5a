"""The mapping file of `revision import`: which column of a web-form export is what.

```yaml
respondent: {column: "ID", prefix: "w"}
group: {value: brukare}
date: {column: "Slutförandetid"}
consent: {column: "Samtycke", values: {"Ja": true, "Nej": false}}
questions:
  "Känner du dig välkommen när du kommer hit?":
    {question: motet-valkommen, values: {"Ja": ja, "Delvis": delvis, "Nej": nej}}
ignore: ["Starttid", "E-post", "Namn"]
```

A person checks and edits it, so it is as strict as every other file: an unknown key is an
error. Whether a column, a question or an option exists is the import's to say (it knows the
export and the battery); this model says only what the file's shape is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, field_validator

from revision_cli.models.base import Strict
from revision_cli.models.defaults import empty_list
from revision_cli.models.interview import Consent


def _texts(value: Any) -> Any:
    # A header or a cell is text; a key written 1 or 2025 is the text "1" or "2025".
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return value


class Respondent(Strict):
    column: str | None = Field(
        None, description="The column holding each row's code (an ID, never a name); none: the row's number."
    )
    prefix: str = Field("", description="Put before each value: prefix w and value 12 give the code w12.")


class Group(Strict):
    value: str | None = Field(None, description="Every row is of this respondent group.")
    column: str | None = Field(None, description="The column saying each row's group.")
    values: dict[str, str] | None = Field(None, description="What the column says → the battery's group.")

    @field_validator("values", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _texts(value)


class Date(Strict):
    value: dt.date | None = Field(None, description="Every interview is of this date.")
    column: str | None = Field(None, description="The column with each row's date or date and time.")
    format: str | None = Field(
        None, description="How the column writes a date, e.g. %d/%m/%Y, when the tool cannot tell day from month."
    )


class ConsentSource(Strict):
    value: Consent = Field(None, description="Every respondent's consent: true when all agreed.")
    column: str | None = Field(None, description="The column recording each respondent's consent.")
    values: dict[str, Consent] | None = Field(None, description="What the column says → true or false.")

    @field_validator("values", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _texts(value)


class QuestionColumn(Strict):
    question: str = Field(description="The id of the battery's question this column answers.")
    values: dict[str, str | int | None] | None = Field(
        None,
        description="What the column says → the question's option (null: not answered). Numbers on a range "
        "scale and free text pass through without it.",
    )

    @field_validator("values", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _texts(value)


class Mapping(Strict):
    respondent: Respondent
    group: Group
    date: Date | None = None
    consent: ConsentSource | None = None
    questions: dict[str, QuestionColumn] = {}
    ignore: list[str] = Field(default_factory=empty_list, description="Columns that are never imported.")

    @field_validator("questions", mode="before")
    @classmethod
    def _text_keys(cls, value: Any) -> Any:
        return _texts(value)
