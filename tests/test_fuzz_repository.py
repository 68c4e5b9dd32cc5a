"""Property-based: whole repositories, mutated, through validate, score, report and archive.

Each case copies a small audit repository into a sandbox beside an `outside/` folder (a
secret interview, a folder of interviews, a battery, a template) and applies one to three
mutations: a file's text changed (lines dropped, swapped, retyped, truncated, noise
inserted), re-encoded (UTF-16, Latin-1, a BOM, CRLF, CR, a NUL), grown past a limit, removed,
replaced by a folder or emptied, or a new interview, battery, template or audit added; with
links, a file or folder replaced by a symlink out of the repository, a dangling one, a loop
or a FIFO. Then the reading commands
(validate, twice, the second from its cache; score; report) and the writer (archive --yes)
run, and:

- every command ends with exit 0 or 1 (2, with a one-line message, when no repository is
  left), without a traceback, within a time limit (nothing hangs);
- no file outside the repository is changed, created or removed;
- no reading command changes a user file (the tool's own `.revision/` aside);
- nothing read through a link out of the repository shows in the output;
- every finding points at a line inside its file;
- an archive that fails leaves the repository as it was.

A third property runs several `archive --yes` at once beside a reader: the audit ends
archived or as it was.

Profiles: REVISION_FUZZ_EXAMPLES sets the number of cases of each property (a short run in
`make test`, 10,000 in `make fuzz`); REVISION_FUZZ_LOG names a file that gets one JSON line
per case (the mutations, exit codes and seconds), for the figures in SECURITY.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import EXAMPLE_AUDIT, EXAMPLES, snapshot
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

EXAMPLES_PER_PROPERTY = int(os.environ.get("REVISION_FUZZ_EXAMPLES", "8"))
FUZZ_LOG = os.environ.get("REVISION_FUZZ_LOG")
COMMAND_SECONDS = 30  # a command here takes a second or two (seven on a busy machine); only a hang reaches it
SECRET = "SECRET-OUTSIDE-4711"
AUDIT = Path("audits") / EXAMPLE_AUDIT
INTERVIEWS = AUDIT / "interviews"
FINDING = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (error|warning) \[[a-z0-9-]+\] ", re.MULTILINE)
# No shrinking: each case runs five commands, and a failure prints its mutations as they are.
FUZZ = settings(
    max_examples=EXAMPLES_PER_PROPERTY,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    derandomize=False,
)


# ---- the sandbox ------------------------------------------------------------------------------


def make_sandbox(root: Path) -> Path:
    """`root/repo` (the example's revision.yaml and one audit) and `root/outside`."""
    repo = root / "repo"
    repo.mkdir()
    shutil.copyfile(EXAMPLES / "revision.yaml", repo / "revision.yaml")
    shutil.copytree(EXAMPLES / AUDIT, repo / AUDIT)
    outside = root / "outside"
    (outside / "interviews").mkdir(parents=True)
    interview = f"respondent: x1\ngroup: brukare\nconsent: true\n{SECRET}: 1\n"
    (outside / "secret.yaml").write_text(interview, encoding="utf-8")
    (outside / "interviews" / "x1.yaml").write_text(interview, encoding="utf-8")
    (outside / "battery.yaml").write_text(f"id: {SECRET.lower()}\nversion: 1\n", encoding="utf-8")
    (outside / "report.md.j2").write_text(f"{SECRET}\n", encoding="utf-8")  # for a linked templates/
    return repo


def outside_state(root: Path) -> dict:
    """Every entry of the sandbox outside the repository, with bytes for files."""
    state = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == "repo":
            continue
        state[str(relative)] = path.read_bytes() if path.is_file() and not path.is_symlink() else path.is_dir()
    return state


def yaml_files(repo: Path) -> list[Path]:
    return sorted(p.relative_to(repo) for p in repo.rglob("*.yaml") if p.is_file() and not p.is_symlink())


# ---- mutations -----------------------------------------------------------------------------

NASTY_CHARS = [
    "\x00",
    "\x07",
    "\x1b[2J",
    "\t",
    "\r",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u0085",
    ":",
    "- ",
    "&a ",
    "*a",
    "{",
    "[",
    "'",
    '"',
    "#",
    "|",
    ">",
    "!!python/object:os.system ",
    "%YAML 1.1\n",
    "010",
    "ä",
]
NEW_VALUES = [
    "[]",
    "{}",
    "1",
    "-7",
    "010",
    "0.5",
    "null",
    "true",
    "yes",
    "'x'",
    "2012-13-45",
    "2012-10-15 10:00:00",
    "[a, {b: c}]",
    "|\n  x",
    "*a",
    "&a x",
    '"\\e]0;x\\a"',
    "А",
]


def _edit(draw, repo: Path) -> str:
    files = yaml_files(repo)
    if not files:
        return "edit: nothing"
    target = draw(st.sampled_from(files))
    text = (repo / target).read_bytes().decode("utf-8", errors="replace")
    lines = text.splitlines(keepends=True) or [""]
    index = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["drop", "duplicate", "swap", "retype", "truncate", "insert"]))
    if kind == "drop":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "retype" and ": " in lines[index]:
        lines[index] = f"{lines[index].split(': ', 1)[0]}: {draw(st.sampled_from(NEW_VALUES))}\n"
    elif kind == "truncate":
        lines = [text[: draw(st.integers(0, len(text)))]]
    else:
        at = draw(st.integers(0, len(text)))
        lines = [text[:at], draw(st.sampled_from(NASTY_CHARS) | st.text(max_size=8)), text[at:]]
    (repo / target).write_bytes("".join(lines).encode("utf-8", errors="surrogatepass"))
    return f"edit {kind} {target}:{index + 1}"


