"""The interview guides of a fidelity review (ips-fidelity's `guides`): one per source —
managers, employment specialists (IPS coaches), clients, relatives, clinicians — printed by
`revision form --group G [--guide]`, and checked in the battery, through the real command."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO

AUDIT = "2025-ips-alvstaden"
BATTERY = yaml.safe_load((REPO / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8"))


def form(run, repo, *args):
    result = run("form", AUDIT, "--format", "md", *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "group, label, title, first",
    [
        ("chef", "Chefer", "Samtal med chef och ledning", "Vilket mål har verksamheten"),
        (
            "arbetscoach",
            "Arbetsspecialister (IPS-coacher)",
            "Samtal med arbetsspecialister (IPS-coacher)",
            "Berätta om en deltagare som du har följt",
        ),
        ("deltagare", "Deltagare", "Samtal med deltagare", "Hur fick du höra talas om stödet till arbete?"),
        ("närstående", "Närstående", "Samtal med närstående", "Vad vet du om stödet till arbete"),
        ("behandlare", "Behandlare", "Samtal med behandlare", "Hur samarbetar du med arbetsspecialisten"),
    ],
)
def test_each_source_has_its_own_guide(run, example_repo, group, label, title, first):
    guide = form(run, example_repo, "--group", group, "--guide")
    assert f"- **Grupp:** {label} (`" in guide
    assert f"## {title}\n" in guide
    assert f"**1.** {first}" in guide
    assert "Svaren hjälper granskarna att poängsätta: ips-" in guide  # each topic names its items
    assert "Det här är granskarnas frågor" in guide and "är det som står i intervjufilen" not in guide
    blank = form(run, example_repo, "--group", group)  # the note sheet: questions without the guidance
    assert f"**1.** {first}" in blank and "Svaren hjälper granskarna" not in blank


def test_the_guide_reads_in_english_and_names_items_by_their_titles(run, example_repo):
    guide = form(run, example_repo, "--group", "arbetscoach", "--guide", "--lang", "en")
    assert "## Conversation with employment specialists (IPS coaches)" in guide
    assert "The answers help score: ips-12 Work incentives planning." in guide
    assert "**1.** Tell us about a client you have followed from the first meeting to a job." in guide


def test_every_guide_text_is_in_both_languages_and_every_topic_names_items():
    guides = BATTERY["guides"]
    assert sorted(g["group"] for g in guides) == sorted(BATTERY["groups"])
    items = {i["id"] for s in BATTERY["sections"] for i in s["items"]}
    for guide in guides:
        texts = [guide["title"], guide["description"]]
        for topic in guide["topics"]:
            assert topic["items"] and set(topic["items"]) <= items, topic["id"]
            texts += [topic["title"], *(q["text"] for q in topic["questions"])]
        for text in texts:
            assert set(text) == {"sv", "en"} and all(text.values()), text


LOCAL = """\
id: lokal-trohet
version: 1
title: Lokal skala
groups: [chef]
sections:
  - id: s
    title: S
    items:
      - {id: p1, title: P1}
guides:
  - group: chef
    title: Chef
    topics:
      - id: t1
        title: T1
        items: [p2]
        questions:
          - {id: p1, text: Fråga}
  - group: chef
    title: Chef igen
    topics:
      - {id: t2, title: T2, questions: [{id: q2, text: Fråga}]}
  - group: personal
    title: Personal
    topics:
      - {id: t3, title: T3, questions: [{id: q3, text: Fråga}]}
"""


def test_a_guide_with_unknown_groups_items_or_taken_ids_is_a_battery_finding(run, tmp_path):
    assert run("init", str(tmp_path / "arkiv"), cwd=tmp_path).exit_code == 0
    path = tmp_path / "arkiv" / "batteries" / "lokal.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    result = run("validate", "--lang", "en", cwd=tmp_path / "arkiv")
    assert result.exit_code == 1
    out = result.stdout
    assert "batteries/lokal.yaml:16:17: error [battery-guide] the battery has no fidelity item or section 'p2'" in out
    assert "batteries/lokal.yaml:18:18: error [battery-duplicate-id] id 'p1' is used twice" in out
    assert "batteries/lokal.yaml:19:12: error [battery-guide] group 'chef' has a guide already" in out
    assert "batteries/lokal.yaml:23:12: error [battery-guide] the guide is for group 'personal'" in out


def test_a_fidelity_battery_without_guides_still_has_no_form(run, example_repo):
    text = (REPO / "question_batteries" / "ips-fidelity.yaml").read_text(encoding="utf-8")
    text = text.replace("\nversion: 1\n", "\nversion: 9\n", 1).split("\nguides:\n")[0] + "\n"
    (example_repo / "batteries").mkdir(exist_ok=True)
    (example_repo / "batteries" / "utan.yaml").write_text(text, encoding="utf-8")
    audit = example_repo / "audits" / AUDIT / "audit.yaml"
    audit.write_text(audit.read_text(encoding="utf-8").replace("ips-fidelity@1", "ips-fidelity@9"), "utf-8")
    result = run("form", AUDIT, "--group", "chef", "--lang", "en", cwd=example_repo)
    assert result.exit_code == 2 and "ips-fidelity@9 has no interview questions to print" in result.stderr


def test_batteries_show_names_each_guide(run, tmp_path):
    shown = run("batteries", "show", "ips-fidelity", "--lang", "en", cwd=tmp_path)
    assert shown.exit_code == 0, shown.output
    assert "Interview guides (revision form AUDIT --group GROUP --guide):" in shown.stdout
    assert (
        "  arbetscoach: Conversation with employment specialists (IPS coaches) — 7 topics, 16 questions" in shown.stdout
    )
