"""revision: user audits (brukarrevision) as plain-text YAML in git."""

__version__ = "0.1.0"
