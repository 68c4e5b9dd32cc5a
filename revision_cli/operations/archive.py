"""`revision archive`: freeze an audit's figures into results.yaml, then remove its interviews.

Order matters, so that nothing is lost at any point:

1. The audit is opened like for a report; an audit with errors is refused.
2. The figures are frozen (`freeze`): the score card exactly as ScoredAudit.score() gives
   it, the respondents as ScoredAudit.respondents() gives them (suppressed groups stay
   withheld), the number of declined interviews, the published quotes' text, and a digest
   of each file under interviews/ (`frozen_from`). No respondent code, file name, answer,
   comment or unpublished quote is copied.
3. The text is read back and rebuilt into a score card, which must equal the live one
   figure for figure (score JSON, respondents, quotes).
4. Then, under the repository's write lock and after checking that nothing changed since
   the plan was made, results.yaml is written and the interview files (interviews/*.yaml
   and *.yml, the `_mall` templates too) are removed, all together (atomic.Changes): on any
   failure every file is as it was. The folder goes when nothing else is left in it.

Only files whose bytes results.yaml was frozen from are ever removed. A file beside an
existing results.yaml that is new or was edited since (or any, when results.yaml is older
than this record) makes archive refuse, naming it, unless the person re-freezes
(`--refreeze`): the figures are then frozen again from the interview files present, which
must be at least as many as the earlier results were frozen from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from revision_cli.errors import Finding, RevisionError, display_link, display_path, write_failure
from revision_cli.files.atomic import TRASH_PREFIX
from revision_cli.i18n import _
from revision_cli.models.results import RESULTS_FILE, Results, frozen_digest
from revision_cli.repository.locate import INTERVIEWS_DIR, Repository, open_repository
from revision_cli.repository.scored import ArchivedAudit, ScoredAudit, load_scorable, scored_audit
from revision_cli.views.presentation import fraction_text

if TYPE_CHECKING:
    from fractions import Fraction

    from revision_cli.scoring.colours import AreaScore, QuestionScore, ScoreCard, SubareaScore

HEADER = """\
# Frysta resultat: skrivna av 'revision archive' när intervjufilerna togs bort.
# Rapporter, jämförelser, status och översikten läser siffrorna härifrån. Ändra inte för hand.
# Frozen results, written by 'revision archive' when the interview files were removed.
# Reports, comparisons, status and the overview read the figures from here. Do not edit by hand.
"""


@dataclass
class ArchivePlan:
    """What `revision archive` would do to one audit."""

    scored: ScoredAudit  # live, or an ArchivedAudit when results.yaml is already there
    folder: Path
    to_remove: list[Path]  # interview files and templates, in name order
    digests: dict[Path, str] = field(default_factory=dict)  # of each file to remove, when planned
    refreeze: bool = False  # results.yaml is there and is written again from the files present

    @property
    def results_path(self) -> Path:
        return self.folder / RESULTS_FILE

    @property
    def frozen(self) -> bool:
        """results.yaml is already written (by an earlier run)."""
        return isinstance(self.scored, ArchivedAudit) or self.refreeze

    @property
    def writes(self) -> bool:
        return not isinstance(self.scored, ArchivedAudit)

    @property
    def done(self) -> bool:
        """Archived before, and nothing is left to remove."""
        return self.frozen and not self.refreeze and not self.to_remove

    @property
    def signature(self) -> tuple[bool, bool, tuple[tuple[str, str], ...]]:
        """What the plan does, to tell whether the audit changed before it is carried out."""
        return self.writes, self.refreeze, tuple(sorted((str(p), d) for p, d in self.digests.items()))


@dataclass
class ArchiveOutcome:
    results_path: Path
    written: bool  # results.yaml was written by this run (not already there)
    removed: list[Path] = field(default_factory=list)
    folder_removed: bool = False
    left_in_folder: list[Path] = field(default_factory=list)  # other files kept in interviews/
    already: bool = False  # another run archived the audit meanwhile: nothing was done
    left_over: Path | None = None  # a hidden folder of removed files that could not be deleted


def removable(folder: Path) -> list[Path]:
    """Every YAML file in the audit's interviews/ folder (interviews and `_` templates), and
    any left in the hidden folder of a removal that was cut short (atomic.TRASH_PREFIX)."""
    interviews = folder / INTERVIEWS_DIR
    if not interviews.is_dir():
        return []
    found = []
    for path in sorted(interviews.iterdir()):
        if path.name.startswith(TRASH_PREFIX) and path.is_dir() and not path.is_symlink():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() or p.is_symlink()))
        elif (
            path.suffix in {".yaml", ".yml"} and not path.name.startswith(".") and (path.is_file() or path.is_symlink())
        ):
            found.append(path)
    return found


def plan_archive(repo: Repository, folder: Path, refreeze: bool = False) -> ArchivePlan:
    """The audit in `folder` (of `repo`) and the files archiving it removes; RevisionError
    when it has errors, nothing to archive, or files beside results.yaml that were not frozen."""
    bundle, problems = load_scorable(repo, folder)
    slug = bundle.folder.name
    results = bundle.results
    refreeze = refreeze and results is not None
    if refreeze:  # results.yaml is replaced: its own findings do not count, the interviews' do
        own = display_path(bundle.folder / RESULTS_FILE)
        problems = [f for f in problems if f.path != own]
    elif results is not None:
        # Already frozen: leftover interview files are only to be removed (once known to be frozen).
        problems = [f for f in problems if not _in_interviews(f, bundle.folder)]
    if problems:
        raise RevisionError(
            _("the audit '{slug}' has errors; fix them first (see 'revision validate'): nothing was archived").format(
                slug=slug
            ),
            problems,
        )
    files = removable(bundle.folder)
    links = [p for p in files if p.is_symlink()]
    if links:
        raise RevisionError(
            _(
                "{value}: a symbolic link, and archive removes only the interview files themselves; "
                "replace the link with the file (or remove it), then run this again: nothing was archived"
            ).format(value=", ".join(display_link(p) for p in links))
        )
    from revision_cli.files.confine import read_regular

    digests = {path: frozen_digest(read_regular(path)) for path in files}
    scored = ScoredAudit(repo, bundle) if refreeze else scored_audit(repo, bundle)
    plan = ArchivePlan(scored, bundle.folder, files, digests, refreeze)
    if results is None and not bundle.interview_paths:
        raise RevisionError(
            _("the audit '{slug}' has no interview files, so there is nothing to archive").format(slug=slug)
        )
    if refreeze and results is not None:
        _check_refreeze(plan, results.model, len(bundle.interviews))
    elif results is not None:
        _check_frozen(plan, results.model.frozen_from)
    return plan


def prepare(repo: Repository, folder: Path, refreeze: bool = False) -> ArchivePlan:
    """plan_archive under the repository's write lock: never from what another writer
    (a second archive) has half done."""
    from revision_cli.files.lock import repository_lock
    from revision_cli.files.root import find_root

    with repository_lock(find_root(folder) or folder):  # the lock carry_out takes
        return plan_archive(repo, folder, refreeze)


def _check_frozen(plan: ArchivePlan, frozen: list[str] | None) -> None:
    """Refuse when a file to remove is not one results.yaml's figures were frozen from."""
    unknown = [p for p in plan.to_remove if frozen is None or plan.digests[p] not in frozen]
    if not unknown:
        return
    slug = plan.folder.name
    why = (
        _("it does not record which files it was frozen from (an earlier version of revision wrote it)")
        if frozen is None
        else _("they are new, or were edited after it was written")
    )
    names = ", ".join(display_path(p) for p in unknown)
    raise RevisionError(
        _(
            "{value} was not frozen from {names}: {why}. Nothing was removed. To count their "
            "answers, freeze the results again from the interview files here: revision archive "
            "{slug} --refreeze --yes; if they are not needed, remove them yourself"
        ).format(value=display_path(plan.results_path), names=names, why=why, slug=slug)
    )


