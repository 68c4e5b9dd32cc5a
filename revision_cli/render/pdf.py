"""The report as PDF: the HTML report laid out in A4 pages by its own print stylesheet.

WeasyPrint does the paged layout (page numbers in the margin boxes, a table's header row
repeated on each page, no header left alone at a page foot) from the same HTML a browser
prints, so the PDF is that report and nothing else. It is the optional extra
`revision[pdf]`: it needs the system's Pango library, which not every machine has, and
nothing else in the tool needs either.
"""

from __future__ import annotations

from typing import Any

from revision_cli.errors import RevisionError
from revision_cli.i18n import _

INSTALL_HINT = "pip install 'revision[pdf]'"


def weasyprint_module() -> Any:
    """WeasyPrint, or RevisionError in one line saying how to install what is missing
    (asked before any work, so that a run without the extra fails at once)."""
    try:
        import weasyprint
    except ImportError:
        raise RevisionError(
            _("a PDF needs WeasyPrint, which is not installed; install it with: {command}").format(command=INSTALL_HINT)
        ) from None
    except OSError as exc:
        # WeasyPrint is installed but the Pango library it draws text with could not be loaded.
        raise RevisionError(
            _(
                "a PDF needs the Pango library, which WeasyPrint could not load ({error}); on Debian or "
                "Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
            ).format(error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        ) from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML page that needs nothing from outside itself (the report's styles
    and charts are inline)."""
    weasyprint = weasyprint_module()
    import logging

    # WeasyPrint notes each CSS property it skips (the screen-only ones) on its logger; they
    # are about the tool's own stylesheet, nothing a user can act on.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    data = weasyprint.HTML(string=html).write_pdf()
    assert isinstance(data, bytes)  # no target given: the document is returned
    return data
