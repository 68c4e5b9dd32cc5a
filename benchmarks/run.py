"""The speed benchmark: each `revision` command against the best this machine does, measured
in the same run.

    python benchmarks/run.py                       # 1,000 audits × 30 interviews, 5 runs each
    python benchmarks/run.py --audits 3 --interviews 4 --questions 10 --commits 5 --runs 1

It generates (or reuses, under --out) a deterministic audit repository (benchmarks/corpus.py),
checks that `revision validate` accepts it, then runs every scenario as whole processes, each
command paired with its *floor*, run alternately so that drift of the machine hits both:

  startup   `revision --help`              vs  python -c "import typer"
  interview `revision interview S zz1` until  vs  python -c "import typer"
            its first question is printed
  one audit `revision validate audits/S`   vs  python importing typer, pydantic and PyYAML and
            `revision score S`                 parsing the audit's files (and revision.yaml and
            `revision report S --format html`  its battery) with yaml.CSafeLoader; score also
            (cache warm, after an edit,        imports rich, report jinja2
            no cache)
  corpus    `revision validate` cold (no .revision/ cache) and warm (nothing changed)
                                           vs  one Python process parsing every YAML file of
                                               the repository with yaml.CSafeLoader
  history   `revision history S`           vs  the same `git log` and one `git cat-file --batch`
            (C commits; no cache, warm)        for every blob, in Python, with no other work
  long text `revision validate --no-cache`  vs  the same on an interview of 1 MiB of ordinary
            on an interview whose free text      prose: every personal-data detector is linear,
            is one 1 MiB token (no spaces)       so one long token costs what ordinary text does
  import    `revision import` of a CSV export vs  `revision validate --no-cache` of the interview
            of 1,000 rows (--import-rows) to      files that import writes (imported once into a
            the corpus's battery, into an         second audit before timing)
            empty audit
  word      `revision report S -o FILE.docx`  vs  python-docx alone building a document of the
                                                  same headings, paragraphs and tables (the
                                                  report's own texts) and saving it
  export    `revision export -o FILE.csv` of  vs  the csv module writing the same rows (read from
            every audit of the corpus, cache      the export's JSON, made once before timing,
            warm (the JSON's export made it)      which leaves each audit's rows in the cache)

"Cache warm" runs again with nothing changed; "after an edit" changes one interview file of
the audit before each run (a comment line comes and goes: the audit's cached results no
longer apply, everything else is as the previous run left it), which is what a person
editing a file meets; "no cache" deletes the repository's .revision/ before each run (a
fresh clone; the user's own folder, ~/.cache/revision, stays: it holds nothing of any
repository). Budgets (BUDGETS) judge the rows the issue describes: one audit's commands
both cache warm and after an edit, history cache warm, the corpus both cold and warm. The
no-cache rows of one audit and of history are printed for information ("info"). The floors
stay what the issue names whether or not a run is answered from the cache: a cached run
imports neither typer nor pydantic, but the floor keeps them, since the command needs them
whenever it works.

Other work on the machine inflates whatever it overlaps, and a two-process run more than a
one-process floor. Each pair therefore starts once the machine is about idle (up to 30 s
of waiting, --quiet-wait), and a pair during which other processes used over a tenth of a CPU (from
/proc/stat, minus the child's own CPU time) is run again, up to --retries times; the
header says how many were. The interpreter of every floor is the one of the revision executable's venv. Wall time is
time.perf_counter around each process; peak memory is the child's ru_maxrss from os.wait4
(the largest single process among it and the workers it waited for). Prints median, min and
max of each, the floor's median, the ratio median / floor median and PASS / FAIL against the
budget, then a Markdown table; --json FILE writes everything. Exits 0 whatever the ratios (it
reports; budgets are judged by reading it), 1 when the corpus is invalid or a command fails.

Only the standard library is needed to run this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Params, ensure, import_case, long_text  # noqa: E402

BUDGETS = {
    "startup": 1.25,
    "audit": 1.5,
    "edit": 1.5,
    "cold": 1.0,
    "warm": 0.1,
    "history": 2.0,
    "long token": 1.5,
    "import": 1.5,
    "docx": 1.5,
    "export": 1.5,
}
MEMORY_BUDGET_MB = 500
COLD_NOTE = (
    "cold / no cache = .revision/ deleted before each run; the files are in the page cache "
    "(a cold cache, not a cold disk)"
)

# Parse every YAML file named (folders: walked, dot-folders skipped) with the C loader.
PARSE = r"""
import os, sys
{imports}
import yaml
loader = yaml.CSafeLoader
def walk(root):
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                yield os.path.join(folder, name)
count = 0
for arg in sys.argv[1:]:
    for path in (walk(arg) if os.path.isdir(arg) else [arg]):
        with open(path, "rb") as f:
            yaml.load(f.read(), Loader=loader)
        count += 1
