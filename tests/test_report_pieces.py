"""The small pieces of HTML the report templates ask for in every row (render/pieces.py) and
how the built-in environment reads the view's dicts: each escapes what it prints, and a key
named like a dict's method still reads as Jinja reads it."""

from __future__ import annotations

import pytest

from revision_cli.errors import RevisionError
from revision_cli.render import pieces
from revision_cli.render.report import environment


def test_a_badge_shows_symbol_and_word_escaped_and_nothing_without_a_word():
    shown = pieces.badge({"key": 'red"x', "symbol": "<▲>", "word": "Röd & <b>"})
    assert shown == (
        '<span class="rating rating-red&#34;x"><span class="symbol" aria-hidden="true">&lt;▲&gt;</span> '
        "Röd &amp; &lt;b&gt;</span>"
    )
    assert pieces.badge({"key": "none", "symbol": "", "word": "Ej bedömd"}) == (
        '<span class="rating rating-none">Ej bedömd</span>'
    )
    assert pieces.badge({"key": "none", "symbol": "", "word": ""}) == ""


def test_in_lang_marks_the_language_and_the_direction_of_a_right_to_left_text():
    assert pieces.in_lang("fi") == ' lang="fi"'
    assert pieces.in_lang("ar") == ' lang="ar" dir="rtl"'
    assert pieces.in_lang("az-Arab") == ' lang="az-Arab" dir="rtl"'
    assert pieces.in_lang('x"><script>') == ' lang="x&#34;&gt;&lt;script&gt;"'
    assert pieces.in_lang(None) == pieces.in_lang("") == ""


def test_the_built_in_environment_reads_a_dicts_keys_and_its_methods_as_jinja_does():
    env = environment()
    template = env.from_string("{{ d.title }}|{{ d.items is callable }}|{{ d.get('title') }}")
    assert template.render(d={"title": "<x>", "items": 3}) == "&lt;x&gt;|True|&lt;x&gt;"
    with pytest.raises(RevisionError):  # a key that is not there is an error, never blank
        env.from_string("{{ d.missing }}").render(d={"title": "x"})
