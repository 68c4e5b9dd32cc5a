"""The worked cases of PRODUCT.md §4 (issue "Do this first (1 of 2)"), each through every
output: `score` (table and JSON), `score --group`, both reports, `site` and `archive`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT
from test_breakdown import items as flat
from test_site_cli import grid_rows, pages, text_of

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

TOO_FEW = "too few respondents to report"
WITHHELD = "withheld so that a smaller group cannot be worked out"
SAME = "its figures are the total's"
GOTEBORG = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "question_batteries" / "goteborg.yaml").read_text(encoding="utf-8")
)


def questions_of(group: str) -> list[str]:
    """The scored goteborg questions asked of `group` only."""
    return [
        q["id"]
        for a in GOTEBORG["areas"]
        for s in a["subareas"]
        for q in s["questions"]
        if q["scale"] != "text" and q.get("groups") == [group]
    ]


def interview(folder: Path, code: str, group: str, answers: dict) -> None:
    lines = "".join(f"\n  {q}: {v}" for q, v in answers.items()) or " {}"
    (folder / "interviews" / f"{code}.yaml").write_text(
        f"respondent: {code}\ngroup: {group}\ndate: 2012-10-15\nconsent: true\nanswers:{lines}\n", encoding="utf-8"
    )


def goteborg_audit(example_repo: Path, users: int, staff: int) -> Path:
    """The example audit with `users` users (b1… as written, more copied from them) and
    `staff` staff answering every staff question."""
    folder = example_repo / "audits" / EXAMPLE_AUDIT
    written = sorted((folder / "interviews").glob("b*.yaml"))
    for extra in range(len(written), users):
        source = written[extra % len(written)].read_text(encoding="utf-8")
        (folder / "interviews" / f"b{extra + 1}.yaml").write_text(
            source.replace(f"respondent: {written[extra % len(written)].stem}", f"respondent: b{extra + 1}"),
            encoding="utf-8",
        )
    for path in sorted((folder / "interviews").glob("b*.yaml"))[users:]:
        path.unlink()
    for i in range(1, staff + 1):
        interview(folder, f"p{i}", "personal", {q: "ja" if i % 2 else "nej" for q in questions_of("personal")})
    return example_repo


def score(run, repo: Path, slug: str, *args: str) -> dict:
    result = run("score", slug, "--format", "json", *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def every_output(run, repo: Path, slug: str, tmp_path: Path) -> dict:
    """Everything a reader can get of the audit, before the archive."""
    out = {
        "json": score(run, repo, slug),
        "table": run("score", slug, cwd=repo).stdout,
        "md": run("report", slug, cwd=repo).stdout,
        "html": run("report", slug, "--format", "html", cwd=repo).stdout,
        "en": run("report", slug, "--lang", "en", cwd=repo).stdout,
    }
    site = tmp_path / "site"
    assert run("site", "-o", str(site), cwd=repo).exit_code == 0
    out["site"] = pages(site)
    return out


def archived_equals_live(run, repo: Path, slug: str, before: dict) -> None:
    assert run("archive", slug, "--yes", "--today", "2030-01-01", cwd=repo).exit_code == 0
    assert score(run, repo, slug) == before["json"]
    assert run("report", slug, cwd=repo).stdout == before["md"]
    assert run("report", slug, "--format", "html", cwd=repo).stdout == before["html"]


@pytest.mark.parametrize("users", [5, 8])
def test_goteborg_users_and_two_staff_show_every_user_figure_and_no_group_card(run, example_repo, tmp_path, users):
    repo = goteborg_audit(example_repo, users, 2)
    out = every_output(run, repo, EXAMPLE_AUDIT, tmp_path)
    data, items = out["json"], flat(out["json"])
    assert data["respondents"]["total"] == users + 2
    for qid in questions_of("brukare"):
        assert "suppressed" not in items[qid] and items[qid]["n"] > 0, qid
    for qid in questions_of("personal"):
        assert (items[qid]["suppressed"], items[qid]["reason"], items[qid]["n"]) == (True, TOO_FEW, None), qid
    for area in data["areas"]:
        for item in [area, *area["subareas"]]:
            assert "suppressed" not in item and item["computed"] in ("green", "yellow", "red"), item["id"]
    # No group card: the staff are too few, and the users' card would repeat the total.
    assert data["breakdown"]["suppressed"] == {"personal": TOO_FEW, "brukare": SAME}
    # The pilot's second battery: the ten statements, asked of users only, are all shown.
    assert len(data["statements"]) == 10
    assert all("suppressed" not in s and s["n"] > 0 for s in data["statements"]), data["statements"]
    assert score(run, repo, EXAMPLE_AUDIT, "--group", "personal") == {
        "audit": EXAMPLE_AUDIT,
        "battery": "goteborg@1+kvalitetsdeklaration@1",
        "group": "personal",
        "suppressed": True,
        "reason": TOO_FEW,
    }
    users_card = flat(score(run, repo, EXAMPLE_AUDIT, "--group", "brukare"))
    assert all(users_card[q]["share"] == items[q]["share"] for q in questions_of("brukare"))
    # The table, both reports and the site show the colours, with words.
    assert "suppressed: hidden" not in out["table"] and "suppressed: too few" in out["table"]
    assert "brukare: its figures are the total's; personal suppressed (too few respondents to report)" in out["table"]
    for sub in ("Mötet", "Hänsyn, omtanke och lyssnande"):
        row = next(line for line in out["md"].splitlines() if line.startswith(f"| {sub} |"))
        assert any(word in row for word in ("Grön", "Gul", "Röd")), row
    assert out["html"].count('class="rating rating-suppressed"') == len(questions_of("personal"))
    assert (
        "Staff: The group's figures" not in out["en"]
        and "Service users: The group's figures are the total's." in out["en"]
    )
    grid = grid_rows(out["site"]["index.html"])
    unit = next(iter(u for u, row in grid.items() if row["href"].endswith(f"{EXAMPLE_AUDIT}.html")))
    assert all(
        grid[unit][sub["id"]] not in ("– För få svarande för att redovisas", "")
        for area in data["areas"]
        for sub in area["subareas"]
    )
    assert "För få svarande för att redovisas" in text_of(out["site"][f"audits/{EXAMPLE_AUDIT}.html"])
    archived_equals_live(run, repo, EXAMPLE_AUDIT, out)


LOCAL = """\
id: tre
version: 1
title: Tre grupper
groups: [brukare, personal, narstaende]
scales:
  ja-nej:
    options:
      - {value: ja, score: 1}
      - {value: nej, score: 0}
