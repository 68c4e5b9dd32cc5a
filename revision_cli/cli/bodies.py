"""The work of `validate`, `score` and `report` once their arguments are read, without typer.

The typer commands (cli/validate.py, cli/score.py, cli/report.py) call these, and so does
the fast path (cli/fast.py) when the cache misses on plain arguments: the first run after an
edit then loads neither typer nor the pydantic adapters it brings for commands with
arguments, which cost more than the audit's checks (README, Performance). Both paths run
this very code, so what they print is the same; `guarded` is cli/guard.py's handling of a
run that cannot go on, for the path without typer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from revision_cli.i18n import _, ngettext

if TYPE_CHECKING:
    from revision_cli.cache.outputs import Recording


def validation_summary(errors: int, warnings: int) -> str:
    """The last line of `revision validate` (here and in cli/validate.py alike)."""
    if not errors and not warnings:
        return _("No problems found.")
    return "{errors}, {warnings}.".format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )


def score_options(format: str, group: str | None, lang: str | None) -> dict[str, str | None]:
    """The options a cache entry is filed under: None (not given) is not "" (given empty)."""
    return {"format": format, "group": group, "lang": lang}


def report_options(format: str, lang: str | None, template: str | None, appendix: str) -> dict[str, str | None]:
    return {"format": format, "lang": lang, "template": template, "appendix": appendix}


def score_cacheable(format: str) -> bool:
    """The table on a terminal is rich's, drawn for that terminal: never stored."""
    return format == "json" or not (sys.stdout.isatty() or os.environ.get("FORCE_COLOR"))


def guarded(work: Callable[[], int]) -> int:
    """`work()`'s exit code; a RevisionError or an OSError becomes what cli/guard.py prints
    and its exit code, an interrupt typer's 130."""
    from revision_cli.cli.output import echo
    from revision_cli.errors import RevisionError

    try:
        return work()
    except RevisionError as exc:
        from revision_cli.characters import terminal_safe

        for finding in exc.findings:
            echo(finding.format(), err=True)
        message = "\n".join(terminal_safe(line) for line in exc.message.split("\n"))
        echo(f"revision: {message}", err=True)
        return exc.exit_code
    except OSError as exc:
        from revision_cli.cli.output import system_failure

        system_failure(exc)
        return 1
    except KeyboardInterrupt:
        return 130


def validate(paths: list[Path], format: str, strict: bool, quiet: bool, no_cache: bool) -> int:
    # The cache answered already if it could (cli/fast.py, before typer loaded); here every
    # audit whose files changed is validated again, the others come from the cache.
    from revision_cli.cli.output import echo, print_json, progress_bar
    from revision_cli.operations.validation import validate_paths

    with progress_bar(_("Validating audits"), enabled=not quiet and format == "text") as progress:
        report = validate_paths(paths, Path.cwd(), progress=progress, use_cache=not no_cache)
    if strict:
        report = report.promoted()
    findings = report.sorted()
    ok = report.ok()
    if format == "json":
        print_json(
            {
                "valid": ok,
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "findings": [f.to_json() for f in findings],
            }
        )
    else:
        for finding in findings:
            echo(finding.format())
        echo(validation_summary(len(report.errors), len(report.warnings)), err=bool(findings))
    return 0 if ok else 1


def score(audit: str, format: str, group: str | None, lang: str | None) -> int:
    from revision_cli.cache.outputs import Recording

    options = score_options(format, group, lang)
    with Recording("score", options, audit, score_cacheable(format)) as rec:
        _score(audit, format, group, lang, rec)
    return 0


