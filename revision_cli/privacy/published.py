"""Where people write text in an audit's files, and which of it a report or the site prints.

PUBLISHED is the one list of every text that can reach a reader outside the team (the
report, in Markdown or HTML, and every page of `revision site`); WORKING lists the free
text that stays with the team (answers, their comments, quotes not marked for
publication, respondent codes). Personal data is looked for in both (`revision validate`,
`revision privacy`); `revision report` and `revision site` refuse to publish a PUBLISHED
text in which it is found, unless the file acknowledges it (ACKNOWLEDGED).

A template that prints a new field of the files adds it here; tests/test_published.py
plants personal data in each entry and checks that it is found, refused and redacted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from revision_cli.files.yaml_io import Loc

# The field that acknowledges personal data which may be published after all (the unit's
# switchboard number, a public e-mail address): a list of those strings, on the map that
# holds the texts (a quote, an action) or at the top of the file (audit.yaml,
# assessment.yaml, results.yaml). It covers every text beneath it.
ACKNOWLEDGED = "personal_data_ok"

ANY = "*"  # any key of a map, or any entry of a list


class TextField(NamedTuple):  # a named tuple: made at import, a fifth of a frozen dataclass's cost
    """Texts of one kind of file at one path: keys, or ANY, down to a string."""

    file: str  # "audit", "interview", "assessment", "actions", "meetings", "results" or "indicators"
    path: str  # dotted, e.g. "areas.*.strengths.*"
    local: bool = False  # a text in one language or several: a string, or {sv: ..., en: ...}
    when: str | None = None  # printed only when the map holding the text has this key true
    on_overview: bool = False  # also on the site's overview pages, even for an audit with errors
    identifier: bool = False  # a code or a name of a file: words may be joined by - _ .

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))

    def __str__(self) -> str:
        return f"{self.file}: {self.path}"


PUBLISHED: tuple[TextField, ...] = (
    TextField("audit", "id", on_overview=True, identifier=True),  # page names and links of the site
    TextField("audit", "unit", on_overview=True),
    TextField("audit", "organisation", on_overview=True),
    TextField("audit", "method"),
    TextField("audit", "themes.*.title", local=True),
    TextField("audit", "themes.*.description", local=True),
    TextField("assessment", "summary"),
    TextField("assessment", "feedback_discussion"),
    TextField("assessment", "areas.*.motivation"),
    TextField("assessment", "areas.*.strengths.*"),
    TextField("assessment", "areas.*.improvements.*"),
    TextField("assessment", "areas.*.questions.*"),
    TextField("assessment", "areas.*.subareas.*.motivation"),
    TextField("assessment", "items.*.note"),
    TextField("assessment", "items.*.recommendation"),
    TextField("actions", "*.title"),
    TextField("actions", "*.owner"),
    TextField("actions", "*.follow_up"),
    TextField("actions", "*.events.*.outcome"),
    TextField("indicators", "indicators.*.title", local=True),
    TextField("indicators", "indicators.*.description", local=True),
    TextField("indicators", "indicators.*.unit", local=True),
    TextField("indicators", "indicators.*.measurements.*.note", local=True),
    TextField("meetings", "*.discussed"),
    TextField("meetings", "*.decisions.*"),
    TextField("interview", "quotes.*.text", when="publish"),
    TextField("results", "quotes.*.text"),
    TextField("results", "themes.themes.*.quotes.*"),
    TextField("results", "themes.unthemed_quotes.*"),
)

WORKING: tuple[TextField, ...] = (
    TextField("audit", "team.*.id", identifier=True),
    TextField("interview", "respondent", identifier=True),
    TextField("interview", "interviewers.*", identifier=True),
    TextField("interview", "answers.*"),  # the short form, `q: text`
    TextField("interview", "answers.*.value"),
    TextField("interview", "answers.*.comment"),
    TextField("interview", "quotes.*.text"),
)

# The files `earlier`: a follow-up's report lists the actions of the audit it follows up.
EARLIER_AUDIT_FILES = ("actions",)


def file_kind(path: Path | str) -> str | None:
    """Which of an audit's files `path` is, by its name and folder; None for any other."""
    path = Path(path)
    if path.parent.name == "interviews" and path.suffix in (".yaml", ".yml"):
        return "interview"
    return {
        "audit.yaml": "audit",
        "assessment.yaml": "assessment",
        "actions.yaml": "actions",
        "meetings.yaml": "meetings",
        "results.yaml": "results",
        "indicators.yaml": "indicators",  # an audit's, or a unit's (units/<unit>/)
    }.get(path.name)


def texts(data: Any, kind: str | None, fields: Iterable[TextField]) -> Iterator[tuple[Loc, str, TextField]]:
    """(location, text, field) of every string of `data` (a file of `kind`) at `fields`;
    a string that two fields name comes once, with the first."""
    seen: set[Loc] = set()
    for field in fields:
        if field.file != kind:
            continue
        found: list[tuple[Loc, str]] = []
        _walk(data, field.parts, (), field, found)
        for loc, text in found:
            if loc not in seen:
                seen.add(loc)
                yield loc, text, field


def _walk(node: Any, parts: tuple[str, ...], loc: Loc, field: TextField, found: list[tuple[Loc, str]]) -> None:
    """Appends to `found` every string at `parts` below `node` (into a list rather than
    through nested generators: every answer of every interview is walked, on every check)."""
    if not parts:
        if isinstance(node, str):
            found.append((loc, node))
        elif field.local and isinstance(node, dict):
            for lang, text in node.items():
                if isinstance(text, str):
                    found.append((loc + (lang,), text))
        return
    head, rest = parts[0], parts[1:]
    if not rest and field.when is not None and not (isinstance(node, dict) and node.get(field.when) is True):
        return
    items: Iterable[tuple[str | int, Any]]
    if isinstance(node, dict):
        items = node.items() if head == ANY else ([(head, node[head])] if head in node else [])
    elif isinstance(node, list) and head == ANY:
        items = enumerate(node)
    else:
        return
    for key, child in items:
        _walk(child, rest, loc + (key,), field, found)


def acknowledged(data: Any, loc: Loc) -> list[str]:
    """The strings acknowledged for the text at `loc`: those listed under ACKNOWLEDGED in
    the file's top map and in every map on the way down to the text."""
    found: list[str] = []
    node = data
    for part in (None, *loc):
        if part is not None:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        if isinstance(node, dict):
            listed = node.get(ACKNOWLEDGED)
            if isinstance(listed, list):
                found += [s for s in listed if isinstance(s, str)]
    return found
