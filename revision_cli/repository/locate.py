"""Finding the audit repository and loading one audit's files together."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from revision_cli.checks import placement
from revision_cli.checks.audit import check_audit
from revision_cli.checks.placement import misplaced_interviews
from revision_cli.errors import Finding, RevisionError, close_matches, display_path
from revision_cli.files.confine import forget, leaving_link
from revision_cli.files.loading import Loaded, load, load_document
from revision_cli.files.root import CONFIG_FILE, find_root
from revision_cli.files.sources import DISK, DiskFiles, FileSource
from revision_cli.files.yaml_io import DEFAULT_LIMITS, Limits, YamlDocument, outside_finding
from revision_cli.i18n import _
from revision_cli.models.assessment import Assessment
from revision_cli.models.audit import Audit
from revision_cli.models.bundle import AuditBundle
from revision_cli.models.combined import Combined
from revision_cli.models.config import Config
from revision_cli.models.interview import Interview
from revision_cli.models.words import group_id
from revision_cli.repository.catalog import Catalog
from revision_cli.repository.instruments import audit_battery

if TYPE_CHECKING:  # made only for an audit that has the file (README, Performance)
    from revision_cli.models.actions import Actions

AUDITS_DIR = "audits"
UNITS_DIR = "units"  # a unit's own files: units/<slug>/ (repository/indicators.py)
INTERVIEWS_DIR = placement.INTERVIEWS_DIR

M = TypeVar("M")
# loader(path, model class, files, limits): one file as load_document reads it; the model
# class is chosen per file at run time, hence Any.
Loader = Callable[[Path, type[Any], FileSource, Limits], tuple[Loaded[Any] | None, list[Finding], YamlDocument | None]]


@dataclass
class Repository:
    root: Path | None
    config: Config
    findings: list[Finding] = field(default_factory=list)

    @property
    def limits(self) -> Limits:
        return Limits(**dict(self.config.limits))  # a model iterates as its fields: no serializer built

    def audit_folders(self) -> list[Path]:
        if self.root is None or not (self.root / AUDITS_DIR).is_dir():
            return []
        return sorted(p for p in (self.root / AUDITS_DIR).iterdir() if p.is_dir() and not p.name.startswith("."))

    def has_units(self) -> bool:
        """Whether there is a units/ folder at all. Most repositories have none, and a report
        then need not load what reads a unit's indicators.yaml."""
        return self.root is not None and (self.root / UNITS_DIR).is_dir()


def open_repository(start: Path, kept: bool = False) -> Repository:
    """The repository around `start`; outside one, the default settings apply. `kept`:
    revision.yaml as parsed and validated is kept (cache/parsed.py), as the files of the one
    audit a command opens are."""
    forget()
    root = find_root(start)
    if root is None:
        return Repository(None, Config(revision=1))
    if kept:
        from revision_cli.cache.parsed import ParsedFiles

        parsed = ParsedFiles(root, root, models=(Config,))
        loaded, findings, _doc = parsed.loader(root / CONFIG_FILE, Config, None, DEFAULT_LIMITS)
        parsed.save()
    else:
        loaded, findings = load(root / CONFIG_FILE, Config)
    config = loaded.model if loaded is not None else Config(revision=1)
    return Repository(root, config, findings)


def resolve_audit(arg: str, repo: Repository, cwd: Path) -> Path:
    """AUDIT on the command line: a path to an audit folder, or a slug in the repository."""
    direct = cwd / arg
    if (direct / "audit.yaml").is_file():
        return audit_folder(direct)
    if repo.root is not None and (repo.root / AUDITS_DIR / arg / "audit.yaml").is_file():
        return audit_folder(repo.root / AUDITS_DIR / arg)
    slugs = [p.name for p in repo.audit_folders()]
    close = close_matches(arg, slugs, n=1)
    if close:
        hint = _("; did you mean '{id}'?").format(id=close[0])
    elif slugs:
        hint = _("; audits here: {value}").format(value=", ".join(slugs))
    elif repo.root is None:
        hint = _("; no revision.yaml was found here or above (run 'revision init' to create a repository)")
    else:
        hint = _("; this repository has no audits yet (create one with 'revision new')")
    raise RevisionError(_("audit '{arg}' not found{hint}").format(arg=arg, hint=hint))


