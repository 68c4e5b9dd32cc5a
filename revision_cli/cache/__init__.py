"""Caches under `.revision/cache/`: one sealed store, keyed by content. Nothing of the domain."""
