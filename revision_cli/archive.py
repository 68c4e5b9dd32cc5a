"""`revision archive`: freeze an audit's figures into results.yaml, then remove its interviews.

Order matters, so that nothing is lost at any point:

1. The audit is opened like for a report; an audit with errors is refused.
2. The figures are frozen (`freeze`): the score card exactly as ScoredAudit.score() gives
   it, the respondents as ScoredAudit.respondents() gives them (suppressed groups stay
   withheld), the number of declined interviews, and the published quotes' text. No
   respondent code, answer, comment or unpublished quote is copied.
3. The text is read back and rebuilt into a score card, which must equal the live one
   figure for figure (score JSON, respondents, quotes); only then is it written, atomically.
4. Only then are the interview files removed (interviews/*.yaml and *.yml, the `_mall`
   templates too), and the folder when nothing else is left in it.

If removing fails half-way, results.yaml is already complete and is what every command
reads from then on; running `revision archive` again removes what is left.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RevisionError, display_path
from .models.results import RESULTS_FILE, Results
from .presentation import fraction_text
from .results import ArchivedAudit, ScoredAudit, load_for_scoring, scored_audit
from .workspace import INTERVIEWS_DIR

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

    @property
    def results_path(self) -> Path:
        return self.folder / RESULTS_FILE

    @property
    def frozen(self) -> bool:
        """results.yaml is already written (by an earlier run)."""
        return isinstance(self.scored, ArchivedAudit)

    @property
    def done(self) -> bool:
        """Archived before, and nothing is left to remove."""
        return self.frozen and not self.to_remove


@dataclass
class ArchiveOutcome:
    results_path: Path
    written: bool  # results.yaml was written by this run (not already there)
    removed: list[Path] = field(default_factory=list)
    folder_removed: bool = False
    left_in_folder: list[Path] = field(default_factory=list)  # other files kept in interviews/


def removable(folder: Path) -> list[Path]:
    """Every YAML file in the audit's interviews/ folder: interviews and `_` templates."""
    interviews = folder / INTERVIEWS_DIR
    if not interviews.is_dir():
        return []
    return sorted(p for p in interviews.iterdir()
                  if p.suffix in {".yaml", ".yml"} and not p.name.startswith(".") and p.is_file())


def plan_archive(arg: str, cwd: Path) -> ArchivePlan:
    """The audit AUDIT names and the files archiving it removes; RevisionError when it has
    errors or nothing to archive."""
    repo, bundle, problems = load_for_scoring(arg, cwd)
    slug = bundle.folder.name
    if bundle.results is not None:
        # Already frozen: leftover interview files are only to be removed, whatever they hold.
        problems = [f for f in problems if not _in_interviews(f, bundle.folder)]
    if problems:
        raise RevisionError(f"the audit '{slug}' has errors; fix them first (see 'revision validate'): "
                            "nothing was archived", problems)
    plan = ArchivePlan(scored_audit(repo, bundle), bundle.folder, removable(bundle.folder))
    if not plan.frozen and not bundle.interview_paths:
        raise RevisionError(f"the audit '{slug}' has no interview files, so there is nothing to archive")
    return plan


def _in_interviews(finding, folder: Path) -> bool:
    prefix = display_path(folder / INTERVIEWS_DIR)
    return finding.path.startswith(prefix.rstrip("/") + "/")


