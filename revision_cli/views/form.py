"""What a blank interview form shows for one respondent group (`revision form`): which
questions, in which order, with which boxes, in the form's language.

The questions are the battery's, in battery order (areas → sub-areas → questions, then the
rated statements), keeping only those the battery asks the group; an area or sub-area with
none of them is left out. Every scored question gets one box per option (a range scale: one
per number, then any options beside it), a free-text question lines to write on. The guide
(`--guide`) is the same form for the interviewer, with the question ids and answer values
as the interview file holds them and the battery's own descriptions.

Everything here is plain data for the templates; the fixed words are the templates' (`L`,
render/labels.py). Nothing of any interview is read: a form is blank.
"""

from __future__ import annotations

from typing import Any

from revision_cli import __version__
from revision_cli.errors import UsageError
from revision_cli.i18n import _
from revision_cli.models.base import Text
from revision_cli.models.battery import TEXT_SCALE, Battery, Guide, Question
from revision_cli.models.combined import parts_of
from revision_cli.repository.blank import AuditPlan
from revision_cli.views.per_language import PerLanguage
from revision_cli.views.presentation import GROUP_LABELS


def asked(battery: Battery, group: str) -> list[Question]:
    """Every question and statement the battery asks `group`, in battery order."""
    found: list[Question] = [q for _area, _sub, q in battery.questions() if group in battery.question_groups(q)]
    return found + [s for s in battery.statements if group in battery.question_groups(s)]


def _has_form(battery: Battery, group: str) -> bool:
    """Whether a form for `group` has questions: the battery's, or its interview guide's."""
    return bool(asked(battery, group)) or battery.guide_for(group) is not None


# A guide topic says which fidelity items the answers help the reviewers score.
INFORMS = PerLanguage(lambda tr: tr.gettext("The answers help score: {items}."))


def choose_group(battery: Battery, written: str | None) -> str:
    """The battery's group that `--group` names (its id, the id with å, ä, ö, or a known word
    such as `users`); without `--group`, the battery's one group. UsageError otherwise, naming
    the groups a form can be made for."""
    from revision_cli.models.words import group_id

    if battery.sections and not battery.areas and not battery.statements and not battery.guides:
        raise UsageError(
            _(
                "{ref} has no interview questions to print: its items are scored by the reviewers, "
                "not asked of a respondent group"
            ).format(ref=battery.ref)
        )
    with_questions = [g for g in battery.groups if _has_form(battery, g)]
    if written is None:
        if len(battery.groups) == 1:
            return battery.groups[0]
        raise UsageError(
            _("--group is needed: a form is for one respondent group; groups with questions: {value}").format(
                value=", ".join(with_questions)
            )
        )
    group = group_id(written, battery.groups)
    if group is None:
        raise UsageError(
            _("unknown group '{group}'; the battery's groups are {value}").format(
                group=written, value=", ".join(battery.groups)
            )
        )
    if group not in with_questions:
        raise UsageError(
            _("the battery {ref} asks the group '{group}' no questions; groups with questions: {value}").format(
                ref=battery.ref, group=group, value=", ".join(with_questions)
            )
        )
    return group


def _text(text: Text | None, lang: str, battery: Battery) -> str | None:
    return text.get(lang, battery.language) if text is not None else None


def _lang(text: Text | None, lang: str, battery: Battery) -> str | None:
    """The language of a battery's text when it is not the form's (`lang`): the HTML marks
    it with lang (and dir, when written right to left)."""
    if text is None:
        return None
    shown = text.lang_of(lang, battery.language)
    return shown if shown != lang else None


def _question(q: Question, number: int, battery: Battery, lang: str) -> dict[str, Any]:
    view: dict[str, Any] = {
        "number": number,
        "id": q.id,
        "text": q.text.get(lang, battery.language),
        "text_lang": _lang(q.text, lang, battery),
        "free_text": q.scale == TEXT_SCALE,
        "kind": "text",  # text, range (numbers to tick, and any options beside them) or options
        "scale_label": None,
        "scale_label_lang": None,
        "choices": [],
    }
    if q.scale == TEXT_SCALE:
        return view
    scale = battery.scales[q.scale]  # the battery's checks make sure it is there
    view["scale_label"] = _text(scale.label, lang, battery)
    view["scale_label_lang"] = _lang(scale.label, lang, battery)
    choices = []
    if scale.range is not None:
        choices += [
            {"label": str(n), "value": str(n), "lang": None} for n in range(scale.range.min, scale.range.max + 1)
        ]
    for option in scale.options or []:
        label = _text(option.label, lang, battery) or str(option.value)
        choices.append({"label": label, "value": str(option.value), "lang": _lang(option.label, lang, battery)})
    view["choices"] = choices
    view["kind"] = "range" if scale.range is not None else "options"
    return view


