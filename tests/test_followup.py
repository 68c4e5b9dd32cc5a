"""Follow-ups: `revision new --follow-up`, the `follows_up` reference, the report's section
"since last time" (colours then and now, the earlier audit's actions) and the list of
improvement actions every report carries."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO, snapshot

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

NEW = "2013-vastra-hisingen"
XSS = "<script>alert(1)</script>"
STATUS_SV = {"planned": "Planerad", "ongoing": "Pågår", "done": "Klar", "dropped": "Avbruten"}


def status_cell(action: dict) -> str:
    """The status as the report writes it: an open action past its due date is marked."""
    import datetime as dt

    late = action["status"] in ("planned", "ongoing") and action.get("due") and action["due"] < dt.date.today()
    return STATUS_SV[action["status"]] + (" · ⚠ försenad" if late else "")


BADGE_SV = {
    "green": "✓ Grön",
    "yellow": "! Gul",
    "red": "✗ Röd",
    "insufficient": "– Otillräckligt underlag",
    None: "– För få svarande för att redovisas",
}
DIRECTION_SV = {
    "better": "↑ bättre",
    "worse": "↓ sämre",
    "unchanged": "= oförändrad",
    "not-comparable": "– kan inte jämföras",
}
EVENTS = [
    {"date": "2013-02-01", "kind": "meeting", "outcome": "Checklistan presenterades för personalgruppen."},
    {"date": "2013-05-02", "kind": "phone", "outcome": "Checklistan används vid alla nybesök."},
]


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def earlier(repo: Path) -> Path:
    return repo / "audits" / EXAMPLE_AUDIT


def section(text: str, start: str, end: str) -> str:
    assert start in text, f"{start!r} missing"
    return text.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture
def follow_up(run, example_repo) -> Path:
    """NEW made by `revision new --follow-up`, then given the example's interviews and team
    texts with information rated yellow; the earlier audit's first action has two events."""
    result = run("new", NEW, "--follow-up", EXAMPLE_AUDIT, "--site-visit", "2013-10-14", cwd=example_repo)
    assert result.exit_code == 0, result.output
    folder = example_repo / "audits" / NEW
    audit = load(folder / "audit.yaml")
    dump(folder / "audit.yaml", {**audit, "team": load(earlier(example_repo) / "audit.yaml")["team"]})
    for path in (earlier(example_repo) / "interviews").glob("*.yaml"):
        shutil.copy(path, folder / "interviews" / path.name)
    assessment = load(earlier(example_repo) / "assessment.yaml")
    assessment["areas"]["delaktighet"]["subareas"]["information"]["rating"] = "yellow"
    dump(folder / "assessment.yaml", assessment)
    dump(
        folder / "actions.yaml",
        [
            {
                "id": "nyhetsbrev",
                "title": "Nyhetsbrev med kontaktuppgifter",
                "subareas": ["information"],
                "owner": "Enhetschef",
                "due": "2014-06-30",
                "status": "planned",
            }
        ],
    )
    actions = load(earlier(example_repo) / "actions.yaml")
    actions[0]["events"] = EVENTS
    dump(earlier(example_repo) / "actions.yaml", actions)
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0, result.output
    return example_repo


def report(run, repo: Path, *args: str) -> str:
    result = run("report", NEW, *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


# ---- revision new --follow-up ---------------------------------------------------------------


def test_new_follow_up_copies_unit_organisation_and_battery_and_validates_clean(run, example_repo):
    audit_file = earlier(example_repo) / "audit.yaml"
    audit_file.write_text(
        audit_file.read_text(encoding="utf-8").replace(
            "organisation: Göteborgs Stad", "organisation: Göteborgs Stad, SDF Västra Hisingen"
        ),
        encoding="utf-8",
    )
    battery = load(REPO / "question_batteries" / "goteborg.yaml")
    (example_repo / "batteries").mkdir(exist_ok=True)
    dump(example_repo / "batteries" / "goteborg-2.yaml", {**battery, "version": 2})  # the latest is now @2
    result = run("new", NEW, "--follow-up", EXAMPLE_AUDIT, "--site-visit", "2013-10-14", cwd=example_repo)
    assert result.exit_code == 0, result.output
    before, after = load(audit_file), load(example_repo / "audits" / NEW / "audit.yaml")
    assert after["unit"] == before["unit"] == "Socialkontoret Västra Hisingen"
    assert after["organisation"] == "Göteborgs Stad, SDF Västra Hisingen"
    assert after["battery"] == before["battery"] == ["goteborg@1", "kvalitetsdeklaration@1"]
    assert (after["follows_up"], after["id"], str(after["site_visit"])) == (EXAMPLE_AUDIT, NEW, "2013-10-14")
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 0 and result.output.strip() == "No problems found.", result.output


def test_options_given_win_over_the_copied_ones(run, example_repo):
    result = run(
        "new",
        NEW,
        "--follow-up",
        EXAMPLE_AUDIT,
        "--unit",
        "Socialkontoret Hisingen",
        "--organisation",
        "Region Väst",
        cwd=example_repo,
    )
    assert result.exit_code == 0, result.output
    after = load(example_repo / "audits" / NEW / "audit.yaml")
    assert (after["unit"], after["organisation"], after["follows_up"]) == (
        "Socialkontoret Hisingen",
        "Region Väst",
        EXAMPLE_AUDIT,
    )


def test_following_up_a_missing_audit_writes_nothing(run, example_repo):
    before = snapshot(example_repo)
    result = run("new", NEW, "--follow-up", "2011-saknas", cwd=example_repo)
    assert result.exit_code == 1
    assert "no audit '2011-saknas'" in result.stderr
    assert snapshot(example_repo) == before


@pytest.mark.parametrize(
    "target, message",
    [
        ("2011-saknas", "there is no audit '2011-saknas' beside this one"),
        (EXAMPLE_AUDIT, "an audit cannot follow up itself"),
    ],
)
def test_follows_up_naming_no_other_audit_is_a_finding_at_its_position(run, example_repo, target, message):
    audit_file = earlier(example_repo) / "audit.yaml"
    text = audit_file.read_text(encoding="utf-8")
    audit_file.write_text(text.replace("follows_up: null", f"follows_up: {target}"), encoding="utf-8")
    lines = audit_file.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("follows_up:"))
    column = lines[line - 1].index(target) + 1
    result = run("validate", cwd=example_repo)
    assert result.exit_code == 1
    assert (
        f"audits/{EXAMPLE_AUDIT}/audit.yaml:{line}:{column}: error [audit-unknown-follow-up] {message}" in result.stdout
    )
    findings = json.loads(run("validate", "--format", "json", cwd=example_repo).stdout)["findings"]
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("audit-unknown-follow-up", line, column)]


