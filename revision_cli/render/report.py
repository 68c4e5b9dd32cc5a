"""Reports: a score card and the team's texts → the view the templates read → Markdown or HTML.

The templates get plain data (`r`) with every fixed string already in the report's
language (`L`); user text stays raw and is escaped by the template: autoescape for HTML,
the `md`/`md_cell` filters for Markdown. A user's templates (an override folder) render in
Jinja's immutable sandbox, together with the built-in ones they include; the built-in
templates alone are the tool's own code and render without it, from compiled code kept in
the user's own folder (cache/compiled.py). Every value a template prints loses its control
and bidirectional-override characters (`finalize`). User text is only ever data, never
template source.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from revision_cli import __version__
from revision_cli.errors import RevisionError, display_path
from revision_cli.i18n import _
from revision_cli.models.base import LANGS, LocalText, Text
from revision_cli.models.combined import parts_of
from revision_cli.scoring.colours import AreaScore, QuestionScore, ScoreCard, SubareaScore
from revision_cli.scoring.suppression import TOO_FEW
from revision_cli.views.fidelity import FIDELITY_TITLE, card_of, fidelity_report
from revision_cli.views.markdown import clean, md, md_cell
from revision_cli.views.per_language import PerLanguage
from revision_cli.views.presentation import (
    GROUP_LABELS,
    explanation,
    fraction_text,
    percent,
    rating_view,
    suppression_reason,
    withheld_key,
)
from revision_cli.views.statements import statements_view
from revision_cli.views.themes import add_themes_view

if TYPE_CHECKING:
    from jinja2 import BaseLoader, BytecodeCache, Environment, FileSystemLoader, Template

    from revision_cli.models.battery import Descriptors
    from revision_cli.repository.scored import Respondents, ScoredAudit
    from revision_cli.scoring.breakdown import Breakdown
    from revision_cli.views.comparison import Side

TEMPLATES_FOLDER = "templates"
USER_TEMPLATES = "templates"  # a repository's own overrides, at its root
LABELS_FILE = "labels.yaml"
ROLE_LABELS = PerLanguage(
    lambda tr: {
        "brukarrevisor": tr.pgettext("team role", "User auditor"),
        "narstaende": tr.pgettext("team role", "Relative"),
        "samordnare": tr.pgettext("team role", "Coordinator"),
        "granskare": tr.pgettext("team role", "Reviewer"),
        "metodstodjare": tr.pgettext("team role", "Method supporter"),
        "brukare": tr.pgettext("team role", "User"),
        "personal": tr.pgettext("team role", "Staff"),
        "enhetschef": tr.pgettext("team role", "Unit manager"),
        "annan": tr.pgettext("team role", "Other"),
    }
)
STATUS_LABELS = PerLanguage(
    lambda tr: {
        "planned": tr.pgettext("audit status", "Planned"),
        "visited": tr.pgettext("audit status", "Visited"),
        "assessed": tr.pgettext("audit status", "Assessed"),
        "reported": tr.pgettext("audit status", "Reported"),
        "followed-up": tr.pgettext("audit status", "Followed up"),
    }
)
ACTION_STATUS_LABELS = PerLanguage(
    lambda tr: {
        "planned": tr.pgettext("action status", "Planned"),
        "ongoing": tr.pgettext("action status", "Ongoing"),
        "done": tr.pgettext("action status", "Done"),
        "dropped": tr.pgettext("action status", "Dropped"),
    }
)
EVENT_KIND_LABELS = PerLanguage(
    lambda tr: {
        "phone": tr.pgettext("follow-up event", "phone"),
        "meeting": tr.pgettext("follow-up event", "meeting"),
        "site-visit": tr.pgettext("follow-up event", "site visit"),
    }
)
BREAKDOWN_NOTES = PerLanguage(
    lambda tr: {
        "one-group": tr.gettext("All respondents belong to the same group, so the group's figures are the total."),
        "not-kept": tr.gettext("Figures per group are not kept once an audit has been archived."),
        "shown": tr.gettext(
            "The columns per group show the group's own computed colour, share and number of respondents (n)."
        ),
        "all-hidden": tr.gettext("No group is reported on its own."),
        "protected": tr.gettext(
            "A – in a reported group's column means the figure is not shown, so that the answers "
            "of a smaller group cannot be worked out from the total."
        ),
    }
)
SUPPRESSION_NOTE = PerLanguage(
    lambda tr: tr.gettext(
        "Groups with fewer than {k} respondents are not reported separately. "
        "Nor is the total of a question that only such groups were asked."
    )
)
DECLINED_NOTE = PerLanguage(
    lambda tr: tr.gettext("Interviews without the respondent's consent are left out of this report: {n}.")
)
CONSENT_MISSING_NOTE = PerLanguage(
    lambda tr: tr.gettext("Interviews with no consent recorded yet are left out of this report: {n}.")
)
VISIT_LABELS = PerLanguage(
    lambda tr: {"phone": tr.gettext("Telephone interviews"), "video": tr.gettext("Video interviews")}
)


def _role_label(role: str, scored: ScoredAudit, lang: str) -> str:
    """A built-in role's words, or the label revision.yaml declares for the repository's own."""
    builtin = ROLE_LABELS[lang].get(role)
    if builtin is not None:
        return builtin
    declared = scored.repo.config.roles.get(role)
    return declared.get(lang, scored.repo.config.language) if declared is not None else role


def _one_mode(scored: ScoredAudit) -> str | None:
    """The one mode every counted interview was made in, when they all name the same one."""
    modes = {interview.mode for interview in scored.interviews}
    return modes.pop() if len(modes) == 1 else None


TITLE = PerLanguage(lambda tr: tr.gettext("User audit: {unit}"))
FREE_TEXT = PerLanguage(lambda tr: {"scale": tr.gettext("free text"), "answers": tr.gettext("{n} free-text answers.")})


def finalize(value: object) -> object:
    """Applied by Jinja to every value a template prints, before escaping: strips control
    and bidirectional-override characters, keeping Markup (already escaped) Markup."""
    if type(value) is str:  # most values: no Markup to keep, no import to look up
        return clean(value)
    if isinstance(value, str):
        from markupsafe import Markup

        cleaned = clean(str.__str__(value))
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def templates_dir() -> Path:
    from revision_cli.files.packaged import packaged

    return packaged(TEMPLATES_FOLDER)


def override_folder(repo_root: Path | None, template_dir: Path | None = None) -> Path | None:
    """The folder whose templates override the built-in ones: `--template DIR` (which must
    exist), else the repository's own `templates/` folder when there is one, else None."""
    from revision_cli.errors import UsageError

    if template_dir is not None:
        folder = Path(template_dir)
        _confined(folder, None)  # a folder of a repository, reached through a link out of it
        if not folder.is_dir():
            what = _("is not a folder") if folder.exists() else _("does not exist")
            raise UsageError(
                _(
                    "--template {value} {what}; give a folder of templates (for example a copy of the "
                    "built-in templates to change)"
                ).format(value=display_path(folder), what=what)
            )
        return folder.resolve()
    if repo_root is not None and (Path(repo_root) / USER_TEMPLATES).is_dir():
        _confined(Path(repo_root) / USER_TEMPLATES, Path(repo_root))
        return (Path(repo_root) / USER_TEMPLATES).resolve()
    return None


