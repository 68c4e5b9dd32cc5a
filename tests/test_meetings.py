"""meetings.yaml (the meetings of an audit's team or an improvement team), a follow-up held
as a meeting without new interviews, and the practice a battery or an audit declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FOLLOW_UP = "2022-solrosen-uppfoljning"
MEETINGS = f"audits/{FOLLOW_UP}/meetings.yaml"
TEAM = "2021-solrosen-telefon"
SEMINAR = "2024-tallasen-avslutade"
IPS = "2025-ips-alvstaden"
EXAMPLE = "2012-vastra-hisingen"
TODAY = {"REVISION_TODAY": "2022-06-01"}
NEWSLETTER = """\
- id: nyhetsbrev
  title: Nyhetsbrev till brukarna med kontaktuppgifter
  owner: Enhetschef
  status: planned
"""


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).write_text(text, encoding="utf-8")


def replace(repo: Path, path: str, old: str, new: str) -> None:
    text = (repo / path).read_text(encoding="utf-8")
    assert old in text, old
    (repo / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def finding_lines(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if f"[{code}]" in line]


# --- the follow-up held as a meeting -------------------------------------------------------


@pytest.mark.lang("sv")
def test_a_follow_up_meeting_without_interviews_validates_clean(example_repo, run):
    assert not (example_repo / f"audits/{FOLLOW_UP}/interviews").exists()
    result = run("validate", f"audits/{FOLLOW_UP}", "--strict", cwd=example_repo, env=TODAY)
    assert result.exit_code == 0, result.output
    assert "Inga problem hittades." in result.stdout


def test_the_follow_up_reads_as_one_with_the_earlier_colours_and_the_meetings_in_date_order(example_repo, run):
    report = run("report", FOLLOW_UP, "--lang", "sv", cwd=example_repo, env=TODAY)
    assert report.exit_code == 0, report.output
    text = report.stdout
    assert text.startswith("# Uppföljning: Boendestödet Solrosen\n")
    assert "## Så gjordes uppföljningen" in text
    # The earlier audit's colours, alone: no column of "insufficient" beside them.
    assert "## Färgerna vid revisionen som följs upp" in text
    assert "| Träffar som blir av | ! Gul |\n| Dialog och öppenhet | ✓ Grön |" in text
    assert "| **Handlingsplanen (totalt)** | **! Gul** |" in text
    assert "Otillräckligt underlag" not in text
    assert "### Färgbedömningar" not in text and "**Totalt:** 0" not in text
    # Meetings in date order, although the file lists the later one first.
    team = text.index("### 2022-04-05: Teammöte")
    follow = text.index("### 2022-04-26: Uppföljningsmöte")
    assert team < follow
    assert "- **Närvarande:** Brukarrevisor (1), Samordnare (1), Enhetschef (1), Personal (6)" in text
    assert "- Revisionsteamet skickar rapporten till nämndens ordförande." in text


def test_the_follow_up_in_english_and_in_html(example_repo, run):
    english = run("report", FOLLOW_UP, "--lang", "en", cwd=example_repo, env=TODAY).stdout
    assert english.startswith("# Follow-up: Boendestödet Solrosen\n")
    assert "## Colours at the audit followed up" in english
    assert "### 2022-04-26: Follow-up meeting" in english
    assert "- **Present:** User auditor (1), Coordinator (1), Unit manager (1), Staff (6)" in english
    html = run("report", FOLLOW_UP, "--lang", "en", "--format", "html", cwd=example_repo, env=TODAY).stdout
    assert "<h1>Follow-up: Boendestödet Solrosen</h1>" in html
    assert '<h3><time datetime="2022-04-05">2022-04-05</time>: Team meeting</h3>' in html
    assert '<tr class="total"><th scope="row">The action plan (total)</th>' in html
    assert html.index('<time datetime="2022-04-05">') < html.index('<time datetime="2022-04-26">')


def test_meeting_text_is_escaped_in_html(example_repo, run):
    replace(example_repo, MEETINGS, "Teamet läste rapporten", "Teamet <b>läste</b> rapporten")
    html = run("report", FOLLOW_UP, "--format", "html", cwd=example_repo, env=TODAY).stdout
    assert "Teamet &lt;b&gt;läste&lt;/b&gt; rapporten" in html and "<b>läste" not in html


def test_a_follow_up_with_interviews_stays_an_audit_report(example_repo, run):
    """Only a follow-up without new interviews reads as a meeting: with interviews the
    colours are this audit's own."""
    folder = example_repo / f"audits/{FOLLOW_UP}"
    (folder / "interviews").mkdir()
    source = example_repo / f"audits/{TEAM}/interviews/u1.yaml"
    (folder / "interviews/u1.yaml").write_text(
        re.sub(r"interviewers: \[.*\]", "interviewers: [A]", source.read_text(encoding="utf-8")), encoding="utf-8"
    )
    text = run("report", FOLLOW_UP, "--lang", "sv", cwd=example_repo, env=TODAY).stdout
    assert text.startswith("# Förbättringsarbete: Boendestödet Solrosen\n")
    assert "## Färgerna vid revisionen som följs upp" not in text
    assert "| Delområde | Förra revisionen | Nu | Förändring |" in text
    assert "## Möten" in text  # the meetings are shown all the same


