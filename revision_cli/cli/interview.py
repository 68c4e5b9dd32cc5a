"""`revision interview AUDIT [CODE]`: enter one interview at the terminal or from a pipe."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from typing import Annotated

import typer

from revision_cli.cli.translated import help_text
from revision_cli.i18n import N_, _


@help_text(
    N_("""\
Enter one interview, question by question, and write its file.

Asks for the respondent code (unless given), the group, the date (today unless you
write another), the interviewers (from the audit's team) and consent, then every
question the battery asks that group, in the battery's order, with its options
numbered: answer with a number, Enter to leave the question unanswered, - to clear an
answer, < to go back one question, and # to add a comment (2 # a comment). Then the
quotes, each with whether the report may publish it, and a summary to confirm. The
file is written once, when you confirm, in the shape revision new scaffolds, and
checked as revision validate checks it.

Given the code of an existing interview, opens it with its answers filled in and
keeps the file's comments and order. A code that looks like a name, or that another
interview uses, is refused. Ctrl-C asks whether to keep a draft
(interviews/_utkast-CODE.yaml, never read as an interview); the next run with that
code offers to go on from it.

Works on a plain pipe too: one answer per line on standard input, prompts one per
line, no colour.

--ask-in asks the battery's questions and options in another language the battery has
texts in (a language tag: en, fi, ar, sv-x-lattlast …); the tool's own words stay in
--lang's. A text the battery lacks in it is shown in Swedish (else as written), with
its language after it: (på svenska).

Example: revision interview 2025-boendestod-norr b7""")
)
def interview_command(
    audit: Annotated[str, typer.Argument(help=N_("Audit slug or path to an audit folder."))],
    code: Annotated[
        str | None,
        typer.Argument(help=N_("Respondent code, e.g. b7: an existing interview to change, or a new one.")),
    ] = None,
    ask_in: Annotated[
        str | None,
        typer.Option(
            "--ask-in",
            help=N_(
                "Ask the questions in this language of the battery's texts (en, fi, ar, sv-x-lattlast …); "
                "default: the repository's language."
            ),
        ),
    ] = None,
) -> None:
    from revision_cli.cli.interview_session import run

    if ask_in is not None:
        from revision_cli.models.tags import canonical, is_tag

        if not is_tag(ask_in):
            from revision_cli.errors import UsageError

            raise UsageError(
                _(
                    "--ask-in takes a language tag such as en, fi, ar or sv-x-lattlast "
                    "(letters and digits in parts joined by -), not '{value}'"
                ).format(value=ask_in)
            )
        ask_in = canonical(ask_in)
    raise typer.Exit(run(audit, code, ask_in=ask_in))
