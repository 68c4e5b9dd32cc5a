"""An audit's own settings and its battery, without its interviews: what a blank interview
form is printed from (`revision form`).

A form is printed before the interviews are held, and again while some are being typed in:
an interview file with an error must not stop the next respondent's form, so only the files
the form is made of are read and must be free of errors — revision.yaml, the audit's
audit.yaml and the batteries (a broken local battery stops every command that reads the
catalogue, as it does `score`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from revision_cli.errors import Finding, RevisionError
from revision_cli.files.loading import load
from revision_cli.i18n import _
from revision_cli.models.audit import Audit
from revision_cli.models.battery import Battery
from revision_cli.models.config import Config
from revision_cli.repository.catalog import load_catalog
from revision_cli.repository.instruments import audit_battery
from revision_cli.repository.locate import audit_in_repository


@dataclass
class AuditPlan:
    """The audit as planned: its repository's root and settings, audit.yaml and battery."""

    root: Path | None
    config: Config
    audit: Audit
    battery: Battery


def open_plan(arg: str, cwd: Path) -> AuditPlan:
    """The audit AUDIT (on the command line) names, with its battery; RevisionError carrying
    the findings when revision.yaml, audit.yaml or the batteries have errors."""
    repo, folder = audit_in_repository(arg, cwd)
    catalog = load_catalog(repo.root)
    audit_file = folder / "audit.yaml"
    loaded, findings = load(audit_file, Audit, limits=repo.limits)
    problems: list[Finding] = [*repo.findings, *catalog.findings, *findings]
    battery = None
    if loaded is not None:
        battery, found = audit_battery(catalog, loaded)
        problems += found
    errors = [f for f in problems if f.severity.value == "error"]
    if errors or loaded is None or battery is None:
        raise RevisionError(
            _("the audit '{name}' has errors; fix them first (see 'revision validate')").format(name=folder.name),
            errors,
        )
    return AuditPlan(repo.root, repo.config, loaded.model, battery)