def test_a_team_meeting_alone_does_not_make_a_follow_up(example_repo, run):
    replace(example_repo, MEETINGS, "kind: uppföljningsmöte", "kind: återföringsmöte")
    text = run("report", FOLLOW_UP, "--lang", "sv", cwd=example_repo, env=TODAY).stdout
    assert text.startswith("# Förbättringsarbete: ")
    assert "### 2022-04-26: Återföringsmöte" in text


# --- findings ------------------------------------------------------------------------------


@pytest.mark.lang("en")
def test_a_meeting_after_today_is_a_warning_at_its_date(example_repo, run):
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env={"REVISION_TODAY": "2022-04-20"})
    assert result.exit_code == 0
    strict = run("validate", f"audits/{FOLLOW_UP}", "--strict", cwd=example_repo, env={"REVISION_TODAY": "2022-04-20"})
    assert strict.exit_code == 1
    [line] = finding_lines(result.stdout, "meetings-future-date")
    assert line == (
        f"{MEETINGS}:7:9: warning [meetings-future-date] the meeting is dated 2022-04-26, after today (2022-04-20); "
        "record a meeting once it has been held"
    )


@pytest.mark.lang("en")
def test_unknown_roles_and_actions_are_errors_with_the_closest_one(example_repo, run):
    write(example_repo, f"audits/{FOLLOW_UP}/actions.yaml", NEWSLETTER)
    replace(example_repo, MEETINGS, "{role: enhetschef}", "{role: enhetchef}")
    replace(example_repo, MEETINGS, "\n\n- date: 2022-04-05", "\n  actions: [nyhetsbref]\n\n- date: 2022-04-05")
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY)
    assert result.exit_code == 1
    [role] = finding_lines(result.stdout, "meetings-unknown-role")
    assert role.startswith(f"{MEETINGS}:12:14: error [meetings-unknown-role] 'enhetchef' is neither a built-in role")
    assert role.endswith("did you mean 'enhetschef'?")
    [action] = finding_lines(result.stdout, "meetings-unknown-action")
    assert action == (
        f"{MEETINGS}:26:13: error [meetings-unknown-action] there is no action 'nyhetsbref' in actions.yaml; "
        "did you mean 'nyhetsbrev'?"
    )


@pytest.mark.lang("en")
def test_an_action_without_actions_yaml_is_an_error(example_repo, run):
    replace(example_repo, MEETINGS, "\n\n- date: 2022-04-05", "\n  actions: [nyhetsbrev]\n\n- date: 2022-04-05")
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY)
    assert result.exit_code == 1
    [line] = finding_lines(result.stdout, "meetings-unknown-action")
    assert line.endswith("the meeting names action 'nyhetsbrev', but the audit has no actions.yaml")


