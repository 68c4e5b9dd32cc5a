"""`revision init` and `revision new`: files people then fill in by hand.

Every file written here validates clean as it stands, and carries comments that say what
to write where, in the battery's own words.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from revision_cli.errors import RevisionError, UsageError, display_path, write_failure
from revision_cli.files.atomic import Changes, atomic_write, check_target
from revision_cli.files.confine import forget
from revision_cli.files.root import CONFIG_FILE
from revision_cli.i18n import _
from revision_cli.models import words
from revision_cli.models.audit import Audit
from revision_cli.models.battery import TEXT_SCALE, Battery, Descriptors
from revision_cli.models.combined import combine
from revision_cli.operations.schemas import SCHEMAS_DIR, modeline, stage_schemas
from revision_cli.repository.catalog import load_catalog
from revision_cli.repository.locate import AUDITS_DIR, INTERVIEWS_DIR, Repository
from revision_cli.scoring.scales import allowed_values

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")  # an audit id: at most 64 characters
# privacy.yaml lists the very names to keep out of the files: it must never be committed.
GITIGNORE_LINES = [".revision/", "out/", "/privacy.yaml"]


# YAML does not allow these characters raw in a file; JSON leaves them unescaped.
_YAML_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


def _q(value: str | None) -> str:
    """A YAML scalar that reads back as exactly `value` (JSON strings are valid YAML)."""
    if value is None:
        return "null"
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))


def _text_argument(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(_("{name} is not valid text (UTF-8)").format(name=name)) from None
    return value


def _comment(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- init


def init_repository(directory: Path, organisation: str | None) -> list[str]:
    """Create the repository's files all together, or (on any failure) none of them."""
    forget()  # where the repositories are is about to change
    directory = directory.resolve()
    organisation = _text_argument("--organisation", organisation)
    already = RevisionError(
        _("{value} already exists; nothing was changed").format(value=display_path(directory / CONFIG_FILE))
    )
    if os.path.lexists(directory / CONFIG_FILE):
        raise already
    if directory.exists() and not directory.is_dir():
        raise RevisionError(_("{value} is a file, not a folder").format(value=display_path(directory)))
    for folder in (SCHEMAS_DIR, AUDITS_DIR, "batteries"):
        if os.path.lexists(directory / folder) and not _real_folder(directory / folder):
            raise RevisionError(
                _(
                    "{value} is in the way: revision makes a folder of that name, and this is a file or a "
                    "link; move it away, then run init again: nothing was changed"
                ).format(value=display_path(directory / folder))
            )
    said = [_("Created {path}").format(path=display_path(directory / CONFIG_FILE))]
    try:
        with Changes() as changes:
            changes.makedirs(directory)
            changes.write(
                directory / CONFIG_FILE,
                modeline(directory / CONFIG_FILE, directory, "config") + _config_text(organisation),
                exclusive=True,
            )
            if stage_schemas(directory, changes):
                said.append(
                    _("Created {value}/ (JSON Schemas for editors)").format(value=display_path(directory / SCHEMAS_DIR))
                )
            for folder in (AUDITS_DIR, "batteries"):
                keep = directory / folder / ".gitkeep"
                if not keep.exists():
                    changes.write(keep, "")
            said.append(
                _("Created {audits}/ and {batteries}/").format(
                    audits=display_path(directory / AUDITS_DIR), batteries=display_path(directory / "batteries")
                )
            )
            said.append(_gitignore(directory / ".gitignore", changes))
            changes.commit()
    except FileExistsError:
        raise already from None
    except OSError as exc:
        raise write_failure(exc, _("nothing was created")) from None
    said.append(_git_init(directory))
    said.append(_('Next: revision new SLUG --battery goteborg --unit "Enhetens namn"'))
    return said


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _config_text(organisation: str | None) -> str:
    said = {
        "head": _("Settings of this audit repository (format version 1)."),
        "language": _("Report language: sv (default) or en."),
        "anonymity": _("Respondent groups smaller than this are never reported on their own."),
    }
    return f"""# {said["head"]}
revision: 1
organisation: {_q(organisation)}
# {said["language"]}
language: sv
anonymity:
  # {said["anonymity"]}
  min_group_size: 5
"""


def _gitignore(path: Path, changes: Changes) -> str:
    check_target(path)  # never read (or written) through a link
    existing = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    present = {line.strip().lstrip("/") for line in existing.splitlines()}
    missing = [line for line in GITIGNORE_LINES if line.lstrip("/") not in present]
    if not missing:
        return _("{value} already lists what revision writes").format(value=display_path(path))
    prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
    changes.write(path, prefix + "# written by revision\n" + "\n".join(missing) + "\n")
    return (_("Updated {path}") if existing else _("Created {path}")).format(path=display_path(path))