def freeze(scored: ScoredAudit, archived: dt.date) -> dict:
    """The figures of a live audit as results.yaml's data (plain values, in file order)."""
    card = scored.score()
    respondents = scored.respondents()
    rule = card.rule

    def share(value):
        return fraction_text(value) if value is not None else None

    def figures(item) -> dict:
        kept = {"id": item.id, "computed": item.computed.value, "share": share(item.share), "n": item.n,
                "excluded": item.excluded}
        if item.suppressed:  # the reason only: the figures were withheld before they got here
            kept["suppressed"] = item.suppressed
        return kept

    def question(q) -> dict:
        kept = {**figures(q), "scored": q.scored, "answered": q.answered}
        if q.scored and q.counts:  # the answers per option, for the report's charts
            kept["counts"] = dict(q.counts)
        return kept

    def areas(of) -> list:
        return [{**figures(area), "subareas": [
            {**figures(sub), "questions": [question(q) for q in sub.questions]}
            for sub in area.subareas]} for area in of.areas]

    data = {
        "format": 1,
        "audit": card.audit_id,
        "battery": card.battery.ref,
        "archived": archived,
        "min_group_size": respondents["min_group_size"],
        "thresholds": {"green": fraction_text(rule.green), "yellow": fraction_text(rule.yellow),
                       "min_answers": rule.min_answers},
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
    def statements(of) -> list:
        return [{"id": st.id, "suppressed": st.suppressed} if st.suppressed else
                {"id": st.id, "not_answered": st.not_answered, "distribution": dict(st.distribution)}
                for st in of.statements]

    if card.statements:
        data["statements"] = statements(card)
    from .themes_view import audit_tally

    counted = audit_tally(scored, card)
    if counted is not None:
        data["themes"] = {
            "interviews": counted.interviews,
            "uncoded_by_question": dict(counted.uncoded_by_question),
            "unthemed_quotes": list(counted.unthemed_quotes),
            "themes": [{"id": t.id, "interviews": t.interviews, "questions": dict(t.questions),
                        "areas": dict(t.areas), "quotes": list(t.quotes)} for t in counted.themes],
        }
    # Only the groups with a card of their own (shown, or only repeating the total): a
    # suppressed group's figures never get here.
    cards = {c.group: c.card or c.repeated for c in scored.breakdown().columns if (c.card or c.repeated) is not None}
    if cards:
        data["groups"] = {group: areas(card) for group, card in cards.items()}
    if any(card.statements for card in cards.values()):
        data["group_statements"] = {group: statements(card) for group, card in cards.items()}
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


def results_text(data: dict) -> str:
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return HEADER + body


def _fingerprint(scored: ScoredAudit) -> tuple:
    from .score_json import scorecard_json

    from .themes_view import themes_json

    card = scored.score()
    return (scorecard_json(card, scored.respondents(), scored.breakdown()), themes_json(scored, card, "sv"),
            scored.published_quotes(), scored.declined, scored.consent_missing)


def _read_back(text: str, scored: ScoredAudit, path: Path) -> ArchivedAudit:
    """The text as the next run will read it, rebuilt into an archived audit."""
    from .loading import validate
    from .yaml_io import parse

    doc, findings = parse(text, display_path(path), path)
    model, problems = validate(doc, Results) if doc is not None else (None, [])
    if model is None:
        raise RevisionError("the frozen results do not read back (a bug in revision); nothing was changed",
                            [*findings, *problems])
    return ArchivedAudit(scored.repo, scored.bundle, model)


def carry_out(plan: ArchivePlan, today: dt.date) -> ArchiveOutcome:
    """Write results.yaml (unless an earlier run did), then remove the interview files."""
    from .atomic import atomic_write

    outcome = ArchiveOutcome(plan.results_path, written=not plan.frozen)
    if not plan.frozen:
        text = results_text(freeze(plan.scored, today))
        if _fingerprint(_read_back(text, plan.scored, plan.results_path)) != _fingerprint(plan.scored):
            raise RevisionError("the frozen results differ from the live figures (a bug in revision); "
                                "nothing was changed")
        atomic_write(plan.results_path, text, exclusive=True)
        _sync_folder(plan.folder)
    for path in plan.to_remove:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            done = "".join(f"\n  removed {display_path(p)}" for p in outcome.removed)
            raise RevisionError(
                f"could not remove {display_path(path)}: {exc.strerror or exc}{done}\n"
                f"{display_path(plan.results_path)} is complete; once the problem is fixed, run "
                f"'revision archive {plan.folder.name} --yes' again to remove the rest") from None
        outcome.removed.append(path)
    interviews = plan.folder / INTERVIEWS_DIR
    if interviews.is_dir():
        outcome.left_in_folder = sorted(interviews.iterdir())
        if not outcome.left_in_folder:
            interviews.rmdir()
            outcome.folder_removed = True
    _sync_folder(plan.folder)
    return outcome


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
        return ["This folder is not in a git repository: the removed files are gone from here, but any "
                "copies (backups, other clones) still hold them."]
    interviews = (folder.resolve() / INTERVIEWS_DIR).relative_to(root).as_posix()
    results = (folder.resolve() / RESULTS_FILE).relative_to(root).as_posix()
    return [
        "The interview files are still in git history: every commit that had them keeps them, in this "
        "clone and in every other, until the history is rewritten. In the repository's top folder "
        f"({display_path(root)}):",
        "",
        f"  git rm -r --cached --ignore-unmatch --quiet {interviews}",
        f"  git add {results}",
        f"  git commit -m \"Archive {folder.name}: keep the results, remove the interviews\"",
        f"  git filter-repo --path {interviews} --invert-paths   # rewrites every commit; needs "
        "git-filter-repo and a fresh clone",
        "  git remote add origin URL   # filter-repo removes the remote so that nothing is pushed by mistake",
        "  git push --force --all && git push --force --tags",
        "",
        "Then every clone must be replaced: delete it and clone again (an old clone still holds the files "
        "and would bring them back on the next push). Ask your git host to remove cached copies, such as "
        "those kept for pull requests.",
    ]
