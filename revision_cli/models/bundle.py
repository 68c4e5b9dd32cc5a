"""One audit's files as loaded: each model with its positions, and every finding so far.

A plain container, filled by `repository.locate.load_audit` and read by the checks, the
scoring and the views; here, below them all, so that none of them imports the loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from revision_cli.errors import Finding
from revision_cli.files.loading import Loaded
from revision_cli.files.yaml_io import YamlDocument
from revision_cli.models.assessment import Assessment
from revision_cli.models.audit import Audit
from revision_cli.models.battery import Battery
from revision_cli.models.interview import Interview

if TYPE_CHECKING:  # their models are made only for an audit that has the file (README, Performance)
    from revision_cli.models.actions import Actions
    from revision_cli.models.indicators import Indicators
    from revision_cli.models.meetings import Meetings
    from revision_cli.models.results import Results


@dataclass
class AuditBundle:
    folder: Path
    audit: Loaded[Audit] | None = None
    battery: Battery | None = None
    interviews: list[Loaded[Interview]] = field(default_factory=list)
    assessment: Loaded[Assessment] | None = None
    actions: Loaded[Actions] | None = None
    indicators: Loaded[Indicators] | None = None  # the audit's own indicators.yaml
    meetings: Loaded[Meetings] | None = None  # meetings.yaml: the team's meetings, follow-up meetings
    results: Loaded[Results] | None = None  # results.yaml: the frozen figures of an archived audit
    interview_paths: list[Path] = field(default_factory=list)  # interview files present, loaded or not
    findings: list[Finding] = field(default_factory=list)
    documents: list[YamlDocument] = field(default_factory=list)  # every file that parsed
    # Beside results.yaml: each interview file's digest, to tell the frozen ones (models.results).
    interview_digests: dict[Path, str] = field(default_factory=dict)

    @property
    def meeting_follow_up(self) -> bool:
        """A follow-up of an earlier audit made at a meeting, without new interviews: it has
        no figures of its own (the report reads as a follow-up, status shows no colours)."""
        return (
            self.audit is not None
            and self.audit.model.follows_up is not None
            and not self.interview_paths
            and self.meetings is not None
            and any(m.kind == "follow-up-meeting" for m in self.meetings.model.root)
        )

    @property
    def ok(self) -> bool:
        return not any(f.severity.value == "error" for f in self.findings)
