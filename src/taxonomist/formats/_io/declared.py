"""The taxonomy a file says it follows: ``taxonomy: NAME`` with ``taxonomy_version: X.Y.Z``
beside it, or ``taxonomy: {name: NAME, version: X.Y.Z}``.

The native format writes these at the top level, COCO inside ``info``. A value of the wrong
type (a number, a list, a version that is not text) is ignored, as if it were absent: the
file's annotations are still checked, and the JSON Schema reports the mistyped value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Declared:
    """What the file names: the taxonomy, its version, and the JSON pointer of the version."""

    name: str | None = None
    version: str | None = None
    version_pointer: str | None = None


def declared(container: Any, base: str = "") -> Declared:
    """The taxonomy ``container`` (the file's top level, or COCO's ``info``) names; ``base``
    is the container's JSON pointer."""
    if not isinstance(container, dict):
        return Declared()
    value = container.get("taxonomy")
    if isinstance(value, dict):
        version = _text(value.get("version"))
        if version is not None:
            return Declared(_text(value.get("name")), version, f"{base}/taxonomy/version")
        value = value.get("name")
    version = _text(container.get("taxonomy_version"))
    return Declared(_text(value), version, None if version is None else f"{base}/taxonomy_version")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
