"""README's Architecture section is the package as it is: the same folders, in the order of
the layers contract that import-linter enforces (pyproject.toml)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "revision_cli"


def architecture_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Architecture")
    return readme[start : readme.index("\n## ", start + 1)]


def diagram_layers() -> list[str]:
    diagram = architecture_section().split("```")[1]
    return re.findall(r"^ ([a-z]+)/", diagram, re.MULTILINE)


def contract_layers() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["type"] == "layers")["layers"]


def test_the_diagram_names_every_subpackage_and_nothing_else():
    subpackages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert sorted(diagram_layers()) == subpackages


def test_the_diagram_is_in_the_order_of_the_layers_contract():
    packages = [layer for layer in contract_layers() if (PACKAGE / layer).is_dir()]
    assert diagram_layers() == packages


def test_the_modules_below_the_layers_are_named_under_the_diagram():
    modules = [layer for layer in contract_layers() if (PACKAGE / f"{layer}.py").is_file()]
    last_line = architecture_section().split("```")[1].strip().splitlines()[-1]
    assert modules and all(f"{module}.py" in last_line for module in modules)


def test_every_module_the_section_names_exists():
    named = re.findall(r"`([a-z_]+/[a-z_]+\.py)`", architecture_section())
    assert named and [n for n in named if not (PACKAGE / n).is_file()] == []
