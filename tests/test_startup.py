"""Start-up: `revision --help` stays light (no pydantic, jinja2, ruamel, PyYAML or rich tables
are imported to print help), lists every command, and every command's help shows an example."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

# The Python that runs the tests, and the command installed beside it (.venv, .venv-lowest, an editable install).
PYTHON = Path(sys.executable)
HEAVY = ("pydantic", "jinja2", "ruamel", "yaml", "rich.table")
COMMANDS = [
    "init",
    "new",
    "interview",
    "validate",
    "score",
    "report",
    "form",
    "history",
    "compare",
    "actions",
    "status",
    "site",
    "summary",
    "export",
    "import",
    "privacy",
    "archive",
    "schema",
    "batteries",
]
SUBCOMMANDS = [[c] for c in COMMANDS] + [["batteries", "list"], ["batteries", "show"]]


def imported_while(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `python -X importtime -m revision_cli ARGS` outside the source tree; the modules it imported."""
    done = subprocess.run(
        [str(PYTHON), "-X", "importtime", "-m", "revision_cli", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "COLUMNS": "200"},
        timeout=60,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done, modules - {"package"}


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_heavy_library(tmp_path):
    done, modules = imported_while(["--help"], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "revision_cli.cli.app" in modules and "typer" in modules, "importtime output not understood"
    assert heavy_in(modules) == []


def test_help_lists_every_command(tmp_path):
    done, _ = imported_while(["--help"], tmp_path)
    listed = re.findall(r"^  ([a-z]+)\s", done.stdout.split("Commands:", 1)[1], re.MULTILINE)
    assert listed == COMMANDS


def test_help_through_the_console_script(tmp_path):
    done = subprocess.run(
        [str(PYTHON.parent / "revision"), "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: revision ")
    assert all(re.search(rf"^  {c}\s", done.stdout, re.MULTILINE) for c in COMMANDS)


def test_no_arguments_shows_help_instead_of_failing_silently(run, tmp_path):
    result = run(cwd=tmp_path)
    assert "Usage:" in result.output and "validate" in result.output


@pytest.mark.parametrize("args", SUBCOMMANDS, ids=" ".join)
def test_every_command_help_has_an_example(run, tmp_path, args):
    result = run(*args, "--help", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")
    examples = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("Example:")]
    assert examples, f"no 'Example:' line in `revision {' '.join(args)} --help`"
    assert examples[0].startswith(f"Example: revision {args[0]}")


def test_help_does_not_touch_the_working_folder(run, tmp_path):
    run("--help", cwd=tmp_path)
    run("report", "--help", cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []
