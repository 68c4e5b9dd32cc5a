"""Where indicators.yaml files lie and loading them: one in an audit's folder (that audit's
own), one in `units/<unit>/` for every audit of the unit. A unit's folder is named as the
site names the unit's page: `unit_slug` of the name audit.yaml gives (`Boendestöd Huddinge`
→ `units/boendestod-huddinge/`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from revision_cli.checks.indicators import check_indicators
from revision_cli.errors import Finding, RevisionError, close_matches
from revision_cli.files.confine import leaving_link
from revision_cli.files.loading import Loaded, load_document
from revision_cli.files.yaml_io import DEFAULT_LIMITS, Limits, outside_finding
from revision_cli.i18n import _
from revision_cli.models.indicators import INDICATORS_FILE, Indicators
from revision_cli.repository.locate import AUDITS_DIR, UNITS_DIR, Repository


def unit_slug(name: str) -> str:
    """A unit's file name: lowercase ASCII, å/ä → a, ö → o (accents dropped), anything else → '-'."""
    ascii_text = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "enhet"


@dataclass
class IndicatorFile:
    """One indicators.yaml: whose it is (an audit's slug or a unit's folder), and as loaded."""

    path: Path
    owner: str
    of_unit: bool
    loaded: Loaded[Indicators] | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.loaded is not None and not any(f.severity.value == "error" for f in self.findings)


def load_indicator_file(path: Path, owner: str, of_unit: bool, limits: Limits = DEFAULT_LIMITS) -> IndicatorFile:
    """The file, its shape and rules checked, and any personal data in it found (a unit's
    file is no audit's, so `validate` scans it here)."""
    from revision_cli.privacy.scanner import document_findings, masked, watch_list_near

    found = IndicatorFile(path, owner, of_unit)
    link = leaving_link(path)
    if link is not None:
        found.findings.append(outside_finding(link))
        return found
    loaded, findings, doc = load_document(path, Indicators, None, limits)
    found.loaded = loaded
    found.findings.extend(findings)
    if loaded is not None:
        found.findings.extend(check_indicators(loaded))
    if of_unit and doc is not None:
        watch = watch_list_near(path.parent)
        found.findings.extend(document_findings(doc, watch))
        found.findings = masked(found.findings, watch)
    return found


def unit_folders(root: Path | None) -> list[Path]:
    folder = root / UNITS_DIR if root is not None else None
    if folder is None or not folder.is_dir() or leaving_link(folder, root) is not None:
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def unit_files(repo: Repository) -> list[IndicatorFile]:
    """Every unit's indicators.yaml, loaded."""
    return [
        load_indicator_file(folder / INDICATORS_FILE, folder.name, True, repo.limits)
        for folder in unit_folders(repo.root)
        if (folder / INDICATORS_FILE).is_file()
    ]


def unit_findings(repo: Repository) -> list[Finding]:
    """What `revision validate` says about the units' files."""
    return [f for file in unit_files(repo) for f in file.findings]


def unit_file_of(repo: Repository, unit: str) -> IndicatorFile | None:
    """The indicators.yaml of the unit named `unit` in audit.yaml, if it has one."""
    if repo.root is None:
        return None
    path = repo.root / UNITS_DIR / unit_slug(unit.strip()) / INDICATORS_FILE
    try:
        if not path.is_file():
            return None
    except OSError:  # a name too long for a folder (or unreadable): no folder can hold its file
        return None
    return load_indicator_file(path, path.parent.name, True, repo.limits)


def audit_file_of(folder: Path, limits: Limits = DEFAULT_LIMITS) -> IndicatorFile | None:
    path = folder / INDICATORS_FILE
    return load_indicator_file(path, folder.name, False, limits) if path.is_file() else None


def _audit_units(repo: Repository) -> dict[str, str]:
    """slug of each unit audit.yaml names → the name as written (read from its `unit:` line
    without parsing the file: a listing needs no more)."""
    line = re.compile(r"^unit:[ \t]*(.+?)[ \t]*(?:#.*)?$", re.MULTILINE)
    found: dict[str, str] = {}
    for folder in repo.audit_folders():
        try:
            text = (folder / "audit.yaml").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        match = line.search(text)
        if match:
            name = match[1].strip().strip("\"'")
            found.setdefault(unit_slug(name), name)
    return found


def indicator_files(repo: Repository, arg: str | None, cwd: Path) -> list[IndicatorFile]:
    """What `revision indicators [UNIT|AUDIT]` shows. No argument: every unit's and every
    audit's file. An audit (slug or folder): its unit's file, then its own. A unit (its name
    as audit.yaml gives it, or its folder under units/): the unit's file, then those of its audits."""
    from revision_cli.files.loading import load
    from revision_cli.models.audit import Audit
    from revision_cli.repository.locate import audit_folder

    if arg is None:
        if repo.root is None:
            raise RevisionError(
                _("no revision.yaml was found here or above (run 'revision init' to create a repository)")
            )
        audits = [audit_file_of(f, repo.limits) for f in repo.audit_folders()]
        return [*unit_files(repo), *(a for a in audits if a is not None)]
    direct = cwd / arg
    named = repo.root / AUDITS_DIR / arg if repo.root is not None else None
    if _is_file(direct / "audit.yaml") or (named is not None and _is_file(named / "audit.yaml")):
        folder = audit_folder(direct if _is_file(direct / "audit.yaml") or named is None else named)
        loaded, _findings = load(folder / "audit.yaml", Audit)
        unit = unit_file_of(repo, loaded.model.unit) if loaded is not None else None
        own = audit_file_of(folder, repo.limits)
        return [f for f in (unit, own) if f is not None]
    if _is_file(direct / INDICATORS_FILE) and direct.resolve().parent.name == UNITS_DIR:
        slug = direct.resolve().name
    else:
        slug = unit_slug(arg)
    units = _audit_units(repo)
    folders = {f.name for f in unit_folders(repo.root)}
    if slug not in units and slug not in folders:
        known = sorted(set(units.values()) | folders)
        close = close_matches(arg, known, n=1)
        hint = _("; did you mean '{id}'?").format(id=close[0]) if close else ""
        raise RevisionError(
            _("'{arg}' is neither an audit nor a unit of this repository{hint}").format(arg=arg, hint=hint)
        )
    found: list[IndicatorFile] = []
    if repo.root is not None and slug in folders and (repo.root / UNITS_DIR / slug / INDICATORS_FILE).is_file():
        found.append(load_indicator_file(repo.root / UNITS_DIR / slug / INDICATORS_FILE, slug, True, repo.limits))
    for folder in repo.audit_folders():
        loaded, _findings = load(folder / "audit.yaml", Audit) if (folder / "audit.yaml").is_file() else (None, [])
        if loaded is not None and unit_slug(loaded.model.unit.strip()) == slug:
            own = audit_file_of(folder, repo.limits)
            if own is not None:
                found.append(own)
    return found


def _is_file(path: Path) -> bool:
    """Whether a path made of what the user typed is a file (a name too long is none)."""
    try:
        return path.is_file()
    except OSError:
        return False