# ---- the section "since last time" ---------------------------------------------------------


def test_markdown_section_shows_then_and_now_per_subarea_as_compare_does(run, follow_up):
    comparison = json.loads(run("compare", EXAMPLE_AUDIT, NEW, "--format", "json", cwd=follow_up).stdout)
    text = report(run, follow_up)
    since = section(text, "\n## Sedan förra revisionen\n", "\n## Bemötande\n")
    assert "- **Revisionen som följs upp:** 2012-vastra-hisingen" in since
    assert "- **Platsbesök:** 2012-10-15" in since and "- **Återföring:** 2012-11-20" in since
    rows = [line for line in since.splitlines() if line.startswith("| ") and "---" not in line][1:]
    expected = []
    for area in comparison["areas"]:
        for item in [*area["subareas"], area]:
            cells = [BADGE_SV[item["old"]["rating"]], BADGE_SV[item["new"]["rating"]], DIRECTION_SV[item["direction"]]]
            if item is area:
                expected.append(f"| **{item['title']} (totalt)** | " + " | ".join(f"**{c}**" for c in cells) + " |")
            else:
                expected.append(f"| {item['title']} | " + " | ".join(cells) + " |")
    assert rows[: len(expected)] == expected
    assert "| Information | ✗ Röd | ! Gul | ↑ bättre |" in rows
    assert "Frågebatterierna skiljer sig åt" not in since  # same battery: nothing to say


def test_section_lists_the_earlier_actions_with_status_and_latest_event(run, follow_up):
    actions = load(earlier(follow_up) / "actions.yaml")
    text = report(run, follow_up)
    since = section(text, "\n## Sedan förra revisionen\n", "\n## Bemötande\n")
    earlier_actions = section(since, "\n### Åtgärder efter förra revisionen\n", "\n## ")
    for action in actions:
        row = next(line for line in earlier_actions.splitlines() if line.startswith(f"| {action['title']} |"))
        assert f"| {status_cell(action)} |" in row
    assert "Senaste uppföljning 2013-05-02 (telefon): Checklistan används vid alla nybesök." in earlier_actions
    assert EVENTS[0]["outcome"] not in text  # only the latest event is shown
    assert "Nyhetsbrev med kontaktuppgifter" not in since
    own = section(text, "\n## Förbättringsåtgärder\n", "\n## ")
    row = "| Nyhetsbrev med kontaktuppgifter | Delområde: Information | Enhetschef | 2014-06-30 | Planerad · ⚠ försenad"
    assert row in own


