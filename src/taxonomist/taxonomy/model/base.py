"""What every model of the language builds on: the ``Doc`` base, names, text and numbers.

A number may be written as a ``$name`` reference to a threshold; ``threshold_name`` reads one.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

NAME_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"
RULE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)
COLOR_PATTERN = r"^#[0-9a-fA-F]{6}$"
THRESHOLD_REF = re.compile(r"^\$([a-z0-9][a-z0-9_]*)$")

Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=128)]
Markdown = Annotated[str, Field(max_length=100_000)]
Scalar = str | int | float | bool


class Doc(BaseModel):
    """Base of every model a person writes: frozen, unknown keys refused."""

    # defer_build: schemas are built on first validation, not at import, so commands that
    # never validate a taxonomy document (a cached load, --help) do not pay for them
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


ThresholdRef = Annotated[str, Field(pattern=r"^\$[a-z0-9][a-z0-9_]*$")]
Number = float | ThresholdRef


def threshold_name(value: Any) -> str | None:
    """The threshold a ``$name`` reference names, or None for a plain number."""
    if isinstance(value, str):
        match = THRESHOLD_REF.match(value)
        return match.group(1) if match else None
    return None
