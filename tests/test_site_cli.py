"""`revision site -o DIR`: the static overview, through the real command."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from conftest import EXAMPLE_AUDIT, REPO, THEMES_AUDIT, example_units, goteborg_only
from test_score_cli import four_users_two_staff

from revision_cli.render.site import unit_slug
from revision_cli.repository.scored import open_audit
from revision_cli.scoring.colours import score_audit
from revision_cli.views.presentation import badge, explanation, percent

# The example repository is Swedish; these tests read the command line in English (--lang en).
pytestmark = pytest.mark.lang("en")

UNIT = "Socialkontoret Västra Hisingen"
OTHER_UNIT = "Äldreboende Öster/Å"
FOLLOW_UP = "2014-vastra-hisingen"
OTHER = "2013-aldreboende-oster"
# The example audits of the other built-in batteries: a page and a unit of their own each.
FURTHER_EXAMPLES = {slug: unit for slug, unit in example_units().items() if slug != EXAMPLE_AUDIT}


def copy_audit(repo: Path, slug: str, **changes: str) -> Path:
    """A copy of the example audit as `slug`, with audit.yaml lines replaced: {key: value}."""
    target = repo / "audits" / slug
    shutil.copytree(repo / "audits" / EXAMPLE_AUDIT, target)
    lines = []
    for line in (target / "audit.yaml").read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0]
        lines.append(f"{key}: {changes.pop(key)}" if key in changes else line)
    (target / "audit.yaml").write_text(
        "\n".join([f"id: {slug}" if line.startswith("id:") else line for line in lines]) + "\n", encoding="utf-8"
    )
    assert not changes, changes
    return target


def set_team_rating(audit: Path, subarea: str, old: str, new: str) -> None:
    path = audit / "assessment.yaml"
    text = path.read_text(encoding="utf-8")
    before = f"      {subarea}:\n        rating: {old}\n"
    assert before in text
    path.write_text(text.replace(before, f"      {subarea}:\n        rating: {new}\n"), encoding="utf-8")


def site_repo(repo: Path) -> Path:
    """The example; a follow-up of the same unit two years later on goteborg@2 (a local copy
    with one more sub-area) with other team colours; and an audit of another unit. All on goteborg
    alone, the colours being what these tests follow."""
    goteborg_only(repo)
    battery = yaml.safe_load((REPO / "question_batteries" / "goteborg.yaml").read_text(encoding="utf-8"))
    battery["version"] = 2
    battery["areas"][1]["subareas"].append(
        {
            "id": "trygghet",
            "title": {"sv": "Trygghet", "en": "Safety"},
            "questions": [
                {"id": "trygghet-trygg", "text": "Känner du dig trygg?", "scale": "ja-nej", "groups": ["brukare"]}
            ],
        }
    )
    (repo / "batteries").mkdir(exist_ok=True)
    (repo / "batteries" / "goteborg-2.yaml").write_text(yaml.safe_dump(battery, allow_unicode=True), encoding="utf-8")
    later = copy_audit(
        repo,
        FOLLOW_UP,
        battery="goteborg@2",
        site_visit="2014-10-13",
        feedback_meeting="2014-11-18",
        follows_up=EXAMPLE_AUDIT,
    )
    set_team_rating(later, "information", "red", "yellow")
    set_team_rating(later, "hansyn", "yellow", "green")
    copy_audit(repo, OTHER, unit=f'"{OTHER_UNIT}"', site_visit="2013-05-02", feedback_meeting="2013-06-01")
    return repo


def build(run, repo: Path, *args: str) -> Path:
    out = repo.parent / "site"
    result = run("site", "-o", str(out), "--today", "2015-01-15", *args, cwd=repo)
    assert result.exit_code == 0, result.output
    return out


def pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def text_of(page: str) -> str:
    """What a reader sees: the page's text without tags or the style sheet, spaces collapsed."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts, self.skip = [], False

        def handle_starttag(self, tag, attrs):
            self.skip = self.skip or tag == "style"

        def handle_endtag(self, tag):
            self.skip = self.skip and tag != "style"

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def grid_rows(page: str) -> dict[str, dict]:
    """{unit: {"battery": ref, "href": report link, subarea or area id: cell text}} of the index grids."""
    rows = {}
    for battery, table in re.findall(r'<table class="grid" data-battery="([^"]+)">(.*?)</table>', page, re.S):
        for unit, row in re.findall(r'<tr data-unit="([^"]+)">(.*?)</tr>', table, re.S):
            cells = {"battery": battery, "href": re.search(r'<td><a href="([^"]+)"', row).group(1)}
            for area, sub, cell in re.findall(
                r'<td[^>]*data-area="([^"]+)"(?: data-subarea="([^"]+)")?>(.*?)</td>', row, re.S
            ):
                cells[sub or area] = plain(cell)
            rows[html.unescape(unit)] = cells
    return rows


