"""The `revision` command. Only argument parsing and printing live here; the work is in the
core modules, imported inside each command so that `revision --help` starts fast."""

# No `from __future__ import annotations`: typer would eval every annotation string on each run (README, Performance).

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import N_
from .translated import TranslatedGroup

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
batteries_app = typer.Typer(
    help=N_("The question batteries available: built in and local.\n\nExample: revision batteries show goteborg@1"),
    rich_markup_mode=None,
)
app.add_typer(batteries_app, name="batteries")


class FindingFormat(str, Enum):
    text = "text"
    json = "json"


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


class Language(str, Enum):
    sv = "sv"
    en = "en"


def guarded(command):
    """The one place where a run that cannot go on becomes a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from ..errors import RevisionError

        try:
            return command(*args, **kwargs)
        except RevisionError as exc:
            from .output import print_findings

            if exc.findings:
                print_findings(exc.findings, err=True)
            from ..characters import terminal_safe

            # Line by line: a message may span lines; a file name in it must not start one.
            message = "\n".join(terminal_safe(line) for line in exc.message.split("\n"))
            typer.echo(f"revision: {message}", err=True)
            raise typer.Exit(exc.exit_code)
        except OSError as exc:
            # The system refused something (a full disk, a read-only file system): the
            # writers have undone their changes; say what failed, in one line.
            from .output import system_failure

            system_failure(exc)
            raise typer.Exit(1)

    return wrapper


@app.command(help=N_("""\
Create an audit repository: revision.yaml, audits/, batteries/ and .gitignore.

Runs `git init` when the folder is not inside a git repository already.

Example: revision init brukarrevisioner --organisation "Göteborgs Stad\""""))
@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new repository (created if missing).")] = Path("."),
    organisation: Annotated[Optional[str], typer.Option(help="Organisation name for revision.yaml.")] = None,
) -> None:
    from ..scaffold import init_repository

    for line in init_repository(directory, organisation):
        typer.echo(line)


@app.command(help=N_("""\
Scaffold audits/SLUG/ from a battery; never overwrites an existing audit.

Writes audit.yaml, assessment.yaml (every area and sub-area, with hints) and one
interview template per respondent group under interviews/.

Example: revision new 2025-boendestod-norr --battery goteborg@1 --unit "Boendestöd Norr" --site-visit 2025-03-12

Example: revision new 2026-boendestod-norr --follow-up 2025-boendestod-norr --site-visit 2026-03-10"""))
@guarded
def new(
    slug: Annotated[str, typer.Argument(help="Folder name of the audit: lowercase letters, digits and dashes.")],
    battery: Annotated[Optional[str], typer.Option(
        help="Battery as ID or ID@VERSION (latest version when left out; default goteborg, "
             "or the earlier audit's battery with --follow-up).")] = None,
    unit: Annotated[Optional[str], typer.Option(help="The unit audited.")] = None,
    organisation: Annotated[Optional[str], typer.Option(help="The organisation running the unit.")] = None,
    site_visit: Annotated[Optional[str], typer.Option("--site-visit", help="Date of the site visit, YYYY-MM-DD.")] = None,
    follow_up: Annotated[Optional[str], typer.Option(
        "--follow-up", help="Slug of the audit this one follows up; copies its unit, organisation and battery.")] = None,
) -> None:
    from ..scaffold import new_audit

    for line in new_audit(Path.cwd(), slug, battery, unit=unit, organisation=organisation, site_visit=site_visit,
                          follow_up=follow_up):
        typer.echo(line)


@app.command(help=N_("""\
Check files and the references between them; report every problem at once.

Each finding reads `path:line:column: severity [code] message`. Exit 0 when there are
no errors, 1 otherwise; with --strict every warning (personal data among them) is
printed and counted as an error.

Example: revision validate audits/2012-vastra-hisingen --strict"""))
@guarded
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: the whole repository).")] = None,
    format: Annotated[FindingFormat, typer.Option("--format", help="text or json.")] = FindingFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings (such as personal data) as errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read every file again instead of reusing .revision/.")] = False,
) -> None:
    import datetime as dt

    from ..cache import cached_validation
    from ..errors import Report
    from .output import print_findings, print_json, progress_bar

    cached = None if no_cache else cached_validation(paths or [], Path.cwd(), dt.date.today())
    if cached is not None:
        report = Report(cached)
    else:
        from ..validation import validate_paths

        with progress_bar("Validating audits", enabled=not quiet and format is FindingFormat.text) as progress:
            report = validate_paths(paths or [], Path.cwd(), progress=progress, use_cache=not no_cache)
    if strict:
        report = report.promoted()
    findings = report.sorted()
    ok = report.ok()
    if format is FindingFormat.json:
        print_json({"valid": ok, "errors": len(report.errors), "warnings": len(report.warnings),
                    "findings": [f.to_json() for f in findings]})
    else:
        print_findings(findings)
        typer.echo(_summary(len(report.errors), len(report.warnings)), err=bool(findings))
    raise typer.Exit(0 if ok else 1)


