"""The one-audit rows *after an edit* of benchmarks/run.py, judged by instructions instead of
wall time: other work on a shared machine changes the seconds, not the instruction counts.

    python benchmarks/instructions.py                      # the default corpus, as `make bench`
    python benchmarks/instructions.py --out /tmp/revision-bench-perf --only score --keep /tmp/cg

For each of `validate audits/S`, `score S` and `report S --format html` it does what the
benchmark's row does: runs the command once as the previous run would (that leaves `.revision/`
as a person's last run left it), makes one interview file of the audit gain or lose a comment
line, and runs the command again under `valgrind --tool=callgrind`; then runs the row's floor
(the very argv and environment of run.py) the same way. It prints each total, the ratio and
the budget of 1.5 × the floor (BUDGETS["edit"]). The interview is put back as it was.

Needs valgrind. Runs take about a minute each under callgrind. `--keep DIR` keeps the
callgrind files for `callgrind_annotate` (by function: `--inclusive=yes`).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Params, ensure  # noqa: E402
from run import BUDGETS, IMPORTS, PARSE, BenchError, default_revision, interpreter_of  # noqa: E402

ROWS = ("validate", "score", "report")


def instructions(args: list[str], cwd: Path, env: dict[str, str], out: Path) -> int:
    """Instructions the process executed (its children not followed), from callgrind's totals."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if done.returncode != 0:
        raise BenchError(f"{' '.join(args)} exited with {done.returncode}:\n{done.stderr.decode()[-3000:]}")
    text = out.read_text(encoding="utf-8", errors="replace")
    found = re.search(r"^(?:summary|totals):\s*(\d+)", text, re.MULTILINE)
    if found is None:
        raise BenchError(f"no totals in {out}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    defaults = Params()
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--audits", type=int, default=defaults.audits)
    parser.add_argument("--interviews", type=int, default=defaults.interviews)
    parser.add_argument("--questions", type=int, default=defaults.questions)
    parser.add_argument("--commits", type=int, default=defaults.commits)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--out", default="/tmp/revision-bench", help="where the corpus is generated and reused")
    parser.add_argument("--revision", help="the revision executable (default: beside this Python, or .venv/bin)")
    parser.add_argument("--only", choices=ROWS, action="append", help="measure only this row (repeatable)")
    parser.add_argument("--no-floor", action="store_true", help="skip the floors (they do not change with the code)")
    parser.add_argument("--keep", help="keep the callgrind files in this folder")
    args = parser.parse_args(argv)

    revision = Path(args.revision).resolve() if args.revision else default_revision()
    if revision is None:
        print("no revision executable found", file=sys.stderr)
        return 1
    python = interpreter_of(revision)
    # The benchmark's environment (run.py, run()).
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
    }
    params = Params(
        audits=args.audits, interviews=args.interviews, questions=args.questions, commits=args.commits, seed=args.seed
    )
    corpus, _ = ensure(Path(args.out), params, log=lambda m: print(m, file=sys.stderr))
    repo, slug = corpus.repo, corpus.slug
    rev, py = str(revision), str(python)
    audit_dir = f"audits/{slug}"
    audit_files = ["revision.yaml", "batteries/bench.yaml", audit_dir]
    commands = {
        "validate": [rev, "validate", audit_dir],
        "score": [rev, "score", slug],
        "report": [rev, "report", slug, "--format", "html"],
    }
    interview = min((repo / audit_dir / "interviews").glob("*.yaml"))
    original = interview.read_bytes()
    keep = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="revision-callgrind-"))
    keep.mkdir(parents=True, exist_ok=True)
    failed = False
    print(f"{'one audit, after an edit':28} {'floor':>8} {'command':>8} {'ratio':>6} {'1.5 × floor':>12}")
    try:
        for name in args.only or ROWS:
            command = commands[name]
            # The previous run (the benchmark's warm-up or the run before), then the edit.
            interview.write_bytes(original)
            subprocess.run(command, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            interview.write_bytes(original + b"# edited\n")
            total = instructions(command, repo, env, keep / f"{name}.callgrind")
            interview.write_bytes(original)
            if args.no_floor:
                print(f"{name:28} {'':>8} {total / 1e6:>7,.0f}M")
                continue
            floor = [py, "-c", PARSE.format(imports=IMPORTS[name]), *audit_files]
            base = instructions(floor, repo, env, keep / f"{name}-floor.callgrind")
            budget = BUDGETS["edit"] * base
            ratio = total / base
            failed = failed or total > budget
            print(
                f"{name:28} {base / 1e6:>7,.0f}M {total / 1e6:>7,.0f}M {ratio:>6.2f} {budget / 1e6:>11,.0f}M "
                f"{'PASS' if total <= budget else 'FAIL'}"
            )
    except BenchError as exc:
        print(f"failed: {exc}", file=sys.stderr)
        return 1
    finally:
        interview.write_bytes(original)
    if args.keep:
        print(f"callgrind files in {keep}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