def _score(audit: str, format: str, group: str | None, lang: str | None, rec: Recording) -> None:
    from revision_cli.cli.output import echo, print_json, print_scorecard
    from revision_cli.cli.themes_table import print_themes
    from revision_cli.repository.scored import open_audit
    from revision_cli.views.score_json import scorecard_json, suppressed_json
    from revision_cli.views.themes import has_themes, themes_json

    scored = open_audit(audit, Path.cwd())
    rec.inputs(scored, [])
    if group is not None:  # `närstående` or `relatives` for the battery's `narstaende`
        from revision_cli.models.words import group_id

        group = group_id(group, scored.battery.groups) or group
    from revision_cli.views.fidelity import card_of, fidelity_json, refuse_group

    refuse_group(scored.battery, group)  # fidelity items are the reviewers', not a group's
    hidden = scored.suppressed()
    if group is not None and group in hidden:
        scored.score(group)  # rejects unknown groups with exit 2
        if format == "json":
            print_json(suppressed_json(scored.audit.id, scored.battery.ref, group, hidden[group]))
        else:
            echo(
                _(
                    "Group '{group}' is suppressed: {hidden} (fewer than {min_group_size} respondents, or "
                    "needed to protect a smaller group)."
                ).format(group=group, hidden=_(hidden[group]), min_group_size=scored.min_group_size)
            )
        return
    card = scored.score(group)
    breakdown = scored.breakdown() if group is None else None
    fidelity = card_of(scored) if group is None else None
    language = lang or scored.repo.config.language
    themes = themes_json(scored, card, language) if group is None else {}
    if format == "json":
        print_json(
            {
                **scorecard_json(card, scored.respondents(), breakdown),
                **(fidelity_json(fidelity) if fidelity else {}),
                **themes,
            }
        )
        return
    if card.areas or fidelity is None:
        print_scorecard(card, scored.respondents(), breakdown)
    if fidelity is not None:
        from revision_cli.cli.fidelity_table import print_fidelity

        print_fidelity(
            fidelity, _("{audit_id} — {ref} — fidelity items").format(audit_id=card.audit_id, ref=card.battery.ref)
        )
    if has_themes(scored):
        print_themes(themes, group)


def report(audit: str, format: str, lang: str | None, output: str | None, template: Path | None, appendix: str) -> int:
    """`format` is the one chosen (--format, else -o's name, else md)."""
    from revision_cli.cache.outputs import Recording, template_folders

    options = report_options(format, lang, str(template) if template else None, appendix)
    with Recording("report", options, audit, enabled=output is None) as rec:
        _report(audit, format, lang, output, template, appendix, rec, template_folders)
    return 0


def _report(
    audit: str,
    format: str,
    lang: str | None,
    output: str | None,
    template: Path | None,
    appendix: str,
    rec: Recording,
    template_folders: Callable[[Path, Path | None], list[Path]],
) -> None:
    from revision_cli.files.targets import output_file
    from revision_cli.models.reading import languages_for
    from revision_cli.render.report import render_report
    from revision_cli.repository.scored import open_audit

    path = output_file(output, "-o", reads=[template] if template is not None else [])
    if format in ("docx", "pdf") and path is None:
        from revision_cli.errors import UsageError

        if format == "docx":
            raise UsageError(_("a Word document is not printed: give -o FILE.docx"))
        raise UsageError(_("a PDF is not printed: give -o FILE.pdf"))
    if format == "pdf":
        from revision_cli.render.pdf import weasyprint_module

        weasyprint_module()  # without the extra: say how to install it before any work
    scored = open_audit(audit, Path.cwd())
    language, tag = languages_for(lang, scored.repo.config.language)
    if tag is not None:  # the battery's texts in another language, the report's words in sv or en
        from dataclasses import replace

        from revision_cli.models.reading import read_in, unspoken

        note = unspoken(scored.battery, tag)
        if note is not None:
            sys.stderr.write(note + "\n")
        battery = read_in(scored.battery, tag, scored.battery.language)
        scored = replace(scored, bundle=replace(scored.bundle, battery=battery))
    text: str | bytes
    if format == "docx":
        from revision_cli.render.docx import render_report_docx

        text = render_report_docx(scored, language, template_dir=template, appendix=appendix)
    elif format == "pdf":
        from revision_cli.render.pdf import html_to_pdf

        # A PDF is the HTML report, laid out by its print stylesheet.
        html = render_report(scored, "html", language, template_dir=template, appendix=appendix)
        text = html_to_pdf(html)
    else:
        text = render_report(scored, format, language, template_dir=template, appendix=appendix)
    if scored.repo.root is not None:
        rec.inputs(scored, template_folders(scored.repo.root, template))
    from revision_cli.cli.output import deliver

    deliver(text, path, output, _("the report"))
