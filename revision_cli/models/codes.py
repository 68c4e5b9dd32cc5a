"""Respondent codes: what one may look like. No pydantic here: `revision interview` checks a
code before its first prompt, which must not wait for the models (README, Performance)."""

from __future__ import annotations

# A respondent is a code (b1, P03), never a name; the pattern keeps spaces out.
RESPONDENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"


def looks_like_name(code: str) -> bool:
    """A code without a digit and longer than three letters, or with a space, is likely a name."""
    return (not any(ch.isdigit() for ch in code) and len(code) > 3) or any(ch.isspace() for ch in code)
