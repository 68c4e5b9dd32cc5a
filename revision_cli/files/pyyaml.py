"""PyYAML, imported without paying for the regular expression of a reader we never use.

`yaml/reader.py` compiles the class of characters YAML may not contain when the package is
imported. Python's regex compiler marks the class's 55,000 code points below U+FFFF one at a
time: about 57 M instructions, a twentieth of a report, though we read with libyaml's C loader
and PyYAML's pure-Python reader never runs. The same class written as the characters it leaves
out compiles in 4 M. Placing that pattern in `re`'s cache under PyYAML's text before the import
makes `Reader.NON_PRINTABLE` the equivalent pattern; where `re` keeps no such cache, the import
compiles PyYAML's own, as before. tests/test_pyyaml_import.py checks that the two match the same
code points and that the text is PyYAML's.

Every module imports PyYAML from here.
"""

from __future__ import annotations

import re
import sys

# PyYAML's class, as in yaml/reader.py (Reader.NON_PRINTABLE).
READER_CLASS = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# Its complement within Unicode: what that class matches, listed.
SAME_CLASS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def _seed() -> None:
    cache = getattr(re, "_cache", None)
    if "yaml.reader" not in sys.modules and isinstance(cache, dict):
        cache.setdefault((str, READER_CLASS, 0), re.compile(SAME_CLASS))


_seed()

import yaml as yaml  # noqa: E402  # after the seed, which is the point of this module