def kept_models(folder: Path) -> tuple[type, ...]:
    """The model classes whose models the audit in `folder` gets back as kept when its file is
    unchanged (cache/parsed.py's `models`): its few files whose validators cost more to build
    than their models to unpickle, not the many interviews."""
    models: tuple[type, ...] = (Audit, Assessment)
    if (folder / "actions.yaml").is_file():  # few audits have one: its models are imported only then
        from revision_cli.models.actions import Actions

        models += (Actions,)
    return models


def audit_in_repository(arg: str, cwd: Path, kept: bool = False) -> tuple[Repository, Path]:
    """AUDIT on the command line → the repository it belongs to and its folder (an audit
    named by path from outside its repository still gets that repository's settings).
    `kept`: as open_repository's, for the repository the audit belongs to only."""
    repo = open_repository(cwd, kept and _in_working_repository(arg, cwd))
    folder = resolve_audit(arg, repo, cwd)
    if repo.root is None or folder.parent.parent != repo.root:
        repo = open_repository(folder, kept)
    return repo, folder


def _in_working_repository(arg: str, cwd: Path) -> bool:
    """Whether AUDIT lies in the working folder's repository (a slug names one of its own;
    a path may lead into another, whose files are then not kept in this one's .revision/)."""
    direct = cwd / arg
    return not (direct / "audit.yaml").is_file() or find_root(direct) == find_root(cwd)


def audit_folder(folder: Path) -> Path:
    """An audit's folder by its real path, unless a link on the way to its audit.yaml leaves
    its repository (RevisionError)."""
    return _inside(folder).resolve()


def _inside(folder: Path) -> Path:
    """`folder`, unless a link on the way to it leaves its repository (then nothing is read)."""
    link = leaving_link(folder / "audit.yaml")
    if link is not None:
        raise RevisionError(_("the audit cannot be read"), [outside_finding(link)])
    return folder


def interview_files(folder: Path, files: FileSource = DISK) -> list[Path]:
    """The interviews of an audit; `_`-files are the templates `revision new` writes."""
    return [
        p
        for p in files.children(folder / INTERVIEWS_DIR)
        if p.suffix in {".yaml", ".yml"} and not p.name.startswith((".", "_")) and files.is_file(p)
    ]


def _digests(paths: list[Path], files: FileSource) -> dict[Path, str]:
    from revision_cli.models.results import frozen_digest

    found: dict[Path, str] = {}
    for path in paths:
        with contextlib.suppress(OSError):  # not read: its own finding says why
            found[path] = frozen_digest(files.read_bytes(path))
    return found


def _in_battery_groups(loaded: Loaded[Interview], groups: list[str]) -> Loaded[Interview]:
    """The interview with its group as the battery's id, however it was written (models.words:
    `närstående` is `narstaende`); a group the battery lacks is left for the checks to name."""
    found = group_id(loaded.model.group, groups)
    if found is None or found == loaded.model.group:
        return loaded
    return Loaded(loaded.model.model_copy(update={"group": found}), loaded.doc)


def _in_combined_ids(loaded: Loaded[Interview], battery: Combined) -> Loaded[Interview]:
    """The interview with each answer under its id in the combined battery (an id only one
    battery has may be written bare or as battery.id), and each theme likewise."""
    interview = loaded.model
    answers: dict[str, Any] = {}
    written_as: dict[Any, Any] = {}
    for written, answer in interview.answers.items():
        name = battery.canonical("question", written)
        if name in answers:  # written twice, bare and scoped: the second is checked as written
            name = written
        if name != written:
            written_as[("answers", name)] = ("answers", written)
        themes = [battery.canonical("theme", t) for t in answer.themes]
        answers[name] = answer if themes == answer.themes else answer.model_copy(update={"themes": themes})
    quotes = [
        q.model_copy(update={"themes": [battery.canonical("theme", t) for t in q.themes]}) for q in interview.quotes
    ]
    if not written_as and answers == interview.answers and quotes == interview.quotes:
        return loaded
    return Loaded(interview.model_copy(update={"answers": answers, "quotes": quotes}), loaded.doc, written_as)


# Each field of an action that names ids → their kind in a combined battery (models.combined).
_ACTION_KINDS = {
    "areas": "area",
    "subareas": "subarea",
    "questions": "question",
    "statements": "question",
    "fidelity_items": "item",
    "fidelity_sections": "section",
    "themes": "theme",
}