def _guide_view(guide: Guide, battery: Battery, lang: str, in_order: list[dict[str, Any]]) -> dict[str, Any]:
    """A fidelity review's interview guide for one group, shaped as an area of the form:
    its topics are the sub-areas, every question free text (the reviewers' notes)."""
    titles = {i.id: i.title for _s, i in battery.fidelity_items()} | {s.id: s.title for s in battery.sections}
    topics = []
    for topic in guide.topics:
        questions = []
        for q in topic.questions:
            view = {
                "number": len(in_order) + 1,
                "id": q.id,
                "text": q.text.get(lang, battery.language),
                "text_lang": _lang(q.text, lang, battery),
                "free_text": True,
                "kind": "text",
                "scale_label": None,
                "scale_label_lang": None,
                "choices": [],
            }
            in_order.append(view)
            questions.append(view)
        parts = [_text(topic.description, lang, battery)]
        # Marked only when it is the battery's words alone (the items sentence is the form's).
        parts_lang = _lang(topic.description, lang, battery) if not topic.items else None
        if topic.items:
            named = ", ".join(f"{i} {titles[i].get(lang, battery.language)}" for i in topic.items if i in titles)
            parts.append(INFORMS[lang].format(items=named))
        topics.append(
            {
                "id": topic.id,
                "title": topic.title.get(lang, battery.language),
                "title_lang": _lang(topic.title, lang, battery),
                "description": "\n\n".join(p for p in parts if p) or None,
                "description_lang": parts_lang,
                "questions": questions,
            }
        )
    return {
        "id": f"guide-{guide.group}",
        "title": guide.title.get(lang, battery.language),
        "title_lang": _lang(guide.title, lang, battery),
        "description": _text(guide.description, lang, battery),
        "description_lang": _lang(guide.description, lang, battery),
        "subareas": topics,
    }


def form_view(plan: AuditPlan, group: str, lang: str, guide: bool) -> dict[str, Any]:
    """Everything a form template may show (`f`): the audit's facts, the group, and the
    questions asked of it, numbered from 1 in battery order."""
    battery = plan.battery
    audit = plan.audit
    in_order: list[dict[str, Any]] = []

    def numbered(q: Question) -> dict[str, Any]:
        view = _question(q, len(in_order) + 1, battery, lang)
        in_order.append(view)
        return view

    areas = []
    for area in battery.areas:
        subareas = []
        for sub in area.subareas:
            questions = [numbered(q) for q in sub.questions if group in battery.question_groups(q)]
            if questions:
                subareas.append(
                    {
                        "id": sub.id,
                        "title": sub.title.get(lang, battery.language),
                        "title_lang": _lang(sub.title, lang, battery),
                        "description": _text(sub.description, lang, battery),
                        "description_lang": _lang(sub.description, lang, battery),
                        "questions": questions,
                    }
                )
        if subareas:
            areas.append(
                {
                    "id": area.id,
                    "title": area.title.get(lang, battery.language),
                    "title_lang": _lang(area.title, lang, battery),
                    "description": _text(area.description, lang, battery),
                    "description_lang": _lang(area.description, lang, battery),
                    "subareas": subareas,
                }
            )
    own_guide = battery.guide_for(group)
    if own_guide is not None:
        areas.append(_guide_view(own_guide, battery, lang, in_order))
    statements = [numbered(s) for s in battery.statements if group in battery.question_groups(s)]
    first_choice = next((q for q in in_order if q["choices"]), None)
    return {
        "lang": lang,
        "guide": guide,
        "audit": {
            "id": audit.id,
            "unit": audit.unit,
            "organisation": audit.organisation,
            "site_visit": audit.site_visit.isoformat() if audit.site_visit else None,
        },
        "battery": {
            "id": battery.id,
            "version": battery.version,
            "ref": battery.ref,
            "title": battery.title.get(lang, battery.language),
            "title_lang": _lang(battery.title, lang, battery),
            "description": _text(battery.description, lang, battery),
            "description_lang": _lang(battery.description, lang, battery),
            # Each battery of the audit (several: models.combined), as the header lists them.
            "parts": [
                {
                    "ref": part.ref,
                    "version": part.version,
                    "title": part.title.get(lang, part.language),
                    "title_lang": _lang(part.title, lang, part),
                }
                for part in parts_of(battery)
            ],
        },
        "group": {"id": group, "label": GROUP_LABELS[lang].get(group, group)},
        "areas": areas,
        "statements": statements,
        # A fidelity review's guide: its answers are the reviewers' notes, not an interview file's.
        "notes_only": own_guide is not None and not asked(battery, group),
        # Open interviews (every question free text) get more room for each answer.
        "text_lines": 8 if in_order and all(q["free_text"] for q in in_order) else 4,
        # A code as the examples and `revision new` write them: the group's first letter and a number.
        "code_example": f"{group[0]}1",
        "answer_example": f"{first_choice['id']}: {first_choice['choices'][0]['value']}" if first_choice else None,
        "generated_by": f"revision {__version__}",
    }
