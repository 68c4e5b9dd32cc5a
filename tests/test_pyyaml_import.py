"""PyYAML is imported through revision_cli/files/pyyaml.py, which puts an equivalent, cheaper
pattern in `re`'s cache for the class of characters PyYAML's reader refuses."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import yaml.reader

from revision_cli.files import pyyaml

PACKAGE = Path(pyyaml.__file__).resolve().parent.parent


def matches(pattern: str, text: str) -> list[int]:
    return [m.start() for m in re.compile(pattern).finditer(text)]


def test_the_cheaper_class_matches_exactly_the_code_points_pyyamls_does():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert matches(pyyaml.SAME_CLASS, every) == matches(pyyaml.READER_CLASS, every)
    assert 0 < len(matches(pyyaml.SAME_CLASS, every)) < 5000  # controls, surrogates, U+FFFE/F


def test_the_class_is_the_one_pyyaml_compiles():
    """If PyYAML changes its class, the seed would go unused: say so here."""
    source = Path(yaml.reader.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    found = [
        node.value.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "NON_PRINTABLE" for t in node.targets)
        and isinstance(node.value, ast.Call)
    ]
    assert found == [pyyaml.READER_CLASS]


def run_with_the_seed(code: str) -> list[str]:
    """`code` in a new interpreter that imports PyYAML through the module first."""
    prelude = "from revision_cli.files import pyyaml; from revision_cli.files.pyyaml import yaml; "
    done = subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_pyyaml_imported_through_the_module_takes_the_cheaper_pattern():
    assert run_with_the_seed("print(yaml.reader.Reader.NON_PRINTABLE.pattern == pyyaml.SAME_CLASS)") == ["True"]


def test_a_reader_error_still_names_the_character_and_its_position():
    code = """
try:
    yaml.reader.Reader("ok: ja\\nnamn: a\\x07b\\n")
except yaml.reader.ReaderError as exc:
    print(exc.character, exc.position)
"""
    assert run_with_the_seed(code) == ["7", "14"]


def type_checking_blocks(tree: ast.AST) -> set[ast.AST]:
    inside: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                inside.update(ast.walk(child))
    return inside


def test_the_package_imports_pyyaml_only_through_that_module():
    direct = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "pyyaml.py" and path.parent.name == "files":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = type_checking_blocks(tree)
        for node in ast.walk(tree):
            if node in skip:
                continue
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            if any(name == "yaml" or name.startswith("yaml.") for name in names):
                direct.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert direct == []
