"""What every lint family reads: the merged documents, the resolved taxonomy, and ``emit``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.linter.vocabulary import did_you_mean
from taxonomist.taxonomy.merged import Merged
from taxonomist.taxonomy.resolved import Taxonomy

UNKNOWN_CLASS = CodeDoc(
    code="T203",
    name="unknown-class",
    family="references",
    summary="A reference names no class.",
    why="Rules, excludes, relations and maps would silently match nothing.",
    bad="applies_to: {classes: [persn]}",
    good="applies_to: {classes: [person]}",
)

CODES: tuple[CodeDoc, ...] = (UNKNOWN_CLASS,)


@dataclass
class Ctx:
    """A lint run over one taxonomy; checks call ``emit`` and the ``need*`` helpers."""

    merged: Merged
    tax: Taxonomy

    @property
    def specs(self) -> dict[str, m.ClassDef]:
        return self.merged.sections["classes"]

    def section(self, name: str) -> dict[str, Any]:
        return self.merged.sections[name]

    def emit(
        self,
        code: CodeDoc,
        message: str,
        ptr: str,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.merged.emit(code, message, ptr, hint, severity)

    def class_hint(self, name: str) -> str | None:
        found = self.tax.lookup(name)
        if found is not None:
            return f"use the class name {found.name!r} ({name!r} is one of its other names)"
        return did_you_mean(name, list(self.specs))

    def need_class(self, name: str, ptr: str, what: str, code: CodeDoc = UNKNOWN_CLASS) -> bool:
        """Emit a finding when ``name`` is not a class; True when it is."""
        if name in self.specs:
            return True
        self.emit(code, f"{what} {name!r} is not a class", ptr, self.class_hint(name))
        return False

    def need(self, section: str, name: str, ptr: str, what: str, code: CodeDoc) -> bool:
        """Emit ``code`` when ``name`` is not an entry of ``section``; True when it is."""
        entries = self.section(section)
        if name in entries:
            return True
        known = ", ".join(sorted(entries)[:8]) or "none are defined"
        hint = did_you_mean(name, list(entries)) or f"known: {known}"
        self.emit(code, f"{what} {name!r} is not defined", ptr, hint)
        return False


def walk(value: Any, ptr: str) -> Iterator[tuple[str, Any]]:
    """Every (pointer, leaf) of a dumped model, for scanning ``$threshold`` references."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{ptr}/{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from walk(item, f"{ptr}/{i}")
    else:
        yield ptr, value
