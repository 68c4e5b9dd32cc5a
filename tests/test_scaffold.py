"""`revision init` and `revision new`: the files a coordinator starts from, through the real command."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BROKEN_BATTERY, REPO, snapshot

BATTERY = yaml.safe_load((REPO / "question_batteries" / "goteborg.yaml").read_text(encoding="utf-8"))
REVISION = REPO / ".venv" / "bin" / "revision"
SLUG = "2025-test"
NEW_ARGS = (
    "new",
    SLUG,
    "--battery",
    "goteborg",
    "--unit",
    "Boendestöd Norr",
    "--organisation",
    "X",
    "--site-visit",
    "2025-03-12",
)


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch, tmp_path):
    """git sees no user or system config, and no repository above tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "test@example.org")


@pytest.fixture
def repo(tmp_path, run) -> Path:
    """A repository made by `revision init`."""
    root = tmp_path / "repo"
    assert run("init", str(root), cwd=tmp_path).exit_code == 0
    return root


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def asked(group: str) -> list[dict]:
    """The questions the battery file asks of `group`, in file order."""
    return [
        q
        for area in BATTERY["areas"]
        for sub in area["subareas"]
        for q in sub["questions"]
        if group in q.get("groups", BATTERY["groups"])
    ]


def allowed(question: dict) -> str:
    if question["scale"] == "text":
        return "free text"
    scale = BATTERY["scales"][question["scale"]]
    if "options" in scale:
        return " | ".join(str(o["value"]) for o in scale["options"])
    return f"from {scale['range']['min']} to {scale['range']['max']}"


# ---------------------------------------------------------------- init


def test_init_creates_a_clean_repository_and_a_git_repository(tmp_path, run):
    result = run("init", "repo", "--organisation", "Göteborgs Stad", cwd=tmp_path)
    root = tmp_path / "repo"
    assert result.exit_code == 0, result.output
    assert (root / "audits").is_dir() and (root / "batteries").is_dir()
    assert yaml.safe_load((root / "revision.yaml").read_text(encoding="utf-8"))["organisation"] == "Göteborgs Stad"
    assert ".revision/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert (root / ".git").is_dir()
    top = git("rev-parse", "--show-toplevel", cwd=root)
    assert top.returncode == 0 and Path(top.stdout.strip()) == root.resolve()
    checked = run("validate", "--strict", cwd=root)
    assert checked.exit_code == 0, checked.output
    assert "No problems found." in checked.output


def test_init_inside_a_git_repository_does_not_nest_one(tmp_path, run):
    outer = tmp_path / "outer"
    outer.mkdir()
    assert git("init", "--quiet", cwd=outer).returncode == 0
    result = run("init", "audits-repo", cwd=outer)
    assert result.exit_code == 0, result.output
    assert (outer / "audits-repo" / "revision.yaml").is_file()
    assert not (outer / "audits-repo" / ".git").exists()
    assert Path(git("rev-parse", "--show-toplevel", cwd=outer / "audits-repo").stdout.strip()) == outer.resolve()


def test_init_twice_fails_and_changes_nothing(repo, run):
    (repo / "revision.yaml").write_text("revision: 1\norganisation: Mine\n", encoding="utf-8")
    before = snapshot(repo)
    result = run("init", str(repo), "--organisation", "Other", cwd=repo.parent)
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert snapshot(repo) == before


def test_init_keeps_an_existing_gitignore_and_adds_only_missing_lines(tmp_path, run):
    (tmp_path / "repo").mkdir()
    gitignore = tmp_path / "repo" / ".gitignore"
    gitignore.write_text("node_modules/\n.revision/\n*.pyc", encoding="utf-8")  # no final newline
    assert run("init", "repo", cwd=tmp_path).exit_code == 0
    lines = gitignore.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["node_modules/", ".revision/", "*.pyc"]
    assert lines.count(".revision/") == 1
    assert "out/" in lines and "/privacy.yaml" in lines


