"""taxonomist: one reviewed YAML taxonomy per labeling project.

Lint the taxonomy, check annotation files against it, publish annotator guidelines from it.
The public API is imported lazily so that ``taxonomist --version`` stays fast.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from taxonomist.core.version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from taxonomist.api import check, load_taxonomy
    from taxonomist.core.findings import Report

__all__ = ["__version__", "check", "load_taxonomy"]


class _Package(ModuleType):
    """This package's module type, so that ``taxonomist.check`` is always the API function.

    The function shares its name with the subpackage ``taxonomist.check``, and importing a
    submodule makes the import system set it as an attribute of its parent package
    (``setattr(taxonomist, "check", <module>)``): once anything had imported the checker, the
    name meant the module and ``taxonomist.check(...)`` raised "'module' object is not
    callable". A property on the module's class is a data descriptor, which attribute lookup
    asks before the module's own namespace, so the function wins; its setter lets the import
    system's binding pass without effect (``from taxonomist.check import ...`` and
    ``sys.modules`` still reach the subpackage). Renaming either would break every script.
    """

    @property
    def check(self) -> Callable[..., Report]:
        from taxonomist.api import check

        return check

    @check.setter
    def check(self, value: object) -> None:
        if not (isinstance(value, ModuleType) and value.__name__ == f"{self.__name__}.check"):
            raise AttributeError("taxonomist.check is the API function; patch taxonomist.api")


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name == "load_taxonomy":
        from taxonomist import api

        return api.load_taxonomy
    raise AttributeError(name)
