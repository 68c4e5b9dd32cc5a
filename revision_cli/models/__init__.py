"""pydantic models of the files people write: no I/O here."""
