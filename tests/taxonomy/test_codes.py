"""Every T code is a constant beside its emitter; the registry must gather each of them."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import taxonomist.taxonomy as package
from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy.linter.codes import CODES


def _declared() -> Iterator[tuple[str, CodeDoc]]:
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, CodeDoc):
                yield info.name, value


def test_every_declared_code_is_in_the_registry() -> None:
    declared = list(_declared())
    assert declared
    assert {(name, doc.code) for name, doc in declared if CODES.get(doc.code) is not doc} == set()
