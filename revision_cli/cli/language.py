"""`--lang sv|en` anywhere on the command line, read before typer builds a single help text.

typer reads the help texts when the app is imported and click prints them before any
command runs, so the language must be settled first: main.py and the app's group
(cli/translated.py) both call `settle` on the arguments. `--lang` may stand before the
command name, after it, or beside `--help`. A command that has a `--lang` of its own
(what language its output is in: score, report, form, site, summary, compare, batteries show) still gets
it, moved after the command's name when it was written before; every other command never
sees it. form, report and batteries show also take any language tag of a battery's texts
(fi, ar, sv-x-lattlast): the run then speaks that language's own when the catalogue has it,
else the repository's. Imports no typer (main.py uses it before typer loads).
"""

from __future__ import annotations

from revision_cli import i18n
from revision_cli.models.tags import interface_language, is_tag

OPTION = "--lang"
# The commands (as their words on the command line) that declare a --lang of their own.
OWN_LANG = {("score",), ("report",), ("form",), ("site",), ("summary",), ("compare",), ("batteries", "show")}
# Those whose --lang may also be any language tag of a battery's texts (fi, ar, sv-x-lattlast):
# the battery's texts come in it, the tool's own words in sv or en (models/tags.py).
TAG_LANG = {("report",), ("form",), ("batteries", "show")}
GROUPS = {"batteries"}


class LanguageError(ValueError):
    """`--lang` without a value, or with one this tool does not speak."""

    def __init__(self, value: str | None, tags: bool = False):
        self.value = value
        self.tags = tags  # the command takes a battery's language tags too
        super().__init__(value)

    def message(self) -> str:
        if self.value is None:
            return i18n._("--lang needs a value: sv or en.")
        if self.tags:
            return i18n._(
                "--lang takes sv, en or another language tag of the battery's texts (fi, ar, sv-x-lattlast), "
                "not '{value}'."
            ).format(value=self.value)
        return i18n._("--lang takes sv or en, not '{value}'.").format(value=self.value)


def split(args: list[str]) -> tuple[str | None, list[str]]:
    """(the language asked for, or None; the arguments the command itself is to see).

    The last `--lang` wins, as for any click option. Raises LanguageError on a bad value."""
    lang: str | None = None
    kept: list[str] = []
    moved: list[str] = []  # --lang written before the name of a command that takes it
    command: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            kept += args[i:]
            break
        if arg == OPTION or arg.startswith(OPTION + "="):
            if arg == OPTION:
                if i + 1 >= len(args):
                    raise LanguageError(None)
                value = args[i + 1]
                i += 1
            else:
                value = arg.partition("=")[2]
            lang = value
            if tuple(command) in OWN_LANG:
                kept += [OPTION, value]
            elif not _complete(command):
                moved += [OPTION, value]
        else:
            kept.append(arg)
            if not arg.startswith("-") and not _complete(command):
                command.append(arg)
                if tuple(command) in OWN_LANG:
                    kept += moved
                    moved = []
        i += 1
    if lang is not None and lang not in i18n.LANGUAGES:
        takes_tags = tuple(command) in TAG_LANG
        if not takes_tags or not is_tag(lang):
            raise LanguageError(lang, takes_tags)
    return lang, kept


def _complete(command: list[str]) -> bool:
    """Whether the command's name is read to its end (a group takes one word more)."""
    return bool(command) and (command[0] not in GROUPS or len(command) > 1)


def settle(args: list[str]) -> list[str]:
    """Choose the language for this run (i18n.use) and return the arguments without the
    `--lang` that the command does not take."""
    lang, kept = split(args)
    if lang is None or lang not in i18n.LANGUAGES:
        from pathlib import Path

        found = i18n.detect(Path.cwd())
        # Texts in another language: the tool's words in that language's own when it has them
        # (sv for sv-x-lattlast), else the repository's.
        lang = found if lang is None else interface_language(lang, found)
    i18n.use(lang)
    return kept
