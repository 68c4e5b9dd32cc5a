"""Nothing private published, field by field: personal data planted in each text that
published.PUBLISHED lists is found by `validate` where it stands, stops `report` and `site`
(exit 1, a finding at path:line:column, nothing written), and is gone after
`privacy --redact`, after which the report prints the text (so the field really is
published). What a file acknowledges under personal_data_ok is published unhindered.
Through the real commands, on a copy of the example repository.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, THEMES_AUDIT

from revision_cli.privacy.published import PUBLISHED, WORKING

# The example repository is Swedish; these tests read the command line in English (--lang en),
# the reports and sites they refuse or write too.
pytestmark = pytest.mark.lang("en", everywhere=True)

PHONE = "070-123 45 67"
PNR = "811218-9876"
IPS_AUDIT = "2025-ips-alvstaden"
INDICATORS_AUDIT = "2021-solrosen-telefon"  # its own indicators.yaml (the unit's: test_indicators.py)
MEETING_AUDIT = "2022-solrosen-uppfoljning"

# Where each published field is planted: (audit, file in it, location, archive the audit first).
PLANTS: dict[str, tuple[str, str, tuple, bool]] = {
    "audit: unit": (EXAMPLE_AUDIT, "audit.yaml", ("unit",), False),
    "audit: organisation": (EXAMPLE_AUDIT, "audit.yaml", ("organisation",), False),
    "audit: method": (EXAMPLE_AUDIT, "audit.yaml", ("method",), False),
    "audit: themes.*.title": (THEMES_AUDIT, "audit.yaml", ("themes", 0, "title", "sv"), False),
    "audit: themes.*.description": (THEMES_AUDIT, "audit.yaml", ("themes", 0, "description", "sv"), False),
    "assessment: summary": (EXAMPLE_AUDIT, "assessment.yaml", ("summary",), False),
    "assessment: feedback_discussion": (EXAMPLE_AUDIT, "assessment.yaml", ("feedback_discussion",), False),
    "assessment: areas.*.motivation": (EXAMPLE_AUDIT, "assessment.yaml", ("areas", "bemotande", "motivation"), False),
    "assessment: areas.*.strengths.*": (
        EXAMPLE_AUDIT,
        "assessment.yaml",
        ("areas", "bemotande", "strengths", 0),
        False,
    ),
    "assessment: areas.*.improvements.*": (
        EXAMPLE_AUDIT,
        "assessment.yaml",
        ("areas", "bemotande", "improvements", 0),
        False,
    ),
    "assessment: areas.*.questions.*": (
        EXAMPLE_AUDIT,
        "assessment.yaml",
        ("areas", "bemotande", "questions", 0),
        False,
    ),
    "assessment: areas.*.subareas.*.motivation": (
        EXAMPLE_AUDIT,
        "assessment.yaml",
        ("areas", "bemotande", "subareas", "motet", "motivation"),
        False,
    ),
    "assessment: items.*.note": (IPS_AUDIT, "assessment.yaml", ("items", "ips-01", "note"), False),
    "assessment: items.*.recommendation": (IPS_AUDIT, "assessment.yaml", ("items", "ips-06", "recommendation"), False),
    "actions: *.title": (EXAMPLE_AUDIT, "actions.yaml", (0, "title"), False),
    "actions: *.owner": (EXAMPLE_AUDIT, "actions.yaml", (0, "owner"), False),
    "actions: *.follow_up": (EXAMPLE_AUDIT, "actions.yaml", (0, "follow_up"), False),
    "actions: *.events.*.outcome": (EXAMPLE_AUDIT, "actions.yaml", (0, "events", 0, "outcome"), False),
    "indicators: indicators.*.title": (INDICATORS_AUDIT, "indicators.yaml", ("indicators", 0, "title", "sv"), False),
    "indicators: indicators.*.description": (
        INDICATORS_AUDIT,
        "indicators.yaml",
        ("indicators", 0, "description"),
        False,
    ),
    "indicators: indicators.*.unit": (INDICATORS_AUDIT, "indicators.yaml", ("indicators", 0, "unit", "sv"), False),
    "indicators: indicators.*.measurements.*.note": (
        INDICATORS_AUDIT,
        "indicators.yaml",
        ("indicators", 0, "measurements", 0, "note"),
        False,
    ),
    "meetings: *.discussed": (MEETING_AUDIT, "meetings.yaml", (0, "discussed"), False),
    "meetings: *.decisions.*": (MEETING_AUDIT, "meetings.yaml", (0, "decisions", 0), False),
    "interview: quotes.*.text": (EXAMPLE_AUDIT, "interviews/b1.yaml", ("quotes", 0, "text"), False),
    "results: quotes.*.text": (EXAMPLE_AUDIT, "results.yaml", ("quotes", 0, "text"), True),
    "results: themes.themes.*.quotes.*": (THEMES_AUDIT, "results.yaml", ("themes", "themes", 0, "quotes", 0), True),
    "results: themes.unthemed_quotes.*": (THEMES_AUDIT, "results.yaml", ("themes", "unthemed_quotes", 0), True),
}
TEXT_FIELDS = [f for f in PUBLISHED if not f.identifier]


def test_every_published_field_is_planted_here():
    assert sorted(PLANTS) == sorted(str(f) for f in TEXT_FIELDS)
    assert [str(f) for f in PUBLISHED if f.identifier] == ["audit: id"]  # test_personal_data_in_the_audit_id


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def put(data, loc: tuple, value: str):
    """Set `value` at `loc`, making the maps and lists on the way (a short fidelity score
    `ips-01: 4` becomes {score: 4}; an event gets a date and a kind)."""
    node = data
    for part, following in zip(loc, loc[1:], strict=False):
        fresh = [] if isinstance(following, int) else {}
        if isinstance(node, list):
            while len(node) <= part:
                node.append(fresh)
            if not isinstance(node[part], (dict, list)):
                node[part] = {"score": node[part]} if isinstance(node[part], int) else fresh
        else:
            if not isinstance(node.get(part), (dict, list)):
                node[part] = {"score": node[part]} if isinstance(node.get(part), int) else fresh
        node = node[part]
    if isinstance(node, list):
        node[loc[-1] : loc[-1] + 1] = [value]
    else:
        node[loc[-1]] = value
    if loc[1:3] == ("events", 0):
        node.setdefault("date", dt.date(2013, 2, 1))
        node.setdefault("kind", "meeting")
    if loc[0] == "quotes" and isinstance(node, dict) and "publish" in node:
        node["publish"] = True
    return data


def where(repo: Path, path: str, secret: str) -> str:
    text = (repo / path).read_text(encoding="utf-8")
    before = text[: text.index(secret)]
    return f"{path}:{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def plant(run, repo: Path, name: str, secret: str) -> tuple[str, str]:
    slug, file, loc, archived = PLANTS[name]
    if archived:
        assert run("archive", slug, "--yes", "--today", "2024-05-01", cwd=repo).exit_code == 0
    path = f"audits/{slug}/{file}"
    dump(repo / path, put(load(repo / path), loc, f"Ring {secret} i dag"))
    return slug, path


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_each_published_field_is_found_refused_and_redacted(example_repo, run, name):
    slug, path = plant(run, example_repo, name, PHONE)
    at = where(example_repo, path, PHONE)
    checked = run("validate", "-q", f"audits/{slug}", cwd=example_repo)
    assert f"{at}: warning [personal-data] this text contains what looks like a phone number (070…)" in checked.stdout

    refused = run("report", slug, "--format", "html", "-o", "rapport.html", cwd=example_repo)
    assert refused.exit_code == 1
    assert (
        f"{at}: error [personal-data-published] a report would publish what looks like a phone number" in refused.stderr
    )
    assert "nothing was written" in refused.stderr and PHONE not in refused.output
    assert not (example_repo / "rapport.html").exists()

    assert run("privacy", slug, "--redact", cwd=example_repo).exit_code == 0
    published = run("report", slug, "--format", "html", "--lang", "sv", cwd=example_repo)
    assert published.exit_code == 0, published.output
    assert "Ring [borttaget] i dag" in published.stdout  # the field is printed: it belongs in the list


@pytest.mark.parametrize(
    "name", ["audit: unit", "audit: organisation", "interview: quotes.*.text", "actions: *.follow_up"]
)
def test_the_site_refuses_and_writes_nothing(example_repo, run, name):
    _, path = plant(run, example_repo, name, PHONE)
    result = run("site", "-o", "webb", cwd=example_repo)
    assert result.exit_code == 1
    assert re.search(
        rf"^{re.escape(where(example_repo, path, PHONE))}: error \[personal-data-published\]", result.stderr, re.M
    )
    assert "the site would publish personal data" in result.stderr
    assert not (example_repo / "webb").exists()


def test_the_site_refuses_the_unit_of_an_audit_with_errors(example_repo, run):
    # Its page and the overview still name the unit, though its report is not made.
    slug, path = plant(run, example_repo, "audit: unit", PHONE)
    (example_repo / "audits" / slug / "interviews" / "b1.yaml").write_text("respondent: b1\n", encoding="utf-8")
    result = run("site", "-o", "webb", cwd=example_repo)
    assert (
        result.exit_code == 1
        and f"{where(example_repo, path, PHONE)}: error [personal-data-published]" in result.stderr
    )


def test_personal_data_in_the_audit_id(example_repo, run):
    old = example_repo / "audits" / EXAMPLE_AUDIT
    old.rename(example_repo / "audits" / PNR)
    path = f"audits/{PNR}/audit.yaml"
    text = (example_repo / path).read_text(encoding="utf-8")
    (example_repo / path).write_text(text.replace(f"id: {EXAMPLE_AUDIT}", f"id: {PNR}"), encoding="utf-8")
    at = where(example_repo, path, f"id: {PNR}")
    line, column = at.rsplit(":", 2)[1:]
    at = f"{path}:{line}:{int(column) + 4}"
    assert (
        f"{at}: warning [personal-data] this code contains what looks like a Swedish personal identity "
        "number (811…); choose a code that says nothing about the person"
    ) in run("validate", "-q", cwd=example_repo).stdout
    refused = run("report", PNR, cwd=example_repo)
    assert refused.exit_code == 1 and f"{at}: error [personal-data-published]" in refused.stderr
    redacted = run("privacy", PNR, "--redact", cwd=example_repo)
    assert redacted.exit_code == 1  # a folder is renamed by a person
    assert "Codes and file names are never replaced: change those above by hand." in redacted.stderr


def test_the_actions_of_the_audit_followed_up_are_published_too(example_repo, run):
    slug, path = plant(run, example_repo, "actions: *.follow_up", PHONE)
    assert (
        run(
            "new", "2013-vastra-hisingen", "--follow-up", slug, "--site-visit", "2013-10-01", cwd=example_repo
        ).exit_code
        == 0
    )
    refused = run("report", "2013-vastra-hisingen", cwd=example_repo)
    assert refused.exit_code == 1
    assert f"{where(example_repo, path, PHONE)}: error [personal-data-published]" in refused.stderr


# --- what may be published after all ----------------------------------------------------------

ACKNOWLEDGING = {  # a published field, and the map whose personal_data_ok covers it
    "interview: quotes.*.text": ("quotes", 0),
    "actions: *.owner": (0,),
    "audit: method": (),
    "assessment: summary": (),
}


@pytest.mark.parametrize("name", sorted(ACKNOWLEDGING))
def test_what_a_file_acknowledges_is_published(example_repo, run, name):
    slug, path = plant(run, example_repo, name, PHONE)
    data = load(example_repo / path)
    owner = data
    for part in ACKNOWLEDGING[name]:
        owner = owner[part]
    owner["personal_data_ok"] = ["+46 70 123 45 67"]  # another spelling of the same number
    dump(example_repo / path, data)
    assert "personal-data" not in run("validate", "-q", f"audits/{slug}", cwd=example_repo).stdout
    assert run("privacy", slug, cwd=example_repo).stdout == "No personal data found.\n"
    published = run("report", slug, cwd=example_repo)
    assert published.exit_code == 0 and PHONE in published.stdout


def test_an_acknowledged_quote_stays_acknowledged_once_archived(example_repo, run):
    slug, path = plant(run, example_repo, "interview: quotes.*.text", PHONE)
    data = load(example_repo / path)
    data["quotes"][0]["personal_data_ok"] = [PHONE]
    dump(example_repo / path, data)
    assert run("archive", slug, "--yes", "--today", "2024-05-01", cwd=example_repo).exit_code == 0
    assert load(example_repo / "audits" / slug / "results.yaml")["personal_data_ok"] == [PHONE]
    published = run("report", slug, cwd=example_repo)
    assert published.exit_code == 0 and PHONE in published.stdout


def test_an_acknowledgement_covers_only_what_it_names(example_repo, run):
    slug, path = plant(run, example_repo, "interview: quotes.*.text", PHONE)
    data = load(example_repo / path)
    data["quotes"][0]["personal_data_ok"] = ["070-765 43 21"]
    dump(example_repo / path, data)
    assert run("report", slug, cwd=example_repo).exit_code == 1


def test_a_quote_that_is_not_published_does_not_stop_the_report(example_repo, run):
    slug, path = plant(run, example_repo, "interview: quotes.*.text", PHONE)
    data = load(example_repo / path)
    data["quotes"][0]["publish"] = False
    dump(example_repo / path, data)
    assert "warning [personal-data]" in run("validate", "-q", cwd=example_repo).stdout  # still a working note
    assert run("report", slug, cwd=example_repo).exit_code == 0


# --- the team's working text is scanned, never published ------------------------------------------

WORKING_PLANTS = {
    "interview: answers.*": ("answers", "information-ovrigt"),
    "interview: answers.*.value": ("answers", "motet-ovrigt", "value"),
    "interview: answers.*.comment": ("answers", "motet-tid", "comment"),
    "interview: quotes.*.text": ("quotes", 1, "text"),
}


def test_every_working_field_is_planted_here():
    assert sorted(WORKING_PLANTS) == sorted(str(f) for f in WORKING if not f.identifier)


@pytest.mark.parametrize("name", sorted(WORKING_PLANTS))
def test_each_working_field_is_found_and_redacted_and_never_printed(example_repo, run, name):
    path = f"audits/{EXAMPLE_AUDIT}/interviews/b1.yaml"
    data = load(example_repo / path)
    if name == "interview: quotes.*.text":
        data["quotes"].append({"text": "x", "publish": False})
    if name == "interview: answers.*":
        data["answers"]["information-ovrigt"] = "x"
    put(data, WORKING_PLANTS[name], f"Ring {PHONE} i dag")
    if name == "interview: quotes.*.text":
        data["quotes"][1]["publish"] = False
    dump(example_repo / path, data)
    at = where(example_repo, path, PHONE)
    assert f"{at}: warning [personal-data]" in run("validate", "-q", cwd=example_repo).stdout
    report = run("report", EXAMPLE_AUDIT, cwd=example_repo)
    assert report.exit_code == 0 and PHONE not in report.stdout
    assert run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo).exit_code == 0
    assert "[borttaget]" in (example_repo / path).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "code, file, said",
    [
        (PNR, "b1", ["this code contains what looks like a Swedish personal identity number (811…)"]),
        ("b1", "0701234567", ["the file name contains what looks like a"]),
        (
            "anna-svensson",
            "anna_svensson",
            [
                "the file name contains a name from privacy.yaml (a…)",
                "this code contains a name from privacy.yaml (a…)",
            ],
        ),
    ],
)
def test_personal_data_in_a_respondent_code_or_a_file_name(example_repo, run, code, file, said):
    (example_repo / "privacy.yaml").write_text("names: [Anna Svensson]\n", encoding="utf-8")
    folder = example_repo / "audits" / EXAMPLE_AUDIT / "interviews"
    text = (folder / "b1.yaml").read_text(encoding="utf-8").replace("respondent: b1", f"respondent: {code}")
    (folder / "b1.yaml").unlink()
    (folder / f"{file}.yaml").write_text(text, encoding="utf-8")
    result = run("validate", "-q", cwd=example_repo)
    found = [line.split("[personal-data] ")[1] for line in result.stdout.splitlines() if "[personal-data]" in line]
    assert len(found) == len(said) and all(f.startswith(s) for f, s in zip(found, said, strict=True)), found
    messages = result.stdout.replace(f"{file}.yaml", "")  # the path names the file, as it must
    assert PNR not in messages and "0701234567" not in messages and "svensson" not in messages.casefold()
    redacted = run("privacy", EXAMPLE_AUDIT, "--redact", cwd=example_repo)
    assert redacted.exit_code == 1 and "change those above by hand" in redacted.stderr
    assert (folder / f"{file}.yaml").read_text(encoding="utf-8") == text  # never cut out of a code