def _git_init(directory: Path) -> str:
    git = shutil.which("git")
    if git is None:
        return _("git was not found; the folder was not made a git repository")
    inside = subprocess.run([git, "rev-parse", "--is-inside-work-tree"], cwd=directory, capture_output=True, text=True)
    if inside.returncode == 0:
        return _("Already inside a git repository; git init skipped")
    done = subprocess.run([git, "init", "--quiet"], cwd=directory, capture_output=True, text=True)
    if done.returncode != 0:
        return _("git init failed: {stderr}").format(stderr=done.stderr.strip())
    return _("Initialised a git repository")


# ---------------------------------------------------------------- new

DEFAULT_BATTERY = "goteborg"


def new_audit(
    repo: Repository,
    slug: str,
    battery_refs: list[str] | None,
    *,
    unit: str | None = None,
    organisation: str | None = None,
    site_visit: str | None = None,
    follow_up: str | None = None,
) -> list[str]:
    if not SLUG.fullmatch(slug):
        raise UsageError(
            _(
                "'{slug}' is not a valid audit name; use lowercase letters a-z, digits and dashes, e.g. "
                "2025-boendestod-norr"
            ).format(slug=slug)
        )
    visit = _date(site_visit)
    unit = _text_argument("--unit", unit)
    organisation = _text_argument("--organisation", organisation)
    if repo.root is None:
        raise RevisionError(_("no revision.yaml here or above; create a repository first with 'revision init'"))
    if follow_up is not None:
        if not SLUG.fullmatch(follow_up):
            raise UsageError(
                _(
                    "--follow-up {follow_up!r} is not an audit of this repository; give the slug of an audit "
                    "under {value} (its folder name)"
                ).format(follow_up=follow_up, value=display_path(repo.root / AUDITS_DIR))
            )
        earlier = _earlier_audit(repo.root, follow_up)
        unit = unit or earlier.unit
        organisation = organisation or earlier.organisation
        battery_refs = battery_refs or earlier.batteries
    catalog = load_catalog(repo.root)
    parts: list[Battery] = []
    for ref in battery_refs or [DEFAULT_BATTERY]:
        entry, why = catalog.resolve(ref)
        if entry is None:
            raise RevisionError(why, findings=catalog.findings)
        if any(p.id == entry.battery.id for p in parts):
            raise UsageError(_("--battery {ref} is given twice; an audit uses each battery once").format(ref=ref))
        parts.append(entry.battery)
    battery, problems = combine(parts)
    if problems:
        raise RevisionError("; ".join(problems))
    target = repo.root / AUDITS_DIR / slug
    if target.exists():
        raise RevisionError(_("{value} already exists; nothing was changed").format(value=display_path(target)))
    files = {
        "audit.yaml": _audit_text(
            slug, [p.ref for p in parts], unit, organisation or repo.config.organisation, visit, follow_up
        ),
        "assessment.yaml": _assessment_text(battery),
    }
    kinds = {"audit.yaml": "audit", "assessment.yaml": "assessment"}
    for group in battery.groups:
        files[f"{INTERVIEWS_DIR}/_mall-{group}.yaml"] = interview_text(battery, group)
        kinds[f"{INTERVIEWS_DIR}/_mall-{group}.yaml"] = "interview"
    files = {name: modeline(target / name, repo.root, kinds[name]) + text for name, text in files.items()}
    schemas = _write_audit(repo.root, target, files)
    said = (
        [_("Updated {value}/ (JSON Schemas for editors)").format(value=display_path(repo.root / SCHEMAS_DIR))]
        if schemas
        else []
    )
    return (
        said
        + [_("Created {path}").format(path=display_path(target / name)) for name in files]
        + [
            _(
                "Next: copy {INTERVIEWS_DIR}/_mall-<group>.yaml to a file per interview (e.g. b1.yaml), "
                "then run: revision validate {value}"
            ).format(INTERVIEWS_DIR=INTERVIEWS_DIR, value=display_path(target))
        ]
    )


def _earlier_audit(root: Path, slug: str) -> Audit:
    """The audit.yaml a follow-up copies its unit, organisation and battery from."""
    from revision_cli.files.loading import load

    path = root / AUDITS_DIR / slug / "audit.yaml"
    if not path.is_file():
        raise RevisionError(
            _("--follow-up: there is no audit '{slug}' in {value}").format(
                slug=slug, value=display_path(root / AUDITS_DIR)
            )
        )
    loaded, findings = load(path, Audit)
    if loaded is None:
        raise RevisionError(_("--follow-up: the audit '{slug}' has errors; fix them first").format(slug=slug), findings)
    return loaded.model


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("--site-visit {text!r} is not a date; write it as YYYY-MM-DD").format(text=text)) from None