def test_init_keeps_the_watch_list_of_names_out_of_git(tmp_path, run):
    assert run("init", "repo", cwd=tmp_path).exit_code == 0
    root = tmp_path / "repo"
    (root / "privacy.yaml").write_text("names: [Anna Svensson]\n", encoding="utf-8")
    (root / "audits" / "privacy.yaml").write_text("# not the watch list\n", encoding="utf-8")
    assert git("check-ignore", "-q", "privacy.yaml", cwd=root).returncode == 0
    assert git("check-ignore", "-q", "audits/privacy.yaml", cwd=root).returncode == 1  # only the one at the root
    assert git("status", "--porcelain", "--untracked-files=all", cwd=root).stdout.count("privacy.yaml") == 1


def test_init_does_not_repeat_an_ignore_line_written_without_its_slash(tmp_path, run):
    (tmp_path / "repo").mkdir()
    gitignore = tmp_path / "repo" / ".gitignore"
    gitignore.write_text("privacy.yaml\n", encoding="utf-8")
    assert run("init", "repo", cwd=tmp_path).exit_code == 0
    assert "/privacy.yaml" not in gitignore.read_text(encoding="utf-8").splitlines()


def test_init_on_a_file_is_an_error_not_a_crash(tmp_path, run):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("init", "afile", cwd=tmp_path)
    assert result.exit_code in (1, 2)
    assert "afile" in result.output
    assert snapshot(tmp_path) == before


