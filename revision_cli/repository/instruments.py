"""The battery an audit uses: the one it names, or its several batteries as one."""

from __future__ import annotations

from revision_cli.errors import Finding
from revision_cli.files.loading import Loaded
from revision_cli.i18n import _
from revision_cli.models.audit import Audit
from revision_cli.models.battery import Battery
from revision_cli.models.combined import combine
from revision_cli.repository.catalog import Catalog


def audit_battery(catalog: Catalog, loaded: Loaded[Audit]) -> tuple[Battery | None, list[Finding]]:
    """The audit's battery (several combined: models.combined), or None and why not."""
    audit = loaded.model
    several = not isinstance(audit.battery, str)
    findings: list[Finding] = []
    parts: list[Battery] = []
    for i, ref in enumerate(audit.batteries):
        loc: tuple[str | int, ...] = ("battery", i) if several else ("battery",)
        entry, why = catalog.resolve(ref)
        if entry is None:
            findings.append(loaded.finding(loc, "audit-unknown-battery", why))
        elif any(p.id == entry.battery.id for p in parts):
            findings.append(
                loaded.finding(
                    loc,
                    "audit-battery-twice",
                    _("the battery '{id}' is named twice; an audit uses each battery once").format(id=entry.battery.id),
                )
            )
        else:
            parts.append(entry.battery)
    if findings:
        return None, findings
    battery, problems = combine(parts)
    if problems:
        return None, [loaded.finding(("battery",), "audit-batteries-conflict", p) for p in problems]
    return battery, []
