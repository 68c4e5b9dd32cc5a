"""Language tags (BCP 47) of a battery's texts: their shape, their canonical spelling, their
direction.

A battery's texts may come in any language (`fi`, `ar`, `so`, `ti`, plain Swedish as the
private-use tag `sv-x-lattlast`), while the tool's own words stay in the two languages its
catalogue has (sv, en). Only the shape of a tag is checked, not whether the registry knows
it: a team may need a language or a variety no list here names. Imports nothing of the
package: the command line reads `--lang` with it before anything else loads.
"""

from __future__ import annotations

import re

# RFC 5646's well-formed tags without the grandfathered ones: language (with up to three
# extended subtags), script, region, variants, extensions, private use; or private use alone.
# Both letter cases written out and no inline flags: the same text is the JSON Schema's
# pattern (ECMA-262), where a flag is not available.
_A = "[A-Za-z]"
_AN = "[A-Za-z0-9]"
TAG_PATTERN = (
    rf"^(?:(?:{_A}{{2,3}}(?:-{_A}{{3}}){{0,3}}|{_A}{{4,8}})"
    rf"(?:-{_A}{{4}})?"
    rf"(?:-(?:{_A}{{2}}|[0-9]{{3}}))?"
    rf"(?:-(?:{_AN}{{5,8}}|[0-9]{_AN}{{3}}))*"
    rf"(?:-[0-9A-WY-Za-wy-z](?:-{_AN}{{2,8}})+)*"
    rf"(?:-[Xx](?:-{_AN}{{1,8}})+)?"
    rf"|[Xx](?:-{_AN}{{1,8}})+)$"
)

# Written right to left: the languages whose usual script is (a tag's script subtag says
# otherwise when there is one: `az-Arab` is, `ku-Latn` is not) ...
RTL_LANGUAGES = frozenset(
    [
        "ar",
        "arc",
        "azb",
        "ckb",
        "dv",
        "fa",
        "he",
        "iw",
        "ji",
        "lrc",
        "mzn",
        "nqo",
        "pnb",
        "prs",
        "ps",
        "sd",
        "syr",
        "ug",
        "ur",
        "yi",
    ]
)
# ... and the scripts that are.
RTL_SCRIPTS = frozenset(["adlm", "arab", "aran", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"])


def is_tag(value: str) -> bool:
    """Whether `value` is a well-formed language tag (`fi`, `sv-x-lattlast`, `az-Arab`)."""
    return re.match(TAG_PATTERN, value) is not None  # compiled on first use (re's cache), not at import


def canonical(tag: str) -> str:
    """The tag as RFC 5646 spells it: language and most subtags in lower case, a script in
    title case (`Arab`), a region in upper case (`SE`); tags are compared in this form."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    singleton = len(parts[0]) == 1  # `x-...`: private use from the start
    for part in parts[1:]:
        if len(part) == 1:
            singleton = True
        if singleton:
            out.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary(tag: str) -> str:
    """The tag's language subtag (`sv` of `sv-x-lattlast`)."""
    return tag.split("-", 1)[0].lower()


def script(tag: str) -> str | None:
    """The tag's script subtag in lower case, if it has one."""
    for part in tag.split("-")[1:]:
        if len(part) == 1:
            return None
        if len(part) == 4 and part.isalpha():
            return part.lower()
    return None


def is_rtl(tag: str | None) -> bool:
    """Whether text in `tag` is written right to left: by its script subtag, else by its language."""
    if not tag:
        return False
    written = script(tag)
    if written is not None:
        return written in RTL_SCRIPTS
    return primary(tag) in RTL_LANGUAGES


def direction(tag: str | None) -> str:
    """`rtl` or `ltr`: an HTML `dir` value."""
    return "rtl" if is_rtl(tag) else "ltr"


def fallbacks(tag: str) -> list[str]:
    """The shorter tags to try when a text has none in `tag` (RFC 4647 lookup, dropping
    subtags from the end): `sv-x-lattlast` → `sv`."""
    parts = canonical(tag).split("-")
    found = []
    while len(parts) > 1:
        parts.pop()
        while parts and len(parts[-1]) == 1:  # a singleton never ends a tag
            parts.pop()
        if parts:
            found.append("-".join(parts))
    return found


def interface_language(tag: str, default: str, spoken: tuple[str, ...] = ("sv", "en")) -> str:
    """The language of the tool's own words (headings, instructions, labels) on a page whose
    battery texts are in `tag`: the tag's own language when the catalogue has it (`sv` for
    `sv-x-lattlast`), else `default` (the repository's)."""
    own = primary(tag)
    return own if own in spoken else default
