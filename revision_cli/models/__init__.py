"""pydantic models of the files people write: no I/O here.

The modules whose models a command builds on every run (actions, assessment, audit, base,
battery, config, interview) do without `from __future__ import annotations`: pydantic would
otherwise compile the text of each field's annotation when it builds a model, about 12 M
instructions of a report after an edit. A model referring to one defined later quotes its name.
"""
