"""Real git repositories for tests: fixed author, committer and dates, no user or system config.

    repo = GitRepo.init(tmp_path / "repo")
    repo.write("audits/x/audit.yaml", "…")
    first = repo.commit("First version", day(1))
    repo.mv("audits/x", "audits/y")
    repo.commit("Rename", day(2), author=BO)
    shallow = repo.clone(tmp_path / "shallow", depth=2)

Every git command runs the real `git` binary. ENV is what a test passes to the command
under test (`run(..., env=ENV)`) so that its git reads no configuration of the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

ANNA = ("Anna Andersson", "anna@example.org")
BO = ("Bo Berg", "bo@example.org")

ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}

REAL_GIT = shutil.which("git")


def day(n: int, hour: int = 10) -> str:
    """A fixed date: day 1 is 2024-01-01, at `hour` o'clock, Central European Time."""
    moment = dt.datetime(2024, 1, 1, hour, 0, 0) + dt.timedelta(days=n - 1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+01:00")


def git_env(date: str | None = None, author: tuple[str, str] = ANNA) -> dict[str, str]:
    env = {
        **os.environ,
        **ENV,
        "GIT_AUTHOR_NAME": author[0],
        "GIT_AUTHOR_EMAIL": author[1],
        "GIT_COMMITTER_NAME": author[0],
        "GIT_COMMITTER_EMAIL": author[1],
    }
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return env


def git(
    cwd: Path, *args: str, date: str | None = None, author: tuple[str, str] = ANNA, input: bytes | None = None
) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=git_env(date, author), input=input, capture_output=True)
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode().strip()


class GitRepo:
    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def init(cls, path: Path, branch: str = "main") -> GitRepo:
        Path(path).mkdir(parents=True, exist_ok=True)
        git(Path(path), "init", "-q", "-b", branch)
        return cls(path)

    def git(
        self, *args: str, date: str | None = None, author: tuple[str, str] = ANNA, input: bytes | None = None
    ) -> str:
        return git(self.path, *args, date=date, author=author, input=input)

    def write(self, rel: str, text: str) -> Path:
        """Write a file (text is dedented), creating its folders."""
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def remove(self, rel: str) -> None:
        (self.path / rel).unlink()

    def commit(self, message: str, date: str, author: tuple[str, str] = ANNA) -> str:
        """Stage everything (git add -A) and commit it; the new commit's id."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date, author=author)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def mv(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def branch(self, name: str) -> None:
        """Create a branch at HEAD and switch to it."""
        self.git("checkout", "-q", "-b", name)

    def checkout(self, ref: str) -> None:
        """Switch to a branch, or detach HEAD at a commit."""
        self.git("checkout", "-q", ref)

    def merge(self, branch: str, message: str, date: str, author: tuple[str, str] = ANNA) -> str:
        """A real merge commit (--no-ff) of `branch` into the current branch."""
        self.git("merge", "-q", "--no-ff", "-m", message, branch, date=date, author=author)
        return self.head()

    def clone(self, target: Path, depth: int | None = None) -> GitRepo:
        """A clone over file://, so that --depth really makes it shallow."""
        args = ["clone", "-q", *(["--depth", str(depth)] if depth else []), self.path.resolve().as_uri(), str(target)]
        git(self.path.parent, *args)
        return GitRepo(target)

    def fast_import(self, stream: str | bytes) -> None:
        """Feed a `git fast-import` stream (fast for long histories), then check out its branch."""
        data = stream.encode() if isinstance(stream, str) else stream
        self.git("fast-import", "--quiet", input=data)
        self.git("reset", "-q", "--hard")


def fast_import_commit(
    ref: str,
    n: int,
    message: str,
    files: dict[str, str] | None = None,
    renames: list[tuple[str, str]] | None = None,
    author: tuple[str, str] = ANNA,
) -> str:
    """One commit of a fast-import stream: `files` written inline, `renames` as R lines; the
    date is day(n). Within one stream each commit to `ref` follows the one before it."""
    stamp = int(dt.datetime.fromisoformat(day(n)).timestamp())
    message_bytes = message.encode()
    lines = [
        f"commit {ref}",
        f"author {author[0]} <{author[1]}> {stamp} +0100",
        f"committer {author[0]} <{author[1]}> {stamp} +0100",
        f"data {len(message_bytes)}",
        message,
    ]
    for old, new in renames or []:
        lines.append(f'R "{old}" "{new}"')
    for path, text in (files or {}).items():
        body = textwrap.dedent(text).encode()
        lines += [f'M 100644 inline "{path}"', f"data {len(body)}", body.decode()]
    return "\n".join(lines) + "\n"


def git_shim(folder: Path, log: Path) -> str:
    """A `git` script in `folder` that writes each invocation's arguments to `log`, one line
    each, and runs the real git; returns a PATH with it first. Git itself still runs."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "git"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{REAL_GIT}" "$@"\n')
    script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
