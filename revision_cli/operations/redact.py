"""`revision privacy AUDIT [--redact]`: every personal-data find in one audit's free text,
and (with --redact) its replacement in every file at once, or in none."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from revision_cli.errors import Finding, RevisionError, Severity, display_path
from revision_cli.files.yaml_io import Limits
from revision_cli.i18n import _
from revision_cli.privacy.scanner import PRIVACY_FILE, FileScan, Hit, load_watch_list, scan_file
from revision_cli.repository.locate import Repository


@dataclass
class PrivacyRun:
    audit: str
    files: list[FileScan]
    redact: bool
    written: list[str] = field(default_factory=list)

    @property
    def hits(self) -> list[Hit]:
        return sorted((hit for f in self.files for hit in f.hits), key=lambda h: (h.display, h.line, h.column))

    @property
    def problems(self) -> list[Finding]:
        return [problem for f in self.files for problem in f.problems]

    @property
    def ok(self) -> bool:
        """Exit 0: nothing found (or, with redact, everything replaced) and every file read.
        A code or a file name with personal data is never replaced: it needs a person."""
        if self.problems:
            return False
        if self.redact:
            return all(hit.redactable for hit in self.hits)
        return not self.hits

    def replaced(self, hit: Hit) -> bool:
        return hit.redactable and hit.display in self.written

    def to_json(self) -> dict[str, object]:
        return {
            "audit": self.audit,
            "redacted": self.redact,
            "found": [{**hit.to_json(), "replaced": self.replaced(hit)} for hit in self.hits],
            "files_changed": self.written,
            "problems": [p.to_json() for p in self.problems],
        }


def privacy_audit(repo: Repository, folder: Path, redact: bool = False) -> PrivacyRun:
    """Every personal-data finding in the audit in `folder` (of `repo`); with `redact`,
    replace them.

    The files are those `revision validate` reads for the audit (audit.yaml, interviews,
    assessment, actions, results). privacy.yaml must be readable: without its names the
    audit cannot be judged clean.
    """
    if not redact:
        return _scan_audit(repo, folder, redact)
    from revision_cli.files.lock import repository_lock

    with repository_lock(repo.root or folder):  # nothing else writes between reading and rewriting
        return _scan_audit(repo, folder, redact)


def _scan_audit(repo: Repository, folder: Path, redact: bool) -> PrivacyRun:
    from revision_cli.repository.catalog import load_catalog
    from revision_cli.repository.locate import load_audit

    watch, problems = load_watch_list(repo.root, repo.limits)
    if any(p.severity is Severity.ERROR for p in problems):
        raise RevisionError(
            _("{PRIVACY_FILE} has errors; fix them first (see 'revision validate')").format(PRIVACY_FILE=PRIVACY_FILE),
            problems,
        )
    bundle = load_audit(folder, load_catalog(repo.root), limits=repo.limits)
    paths = [doc.path for doc in bundle.documents]
    parsed = {display_path(p) for p in paths}
    # Files that did not parse are in the bundle's findings only; they must not pass as clean.
    broken: dict[str, list[Finding]] = {}
    for finding in bundle.findings:
        if (
            finding.path not in parsed
            and finding.severity is Severity.ERROR
            and finding.code.startswith(("yaml-", "file-"))
        ):
            broken.setdefault(finding.path, []).append(finding)
    files = [scan_file(p, watch, repo.limits) for p in paths]
    files += [FileScan(Path(path), path, problems=found) for path, found in sorted(broken.items())]
    run = PrivacyRun(folder.name, files, redact)
    if redact:
        _redact(run, repo.limits)
    return run


def _redact(run: PrivacyRun, limits: Limits) -> None:
    """Rewrite every file with something to replace, all together or (on any failure) none.
    A file that cannot be rewritten safely gets a problem and is left alone (redact_file)."""
    from revision_cli.errors import write_failure
    from revision_cli.files.atomic import Changes
    from revision_cli.privacy.scanner import redact_file

    rewritten = [(scanned, redact_file(scanned, limits)) for scanned in run.files]
    changed = [(scanned, new) for scanned, new in rewritten if new is not None]
    if not changed:
        return
    try:
        with Changes() as changes:
            for scanned, new in changed:
                changes.write(scanned.path, new)
            changes.commit()
    except OSError as exc:
        raise write_failure(exc, _("nothing was redacted; every file is as it was")) from None
    run.written.extend(scanned.display for scanned, _edits in changed)
