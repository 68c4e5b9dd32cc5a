"""One audit folder's history, read from git with two processes for the whole history.

This module knows git and nothing about YAML. It runs the real `git` binary at most twice:

1. `git log --first-parent --diff-merges=first-parent --root -M --raw -z …` over the audits
   folder: every commit on the first-parent line that changed a file there, with the blob
   ids of what it added, changed, renamed and deleted;
2. one `git cat-file --batch` fed every blob needed (`History.fill`): none at all when a
   caller already knows the result for every set of blob ids (the history cache).

Replaying the changes from the oldest commit gives every file of the audit folder at every
commit, following renames of the folder (`git mv audits/old audits/new`): the history of
today's folder name goes back through the names it had before. A shallow clone's boundary
commit shows as "everything added" (`--root`); a detached HEAD and merges (followed along
the first parent, each merge shown as its difference from that parent) need nothing
special. When the working tree's files of the audit differ from HEAD's (compared by blob
id, as `git hash-object` computes it), a last pseudo-revision "uncommitted" holds them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from revision_cli.errors import RevisionError
from revision_cli.files.confine import OUTSIDE_MARKER, OutsideRepository, read_regular

UNCOMMITTED = "uncommitted"
_MARK = b"\x01"  # starts each commit's header in the log output
_FORMAT = "--format=%x01%H%x00%aI%x00%an%x00%s%x00"


@dataclass(frozen=True)
class Revision:
    """The audit folder's files at one commit, or in the working tree (`commit` None)."""

    commit: str | None
    date: str | None  # the author date, ISO 8601 with offset
    author: str | None
    subject: str
    folder: Path  # where the audit folder was at this revision (absolute)
    files: dict[Path, bytes] = field(default_factory=dict)  # every file below `folder`, by absolute path
    blobs: dict[Path, str] = field(default_factory=dict)  # the git blob id of each of those files

    @property
    def uncommitted(self) -> bool:
        return self.commit is None

    @property
    def short(self) -> str:
        return UNCOMMITTED if self.commit is None else self.commit[:7]


@dataclass
class _Change:
    status: str  # A, M, D, T, R or C (the similarity score dropped)
    old: str | None
    new: str | None
    blob: str | None  # the blob id after the change (None when deleted or not a regular file)


@dataclass
class _Commit:
    commit: str
    date: str
    author: str
    subject: str
    changes: list[_Change] = field(default_factory=list)


def _git_env() -> dict[str, str]:
    # Messages in English, so that the few we recognise read the same everywhere.
    return {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}


def _run_git(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, env=_git_env())
    except FileNotFoundError:
        raise RevisionError(
            "reading history needs git, and no 'git' command was found on PATH; "
            "install git, or use the commands that read only the working tree "
            "(validate, score, report)"
        ) from None
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc.strerror or exc}") from None


def _git_message(done: subprocess.CompletedProcess[bytes]) -> str:
    text = done.stderr.decode("utf-8", "replace").strip()
    lines = [line.removeprefix("fatal: ").removeprefix("error: ") for line in text.splitlines() if line.strip()]
    return lines[0] if lines else f"git exited with status {done.returncode}"


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def parse_log(output: bytes) -> list[_Commit]:
    """`git log --raw -z` with the header `_FORMAT`, newest first, as commits with their changes."""
    tokens = output.split(b"\0")
    commits: list[_Commit] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip(b"\n")
        if token.startswith(_MARK):
            if i + 3 >= len(tokens):
                raise RevisionError("git log ended in the middle of a commit header")
            commits.append(_Commit(_text(token[1:]), _text(tokens[i + 1]), _text(tokens[i + 2]), _text(tokens[i + 3])))
            i += 4
        elif token.startswith(b":"):
            # :old_mode new_mode old_blob new_blob status, then one path, or two for R and C
            fields = token[1:].split(b" ")
            if len(fields) != 5 or not commits:
                raise RevisionError(f"git log printed a line this tool does not understand: {_text(token)[:80]!r}")
            new_mode, new_blob, status = _text(fields[1]), _text(fields[3]), _text(fields[4])[:1]
            regular = new_mode.startswith("100")  # not a symbolic link, a submodule or a deletion
            old: str | None
            new: str | None
            if status in ("R", "C"):
                old, new = os.fsdecode(tokens[i + 1]), os.fsdecode(tokens[i + 2])
                i += 3
            else:
                old = new = os.fsdecode(tokens[i + 1])
                i += 2
            if status == "D":
                new = None
            if status == "A":
                old = None
            commits[-1].changes.append(_Change(status, old, new, new_blob if regular and new else None))
        else:
            i += 1  # the empty token that ends a header or the output
    return commits