def _summary(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "No problems found."
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."


@app.command(help=N_("""\
Compute the colours and show them beside the team's.

Every light shows a symbol and a word, its share of positive answers, the number of
counted answers (n) and of answers not counted (don't know).

Example: revision score 2012-vastra-hisingen --format json --group brukare"""))
@guarded
def score(
    audit: Annotated[str, typer.Argument(help="Audit slug or path to an audit folder.")],
    format: Annotated[ScoreFormat, typer.Option("--format", help="table or json.")] = ScoreFormat.table,
    group: Annotated[Optional[str], typer.Option(help="Only this respondent group (suppressed when too small).")] = None,
    lang: Annotated[Optional[Language], typer.Option("--lang", help="sv or en (default: revision.yaml's language).")] = None,
) -> None:
    from ..output_cache import Recording
    from .fast import score_cacheable, score_options

    options = score_options(format.value, group, lang.value if lang else None)
    with Recording("score", options, audit, score_cacheable(format.value)) as rec:
        _score(audit, format, group, lang, rec)


def _score(audit: str, format: ScoreFormat, group: Optional[str], lang: Optional[Language], rec) -> None:
    from ..results import open_audit
    from ..score_json import scorecard_json, suppressed_json
    from ..themes_view import has_themes, themes_json
    from .output import print_json, print_scorecard
    from .themes_output import print_themes

    scored = open_audit(audit, Path.cwd())
    rec.inputs(scored, [])
    from ..fidelity_view import card_of, fidelity_json, refuse_group

    refuse_group(scored.bundle.battery, group)  # fidelity items are the reviewers', not a group's
    hidden = scored.suppressed()
    if group is not None and group in hidden:
        scored.score(group)  # rejects unknown groups with exit 2
        if format is ScoreFormat.json:
            print_json(suppressed_json(scored.bundle.audit.model.id, scored.bundle.battery.ref, group, hidden[group]))
        else:
            typer.echo(f"Group '{group}' is suppressed: {hidden[group]} "
                       f"(fewer than {scored.min_group_size} respondents, or needed to protect a smaller group).")
        return
    card = scored.score(group)
    breakdown = scored.breakdown() if group is None else None
    fidelity = card_of(scored) if group is None else None
    language = lang.value if lang else scored.repo.config.language
    themes = themes_json(scored, card, language) if group is None else {}
    if format is ScoreFormat.json:
        print_json({**scorecard_json(card, scored.respondents(), breakdown),
                    **(fidelity_json(fidelity) if fidelity else {}), **themes})
        return
    if card.areas or fidelity is None:
        print_scorecard(card, scored.respondents(), breakdown)
    if fidelity is not None:
        from .fidelity_output import print_fidelity

        print_fidelity(fidelity, f"{card.audit_id} — {card.battery.ref} — fidelity items")
    if has_themes(scored):
        print_themes(themes, group)


@app.command(help=N_("""\
Render the audit's report through the Jinja templates.

The report holds the team's assessment, the colour table with explanations and the
published quotes; answer comments never appear in it. Nothing is written (exit 1) when
a text it would print holds personal data, unless the file lists it under
personal_data_ok; each such place is shown as path:line:column.

Example: revision report 2012-vastra-hisingen --format html -o rapport.html"""))
@guarded
def report(
    audit: Annotated[str, typer.Argument(help="Audit slug or path to an audit folder.")],
    format: Annotated[ReportFormat, typer.Option("--format", help="md or html.")] = ReportFormat.md,
    lang: Annotated[Optional[Language], typer.Option("--lang", help="sv or en (default: revision.yaml's language).")] = None,
    output: Annotated[Optional[str], typer.Option(
        "-o", "--output", help="File to write (default, or -: print). Never a file the repository reads, "
                               "a link, a device or a folder.")] = None,
    template: Annotated[Optional[Path], typer.Option(
        "--template", help="Folder of templates that override the built-in ones file by file "
                           "(default: the repository's templates/ folder, if any).")] = None,
) -> None:
    from ..output_cache import Recording, template_folders
    from .fast import report_options

    options = report_options(format.value, lang.value if lang else None, template and str(template))
    with Recording("report", options, audit, enabled=output is None) as rec:
        _report(audit, format, lang, output, template, rec, template_folders)


def _report(audit, format, lang, output, template, rec, template_folders) -> None:
    from ..errors import write_failure
    from ..reporting import render_report
    from ..results import open_audit
    from ..targets import output_file

    path = output_file(output, "-o", reads=[template] if template is not None else [])
    scored = open_audit(audit, Path.cwd())
    language = lang.value if lang else scored.repo.config.language
    text = render_report(scored, format.value, language, template_dir=template)
    if scored.repo.root is not None:
        rec.inputs(scored, template_folders(scored.repo.root, template))
    if path is None:
        from .output import write_stdout

        write_stdout(text, "the report")
        return
    from ..atomic import atomic_write

    try:
        atomic_write(path, text)
    except OSError as exc:
        raise write_failure(exc, "nothing was written") from None
    typer.echo(f"Wrote {output}", err=True)


@batteries_app.callback(invoke_without_command=True)
def batteries_default(ctx: typer.Context) -> None:
    """List the batteries when no subcommand is given."""
    if ctx.invoked_subcommand is None:
        batteries_list()


@batteries_app.command("list", help=N_("""\
List every battery: id@version, title, where it comes from.

Example: revision batteries list"""))
@guarded
def batteries_list() -> None:
    from ..batteries import load_catalog
    from ..characters import terminal_safe
    from ..workspace import open_repository
    from .output import print_findings

    repo = open_repository(Path.cwd())
    catalog = load_catalog(repo.root)
    for (battery_id, version), entry in sorted(catalog.entries.items()):
        origin = "built in" if entry.builtin else entry.loaded.doc.display
        title = entry.battery.title.get(repo.config.language)
        typer.echo(f"{battery_id}@{version}\t{terminal_safe(title)}\t({terminal_safe(origin)})")
    if catalog.findings:
        print_findings(catalog.findings, err=True)


@batteries_app.command("show", help=N_("""\
Show a battery: areas, sub-areas, questions per group, scales and thresholds.

Example: revision batteries show goteborg@1"""))
@guarded
def batteries_show(
    battery: Annotated[str, typer.Argument(help="ID or ID@VERSION.")],
    lang: Annotated[Optional[Language], typer.Option("--lang", help="sv or en.")] = None,
) -> None:
    from ..batteries import load_catalog
    from ..battery_view import describe_battery
    from ..errors import RevisionError
    from ..workspace import open_repository

    repo = open_repository(Path.cwd())
    catalog = load_catalog(repo.root)
    entry, why = catalog.resolve(battery)
    if entry is None:
        raise RevisionError(why, findings=catalog.findings)
    from ..fidelity_view import describe_fidelity

    language = lang.value if lang else repo.config.language
    from ..characters import terminal_safe

    text = "\n".join([describe_battery(entry.battery, language), *describe_fidelity(entry.battery, language)])
    typer.echo("\n".join(terminal_safe(line) for line in text.split("\n")))


# Commands of their own modules, registered explicitly (each module imports only typer).
from . import actions, archive, compare, history, privacy, schema, site, status  # noqa: E402

app.command("history", help=history.HELP)(guarded(history.history_command))
app.command("compare", help=compare.HELP)(guarded(compare.compare_command))
app.command("actions", help=actions.HELP)(guarded(actions.actions_command))
app.command("status", help=status.HELP)(guarded(status.status_command))
app.command("site", help=site.HELP)(guarded(site.site_command))
app.command("privacy", help=privacy.HELP)(guarded(privacy.privacy_command))
app.command("archive", help=archive.HELP)(guarded(archive.archive_command))
app.command("schema", help=schema.HELP)(guarded(schema.schema_command))


def main() -> None:
    app()