def _actions_in_combined_ids(loaded: Loaded[Actions], battery: Combined) -> Loaded[Actions]:
    """The actions with each id they aim at as the combined battery names it (an id only one
    battery has may be written bare or as battery.id)."""
    actions = []
    for action in loaded.model.root:
        update = {
            name: [battery.canonical(kind, i) for i in getattr(action, name)] for name, kind in _ACTION_KINDS.items()
        }
        same = all(update[name] == getattr(action, name) for name in update)
        actions.append(action if same else action.model_copy(update=update))
    if actions == loaded.model.root:
        return loaded
    return Loaded(loaded.model.model_copy(update={"root": actions}), loaded.doc, loaded.written_as)


def load_audit(
    folder: Path,
    catalog: Catalog,
    files: FileSource = DISK,
    limits: Limits = DEFAULT_LIMITS,
    loader: Loader = load_document,
) -> AuditBundle:
    """Every file of one audit, each validated on its own, then the references between them.

    `files` is the working tree by default, or one git revision's files (sources.py);
    `limits` are the repository's (Repository.limits); `loader(path, model, files, limits)`
    loads one file (history passes one that loads each file version once).
    """
    bundle = AuditBundle(folder)
    if isinstance(files, DiskFiles):
        link = leaving_link(folder)
        if link is not None:  # not even the names of what lies there are looked at
            bundle.findings.append(outside_finding(link))
            return bundle

    def take(path: Path, model: type[M]) -> Loaded[M] | None:
        loaded, found, doc = loader(path, model, files, limits)
        bundle.findings.extend(found)
        if doc is not None:
            bundle.documents.append(doc)
        return loaded

    audit_file = folder / "audit.yaml"
    if not files.is_file(audit_file):
        bundle.findings.append(
            Finding(display_path(audit_file), 1, 1, "audit-missing-file", _("every audit folder needs an audit.yaml"))
        )
    else:
        bundle.audit = take(audit_file, Audit)
    if bundle.audit is not None:
        bundle.battery, found = audit_battery(catalog, bundle.audit)
        bundle.findings.extend(found)
    link = leaving_link(folder / INTERVIEWS_DIR) if isinstance(files, DiskFiles) else None
    if link is not None:
        bundle.findings.append(outside_finding(link))
    else:
        bundle.interview_paths = interview_files(folder, files)
    for path in bundle.interview_paths:
        loaded = take(path, Interview)
        if loaded is not None:
            bundle.interviews.append(loaded)
            if len(loaded.model.answers) > limits.max_answers:
                bundle.findings.append(
                    loaded.finding(
                        ("answers",),
                        "interview-too-many-answers",
                        _("{value} answers; at most {max_answers} (limits.max_answers in revision.yaml)").format(
                            value=len(loaded.model.answers), max_answers=limits.max_answers
                        ),
                    )
                )
    bundle.findings.extend(misplaced_interviews(folder, files))
    if bundle.battery is not None:
        bundle.interviews = [_in_battery_groups(loaded, bundle.battery.groups) for loaded in bundle.interviews]
        if isinstance(bundle.battery, Combined):
            bundle.interviews = [_in_combined_ids(loaded, bundle.battery) for loaded in bundle.interviews]
    if files.is_file(folder / "assessment.yaml"):
        bundle.assessment = take(folder / "assessment.yaml", Assessment)
    if files.is_file(folder / "actions.yaml"):
        from revision_cli.models.actions import Actions  # its models cost, and few audits have the file

        bundle.actions = take(folder / "actions.yaml", Actions)
        if bundle.actions is not None and isinstance(bundle.battery, Combined):
            bundle.actions = _actions_in_combined_ids(bundle.actions, bundle.battery)
    if files.is_file(folder / "indicators.yaml"):
        from revision_cli.models.indicators import Indicators  # as for actions: few audits have one

        bundle.indicators = take(folder / "indicators.yaml", Indicators)
    if files.is_file(folder / "meetings.yaml"):
        from revision_cli.models.meetings import Meetings

        bundle.meetings = take(folder / "meetings.yaml", Meetings)
    if files.is_file(folder / "results.yaml"):  # models.results.RESULTS_FILE
        # Its models are made only for an archived audit (README, Performance).
        from revision_cli.models.results import RESULTS_FILE, Results

        bundle.results = take(folder / RESULTS_FILE, Results)
        bundle.interview_digests = _digests(bundle.interview_paths, files)
    from revision_cli.privacy.scanner import masked, watch_list_near

    watch = watch_list_near(folder)
    bundle.findings.extend(check_audit(bundle, watch))
    bundle.findings = masked(bundle.findings, watch)  # no finding repeats personal data
    return bundle
