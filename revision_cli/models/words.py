"""The words a person types where a format has words: in Swedish or English, with or without å, ä, ö.

Each field below keeps one canonical value per meaning — the value the files held before
either language was accepted, and the one results.yaml, `--format json` and the caches
still hold — and takes, on reading, any of that meaning's spellings: the canonical value,
its Swedish and its English word, and each of those with å, ä, ö written as a, a, o (a
keyboard or a terminal without them). `grön`, `gron` and `green` are all `green`.

The spellings are fixed here, apart from the labels the reports print (views, render), so
that a change of wording in a report never makes a file that validated stop validating.
The published JSON Schemas list every spelling (`Word.schema`), so an editor accepts what
`revision validate` accepts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from revision_cli import i18n
from revision_cli.errors import close_matches
from revision_cli.i18n import _

# What a Swedish word becomes without its letters å, ä, ö (and é, as in `idé`).
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "A", "Ä": "A", "Ö": "O", "É": "E"})


def ascii_form(word: str) -> str:
    """`word` as typed without å, ä, ö: `närstående` → `narstaende`."""
    return unicodedata.normalize("NFC", word).translate(_ASCII)


class Word(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    """One meaning: its canonical value and its word in each language."""

    canonical: str
    sv: str
    en: str

    def spellings(self) -> tuple[str, ...]:
        found: list[str] = []
        for word in (self.canonical, self.sv, ascii_form(self.sv), self.en, ascii_form(self.en)):
            if word not in found:
                found.append(word)
        return tuple(found)

    def in_language(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Vocabulary:
    """The meanings one field takes, in the order a message names them."""

    words: tuple[Word, ...]
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for word in self.words:
            for spelling in word.spellings():
                if lookup.setdefault(spelling, word.canonical) != word.canonical:
                    raise ValueError(f"{spelling!r} means two things")
        object.__setattr__(self, "_lookup", lookup)

    @property
    def canonical(self) -> tuple[str, ...]:
        return tuple(w.canonical for w in self.words)

    def spellings(self) -> tuple[str, ...]:
        """Every spelling accepted, each once: what the published schema lists."""
        return tuple(self._lookup)

    def canonical_of(self, value: Any) -> str | None:
        """The canonical value `value` spells; None when it spells none (or is not text)."""
        if not isinstance(value, str):
            return None
        return self._lookup.get(unicodedata.normalize("NFC", value))

    def in_language(self, lang: str) -> tuple[str, ...]:
        return tuple(w.in_language(lang) for w in self.words)


COLOURS = Vocabulary(
    (
        Word("green", sv="grön", en="green"),
        Word("yellow", sv="gul", en="yellow"),
        Word("red", sv="röd", en="red"),
    )
)
ACTION_STATUSES = Vocabulary(
    (
        Word("planned", sv="planerad", en="planned"),
        Word("ongoing", sv="pågår", en="ongoing"),
        Word("done", sv="klar", en="done"),
        Word("dropped", sv="avbruten", en="dropped"),
    )
)
EVENT_KINDS = Vocabulary(
    (
        Word("phone", sv="telefon", en="phone"),
        Word("meeting", sv="möte", en="meeting"),
        Word("site-visit", sv="platsbesök", en="site-visit"),
    )
)
INTERVIEW_MODES = Vocabulary(
    (
        Word("visit", sv="besök", en="visit"),
        Word("phone", sv="telefon", en="phone"),
        Word("video", sv="video", en="video"),
    )
)
AUDIT_STATUSES = Vocabulary(
    (
        Word("planned", sv="planerad", en="planned"),
        Word("visited", sv="besökt", en="visited"),
        Word("assessed", sv="bedömd", en="assessed"),
        Word("reported", sv="rapporterad", en="reported"),
        Word("followed-up", sv="uppföljd", en="followed-up"),
    )
)
# The team's roles were Swedish from the start (the Göteborg model's words), without å, ä, ö.
ROLES = Vocabulary(
    (
        Word("brukarrevisor", sv="brukarrevisor", en="user-auditor"),
        Word("narstaende", sv="närstående", en="relative"),
        Word("samordnare", sv="samordnare", en="coordinator"),
        Word("granskare", sv="granskare", en="reviewer"),
        # The interviewers of an analysis-seminar practice (seed 002): staff trained to interview.
        Word("metodstodjare", sv="metodstödjare", en="method-supporter"),
        # Who else sits in a meeting (meetings.yaml) or an improvement team: the unit's people.
        Word("brukare", sv="brukare", en="user"),
        Word("personal", sv="personal", en="staff"),
        Word("enhetschef", sv="enhetschef", en="unit-manager"),
        Word("annan", sv="annan", en="other"),
    )
)
MEETING_KINDS = Vocabulary(
    (
        Word("team-meeting", sv="teammöte", en="team-meeting"),
        Word("follow-up-meeting", sv="uppföljningsmöte", en="follow-up-meeting"),
        Word("analysis-seminar", sv="analysseminarium", en="analysis-seminar"),
        Word("feedback-meeting", sv="återföringsmöte", en="feedback-meeting"),
    )
)
# How a practice names its steps in a report (render/practice.py): declared by a battery or
# an audit (`practice:`), the audit's word standing.
PRACTICES = Vocabulary(
    (
        Word("brukarrevision", sv="brukarrevision", en="user-audit"),
        Word("analysseminarium", sv="analysseminarium", en="analysis-seminar"),
        Word("granskning", sv="granskning", en="review"),
        Word("forbattringsteam", sv="förbättringsteam", en="improvement-team"),
    )
)
FIDELITY_SOURCES = Vocabulary(
    (
        Word("interviews", sv="intervjuer", en="interviews"),
        Word("documents", sv="dokument", en="documents"),
        Word("records", sv="journaler", en="records"),
        Word("observation", sv="observation", en="observation"),
    )
)

# indicators.yaml: which way an indicator improves.
DIRECTIONS = Vocabulary(
    (
        Word("lower", sv="lägre", en="lower"),
        Word("higher", sv="högre", en="higher"),
    )
)


# Respondent groups are the battery's own ids, so no list is closed. An interview's `group`
# (and `score --group`) may still be written as the id with å, ä, ö (`närstående`), or as
# the Swedish or English word of a group the built-in batteries use.
GROUP_WORDS = Vocabulary(
    (
        Word("brukare", sv="brukare", en="users"),
        Word("personal", sv="personal", en="staff"),
        Word("narstaende", sv="närstående", en="relatives"),
        Word("klient", sv="klient", en="clients"),
        Word("deltagare", sv="deltagare", en="participants"),
        Word("arbetscoach", sv="arbetscoach", en="job-coaches"),
        Word("chef", sv="chef", en="managers"),
        Word("behandlare", sv="behandlare", en="clinicians"),
    )
)


def group_id(written: str, groups: list[str]) -> str | None:
    """The one group of `groups` that `written` names, or None: the id itself, the id with
    å, ä, ö, or a known word of the group."""
    if written in groups:
        return written
    plain = ascii_form(written)
    known = GROUP_WORDS.canonical_of(written)
    found = [g for g in groups if g in (plain, known)]
    return found[0] if len(found) == 1 else None


_SEPARATORS = re.compile(r"[\s_\-]+")


def loose(text: str) -> str:
    """`text` as a suggestion compares it: without case, å ä ö, and with spaces, underscores
    and dashes alike (`Vet ej`, `vet_ej` and `vet-ej` are all `vet-ej`)."""
    return _SEPARATORS.sub("-", ascii_form(text).casefold().strip())


def closest(written: str, candidates: Iterable[tuple[str, str]]) -> str | None:
    """What `written` was probably meant to be: `candidates` are (a spelling to compare
    with, what to suggest), e.g. an option's value and its labels, each suggesting the
    value. The same word in another case, with or without å ä ö or with other separators
    comes first; else the closest spelling, when it is close (difflib)."""
    if len(written) > 100:  # no word is that long; and difflib is no quicker on a page of text
        return None
    wanted = loose(written)
    if not wanted:
        return None
    by_spelling: dict[str, str] = {}
    for spelling, suggestion in candidates:
        by_spelling.setdefault(loose(spelling), suggestion)
    if wanted in by_spelling:
        return by_spelling[wanted]
    close = close_matches(wanted, list(by_spelling), n=1, cutoff=0.6)
    return by_spelling[close[0]] if close else None


def did_you_mean(suggestion: str | None) -> str:
    """`; did you mean 'x'?`, or nothing."""
    return _("; did you mean '{id}'?").format(id=suggestion) if suggestion is not None else ""


def _listed(words: tuple[str, ...]) -> str:
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + _(" or ") + quoted[-1]


def unknown_word_message(vocabulary: Vocabulary) -> str:
    """What a finding says of a word the field does not take: the words of the language the
    command line speaks (the repository's), and that the other language's work too."""
    # TRANSLATORS: {words}: the field's words in this message's language; the others work too.
    return _("must be {words} (or the same words in Swedish)").format(
        words=_listed(vocabulary.in_language(i18n.language()))
    )


def _parse(vocabulary: Vocabulary, value: Any) -> str:
    found = vocabulary.canonical_of(value)
    if found is None:
        hint = did_you_mean(closest(value, ((w, w) for w in vocabulary.spellings()))) if isinstance(value, str) else ""
        # A message with braces would be read as a template by pydantic: none here has any.
        raise PydanticCustomError(
            "unknown_word", unknown_word_message(vocabulary) + hint.replace("{", "(").replace("}", ")")
        )
    return found


def describe(vocabulary: Vocabulary) -> str:
    """The schema's description: each canonical value with its other words."""
    parts = []
    for word in vocabulary.words:
        others = [w for w in (word.sv, word.en) if w != word.canonical]
        parts.append(f"{word.canonical} ({', '.join(dict.fromkeys(others))})" if others else word.canonical)
    return f"One of {', '.join(parts)}: in Swedish or English, with or without å, ä, ö."


def validator(vocabulary: Vocabulary) -> Any:
    """Any spelling in, the canonical value out (the field's type stays the Literal of the
    canonical values, which is what the code after the model sees)."""
    return PlainValidator(partial(_parse, vocabulary))


def schema(vocabulary: Vocabulary) -> Any:
    """Every spelling in the published schema, so that an editor takes what validate takes."""
    return WithJsonSchema({"type": "string", "enum": list(vocabulary.spellings()), "description": describe(vocabulary)})


# A battery's or an audit's `practice`: how the report names the practice and its steps.
Practice = Annotated[
    Literal["brukarrevision", "analysseminarium", "granskning", "forbattringsteam"],
    validator(PRACTICES),
    schema(PRACTICES),
]