def _parents(path: str) -> Iterator[str]:
    """Every folder above a relative path: a/b/c.yaml → a/b, a."""
    parts = path.split("/")
    for end in range(len(parts) - 1, 0, -1):
        yield "/".join(parts[:end])


def _under(path: str | None, folder: str) -> bool:
    return path is not None and path.startswith(folder + "/")


class _Tree:
    """Paths → blob ids, and for every folder the files below it (so that one audit's files
    come out without going through every other audit's)."""

    def __init__(self) -> None:
        self.blobs: dict[str, str] = {}
        self.folders: dict[str, dict[str, str]] = {}

    def remove(self, path: str | None) -> None:
        if path is not None and self.blobs.pop(path, None) is not None:
            for folder in _parents(path):
                del self.folders[folder][path]

    def put(self, path: str | None, blob: str | None) -> None:
        self.remove(path)
        if path is not None and blob is not None:
            self.blobs[path] = blob
            for folder in _parents(path):
                self.folders.setdefault(folder, {})[path] = blob

    def apply(self, change: _Change) -> None:
        if change.status != "C":  # a copy leaves its source where it was
            self.remove(change.old)
        self.put(change.new, change.blob)

    def count(self, folder: str) -> int:
        return len(self.folders.get(folder, ()))

    def below(self, folder: str) -> dict[str, str]:
        return dict(self.folders.get(folder, {}))


def _renamed_from(commits: list[_Commit]) -> list[dict[str, Counter[str]]]:
    """For each commit (oldest first): folder → the folders its files were renamed from, for
    folders that held no file before the commit (a folder renamed, not files moved into one)."""
    tree = _Tree()
    found: list[dict[str, Counter[str]]] = []
    for commit in commits:
        sources: dict[str, Counter[str]] = {}
        for change in commit.changes:
            if change.status == "R" and change.old and change.new:
                old_parts, new_parts = change.old.split("/"), change.new.split("/")
                # Every split new = F/rest with old = G/rest names a candidate pair G → F.
                for k in range(1, min(len(old_parts), len(new_parts))):
                    if old_parts[-k:] != new_parts[-k:]:
                        break
                    target, source = "/".join(new_parts[:-k]), "/".join(old_parts[:-k])
                    if target != source and not tree.count(target):
                        sources.setdefault(target, Counter())[source] += 1
        found.append(sources)
        for change in commit.changes:
            tree.apply(change)
    return found


def _folder_names(commits: list[_Commit], current: str) -> list[tuple[str, str]]:
    """For each commit (oldest first): the audit folder's name before and after it."""
    renamed = _renamed_from(commits)
    names: list[tuple[str, str]] = []
    folder = current
    for sources in reversed(renamed):
        after = folder
        if folder in sources:
            folder = sources[folder].most_common(1)[0][0]
        names.append((folder, after))
    names.reverse()
    return names


def read_blobs(blobs: list[str], cwd: Path) -> dict[str, bytes]:
    """The contents of the blobs, in one `git cat-file --batch`."""
    if not blobs:
        return {}
    done = _run_git(["cat-file", "--batch"], cwd, "".join(f"{b}\n" for b in blobs).encode())
    if done.returncode != 0:
        raise RevisionError(f"git cat-file failed: {_git_message(done)}")
    out, at, contents = done.stdout, 0, {}
    for blob in blobs:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if len(header) != 3:
            raise RevisionError(f"git cannot find the file version {blob} (a partial or broken clone?)")
        size = int(header[2])
        contents[blob] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return contents


def _working_tree(folder: Path) -> dict[Path, bytes]:
    """The audit folder's files on disk, hidden files and folders left out."""
    files: dict[Path, bytes] = {}
    if not folder.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                path = Path(dirpath) / name
                try:
                    files[path] = read_regular(path)
                except OutsideRepository:
                    files[path] = OUTSIDE_MARKER  # read as a file-outside-repository finding
                except OSError:
                    pass  # a named pipe, a device: no file of the tree
    return files


def _visible(paths: Iterable[Path], folder: Path) -> list[Path]:
    return [p for p in paths if not any(part.startswith(".") for part in p.relative_to(folder).parts)]


def blob_id(data: bytes, length: int = 40) -> str:
    """The id git gives a file with these bytes (`git hash-object`): SHA-1, or SHA-256 in a
    repository whose ids are 64 characters long."""
    digest = hashlib.sha256 if length == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class History:
    """Every revision of an audit folder with the blob id of each file; the bytes of the
    committed ones are read only when asked for (`fill`), in one `git cat-file --batch`."""

    scope: Path
    revisions: list[Revision]

    def fill(self, revisions: list[Revision] | None = None) -> None:
        """Read the files of `revisions` (default: all) that are not read yet."""
        wanted = [r for r in (self.revisions if revisions is None else revisions) if len(r.files) < len(r.blobs)]
        needed = list(dict.fromkeys(blob for r in wanted for path, blob in r.blobs.items() if path not in r.files))
        contents = read_blobs(needed, self.scope)
        for revision in wanted:
            for path, blob in revision.blobs.items():
                revision.files.setdefault(path, contents[blob])