def _encode(draw, repo: Path) -> str:
    target = draw(st.sampled_from(yaml_files(repo) or [Path("revision.yaml")]))
    path = repo / target
    text = path.read_bytes().decode("utf-8", errors="replace") if path.is_file() else "x: 1\n"
    kind = draw(st.sampled_from(["utf-16", "latin-1", "bom", "crlf", "nul", "cr"]))
    data = {
        "utf-16": lambda: text.encode("utf-16"),
        "latin-1": lambda: text.encode("latin-1", errors="replace"),
        "bom": lambda: b"\xef\xbb\xbf" + text.encode("utf-8"),
        "crlf": lambda: text.replace("\n", "\r\n").encode("utf-8"),
        "nul": lambda: text.encode("utf-8") + b"\x00",
        "cr": lambda: text.replace("\n", "\r").encode("utf-8"),
    }[kind]()
    path.write_bytes(data)
    return f"encode {kind} {target}"


def _grow(draw, repo: Path) -> str:
    kind = draw(st.sampled_from(["past-size-limit", "many-answers", "long-line", "deep"]))
    files = [repo / f for f in yaml_files(repo)]
    if not files:
        return "grow: nothing"
    target = repo / INTERVIEWS / "b1.yaml" if repo / INTERVIEWS / "b1.yaml" in files else files[0]
    if kind == "past-size-limit":
        target.write_bytes(target.read_bytes() + b"# " + b"x" * (1024 * 1024) + b"\n")
    elif kind == "many-answers":
        answers = "".join(f"  extra-{i}: ja\n" for i in range(1200))
        target.write_text("respondent: b1\ngroup: brukare\nconsent: true\nanswers:\n" + answers, encoding="utf-8")
    elif kind == "long-line":
        target.write_bytes(target.read_bytes() + b"note: " + b"a" * 200_000 + b"\n")
    else:
        target.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    return f"grow {kind} {target.relative_to(repo)}"


def _add(draw, repo: Path) -> str:
    kind = draw(st.sampled_from(["interview", "battery", "template", "audit-copy"]))
    if kind == "interview" and (repo / INTERVIEWS).is_dir():
        code = draw(st.sampled_from(["b7", "b1", "B7", "ä1", "x\u200b1"]))
        (repo / INTERVIEWS / f"{code}.yaml").write_text(
            f"respondent: {code}\ngroup: brukare\nconsent: true\nanswers:\n  motet-valkommen: ja\n", encoding="utf-8"
        )
    elif kind == "battery":
        (repo / "batteries").mkdir(exist_ok=True)
        (repo / "batteries" / "goteborg.yaml").write_text("id: goteborg\nversion: 1\ntitle: Kopia\n", encoding="utf-8")
    elif kind == "template":
        (repo / "templates").mkdir(exist_ok=True)
        (repo / "templates" / "report.md.j2").write_text(
            draw(st.sampled_from(["{{ r.title }}\n", "{% for %}\n", "{{ ''.__class__ }}\n", "{{ r.x.y.z }}\n"])),
            encoding="utf-8",
        )
    elif (repo / AUDIT).is_dir():
        with contextlib.suppress(shutil.Error):  # a FIFO is not copied; the rest is
            shutil.copytree(repo / AUDIT, repo / "audits" / "2013-kopia", symlinks=True, dirs_exist_ok=True)
    return f"add {kind}"


