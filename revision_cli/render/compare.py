"""The compare report of several fidelity reviews side by side (`revision compare A B C …
--format md|html`), through the templates `compare.md.j2` and `compare.html.j2`.

Rendered as reports are (render/report.py `environment`): HTML autoescaped, every printed
value cleaned, a repository's `templates/` folder (or `--template DIR`) overriding the
built-in templates file by file, its labels.yaml merged over the words. Before anything is
rendered, each review passes the report's publishing gate: the compare report prints the
reviewers' recommendations, so it refuses personal data exactly as each review's report does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from revision_cli import __version__
from revision_cli.render.publishing import refuse, report_findings
from revision_cli.render.report import environment, labels, override_folder
from revision_cli.views.fidelity_side_by_side import WORDS, Review, side_by_side_view

if TYPE_CHECKING:
    from pathlib import Path

    from revision_cli.repository.scored import ScoredAudit

TEMPLATE = "compare.{fmt}.j2"


def render_side_by_side(
    scored: list[ScoredAudit], reviews: list[Review], fmt: str, lang: str, template_dir: Path | None = None
) -> str:
    """The compare report as Markdown or HTML; RevisionError (exit 1) when a text it would
    print holds personal data."""
    from revision_cli.i18n import _

    refuse([finding for audit in scored for finding in report_findings(audit)], _("the comparison"))
    root = scored[0].repo.root
    folder = override_folder(root, template_dir)
    view = side_by_side_view(reviews, lang)
    own = scored[0].repo.config.language
    view["text_lang"] = own if own != lang else None  # the reviewers' texts are in the repository's language
    view["generated_by"] = f"revision {__version__}"
    template = environment(folder).get_template(TEMPLATE.format(fmt=fmt))
    return template.render(c=view, L=labels(lang, folder, WORDS))
