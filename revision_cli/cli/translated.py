"""typer's help in the language of the run (revision_cli/i18n.py).

typer takes the help texts when the app is defined, in English, marked with `N_()` for the
catalogue. Each run builds click's commands from them afresh; before it parses a single
argument, the app's group settles the language (`--lang`, cli/language.py) and puts every
command's, argument's and option's help through the catalogue, with click's own words
around them (Usage, the section headings, typer's `[default: …]`).

Help texts are written without indentation (`N_(\"\"\"\\` then lines from the first column),
so the text the catalogue holds is the text typer shows (typer strips a docstring's
indentation; tests/test_messages.py checks every help text has none).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import typer

try:  # typer carries its own copy of click since 0.2x; before, it used click itself
    from typer import _click
except ImportError:  # pragma: no cover - the lowest typer allowed (make test-lowest)
    import click as _click  # type: ignore[no-redef]
from typer.core import TyperArgument, TyperGroup, TyperOption

from revision_cli import i18n
from revision_cli.cli import language
from revision_cli.i18n import N_

# click's and typer's own words in the help, given here to the catalogue (they are looked
# up as click writes them).
CLICK_WORDS = (N_("Options"), N_("Arguments"), N_("Commands"), N_("Show this message and exit."))
# What typer writes after an option's help, in square brackets: "default: …", "required".
_EXTRAS = re.compile(
    r"^(?P<help>.*?)(?P<gap>\s*)\[(?P<extras>(?:default: .*?|required)(?:; (?:default: .*?|required))*)\]$", re.DOTALL
)


F = TypeVar("F", bound=Callable[..., Any])


class Formatter(_click.HelpFormatter):
    """click's help layout with its own words (Usage, Options, Commands…) translated."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, i18n._("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(i18n._(heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _extras(text)) for term, text in rows], col_max, col_spacing)


def _extras(text: str) -> str:
    match = _EXTRAS.match(text)
    if match is None:
        return text
    words = []
    for part in match["extras"].split("; "):
        if part == "required":
            words.append(i18n._("required"))
        else:
            words.append(i18n._("default: {default}").format(default=part.removeprefix("default: ")))
    return f"{match['help']}{match['gap']}[{'; '.join(words)}]"


class Context(_click.Context):
    formatter_class = Formatter


def _described(text: str) -> str:
    """A command's help in the run's language, its examples kept on one line each: click
    rewraps every paragraph but one that starts with \\b (a control character that does not
    belong in a catalogue, so it is added here)."""
    example = i18n._("Example:")
    paragraphs = i18n._(text).split("\n\n")
    return "\n\n".join(f"\b\n{p}" if p.startswith(example) else p for p in paragraphs)


def translate(command: _click.Command, only: str | None = None) -> None:
    """Every help text of `command` and of the commands below it, through the catalogue;
    `only`: of the commands below it, only the one of that name (when there is one)."""
    command.context_class = Context
    if command.help:
        command.help = _described(command.help)
    if command.short_help:
        command.short_help = i18n._(command.short_help)
    for param in command.params:
        if isinstance(param, TyperOption | TyperArgument) and param.help:
            param.help = i18n._(param.help)
    help_option = command.get_help_option(Context(command, **command.context_settings))
    if help_option is not None and help_option.help:
        help_option.help = i18n._(help_option.help)
    commands: dict[str, _click.Command] = getattr(command, "commands", {})
    for name, sub in commands.items():
        if only is None or only not in commands or name == only:
            translate(sub)


def help_text(text: str) -> Callable[[F], F]:
    """Give a command its help where a docstring would stand, marked for the catalogue with
    N_() (a docstring cannot be marked); typer reads it as the docstring."""

    def describe(command: F) -> F:
        command.__doc__ = text
        return command

    return describe


class TranslatedGroup(TyperGroup):
    """The app's top group: settles the language, then translates the help, then runs."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        given = sys.argv[1:] if args is None else list(args)
        try:
            kept = language.settle(given)
        except language.LanguageError as exc:
            if not standalone_mode:
                raise
            typer.echo(f"revision: {exc.message()}", err=True)
            sys.exit(2)
        # A run that names its command first reads no other command's help (a --help or an
        # option before the name may print the list of all): translating every command's
        # took a fifth of typer's own work in a run (README, Performance).
        translate(self, kept[0] if kept and not kept[0].startswith("-") else None)
        return super().main(
            None if args is None and kept == given else kept,
            prog_name,
            complete_var,
            standalone_mode,
            windows_expand_args,
            **extra,
        )