def expected_cells(run, repo: Path, slug: str, lang: str = "sv") -> dict[str, str]:
    """The final colour of every sub-area and area as `revision score --format json` gives it."""
    result = run("score", slug, "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.output
    cells = {}
    for area in json.loads(result.stdout)["areas"]:
        for item in [area, *area["subareas"]]:
            rating = item["rating"] or ("suppressed" if item.get("suppressed") else None)
            cells[item["id"]] = badge(rating, lang)
    return cells


def test_the_index_grid_shows_each_units_latest_audit(run, example_repo):
    repo = site_repo(example_repo)
    rows = grid_rows(pages(build(run, repo))["index.html"])
    # Audits without colours (open interviews, rated statements only, fidelity items only)
    # have their pages but no row in the colour grid.
    coloured = {
        slug
        for slug in FURTHER_EXAMPLES
        if (REPO / "examples" / "audits" / slug / "audit.yaml")
        .read_text(encoding="utf-8")
        .count("battery: uppfoljning@")
    }
    assert coloured and THEMES_AUDIT not in coloured
    assert set(rows) == {UNIT, OTHER_UNIT, *(FURTHER_EXAMPLES[slug] for slug in coloured)}
    latest, earlier = expected_cells(run, repo, FOLLOW_UP), expected_cells(run, repo, EXAMPLE_AUDIT)
    assert latest != earlier  # the team's new colours make the test able to tell them apart
    assert {k: v for k, v in rows[UNIT].items() if k not in ("battery", "href")} == latest
    assert (rows[UNIT]["battery"], rows[UNIT]["href"]) == ("goteborg@2", f"audits/{FOLLOW_UP}.html")
    # The other unit's audit was on goteborg@1: a grid of its own.
    assert {k: v for k, v in rows[OTHER_UNIT].items() if k not in ("battery", "href")} == expected_cells(
        run, repo, OTHER
    )
    assert rows[OTHER_UNIT]["battery"] == "goteborg@1"
    assert all(
        re.fullmatch(r"[✓!✗–] \S.*", cell)
        for row in rows.values()
        for key, cell in row.items()
        if key not in ("battery", "href")
    )


def test_the_unit_page_lists_its_audits_in_date_order(run, example_repo):
    repo = site_repo(example_repo)
    site = pages(build(run, repo))
    assert set(site) == {
        "index.html",
        "status.html",
        f"audits/{EXAMPLE_AUDIT}.html",
        f"audits/{FOLLOW_UP}.html",
        f"audits/{OTHER}.html",
        "units/socialkontoret-vastra-hisingen.html",
        "units/aldreboende-oster-a.html",
        *(f"audits/{slug}.html" for slug in FURTHER_EXAMPLES),
        *(f"units/{unit_slug(unit)}.html" for unit in FURTHER_EXAMPLES.values()),
    }
    page = site["units/socialkontoret-vastra-hisingen.html"]
    assert re.findall(r'<tr data-audit="([^"]+)">', page) == [EXAMPLE_AUDIT, FOLLOW_UP]
    assert re.findall(r'<th scope="col" data-audit="([^"]+)">', page) == [EXAMPLE_AUDIT, FOLLOW_UP]
    earlier, latest = expected_cells(run, repo, EXAMPLE_AUDIT), expected_cells(run, repo, FOLLOW_UP)
    for sub in ("information", "hansyn", "motet"):
        row = re.search(rf'<tr data-subarea="{sub}">(.*?)</tr>', page, re.S).group(1)
        assert [plain(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] == [earlier[sub], latest[sub]]
    # The sub-area only goteborg@2 has: said so in the earlier audit's column, not coloured.
    row = re.search(r'<tr data-subarea="trygghet">(.*?)</tr>', page, re.S).group(1)
    assert [plain(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] == [
        "finns inte i det frågebatteriet",
        latest["trygghet"],
    ]
    assert OTHER not in page and FOLLOW_UP not in site["units/aldreboende-oster-a.html"]


def test_every_page_stands_alone_and_every_link_works(run, example_repo):
    repo = site_repo(example_repo)
    out = build(run, repo)
    site = pages(out)
    for name, page in site.items():
        assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page and '<meta charset="utf-8">' in page
        assert "<script" not in page.lower() and "http://" not in page and "https://" not in page, name
        assert not re.search(r"""(?:href|src)\s*=\s*["'][^"']*\.(?:css|js)\b""", page), name
        assert "<h1>" in page, name
        assert page.count("<table") == page.count("<caption"), name
        assert not re.search(r"<th(?=[\s>])(?![^>]*scope=)[^>]*>", page), name
        for href in re.findall(r'href="([^"]*)"', page):
            if href.startswith("#"):
                continue
            target = (out / name).parent / unquote(href)
            assert target.resolve().is_file() and out.resolve() in target.resolve().parents, (name, href)
    for slug in (EXAMPLE_AUDIT, FOLLOW_UP, OTHER):  # each audit's report, as `revision report` renders it
        report = run("report", slug, "--format", "html", cwd=repo)
        assert site[f"audits/{slug}.html"] == report.stdout
    # Every page can be reached from the index.
    reached, todo = set(), ["index.html"]
    while todo:
        name = todo.pop()
        reached.add(name)
        for href in re.findall(r'href="([^"#]+)"', site[name]):
            target = str(((out / name).parent / unquote(href)).resolve().relative_to(out.resolve()))
            if target not in reached:
                todo.append(target)
    assert reached == set(site)


def test_nothing_private_reaches_any_page(run, example_repo):
    site = pages(build(run, site_repo(example_repo)))
    for name, page in site.items():
        seen = text_of(page)
        assert "Visste inte att det fanns mer att fråga om" not in seen, name  # an answer comment
        assert "Jag vill inte att min handläggare" not in seen, name  # a quote with publish: false
        assert not re.search(r"\bb[1-6]\b", seen), name  # respondent codes
    assert "Man vill ju inte vara till besvär" in text_of(site[f"audits/{EXAMPLE_AUDIT}.html"])  # published


def test_small_groups_stay_suppressed_on_every_page(run, tmp_path):
    repo = four_users_two_staff(tmp_path / "repo")
    scored = open_audit("x", repo)
    card = scored.score()
    assert set(scored.suppressed()) == {"personal", "narstaende"}  # the premise: 2 staff at 3 are too few
    withheld = [q for a in card.areas for s in a.subareas for q in s.questions if q.suppressed]
    assert "motet-rutiner" in {q.id for q in withheld}  # asked of staff only
    # What the figures would have been without suppression: none of it may show.
    bare = score_audit("x", card.battery, [i.model for i in scored.bundle.interviews])
    rutiner = next(q for a in bare.areas for s in a.subareas for q in s.questions if q.id == "motet-rutiner")
    assert (rutiner.n, rutiner.share) == (2, 0)
    leaked = explanation(rutiner.share, rutiner.n, rutiner.excluded, card.rule, "sv", rutiner.computed)
    out = tmp_path / "site"
    assert run("site", "-o", str(out), cwd=repo).exit_code == 0
    site = pages(out)
    assert set(site) == {"index.html", "status.html", "audits/x.html", "units/enheten.html"}
    for name, page in site.items():
        seen = text_of(page)
        assert leaked not in seen and not re.search(rf"(?<![0-9]){percent(rutiner.share, 'sv')}", seen), name
        for label, n in (("Personal", 2), ("personal", 2)):
            assert f"{label} {n}" not in seen and f"{label}: {n}" not in seen, name
    # The meeting's colour is the users' (four at k 3): the staff question is left out of it.
    rows = grid_rows(site["index.html"])
    assert rows["Enheten"]["motet"] == badge("green", "sv")


def test_an_audit_with_errors_gets_a_page_without_figures(run, example_repo):
    broken = copy_audit(example_repo, "2013-trasig", unit="Trasiga enheten")
    interview = broken / "interviews" / "b2.yaml"
    interview.write_text(
        interview.read_text(encoding="utf-8").replace("motet-valkommen:", "motet-valkomen:"), encoding="utf-8"
    )
    errors = json.loads(run("validate", "audits/2013-trasig", "--format", "json", cwd=example_repo).stdout)["errors"]
    assert errors >= 1
    site = pages(build(run, example_repo))
    page = text_of(site["audits/2013-trasig.html"])
    assert f"har {errors} fel" in page and "revision validate audits/2013-trasig" in page
    assert "%" not in page and "Grön" not in page
    index = site["index.html"]
    assert "Trasiga enheten" not in grid_rows(index)  # its only audit cannot be shown
    assert 'href="audits/2013-trasig.html"' in index and "units/trasiga-enheten.html" in site


def test_the_site_holds_the_repository_limits_as_score_does(run, example_repo):
    config = example_repo / "revision.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "limits:\n  max_answers: 1\n", encoding="utf-8")
    assert "[interview-too-many-answers]" in run("score", EXAMPLE_AUDIT, cwd=example_repo).output
    page = text_of(pages(build(run, example_repo))[f"audits/{EXAMPLE_AUDIT}.html"])
    assert f"revision validate audits/{EXAMPLE_AUDIT}" in page
    assert "%" not in page and "Grön" not in page


def test_english_and_writing_into_an_existing_folder(run, example_repo):
    out = example_repo.parent / "site"
    (out / "units").mkdir(parents=True)
    (out / "index.html").write_text("old", encoding="utf-8")
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    build(run, example_repo, "--lang", "en")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "Latest colours by unit" in index
    assert grid_rows(index)[UNIT] | {"battery": None, "href": None} == (
        expected_cells(run, example_repo, EXAMPLE_AUDIT, "en") | {"battery": None, "href": None}
    )
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert not list(out.rglob(".*.tmp"))  # no temporary files left behind


def test_refusals(run, example_repo, tmp_path):
    file = tmp_path / "taken"
    file.write_text("x", encoding="utf-8")
    result = run("site", "-o", str(file), cwd=example_repo)
    assert result.exit_code == 1 and "den är en fil, inte en mapp" in result.stderr  # a Swedish repository
    assert file.read_text(encoding="utf-8") == "x"
    result = run("site", "-o", str(tmp_path / "s"), "--today", "2015-13-01", cwd=example_repo)
    assert result.exit_code == 2 and "ÅÅÅÅ-MM-DD" in result.stderr
    result = run("site", "-o", str(tmp_path / "s"), "--today", "2015-13-01", "--lang", "en", cwd=example_repo)
    assert result.exit_code == 2 and "is not a date; write it as YYYY-MM-DD" in result.stderr
    outside = tmp_path / "outside"
    outside.mkdir()
    result = run("site", "-o", str(tmp_path / "s"), cwd=outside)
    assert result.exit_code == 1 and "revision.yaml" in result.stderr
    assert not (tmp_path / "s").exists()
    assert run("site", cwd=example_repo).exit_code == 2  # -o is required


def test_a_unit_whose_battery_has_no_colours_has_no_colours_over_time_table(run, example_repo):
    """Rated statements and fidelity items have no colours: their unit pages show no empty table."""
    import yaml

    site = pages(build(run, example_repo))
    units = {}
    for folder in sorted((example_repo / "audits").iterdir()):
        audit = yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))
        refs = audit["battery"] if isinstance(audit["battery"], list) else [audit["battery"]]
        battery = refs[0].split("@")[0]
        page = next(text for name, text in site.items() if name.startswith("units/") and audit["unit"] in text)
        units[battery] = page
    for battery in ("kvalitetsdeklaration", "ips-fidelity"):
        assert "Färger över tid" not in text_of(units[battery]) and 'class="over-time"' not in units[battery]
    assert "Färger över tid" in text_of(units["goteborg"]) and 'class="over-time"' in units["goteborg"]