if not count:
    sys.exit("no YAML files found")
"""

# What revision_cli/gitlog.py runs, with no other work: git log, then one cat-file for every blob.
GIT_FLOOR = r"""
import os, subprocess, sys
env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}
log = subprocess.run(["git", "log", "--first-parent", "--diff-merges=first-parent", "--root", "-M", "--raw",
                      "--no-abbrev", "-z", "--relative", "--no-color", "--no-show-signature", "--encoding=UTF-8",
                      "--format=%x01%H%x00%aI%x00%an%x00%s%x00", "HEAD", "--", "."],
                     cwd=sys.argv[1], capture_output=True, env=env, check=True).stdout
blobs = {}
for token in log.split(b"\0"):
    token = token.lstrip(b"\n")
    if token.startswith(b":"):
        fields = token[1:].split(b" ")
        if len(fields) == 5 and fields[3].strip(b"0"):
            blobs[fields[3]] = None
out = subprocess.run(["git", "cat-file", "--batch"], cwd=sys.argv[1], input=b"".join(b + b"\n" for b in blobs),
                     capture_output=True, env=env, check=True).stdout
if len(blobs) < 1 or out.count(b" blob ") < len(blobs):
    sys.exit("git cat-file returned fewer blobs than asked for")
"""

# The shape of a Word report, read back with python-docx (in the revision venv's Python): every
# block of the body in order, a paragraph as [style, text], a table as its rows of cell texts.
DOCX_SHAPE = r"""
import json, sys
import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
doc = docx.Document(sys.argv[1])
blocks = []
for child in doc.element.body.iterchildren():
    if child.tag == qn("w:p"):
        p = Paragraph(child, doc.part)
        blocks.append(["p", p.style.name, p.text])
    elif child.tag == qn("w:tbl"):
        blocks.append(["t", [[c.text for c in row.cells] for row in Table(child, doc.part).rows]])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(blocks, f, ensure_ascii=False)
"""

# The floor of a Word report: python-docx alone building a document of the same size — the
# same headings, paragraphs in the same styles and tables with the same cell texts — with its
# plain calls, and saving it.
DOCX_FLOOR = r"""
import json, sys
import docx
with open(sys.argv[1], encoding="utf-8") as f:
    blocks = json.load(f)
doc = docx.Document()
for block in blocks:
    if block[0] == "p":
        doc.add_paragraph(block[2], style=block[1])
    else:
        rows = block[1]
        table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows), style="Table Grid")
        for row, texts in zip(table.rows, rows):
            for cell, text in zip(row.cells, texts):
                cell.text = text
doc.save(sys.argv[2])
"""

# The floor of `revision export`: the same rows (from the export's own JSON, made once before
# timing) written with the csv module.
EXPORT_FLOOR = r"""
import csv, json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
columns = data["columns"]
def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(columns)
    for row in data["rows"]:
        writer.writerow([cell(row[c]) for c in columns])
