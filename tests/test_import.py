"""`revision import AUDIT FILE`: web-form exports in, interviews that validate out.

The exports under tests/exports/ are shaped like those of the tools units use (see
tests/exports/README.md for each one's conventions and where they were looked up); each is
imported here through the real command, and the files written are checked with the real
`revision validate`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import snapshot

EXPORTS = Path(__file__).resolve().parent / "exports"
AUDIT = "2025-boendestod-norr"


@pytest.fixture
def repo(tmp_path: Path, run) -> Path:
    """A new repository with one audit on the built-in goteborg battery, and the exports beside it."""
    done = run("init", "brukarrevisioner", cwd=tmp_path)
    assert done.exit_code == 0, done.output
    root = tmp_path / "brukarrevisioner"
    done = run("new", AUDIT, "--battery", "goteborg", cwd=root)
    assert done.exit_code == 0, done.output
    shutil.copytree(EXPORTS, root / "exports")
    return root


def interviews(root: Path) -> dict[str, dict]:
    folder = root / "audits" / AUDIT / "interviews"
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("[!_]*.yaml"))}


def make_and_import(run, root: Path, export: str) -> tuple[str, dict[str, dict]]:
    """--make-mapping, then import with that mapping unchanged; the mapping's text and the interviews."""
    done = run("import", AUDIT, f"exports/{export}", "--make-mapping", "map.yaml", cwd=root)
    assert done.exit_code == 0, done.output
    mapping = (root / "map.yaml").read_text(encoding="utf-8")
    done = run("import", AUDIT, f"exports/{export}", "--mapping", "map.yaml", cwd=root)
    assert done.exit_code == 0, done.output
    return mapping, interviews(root)


def validates(run, root: Path) -> None:
    done = run("validate", f"audits/{AUDIT}", cwd=root)
    assert done.exit_code == 0, done.output
    assert " error " not in done.output


@pytest.mark.lang("en")
def test_microsoft_forms_xlsx(run, repo):
    mapping, found = make_and_import(run, repo, "microsoft-forms.xlsx")
    data = yaml.safe_load(mapping)
    assert data["respondent"] == {"column": "ID", "prefix": "b"}
    assert data["date"] == {"column": "Completion time"}
    assert {"Email", "Name", "Start time"} <= set(data["ignore"])
    assert "# holds e-mail addresses: never imported" in mapping  # comments kept: ruamel wrote them
    assert "# 100 %" in mapping
    assert sorted(found) == ["b1", "b2", "b3"]
    assert found["b1"]["date"].isoformat() == "2025-03-12"
    assert found["b1"]["answers"]["motet-valkommen"] == "ja"
    assert found["b2"]["answers"]["motet-valkommen"] == "delvis"
    assert found["b3"]["answers"]["motet-respekt"] == "vet-ej"
    assert [found[c]["answers"]["motet-stamning"] for c in ("b1", "b2", "b3")] == [4, 3, 2]
    assert found["b1"]["answers"]["motet-ovrigt"] == "Personalen hälsar alltid."
    assert found["b2"]["answers"]["motet-ovrigt"] is None  # an empty cell: not answered
    text = (repo / "audits" / AUDIT / "interviews" / "b2.yaml").read_text(encoding="utf-8")
    assert "kim" not in text.casefold()  # the Name and Email columns never reach a file
    validates(run, repo)


@pytest.mark.lang("en")
def test_written_file_has_the_templates_shape(run, repo):
    make_and_import(run, repo, "microsoft-forms.xlsx")
    folder = repo / "audits" / AUDIT / "interviews"
    template = (folder / "_mall-brukare.yaml").read_text(encoding="utf-8").splitlines()
    written = (folder / "b1.yaml").read_text(encoding="utf-8").splitlines()
    assert written[0] == template[0]  # the schema line for editors
    assert keys(written) == keys(template)  # every question of the group, in battery order
    assert comments(written) == comments(template)


def keys(lines: list[str]) -> list[str]:
    return [line.split(":")[0] for line in lines if line and not line.lstrip().startswith("#")]


def comments(lines: list[str]) -> list[str]:
    """The comments from the respondent line on (the lines above say where the file came from)."""
    start = next(i for i, line in enumerate(lines) if line.startswith("respondent:"))
    return [line[line.index("#") :] for line in lines[start:] if "#" in line]


@pytest.mark.lang("en")
def test_google_forms_without_an_id_column(run, repo):
    mapping, found = make_and_import(run, repo, "google-forms.csv")
    assert yaml.safe_load(mapping)["respondent"] == {"prefix": "b"}  # the row's number makes the code
    assert yaml.safe_load(mapping)["ignore"] == ["Email Address"]
    assert sorted(found) == ["b1", "b2", "b3"]
    # 3/13/2025: a day over 12 in the second place says the column is month/day/year.
    assert [found[c]["date"].isoformat() for c in ("b1", "b2", "b3")] == ["2025-03-13", "2025-03-14", "2025-03-15"]
    validates(run, repo)


@pytest.mark.lang("en")
def test_limesurvey_full_answers_with_a_byte_order_mark(run, repo):
    mapping, found = make_and_import(run, repo, "limesurvey-full.csv")
    assert yaml.safe_load(mapping)["respondent"]["column"] == "Response ID"  # not "\ufeffResponse ID"
    assert sorted(found) == ["b21", "b22", "b23"]
    assert found["b23"]["answers"]["motet-valkommen"] == "vet-ej"
    assert found["b22"]["answers"]["motet-respekt"] == "nej"
    assert found["b23"]["answers"]["motet-stamning"] is None
    validates(run, repo)


LIMESURVEY_CODES_MAPPING = """\
# LimeSurvey exported with question codes and answer codes: the codes are mapped by hand.
respondent: {column: id, prefix: ls}
group: {value: brukare}
date: {column: submitdate}
consent: {value: true}
questions:
  G01Q01: {question: motet-valkommen, values: {A1: ja, A2: delvis, A3: nej, A4: vet-ej}}
  G01Q02: {question: motet-respekt, values: {A1: ja, A2: delvis, A3: nej, A4: vet-ej}}
  G01Q03: {question: motet-stamning}
  G01Q04: {question: motet-ovrigt}
ignore: [lastpage, startlanguage, seed]
"""