def _check_refreeze(plan: ArchivePlan, results: Results, now: int) -> None:
    """Re-freezing counts only the `now` interviews present: refuse when fewer are here than
    the results were frozen from (some were removed already, and their answers would be lost)."""
    respondents = results.respondents
    before = respondents.total + respondents.declined
    if now < before:
        raise RevisionError(
            _(
                "{value} was frozen from {before} interviews, and only {now} are here: freezing again "
                "now would lose the answers of the others. Put the removed interview files back (from "
                "git history) and run this again: nothing was changed"
            ).format(value=display_path(plan.results_path), before=before, now=now)
        )


def _in_interviews(finding: Finding, folder: Path) -> bool:
    prefix = display_path(folder / INTERVIEWS_DIR)
    return finding.path.startswith(prefix.rstrip("/") + "/")


def freeze(scored: ScoredAudit, archived: dt.date, frozen_from: list[str] | None = None) -> dict[str, object]:
    """The figures of a live audit as results.yaml's data (plain values, in file order);
    `frozen_from`: the digests of the interview files they come from (models.results)."""
    card = scored.score()
    respondents = scored.respondents()
    rule = card.rule

    def share(value: Fraction | None) -> str | None:
        return fraction_text(value) if value is not None else None

    def figures(item: AreaScore | SubareaScore | QuestionScore) -> dict[str, object]:
        kept: dict[str, object] = {
            "id": item.id,
            "computed": item.computed.value,
            "share": share(item.share),
            "n": item.n,
            "excluded": item.excluded,
        }
        if item.suppressed:  # the reason only: the figures were withheld before they got here
            kept["suppressed"] = item.suppressed
        return kept

    def question(q: QuestionScore) -> dict[str, object]:
        kept = {**figures(q), "scored": q.scored, "answered": q.answered}
        if q.scored and q.counts:  # the answers per option, for the report's charts
            kept["counts"] = dict(q.counts)
        return kept

    def areas(of: ScoreCard) -> list[dict[str, object]]:
        return [
            {
                **figures(area),
                "subareas": [
                    {**figures(sub), "questions": [question(q) for q in sub.questions]} for sub in area.subareas
                ],
            }
            for area in of.areas
        ]

    data: dict[str, object] = {
        "format": 1,
        "audit": card.audit_id,
        "battery": card.battery.ref,
        "archived": archived,
        "min_group_size": respondents["min_group_size"],
        "thresholds": {
            "green": fraction_text(rule.green),
            "yellow": fraction_text(rule.yellow),
            "min_answers": rule.min_answers,
        },
        "respondents": {
            "total": respondents["total"],
            "declined": respondents["declined"],
            # Only an audit not yet assessed may lack a consent (checks.py): most archives never say it.
            **({"consent_missing": respondents["consent_missing"]} if respondents["consent_missing"] else {}),
            "groups": dict(respondents["groups"]),  # None where suppressed: never the figure
            "suppressed": dict(respondents["suppressed"]),
        },
        "quotes": [{"text": text} for text in scored.published_quotes()],
        "areas": areas(card),
    }
    acknowledged = _acknowledged(scored)
    if acknowledged:  # what the quotes may publish stays acknowledged once they are archived
        data["personal_data_ok"] = acknowledged

    def statements(of: ScoreCard) -> list[dict[str, object]]:
        return [
            {"id": st.id, "suppressed": st.suppressed}
            if st.suppressed
            else {
                "id": st.id,
                "not_answered": st.not_answered,
                # Only where a vet-ej was given: results.yaml of other audits stays as it was.
                **({"excluded": st.excluded} if st.excluded else {}),
                "distribution": dict(st.distribution),
            }
            for st in of.statements
        ]

    if card.statements:
        data["statements"] = statements(card)
    from revision_cli.views.themes import audit_tally

    counted = audit_tally(scored, card)
    if counted is not None:
        data["themes"] = {
            "interviews": counted.interviews,
            "uncoded_by_question": dict(counted.uncoded_by_question),
            "unthemed_quotes": list(counted.unthemed_quotes),
            "themes": [
                {
                    "id": t.id,
                    "interviews": t.interviews,
                    "questions": dict(t.questions),
                    "areas": dict(t.areas),
                    "quotes": list(t.quotes),
                }
                for t in counted.themes
            ],
        }
    # Only the groups with a card of their own (shown, or only repeating the total): a
    # suppressed group's figures never get here.
    cards: dict[str, ScoreCard] = {}
    for column in scored.breakdown().columns:
        own = column.card or column.repeated
        if own is not None:
            cards[column.group] = own
    if cards:
        data["groups"] = {group: areas(card) for group, card in cards.items()}
    if any(card.statements for card in cards.values()):
        data["group_statements"] = {group: statements(card) for group, card in cards.items()}
    if frozen_from is not None:
        data["frozen_from"] = sorted(set(frozen_from))
    return data


