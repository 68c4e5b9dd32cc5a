"""The wheel as a user gets it: built from the source tree, installed into a fresh virtual
environment, and run from a folder that has nothing to do with the source tree. And the
checkout as a developer gets it: installed editable, its tests run with `python -m pytest`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_AUDIT, EXAMPLES, REPO

TIMINGS: dict[str, float] = {}


def _timed(name: str, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    start = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    TIMINGS[name] = time.monotonic() - start
    assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _clean_env() -> dict[str, str]:
    """The environment without anything that would let Python find the source tree."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    _timed(
        "build",
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir)],
        cwd=REPO,
    )
    wheels = list(outdir.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the wheel and its dependencies; its bin folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _timed("venv", [sys.executable, "-m", "venv", str(venv)], env=_clean_env())
    _timed(
        "install",
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        env=_clean_env(),
        cwd=wheel.parent,
    )
    print("\npackaging timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in TIMINGS.items()))
    return venv / "bin"


@pytest.fixture
def outside(tmp_path) -> Path:
    """An empty folder outside the source tree (and outside any audit repository)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert REPO not in folder.resolve().parents
    return folder


def revision(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bin_dir / "revision"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**_clean_env(), "NO_COLOR": "1"},
    )


def test_wheel_ships_the_battery_and_the_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "revision_cli/question_batteries/goteborg.yaml" in names
    assert "revision_cli/templates/report.html.j2" in names
    assert "revision_cli/templates/report.md.j2" in names
    assert "revision_cli/templates/form.html.j2" in names and "revision_cli/templates/form.md.j2" in names
    # The built-in reference of `report --format docx`, as committed (scripts/make_reference_docx.py).
    assert (
        zipfile.ZipFile(wheel).read("revision_cli/templates/reference.docx")
        == (REPO / "templates" / "reference.docx").read_bytes()
    )
    shipped = zipfile.ZipFile(wheel).read("revision_cli/question_batteries/goteborg.yaml")
    assert shipped == (REPO / "question_batteries" / "goteborg.yaml").read_bytes()


def test_wheel_declares_the_console_script(wheel):
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(archive.read(n).decode() for n in archive.namelist() if n.endswith("entry_points.txt"))
    assert "revision = revision_cli.cli.main:main" in entry_points


def test_installed_package_comes_from_the_virtual_environment(installed, outside):
    where = subprocess.run(
        [str(installed / "python"), "-c", "import revision_cli; print(revision_cli.__file__)"],
        cwd=outside,
        capture_output=True,
        text=True,
        env=_clean_env(),
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)


def test_installed_command_lists_the_built_in_battery_outside_the_source_tree(installed, outside):
    result = revision(installed, "batteries", "list", cwd=outside)
    assert result.returncode == 0, result.stderr
    assert "goteborg@1" in result.stdout
    assert "(built in)" in result.stdout
    assert list(outside.iterdir()) == []


def test_installed_command_validates_and_reports_the_example(installed, tmp_path):
    repo = tmp_path / "examples"
    shutil.copytree(EXAMPLES, repo)
    checked = revision(installed, "validate", cwd=repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = revision(installed, "report", EXAMPLE_AUDIT, "--format", "html", "-o", "rapport.html", cwd=repo)
    assert result.returncode == 0, result.stderr
    html = (repo / "rapport.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert '<html lang="sv"' in html
    assert "Västra Hisingen" in html
    assert html.rstrip().endswith("</html>")


def test_installed_command_scaffolds_a_new_audit(installed, tmp_path, monkeypatch):
    for name, value in {
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    assert revision(installed, "init", "repo", cwd=tmp_path).returncode == 0
    made = revision(installed, "new", "2025-test", "--unit", "Boendestöd Norr", cwd=tmp_path / "repo")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "repo" / "audits" / "2025-test" / "interviews" / "_mall-brukare.yaml").is_file()
    assert revision(installed, "validate", "--strict", cwd=tmp_path / "repo").returncode == 0


def test_a_source_checkout_finds_the_batteries_and_templates(tmp_path):
    """What an editable install and `python -m pytest` from a checkout import: the package in
    the checkout, where nothing was copied in. The built-in batteries and templates are found."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import revision_cli; "
        "from revision_cli.repository.catalog import builtin_battery_files; "
        "from revision_cli.render.report import templates_dir; "
        "print(revision_cli.__file__); print(sorted(p.stem for p in builtin_battery_files())); "
        "print((templates_dir() / 'report.md.j2').is_file())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO)], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    where, batteries, template = done.stdout.splitlines()
    assert where.startswith(str(REPO / "revision_cli"))
    assert "goteborg" in batteries and "kvalitetsdeklaration" in batteries
    assert template == "True"


@pytest.fixture(scope="module")
def editable(tmp_path_factory) -> Path:
    """A fresh virtual environment as a developer makes one: the checkout installed editable
    with its test extra (`pip install -e ".[test]"`); its bin folder."""
    venv = tmp_path_factory.mktemp("editable") / "env"
    _timed("editable venv", [sys.executable, "-m", "venv", str(venv)], env=_clean_env())
    _timed(
        "editable install",
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-e", f"{REPO}[test]"],
        env=_clean_env(),
        cwd=venv.parent,
    )
    return venv / "bin"


def test_an_editable_install_imports_the_checkout_and_lists_the_built_in_batteries(editable, outside):
    where = subprocess.run(
        [str(editable / "python"), "-c", "import revision_cli; print(revision_cli.__file__)"],
        cwd=outside,
        capture_output=True,
        text=True,
        env=_clean_env(),
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(REPO / "revision_cli")
    result = revision(editable, "batteries", "list", cwd=outside)
    assert result.returncode == 0, result.stderr
    assert "goteborg@1" in result.stdout and "(built in)" in result.stdout


def test_python_m_pytest_passes_from_the_checkout_after_an_editable_install(editable):
    """The tests that read the built-in batteries and templates and run the console script,
    run by the editable environment's Python from the checkout, as `python -m pytest` does."""
    done = subprocess.run(
        [
            str(editable / "python"),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_startup.py",
            "tests/test_batteries_cli.py",
            "tests/test_templates.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"^\d+ passed", done.stdout.splitlines()[-1]), done.stdout[-500:]


@pytest.mark.parametrize("folder", ["templates", "question_batteries"])
def test_an_editable_install_never_writes_an_output_over_its_built_in_files(editable, tmp_path, folder):
    """In an editable install the built-in templates and batteries are the checkout's own
    folders, outside the package: `-o` into them is refused as into the installed package."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo)
    target = REPO / folder / "report-written-by-a-test.html"
    result = revision(editable, "report", EXAMPLE_AUDIT, "--format", "html", "-o", str(target), cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[output-is-input]" in result.stderr
    assert not target.exists()
