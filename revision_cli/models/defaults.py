"""Default factories for the models' empty lists and maps.

Pydantic asks each default factory's signature (whether it takes the validated data) when it
builds a model's validator. For the builtins `list` and `dict` Python has no signature object:
`inspect` parses their text signature with the tokenizer, about half a millisecond each, on
every first run after an edit. A plain function answers at once, and gives the same empty value.
"""

from __future__ import annotations

from typing import Any


def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[Any, Any]:
    return {}