def _write_audit(root: Path, target: Path, files: dict[str, str]) -> list[Path]:
    """The audit folder and any schema that changed, all or none: the folder is filled
    beside its place and moved in with one rename, under the repository's write lock."""
    from revision_cli.files.lock import repository_lock

    exists = RevisionError(_("{value} already exists; nothing was changed").format(value=display_path(target)))
    with repository_lock(root):
        if os.path.lexists(target):
            raise exists
        try:
            with Changes() as changes:
                schemas = stage_schemas(root, changes)
                staging = changes.folder(target)
                for name, text in files.items():
                    (staging / name).parent.mkdir(parents=True, exist_ok=True)
                    atomic_write(staging / name, text)
                changes.commit()
        except FileExistsError:
            raise exists from None
        except OSError as exc:
            raise write_failure(exc, _("nothing was created")) from None
    return schemas


def _audit_text(
    slug: str,
    refs: list[str],
    unit: str | None,
    organisation: str | None,
    visit: dt.date | None,
    follows_up: str | None = None,
) -> str:
    roles = _("Roles: {words} (in English: {other})").format(
        words=", ".join(words.ROLES.canonical), other=", ".join(words.ROLES.in_language("en"))
    )
    statuses = _("{words} (in Swedish: {other})").format(
        words=" | ".join(words.AUDIT_STATUSES.canonical), other=" | ".join(words.AUDIT_STATUSES.in_language("sv"))
    )
    said = {
        "head": _("The audit: which unit, when, by whom, with which battery."),
        "id": _("must equal the folder name"),
        "unit": _("Name of the unit"),
        "date": _("YYYY-MM-DD"),
        "feedback": _("YYYY-MM-DD, the återföring"),
        "team": _("The team by role; ids are short codes (A, B, …) used as interviewers, never names."),
        "follows_up": _("slug of the audit this one follows up"),
        "method": _("How the audit was made (method, who was interviewed and how they were chosen), for the report."),
    }
    return f"""# {said["head"]}
id: {slug}                      # {said["id"]}
battery: {refs[0] if len(refs) == 1 else "[" + ", ".join(refs) + "]"}
unit: {_q(unit or said["unit"])}
organisation: {_q(organisation)}
site_visit: {visit.isoformat() if visit else "null"}             # {said["date"]}
feedback_meeting: null        # {said["feedback"]}
# {said["team"]}
# {roles}
team: []
#  - {{id: A, role: brukarrevisor}}
#  - {{id: B, role: brukarrevisor}}
#  - {{id: C, role: narstaende}}
#  - {{id: D, role: samordnare}}
follows_up: {follows_up or "null"}              # {said["follows_up"]}
status: planned               # {statuses}
# {said["method"]}
method: null
"""


def _assessment_text(battery: Battery) -> str:
    lang = battery.language
    colours = _("Ratings: {words} (in Swedish: {other})").format(
        words=" | ".join(words.COLOURS.canonical), other=" | ".join(words.COLOURS.in_language("sv"))
    )
    lines = [
        "# " + _("The team's assessment. Leave a rating empty (null) to let the computed colour stand;"),
        "# " + _("a rating you set overrides it, and the report shows both."),
        f"# {colours}",
        "summary: null                 # " + _("the overall summary (use | and indented lines for several paragraphs)"),
        "feedback_discussion: null     # " + _("what came up at the feedback meeting"),
        "areas:",
    ]
    for area in battery.areas:
        lines += [
            f"  {area.id}:  # {_comment(area.title.get(lang))}",
            *_descriptor_hints(area.descriptors, lang, "    "),
            "    rating: null",
            "    motivation: null",
            "    strengths: []      # " + _("Strengths (+), one per line: - ..."),
            "    improvements: []   # " + _("Areas for improvement (−)"),
            "    questions: []      # " + _("Questions (?)"),
            "    subareas:",
        ]
        for sub in area.subareas:
            lines += [
                f"      {sub.id}:  # {_comment(sub.title.get(lang))}",
                *_descriptor_hints(sub.descriptors, lang, "        "),
                "        rating: null",
                "        motivation: null",
            ]
        if not area.subareas:
            lines[-1] = "    subareas: {}"
    if not battery.areas:
        lines[-1] = "areas: {}                     # " + _("the battery has no areas to rate")
    from revision_cli.views.fidelity import scaffold_items

    return "\n".join([*lines, *scaffold_items(battery)]) + "\n"


def _descriptor_hints(descriptors: Descriptors | None, lang: str, indent: str) -> list[str]:
    if descriptors is None:
        return []
    hints = []
    for colour in ("green", "yellow", "red"):
        text = getattr(descriptors, colour)
        if text is not None:
            hints.append(f"{indent}# {colour}: {_comment(text.get(lang))}")
    return hints


