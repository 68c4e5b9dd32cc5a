"""`revision score`'s and `revision report`'s cache: whole outputs, under `.revision/cache/output/`.

A coordinator runs the same command on the same audit many times a day; most of those runs
find nothing changed. A run that succeeded (exit 0) and printed its output (not `-o FILE`:
which files may be written is the full command's to decide, every time) stores what it
printed, together with a digest of every input it read:

* the invocation: command, options (an empty value is not a missing one), audit, working
  folder, repository (the file's name); the language of the run (i18n.language: a text
  is never served in the other one); whether standard output and error are terminals
  and their encodings, and the environment variables that change how text is printed;
* what lies around every audit (keys.py: the tool, the day, revision.yaml, privacy.yaml,
  the local batteries, which audits exist);
* every file of the audit's folder, and of the audit it follows up (the report compares);
* for `report`, every file of the template folders that could override the built-in ones
  (the repository's `templates/` and `--template DIR`), present or not.

Keying: the invocation names the file; the inputs' digests are its dependencies, each checked
again on the next run. Payload: what was printed. A symbolic link counts by where it leads
and, inside the repository, by what it leads to (keys.py). A later run with the same invocation recomputes these
digests (reading the files, never trusting mtime) and, when all match, prints the stored
output byte for byte: that run is answered before typer, pydantic, the YAML parser or Jinja
load (cli/fast.py). The entry is one of the store's (store.py), sealed over its
invocation, its inputs and its output: an entry edited, truncated, swapped for another or
written by anyone else is not believed. Any mismatch, a cache file that cannot be read or
has the wrong shape, or anything unusual on the command line, and the full command runs
and stores its result anew; a cache that cannot be written is skipped. The score table on a
terminal is drawn by rich for that terminal and is never stored; piped, as JSON or as a
report it is.

Only the standard library and the other modules of cache/ are imported here.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TextIO

from revision_cli import i18n
from revision_cli.cache import keys, store
from revision_cli.files.root import find_root

FORMAT = 3
CACHE_DIR = store.CACHE_DIR / "output"
USER_TEMPLATES = "templates"  # reporting.USER_TEMPLATES, not imported: it loads Jinja
# What click and rich read from the environment to decide how text is printed.
PRINTING = (
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
)


def resolve(arg: str, cwd: Path) -> tuple[Path, Path] | None:
    """(audit folder, repository root) for AUDIT, as repository/locate.py finds them;
    None when it would not find them (the full command explains)."""
    cwd = cwd.resolve()
    here = find_root(cwd)
    if (cwd / arg / "audit.yaml").is_file():
        folder = (cwd / arg).resolve()
    elif here is not None and (here / "audits" / arg / "audit.yaml").is_file():
        folder = (here / "audits" / arg).resolve()
    else:
        return None
    root = here if here is not None and folder.parent.parent == here else find_root(folder)
    return (folder, root) if root is not None else None


def _terminal() -> list[str]:
    """How this process prints: terminals, encodings, the environment that shapes text."""
    fields: list[str] = []
    for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr)):
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = None
        fields.append(f"{name} {tty!r} {getattr(stream, 'encoding', None)!r} {getattr(stream, 'errors', None)!r}")
    return fields + [f"{name}={os.environ.get(name)!r}" for name in PRINTING]


def invocation(command: str, options: Mapping[str, object], arg: str, cwd: Path, folder: Path, root: Path) -> str:
    """The name of the cache file: everything on the command line, where and how it ran."""
    fields = [
        f"output {FORMAT}",
        command,
        arg,
        str(cwd.resolve()),
        str(folder),
        str(root),
        *(f"{name}={options[name]!r}" for name in sorted(options)),
        f"language {i18n.language()}",  # the run's (--lang, revision.yaml, locale): every word printed
        *_terminal(),
    ]
    return store.digest(fields)


def dependencies(
    root: Path, folder: Path, follows_up: str | None, templates: list[Path], fresh: bool = False
) -> list[list[str]]:
    """[kind, path, digest] of everything the output was made from (see the module docstring).
    "repository" and "tree" read through no link that leaves the repository; "anytree" (a
    --template folder elsewhere) is read wherever its links lead. `fresh`: the repository
    looked at again, not as this run first saw it (keys.repository)."""
    within = keys.real(root)
    deps = [
        ["tool", "", keys.tool()],
        ["today", "", keys.day()],
        ["repository", str(root), keys.repository(root, fresh)],
        ["tree", str(folder), _tree(folder, within, fresh)],
    ]
    if follows_up:
        deps.append(["tree", str(folder.parent / follows_up), _tree(folder.parent / follows_up, within, fresh)])
    for path in templates:
        ok = keys.inside(os.path.realpath(path), within)
        deps.append(["tree" if ok else "anytree", str(path), _tree(path, within if ok else None, fresh)])
    return deps


def _tree(folder: str | os.PathLike[str], within: str | None, fresh: bool = False) -> str:
    """keys.tree, looked at once in a run (the fast path's lookup, then the inputs as they
    were before the command's work) unless `fresh` (as they are after it)."""
    if fresh:
        return keys.tree(folder, within=within)
    return keys.kept(("tree", os.fspath(folder), within or ""), lambda: keys.tree(folder, within=within))


def _current(kind: str, where: str, within: str | None) -> str | None:
    if kind == "tool":
        return keys.tool()
    if kind == "today":
        return keys.day()
    if kind == "repository":
        return keys.repository(Path(where))
    if kind in ("tree", "anytree"):
        return _tree(where, within if kind == "tree" else None)
    return None


def lookup(root: Path, name: str, folder: Path | None = None) -> dict[str, Any] | None:
    """The stored output of this invocation when every input is as it was, else None.
    `folder`: the audit's, as `resolve` found it (its entry is then looked at cheaply first)."""
    try:
        within = keys.real(root)
        wanted = None if folder is None else lambda body: _may_match(body, root, folder, within)
        data = store.read(root, CACHE_DIR / f"{name}.json", "output", FORMAT, wanted)
        if data.get("invocation") != name:
            return None
        deps, stdout, stderr = data["deps"], data["stdout"], data["stderr"]
        if not (isinstance(deps, list) and deps and isinstance(stdout, str) and isinstance(stderr, str)):
            return None
        kinds: set[str] = set()
        for dep in deps:
            if not _is_dep(dep):
                return None
            kinds.add(dep[0])
            if _current(dep[0], dep[1], within) != dep[2]:
                return None
        if not {"tool", "today", "repository", "tree"} <= kinds:
            return None  # a file that checks nothing is not believed
        return dict(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _is_dep(dep: object) -> bool:
    return isinstance(dep, list) and len(dep) == 3 and all(isinstance(x, str) for x in dep)


def _may_match(body: bytes, root: Path, folder: Path, within: str | None) -> bool:
    """False when an input the entry lists has changed since: the usual miss, after an edit,
    then costs neither the seal nor parsing the printed report. Only the inputs this run
    names itself are looked at (the tool, the day, the repository, the audit's folder): a
    path read from a file not yet known to be ours is never followed. True otherwise; the
    seal and `lookup` decide. The inputs come before the output (`keep` writes them first)."""
    end = body.find(b',"stdout":')
    try:
        head = store.data_of((body[:end] + b"}").decode("ascii")) if end > 0 else None  # as store.write writes it
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth: the seal decides
        return True
    deps = head.get("deps") if isinstance(head, dict) else None
    if not isinstance(deps, list):
        return True
    ours: dict[tuple[str, str], Callable[[], str]] = {
        ("tool", ""): keys.tool,
        ("today", ""): keys.day,
        ("repository", str(root)): lambda: keys.repository(root),
        ("tree", str(folder)): lambda: _tree(folder, within),
    }
    for dep in deps:
        look = ours.pop((dep[0], dep[1]), None) if _is_dep(dep) else None  # each looked at once
        if look is not None and look() != dep[2]:
            return False
    return True


def keep(root: Path, name: str, deps: list[list[str]], stdout: str, stderr: str) -> None:
    store.write(
        root,
        CACHE_DIR / f"{name}.json",
        "output",
        {"format": FORMAT, "invocation": name, "deps": deps, "stdout": stdout, "stderr": stderr},
    )


class _Tee:
    """sys.stdout / sys.stderr during a recorded run: writes go through and are kept. Anything
    that reaches past write() (the binary buffer, a file descriptor) taints the recording,
    which is then not stored, since it may have missed output."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self.kept = io.StringIO()
        self.tainted = False

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self._stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name in ("buffer", "fileno", "detach"):
            self.tainted = True
        return getattr(self._stream, name)


class _AuditModel(Protocol):
    @property
    def follows_up(self) -> str | None: ...


class _LoadedAudit(Protocol):
    @property
    def model(self) -> _AuditModel: ...


class _Bundle(Protocol):
    @property
    def folder(self) -> Path: ...

    @property
    def audit(self) -> _LoadedAudit | None: ...


class Scored(Protocol):
    """What a recording needs of a scored audit (repository.scored.ScoredAudit, a layer
    above): where its folder is, and which audit it follows up."""

    @property
    def bundle(self) -> _Bundle: ...


class Recording:
    """Keep what a successful score/report run prints, and store it with its inputs.

    with Recording("report", options, arg) as rec:   # options: every option's value
        ...                                           # print as usual
        rec.inputs(scored, templates)                  # what was read
    """

    def __init__(self, command: str, options: Mapping[str, object], arg: str, enabled: bool = True):
        self.command, self.options, self.arg = command, options, arg
        self.enabled = enabled and sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__
        self.deps: list[list[str]] | None = None
        self.before: list[list[str]] | None = None
        self.root: Path | None = None
        self.name: str | None = None

    def __enter__(self) -> Recording:
        if self.enabled:
            # The inputs as they were before anything was read: a file saved while the
            # command runs then differs from them, and the output is not stored.
            found = resolve(self.arg, Path.cwd())
            self.before = dependencies(found[1], found[0], None, []) if found is not None else None
            self.out, self.err = _Tee(sys.stdout), _Tee(sys.stderr)
            sys.stdout, sys.stderr = self.out, self.err
        return self

    def inputs(self, scored: Scored, templates: list[Path]) -> None:
        if not self.enabled:
            return
        cwd = Path.cwd()
        found = resolve(self.arg, cwd)
        if found is None or found[0] != scored.bundle.folder.resolve():
            self.enabled = False  # found another way than the fast path would: not stored
            return
        folder, self.root = found
        audit = scored.bundle.audit.model if scored.bundle.audit is not None else None
        self.name = invocation(self.command, self.options, self.arg, cwd, folder, self.root)
        # Looked at again: a file saved while the command ran differs from `before`.
        self.deps = dependencies(self.root, folder, getattr(audit, "follows_up", None), templates, fresh=True)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not self.enabled:
            return
        sys.stdout, sys.stderr = self.out._stream, self.err._stream
        if self.root is None or self.name is None or self.deps is None or self.before is None:
            return  # the inputs were not recorded (or not found before): nothing to compare
        unchanged = all(dep in self.deps for dep in self.before)
        if kind is None and unchanged and not (self.out.tainted or self.err.tainted):
            keep(self.root, self.name, self.deps, self.out.kept.getvalue(), self.err.kept.getvalue())


def template_folders(root: Path, template: Path | None) -> list[Path]:
    """Every folder whose files could change a report: the repository's templates/ and
    --template DIR (whether they exist or not)."""
    folders = [root / USER_TEMPLATES]
    if template is not None:
        folders.append(Path(template).resolve())
    return folders
