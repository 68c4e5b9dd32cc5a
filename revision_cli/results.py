"""One audit, ready to score: loaded, checked, refused when its files have errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .batteries import load_catalog
from .errors import RevisionError, UsageError
from .scoring import ScoreCard, score_audit
from .suppression import suppressed_groups
from .workspace import AuditBundle, Repository, load_audit, open_repository, resolve_audit


@dataclass
class ScoredAudit:
    repo: Repository
    bundle: AuditBundle

    @property
    def interviews(self) -> list:
        """The interviews that may be used: `consent: false` keeps one out of every figure."""
        return [loaded.model for loaded in self.bundle.interviews if loaded.model.consent is not False]

    @property
    def declined(self) -> int:
        return sum(loaded.model.consent is False for loaded in self.bundle.interviews)

    @property
    def min_group_size(self) -> int:
        return self.repo.config.anonymity.min_group_size

    def group_counts(self) -> dict[str, int]:
        counts = {g: 0 for g in self.bundle.battery.groups}
        for interview in self.interviews:
            counts[interview.group] = counts.get(interview.group, 0) + 1
        return counts

    def suppressed(self) -> dict[str, str]:
        return suppressed_groups(self.group_counts(), self.min_group_size)

    def respondents(self) -> dict:
        """Respondents in total and per group, with suppressed groups named but not counted."""
        hidden = self.suppressed()
        counts = self.group_counts()
        return {
            "total": len(self.interviews),
            "declined": self.declined,
            # Nobody in a group singles nobody out: an empty group shows its 0.
            "groups": {g: (None if g in hidden and n else n) for g, n in counts.items()},
            "suppressed": {g: why for g, why in hidden.items() if counts[g]},
            "min_group_size": self.min_group_size,
        }

    def score(self, group: str | None = None) -> ScoreCard:
        if group is not None and group not in self.bundle.battery.groups:
            raise UsageError(f"unknown group '{group}'; the battery's groups are {', '.join(self.bundle.battery.groups)}")
        return score_audit(
            self.bundle.audit.model.id,
            self.bundle.battery,
            self.interviews,
            self.bundle.assessment.model if self.bundle.assessment else None,
            group=group,
            hidden=self.suppressed() if group is None else {},
        )


def open_audit(arg: str, cwd: Path) -> ScoredAudit:
    """The audit AUDIT names, or RevisionError carrying the findings that stop scoring it."""
    repo = open_repository(cwd)
    folder = resolve_audit(arg, repo, cwd)
    if repo.root is None or folder.parent.parent != repo.root:
        repo = open_repository(folder)
    catalog = load_catalog(repo.root)
    bundle = load_audit(folder, catalog, limits=repo.limits)
    problems = [f for f in [*repo.findings, *catalog.findings, *bundle.findings] if f.severity.value == "error"]
    if problems:
        raise RevisionError(f"the audit '{folder.name}' has errors; fix them first (see 'revision validate')", problems)
    return ScoredAudit(repo, bundle)