"""

IMPORTS = {
    "validate": "import typer\nfrom pydantic import BaseModel",
    "score": "import typer\nfrom pydantic import BaseModel\nimport rich.console, rich.table",
    "report": "import typer\nfrom pydantic import BaseModel\nimport jinja2",
}


class BenchError(Exception):
    pass


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    def add(self, seconds: float, peak: int) -> None:
        self.seconds.append(seconds)
        self.peak_kib.append(peak)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kib) / 1024


@dataclass
class Row:
    scenario: str
    command: str
    floor_command: str
    budget: float | None  # None: shown for information, judged by no budget (see BUDGET_ROWS)
    runs: Sample
    floor: Sample

    @property
    def ratio(self) -> float:
        return self.runs.median / self.floor.median

    @property
    def passed(self) -> bool | None:
        return None if self.budget is None else self.ratio <= self.budget

    @property
    def verdict(self) -> str:
        return "info" if self.passed is None else "PASS" if self.passed else "FAIL"

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario,
            "command": self.command,
            "floor_command": self.floor_command,
            "median_s": self.runs.median,
            "min_s": min(self.runs.seconds),
            "max_s": max(self.runs.seconds),
            "floor_median_s": self.floor.median,
            "floor_min_s": min(self.floor.seconds),
            "floor_max_s": max(self.floor.seconds),
            "ratio": self.ratio,
            "budget": self.budget,
            "pass": self.passed,
            "peak_mb": self.runs.peak_mb,
            "floor_peak_mb": self.floor.peak_mb,
            "runs_s": self.runs.seconds,
            "floor_runs_s": self.floor.seconds,
            "peak_kib": self.runs.peak_kib,
            "floor_peak_kib": self.floor.peak_kib,
        }


@dataclass
class Runner:
    env: dict[str, str]
    log: object = print

    retries: int = 3  # times a pair disturbed by other work is run again (0: never)
    quiet_wait: float = 30.0  # seconds to wait at most for an idle machine before each pair
    disturbed: int = 0  # pairs run again because other work took CPU during them
    foreign: float = 0.0  # the other work's CPU seconds during the last measure()

    def measure(self, args: list[str], cwd: Path, until: bytes | None = None) -> tuple[float, int]:
        """Run one process to its end: wall seconds and peak RSS in KiB; BenchError on failure.
        Also sets self.foreign: CPU seconds the rest of the machine used meanwhile. With
        `until`, the seconds are those until the process first printed `until` (a prompt);
        its standard input is then closed and any exit code is accepted."""
        if until is not None:
            return self._until(args, cwd, until)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            busy = machine_busy()
            start = time.perf_counter()
            proc = subprocess.Popen(args, cwd=cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            after = machine_busy()
            # The child's usage includes the workers it waited for (the corpus pool).
            own = usage.ru_utime + usage.ru_stime
            self.foreign = max(0.0, after - busy - own) if busy is not None and after is not None else 0.0
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                out.seek(0)
                err.seek(0)
                text = (out.read()[-3000:] + err.read()[-3000:]).decode("utf-8", "replace")
                raise BenchError(f"`{shown(args)}` in {cwd} exited with {proc.returncode}:\n{text}")
        return seconds, usage.ru_maxrss

    def _until(self, args: list[str], cwd: Path, until: bytes) -> tuple[float, int]:
        busy = machine_busy()
        start = time.perf_counter()
        proc = subprocess.Popen(
            args, cwd=cwd, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert proc.stdout is not None and proc.stdin is not None
        seen = b""
        while until not in seen:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                proc.wait()
                raise BenchError(f"`{shown(args)}` in {cwd} ended without printing {until!r}:\n{seen[-2000:]!r}")
            seen += chunk
        seconds = time.perf_counter() - start
        proc.stdin.close()  # the input ends: the command stops without writing anything
        proc.stdout.read()
        _, _status, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0
        after = machine_busy()
        own = usage.ru_utime + usage.ru_stime
        self.foreign = max(0.0, after - busy - own) if busy is not None and after is not None else 0.0
        return seconds, usage.ru_maxrss

    def paired(
        self,
        command: list[str],
        floor: list[str] | None,
        cwd: Path,
        runs: int,
        warmup: int = 1,
        before=None,
        floor_cwd: Path | None = None,
        until: bytes | None = None,
    ) -> tuple[Sample, Sample]:
        """`runs` alternating runs of the command and its floor (after `warmup` of each, not counted)."""
        sample, floor_sample = Sample(), Sample()
        for i in range(warmup + runs):
            for attempt in range(self.retries + 1):
                wait_for_quiet(self.quiet_wait)
                if before is not None:
                    before()
                ran = self.measure(command, cwd) if until is None else self.measure(command, cwd, until)
                disturbed = self.disturbing(ran[0])
                if floor is not None:
                    ran_floor = self.measure(floor, floor_cwd or cwd)
                    disturbed = disturbed or self.disturbing(ran_floor[0])
                if not disturbed or i < warmup or attempt == self.retries:
                    break
                self.disturbed += 1
                self.log(f"    (other work took CPU during run {i + 1 - warmup}: run again)")
            if i >= warmup:
                sample.add(*ran)
                if floor is not None:
                    floor_sample.add(*ran_floor)
        return sample, floor_sample

    def disturbing(self, seconds: float) -> bool:
        """Other processes used more than a tenth of a CPU (and over 20 ms) during the run."""
        return self.foreign > max(0.1 * seconds, 0.02)


def machine_busy() -> float | None:
    """CPU seconds the whole machine has been busy since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal [guest guest_nice, already in user/nice]
    busy = sum(values[:8]) - values[3] - (values[4] if len(values) > 4 else 0)
    return busy / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(limit: float = 30.0, sample: float = 0.25) -> None:
    """Before a run, wait (at most `limit` seconds) until the machine is about idle: a run
    that starts while other work is on the CPUs measures that work too."""
    deadline = time.monotonic() + limit
    while limit > 0:
        before = machine_busy()
        if before is None:
            return
        time.sleep(sample)
        after = machine_busy()
        if after is None or after - before <= 0.1 * sample or time.monotonic() > deadline:
            return