@dataclass(frozen=True)
class Filled:
    """An interview's own values, for a file in the template's shape (`revision import`)."""

    respondent: str
    date: dt.date | None
    consent: bool | None
    answers: dict[str, str]  # question id → its value as YAML writes it
    note: list[str]  # the first comment lines: where the interview came from


def interview_text(battery: Battery, group: str, filled: Filled | None = None, *, template: bool = True) -> str:
    """An interview file of `group`: the blank template `revision new` writes, (not
    `template`) the start of one interview that `revision interview` fills in, or (given
    `filled`) one imported interview in the very same shape, every question listed in
    battery order with its text and allowed values, the unanswered ones left empty."""
    if filled is None:
        head = (
            []
            if not template
            else [
                "# "
                + _("Template for an interview in group '{group}'. Copy it to a new file per interview").format(
                    group=group
                ),
                "# " + _("(the file name is free, e.g. b1.yaml); files starting with _ are not read."),
            ]
        )
        respondent, date, consent, answers = "x1", "null", "null", {}
    else:
        head = ["# " + line for line in filled.note]
        respondent = filled.respondent
        date = filled.date.isoformat() if filled.date else "null"
        consent = "null" if filled.consent is None else "true" if filled.consent else "false"
        answers = filled.answers
    lines = [
        *head,
        "# " + _("Leave a question empty when it was not asked or not answered."),
        f"respondent: {respondent} ".ljust(28) + "# " + _("a code such as b1, never a name"),
        f"group: {group}",
        f"date: {date} ".ljust(28) + "# " + _("YYYY-MM-DD"),
        "interviewers: []            # " + _("team ids, e.g. [A, B]"),
        f"consent: {consent} ".ljust(28)
        + "# "
        + _("true (ja) when the respondent agreed, false (nej) if not; only true counts"),
        "answers:",
    ]
    body, tail = _interview_body(battery, group)
    if body is None:
        lines[-1] = "answers: {}                 # " + _("the battery asks this group no questions")
    else:
        for entry in body:
            lines.append(entry if isinstance(entry, str) else _answer_line(entry[0], answers.get(entry[0]), entry[1]))
    return "\n".join([*lines, *tail]) + "\n"


# One group's questions as the template lists them, made once per battery, group and language:
# an import writes a thousand interviews of the same group.
_BODIES: dict[tuple[int, str, str], tuple[Battery, list[str | tuple[str, str]] | None, list[str]]] = {}


def _interview_body(battery: Battery, group: str) -> tuple[list[str | tuple[str, str]] | None, list[str]]:
    """The lines under `answers:` (an answer line as its question id and allowed values; None
    when the group is asked nothing) and the comments and quotes after them."""
    from revision_cli.i18n import language

    key = (id(battery), group, language())
    cached = _BODIES.get(key)
    if cached is not None and cached[0] is battery:
        return cached[1], cached[2]
    lang = battery.language
    lines: list[str | tuple[str, str]] = []
    asked = 0
    for area in battery.areas:
        for sub in area.subareas:
            questions = [q for q in sub.questions if group in battery.question_groups(q)]
            if not questions:
                continue
            lines.append(f"  # {_comment(area.title.get(lang))} / {_comment(sub.title.get(lang))}")
            for q in questions:
                asked += 1
                allowed = _("free text") if q.scale == TEXT_SCALE else allowed_values(battery, q).replace(", ", " | ")
                lines.append(f"  # {_comment(q.text.get(lang))}")
                lines.append((q.id, allowed))
    statements = [st for st in battery.statements if group in battery.question_groups(st)]
    if statements:
        lines.append("  # " + _("Rated statements: how well each one fits, as a number on its scale"))
    for st in statements:
        asked += 1
        lines += [f"  # {_comment(st.text.get(lang))}", (st.id, allowed_values(battery, st))]
    tail = []
    if battery.themes:  # open interviews: say how an answer is coded
        tail.append(
            "# "
            + _("Code an answer with themes: {example}; the themes: {themes} (audit.yaml may add more).").format(
                example=f"{{value: ..., themes: [{battery.themes[0].id}]}}",
                themes=", ".join(t.id for t in battery.themes),
            )
        )
    tail += [
        "# "
        + _("A comment on an answer: {example} (a working note, never in a report).").format(
            example="{value: ja, comment: ...}"
        ),
        "# " + _("Quotes for the report: {example}").format(example="- {text: ..., publish: true}"),
        "quotes: []",
    ]
    body = lines if asked else None
    if len(_BODIES) > 64:
        _BODIES.clear()
    _BODIES[key] = (battery, body, tail)
    return body, tail


def _answer_line(question: str, value: str | None, allowed: str) -> str:
    return f"  {question}: {value}    # {allowed}" if value is not None else f"  {question}:    # {allowed}"