def _confined(path: Path, folder: Path | None) -> None:
    """RevisionError when `path` reaches outside `folder` (None: its repository) through a
    link: a template is read only from its own folder, and that folder only from its repository."""
    from revision_cli.files.confine import leaving_link

    link = leaving_link(path, folder)
    if link is not None:
        from revision_cli.files.yaml_io import outside_finding

        raise RevisionError(_("cannot use the templates"), [outside_finding(link)])


@functools.cache
def _loader_class() -> type[FileSystemLoader]:
    """Jinja's file loader, reading a template only when no link takes it out of its folder."""
    from jinja2 import FileSystemLoader
    from jinja2.loaders import split_template_path

    class ConfinedLoader(FileSystemLoader):
        def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
            pieces = split_template_path(template)
            for folder in self.searchpath:
                candidate = os.path.join(folder, *pieces)
                if os.path.isfile(candidate):
                    _confined(Path(candidate), Path(folder))
                    break
            return super().get_source(environment, template)

    return ConfinedLoader


def _autoescape(name: str | None) -> bool:
    """HTML and XML templates (`*.html.j2`, `*.html`, …) are autoescaped; Markdown is not."""
    from jinja2 import select_autoescape

    return select_autoescape(
        ["html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"], default_for_string=True, default=False
    )(name)


def _settings() -> dict[str, Any]:
    """How every report environment reads and prints templates."""
    from jinja2 import StrictUndefined

    return {
        "autoescape": _autoescape,
        "undefined": StrictUndefined,
        "finalize": finalize,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }


