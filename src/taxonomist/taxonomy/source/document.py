"""One parsed YAML file: its data, the ``line:col`` of every JSON pointer, its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.findings import Finding, Location
from taxonomist.taxonomy.resolved import SourcePos


@dataclass
class SourceDoc:
    """One parsed YAML file: its data, where each pointer was written, and what went wrong."""

    path: Path  # where it was read from
    label: str = ""  # how findings name it: the path as the user wrote it
    data: Any = None
    positions: dict[str, SourcePos] = field(default_factory=dict)  # value (or key) position
    key_positions: dict[str, SourcePos] = field(default_factory=dict)  # mapping keys
    findings: list[Finding] = field(default_factory=list)

    def pos(self, pointer: str, *, key: bool = False) -> SourcePos | None:
        """Position of ``pointer``, or of its nearest parent that has one."""
        table = self.key_positions if key else self.positions
        current = pointer
        while True:
            found = table.get(current) or self.positions.get(current)
            if found is not None or not current:
                return found
            current = current.rsplit("/", 1)[0]


def location(pos: SourcePos | None, file: str, ptr: str | None = None) -> Location:
    if pos is None:
        return Location(file=file, pointer=ptr)
    return Location(file=pos.file, line=pos.line, column=pos.column, pointer=ptr)