def _remove(draw, repo: Path) -> str:
    candidates = [
        Path("revision.yaml"),
        AUDIT / "audit.yaml",
        AUDIT / "assessment.yaml",
        AUDIT / "actions.yaml",
        INTERVIEWS,
        INTERVIEWS / "b1.yaml",
    ]
    target = draw(st.sampled_from(candidates))
    path = repo / target
    kind = draw(st.sampled_from(["delete", "folder-instead", "empty"]))
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    if kind == "folder-instead":
        path.mkdir(parents=True, exist_ok=True)
    elif kind == "empty" and path.parent.is_dir():
        path.write_bytes(b"")
    return f"remove {kind} {target}"


def _link(draw, repo: Path) -> str:
    """A file or folder the tool reads, replaced by a link that leaves the repository (or
    dangles, or loops), or by a FIFO."""
    outside = repo.parent / "outside"
    target = draw(
        st.sampled_from(
            [
                INTERVIEWS / "b1.yaml",
                INTERVIEWS / "link.yaml",
                AUDIT / "audit.yaml",
                AUDIT / "assessment.yaml",
                Path("revision.yaml"),
                INTERVIEWS,
                Path("batteries") / "b.yaml",
                Path("batteries"),
                Path("templates"),
                Path("privacy.yaml"),
                Path("templates") / "labels.yaml",
            ]
        )
    )
    kind = draw(st.sampled_from(["outside-absolute", "outside-relative", "dangling", "loop", "fifo"]))
    path = repo / target
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return f"link: nothing, {target.parent} is not a folder"
    if not path.parent.is_dir():
        return f"link: nothing, {target.parent} is not a folder"
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    folder = target in (INTERVIEWS, Path("batteries"), Path("templates"))
    source = outside / (
        "interviews"
        if target == INTERVIEWS
        else ""
        if folder
        else "battery.yaml"
        if target.parts[0] == "batteries"
        else "secret.yaml"
    )
    if kind == "outside-absolute":
        path.symlink_to(source)
    elif kind == "outside-relative":
        path.symlink_to(os.path.relpath(source, path.parent))
    elif kind == "dangling":
        path.symlink_to(outside / "nothing-here.yaml")
    elif kind == "loop":
        path.symlink_to(path.name)
    else:
        os.mkfifo(path)
    return f"link {kind} {target}"


SAFE_MUTATIONS = [_edit, _encode, _grow, _add, _remove]


@st.composite
def mutated_repository(draw, mutations=SAFE_MUTATIONS):
    """A function that mutates a fresh sandbox repository and returns what it did."""
    plan = draw(st.lists(st.sampled_from(mutations), min_size=1, max_size=3))
    data = draw(st.data())

    def apply(repo: Path) -> list[str]:
        done = []
        for mutate in plan:
            try:
                done.append(mutate(data.draw, repo))
            except OSError as exc:  # an earlier mutation left no room for it (a link where a folder was)
                done.append(f"{mutate.__name__}: not applied ({exc.strerror or exc})")
        return done

    apply.plan = [m.__name__ for m in plan]
    return apply


# ---- running commands ----------------------------------------------------------------------


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    """Interrupts the command (even one blocked opening a FIFO) after `seconds`."""

    def alarm(signum, frame):
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(repo: Path, *args: str):
    from typer.testing import CliRunner

    from revision_cli.cli.app import app

    here = os.getcwd()
    os.chdir(repo)
    try:
        with time_limit(COMMAND_SECONDS):
            result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})
    finally:
        os.chdir(here)
    return result


