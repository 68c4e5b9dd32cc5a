"""The batteries an audit can use: built in (shipped in the package) and local (`batteries/`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from revision_cli.checks.battery import check_battery
from revision_cli.errors import Finding, close_matches
from revision_cli.files.confine import leaving_link
from revision_cli.files.loading import Loaded, load_document
from revision_cli.files.yaml_io import DEFAULT_LIMITS, Limits, YamlDocument, outside_finding
from revision_cli.i18n import _
from revision_cli.models.battery import Battery

BUILTIN_FOLDER = "question_batteries"
# load_document, or one that reads through a cache of parsed files (cache/parsed.py).
Loader = Callable[
    [Path, type[Battery], None, Limits], tuple[Loaded[Battery] | None, list[Finding], YamlDocument | None]
]
_REF = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)(?:@(?P<version>[1-9][0-9]*))?$")


def builtin_battery_files() -> list[Path]:
    from revision_cli.files.packaged import packaged

    folder = packaged(BUILTIN_FOLDER)
    if not folder.is_dir():
        return []
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith((".yaml", ".yml")))


@dataclass
class CatalogEntry:
    """One battery of the catalog. A built-in one is read only when something asks for it:
    its id and version come from its header (`_header`), so that a command parses just the
    battery its audit names (README, Performance)."""

    path: Path
    builtin: bool
    _loaded: Loaded[Battery] | None = None

    @property
    def loaded(self) -> Loaded[Battery]:
        if self._loaded is None:
            loaded, findings, _doc = load_battery(self.path)
            if loaded is None or any(f.severity.value == "error" for f in findings):
                from revision_cli.errors import RevisionError

                first = (
                    findings[0].format() if findings else _("it does not declare the id and version its header names")
                )
                raise RevisionError(
                    _("the built-in battery {name} cannot be used (reinstall revision): {first}").format(
                        name=self.path.name, first=first
                    )
                )
            self._loaded = loaded
        return self._loaded

    @property
    def battery(self) -> Battery:
        return self.loaded.model


@dataclass
class Catalog:
    entries: dict[tuple[str, int], CatalogEntry] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    broken: dict[str, str] = field(default_factory=dict)  # id → file of a local battery with errors

    def ids(self) -> list[str]:
        return sorted({bid for bid, _ in self.entries})

    def versions(self, battery_id: str) -> list[int]:
        return sorted(v for bid, v in self.entries if bid == battery_id)

    def resolve(self, ref: str) -> tuple[CatalogEntry | None, str]:
        """The battery `ref` names (id or id@version; no version: the latest), or why not."""
        match = _REF.match(ref or "")
        if not match:
            return None, _("{ref!r} is not a battery reference; write it as id@version, e.g. goteborg@1").format(
                ref=ref
            )
        battery_id, version = match["id"], match["version"]
        versions = self.versions(battery_id)
        if battery_id in self.broken and (not versions or version and int(version) not in versions):
            return None, _("the battery '{battery_id}' in {broken} has errors; see 'revision validate'").format(
                battery_id=battery_id, broken=self.broken[battery_id]
            )
        if not versions:
            close = close_matches(battery_id, self.ids(), n=1)
            hint = (
                _("; did you mean '{id}'?").format(id=close[0])
                if close
                else _("; available: {ids}").format(ids=", ".join(self.ids()) or _("none"))
            )
            return None, _("no battery with id '{battery_id}'{hint}").format(battery_id=battery_id, hint=hint)
        wanted = int(version) if version else versions[-1]
        entry = self.entries.get((battery_id, wanted))
        if entry is None:
            listed = ", ".join(f"{battery_id}@{v}" for v in versions)
            return None, _("battery '{battery_id}' has no version {wanted}; available: {listed}").format(
                battery_id=battery_id, wanted=wanted, listed=listed
            )
        return entry, ""


# A built-in battery's top-level `id:` and `version:` lines, in the plain form every shipped
# battery uses (tests/test_output_cache.py keeps each equal to what parsing the file gives).
_HEADER_ID = re.compile(r"id:[ \t]*([a-z0-9][a-z0-9-]*)[ \t]*(?:#.*)?")
_HEADER_VERSION = re.compile(r"version:[ \t]*([1-9][0-9]*)[ \t]*(?:#.*)?")


def _header(path: Path) -> tuple[str, int] | None:
    """(id, version) from the file's top-level lines without parsing it; None when they are
    not there exactly once each in that plain form (the file is then parsed at once)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # The lines that start so, each matched whole: a multi-line pattern would be tried at
    # every character of every built-in battery, on every run that opens the catalogue.
    lines = [line for line in text.split("\n") if line.startswith(("id:", "version:"))]
    ids = [m.group(1) for m in map(_HEADER_ID.fullmatch, lines) if m]
    versions = [m.group(1) for m in map(_HEADER_VERSION.fullmatch, lines) if m]
    if len(ids) != 1 or len(versions) != 1:
        return None
    return ids[0], int(versions[0])


def load_catalog(repo_root: Path | None, kept: bool = False) -> Catalog:
    """`kept`: the local batteries as parsed are kept under .revision/ (cache/parsed.py)."""
    catalog = Catalog()
    for path in builtin_battery_files():
        header = _header(path)
        if header is not None and header not in catalog.entries:
            catalog.entries[header] = CatalogEntry(path, builtin=True)
        else:
            _add(catalog, path, builtin=True)
    if repo_root is not None and (repo_root / "batteries").is_dir():
        link = leaving_link(repo_root / "batteries", repo_root)
        if link is not None:  # not even the names of what lies there are looked at
            catalog.findings.append(outside_finding(link))
            return catalog
        local = sorted(p for p in (repo_root / "batteries").iterdir() if p.suffix in {".yaml", ".yml"})
        if kept and local:
            from revision_cli.cache.parsed import ParsedFiles

            parsed = ParsedFiles(repo_root, repo_root / "batteries", models=(Battery,))
            for path in local:
                _add(catalog, path, builtin=False, loader=parsed.loader)
            parsed.save()
        else:
            for path in local:
                _add(catalog, path, builtin=False)
    return catalog


def load_battery(path: Path, loader: Loader = load_document) -> tuple[Loaded[Battery] | None, list[Finding], str]:
    """A battery file: the model, its findings (schema and integrity), and the id it declares."""
    loaded, findings, doc = loader(path, Battery, None, DEFAULT_LIMITS)
    if loaded is not None:
        findings = [*findings, *check_battery(loaded)]
    declared = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
    return loaded, findings, declared if isinstance(declared, str) else path.stem


def _add(catalog: Catalog, path: Path, builtin: bool, loader: Loader = load_document) -> None:
    loaded, findings, battery_id = load_battery(path, loader)
    if not builtin:
        catalog.findings.extend(findings)
    if loaded is None or any(f.severity.value == "error" for f in findings):
        catalog.broken[battery_id] = findings[0].path if findings else str(path)
        return
    key = (loaded.model.id, loaded.model.version)
    if key in catalog.entries:
        other = catalog.entries[key]
        where = _("a built-in battery") if other.builtin else other.loaded.doc.display
        catalog.findings.append(
            loaded.finding(
                ("id",),
                "battery-duplicate",
                _("{ref} is already defined by {where}; raise the version or change the id").format(
                    ref=loaded.model.ref, where=where
                ),
            )
        )
        return
    catalog.entries[key] = CatalogEntry(path, builtin, loaded)
