"""i18n.Compiled answers every message of the shipped catalogues as the standard library's
GNUTranslations does (it only skips decoding the messages nobody asks for)."""

from __future__ import annotations

from gettext import GNUTranslations

import pytest

from revision_cli.i18n import LOCALE_DIR, Compiled


@pytest.mark.parametrize("path", sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.mo")), ids=lambda p: p.parent.parent.name)
def test_every_message_reads_as_gnutranslations_reads_it(path):
    reference = GNUTranslations(path.open("rb"))
    compiled = Compiled(path.read_bytes())
    checked = 0
    for key in reference._catalog:  # the one place the reference's own index is read
        if isinstance(key, tuple):
            singular, form = key
            for n in (1, 2, 5, 21) if form == 0 else (0, 2, 5, 11):
                assert compiled.ngettext(singular, "plural", n) == reference.ngettext(singular, "plural", n)
        elif "\x04" in key:
            context, message = key.split("\x04", 1)
            assert compiled.pgettext(context, message) == reference.pgettext(context, message)
        elif key:
            assert compiled.gettext(key) == reference.gettext(key)
        checked += 1
    assert checked == len(reference._catalog) > 50


def test_what_the_catalogue_lacks_is_the_english_text():
    compiled = Compiled((LOCALE_DIR / "sv" / "LC_MESSAGES" / "revision.mo").read_bytes())
    assert compiled.gettext("no such text here") == "no such text here"
    assert compiled.pgettext("no such context", "text") == "text"
    assert compiled.ngettext("{n} thing", "{n} things", 1) == "{n} thing"
    assert compiled.ngettext("{n} thing", "{n} things", 3) == "{n} things"
    # A plain entry is not a plural one, and the other way round, as in GNUTranslations.
    assert compiled.gettext("{n} interview") == "{n} interview"
    assert compiled.ngettext("{n} interview", "{n} interviews", 2) != "{n} interviews"


def test_something_that_is_not_a_whole_catalogue_is_refused():
    with pytest.raises(OSError):
        Compiled(b"\x00" * 40)
    whole = (LOCALE_DIR / "sv" / "LC_MESSAGES" / "revision.mo").read_bytes()
    with pytest.raises(OSError):
        Compiled(whole[:24])  # the header promises tables that are not there
