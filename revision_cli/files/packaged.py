"""The folders that ship inside the package: the built-in batteries and report templates."""

from __future__ import annotations

from pathlib import Path

# The installed package folder (revision_cli/): this file lies in its files/ subpackage.
PACKAGE = Path(__file__).resolve().parent.parent


def packaged(name: str) -> Path:
    """The folder `name` as installed inside the package (the wheel force-includes it).

    An editable install, or tests run from a source checkout, import the package from the
    checkout, where nothing was copied in: there the folder is the checkout's own top-level
    one, beside pyproject.toml.
    """
    from importlib import resources  # not at the top: the cache's fast path imports PACKAGE

    inside = Path(str(resources.files("revision_cli") / name))
    if inside.is_dir():
        return inside
    checkout = PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return inside
