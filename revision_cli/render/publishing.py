"""The gate before anything is published: `revision report` and `revision site` refuse to
write a text that holds personal data the file does not acknowledge (privacy.published
lists which texts they print)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from revision_cli.i18n import _
from revision_cli.privacy.published import ACKNOWLEDGED, EARLIER_AUDIT_FILES, PUBLISHED

if TYPE_CHECKING:
    from revision_cli.errors import Finding
    from revision_cli.models.bundle import AuditBundle
    from revision_cli.privacy.scanner import WatchList
    from revision_cli.repository.indicators import IndicatorFile
    from revision_cli.repository.locate import Repository
    from revision_cli.repository.scored import ScoredAudit


class SitePage(Protocol):
    """What the gate reads of one audit of the site (site.SiteAudit, which imports this module)."""

    @property
    def bundle(self) -> AuditBundle: ...

    @property
    def scored(self) -> ScoredAudit | None: ...


def report_findings(scored: ScoredAudit) -> list[Finding]:
    """A `personal-data-published` error for each unacknowledged find in a text the audit's
    report prints: its own files, and the actions of the audit it follows up."""
    from revision_cli.privacy.scanner import document_hits, watch_list_near

    watch = watch_list_near(scored.bundle.folder)
    quotes = set(scored.published_quotes())  # marked for publication, from interviews that may be quoted
    found = []
    for doc in scored.bundle.documents:
        for hit in document_hits(doc, watch, PUBLISHED):
            if hit.field is None or hit.field.when is None or _value(doc.data, hit.loc) in quotes:
                found.append(hit.published_finding())
    found += _earlier_findings(scored, watch)
    found += _unit_findings(scored, watch)
    return found


def _unit_findings(scored: ScoredAudit, watch: WatchList) -> list[Finding]:
    """The unit's indicators.yaml, which the report prints beside the audit's own."""
    if not scored.repo.has_units():
        return []
    from revision_cli.repository.indicators import unit_file_of

    return unit_file_findings(unit_file_of(scored.repo, scored.audit.unit), watch)


def unit_file_findings(unit: IndicatorFile | None, watch: WatchList) -> list[Finding]:
    """A unit's indicators.yaml, printed in its audits' reports and on its page of the site."""
    from revision_cli.privacy.scanner import document_hits

    if unit is None or unit.loaded is None:
        return []
    return [hit.published_finding() for hit in document_hits(unit.loaded.doc, watch, PUBLISHED)]


def _earlier_findings(scored: ScoredAudit, watch: WatchList) -> list[Finding]:
    from revision_cli.privacy.scanner import document_hits
    from revision_cli.repository.scored import earlier_audit

    if scored.audit.follows_up is None:
        return []
    earlier = earlier_audit(scored)
    if isinstance(earlier, str):
        return []  # the report says why it cannot compare, and prints nothing of it
    fields = [f for f in PUBLISHED if f.file in EARLIER_AUDIT_FILES]
    return [hit.published_finding() for doc in earlier.bundle.documents for hit in document_hits(doc, watch, fields)]


def site_findings(audits: Iterable[SitePage]) -> list[Finding]:
    """The same for every page of the site: each audit's report, and for an audit with errors
    what its page and the overview still show of it (PUBLISHED entries marked `index`)."""
    from revision_cli.privacy.scanner import document_hits, watch_list_near

    found: list[Finding] = []
    for audit in audits:
        if audit.scored is not None:
            found += report_findings(audit.scored)
            continue
        watch = watch_list_near(audit.bundle.folder)
        overview = [f for f in PUBLISHED if f.on_overview]
        found += [
            hit.published_finding() for doc in audit.bundle.documents for hit in document_hits(doc, watch, overview)
        ]
    return found


def refuse(findings: list[Finding], what: str) -> None:
    """Stop before `what` is written when any text in it holds personal data (exit 1)."""
    if findings:
        from revision_cli.errors import Report, RevisionError

        raise RevisionError(
            _(
                "{what} would publish personal data (above), so nothing was written; remove it, or list "
                "what may be published under {ACKNOWLEDGED} in the same file"
            ).format(what=what, ACKNOWLEDGED=ACKNOWLEDGED),
            Report(findings).sorted(),
        )


def _value(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def unit_pages_findings(repo: Repository, files: dict[str, IndicatorFile | None]) -> list[Finding]:
    """The units' indicators.yaml files the site prints on the unit pages."""
    from revision_cli.privacy.scanner import watch_list_near

    if repo.root is None:
        return []
    watch = watch_list_near(repo.root)
    found: list[Finding] = []
    seen: set[Path] = set()
    for file in files.values():
        if file is not None and file.path not in seen:  # two names of one unit share its folder
            seen.add(file.path)
            found += unit_file_findings(file, watch)
    return found