@pytest.mark.lang("en")
def test_a_role_declared_in_revision_yaml_is_an_attendee_and_the_report_names_it(example_repo, run):
    config = example_repo / "revision.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "roles:\n  socialsekreterare: {sv: Socialsekreterare, en: Social worker}\n",
        encoding="utf-8",
    )
    replace(example_repo, MEETINGS, "{role: personal, count: 6}", "{role: socialsekreterare, count: 6}")
    assert run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY).exit_code == 0
    english = run("report", FOLLOW_UP, "--lang", "en", cwd=example_repo, env=TODAY).stdout
    assert "Unit manager (1), Social worker (6)" in english


@pytest.mark.lang("en")
def test_the_same_meeting_twice_is_an_error(example_repo, run):
    replace(
        example_repo, MEETINGS, "- date: 2022-04-05\n  kind: teammöte", "- date: 2022-04-26\n  kind: follow-up-meeting"
    )
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY)
    assert result.exit_code == 1
    [line] = finding_lines(result.stdout, "meetings-duplicate")
    assert line == (
        f"{MEETINGS}:27:9: error [meetings-duplicate] meeting 1 is also a 'follow-up-meeting' on 2022-04-26; "
        "list each meeting once"
    )


@pytest.mark.lang("sv")
def test_the_duplicate_names_the_kind_in_swedish_in_a_swedish_repository(example_repo, run):
    replace(
        example_repo, MEETINGS, "- date: 2022-04-05\n  kind: teammöte", "- date: 2022-04-26\n  kind: follow-up-meeting"
    )
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY)
    [line] = finding_lines(result.stdout, "meetings-duplicate")
    assert "möte 1 är också ett 'uppföljningsmöte' den 2022-04-26" in line


@pytest.mark.lang("en")
def test_an_unknown_kind_and_a_zero_count_are_schema_errors(example_repo, run):
    replace(example_repo, MEETINGS, "  kind: teammöte", "  kind: temamöte")
    replace(example_repo, MEETINGS, "{role: personal, count: 6}", "{role: personal, count: 0}")
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY)
    assert result.exit_code == 1
    kind = next(line for line in result.stdout.splitlines() if "kind" in line and "temamöte" in line)
    assert kind.startswith(f"{MEETINGS}:28:9: error [schema-value]")
    assert "did you mean 'teammöte'?" in kind
    assert f"{MEETINGS}:13:31: error [schema-value] [0].attendees[3].count: must be greater than or equal to 1" in (
        result.stdout
    )


@pytest.mark.lang("en")
def test_a_name_in_a_meeting_text_is_flagged(example_repo, run):
    replace(example_repo, MEETINGS, "Teamet läste rapporten", "Ring 070-123 45 67, teamet läste rapporten")
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY)
    assert finding_lines(result.stdout, "personal-data")[0].startswith(f"{MEETINGS}:32:19: warning [personal-data]")


def test_the_schema_command_prints_the_meetings_schema(example_repo, run):
    result = run("schema", "meetings", cwd=example_repo)
    assert result.exit_code == 0
    assert '"follow-up-meeting"' in result.stdout and '"uppföljningsmöte"' in result.stdout
    assert (example_repo / "schemas/meetings.schema.json").read_text(encoding="utf-8") == result.stdout


def test_an_improvement_team_shows_its_meetings(example_repo, run):
    text = run("report", TEAM, "--lang", "sv", cwd=example_repo).stdout
    dates = re.findall(r"^### (\d{4}-\d\d-\d\d): (\w+)", text, re.MULTILINE)
    assert dates == [("2020-10-06", "Teammöte"), ("2020-11-03", "Teammöte"), ("2021-04-12", "Återföringsmöte")]
    assert "- **Närvarande:** Personal (3), Brukare (2), Samordnare (1)" in text