def _acknowledged(scored: ScoredAudit) -> list[str]:
    """The strings the published quotes acknowledge (published.ACKNOWLEDGED), once each."""
    published = set(scored.published_quotes())
    found: list[str] = []
    for loaded in scored.bundle.interviews:
        for quote in loaded.model.quotes:
            if quote.publish and quote.text in published:
                found += [s for s in quote.personal_data_ok if s not in found]
    return found


def results_text(data: dict[str, object]) -> str:
    from revision_cli.files.pyyaml import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return HEADER + body


def _fingerprint(scored: ScoredAudit) -> tuple[object, ...]:
    from revision_cli.views.score_json import scorecard_json
    from revision_cli.views.themes import themes_json

    card = scored.score()
    return (
        scorecard_json(card, scored.respondents(), scored.breakdown()),
        themes_json(scored, card, "sv"),
        scored.published_quotes(),
        scored.declined,
        scored.consent_missing,
    )


def _read_back(text: str, scored: ScoredAudit, path: Path) -> ArchivedAudit:
    """The text as the next run will read it, rebuilt into an archived audit."""
    from revision_cli.files.loading import validate
    from revision_cli.files.yaml_io import parse

    doc, findings = parse(text, display_path(path), path)
    model, problems = validate(doc, Results) if doc is not None else (None, [])
    if model is None:
        raise RevisionError(
            _("the frozen results do not read back (a bug in revision); nothing was changed"), [*findings, *problems]
        )
    return ArchivedAudit(scored.repo, scored.bundle, model)


