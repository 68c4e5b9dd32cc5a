"""The message catalogues (revision_cli/locale/) match the code, and the compiled ones match them.

Every text marked in the code or the templates (babel.cfg, as `make messages` extracts them
with Babel) has a Swedish translation in sv.po and an entry in en.po, and neither holds a
text the code no longer has; each committed .mo is what Babel compiles from its .po today;
a translation keeps its msgid's {placeholders}; a help text is written without indentation.
"""

from __future__ import annotations

import inspect
import io
import re

import pytest
from babel.messages import frontend
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from conftest import REPO

LOCALE = REPO / "revision_cli" / "locale"
LANGUAGES = ["sv", "en"]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def catalogue(lang: str):
    with open(LOCALE / lang / "LC_MESSAGES" / "revision.po", "rb") as file:
        return read_po(file, locale=lang)


def extracted(keywords=DEFAULT_KEYWORDS) -> dict[tuple, list[str]]:
    """{(context, msgid): [where]} of every marked text, as `make messages` extracts them."""
    with open(REPO / "babel.cfg", encoding="utf-8") as file:
        # parse_mapping_cfg since Babel 2.15; parse_mapping (the same) before it
        parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
        method_map, options_map = parse(file, "babel.cfg")
    found: dict[tuple, list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        REPO, method_map, options_map, keywords=keywords
    ):
        found.setdefault((context, message), []).append(f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def in_code() -> dict[tuple, list[str]]:
    return extracted()


def entries(lang: str) -> dict[tuple, object]:
    return {(m.context, m.id): m for m in catalogue(lang) if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalogue_is_the_one_of_today(lang):
    """What the tool reads (.mo) is what Babel compiles from the .po now: every text, its
    plural forms and charset (not byte for byte: the header names the Babel that compiled it)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(lang), use_fuzzy=False)
    committed = (LOCALE / lang / "LC_MESSAGES" / "revision.mo").read_bytes()
    assert contents(committed) == contents(compiled.getvalue()), (
        f"{lang}/LC_MESSAGES/revision.mo is stale: run `make messages`"
    )


def _text(value: str | bytes | None) -> str:
    return value.decode() if isinstance(value, bytes) else value or ""


def contents(mo: bytes) -> tuple:
    catalog = read_mo(io.BytesIO(mo))
    # Babel before 2.18 reads a context from a .mo as bytes, later ones as text.
    texts = sorted((_text(m.context), repr(m.id), repr(m.string)) for m in catalog if m.id)
    return texts, catalog.plural_forms, catalog.charset


def test_the_code_marks_texts(in_code):
    assert len(in_code) > 20, "extraction found (almost) nothing: babel.cfg no longer matches the code"


def test_every_text_in_the_code_has_a_swedish_translation(in_code):
    sv = entries("sv")
    missing = [f"{where[0]}: {key[1]!r}" for key, where in in_code.items() if _key(key) not in sv]
    assert missing == [], "not in sv.po (run `make messages`, then translate):\n" + "\n".join(missing)
    untranslated = [repr(key[1]) for key, message in sv.items() if message.fuzzy or not all(_strings(message))]
    assert untranslated == [], "no Swedish in sv.po for:\n" + "\n".join(untranslated)


def test_english_lists_every_text_in_the_code(in_code):
    en = entries("en")
    assert sorted(_key(k) for k in in_code if _key(k) not in en) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalogue_keeps_a_text_the_code_no_longer_has(in_code, lang):
    used = {_key(k) for k in in_code}
    assert sorted(k for k in entries(lang) if k not in used) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_translation_names_only_the_placeholders_of_its_text(lang):
    """A {name} the code does not fill is a KeyError at run time; leaving one out is a
    translator's choice (Swedish says "en fil", not "1 fil")."""
    wrong = []
    for message in entries(lang).values():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for text in _strings(message):
            if text and not set(PLACEHOLDER.findall(text)) <= expected:
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert wrong == []


def test_help_texts_are_written_without_indentation():
    """typer strips a help text's indentation before it is looked up: the catalogue must
    hold the text as typer shows it (cli/translated.py)."""
    helps = extracted(keywords={"N_": None})
    assert helps, "no help text marked with N_"
    indented = [where[0] for (_, text), where in helps.items() if inspect.cleandoc(text) != text]
    assert indented == []


def _key(key: tuple) -> tuple:
    """(context, msgid) as the catalogue files it: a plural by its singular and plural."""
    context, message = key
    return (context, message if isinstance(message, str) else tuple(message))


def _strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_no_catalogue_holds_control_characters():
    """click's \\b (keep this paragraph as written) is added at run time, not translated."""
    for lang in LANGUAGES:
        text = (LOCALE / lang / "LC_MESSAGES" / "revision.po").read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x08\x0b-\x1f]", text), lang


def test_the_installed_package_carries_its_catalogues():
    from revision_cli import i18n

    for lang in LANGUAGES:
        assert (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "revision.mo").is_file(), lang
    assert i18n.catalogue("sv").gettext("Options") == "Flaggor"
    assert i18n.catalogue("en").gettext("Options") == "Options"


def test_no_function_hides_the_translation_function():
    """`for _, x in …` inside a function that also calls `_()` makes `_` a local there: the
    call then fails (UnboundLocalError) or calls whatever the loop left in it."""
    import ast

    clashes = []
    for path in sorted((REPO / "revision_cli").rglob("*.py")):
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            stores = [
                n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
            ]
            if not stores:
                continue
            in_comprehension = {
                id(name)
                for node in ast.walk(fn)
                if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp))
                for generator in node.generators
                for name in ast.walk(generator.target)
            }
            assigns = any(id(n) not in in_comprehension for n in stores)
            calls = any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "_" for n in ast.walk(fn))
            if assigns and calls:
                clashes.append(f"{path.relative_to(REPO)}:{fn.lineno} {fn.name}")
    assert clashes == []
