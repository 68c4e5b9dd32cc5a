"""Shared fixtures: a copy of the example repository, and the real command run in a folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent

# Hypothesis fails an example that takes over 200 ms by default: a clock reading that a
# loaded machine trips. No test may depend on the machine's speed, so no deadline anywhere.
settings.register_profile("revision", deadline=None)
settings.load_profile("revision")

EXAMPLES = REPO / "examples"
EXAMPLE_AUDIT = "2012-vastra-hisingen"
# Every example audit (the Göteborg one, and one per further built-in battery), by slug.
EXAMPLE_AUDITS = sorted(p.parent.name for p in (EXAMPLES / "audits").glob("*/audit.yaml"))


def example_units() -> dict[str, str]:
    """The unit of each example audit, by slug."""
    import yaml

    return {
        slug: yaml.safe_load((EXAMPLES / "audits" / slug / "audit.yaml").read_text(encoding="utf-8"))["unit"]
        for slug in EXAMPLE_AUDITS
    }


THEMES_AUDIT = "2024-tallasen-avslutade"  # open interviews coded with themes (vasternorrland@1)

# A local battery with one error: its question names a scale that does not exist (line 12).
BROKEN_BATTERY = """\
id: trasig
version: 1
title: Trasig
groups: [brukare]
areas:
  - id: a
    title: A
    subareas:
      - id: s
        title: S
        questions:
          - {id: q, text: Q, scale: saknas}
"""


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


def pytest_configure(config):
    """The key that seals the caches (revision_cli/cache_file.py) lives in the user's
    ~/.cache: the tests, and every command they run, use one of their own instead."""
    import os
    import tempfile

    config._revision_key_home = tempfile.mkdtemp(prefix="revision-tests-cache-")
    os.environ["XDG_CACHE_HOME"] = config._revision_key_home
    # Outside a repository the command line speaks the locale's language (revision_cli/i18n.py):
    # the tests speak English there on every machine, unless a test sets the locale itself
    # (LANGUAGE is the first variable read, as in the standard library's gettext).
    os.environ["LANGUAGE"] = "en"
    config.addinivalue_line(
        "markers",
        "lang(code): the language the test reads the command line in: `run` passes --lang CODE "
        "(the example repository is Swedish), and the core's messages come in it",
    )


def pytest_unconfigure(config):
    home = getattr(config, "_revision_key_home", None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_language(request):
    """Each test finds its language afresh (the last command run in-process chose one), or
    speaks the one its `lang` marker names."""
    from revision_cli import i18n

    i18n.use(marked_language(request))
    yield
    i18n.use(None)


def marked_language(request) -> str | None:
    marker = request.node.get_closest_marker("lang")
    return marker.args[0] if marker else None


def marked_everywhere(request) -> bool:
    """`lang(CODE, everywhere=True)`: --lang CODE for reports, sites and comparisons too."""
    marker = request.node.get_closest_marker("lang")
    return bool(marker and marker.kwargs.get("everywhere"))


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


# The day the golden reports are made on: a report prints its date (REVISION_TODAY when set).
REPORT_DAY = "2026-01-15"


@pytest.fixture
def report_day(monkeypatch) -> str:
    """Reports made as on REPORT_DAY, so that their printed date (and what is overdue) stays put."""
    monkeypatch.setenv("REVISION_TODAY", REPORT_DAY)
    return REPORT_DAY


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """A private copy of examples/ (an audit repository) that a test may change."""
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".revision", "out"))
    return target


def goteborg_only(repo: Path, slug: str = EXAMPLE_AUDIT) -> Path:
    """The pilot example as it was before it carried the quality declaration beside the
    Göteborg questions (issue 14, item 5): `battery: goteborg@1`, no statement answers, no
    action aimed at a statement. For tests about one battery that swap or edit it."""
    folder = repo / "audits" / slug
    audit = folder / "audit.yaml"
    audit.write_text(
        audit.read_text(encoding="utf-8").replace(
            "battery: [goteborg@1, kvalitetsdeklaration@1]", "battery: goteborg@1"
        ),
        encoding="utf-8",
    )
    for path in [folder / "actions.yaml", *sorted((folder / "interviews").glob("*.yaml"))]:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            kept = [line for line in text.splitlines() if "kvalitetsdeklaration" not in line]
            path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return repo


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def run(monkeypatch, request):
    """Run `revision ARGS…` through typer's CliRunner with the working folder `cwd` (and
    `--lang CODE` first when the test is marked `lang(CODE)`, gives no --lang itself and
    does not make a report, a site, a comparison or a battery's text: see MAKERS)."""
    from typer.testing import CliRunner

    from revision_cli.cli.app import app

    lang = marked_language(request)
    everywhere = marked_everywhere(request)

    def invoke(*args: str, cwd: Path, env: dict | None = None) -> Result:
        if (
            lang is not None
            and not any(a == "--lang" or a.startswith("--lang=") for a in args)
            and (everywhere or not makes(args))
        ):
            args = ("--lang", lang, *args)
        monkeypatch.chdir(cwd)
        runner = CliRunner()
        result = runner.invoke(
            app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200", **(env or {})}, catch_exceptions=False
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


# Commands whose --lang is also the language of what they make (a report, a form, a site, a
# comparison, a battery's text): a test marked `lang` leaves those in the repository's.
MAKERS = {("report",), ("form",), ("site",), ("summary",), ("compare",), ("batteries", "show")}


def makes(args) -> bool:
    words = tuple(a for a in args if not a.startswith("-"))
    return words[:1] in MAKERS or words[:2] in MAKERS


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below `root` with its bytes, to prove a command changed nothing of the
    user's (the tool's own cache under .revision/ is not the user's)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".revision" not in p.relative_to(root).parts
    }