def carry_out(plan: ArchivePlan, today: dt.date) -> ArchiveOutcome:
    """Under the repository's write lock: plan again, and when nothing changed meanwhile,
    write results.yaml (unless an earlier run did) and remove the interview files, all
    together or (on any failure) not at all."""
    from revision_cli.files.lock import repository_lock

    with repository_lock(plan.scored.repo.root or plan.folder):
        # revision.yaml as it is now: the person may have taken their time to confirm.
        fresh = plan_archive(open_repository(plan.scored.repo.root or plan.folder), plan.folder, plan.refreeze)
        if fresh.done:
            return ArchiveOutcome(fresh.results_path, written=False, already=True)
        if fresh.signature != plan.signature:
            raise RevisionError(
                _(
                    "the audit '{name}' changed while archive was getting ready; run it again: nothing was changed"
                ).format(name=plan.folder.name)
            )
        return _apply(fresh, today)


def _apply(plan: ArchivePlan, today: dt.date) -> ArchiveOutcome:
    from revision_cli.files.atomic import Changes

    outcome = ArchiveOutcome(plan.results_path, written=plan.writes)
    kept = _("results.yaml is as it was") if plan.frozen else _("results.yaml was not written")
    try:
        with Changes() as changes:
            if plan.writes:
                changes.write(plan.results_path, _checked_text(plan, today), exclusive=not plan.refreeze)
            for path in plan.to_remove:
                changes.remove(path)
            _unchanged(plan)
            changes.commit()
    except OSError as exc:
        raise write_failure(
            exc, _("nothing was changed: {kept}, and every interview file is still there").format(kept=kept)
        ) from None
    outcome.removed = list(plan.to_remove)
    outcome.left_over = changes.left_over
    _sync_folder(plan.folder)
    interviews = plan.folder / INTERVIEWS_DIR
    if interviews.is_dir():
        _drop_empty_trash(interviews)
        outcome.left_in_folder = sorted(interviews.iterdir())
        if not outcome.left_in_folder:
            try:
                interviews.rmdir()
                outcome.folder_removed = True
            except OSError:
                pass
    _sync_folder(plan.folder)
    return outcome


