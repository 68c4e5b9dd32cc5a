"""`revision validate`: which files a path means, and every finding in them."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from revision_cli.checks.placement import AUDIT_FILES, respondent_line
from revision_cli.errors import Finding, Report, UsageError, display_path
from revision_cli.files.confine import leaving_link, read_regular
from revision_cli.files.loading import load
from revision_cli.files.root import CONFIG_FILE
from revision_cli.files.yaml_io import outside_finding
from revision_cli.i18n import _
from revision_cli.models.config import Config
from revision_cli.operations.bulk import Progress, validate_audits
from revision_cli.privacy.scanner import PRIVACY_FILE, privacy_file_findings
from revision_cli.repository.catalog import Catalog, load_battery, load_catalog
from revision_cli.repository.locate import AUDITS_DIR, INTERVIEWS_DIR, Repository, open_repository


class Audits(Protocol):
    """The findings of these audit folders (only those under `only`, when given); `context`:
    the repository's own findings, kept beside them in the cache."""

    def __call__(
        self, folders: list[Path], only: Path | None = None, context: list[Finding] | None = None
    ) -> list[Finding]: ...


def _audit_folder_of(path: Path) -> Path | None:
    """The audit folder a file or folder belongs to, if any."""
    for folder in (path, *path.parents):
        if (folder / "audit.yaml").is_file() or folder.parent.name == AUDITS_DIR:
            return folder
        if folder.name == AUDITS_DIR or (folder / CONFIG_FILE).is_file():
            return None
    return None


def validate_paths(paths: list[Path], cwd: Path, progress: Progress | None = None, use_cache: bool = True) -> Report:
    report = Report()
    targets = [cwd / p for p in paths] if paths else [cwd]
    for given, target in zip(paths or [cwd], targets, strict=True):
        if not target.exists():
            raise UsageError(_("no such file or folder: {given}").format(given=given))
    repo = open_repository(targets[0] if targets[0].is_dir() else targets[0].parent, kept=use_cache)
    catalog = load_catalog(repo.root, kept=use_cache)

    def audits(folders: list[Path], only: Path | None = None, context: list[Finding] | None = None) -> list[Finding]:
        findings = validate_audits(folders, repo, catalog, progress, use_cache, context)
        if only is None:
            return findings
        # The whole audit is read so that references can be checked; report what was asked for.
        wanted = display_path(only)
        return [f for f in findings if f.path == wanted or f.path.startswith(wanted.rstrip("/") + "/")]

    for target in targets:
        link = leaving_link(target)
        if link is not None:  # a path into the repository that a link takes out of it: not read
            report.extend([outside_finding(link)])
            continue
        report.extend(_validate_target(target.resolve(), repo, catalog, audits, explicit=bool(paths)))
    return report


def _validate_target(target: Path, repo: Repository, catalog: Catalog, audits: Audits, explicit: bool) -> list[Finding]:
    # The indicators' modules are imported where they are needed: validating one audit (the
    # run after an edit) never reads a unit's indicators, and their models cost to build.
    if target.is_dir():
        if (target / CONFIG_FILE).is_file() or (not explicit and repo.root is not None):
            from revision_cli.repository.indicators import unit_findings

            context = [
                *repo.findings,
                *catalog.findings,
                *privacy_file_findings(repo.root, repo.limits),
                *unit_findings(repo),
            ]
            return [*context, *audits(repo.audit_folders(), context=context)]
        audit = _audit_folder_of(target)
        if audit is not None:
            return audits([audit], only=None if audit == target else target)
        from revision_cli.repository.indicators import unit_findings
        from revision_cli.repository.locate import UNITS_DIR

        if target.name == UNITS_DIR or target.parent.name == UNITS_DIR:
            wanted = display_path(target)
            return [f for f in unit_findings(repo) if f.path.startswith(wanted.rstrip("/") + "/")]
        if target.name == AUDITS_DIR:
            return audits(sorted(p for p in target.iterdir() if p.is_dir() and not p.name.startswith(".")))
        raise UsageError(
            _("{value} is neither an audit repository (revision.yaml) nor an audit folder (audit.yaml)").format(
                value=display_path(target)
            )
        )
    if target.name == CONFIG_FILE:
        return repo.findings if repo.root == target.parent else load(target, Config)[1]
    from revision_cli.models.indicators import INDICATORS_FILE
    from revision_cli.repository.indicators import load_indicator_file
    from revision_cli.repository.locate import UNITS_DIR

    if target.name == INDICATORS_FILE and target.parent.parent.name == UNITS_DIR:
        return load_indicator_file(target, target.parent.name, True, repo.limits).findings
    if target.name == PRIVACY_FILE and (target.parent / CONFIG_FILE).is_file():
        return privacy_file_findings(target.parent, repo.limits)
    audit = _audit_folder_of(target.parent)
    if audit is not None and (
        target.name in AUDIT_FILES or target.parent.name == INTERVIEWS_DIR or _looks_like_interview(target)
    ):
        # A misplaced interview is the audit's business too: its warning says where it belongs.
        return audits([audit], only=target)
    return _battery_file(target, catalog)


def _looks_like_interview(target: Path) -> bool:
    try:
        return respondent_line(read_regular(target, 1024 * 1024)) is not None
    except OSError:
        return False


def _battery_file(target: Path, catalog: Catalog) -> list[Finding]:
    # A local battery was checked with the catalog already (which also knows duplicates).
    local = [f for f in catalog.findings if f.path == display_path(target)]
    return local or load_battery(target)[1]