def shown(args: list[str]) -> str:
    def one(arg: str) -> str:
        if "\n" in arg:
            return "<script>"
        return arg if arg and not any(c in arg for c in " \"'$") else json.dumps(arg)

    return " ".join(one(a) for a in args)


def interpreter_of(revision: Path) -> Path:
    """The Python a console script runs with: its #! line (pip's /bin/sh trampoline too)."""
    try:
        head = revision.read_bytes()[:2048].decode("utf-8", "replace").splitlines()
    except OSError as exc:
        raise BenchError(f"cannot read {revision}: {exc}") from None
    if head and head[0].startswith("#!"):
        first = head[0][2:].strip().split()[0] if head[0][2:].strip() else ""
        if first and Path(first).name.startswith("python") and Path(first).is_file():
            return Path(first)
        for line in head[1:4]:  # '''exec' /long/path/python "$0" "$@"
            if line.startswith("'''exec' "):
                candidate = Path(line.split()[1].strip("'\""))
                if candidate.is_file():
                    return candidate
    beside = revision.parent / "python"
    if beside.is_file():
        return beside
    raise BenchError(f"cannot tell which Python {revision} runs with")


def default_revision() -> Path | None:
    for candidate in (
        Path(sys.executable).parent / "revision",
        Path(__file__).resolve().parents[1] / ".venv" / "bin" / "revision",
    ):
        if candidate.is_file():
            return candidate
    found = shutil.which("revision")
    return Path(found) if found else None


def package_info(python: Path, env: dict[str, str]) -> dict:
    # The digest of the installed sources tells which state of the code was measured.
    code = (
        "import hashlib, json, pathlib, revision_cli, yaml\n"
        "p = pathlib.Path(revision_cli.__file__).parent\n"
        "h = hashlib.sha256()\n"
        "for f in sorted(p.rglob('*.py')): h.update(f.relative_to(p).as_posix().encode() + b'\\0' + f.read_bytes())\n"
        "print(json.dumps({'version': revision_cli.__version__, 'location': str(p),"
        " 'cache': (p / 'cache' / 'validation.py').is_file(),"
        " 'sources_sha256': h.hexdigest()[:12], 'pyyaml': yaml.__version__, 'libyaml': hasattr(yaml, 'CSafeLoader')}))"
    )
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        raise BenchError(f"{python} cannot import revision_cli and yaml:\n{done.stderr[-2000:]}")
    info = json.loads(done.stdout)
    if not info["libyaml"]:
        raise BenchError(f"PyYAML in {python} has no C loader (libyaml); the floors need yaml.CSafeLoader")
    return info


def source_commit() -> str | None:
    here = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty", "--abbrev=12"], cwd=here, capture_output=True, text=True
    )
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def fmt(seconds: float) -> str:
    return f"{seconds:.3f}"