# --- practices -----------------------------------------------------------------------------

# practice → (title, feedback step, team, method heading) in sv and in en
WORDS = {
    "brukarrevision": {
        "sv": ("Brukarrevision: ", "Återföring", "Revisionsteam", "Så gjordes revisionen"),
        "en": ("User audit: ", "Feedback meeting", "Audit team", "How the audit was made"),
    },
    "analysseminarium": {
        "sv": ("Intervjuer och analysseminarium: ", "Analysseminarium", "Intervjuteam", "Så gjordes intervjuerna"),
        "en": (
            "Interviews and analysis seminar: ",
            "Analysis seminar",
            "Interview team",
            "How the interviews were made",
        ),
    },
    "granskning": {
        "sv": ("Granskning: ", "Återkoppling", "Granskningsteam", "Så gjordes granskningen"),
        "en": ("Review: ", "Feedback on the review", "Review team", "How the review was made"),
    },
    "forbattringsteam": {
        "sv": ("Förbättringsarbete: ", "Teammöte", "Förbättringsteam", "Så gick arbetet till"),
        "en": ("Improvement work: ", "Team meeting", "Improvement team", "How the work was done"),
    },
}
SPELLINGS = {"brukarrevision": "user-audit", "analysseminarium": "analysseminarium", "granskning": "review"}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("practice", sorted(WORDS))
def test_an_audit_names_its_steps_as_its_practice_does(example_repo, run, practice, lang):
    audit = f"audits/{EXAMPLE}/audit.yaml"
    written = SPELLINGS.get(practice, "förbättringsteam")  # any spelling, either language
    replace(example_repo, audit, "status: reported", f"status: reported\npractice: {written}")
    assert run("validate", f"audits/{EXAMPLE}", cwd=example_repo).exit_code == 0
    text = run("report", EXAMPLE, "--lang", lang, cwd=example_repo).stdout
    title, feedback, team, method = WORDS[practice][lang]
    assert text.startswith(f"# {title}Socialkontoret Västra Hisingen\n")
    assert f"- **{feedback}:** 2012-11-20" in text
    assert f"- **{team}:** " in text
    assert f"## {method}\n" in text


def test_the_audit_s_practice_stands_over_its_battery_s(example_repo, run):
    before = run("report", SEMINAR, "--lang", "sv", cwd=example_repo).stdout
    assert before.startswith("# Intervjuer och analysseminarium: ")  # the battery's
    assert "- **Analysseminarium:** 2024-05-22" in before
    assert "- **Intervjuteam:** Samordnare (1), Metodstödjare (2)" in before
    replace(example_repo, f"audits/{SEMINAR}/audit.yaml", "status: reported", "status: reported\npractice: granskning")
    after = run("report", SEMINAR, "--lang", "sv", cwd=example_repo).stdout
    assert after.startswith("# Granskning: ") and "- **Återkoppling:** 2024-05-22" in after


def test_the_steps_are_listed_in_the_method_section(example_repo, run):
    text = run("report", SEMINAR, "--lang", "en", cwd=example_repo).stdout
    assert (
        "**Steps of the practice (Interviews with an analysis seminar):** Open interviews with clients who have "
        "ended their contact → Coding the interviews by theme → Analysis seminar with the staff" in text
    )
    html = run("report", SEMINAR, "--lang", "sv", "--format", "html", cwd=example_repo).stdout
    assert '<ol class="practice-steps">\n<li>Öppna intervjuer med klienter som har avslutat sin kontakt</li>' in html


def test_a_fidelity_review_keeps_its_title_and_names_its_feedback(example_repo, run):
    text = run("report", IPS, "--lang", "sv", cwd=example_repo).stdout
    assert text.startswith("# Granskning av programtrohet: ")
    assert "- **Återkoppling:** 2025-04-08" in text and "## Diskussion vid återkopplingen\n" in text


