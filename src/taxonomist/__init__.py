"""taxonomist: one reviewed YAML taxonomy per labeling project.

Lint the taxonomy, check annotation files against it, publish annotator guidelines from it.
The public API is imported lazily so that ``taxonomist --version`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from taxonomist.core.version import __version__

if TYPE_CHECKING:
    from taxonomist.api import check, load_taxonomy

__all__ = ["__version__", "check", "load_taxonomy"]


def __getattr__(name: str) -> Any:
    if name in ("check", "load_taxonomy"):
        from taxonomist import api

        return getattr(api, name)
    raise AttributeError(name)