@functools.cache
def _environment_class(sandboxed: bool = True) -> Callable[[BaseLoader, list[str], BytecodeCache | None], Environment]:
    """The environment templates render in, sandboxed or not, and its template class: any
    failure in a template becomes a RevisionError naming the template file and line."""
    from jinja2 import Environment, Template
    from jinja2.exceptions import TemplateNotFound, TemplateSyntaxError

    class GuardedTemplate(Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            try:
                return super().render(*args, **kwargs)
            except RevisionError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure of a template is the template's
                env = self.environment
                folders = env.template_folders if isinstance(env, ReportEnvironment) else []
                raise template_error(exc, folders, self.filename or self.name) from None

    dict_names = frozenset(dir(dict))

    class ReportEnvironment(Environment):
        template_class = GuardedTemplate

        def getattr(self, obj: Any, attribute: str) -> Any:
            # `r.title`, `q.text`, `L.share`: the view is dicts, and Jinja looks for an
            # attribute first, which on a dict costs a raised and caught AttributeError for
            # each of the thousands of values a report prints. A key that is also the name of
            # a dict's method (`items`) still goes Jinja's way, as everything else does.
            if type(obj) is dict and attribute not in dict_names:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return Environment.getattr(self, obj, attribute)

        def __init__(
            self, loader: BaseLoader, template_folders: list[str], bytecode_cache: BytecodeCache | None = None
        ) -> None:
            super().__init__(loader=loader, bytecode_cache=bytecode_cache, **_settings())
            self.template_folders = template_folders

        def get_template(
            self,
            name: str | Template,
            parent: str | None = None,
            globals: MutableMapping[str, Any] | None = None,
        ) -> Template:
            try:
                return super().get_template(name, parent, globals)
            except TemplateSyntaxError as exc:
                raise template_error(exc, self.template_folders, name if isinstance(name, str) else name.name) from None
            except TemplateNotFound as exc:
                if parent is not None:
                    raise  # {% include %} etc.: the render names the including template's line
                raise RevisionError(_("template not found: {name}").format(name=exc.name)) from None

    if not sandboxed:  # the built-in templates alone: the sandbox is not even imported
        return ReportEnvironment
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class SandboxedReportEnvironment(ImmutableSandboxedEnvironment, ReportEnvironment):
        pass

    return SandboxedReportEnvironment


@functools.cache
def _kept_code(what: str) -> BytecodeCache:
    """Jinja's bytecode cache, kept by cache/compiled.py (sealed, in the user's own folder)
    instead of Jinja's files, which are unpickled before anything is checked."""
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket

    from revision_cli.cache import compiled

    class KeptCode(BytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            code = compiled.load(what, bucket.key, bucket.checksum)
            if code is not None:
                bucket.code = code

        def dump_bytecode(self, bucket: Bucket) -> None:
            if bucket.code is not None:
                compiled.keep(what, bucket.key, bucket.checksum, bucket.code)

    return KeptCode()


def environment(template_dir: Path | None = None) -> Environment:
    """The Jinja environment for reports and the site: autoescaped for HTML, strict about
    undefined values, every printed value cleaned by `finalize`. Templates in `template_dir`
    override the built-in ones by name, and then everything renders in the sandbox (no
    Python internals, no changing data). The built-in templates alone render without it,
    from kept compiled code; nothing compiled is ever kept for, or read from, a repository
    (SECURITY.md)."""
    own = template_dir is None
    folders = [] if template_dir is None else [str(Path(template_dir).resolve())]
    folders.append(str(templates_dir()))
    env = _environment_class(sandboxed=not own)(_loader_class()(folders), folders, _own_code() if own else None)
    env.filters["md"] = md
    env.filters["md_cell"] = md_cell
    from revision_cli.models.tags import is_rtl

    env.tests["rtl"] = is_rtl  # `code is rtl`: a battery's text written right to left gets dir="rtl"
    from revision_cli.render import pieces

    env.globals.update(in_lang=pieces.in_lang, badge=pieces.badge, share=pieces.share)
    return env


def _own_code() -> BytecodeCache:
    """The kept compiled code of the built-in templates, under everything it depends on
    besides a template's source: Jinja's version, the environment's settings, the tool."""
    import jinja2

    from revision_cli.cache.keys import tool

    shown = sorted((name, getattr(value, "__qualname__", value)) for name, value in _settings().items())
    return _kept_code(f"jinja2 {jinja2.__version__} plain {shown} {tool()}")


def _template_frame(tb: TracebackType | None, folders: list[str]) -> tuple[str | None, int | None]:
    """The innermost traceback frame in a template file (Jinja rewrites template frames so
    they carry the template's file name and line)."""
    roots = [os.path.normpath(folder) + os.sep for folder in folders]
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        name = os.path.normpath(tb.tb_frame.f_code.co_filename)
        if any(name.startswith(root) for root in roots):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_error(exc: Exception, folders: list[str], name: str | None) -> RevisionError:
    """A template failure as a message that names the template file and line."""
    from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError, UndefinedError

    filename: str | None
    line: int | None
    if isinstance(exc, TemplateSyntaxError):
        filename, line = exc.filename or exc.name or name, exc.lineno
        what = _("syntax error in template: {message}").format(message=exc.message)
    else:
        filename, line = _template_frame(exc.__traceback__, folders)
        filename = filename or name
        if isinstance(exc, SecurityError):
            what = _(
                "not allowed in a template: {exc} Templates run in a sandbox: they cannot reach Python "
                "internals (names starting with _) or change the report's data"
            ).format(exc=exc)
        elif isinstance(exc, UndefinedError):
            what = _("{message}; the template asks for a value the report does not have").format(message=exc.message)
        elif isinstance(exc, TemplateNotFound):
            what = _("template not found: {name}").format(name=exc.name)
        else:
            what = _("error in template: {kind}: {exc}").format(kind=type(exc).__name__, exc=exc)
    where = display_path(filename) if filename and os.path.isabs(filename) else (filename or "template")
    return RevisionError(f"{where}:{line}: {what}" if line else f"{where}: {what}")


def labels(
    lang: str, template_dir: Path | None = None, table: PerLanguage[dict[str, str]] | None = None
) -> dict[str, str]:
    """The fixed texts in `lang`: the built-in ones (render/labels.py, from the catalogue;
    the report's unless `table` is another, such as the form's), with the override folder's
    labels.yaml (if any) merged over them key by key and language by language."""
    from revision_cli.render.labels import REPORT

    built = table if table is not None else REPORT
    found = dict(built[lang])
    if template_dir is not None and (Path(template_dir) / LABELS_FILE).is_file():
        _confined(Path(template_dir) / LABELS_FILE, Path(template_dir))
        for key, value in _user_labels(Path(template_dir) / LABELS_FILE).items():
            built_in = {code: built[code][key] for code in LANGS if key in built[code]}
            merged = {**built_in, **value}
            found[key] = merged.get(lang) or merged.get("sv") or next(iter(merged.values()), "")
    return found


def _user_labels(path: Path) -> dict[str, dict[str, str]]:
    """A labels.yaml of an override folder: key → {language: text}, or key → text (every
    language). Anything else is an error at its line."""
    from revision_cli.files.yaml_io import read

    doc, findings = read(path)
    if doc is None or any(f.severity.value == "error" for f in findings):
        raise RevisionError(_("cannot use {value}").format(value=display_path(path)), findings=findings)
    data = doc.data if doc.data is not None else {}

    def bad(loc: tuple[Any, ...], message: str) -> RevisionError:
        line, column = doc.at(loc)
        return RevisionError(f"{doc.display}:{line}:{column}: {message}")

    if not isinstance(data, dict):
        raise bad(
            (), _("labels.yaml must map each label to its text, like `summary: {sv: Sammanfattning, en: Summary}`")
        )
    merged: dict[str, dict[str, str]] = {}
    for key, value in data.items():
        if isinstance(value, str):
            merged[key] = {"sv": value, "en": value}
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        ):
            merged[key] = value
        else:
            raise bad(
                (key,),
                _("the label '{key}' must be a text, or texts by language like {{sv: …, en: …}}").format(key=key),
            )
    return merged


def other_lang(text: Text | None, lang: str, default: str) -> str | None:
    """The language a battery's text is shown in when that is not the report's `lang` (the
    battery has no text in it, so another stands in): the HTML marks it with lang=…"""
    if text is None:
        return None
    shown = text.lang_of(lang, default)
    return shown if shown != lang else None


def _judged(item: AreaScore | SubareaScore, card: ScoreCard, lang: str) -> dict[str, Any]:
    default = card.battery.language
    own = item.area if isinstance(item, AreaScore) else item.subarea
    descriptors: Descriptors | None = own.descriptors
    title = own.title.get(lang, default)
    descriptor = None
    descriptor_lang = None
    if descriptors is not None and item.rating.value in ("green", "yellow", "red"):
        text = getattr(descriptors, item.rating.value)
        descriptor = text.get(lang, default) if text is not None else None
        descriptor_lang = other_lang(text, lang, default)
    if item.suppressed:
        return {
            "id": item.id,
            "title": title,
            "title_lang": other_lang(own.title, lang, default),
            "descriptor_lang": descriptor_lang if item.team else None,
            "rating": rating_view(item.team or withheld_key(item.suppressed), lang),
            "computed": rating_view(withheld_key(item.suppressed), lang),
            "team": rating_view(item.team, lang),
            "differs": False,
            "share": None,
            "n": "–",
            "excluded": "–",
            "explanation": suppression_reason(item.suppressed, lang),
            "descriptor": descriptor if item.team else None,
            "motivation": item.motivation,
        }
    return {
        "id": item.id,
        "title": title,
        "title_lang": other_lang(own.title, lang, default),
        "descriptor_lang": descriptor_lang,
        "rating": rating_view(item.rating, lang),
        "computed": rating_view(item.computed, lang),
        "team": rating_view(item.team, lang),
        "differs": item.differs,
        "share": percent(item.share, lang),
        "n": item.n,
        "excluded": item.excluded,
        "explanation": explanation(
            item.share,
            item.n,
            item.excluded,
            card.rule,
            lang,
            item.computed,
            item.left_out,
            "questions" if isinstance(item, SubareaScore) else "subareas",
        ),
        "descriptor": descriptor,
        "motivation": item.motivation,
    }


def _group_cells(
    item: AreaScore | SubareaScore | QuestionScore, breakdown: Breakdown, lang: str
) -> list[dict[str, Any]]:
    """Each group's own figure for an item, in the order of the breakdown's columns."""
    cells: list[dict[str, Any]] = []
    for column in breakdown.table_columns:
        withheld = item.suppressed or breakdown.withheld(column, item)
        if withheld:
            cells.append({"suppressed": True, "asked": True, "reason": suppression_reason(withheld, lang)})
            continue
        assert column.card is not None  # a column without a card is withheld, for its reason
        if not breakdown.asked(column.card.battery, item, column.group):
            cells.append({"suppressed": False, "asked": False})
        else:
            own = column.item(item.id, type(item))
            assert isinstance(own, type(item))  # asked of the group: its card has the same item
            cells.append(
                {
                    "suppressed": False,
                    "asked": True,
                    "rating": rating_view(own.computed, lang),
                    "share": percent(own.share, lang),
                    "n": own.n,
                }
            )
    return cells


def breakdown_view(breakdown: Breakdown, lang: str) -> dict[str, Any]:
    """The group columns of the report's tables, and the sentence that explains them."""
    columns = [
        {
            "id": c.group,
            "label": GROUP_LABELS[lang].get(c.group, c.group),
            "suppressed": c.card is None,
            "reason": suppression_reason(c.reason, lang) if c.reason else None,
        }
        for c in breakdown.columns
    ]
    hidden = [f"{c['label']}: {c['reason']}" for c in columns if c["suppressed"]]
    if breakdown.none_because:
        note = BREAKDOWN_NOTES[lang][breakdown.none_because]
    elif not columns:
        note = None
    else:
        notes = BREAKDOWN_NOTES[lang]
        lead = notes["all-hidden"] if all(c["suppressed"] for c in columns) else notes["shown"]
        note = " ".join([lead, *hidden, *([notes["protected"]] if breakdown.protected else [])])
    shown = {c.group for c in breakdown.table_columns}
    return {"columns": [c for c in columns if c["id"] in shown], "note": note}


def _question(q: QuestionScore, card: ScoreCard, lang: str) -> dict[str, Any]:
    battery = card.battery
    if q.suppressed:
        label = battery.scales[q.question.scale].label if q.scored else None
        return {
            "id": q.id,
            "text": q.question.text.get(lang, battery.language),
            "text_lang": other_lang(q.question.text, lang, battery.language),
            "scale_label": label.get(lang, battery.language) if label else q.question.scale,
            "scale_lang": other_lang(label, lang, battery.language),
            "scored": q.scored,
            "rating": rating_view(withheld_key(q.suppressed), lang),
            "share": None,
            "n": "–",
            "excluded": "–",
            "explanation": suppression_reason(q.suppressed, lang),
            "chart": None,
        }  # no chart and no counts: they would show what the small group said
    chart = None
    scale_lang = None
    if q.scored:
        from revision_cli.views.charts import bar_chart, distribution

        scale = battery.scales[q.question.scale]
        scale_label = scale.label.get(lang, battery.language) if scale.label else q.question.scale
        scale_lang = other_lang(scale.label, lang, battery.language)
        explained = explanation(q.share, q.n, q.excluded, card.rule, lang, q.computed)
        if sum(q.counts.values()) == q.answered:  # else the counts were not kept (an older archive)
            chart = bar_chart(distribution(scale, q.counts, lang, battery.language))
    else:
        scale_label = FREE_TEXT[lang]["scale"]
        explained = FREE_TEXT[lang]["answers"].format(n=q.answered)
    return {
        "id": q.id,
        "text": q.question.text.get(lang, battery.language),
        "text_lang": other_lang(q.question.text, lang, battery.language),
        "scale_label": scale_label,
        "scale_lang": scale_lang,
        "scored": q.scored,
        "rating": rating_view(q.computed if q.scored else None, lang),
        "share": percent(q.share, lang),
        "n": q.n if q.scored else q.answered,
        "excluded": q.excluded,
        "explanation": explained,
        "chart": chart,  # charts.Chart: the answers per option, for a bar chart and its table
    }


TARGET_KINDS = PerLanguage(
    lambda tr: {
        "areas": tr.pgettext("an action answers", "Area"),
        "subareas": tr.pgettext("an action answers", "Sub-area"),
        "questions": tr.pgettext("an action answers", "Question"),
        "statements": tr.pgettext("an action answers", "Statement"),
        "fidelity_items": tr.pgettext("an action answers", "Fidelity item"),
        "fidelity_sections": tr.pgettext("an action answers", "Fidelity section"),
        "themes": tr.pgettext("an action answers", "Theme"),
    }
)


def _target_titles(scored: ScoredAudit, lang: str) -> dict[str, dict[str, str]]:
    """For each field an action names its targets by, each id's words in the report."""
    battery = scored.battery

    def text(value: LocalText) -> str:
        return value.get(lang, battery.language)

    own_themes = scored.audit.themes
    return {
        "areas": {a.id: text(a.title) for a in battery.areas},
        "subareas": {s.id: text(s.title) for a in battery.areas for s in a.subareas},
        "questions": {q.id: f"{q.id}: {text(q.text)}" for _a, _s, q in battery.questions()},
        "statements": {s.id: f"{s.id}: {text(s.text)}" for s in battery.statements},
        "fidelity_items": {i.id: f"{i.id}: {text(i.title)}" for _s, i in battery.fidelity_items()},
        "fidelity_sections": {s.id: text(s.title) for s in battery.sections},
        "themes": {t.id: text(t.title) for t in [*battery.themes, *own_themes]},
    }


def actions_view(scored: ScoredAudit, lang: str) -> list[dict[str, Any]]:
    """An audit's improvement actions as the report lists them, each beside what it answers
    (`targets`: kind and title, in the battery's order of kinds; `subareas`: the sub-areas'
    titles alone, as templates before targets read them)."""
    if scored.bundle.actions is None:
        return []
    from revision_cli.checks.retention import default_today
    from revision_cli.models.actions import is_overdue, last_event

    titles = _target_titles(scored, lang)
    kinds = TARGET_KINDS[lang]
    today = default_today()
    views = []
    for action in scored.bundle.actions.model.root:
        event = last_event(action)
        views.append(
            {
                "title": action.title,
                "subareas": [titles["subareas"].get(s, s) for s in action.subareas],
                "targets": [
                    {"kind": kinds[field], "title": titles[field].get(target, target)}
                    for field in titles
                    for target in getattr(action, field)
                ],
                "owner": action.owner,
                "due": action.due.isoformat() if action.due else None,
                "status": action.status,
                "status_label": ACTION_STATUS_LABELS[lang][action.status],
                "overdue": is_overdue(action, today),  # as `revision actions` marks it
                "follow_up": action.follow_up,
                "event": {
                    "date": event.date.isoformat(),
                    "kind_label": EVENT_KIND_LABELS[lang][event.kind],
                    "outcome": event.outcome,
                }
                if event
                else None,
            }
        )
    return views


SINCE_PROBLEMS = PerLanguage(
    lambda tr: {
        "missing": tr.gettext("The earlier audit {slug} is not in the repository, so no comparison can be made."),
        "errors": tr.gettext(
            "The earlier audit {slug} has errors in its files, so no comparison can be made. "
            "Run revision validate to see them."
        ),
    }
)


def _side_view(side: Side, lang: str) -> dict[str, str]:
    return rating_view(side.rating if side.rating is not None else "suppressed", lang)


def since_view(scored: ScoredAudit, card: ScoreCard, lang: str) -> dict[str, Any] | None:
    """The section "since last time" of a follow-up audit; None when it follows up nothing."""
    slug = scored.audit.follows_up
    if slug is None:
        return None
    from revision_cli.repository.scored import earlier_audit
    from revision_cli.views.comparison import TEXTS, Compared, compare, direction_view, only_in_lines, preamble

    earlier = earlier_audit(scored)
    if isinstance(earlier, str):
        return {"slug": slug, "problem": SINCE_PROBLEMS[lang][earlier].format(slug=slug)}
    audit = earlier.audit
    comp = compare(earlier.score(), card)
    battery = card.battery

    def row(item: Compared, total: bool) -> dict[str, Any]:
        title = item.title.get(lang, battery.language)
        return {
            "title": f"{title} ({TEXTS[lang]['total']})" if total else title,
            "total": total,
            "old": _side_view(item.old, lang),
            "new": _side_view(item.new, lang),
            "direction": direction_view(item.direction, lang),
            "content_differs": item.content_differs,
        }

    only = []
    for part, part_battery in ((comp.only_in_old, comp.old_battery), (comp.only_in_new, comp.new_battery)):
        if part:
            only.append(
                {
                    "heading": TEXTS[lang]["only_in"].format(ref=part_battery.ref),
                    "lines": only_in_lines(part, part_battery, lang),
                }
            )
    return {
        "slug": slug,
        "problem": None,
        "audit": {
            "id": audit.id,
            "site_visit": audit.site_visit.isoformat() if audit.site_visit else None,
            "feedback_meeting": audit.feedback_meeting.isoformat() if audit.feedback_meeting else None,
        },
        "notes": [] if comp.same_battery and comp.same_thresholds else preamble(comp, lang),
        "only": only,
        "fidelity": _fidelity_since(earlier, scored, lang),
        "rows": [row(item, item is area) for area in comp.areas for item in [*area.subareas, area]],
        "content_note": TEXTS[lang]["content_differs"] if any(a.content_differs for a in comp.areas) else None,
        "actions": actions_view(earlier, lang),
    }


def _fidelity_since(earlier: ScoredAudit, scored: ScoredAudit, lang: str) -> list[dict[str, Any]]:
    """Two fidelity reviews: what moved, as parts like `only` (a heading and its lines)."""
    from revision_cli.views.fidelity import card_of
    from revision_cli.views.fidelity_comparison import compare_fidelity, fidelity_parts

    fc = compare_fidelity(card_of(earlier), card_of(scored))
    return fidelity_parts(fc, lang) if fc is not None else []


def _consent_note(respondents: Respondents, lang: str) -> str | None:
    """How many interviews are left out for want of consent, declined or not yet recorded
    (one paragraph, so that a user's own report template shows both)."""
    parts = [
        note[lang].format(n=count)
        for count, note in (
            (respondents["declined"], DECLINED_NOTE),
            (respondents["consent_missing"], CONSENT_MISSING_NOTE),
        )
        if count
    ]
    return " ".join(parts) or None


def report_view(scored: ScoredAudit, card: ScoreCard, lang: str) -> dict[str, Any]:
    """Everything a template may show, and nothing it must not (no codes, no comments)."""
    audit = scored.audit
    battery = card.battery
    assessment = scored.assessment
    area_texts = (assessment.areas or {}) if assessment else {}
    breakdown = scored.breakdown()
    # The appendix lists the questions asked of a group that was interviewed (a staff question
    # of an audit that met only users would read "0 respondents"), each with its groups when
    # more than one group was interviewed.
    interviewed = [g for g, n in scored.respondents()["groups"].items() if n != 0]
    group_words = GROUP_LABELS[lang]

    def asked(q: QuestionScore) -> list[str]:
        return [g for g in battery.question_groups(q.question) if g in interviewed]

    def asked_of(q: QuestionScore) -> str | None:
        return ", ".join(group_words.get(g, g) for g in asked(q)) if len(interviewed) > 1 else None

    from revision_cli.checks.retention import default_today

    areas = []
    for area in card.areas:
        view = _judged(area, card, lang)
        texts = area_texts.get(area.id)
        view.update(
            strengths=(texts.strengths or []) if texts else [],
            improvements=(texts.improvements or []) if texts else [],
            questions=(texts.questions or []) if texts else [],
            groups=_group_cells(area, breakdown, lang),
            subareas=[
                {
                    **_judged(sub, card, lang),
                    "groups": _group_cells(sub, breakdown, lang),
                    "questions": [
                        {
                            **_question(q, card, lang),
                            "asked_of": asked_of(q),
                            "groups": _group_cells(q, breakdown, lang)
                            if q.scored
                            else [{"suppressed": False, "asked": False}] * len(breakdown.table_columns),
                        }
                        for q in sub.questions
                        if asked(q)
                    ],
                }
                for sub in area.subareas
            ],
        )
        areas.append(view)
    respondents = scored.respondents()
    groups = [
        {
            "id": g,
            "label": GROUP_LABELS[lang].get(g, g),
            "count": n,
            "suppressed": n is None,
            "reason": suppression_reason(respondents["suppressed"].get(g, TOO_FEW), lang) if n is None else None,
        }
        for g, n in respondents["groups"].items()
        if n != 0  # a group nobody was asked in needs no row
    ]
    any_hidden = any(g["suppressed"] for g in groups)
    quotes = scored.published_quotes()
    rule = card.rule
    view = {
        "lang": lang,
        "title": (FIDELITY_TITLE if battery.sections and not battery.areas else TITLE)[lang].format(unit=audit.unit),
        "battery": {
            "id": battery.id,
            "version": battery.version,
            "title": battery.title.get(lang, battery.language),
            "title_lang": other_lang(battery.title, lang, battery.language),
            # Each battery of the audit (several: models.combined), as the report lists them.
            "parts": [
                {
                    "ref": part.ref,
                    "version": part.version,
                    "title": part.title.get(lang, part.language),
                    "title_lang": other_lang(part.title, lang, part.language),
                }
                for part in parts_of(battery)
            ],
        },
        # The day the report was made (REVISION_TODAY when set, as for every "today" of the
        # tool, so that a report made again for the same day is the same).
        "report_date": default_today().isoformat(),
        "audit": {
            "id": audit.id,
            "unit": audit.unit,
            "organisation": audit.organisation,
            "site_visit": audit.site_visit.isoformat() if audit.site_visit else None,
            # An audit whose every interview was by phone (or video) had no site visit: its date
            # is named for what happened.
            "visit_label": VISIT_LABELS[lang].get(_one_mode(scored) or ""),
            "feedback_meeting": audit.feedback_meeting.isoformat() if audit.feedback_meeting else None,
            "status_label": STATUS_LABELS[lang][audit.status],
        },
        "team": [{"role_label": _role_label(m.role, scored, lang)} for m in audit.team],
        "method": audit.method,
        "respondents": {
            "total": respondents["total"],
            "groups": groups,
            "suppression_note": SUPPRESSION_NOTE[lang].format(k=respondents["min_group_size"]) if any_hidden else None,
            "declined": respondents["declined"],
            "declined_note": _consent_note(respondents, lang),
        },
        "summary": assessment.summary if assessment else None,
        "feedback_discussion": assessment.feedback_discussion if assessment else None,
        "thresholds": {
            "green": fraction_text(rule.green),
            "yellow": fraction_text(rule.yellow),
            "green_percent": percent(rule.green, lang),
            "yellow_percent": percent(rule.yellow, lang),
            "min_answers": rule.min_answers,
        },
        "areas": areas,
        # The group columns belong to the colour tables: nothing to say without colours.
        "breakdown": (
            breakdown_view(breakdown, lang)
            if any(q.scored for a in card.areas for sub in a.subareas for q in sub.questions)
            else {"columns": [], "note": None}
        ),
        "statements": statements_view(card, lang, breakdown),
        "quotes": quotes,
        "actions": actions_view(scored, lang),
        "since": since_view(scored, card, lang),
        "fidelity": fidelity_report(card_of(scored), lang),
        "indicators": _indicators(scored, lang),  # templates/_indicators.*.j2
        "generated_by": f"revision {__version__}",
    }
    add_themes_view(view, scored, card, lang)
    from revision_cli.render.practice import add_practice_view

    add_practice_view(view, scored, lang, lambda role: _role_label(role, scored, lang))
    return view


def _indicators(scored: ScoredAudit, lang: str) -> list[dict[str, Any]]:
    """The audit's and its unit's indicators; most audits have neither, and their run charts'
    modules are then not even loaded (a fifth of a report's start after an edit is loading)."""
    if scored.bundle.indicators is None and not scored.repo.has_units():
        return []
    from revision_cli.views.indicators import audit_indicators

    return audit_indicators(scored, lang)


def render_report(
    scored: ScoredAudit, fmt: str, lang: str, template_dir: Path | None = None, appendix: str = "full"
) -> str:
    """The report as text. Templates come from `template_dir` (`--template`), else the
    repository's `templates/` folder, file by file, else the built-in ones; user text is
    only ever data (`r`), never template source. `appendix`: full (tables, explanations and
    charts), short (one line per question) or none."""
    from revision_cli.render.publishing import refuse, report_findings

    refuse(report_findings(scored), _("the report"))
    folder = override_folder(scored.repo.root, template_dir)
    template = environment(folder).get_template(f"report.{fmt}.j2")
    card = scored.score()
    own = scored.repo.config.language  # what the team writes its texts in
    view = report_view(scored, card, lang) | {"appendix": appendix, "text_lang": own if own != lang else None}
    from revision_cli.render.practice import named_labels

    return template.render(r=view, L=named_labels(labels(lang, folder), view, lang))
