"""One audit, ready to score: loaded, checked, refused when its files have errors.

A live audit is scored from its interviews (ScoredAudit). An archived one (results.yaml,
written by `revision archive`) has no interviews any more: ArchivedAudit gives the same
interface from the frozen figures, so reports, `score`, `compare`, `status`, `history` and
the site work on it unchanged. `scored_audit(repo, bundle)` picks the right one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict

from revision_cli.errors import Finding, RevisionError, UsageError
from revision_cli.i18n import N_, _
from revision_cli.models.assessment import Assessment
from revision_cli.models.audit import Audit
from revision_cli.models.battery import Battery
from revision_cli.models.bundle import AuditBundle
from revision_cli.models.interview import Interview
from revision_cli.repository.catalog import Catalog, load_catalog
from revision_cli.repository.locate import Repository, audit_folder, audit_in_repository, kept_models, load_audit
from revision_cli.scoring.breakdown import NOT_KEPT, Breakdown, drop_repeats, group_breakdown, protect
from revision_cli.scoring.colours import (
    AreaScore,
    QuestionScore,
    Rating,
    ScoreCard,
    SubareaScore,
    asked_of,
    score_audit,
)
from revision_cli.scoring.colours import _team as team_rating
from revision_cli.scoring.colours import _withheld as withheld
from revision_cli.scoring.statements import not_kept, thawed
from revision_cli.scoring.suppression import GroupSizes, neutral_order, suppressed_groups

if TYPE_CHECKING:  # results.yaml's models are made only for an archived audit (README, Performance)
    from revision_cli.models.results import FrozenArea, Results


class Respondents(TypedDict):
    """Respondents in total and per group (None: a suppressed group's count, not shown)."""

    total: int
    declined: int
    consent_missing: int
    groups: dict[str, int | None]
    suppressed: dict[str, str]  # group → why it has no figures of its own
    min_group_size: int


@dataclass
class ScoredAudit:
    """An audit whose files loaded without errors (open_audit refuses any other): its
    audit.yaml and its battery are there."""

    repo: Repository
    bundle: AuditBundle

    @property
    def audit(self) -> Audit:
        if self.bundle.audit is None:
            raise ValueError(f"{self.bundle.folder}: an audit without its audit.yaml is not scored")
        return self.bundle.audit.model

    @property
    def battery(self) -> Battery:
        if self.bundle.battery is None:
            raise ValueError(f"{self.bundle.folder}: an audit without its battery is not scored")
        return self.bundle.battery

    @property
    def assessment(self) -> Assessment | None:
        return self.bundle.assessment.model if self.bundle.assessment else None

    @property
    def interviews(self) -> list[Interview]:
        """The interviews that may be used (Interview.counted): every figure, tally and quote
        comes from these, so one without `consent: true` is in none of them."""
        return [loaded.model for loaded in self.bundle.interviews if loaded.model.counted]

    def published_quotes(self) -> list[str]:
        """Quotes the team marked for publication, from interviews that may be used."""
        return neutral_order(q.text for interview in self.interviews for q in interview.quotes if q.publish)

    @property
    def declined(self) -> int:
        return sum(loaded.model.consent is False for loaded in self.bundle.interviews)

    @property
    def consent_missing(self) -> int:
        """Interviews left out because no consent is recorded yet (a warning until the audit
        is assessed, an error after; checks.py)."""
        return sum(loaded.model.consent is None for loaded in self.bundle.interviews)

    @property
    def min_group_size(self) -> int:
        return self.repo.config.anonymity.min_group_size

    def group_counts(self) -> dict[str, int | None]:
        """Interviews counted per group (None only in an archive: a size not kept)."""
        counts: dict[str, int | None] = {g: 0 for g in self.battery.groups}
        for interview in self.interviews:
            counts[interview.group] = (counts.get(interview.group) or 0) + 1
        return counts

    def suppressed(self) -> dict[str, str]:
        return suppressed_groups(self.group_counts(), self.min_group_size)

    def sizes(self) -> GroupSizes:
        """The group sizes the anonymity rule works from (suppression.py)."""
        return GroupSizes(self.group_counts(), self.min_group_size)

    def respondents(self) -> Respondents:
        """Respondents in total and per group, with suppressed groups named but not counted."""
        hidden = self.suppressed()
        counts = self.group_counts()
        # Nobody in a group singles nobody out: an empty group shows its 0 — unless the one
        # group with respondents is hidden: then the zeros would tell whose the total is.
        present = [g for g, n in counts.items() if n]
        all_hidden = len(present) == 1 and present[0] in hidden
        return {
            "total": len(self.interviews),
            "declined": self.declined,
            "consent_missing": self.consent_missing,
            "groups": {g: (None if g in hidden and (n or all_hidden) else n) for g, n in counts.items()},
            "suppressed": {g: why for g, why in hidden.items() if counts[g] or all_hidden},
            "min_group_size": self.min_group_size,
        }

    def score(self, group: str | None = None) -> ScoreCard:
        """The score card of all groups, or of one: a group shown beside the total gets the
        same protected card as its column (breakdown.protect), never more."""
        if group is not None and group not in self.battery.groups:
            raise UsageError(
                _("unknown group '{group}'; the battery's groups are {value}").format(
                    group=group, value=", ".join(self.battery.groups)
                )
            )
        if group is not None:
            shown = _column_card(self.breakdown(), group)
            if shown is not None:
                return shown
        return self._card(group)

    def _card(self, group: str | None = None) -> ScoreCard:
        # The total is scored once: score(), the breakdown (drop_repeats) and the report's
        # view all read it, and nothing changes a card once scored but protect() in the
        # shown groups' own cards.
        if group is None and "_total" in self.__dict__:
            total: ScoreCard = self.__dict__["_total"]
            return total
        card = score_audit(
            self.audit.id,
            self.battery,
            self.interviews,
            self.assessment,
            group=group,
            sizes=self.sizes() if group is None else None,
        )
        if group is None:
            self.__dict__["_total"] = card
        return card

    def breakdown(self) -> Breakdown:
        """Each respondent group's figures beside the total, where suppression allows."""
        found: Breakdown | None = self.__dict__.get("_breakdown")
        if found is None:
            hidden = self.suppressed()
            # As the respondent table shows them (None: hidden), so that the breakdown names
            # the same groups as the table, and as the archive will.
            shown_counts = self.respondents()["groups"]
            found = group_breakdown(shown_counts, hidden, self._card, self.min_group_size)
            protect(found, self.sizes())
            drop_repeats(found, self.sizes(), self._card())
            self.__dict__["_breakdown"] = found
        return found


def _column_card(breakdown: Breakdown, group: str) -> ScoreCard | None:
    """The card the breakdown shows for `group` (its own, or the protected one that only
    repeats the total), if any."""
    column = next((c for c in breakdown.columns if c.group == group), None)
    return None if column is None else column.card or column.repeated


GROUPS_NOT_KEPT = N_(
    "group breakdowns are not kept for archived audits; results.yaml holds the figures of all groups together"
)


@dataclass
class ArchivedAudit(ScoredAudit):
    """An audit whose interviews were removed: the figures come from results.yaml.

    The score card is rebuilt on the battery's own Area/Subarea/Question models, with the
    team's colours and motivations read from today's assessment.yaml. Suppression holds:
    suppressed figures were never stored, and should anonymity.min_group_size have grown
    since the archive, the groups now too small are withheld as well (figures that were
    withheld then stay withheld when it shrinks: they are gone).
    """

    results: Results

    @property
    def interviews(self) -> list[Interview]:
        return []

    def published_quotes(self) -> list[str]:
        return neutral_order(quote.text for quote in self.results.quotes)

    @property
    def declined(self) -> int:
        return self.results.respondents.declined

    @property
    def consent_missing(self) -> int:
        return self.results.respondents.consent_missing

    @property
    def min_group_size(self) -> int:
        return max(self.results.min_group_size, self.repo.config.anonymity.min_group_size)

    def group_counts(self) -> dict[str, int | None]:
        """The frozen counts; None for a group suppressed when the audit was archived."""
        return dict(self.results.respondents.groups)

    def sizes(self) -> GroupSizes:
        """The frozen sizes: a group hidden at the archive has none (its size was not kept),
        and today's min_group_size decides (suppression.GroupSizes works with the bounds)."""
        frozen = self.results.respondents
        counts = dict(frozen.groups)
        known = sum(n for n in counts.values() if n is not None)
        return GroupSizes(counts, self.min_group_size, unknown_total=frozen.total - known)

    def _hidden(self) -> dict[str, str]:
        """The groups with respondents that have no card of their own: those hidden at the
        archive, and any that today's larger min_group_size adds."""
        return {g: why for g, why in self.suppressed().items() if self.results.respondents.groups[g] != 0}

    def suppressed(self) -> dict[str, str]:
        return suppressed_groups(dict(self.results.respondents.groups), self.min_group_size)

    def respondents(self) -> Respondents:
        hidden = self._hidden()
        frozen = self.results.respondents
        return {
            "total": frozen.total,
            "declined": frozen.declined,
            "consent_missing": frozen.consent_missing,
            "groups": {g: (None if g in hidden else n) for g, n in frozen.groups.items()},
            "suppressed": hidden,
            "min_group_size": self.min_group_size,
        }

    def breakdown(self) -> Breakdown:
        """The groups' figures as frozen; a group hidden today (a larger min_group_size) stays
        hidden, and a breakdown archived before groups were kept says so."""
        present = [g for g, n in self.results.respondents.groups.items() if n != 0]
        hidden = self.suppressed()
        if len(present) >= 2 and any(g not in hidden and g not in self.results.groups for g in present):
            return Breakdown([], NOT_KEPT)
        battery = self.battery
        assessment = self.assessment
        # group_breakdown scores only groups not hidden, and a group whose size was not kept is.
        known = {g: n for g, n in self.results.respondents.groups.items() if n is not None}

        def score_group(group: str) -> ScoreCard:
            areas = self.results.groups[group]
            card = frozen_card(
                areas,
                known[group],
                self.audit.id,
                battery,
                assessment,
                group=group,
            )
            frozen = self.results.group_statements.get(group)
            card.statements = (
                not_kept(battery, group)
                if frozen is None and battery.statements
                else thawed(battery, frozen or [], None, group)
            )
            return card

        found = group_breakdown(dict(self.results.respondents.groups), hidden, score_group, self.min_group_size)
        protect(found, self.sizes())
        drop_repeats(found, self.sizes(), self.score())
        return found

    def score(self, group: str | None = None) -> ScoreCard:
        battery = self.battery
        if group is not None:
            if group not in battery.groups:
                raise UsageError(
                    _("unknown group '{group}'; the battery's groups are {value}").format(
                        group=group, value=", ".join(battery.groups)
                    )
                )
            shown = _column_card(self.breakdown(), group)
            if shown is not None:
                return shown
            present = [g for g, n in self.results.respondents.groups.items() if n != 0]
            if present == [group]:  # every respondent in this one group: its figures are the total's
                card = self.score()
                card.group = group
                return card
            if group in self.suppressed():
                return self.score()  # only checked, not shown: the caller prints the suppression
            raise RevisionError(_(GROUPS_NOT_KEPT))
        card = frozen_card(
            self.results.areas,
            self.results.respondents.total,
            self.audit.id,
            battery,
            self.assessment,
        )
        sizes = self.sizes()
        card.statements = thawed(battery, self.results.statements, sizes)
        withhold_more(card, sizes)
        return card


def frozen_card(
    frozen_areas: list[FrozenArea],
    respondents: int,
    audit_id: str,
    battery: Battery,
    assessment: Assessment | None,
    group: str | None = None,
) -> ScoreCard:
    """Frozen figures (results.yaml's areas, or one group's) as a ScoreCard on the battery's
    models (retention.check_results has made sure they fit), with the team's ratings from
    `assessment`."""

    def share(value: Fraction | None) -> Fraction | None:
        return Fraction(value) if value is not None else None

    areas = []
    for area, kept_area in zip(battery.areas, frozen_areas, strict=True):
        subareas = []
        for sub, kept_sub in zip(area.subareas, kept_area.subareas, strict=True):
            questions = [
                QuestionScore(
                    question,
                    kept.scored,
                    kept.n,
                    kept.excluded,
                    kept.answered,
                    share(kept.share),
                    Rating(kept.computed),
                    dict(kept.counts),
                    kept.suppressed,
                )
                for question, kept in zip(sub.questions, kept_sub.questions, strict=True)
            ]
            team, motivation = team_rating(assessment, area.id, sub.id)
            subareas.append(
                SubareaScore(
                    n=kept_sub.n,
                    excluded=kept_sub.excluded,
                    share=share(kept_sub.share),
                    computed=Rating(kept_sub.computed),
                    team=team,
                    motivation=motivation,
                    suppressed=kept_sub.suppressed,
                    subarea=sub,
                    questions=questions,
                    left_out=_left_out(kept_sub.suppressed, questions),
                )
            )
        team, motivation = team_rating(assessment, area.id)
        areas.append(
            AreaScore(
                n=kept_area.n,
                excluded=kept_area.excluded,
                share=share(kept_area.share),
                computed=Rating(kept_area.computed),
                team=team,
                motivation=motivation,
                suppressed=kept_area.suppressed,
                area=area,
                subareas=subareas,
                left_out=_left_out(kept_area.suppressed, subareas),
            )
        )
    return ScoreCard(audit_id, battery, battery.rating, areas, respondents=respondents, group=group)


def _left_out(suppressed: str | None, parts: list[QuestionScore] | list[SubareaScore]) -> int:
    """The withheld parts of a shown mean: derived, not kept (rule 1 never withholds a
    mean whose parts are shown)."""
    return 0 if suppressed else sum(bool(p.suppressed) for p in parts)


def withhold_more(card: ScoreCard, sizes: GroupSizes) -> None:
    """Rule 1 again on a frozen total card, for a min_group_size grown since the archive.

    A figure withheld only now takes the sub-area and area above it with it: their means
    were frozen with it inside, and the answers to work them out anew are gone.
    """
    battery = card.battery
    for area in card.areas:
        for sub in area.subareas:
            for q in sub.questions:
                reason = q.scored and not q.suppressed and sizes.total_reason(asked_of(battery, [q.question]))
                if reason:
                    withheld(q, reason)
                    for mean in (sub, area):
                        if not mean.suppressed:
                            withheld(mean, reason)


def scored_audit(repo: Repository, bundle: AuditBundle) -> ScoredAudit:
    """The audit as scored: from results.yaml when it was archived, else from its interviews.

    results.yaml decides as soon as it is there, even beside leftover interview files (an
    archive that was interrupted): those may be only part of what was frozen.
    """
    if bundle.results is not None:
        return ArchivedAudit(repo, bundle, bundle.results.model)
    return ScoredAudit(repo, bundle)


def load_scorable(
    repo: Repository, folder: Path, catalog: Catalog | None = None, kept: bool = False
) -> tuple[AuditBundle, list[Finding]]:
    """The audit in `folder` of `repo` (its batteries from `catalog`, else the repository's),
    and the error findings that stop scoring it: its own, the repository's and the batteries'.
    `kept`: its files as parsed are kept under .revision/ (cache/parsed.py), for the one
    audit a command opens."""
    if catalog is None:
        catalog = load_catalog(repo.root, kept=kept)
    if kept and repo.root is not None:
        from revision_cli.cache.parsed import ParsedFiles

        parsed = ParsedFiles(repo.root, folder, repo.limits, models=kept_models(folder))
        bundle = load_audit(folder, catalog, limits=repo.limits, loader=parsed.loader)
        parsed.save()
    else:
        bundle = load_audit(folder, catalog, limits=repo.limits)
    problems = [f for f in [*repo.findings, *catalog.findings, *bundle.findings] if f.severity.value == "error"]
    return bundle, problems


def score_folder(repo: Repository, folder: Path, kept: bool = False) -> ScoredAudit:
    """The audit in `folder` of `repo` (live or archived), or RevisionError carrying the
    findings that stop scoring it (`kept`: as load_scorable)."""
    bundle, problems = load_scorable(repo, folder, kept=kept)
    if problems:
        raise RevisionError(
            _("the audit '{name}' has errors; fix them first (see 'revision validate')").format(
                name=bundle.folder.name
            ),
            problems,
        )
    return scored_audit(repo, bundle)


def load_for_scoring(arg: str, cwd: Path) -> tuple[Repository, AuditBundle, list[Finding]]:
    """The repository, the audit AUDIT (on the command line) names, and the error findings
    that stop scoring it."""
    repo, folder = audit_in_repository(arg, cwd)
    bundle, problems = load_scorable(repo, folder)
    return repo, bundle, problems


def open_audit(arg: str, cwd: Path) -> ScoredAudit:
    """The audit AUDIT (on the command line) names: score_folder in its repository."""
    repo, folder = audit_in_repository(arg, cwd, kept=True)
    return score_folder(repo, folder, kept=True)


EarlierProblem = Literal["missing", "errors"]


def earlier_audit(scored: ScoredAudit) -> ScoredAudit | EarlierProblem:
    """The audit this one follows up, scored like any audit (suppression holds), or why not."""
    slug = scored.audit.follows_up
    folder = scored.bundle.folder.parent / slug if slug is not None else None
    if folder is None or not (folder / "audit.yaml").is_file():
        return "missing"
    try:
        return score_folder(scored.repo, audit_folder(folder))
    except RevisionError:
        return "errors"