def test_html_section_in_english(run, follow_up):
    page = report(run, follow_up, "--format", "html", "--lang", "en")
    since = section(page, '<section class="since">', "</section>")
    assert "<h2>Since last time</h2>" in since
    row = section(since, '<th scope="row">Information</th>', "</tr>")
    assert re.findall(r'<span class="rating rating-(\w+)">', row) == ["red", "yellow"]
    assert (
        '<span class="direction direction-better"><span class="symbol" aria-hidden="true">↑</span> better</span>' in row
    )
    assert "<h3>Actions after the last audit</h3>" in since
    assert 'Latest follow-up 2013-05-02 (phone): <span lang="sv">Checklistan används vid alla nybesök.</span>' in since
    assert '<span class="status status-ongoing">Ongoing</span>' in since
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_earlier_audit_with_errors_is_named_instead_of_failing_the_report(run, follow_up):
    interview = earlier(follow_up) / "interviews" / "b1.yaml"
    interview.write_text(
        interview.read_text(encoding="utf-8").replace("motet-valkommen: ja", "motet-valkommen: kanske"),
        encoding="utf-8",
    )
    sentence = (
        "Den tidigare revisionen 2012-vastra-hisingen har fel i sina filer, så ingen jämförelse kan göras. "
        "Kör revision validate för att se felen."
    )
    for fmt in ("md", "html"):
        text = report(run, follow_up, "--format", fmt)
        assert sentence in text
        assert "Åtgärder efter förra revisionen" not in text and "oförändrad" not in text


def test_earlier_audit_is_scored_with_its_suppression(run, follow_up):
    """Two staff beside six users in the earlier audit: the staff question of the meeting is
    withheld there (too few), and the meeting's colour then is the users' questions' colour,
    as the earlier audit's own `score` gives it."""
    folder = earlier(follow_up)
    assessment = load(folder / "assessment.yaml")
    del assessment["areas"]["bemotande"]["subareas"]["motet"]["rating"]
    dump(folder / "assessment.yaml", assessment)
    for code in ("p1", "p2"):
        dump(
            folder / "interviews" / f"{code}.yaml",
            {
                "respondent": code,
                "group": "personal",
                "date": "2012-10-15",
                "interviewers": ["A", "B"],
                "consent": True,
                "answers": {"motet-rutiner": "ja"},
            },
        )
    since = section(report(run, follow_up), "\n## Sedan förra revisionen\n", "\n## Bemötande\n")
    then = json.loads(run("score", folder.name, "--format", "json", cwd=follow_up).stdout)
    motet = next(s for a in then["areas"] for s in a["subareas"] if s["id"] == "motet")
    assert motet["left_out"] == 1 and motet["computed"] != "insufficient"
    word = {"green": "✓ Grön", "yellow": "! Gul", "red": "✗ Röd"}[motet["computed"]]
    assert f"| Mötet | {word} | ✓ Grön |" in since and "För få" not in since


# ---- every report lists its actions ------------------------------------------------------------


def test_example_report_lists_its_actions_in_both_formats(run, example_repo):
    actions = load(earlier(example_repo) / "actions.yaml")
    battery = load(REPO / "question_batteries" / "goteborg.yaml")
    titles = {s["id"]: s["title"]["sv"] for a in battery["areas"] for s in a["subareas"]}
    # the pilot's second battery: an action aimed at a statement names it battery.id
    declaration = load(REPO / "question_batteries" / "kvalitetsdeklaration.yaml")
    statements = {f"kvalitetsdeklaration.{s['id']}": f"{s['id']}: {s['text']['sv']}" for s in declaration["statements"]}
    text = run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    own = section(text, "\n## Förbättringsåtgärder\n", "\n## ")
    page = run("report", EXAMPLE_AUDIT, "--format", "html", cwd=example_repo).stdout
    table = section(page, '<section class="actions">', "</section>")
    assert len(actions) == 2
    for action in actions:
        cells = [
            action["title"],
            "; ".join(
                [f"Delområde: {titles[s]}" for s in action["subareas"]]
                + [f"Påstående: {statements[s]}" for s in action.get("statements", [])]
            ),
            action["owner"],
            str(action["due"]),
            status_cell(action),
        ]
        assert f"| {' | '.join(cells)} |" in own
        row = section(table, f'<th scope="row">{action["title"]}</th>', "</tr>")
        assert all(html.escape(cell, quote=False) in row for cell in cells[1:4]), row
        assert f">{STATUS_SV[action['status']]}</span>" in row
        assert ("försenad" in row) is cells[4].endswith("försenad"), row
    assert "Sedan förra revisionen" not in text  # it follows up nothing


def test_action_text_is_escaped(run, example_repo):
    actions = load(earlier(example_repo) / "actions.yaml")
    actions[0].update(
        title=f"{XSS} | kolumn",
        owner="# Chef",
        events=[{"date": "2013-02-01", "kind": "site-visit", "outcome": f"[länk](http://x) {XSS}"}],
    )
    dump(earlier(example_repo) / "actions.yaml", actions)
    text = run("report", EXAMPLE_AUDIT, cwd=example_repo).stdout
    row = next(line for line in text.splitlines() if "alert(1)" in line and "kolumn" in line)
    assert row.startswith("| \\<script\\>alert(1)\\</script\\> \\| kolumn | Delområde: Information | \\# Chef |")
    assert len(re.split(r"(?<!\\)\|", row)) == 8
    assert "Senaste uppföljning 2013-02-01 (platsbesök): \\[länk\\](http\\://x) \\<script\\>" in row
    page = run("report", EXAMPLE_AUDIT, "--format", "html", cwd=example_repo).stdout
    assert XSS not in page and page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
