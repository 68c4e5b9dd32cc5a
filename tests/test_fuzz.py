"""Property-based: mutated copies of the example's files never crash validate, score or report.

Each run mutates one file of a copy of the example (drop, duplicate or swap lines, change a
value's type, truncate, insert random Unicode including control and bidirectional
characters) and checks that every command exits 0 or 1 without a traceback and that every
finding points at a line inside its file. The suite runs a bounded number of examples; set
REVISION_FUZZ_EXAMPLES (e.g. 2000) for a longer run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from conftest import EXAMPLE_AUDIT, EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FINDING = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (error|warning) \[[a-z0-9-]+\] ")
AUDIT = Path("audits") / EXAMPLE_AUDIT
TARGETS = [
    AUDIT / "audit.yaml",
    AUDIT / "assessment.yaml",
    AUDIT / "actions.yaml",
    Path("revision.yaml"),
    *sorted((AUDIT / "interviews" / p.name) for p in (EXAMPLES / AUDIT / "interviews").glob("*.yaml")),
]
NASTY_CHARS = st.sampled_from(
    [
        "\x00",
        "\x07",
        "\t",
        "\r",
        "\u202e",
        "\u2066",
        "\ufeff",
        "\u0085",
        "\ud7ff",
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
        "!!str ",
        "%YAML 1.1\n",
    ]
)
NEW_VALUES = st.sampled_from(
    ["[]", "{}", "1", "-7", "0.5", "null", "true", "'x'", "2012-13-45", "[a, {b: c}]", "|\n  x"]
)


@st.composite
def mutation(draw):
    target = draw(st.sampled_from(TARGETS))
    lines = (EXAMPLES / target).read_bytes().decode("utf-8").splitlines(keepends=True) or [""]
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
        key = lines[index].split(": ", 1)[0]
        lines[index] = f"{key}: {draw(NEW_VALUES)}\n"
    elif kind == "truncate":
        text = "".join(lines)
        lines = [text[: draw(st.integers(0, len(text)))]]
    else:
        text = "".join(lines)
        at = draw(st.integers(0, len(text)))
        noise = draw(st.one_of(NASTY_CHARS, st.text(max_size=8)))
        lines = [text[:at], noise, text[at:]]
    return target, "".join(lines)


@settings(
    max_examples=int(os.environ.get("REVISION_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(change=mutation())
def test_mutated_files_never_crash_any_command(run, change):
    target, text = change
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(EXAMPLES, repo)
        (repo / target).write_bytes(text.encode("utf-8", errors="surrogatepass"))
        for args in (
            ["validate"],
            ["score", EXAMPLE_AUDIT, "--format", "json"],
            ["report", EXAMPLE_AUDIT, "--format", "html"],
        ):
            result = run(*args, cwd=repo)  # an exception escapes CliRunner here and fails the test
            assert result.exit_code in (0, 1), (args, result.output)
            assert "Traceback" not in result.output
            for match in map(FINDING.match, result.output.splitlines()):
                if match and (repo / match["path"]).is_file():
                    line_count = (repo / match["path"]).read_bytes().count(b"\n") + 1
                    assert 1 <= int(match["line"]) <= line_count, match.group(0)
