"""`revision summary`: the year's summary (operations/summary.py's view) through the Jinja
templates `summary.md.j2` and `summary.html.j2`, in the report's environment (autoescaped
HTML, the repository's templates/ overriding the built-in ones, sandboxed then).

The HTML page is self-contained (style inlined, no scripts, no external files) and has a
print style sheet (A4, page numbers, each unit on its own page), so that a format made
from the HTML — a PDF through a paged-media library, a Word file converted from it — can
be added as one more entry in RENDERERS without a template of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from gettext import NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revision_cli import __version__
from revision_cli.i18n import _
from revision_cli.views.per_language import PerLanguage

if TYPE_CHECKING:
    from revision_cli.errors import Finding
    from revision_cli.models.bundle import AuditBundle
    from revision_cli.operations.summary import Summary


def _labels(tr: NullTranslations) -> dict[str, str]:
    return {
        "title": tr.gettext("User audits %(start)s – %(end)s"),
        "subtitle": tr.gettext("Summary for the committee"),
        "period": tr.gettext("Period"),
        "organisation": tr.gettext("Organisation"),
        "as_of": tr.gettext("Actions as of"),
        "which_audits": tr.gettext(
            "The summary holds every audit reported in the period: an audit counts as reported on the day of its "
            "feedback meeting (on its site visit when no feedback meeting is recorded), once its status is reported "
            "or followed up."
        ),
        "audits": tr.gettext("Audits in the period"),
        "audits_caption": tr.gettext("Audits reported in the period, by unit"),
        "no_audits": tr.gettext("No audit was reported in the period."),
        "unit": tr.gettext("Unit"),
        "audit": tr.gettext("Audit"),
        "reported": tr.gettext("Reported"),
        "battery": tr.gettext("Question battery"),
        "status": tr.gettext("Status"),
        "no_colours": tr.gettext("no colours in this battery"),
        "with_errors": tr.gettext("Audits with errors"),
        "with_errors_intro": tr.gettext(
            "These audits have errors in their files and are therefore left out of the summary. Run revision "
            "validate to see the errors."
        ),
        "errors": tr.gettext("errors: %(n)s"),
        "colours": tr.gettext("Colours by unit and sub-area"),
        "colours_intro": tr.gettext(
            "Each row is an audit reported in the period: the final colour of every sub-area and area – the team’s "
            "rating where the team made one, otherwise the colour computed from the answers. Audits made with "
            "different question batteries are in separate tables. A figure that would single out a small group "
            "of respondents is not shown, as in the reports."
        ),
        "grid_caption": tr.gettext("Colours: %(battery)s, version %(version)s"),
        "area_total": tr.gettext("Overall rating"),
        "changes": tr.gettext("Change since the previous audit"),
        "changes_intro": tr.gettext(
            "For each unit, its latest audit in the period beside the unit’s previous audit (the one it follows up, "
            "otherwise the unit’s audit reported before it): how many sub-areas got a better, a worse or the same "
            "final colour."
        ),
        "no_changes": tr.gettext("No unit in the period has an earlier audit with colours to compare with."),
        "previous": tr.gettext("Previous audit"),
        "latest": tr.gettext("Latest audit"),
        "change": tr.gettext("Change"),
        "subarea": tr.gettext("Sub-area"),
        "before": tr.gettext("Before"),
        "now": tr.gettext("Now"),
        "problem_errors": tr.gettext("The previous audit has errors in its files, so no comparison can be made."),
        "problem_no_colours": tr.gettext("The previous audit has no colours, so no comparison can be made."),
        "problem_nothing_shared": tr.gettext("The two batteries share no sub-area; nothing can be compared."),
        "other_battery": tr.gettext("The batteries differ; only what both share is compared."),
        "actions": tr.gettext("Open improvement actions"),
        "actions_intro": tr.gettext(
            "Actions that are planned or ongoing, from the audits of the units in the summary. An action is overdue "
            "when its due date lies before %(today)s."
        ),
        "overdue_count": tr.gettext("Overdue: %(n)s of %(total)s."),
        "no_actions": tr.gettext("No open improvement actions."),
        "action": tr.gettext("Action"),
        "owner": tr.gettext("Owner"),
        "due": tr.gettext("Due"),
        "latest_event": tr.gettext("Latest follow-up"),
        "overdue": tr.gettext("overdue"),
        "unit_heading": tr.gettext("Unit: %(unit)s"),
        "also_in_period": tr.gettext("Also reported in the period"),
        "summary": tr.gettext("Summary"),
        "no_summary": tr.gettext("The team wrote no summary."),
        "unit_colours": tr.gettext("Colours"),
        "strengths": tr.gettext("Strengths (+)"),
        "improvements": tr.gettext("Areas for improvement (−)"),
        "unit_actions": tr.gettext("Open actions"),
        "generated_by": tr.gettext("Summary generated by"),
    }


SUMMARY = PerLanguage(_labels)


def _words(view: dict[str, Any], lang: str) -> dict[str, Any]:
    """The view with the labels of audit and action statuses in `lang`."""
    from revision_cli.render.report import ACTION_STATUS_LABELS, EVENT_KIND_LABELS, STATUS_LABELS

    def audit_row(row: dict[str, Any]) -> None:
        status = row.get("status")
        row["status_label"] = STATUS_LABELS[lang].get(status, status) if status else None

    for row in [*view["audits"], *view["problems"], *(r for g in view["grids"] for r in g["rows"])]:
        audit_row(row)
    for action in view["actions"]:
        action["status_label"] = ACTION_STATUS_LABELS[lang][action["status"]]
        event = action["last_event"]
        if event is not None:
            event["kind_label"] = EVENT_KIND_LABELS[lang][event["kind"]]
    return view


def labels(lang: str, folder: Path | None) -> dict[str, str]:
    """The fixed texts of the summary (a repository's templates/labels.yaml merged over them)."""
    from revision_cli.render.report import labels as merged

    return merged(lang, folder, SUMMARY)


def _template(fmt: str) -> Callable[[Summary, str, Path | None, Path | None], str]:
    """The summary through the template `summary.FMT.j2`."""

    def render(summary: Summary, lang: str, root: Path | None, template_dir: Path | None) -> str:
        from revision_cli.render.report import environment, override_folder

        folder = override_folder(root, template_dir)
        template = environment(folder).get_template(f"summary.{fmt}.j2")
        return template.render(r=summary.view, L=labels(lang, folder))

    return render


render_markdown = _template("md")
render_html = _template("html")

# format → how the summary is written in it: text, or a file's bytes. A format made from the
# HTML is one more entry that converts `render_html`'s page, e.g. for a PDF
#   "pdf": lambda summary, lang, root, template_dir: html_to_pdf(render_html(summary, lang, root, template_dir))
# (and the CLI's SummaryFormat and SUFFIXES gain the format; bytes need -o FILE).
Renderer = Callable[["Summary", str, Path | None, Path | None], "str | bytes"]
RENDERERS: dict[str, Renderer] = {"md": render_markdown, "html": render_html}


def _action_findings(bundle: AuditBundle) -> list[Finding]:
    """The report's gate over the actions of an audit that has errors elsewhere: the summary
    prints them (as `revision actions` lists them) though the audit gets no figures."""
    from revision_cli.privacy.published import EARLIER_AUDIT_FILES, PUBLISHED
    from revision_cli.privacy.scanner import document_hits, watch_list_near

    watch = watch_list_near(bundle.folder)
    fields = [f for f in PUBLISHED if f.file in EARLIER_AUDIT_FILES]
    return [hit.published_finding() for doc in bundle.documents for hit in document_hits(doc, watch, fields)]


def render_summary(
    summary: Summary, fmt: str, lang: str, root: Path | None, template_dir: Path | None = None
) -> str | bytes:
    """The summary as text in `fmt`, refused (nothing written) when a text it prints holds
    personal data that its file does not acknowledge, as for the report."""
    from revision_cli.render.publishing import refuse, report_findings

    # dict.fromkeys: an audit's actions are scanned again as the earlier audit of its follow-up.
    found = [f for scored in summary.sources for f in report_findings(scored)]
    found += [f for bundle in summary.action_sources for f in _action_findings(bundle)]
    findings = list(dict.fromkeys(found))
    refuse(findings, _("the summary"))
    own = summary.view["organisation_language"]
    summary.view.update(text_lang=own if own != lang else None, generated_by=f"revision {__version__}")
    _words(summary.view, lang)
    return RENDERERS[fmt](summary, lang, root, template_dir)
