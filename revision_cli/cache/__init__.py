"""Caches under `.revision/cache/`, keyed by content, never by mtime. Nothing of the domain.

    store.py       the one store (sealed JSON files, atomic writes) and the one digest
    keys.py        what entries are keyed by: the tool, the day, the repository, a folder's files
    validation.py  `validate`: each audit's findings            (validate.json)
    outputs.py     `score`, `report`: whole outputs             (output/)
    history.py     `history`: each revision's colours           (history/)

Each of the last three is only its keying and its payload.
"""