def table(rows: list[Row], peak: tuple[float, bool] | None) -> str:
    lines = [
        "| scenario | median s | min | max | floor median s | ratio | budget | pass/fail | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in rows:
        budget = "–" if row.budget is None else f"≤ {row.budget:g}"
        lines.append(
            f"| {row.scenario} | {fmt(row.runs.median)} | {fmt(min(row.runs.seconds))} | "
            f"{fmt(max(row.runs.seconds))} | {fmt(row.floor.median)} | {row.ratio:.3f} | "
            f"{budget} | {row.verdict} | {row.runs.peak_mb:.0f} |"
        )
    if peak is not None:
        value, ok = peak
        lines.append(
            f"| corpus: validate cold, peak memory (largest process) | {value:.0f} MB | | | | | "
            f"≤ {MEMORY_BUDGET_MB} MB | {'PASS' if ok else 'FAIL'} | {value:.0f} |"
        )
    return "\n".join(lines)


def run(args) -> int:
    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    revision = Path(args.revision).resolve() if args.revision else default_revision()
    if revision is None or not revision.is_file() or not os.access(revision, os.X_OK):
        raise BenchError(f"no revision executable found ({args.revision or 'give one with --revision'})")
    python = interpreter_of(revision)
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
    }
    info = package_info(python, env)
    params = Params(
        audits=args.audits, interviews=args.interviews, questions=args.questions, commits=args.commits, seed=args.seed
    )
    started = time.perf_counter()
    corpus, reused = ensure(Path(args.out), params, log=log)
    log(
        f"corpus {'reused' if reused else 'generated'}: {corpus.folder} ({corpus.files:,} YAML files, "
        f"{corpus.bytes / 1e6:.1f} MB; {time.perf_counter() - started:.1f} s)"
    )
    log(
        f"revision {info['version']} from {info['location']} (cache/ {'present' if info['cache'] else 'absent'}); "
        f"python {python}"
    )

    load_before = os.getloadavg()  # other work on the machine inflates every figure: shown with them
    runner = Runner(env, log, retries=args.retries, quiet_wait=args.quiet_wait)
    rev, py = str(revision), str(python)
    repo, slug = corpus.repo, corpus.slug
    cache = repo / ".revision"

    def no_cache():
        shutil.rmtree(cache, ignore_errors=True)

    # The corpus must be a valid audit repository before anything is timed.
    for folder in (repo, corpus.history):
        try:
            seconds, _ = runner.measure([rev, "validate"], folder)
        except BenchError as exc:
            raise BenchError(f"the generated corpus is not valid:\n{exc}") from None
        log(f"revision validate in {folder}: exit 0 ({seconds:.2f} s)")

    rows: list[Row] = []

    def report(row: Row) -> None:
        rows.append(row)
        log(
            f"  {row.scenario}: median {fmt(row.runs.median)} s (min {fmt(min(row.runs.seconds))}, "
            f"max {fmt(max(row.runs.seconds))}); floor {fmt(row.floor.median)} s; ratio {row.ratio:.3f} "
            f"(budget {'none' if row.budget is None else f'≤ {row.budget:g}'}) {row.verdict}; "
            f"peak {row.runs.peak_mb:.0f} MB"
        )

    def scenario(name, command, floor, budget, runs, cwd=repo, floor_cwd=None, **kwargs):
        log(f"{name} …")
        sample, floor_sample = runner.paired(command, floor, cwd, runs, floor_cwd=floor_cwd, **kwargs)
        report(Row(name, shown(command), shown(floor), budget, sample, floor_sample))

    startup_runs = args.startup_runs if args.startup_runs is not None else 4 * args.runs
    scenario("startup: revision --help", [rev, "--help"], [py, "-c", "import typer"], BUDGETS["startup"], startup_runs)
    # The time until `revision interview` shows its first question (the group, for a new
    # respondent code), against the same floor: it must start as fast as --help (issue 13).
    scenario(
        "interview: first question shown",
        [rev, "interview", slug, "zz1"],
        [py, "-c", "import typer"],
        BUDGETS["startup"],
        startup_runs,
        until=b" (1 ",
    )

    audit_dir = f"audits/{slug}"
    audit_files = ["revision.yaml", "batteries/bench.yaml", audit_dir]
    floor = {name: [py, "-c", PARSE.format(imports=imports), *audit_files] for name, imports in IMPORTS.items()}
    one_audit = [
        ("validate", [rev, "validate", audit_dir]),
        ("score", [rev, "score", slug]),
        ("report --format html", [rev, "report", slug, "--format", "html"]),
    ]
    # The budgeted rows: the command run again on an audit where nothing changed (the cache as
    # the previous run left it), which is what a coordinator does dozens of times a day.
    for name, command in one_audit:
        scenario(f"one audit: {name} (cache warm)", command, floor[command[1]], BUDGETS["audit"], args.runs)
    # Budgeted too: the first run after a person edited one of the audit's files. An interview
    # gains or loses a comment line before each run, so the previous run's results for the
    # audit never apply; the file is put back as it was whatever happens.
    interview = min((repo / audit_dir / "interviews").glob("*.yaml"))
    original = interview.read_bytes()
    edits = itertools.count()

    def edit():
        interview.write_bytes(original if next(edits) % 2 else original + b"# edited\n")

    try:
        for name, command in one_audit:
            scenario(
                f"one audit: {name} (after an edit)",
                command,
                floor[command[1]],
                BUDGETS["edit"],
                args.runs,
                before=edit,
            )
    finally:
        interview.write_bytes(original)
    # For information: the first run with no .revision/ at all (a fresh clone).
    for name, command in one_audit:
        scenario(f"one audit: {name} (no cache)", command, floor[command[1]], None, args.runs, before=no_cache)

    corpus_floor = [py, "-c", PARSE.format(imports=""), str(repo)]
    log(f"corpus: validate cold … ({COLD_NOTE})")
    cold, parse_all = runner.paired([rev, "validate"], corpus_floor, repo, args.runs, warmup=0, before=no_cache)
    report(
        Row(
            "corpus: validate cold",
            f"rm -rf .revision && {rev} validate",
            shown(corpus_floor),
            BUDGETS["cold"],
            cold,
            parse_all,
        )
    )
    log("corpus: validate warm …")
    warm, _ = runner.paired([rev, "validate"], None, repo, args.runs, warmup=1)
    report(Row("corpus: validate warm", f"{rev} validate", shown(corpus_floor), BUDGETS["warm"], warm, parse_all))
    peak_mb = max(cold.peak_kib + warm.peak_kib) / 1024

    git_floor = [py, "-c", GIT_FLOOR, str(corpus.history / "audits")]
    # Budgeted: the warm run (the floor only reads git; checking and scoring every
    # revision is what the cache saves). For information: the very first run, with no cache.
    scenario(
        f"history: {params.commits} commits (no cache)",
        [rev, "history", slug],
        git_floor,
        None,
        args.runs,
        cwd=corpus.history,
        before=lambda: shutil.rmtree(corpus.history / ".revision", ignore_errors=True),
    )
    scenario(
        f"history: {params.commits} commits (cache warm)",
        [rev, "history", slug],
        git_floor,
        BUDGETS["history"],
        args.runs,
        cwd=corpus.history,
    )

    long = long_text(Path(args.out))
    for slug in (long.long_token, long.ordinary):
        try:
            runner.measure([rev, "validate", "--no-cache", f"audits/{slug}"], long.repo)
        except BenchError as exc:
            raise BenchError(f"the long-text repository is not valid:\n{exc}") from None
    scenario(
        "long text: validate a 1 MiB token (no cache)",
        [rev, "validate", "--no-cache", f"audits/{long.long_token}"],
        [rev, "validate", "--no-cache", f"audits/{long.ordinary}"],
        BUDGETS["long token"],
        args.runs,
        cwd=long.repo,
    )

    case = import_case(Path(args.out), params, args.import_rows)
    written = case.repo / "audits" / case.written / "interviews"
    importing = [rev, "import", case.target, case.export, "--mapping", case.mapping]
    try:
        if not any(written.glob("*.yaml")):  # the files validate reads: the import's own output
            runner.measure([rev, "import", case.written, case.export, "--mapping", case.mapping], case.repo)
        runner.measure([rev, "validate", "--no-cache", f"audits/{case.written}"], case.repo)
    except BenchError as exc:
        raise BenchError(f"the import case does not import or validate:\n{exc}") from None
    target = case.repo / "audits" / case.target / "interviews"

    def empty_target():
        for path in target.glob("*.yaml"):
            path.unlink()

    try:
        scenario(
            f"import: {case.rows:,} rows (vs validate of what it writes)",
            importing,
            [rev, "validate", "--no-cache", f"audits/{case.written}"],
            BUDGETS["import"],
            args.runs,
            cwd=case.repo,
            before=empty_target,
        )
    finally:
        empty_target()

    # The report as a Word document, against python-docx building one of the same size. `-o` is
    # never answered from the output cache: every run renders and converts.
    outputs = corpus.folder / "outputs"
    outputs.mkdir(exist_ok=True)
    word, shape = outputs / "report.docx", outputs / "report-shape.json"
    word_command = [rev, "report", corpus.slug, "-o", str(word)]
    try:
        runner.measure(word_command, repo)
        runner.measure([py, "-c", DOCX_SHAPE, str(word), str(shape)], repo)
    except BenchError as exc:
        raise BenchError(f"the Word report cannot be made or read:\n{exc}") from None
    scenario(
        "one audit: report --format docx",
        word_command,
        [py, "-c", DOCX_FLOOR, str(shape), str(outputs / "floor.docx")],
        BUDGETS["docx"],
        args.runs,
    )

    # The whole corpus exported as CSV, against the csv module writing the same rows.
    export_json, export_csv = outputs / "export.json", outputs / "export.csv"
    try:
        runner.measure([rev, "export", "-o", str(export_json)], repo)
    except BenchError as exc:
        raise BenchError(f"the corpus cannot be exported:\n{exc}") from None
    scenario(
        f"corpus: export {params.audits:,} audits (csv, cache warm)",
        [rev, "export", "-o", str(export_csv)],
        [py, "-c", EXPORT_FLOOR, str(export_json), str(outputs / "floor.csv")],
        BUDGETS["export"],
        args.runs,
        warmup=0,
    )

    peak = (peak_mb, peak_mb <= MEMORY_BUDGET_MB)
    markdown = table(rows, peak)
    header = (
        f"revision {info['version']} ({'with' if info['cache'] else 'without'} revision_cli/cache/; installed "
        f"sources {info['sources_sha256']}; tree {source_commit() or 'unknown'}), {python}; {os.cpu_count()} CPUs; "
        f"corpus {params.audits} audits × {params.interviews} interviews, {params.questions} questions, "
        f"{corpus.files:,} YAML files, {corpus.bytes / 1e6:.1f} MB; history {params.commits} commits; "
        f"{args.runs} runs each (startup {startup_runs}), median of paired runs."
    )
    load_after = os.getloadavg()
    header += (
        f" Load average (1 min) {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end; "
        f"{runner.disturbed} pair{'s' * (runner.disturbed != 1)} run again because other work took "
        f"CPU during them (each run waits for a quiet machine, and a pair during which other processes "
        f"used over a tenth of a CPU is run again, up to {runner.retries} times)."
    )
    print()
    print(header)
    print(f"Note: {COLD_NOTE}. Peak memory is the largest single process (ru_maxrss).")
    print()
    print(markdown)
    if args.json:
        result = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "load_before": load_before[0],
                "load_after": load_after[0],
                "pairs_run_again": runner.disturbed,
            },
            "revision": str(revision),
            "python": str(python),
            "package": info,
            "source": source_commit(),
            "corpus": {**corpus.to_json(), "reused": reused},
            "runs": args.runs,
            "startup_runs": startup_runs,
            "notes": [COLD_NOTE, "peak memory: the largest single process (ru_maxrss via os.wait4)"],
            "rows": [row.to_json() for row in rows],
            "memory": {
                "scenario": "corpus: validate, peak memory",
                "peak_mb": peak_mb,
                "budget_mb": MEMORY_BUDGET_MB,
                "pass": peak[1],
            },
            "markdown": markdown,
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    defaults = Params()
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--audits", type=int, default=defaults.audits, help="audits in the corpus (1000)")
    parser.add_argument("--interviews", type=int, default=defaults.interviews, help="interviews per audit (30)")
    parser.add_argument("--questions", type=int, default=defaults.questions, help="questions in the battery (60)")
    parser.add_argument("--commits", type=int, default=defaults.commits, help="commits in the history (200)")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seed of the corpus (42)")
    parser.add_argument("--import-rows", type=int, default=1000, help="rows of the export imported (1000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each scenario (5)")
    parser.add_argument("--startup-runs", type=int, default=None, help="timed runs of startup (4 × runs)")
    parser.add_argument(
        "--retries", type=int, default=3, help="times a pair disturbed by other work on the machine is run again (3)"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=30.0,
        help="seconds to wait at most for an idle machine before each pair (30)",
    )
    parser.add_argument("--out", default="/tmp/revision-bench", help="where corpora are generated and reused")
    parser.add_argument("--revision", help="the revision executable (default: beside this Python, or .venv/bin)")
    parser.add_argument("--json", help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    if args.retries < 0:
        parser.error("--retries must be 0 or more")
    for name in ("audits", "interviews", "questions", "commits", "runs", "import_rows"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    try:
        return run(args)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