def test_labels_yaml_still_has_the_last_word(example_repo, run):
    (example_repo / "templates").mkdir()
    write(example_repo, "templates/labels.yaml", "feedback_meeting: {sv: Seminariet, en: The seminar}\n")
    text = run("report", SEMINAR, "--lang", "sv", cwd=example_repo).stdout
    assert "- **Seminariet:** 2024-05-22" in text
    assert "## Så gjordes intervjuerna" in text  # what labels.yaml leaves alone follows the practice


@pytest.mark.lang("en")
def test_an_unknown_practice_is_an_error_with_the_closest_one(example_repo, run):
    replace(example_repo, f"audits/{EXAMPLE}/audit.yaml", "status: reported", "status: reported\npractice: granskninng")
    result = run("validate", f"audits/{EXAMPLE}", cwd=example_repo)
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "practice" in line)
    assert line.startswith(f"audits/{EXAMPLE}/audit.yaml:17:11: error [schema-value] ")
    assert "'user-audit', 'analysis-seminar', 'review' or 'improvement-team'" in line
    assert line.endswith("did you mean 'granskning'?")


def test_a_metodstodjare_is_a_built_in_role(example_repo, run):
    replace(
        example_repo, f"audits/{EXAMPLE}/audit.yaml", "{id: D, role: samordnare}", "{id: D, role: method-supporter}"
    )
    assert run("validate", f"audits/{EXAMPLE}", cwd=example_repo).exit_code == 0
    assert "Method supporter (1)" in run("report", EXAMPLE, "--lang", "en", cwd=example_repo).stdout


def test_a_meeting_names_the_actions_it_took_up(example_repo, run):
    write(example_repo, f"audits/{FOLLOW_UP}/actions.yaml", NEWSLETTER)
    replace(example_repo, MEETINGS, "\n\n- date: 2022-04-05", "\n  actions: [nyhetsbrev]\n\n- date: 2022-04-05")
    assert run("validate", f"audits/{FOLLOW_UP}", "--strict", cwd=example_repo, env=TODAY).exit_code == 0
    text = run("report", FOLLOW_UP, "--lang", "sv", cwd=example_repo, env=TODAY).stdout
    assert "**Förbättringsåtgärder som togs upp**\n\n- Nyhetsbrev till brukarna med kontaktuppgifter\n" in text


@pytest.mark.lang("en")
def test_a_date_that_does_not_exist_is_an_error_at_its_place(example_repo, run):
    replace(example_repo, MEETINGS, "- date: 2022-04-05", "- date: 2022-02-30")
    result = run("validate", f"audits/{FOLLOW_UP}", cwd=example_repo, env=TODAY)
    assert result.exit_code == 1
    assert (
        f"{MEETINGS}:27:9: error [schema-type] [1].date: '2022-02-30' is not a date; write it as YYYY-MM-DD"
        in result.stdout
    )


def test_the_site_shows_no_colours_of_a_follow_up_held_as_a_meeting(example_repo, run):
    """The follow-up meeting has no figures of its own: the unit page lists it among the
    audits but gives it no column of colours over time, and the overview's row for the unit
    stays on the audit it followed up."""
    out = example_repo.parent / "site"
    result = run("site", "-o", str(out), "--today", "2023-01-01", cwd=example_repo)
    assert result.exit_code == 0, result.output
    unit = (out / "units" / "boendestodet-solrosen.html").read_text(encoding="utf-8")
    assert f'<tr data-audit="{FOLLOW_UP}">' in unit  # listed
    assert f'<th scope="col" data-audit="{FOLLOW_UP}">' not in unit  # no column of colours
    assert '<th scope="col" data-audit="2021-solrosen-telefon">' in unit
    index = (out / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-unit="Boendestödet Solrosen">.*?</tr>', index, re.DOTALL)
    assert row is not None and "2021-solrosen-telefon" in row.group(0) and FOLLOW_UP not in row.group(0)