def check_command(result, repo: Path, args: tuple) -> None:
    if isinstance(result.exception, Hang):
        raise AssertionError(f"{args} hangs: {result.exception}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError(f"{args} raised: " + "".join(traceback.format_exception(result.exception)))
    output = result.stdout + result.stderr
    # 2 is "wrong usage", which a repository without a readable revision.yaml becomes.
    assert result.exit_code in (0, 1) or result.exit_code == 2 and output.startswith("revision: "), (
        args,
        result.exit_code,
        output[-2000:],
    )
    assert "Traceback" not in output, (args, output[-2000:])
    assert SECRET not in output and SECRET.lower() not in output, (args, "read through a link", output[-2000:])
    for match in FINDING.finditer(output):
        path = repo / match["path"]
        if path.is_file() and not path.is_symlink():
            assert 1 <= int(match["line"]) <= yaml_lines(path.read_bytes()), (args, match.group(0))


def yaml_lines(raw: bytes) -> int:
    """Lines as YAML (and an editor) counts them: CR, LF, CRLF, NEL and the Unicode separators."""
    text = raw.decode("utf-8", errors="replace")
    return max(len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", text)), len(text.splitlines())) + 1


READING = [
    ("validate",),
    ("validate",),
    ("score", EXAMPLE_AUDIT, "--format", "json"),
    ("report", EXAMPLE_AUDIT, "--format", "md"),
]


def run_case(apply) -> dict:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="revision-fuzz-") as tmp:
        root = Path(tmp)
        repo = make_sandbox(root)
        mutations = apply(repo)
        outside = outside_state(root)
        codes = {}
        try:
            for args in READING:
                before = snapshot(repo)
                result = invoke(repo, *args)
                check_command(result, repo, args)
                assert snapshot(repo) == before, (args, "a reading command changed a user file")
                codes[" ".join(args[:1])] = result.exit_code
            before = snapshot(repo)
            result = invoke(repo, "archive", EXAMPLE_AUDIT, "--yes")
            check_command(result, repo, ("archive",))
            codes["archive"] = result.exit_code
            if result.exit_code != 0:
                assert snapshot(repo) == before, ("archive failed and changed the repository", result.stdout[-1000:])
            assert outside_state(root) == outside, "a file outside the repository was touched"
        except AssertionError as failure:
            raise AssertionError(f"mutations: {mutations}\n{failure}") from None
        finally:
            log(mutations, codes, time.monotonic() - started)
    return codes


def log(mutations: list[str], codes: dict, seconds: float) -> None:
    if FUZZ_LOG:
        with open(FUZZ_LOG, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"mutations": mutations, "exit": codes, "seconds": round(seconds, 3)}) + "\n")


# ---- the properties ------------------------------------------------------------------------


@FUZZ
@given(apply=mutated_repository())
def test_mutated_repositories_never_crash_leak_or_change_files(apply):
    run_case(apply)


@FUZZ
@given(apply=mutated_repository(mutations=[*SAFE_MUTATIONS, _link, _link]))
def test_links_and_fifos_are_never_followed(apply):
    run_case(apply)


def _revision() -> str:
    return str(Path(sys.executable).with_name("revision"))


@settings(
    max_examples=max(1, EXAMPLES_PER_PROPERTY // 8),
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(writers=st.integers(2, 4), reader=st.booleans())
def test_concurrent_archives_finish_or_change_nothing(writers, reader):
    """Several `archive --yes` at once (and a reader beside them): each exits 0 or 1 without
    a traceback, and the audit ends either archived (results.yaml, no interviews) or as it was."""
    with tempfile.TemporaryDirectory(prefix="revision-fuzz-") as tmp:
        repo = make_sandbox(Path(tmp))
        before = snapshot(repo)
        commands = [[_revision(), "archive", EXAMPLE_AUDIT, "--yes"]] * writers
        if reader:
            commands.append([_revision(), "report", EXAMPLE_AUDIT, "--format", "md"])
        processes = [
            subprocess.Popen(c, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands
        ]
        outputs = [(p.wait(timeout=120), *p.communicate()) for p in processes]
        for code, out, err in outputs:
            assert code in (0, 1) and "Traceback" not in out + err, (code, out[-500:], err[-2000:])
        after = snapshot(repo)
        archived = (repo / AUDIT / "results.yaml").is_file() and not list((repo / AUDIT).glob("interviews/*.yaml"))
        assert archived or after == before, sorted(set(after) ^ set(before))
        assert any(code == 0 for code, _, _ in outputs[:writers]) == archived
