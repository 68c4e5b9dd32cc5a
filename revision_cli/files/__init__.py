"""Files on disk and in git: YAML with positions, atomic writes, confinement, locks."""