areas:
  - id: a
    title: A
    subareas:
      - id: s
        title: S
        questions:
          - {id: q1, text: Fråga ett, scale: ja-nej}
          - {id: q2, text: Fråga två, scale: ja-nej}
      - id: t
        title: T
        questions:
          - {id: rel, text: Bara närstående, scale: ja-nej, groups: [narstaende]}
          - {id: bru, text: Bara brukare, scale: ja-nej, groups: [brukare]}
"""


def local_repo(run, tmp_path: Path, people: dict[str, int], k: int = 5) -> Path:
    assert run("init", "r", cwd=tmp_path).exit_code == 0
    repo = tmp_path / "r"
    config = repo / "revision.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("min_group_size: 5", f"min_group_size: {k}", 1), encoding="utf-8"
    )
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / "tre.yaml").write_text(LOCAL, encoding="utf-8")
    folder = repo / "audits" / "a1"
    (folder / "interviews").mkdir(parents=True)
    (folder / "audit.yaml").write_text("id: a1\nbattery: tre@1\nunit: Enheten\n", encoding="utf-8")
    for group, count in people.items():
        for i in range(1, count + 1):
            own = {"brukare": "bru", "narstaende": "rel"}.get(group)
            answers = {"q1": "ja" if i % 3 else "nej", "q2": "nej" if i % 2 else "ja", **({own: "ja"} if own else {})}
            interview(folder, f"{group[0]}{i}", group, answers)
    return repo


def test_six_users_six_staff_one_relative_withhold_each_item_in_one_card(run, tmp_path):
    repo = local_repo(run, tmp_path, {"brukare": 6, "personal": 6, "narstaende": 1})
    out = every_output(run, repo, "a1", tmp_path)
    items = flat(out["json"])
    # The total card is whole, but for the relatives-only question (one relative: too few).
    assert all("suppressed" not in items[i] for i in ("a", "s", "t", "q1", "q2", "bru")), items
    assert items["rel"]["reason"] == TOO_FEW
    assert out["json"]["breakdown"]["suppressed"] == {"narstaende": TOO_FEW}
    for ident in ("q1", "q2", "s", "a"):
        # 13 asked − 12 in the cards = the relative: withheld in the later of two equal cards.
        assert items[ident]["groups"]["personal"] == {"suppressed": True, "reason": WITHHELD}, ident
        assert "n" in items[ident]["groups"]["brukare"], ident
    assert items["bru"]["groups"]["brukare"]["n"] == 6  # asked of users only: nothing to subtract
    staff = flat(score(run, repo, "a1", "--group", "personal"))
    assert staff["q1"]["reason"] == WITHHELD and staff["s"]["reason"] == WITHHELD
    assert "Personal: Redovisas inte" not in out["md"]  # a shown card: each cell says it, not the column
    assert "a – in a shown group's column is withheld" in out["table"]
    assert "narstaende suppressed (too few respondents to report)" in out["table"]
    page = text_of(out["site"]["audits/a1.html"])
    assert "Bara närstående" in page and "För få svarande för att redovisas" in page
    assert "Ett – i en redovisad grupps kolumn betyder" in out["md"]
    archived_equals_live(run, repo, "a1", out)


def test_a_relatives_only_question_of_four_relatives_beside_ten_users_reads_too_few(run, tmp_path):
    repo = local_repo(run, tmp_path, {"brukare": 10, "narstaende": 4})
    out = every_output(run, repo, "a1", tmp_path)
    items = flat(out["json"])
    assert (items["rel"]["suppressed"], items["rel"]["reason"]) == (True, TOO_FEW)
    assert items["t"]["left_out"] == 1 and items["t"]["n"] == 10
    row = next(line for line in out["md"].splitlines() if line.startswith("| Bara närstående"))
    assert "För få svarande för att redovisas" in row and "4" not in row
    assert "1 fråga ingår inte i medelvärdet: för få svarande för att redovisas." in out["md"]
    assert "1 question left out of the mean: too few respondents to report." in out["en"]
    rel_row = next(line for line in out["table"].splitlines() if line.strip().startswith("rel"))
    assert "suppressed: too few respondents to report" in rel_row
    assert grid_rows(out["site"]["index.html"])["Enheten"]["t"] in ("✓ Grön", "! Gul", "✗ Röd")
    archived_equals_live(run, repo, "a1", out)


def test_four_users_two_staff_at_three_show_a_user_only_total(run, tmp_path):
    repo = local_repo(run, tmp_path, {"brukare": 4, "personal": 2}, k=3)
    out = every_output(run, repo, "a1", tmp_path)
    bru = flat(out["json"])["bru"]
    assert (bru["share"], bru["n"], bru["rating"]) == (1.0, 4, "green")
    assert "    bru" in out["table"] and "✓ Green" in next(
        line for line in out["table"].splitlines() if line.strip().startswith("bru")
    )
    row = next(line for line in out["md"].splitlines() if line.startswith("| Bara brukare"))
    assert "Grön" in row and "| 4 |" in row
    assert grid_rows(out["site"]["index.html"])["Enheten"]["t"] == "✓ Grön"
    assert score(run, repo, "a1", "--group", "personal")["reason"] == TOO_FEW
    archived_equals_live(run, repo, "a1", out)


def test_validate_says_before_any_report_which_groups_are_not_reported_on_their_own(run, example_repo):
    repo = goteborg_audit(example_repo, 5, 2)
    result = run("validate", cwd=repo)
    assert result.exit_code == 0, result.output
    staff = [line for line in result.stdout.splitlines() if "[audit-group-too-small]" in line]
    assert staff == [
        f"audits/{EXAMPLE_AUDIT}/interviews/p1.yaml:2:8: warning [audit-group-too-small] group "
        f"'personal' has 2 respondents, fewer than anonymity.min_group_size (5): it is not reported "
        f"on its own; the {len(questions_of('personal'))} questions asked only of it read 'too few "
        f"respondents to report'"
    ]
    swedish = run("validate", "--lang", "sv", cwd=repo).stdout
    assert (
        f"warning [audit-group-too-small] gruppen 'personal' har 2 svarande, färre än "
        f"anonymity.min_group_size (5): den redovisas inte för sig; de {len(questions_of('personal'))} "
        "frågor som bara ställs till den visar 'för få svarande för att redovisas'"
    ) in swedish
    (repo / "audits" / EXAMPLE_AUDIT / "interviews" / "p2.yaml").unlink()
    edit = repo / "revision.yaml"
    edit.write_text(
        edit.read_text(encoding="utf-8").replace("min_group_size: 5", "min_group_size: 1"), encoding="utf-8"
    )
    result = run("validate", cwd=repo)
    assert result.exit_code == 1 and "anonymity.min_group_size: must be greater than or equal to 2" in result.stdout
    edit.write_text(
        edit.read_text(encoding="utf-8").replace("min_group_size: 1", "min_group_size: true"), encoding="utf-8"
    )
    result = run("validate", cwd=repo)
    assert result.exit_code == 1 and "[schema-type] anonymity.min_group_size" in result.stdout