def _checked_text(plan: ArchivePlan, today: dt.date) -> str:
    """results.yaml's text, once it reads back into exactly the live figures."""
    text = results_text(freeze(plan.scored, today, list(plan.digests.values())))
    if _fingerprint(_read_back(text, plan.scored, plan.results_path)) != _fingerprint(plan.scored):
        raise RevisionError(
            _("the frozen results differ from the live figures (a bug in revision); nothing was changed")
        )
    return text


def _unchanged(plan: ArchivePlan) -> None:
    """The files to remove still hold the bytes they were frozen from (an editor may have
    saved one since the plan was made)."""
    for path in plan.to_remove:
        if frozen_digest(path.read_bytes()) != plan.digests[path]:
            raise RevisionError(
                _("{value} changed while archive was running; run it again: nothing was changed").format(
                    value=display_path(path)
                )
            )


def _drop_empty_trash(interviews: Path) -> None:
    """Hidden folders of a removal cut short earlier, now emptied."""
    for path in interviews.iterdir():
        if path.name.startswith(TRASH_PREFIX) and path.is_dir() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.rmdir()


def _sync_folder(folder: Path) -> None:
    """Make a rename or removal in `folder` durable before going on (POSIX; a no-op elsewhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def git_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def history_advice(folder: Path) -> list[str]:
    """How to remove the interview files from git history too, as lines to print."""
    root = git_root(folder.resolve())
    if root is None:
        return [
            _(
                "This folder is not in a git repository: the removed files are gone from here, but any "
                "copies (backups, other clones) still hold them."
            )
        ]
    interviews = (folder.resolve() / INTERVIEWS_DIR).relative_to(root).as_posix()
    results = (folder.resolve() / RESULTS_FILE).relative_to(root).as_posix()
    return [
        _(
            "The interview files are still in git history: every commit that had them keeps them, in "
            "this clone and in every other, until the history is rewritten. In the repository's top "
            "folder ({value}):"
        ).format(value=display_path(root)),
        "",
        f"  git rm -r --cached --ignore-unmatch --quiet {interviews}",
        f"  git add {results}",
        '  git commit -m "{message}"'.format(
            message=_("Archive {slug}: keep the results, remove the interviews").format(slug=folder.name)
        ),
        f"  git filter-repo --path {interviews} --invert-paths   # "
        + _("rewrites every commit; needs git-filter-repo and a fresh clone"),
        "  git remote add origin URL   # " + _("filter-repo removes the remote so that nothing is pushed by mistake"),
        "  git push --force --all && git push --force --tags",
        "",
        _(
            "Then every clone must be replaced: delete it and clone again (an old clone still holds "
            "the files and would bring them back on the next push). Ask your git host to remove "
            "cached copies, such as those kept for pull requests."
        ),
    ]