def test_two_simultaneous_init_of_one_folder_give_one_repository_and_no_traceback(tmp_path):
    for i in range(8):
        procs = [
            subprocess.Popen(
                [str(REVISION), "init", f"r{i}"],
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        outcomes = [(p.returncode, err) for p, err in zip(procs, errors, strict=True)]
        assert sorted(code for code, _ in outcomes) == [0, 1], outcomes
        loser = next(err for code, err in outcomes if code == 1)
        assert "Traceback" not in loser and "already exists" in loser, loser
        assert (tmp_path / f"r{i}" / "revision.yaml").is_file()


# ---------------------------------------------------------------- new: what it writes


def test_new_fills_audit_yaml_and_pins_the_latest_battery(repo, run):
    result = run(*NEW_ARGS, cwd=repo)
    assert result.exit_code == 0, result.output
    audit = yaml.safe_load((repo / "audits" / SLUG / "audit.yaml").read_text(encoding="utf-8"))
    assert audit["id"] == SLUG
    assert audit["battery"] == "goteborg@1"
    assert audit["unit"] == "Boendestöd Norr"
    assert audit["organisation"] == "X"
    assert audit["site_visit"] == dt.date(2025, 3, 12)


def test_new_pins_a_newer_local_version_when_none_is_given(repo, run):
    local = dict(BATTERY, version=2)
    (repo / "batteries" / "goteborg-2.yaml").write_text(yaml.safe_dump(local, allow_unicode=True), encoding="utf-8")
    assert run("new", "latest", "--battery", "goteborg", cwd=repo).exit_code == 0
    assert run("new", "pinned", "--battery", "goteborg@1", cwd=repo).exit_code == 0

    def read(slug):
        return yaml.safe_load((repo / "audits" / slug / "audit.yaml").read_text(encoding="utf-8"))

    assert read("latest")["battery"] == "goteborg@2"
    assert read("pinned")["battery"] == "goteborg@1"


def test_new_takes_the_organisation_from_revision_yaml_when_not_given(tmp_path, run):
    assert run("init", "repo", "--organisation", "Göteborgs Stad", cwd=tmp_path).exit_code == 0
    assert run("new", SLUG, cwd=tmp_path / "repo").exit_code == 0
    audit = yaml.safe_load((tmp_path / "repo" / "audits" / SLUG / "audit.yaml").read_text(encoding="utf-8"))
    assert audit["organisation"] == "Göteborgs Stad"


def test_assessment_lists_every_area_and_subarea_with_hints(repo, run):
    assert run(*NEW_ARGS, cwd=repo).exit_code == 0
    text = (repo / "audits" / SLUG / "assessment.yaml").read_text(encoding="utf-8")
    areas = yaml.safe_load(text)["areas"]
    assert list(areas) == [a["id"] for a in BATTERY["areas"]]
    for area in BATTERY["areas"]:
        assert list(areas[area["id"]]["subareas"]) == [s["id"] for s in area["subareas"]]
        for sub in area["subareas"]:
            assert f"      {sub['id']}:  # {sub['title']['sv']}\n" in text
            for colour in ("green", "yellow", "red"):
                assert f"# {colour}: {sub['descriptors'][colour]['sv']}" in text


@pytest.mark.parametrize("group", ["brukare", "personal"])
def test_interview_template_lists_exactly_the_questions_of_its_group(repo, run, group):
    assert run(*NEW_ARGS, cwd=repo).exit_code == 0
    text = (repo / "audits" / SLUG / "interviews" / f"_mall-{group}.yaml").read_text(encoding="utf-8")
    template = yaml.safe_load(text)
    assert template["group"] == group
    questions = asked(group)
    assert list(template["answers"]) == [q["id"] for q in questions]
    lines = text.splitlines()
    for q in questions:
        line = next(line for line in lines if line.startswith(f"  {q['id']}:"))
        assert allowed(q) in line.split("#", 1)[1], line
        assert f"# {q['text']['sv']}" in text


def test_one_template_per_respondent_group(repo, run):
    assert run(*NEW_ARGS, cwd=repo).exit_code == 0
    written = sorted(p.name for p in (repo / "audits" / SLUG / "interviews").iterdir())
    assert written == sorted(f"_mall-{g}.yaml" for g in BATTERY["groups"])


def test_new_audit_validates_clean(repo, run):
    assert run(*NEW_ARGS, cwd=repo).exit_code == 0
    result = run("validate", "--strict", f"audits/{SLUG}", cwd=repo)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No problems found."


def test_a_filled_in_copy_of_the_template_validates_clean(repo, run):
    assert run(*NEW_ARGS, cwd=repo).exit_code == 0
    interviews = repo / "audits" / SLUG / "interviews"
    text = (interviews / "_mall-brukare.yaml").read_text(encoding="utf-8")
    text = text.replace("respondent: x1 ", "respondent: b1 ", 1).replace("consent: null ", "consent: true ", 1)
    text = text.replace("  motet-valkommen:", "  motet-valkommen: ja", 1)
    (interviews / "b1.yaml").write_text(text, encoding="utf-8")
    filled = yaml.safe_load(text)
    assert filled["respondent"] == "b1" and filled["answers"]["motet-valkommen"] == "ja"
    result = run("validate", "--strict", f"audits/{SLUG}", cwd=repo)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No problems found."


@pytest.mark.parametrize(
    "unit",
    [
        'Enhet "Norr": #1',
        "it's: [a] {b} & *c !d %e @f `g",
        "yes",
        "null",
        "12",
        "- dash",
        "back\\slash",
        "Östra Göteborg",
        "two\nlines",
        "del\x7fchar",
        "next\x85line",
        "line\u2028separator",
    ],
)
def test_unit_names_round_trip_exactly(repo, run, unit):
    assert run("new", SLUG, "--unit", unit, "--organisation", unit, cwd=repo).exit_code == 0
    audit = yaml.safe_load((repo / "audits" / SLUG / "audit.yaml").read_text(encoding="utf-8"))
    assert audit["unit"] == unit and audit["organisation"] == unit
    assert run("validate", f"audits/{SLUG}", cwd=repo).exit_code == 0


# ---------------------------------------------------------------- new: what it refuses


@pytest.mark.parametrize("slug", ["Bad_Slug", "-x", "åäö", "a b", "a/b", "..", "trailing-newline\n"])
def test_invalid_slug_is_a_usage_error_and_creates_nothing(repo, run, slug):
    before = snapshot(repo)
    result = run("new", "--", slug, cwd=repo)
    assert result.exit_code == 2, result.output
    assert "lowercase letters" in result.output
    assert snapshot(repo) == before


def test_slug_is_at_most_64_characters_like_an_audit_id(repo, run):
    assert run("new", "a" * 64, cwd=repo).exit_code == 0
    assert run("validate", "--strict", f"audits/{'a' * 64}", cwd=repo).exit_code == 0
    before = snapshot(repo)
    for slug in ("b" * 65, "c" * 250):
        result = run("new", slug, cwd=repo)
        assert result.exit_code == 2, slug
        assert snapshot(repo) == before


def test_an_argument_that_is_not_utf8_is_a_usage_error_not_a_crash(repo):
    before = snapshot(repo)
    done = subprocess.run([str(REVISION), "new", SLUG, "--unit", b"Enhet \x85"], cwd=repo, capture_output=True)
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr
    assert snapshot(repo) == before


def test_existing_audit_is_never_touched(repo, run):
    assert run(*NEW_ARGS, cwd=repo).exit_code == 0
    (repo / "audits" / SLUG / "interviews" / "b1.yaml").write_text("respondent: b1\n", encoding="utf-8")
    before = snapshot(repo)
    result = run("new", SLUG, "--unit", "Another unit", cwd=repo)
    assert result.exit_code == 1
    assert f"audits/{SLUG} already exists" in result.output
    assert snapshot(repo) == before


@pytest.mark.parametrize("ref, expected", [("nosuch", "available: goteborg"), ("goteborg@9", "available: goteborg@1")])
def test_unknown_battery_names_the_available_ones(repo, run, ref, expected):
    before = snapshot(repo)
    result = run("new", SLUG, "--battery", ref, cwd=repo)
    assert result.exit_code == 1
    assert expected in result.output
    assert snapshot(repo) == before


@pytest.mark.parametrize("date", ["2025-02-30", "12/03/2025", "tomorrow"])
def test_bad_site_visit_is_a_usage_error(repo, run, date):
    before = snapshot(repo)
    result = run("new", SLUG, "--site-visit", date, cwd=repo)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    assert snapshot(repo) == before


def test_a_broken_local_battery_shows_its_findings(repo, run):
    (repo / "batteries" / "trasig.yaml").write_text(BROKEN_BATTERY, encoding="utf-8")
    before = snapshot(repo)
    result = run("new", SLUG, "--battery", "trasig", cwd=repo)
    assert result.exit_code == 1
    assert "batteries/trasig.yaml:12:37: error [battery-unknown-scale]" in result.output
    assert snapshot(repo) == before


def test_new_outside_a_repository_says_to_run_init(tmp_path, run):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(*NEW_ARGS, cwd=empty)
    assert result.exit_code == 1
    assert "revision init" in result.output
    assert list(empty.iterdir()) == []


def test_two_simultaneous_new_of_one_slug_make_one_complete_audit(repo, run):
    expected = ["assessment.yaml", "audit.yaml", *sorted(f"interviews/_mall-{g}.yaml" for g in BATTERY["groups"])]
    for i in range(5):
        slug = f"race-{i}"
        procs = [
            subprocess.Popen(
                [str(REVISION), "new", slug, "--unit", f"Enhet {n}"],
                cwd=repo,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(2)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        outcomes = [(p.returncode, err) for p, err in zip(procs, errors, strict=True)]
        codes = sorted(code for code, _ in outcomes)
        assert codes == [0, 1], outcomes
        assert "already exists" in next(err for code, err in outcomes if code == 1)
        folder = repo / "audits" / slug
        assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == sorted(expected)
        assert yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))["unit"] in {"Enhet 0", "Enhet 1"}
    assert [p.name for p in (repo / "audits").iterdir() if p.name.startswith(".") and p.name != ".gitkeep"] == []
    result = run("validate", "--strict", cwd=repo)
    assert result.exit_code == 0, result.output
