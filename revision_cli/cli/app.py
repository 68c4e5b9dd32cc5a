"""The `revision` command. Only argument parsing and printing live here; the work is in the
core modules, imported inside each command so that `revision --help` starts fast."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

from collections.abc import Callable

import typer

from revision_cli.cli.translated import TranslatedGroup
from revision_cli.i18n import N_

app = typer.Typer(
    cls=TranslatedGroup,  # help in the run's language (--lang, revision.yaml, the locale)
    name="revision",
    help=N_("""\
User audits (brukarrevision) as plain-text YAML in git: validate, score and report.

Every command speaks the repository's language (revision.yaml's language: sv or en;
outside a repository, the locale's). --lang sv or --lang en anywhere on the command
line chooses another."""),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: typer's rich help formatting costs more start-up time than the rest of the CLI.
    rich_markup_mode=None,
)


# One module per command; each imports only typer at the top, the work inside the command.
from revision_cli.cli.actions import actions_command  # noqa: E402
from revision_cli.cli.archive import archive_command  # noqa: E402
from revision_cli.cli.batteries import batteries_app  # noqa: E402
from revision_cli.cli.compare import compare_command  # noqa: E402
from revision_cli.cli.export import export_command  # noqa: E402
from revision_cli.cli.form import form_command  # noqa: E402
from revision_cli.cli.guard import guarded  # noqa: E402
from revision_cli.cli.history import history_command  # noqa: E402
from revision_cli.cli.import_ import import_command  # noqa: E402
from revision_cli.cli.init import init_command  # noqa: E402
from revision_cli.cli.interview import interview_command  # noqa: E402
from revision_cli.cli.new import new_command  # noqa: E402
from revision_cli.cli.privacy import privacy_command  # noqa: E402
from revision_cli.cli.report import report_command  # noqa: E402
from revision_cli.cli.schema import schema_command  # noqa: E402
from revision_cli.cli.score import score_command  # noqa: E402
from revision_cli.cli.site import site_command  # noqa: E402
from revision_cli.cli.status import status_command  # noqa: E402
from revision_cli.cli.summary import summary_command  # noqa: E402
from revision_cli.cli.validate import validate_command  # noqa: E402

app.add_typer(batteries_app, name="batteries")
commands: list[tuple[str, Callable[..., None]]] = [
    ("init", init_command),
    ("new", new_command),
    ("interview", interview_command),
    ("validate", validate_command),
    ("score", score_command),
    ("report", report_command),
    ("form", form_command),
    ("history", history_command),
    ("compare", compare_command),
    ("actions", actions_command),
    ("status", status_command),
    ("site", site_command),
    ("summary", summary_command),
    ("export", export_command),
    ("import", import_command),
    ("privacy", privacy_command),
    ("archive", archive_command),
    ("schema", schema_command),
]
for name, command in commands:
    app.command(name)(guarded(command))


def main() -> None:
    app()
