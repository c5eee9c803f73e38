"""A taxonomy's documents merged into one set of sections, with the position of every entry.

The loader fills it (reading ``extends`` and ``include``), ``derive`` trims and changes it
(``subset``, ``refine``), lint reads it and ``resolve`` turns it into a ``Taxonomy``: each of
them imports it from here, so none of them imports another to learn its shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.linter.vocabulary import SECTION_TYPES
from taxonomist.taxonomy.resolved import SourcePos
from taxonomist.taxonomy.source.document import SourceDoc, location

if TYPE_CHECKING:
    from taxonomist.taxonomy.lock import Lock

MERGED_SECTIONS = tuple(s for s in SECTION_TYPES if s != "refine")


@dataclass(frozen=True, slots=True)
class TranslationPlace:
    """Where one language's translation is written: the file, as findings name it, and the
    pointer of the translation in that file (``/translations/de`` inline, ``""`` in a file
    of its own). Its positions are kept under ``/translations/<language>`` either way."""

    label: str
    prefix: str


@dataclass
class Merged:
    """A taxonomy's documents merged: what ``resolve`` and the reference checks read."""

    path: Path  # the main file as given
    root: Path  # the project directory: the main file's directory, resolved
    meta: m.TaxonomyDocument | None = None
    sections: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {s: {} for s in MERGED_SECTIONS}
    )
    positions: dict[str, SourcePos] = field(default_factory=dict)
    key_positions: dict[str, SourcePos] = field(default_factory=dict)
    base_dirs: dict[str, Path] = field(default_factory=dict)  # "section/name" -> its file's dir
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    lock: Lock | None = None  # the main file's id lock, when it has one that reads
    language: str = "en"  # the language the main file is written in
    translations: dict[str, m.Translation] = field(default_factory=dict)
    translation_places: dict[str, TranslationPlace] = field(default_factory=dict)
    translation_file: SourceDoc | None = None  # the main file is a translation, not a taxonomy

    def where(self, pointer: str, *, key: bool = False) -> SourcePos | None:
        """Position of ``pointer`` or of its nearest parent that has one."""
        table = self.key_positions if key else self.positions
        current = pointer
        while current:
            found = table.get(current) or self.positions.get(current)
            if found is not None:
                return found
            current = current.rsplit("/", 1)[0]
        return None

    def emit(
        self,
        code: CodeDoc,
        message: str,
        pointer: str,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        """Record a finding at ``pointer``'s line and column (or its nearest parent's)."""
        loc = location(self.where(pointer), str(self.path), pointer)
        self.findings.append(code.finding(message, loc, hint=hint, severity=severity))