@dataclass
class Log:
    """What `git log` printed for the scope, and the audit folder's files on disk: all that
    an audit's history is made of, before any of it is parsed."""

    folder: Path  # the audit folder (absolute)
    scope: Path  # where git ran, relative to which it named every file
    output: bytes  # empty for a repository without commits
    disk: dict[Path, bytes]  # the working tree's files of the folder (hidden ones left out)

    def digest(self) -> str:
        """A digest of all of it: equal digests, equal histories."""
        h = hashlib.blake2b(digest_size=20)
        for part in (
            os.fsencode(self.folder),
            os.fsencode(self.scope),
            self.output,
            *(item for path, data in self.disk.items() for item in (os.fsencode(path), data)),
        ):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()


def run_log(folder: Path, scope: Path | None = None) -> Log:
    """`git log` over the scope (default: the folder above, the repository's audits/, where
    git looks for the renames of the folder), and the folder's files on disk.

    RevisionError when git is missing or `folder` is not inside a git repository.
    """
    folder = Path(folder).resolve()
    scope = (Path(scope) if scope is not None else folder.parent).resolve()
    folder.relative_to(scope)  # ValueError when the folder is not inside the scope
    done = _run_git(
        [
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--root",
            "-M",
            "--raw",
            "--no-abbrev",
            "-z",
            "--relative",
            "--no-color",
            "--no-show-signature",
            "--encoding=UTF-8",
            _FORMAT,
            "HEAD",
            "--",
            ".",
        ],
        scope,
    )
    output = done.stdout
    if done.returncode != 0:
        message = _git_message(done)
        if "not a git repository" in message:
            raise RevisionError(
                f"'{folder}' is not inside a git repository, so it has no history (the other commands work without git)"
            )
        if "bad revision 'HEAD'" in message or "ambiguous argument 'HEAD'" in message:
            output = b""  # a repository without commits yet
        elif "unrecognized argument" in message or "unknown option" in message:
            raise RevisionError(f"git log failed ({message}); reading history needs git 2.31 or later")
        else:
            raise RevisionError(f"git log failed: {message}")
    return Log(folder, scope, output, _working_tree(folder))


def read_history(folder: Path, scope: Path | None = None, log: Log | None = None) -> History:
    """Every revision of the audit folder `folder`, oldest first, from the commits on
    HEAD's first-parent line that changed it; last, "uncommitted" when the working tree
    differs from HEAD. Runs `git log` only (`run_log`; none when `log` is given): the
    committed revisions carry their blob ids (`Revision.blobs`) and no bytes yet (see
    History.fill); the uncommitted one carries both.

    RevisionError when git is missing or `folder` is not inside a git repository.
    """
    log = log if log is not None else run_log(folder, scope)
    folder, scope = log.folder, log.scope
    name = folder.relative_to(scope).as_posix()
    commits = parse_log(log.output)
    commits.reverse()

    names = _folder_names(commits, name)
    tree = _Tree()
    paths: dict[str, Path] = {}  # one Path object for each file name, shared by the revisions

    def absolute(files: dict[str, str]) -> dict[Path, str]:
        return {paths.get(path) or paths.setdefault(path, scope / path): blob for path, blob in files.items()}

    revisions: list[Revision] = []
    for commit, (before, after) in zip(commits, names, strict=True):
        for change in commit.changes:
            tree.apply(change)
        if any(
            _under(path, f) for change in commit.changes for path in (change.old, change.new) for f in {before, after}
        ):
            revisions.append(
                Revision(
                    commit.commit,
                    commit.date,
                    commit.author,
                    commit.subject,
                    scope / after,
                    blobs=absolute(tree.below(after)),
                )
            )
    head = absolute(tree.below(name))

    # The working tree differs from HEAD when the ids of its files differ from HEAD's: no
    # need to read HEAD's bytes for that.
    disk = log.disk
    length = len(next(iter(head.values()), "")) or 40
    disk_blobs = {path: blob_id(data, length) for path, data in disk.items()}
    if disk_blobs != {path: head[path] for path in _visible(head, folder)}:
        revisions.append(Revision(None, None, None, "uncommitted changes", folder, disk, disk_blobs))
    return History(scope, revisions)


def audit_revisions(folder: Path, scope: Path | None = None) -> list[Revision]:
    """Every revision of the audit folder with the bytes of all its files: `read_history`,
    then one `git cat-file --batch` for every file version (none when there are none)."""
    history = read_history(folder, scope)
    history.fill()
    return history.revisions
