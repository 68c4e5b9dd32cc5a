"""Blank interview forms (`revision form`): the form view → Markdown or HTML, through the
templates `form.md.j2` and `form.html.j2`.

Rendered exactly as reports are (render/report.py `environment`): HTML autoescaped, every
printed value cleaned, the repository's `templates/` folder (or `--template DIR`) overriding
the built-in templates file by file and then rendering in the sandbox, its labels.yaml merged
over the form's words. The battery's texts and the audit's are data (`f`), never template
source.
"""

from __future__ import annotations

from pathlib import Path

from revision_cli.render.labels import FORM
from revision_cli.render.report import environment, labels, override_folder
from revision_cli.repository.blank import AuditPlan
from revision_cli.views.form import form_view

TEMPLATE = "form.{fmt}.j2"


def render_form(
    plan: AuditPlan, group: str, fmt: str, lang: str, guide: bool = False, template_dir: Path | None = None
) -> str:
    """The blank form (or, with `guide`, the interviewer's guide) for `group` as text."""
    folder = override_folder(plan.root, template_dir)
    template = environment(folder).get_template(TEMPLATE.format(fmt=fmt))
    return template.render(f=form_view(plan, group, lang, guide), L=labels(lang, folder, FORM))