@pytest.mark.lang("en")
def test_limesurvey_codes_personal_data_in_free_text_stops_the_import(run, repo):
    (repo / "map.yaml").write_text(LIMESURVEY_CODES_MAPPING, encoding="utf-8")
    before = snapshot(repo)
    done = run("import", AUDIT, "exports/limesurvey-codes.csv", "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert "exports/limesurvey-codes.csv:4:9: error [import-personal-data]" in done.stdout
    assert "a phone number (070…)" in done.stdout
    assert "123 45 67" not in done.output  # never repeated in full
    assert "nothing was written" in done.stderr
    assert snapshot(repo) == before


@pytest.mark.lang("en")
def test_limesurvey_codes_mapped_by_hand(run, repo):
    (repo / "map.yaml").write_text(LIMESURVEY_CODES_MAPPING, encoding="utf-8")
    export = repo / "exports" / "limesurvey-codes.csv"
    export.write_text(export.read_text(encoding="utf-8").replace("Ring mig på 070-123 45 67", "Ring mig"), "utf-8")
    done = run("import", AUDIT, "exports/limesurvey-codes.csv", "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 0, done.output
    found = interviews(repo)
    assert sorted(found) == ["ls11", "ls12", "ls13"]
    assert [found[c]["answers"]["motet-valkommen"] for c in ("ls11", "ls12", "ls13")] == ["ja", "delvis", "vet-ej"]
    assert found["ls12"]["answers"]["motet-respekt"] == "nej"
    assert found["ls11"]["consent"] is True
    validates(run, repo)


@pytest.mark.lang("en")
def test_netigate_swedish_excel_csv(run, repo):
    """Windows-1252, semicolons, decimal commas, a group column and a consent column."""
    mapping, found = make_and_import(run, repo, "netigate.csv")
    data = yaml.safe_load(mapping)
    assert data["group"] == {"column": "Jag är", "values": {"Brukare": "brukare", "Personal": "personal"}}
    assert data["consent"] == {"column": "Samtycke", "values": {"Ja": True}}
    assert "E-post" in data["ignore"]
    assert sorted(found) == ["r1001", "r1002", "r1003"]
    assert found["r1001"]["answers"]["motet-stamning"] == 4  # written 4,0
    assert found["r1003"]["group"] == "personal"
    assert found["r1003"]["answers"]["motet-ovrigt-personal"] == "Vi har en rutin."  # staff have their own
    assert "motet-valkommen" not in found["r1003"]["answers"]  # not asked of staff
    assert all(i["consent"] is True for i in found.values())
    validates(run, repo)


@pytest.mark.lang("en")
def test_esmaker_unicode_text_utf16_tabs(run, repo):
    mapping, found = make_and_import(run, repo, "esmaker.txt")
    assert yaml.safe_load(mapping)["consent"]["values"] == {"Ja": True, "Nej": False}
    assert sorted(found) == ["b501", "b502"]
    assert found["b501"]["consent"] is True and found["b502"]["consent"] is False
    assert found["b502"]["answers"]["motet-valkommen"] == "delvis"
    validates(run, repo)


@pytest.mark.lang("en")
def test_kobotoolbox_group_paths(run, repo):
    mapping, found = make_and_import(run, repo, "kobotoolbox.csv")
    data = yaml.safe_load(mapping)
    assert data["respondent"]["column"] == "_id"  # _uuid is too long for a code
    assert data["questions"]["grp_motet/motet_valkommen"]["question"] == "motet-valkommen"
    assert {"_uuid", "_submission_time", "deviceid"} <= set(data["ignore"])
    assert sorted(found) == ["b90211", "b90212"]
    assert found["b90211"]["date"].isoformat() == "2025-03-12"
    assert found["b90212"]["answers"]["motet-stamning"] == 2
    validates(run, repo)


def write_export(root: Path, text: str, name: str = "svar.csv") -> str:
    (root / name).write_text(text, encoding="utf-8")
    return name


SMALL_MAPPING = """\
respondent: {column: ID, prefix: w}
group: {value: brukare}
date: {column: Datum}
consent: {value: true}
questions:
  "Känner du dig välkommen?": {question: motet-valkommen, values: {"Ja": ja, "Nej": nej}}
ignore: [Namn]
"""


@pytest.mark.lang("en")
def test_every_problem_at_file_row_column_and_nothing_written(run, repo):
    export = write_export(
        repo,
        "ID,Datum,Namn,Känner du dig välkommen?,Övrigt\n"
        "1,2025-03-12,Anna,Ja,x\n"
        "1,2025-03-40,Bo,Kanske,y\n"
        ",2025-03-12,Cia,Nej,z\n",
    )
    (repo / "map.yaml").write_text(SMALL_MAPPING, encoding="utf-8")
    before = snapshot(repo)
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert any(
        line.startswith("svar.csv:1:5: error [import-unmapped-column]")
        and "'Övrigt'" in line
        and "closest question" in line
        for line in lines
    ), done.stdout
    assert "svar.csv:3:1: error [import-respondent-duplicate] the respondent code 'w1' is also in row 2" in lines
    assert "svar.csv:3:2: error [import-date] '2025-03-40' is not a date; write it as YYYY-MM-DD" in lines
    assert any(line.startswith("svar.csv:3:4: error [import-unknown-value] 'Kanske'") for line in lines), done.stdout
    assert "svar.csv:4:1: error [import-respondent-empty] this row has no respondent code" in lines
    assert "nothing was written" in done.stderr
    assert snapshot(repo) == before


@pytest.mark.lang("en")
def test_a_value_not_in_the_mapping_names_the_closest_option(run, repo):
    export = write_export(repo, "ID,Datum,Namn,Känner du dig välkommen?\n1,2025-03-12,Anna,Nejj\n")
    (repo / "map.yaml").write_text(SMALL_MAPPING, encoding="utf-8")
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert (
        "svar.csv:2:4: error [import-unknown-value] 'Nejj' is not in the mapping for motet-valkommen; "
        "the closest is 'Nej'" in done.stdout
    )


@pytest.mark.lang("en")
def test_a_name_column_must_be_ignored(run, repo):
    export = write_export(repo, "ID,Datum,Namn,Känner du dig välkommen?\n1,2025-03-12,Anna,Ja\n")
    (repo / "map.yaml").write_text(SMALL_MAPPING.replace("ignore: [Namn]", "ignore: []"), encoding="utf-8")
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert (
        "svar.csv:1:3: error [import-personal-column] the column 'Namn' holds names or contact details" in done.stdout
    )


@pytest.mark.lang("en")
def test_an_e_mail_column_found_by_its_cells(run, repo):
    export = write_export(repo, "ID,Datum,Kontakt,Känner du dig välkommen?\n1,2025-03-12,anna.berg@example.se,Ja\n")
    mapping = SMALL_MAPPING.replace("ignore: [Namn]", "ignore: []").replace(
        "questions:\n", "questions:\n  Kontakt: {question: motet-ovrigt}\n"
    )
    (repo / "map.yaml").write_text(mapping, encoding="utf-8")
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert "svar.csv:1:3: error [import-personal-column] the column 'Kontakt' holds e-mail addresses" in done.stdout
    assert "anna.berg" not in done.output


@pytest.mark.lang("en")
def test_mapping_mistakes_point_into_the_mapping_file(run, repo):
    export = write_export(repo, "ID,Datum,Namn,Känner du dig välkommen?\n1,2025-03-12,Anna,Ja\n")
    mapping = SMALL_MAPPING.replace("question: motet-valkommen", "question: motet-valkomen").replace(
        "column: Datum", "column: Datumm"
    )
    (repo / "map.yaml").write_text(mapping, encoding="utf-8")
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert (
        "map.yaml:3:16: error [import-unknown-column] the export has no column 'Datumm'; did you mean 'Datum'?"
        in done.stdout
    )
    assert (
        "map.yaml:6:42: error [import-mapping] the battery has no question 'motet-valkomen'; did you mean "
        "'motet-valkommen'?" in done.stdout
    )


@pytest.mark.lang("en")
def test_an_existing_interview_file_stops_everything(run, repo):
    export = write_export(repo, "ID,Datum,Namn,Känner du dig välkommen?\n1,2025-03-12,Anna,Ja\n2,2025-03-12,Bo,Nej\n")
    (repo / "map.yaml").write_text(SMALL_MAPPING, encoding="utf-8")
    existing = repo / "audits" / AUDIT / "interviews" / "w2.yaml"
    existing.write_text("# kept as it is\n", encoding="utf-8")
    before = snapshot(repo)
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert f"svar.csv:3:1: error [import-file-exists] audits/{AUDIT}/interviews/w2.yaml exists already" in done.stdout
    assert snapshot(repo) == before
    assert not (repo / "audits" / AUDIT / "interviews" / "w1.yaml").exists()


@pytest.mark.lang("en")
def test_dry_run_prints_and_writes_nothing(run, repo):
    export = write_export(repo, "ID,Datum,Namn,Känner du dig välkommen?\n7,12.3.2025,Anna,Ja\n")
    (repo / "map.yaml").write_text(SMALL_MAPPING, encoding="utf-8")
    before = snapshot(repo)
    done = run("import", AUDIT, export, "--mapping", "map.yaml", "--dry-run", cwd=repo)
    assert done.exit_code == 0, done.output
    assert f"# --- audits/{AUDIT}/interviews/w7.yaml" in done.stdout
    assert "respondent: w7 " in done.stdout
    assert "date: 2025-03-12 " in done.stdout  # 12.3.2025: day first, as dots always are
    assert "  motet-valkommen: ja " in done.stdout
    assert "1 interview would be written" in done.stderr
    assert snapshot(repo) == before


@pytest.mark.lang("en")
def test_ambiguous_slashed_dates_ask_for_a_format(run, repo):
    export = write_export(repo, "ID,Datum,Namn,Känner du dig välkommen?\n1,3/4/2025,Anna,Ja\n")
    (repo / "map.yaml").write_text(SMALL_MAPPING, encoding="utf-8")
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert "svar.csv:2:2: error [import-date] '3/4/2025' may be day/month or month/day" in done.stdout
    (repo / "map.yaml").write_text(
        SMALL_MAPPING.replace("{column: Datum}", '{column: Datum, format: "%d/%m/%Y"}'), encoding="utf-8"
    )
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 0, done.output
    assert interviews(repo)["w1"]["date"].isoformat() == "2025-04-03"


@pytest.mark.lang("en")
def test_make_mapping_never_overwrites(run, repo):
    (repo / "map.yaml").write_text("# mine\n", encoding="utf-8")
    done = run("import", AUDIT, "exports/google-forms.csv", "--make-mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert "map.yaml exists already; nothing was changed" in done.stderr
    assert (repo / "map.yaml").read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.lang("en")
def test_mapping_or_make_mapping_is_required(run, repo):
    done = run("import", AUDIT, "exports/google-forms.csv", cwd=repo)
    assert done.exit_code == 2
    assert "--make-mapping" in done.stderr


@pytest.mark.lang("sv")
def test_findings_in_swedish(run, repo):
    export = write_export(repo, "ID,Datum,Namn,Känner du dig välkommen?\n,2025-03-12,Anna,Ja\n")
    (repo / "map.yaml").write_text(SMALL_MAPPING, encoding="utf-8")
    done = run("import", AUDIT, export, "--mapping", "map.yaml", cwd=repo)
    assert done.exit_code == 1
    assert "svar.csv:2:1: error [import-respondent-empty] raden saknar svarandekod" in done.stdout
    assert "ingenting skrevs" in done.stderr
