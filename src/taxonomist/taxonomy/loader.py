"""Read a taxonomy file with everything it names (``extends``, ``include``) into one merged set.

The pointer layout of every file is the same (``/classes/<name>/...``), so the positions of
all files merge into one table whose entries carry their own file. A base taxonomy is merged
first, trimmed by ``subset`` and changed by ``refine``; the file's own entries and its
included fragments follow. Problems are findings; nothing here raises for bad input.

``extends: builtin:NAME`` names a taxonomy of the built-in library (``taxonomy.library``);
its file is read through the same bounded reader as any other, and its findings point at
that file. The main file's id lock (``taxonomy.lock``) and its translation files
(``taxonomy.translation_files``: ``<name>.<language>.yaml`` beside it) are read last.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.text import shorten
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.derive import UNKNOWN_REFINED_CLASS, apply_refine, apply_subset
from taxonomist.taxonomy.library import builtin_name, builtin_path, names_hint
from taxonomist.taxonomy.linter.structure import validate_document
from taxonomist.taxonomy.linter.vocabulary import ENTRY_WORDS
from taxonomist.taxonomy.lock import lock_file_for, read_lock
from taxonomist.taxonomy.merged import MERGED_SECTIONS, Merged
from taxonomist.taxonomy.paths import is_file, resolve_path
from taxonomist.taxonomy.source import read_source
from taxonomist.taxonomy.source.document import SourceDoc, location
from taxonomist.taxonomy.translation_files import is_translation_data, read_files, register_inline

EXTENDS_CYCLE = CodeDoc(
    code="T210",
    name="extends-cycle",
    family="references",
    summary="extends or include loops back to a file.",
    why="The taxonomy would be infinite.",
    bad="a.yaml extends b.yaml extends a.yaml",
    good="a.yaml extends b.yaml",
)

FILE_MISSING = CodeDoc(
    code="T211",
    name="file-missing",
    family="references",
    summary="A file named by extends, include or an example does not exist (or is no file).",
    why="The taxonomy or its guidelines would be incomplete.",
    bad="extends: coco.yml",
    good="extends: coco.yaml",
)

DUPLICATE_DEFINITION = CodeDoc(
    code="T304",
    name="duplicate-definition",
    family="uniqueness",
    summary="An entry is defined in two files (extends, include).",
    why="Which definition wins would be unclear.",
    bad="classes: {person: ...} in two files",
    good="refine: {person: ...}",
)

UNKNOWN_BUILTIN = CodeDoc(
    code="T601",
    name="unknown-builtin",
    family="references",
    summary="extends names a built-in taxonomy that does not exist.",
    why="There is no base to build on; `taxonomist list-taxonomies` lists the built-ins.",
    bad="extends: builtin:coco2017",
    good="extends: builtin:coco",
)

CODES: tuple[CodeDoc, ...] = (
    EXTENDS_CYCLE,
    FILE_MISSING,
    DUPLICATE_DEFINITION,
    UNKNOWN_BUILTIN,
)


def _label(base_label: str, value: str) -> str:
    return os.path.normpath(Path(base_label).parent / value)


class _Reader:
    """Walks the ``extends``/``include`` graph of one main file."""

    def __init__(self, merged: Merged) -> None:
        self.merged = merged
        self.stack: list[Path] = []

    def reference(
        self, value: str, src: SourceDoc, ptr: str, *, builtin: bool = False
    ) -> Path | None:
        """The file a path value names, if it is a regular file and not a loop.

        Bases and fragments may live anywhere (a project extending a shared base one level
        up is normal); only example files are kept inside their taxonomy's directory. With
        ``builtin``, ``builtin:NAME`` names a file of the built-in library.
        """
        where = location(src.pos(ptr), src.label, ptr)
        name = builtin_name(value) if builtin else None
        if name is not None:
            target = builtin_path(name)
            if target is None:
                message = f"no built-in taxonomy {shorten(name, 80)!r}"
                self._add(UNKNOWN_BUILTIN, message, where, names_hint())
                return None
        else:
            target = resolve_path(value, src.path.parent)
        if target is not None and target in self.stack:
            chain = " -> ".join(p.name for p in [*self.stack, target])
            self._add(EXTENDS_CYCLE, f"{shorten(value, 80)!r} loops back: {chain}", where, None)
        elif target is None or not is_file(target):
            self._add(FILE_MISSING, _missing(value, target), where, None)
        else:
            return target
        return None

    def _add(self, code: CodeDoc, message: str, where: Any, hint: str | None) -> None:
        self.merged.findings.append(code.finding(message, where, hint=hint))

    def read(self, path: Path, label: str) -> SourceDoc:
        src = read_source(path, label)
        self.merged.files.append(path)
        self.merged.findings.extend(src.findings)
        return src

    def document(self, path: Path, label: str) -> m.TaxonomyDocument | None:
        """Load one taxonomy file (and, first, its base) into ``self.merged``."""
        src = self.read(path, label)
        if not self.stack and is_translation_data(src.data):
            self.merged.translation_file = src  # linted against the taxonomy it translates
            return None
        doc, problems = validate_document(src, fragment=False)
        self.merged.findings.extend(problems)
        if not isinstance(doc, m.TaxonomyDocument):
            return None
        if not self.stack:
            register_inline(self.merged, doc, src)
        self.stack.append(path)
        if doc.extends is not None:
            self.base(doc, src, path)
        else:
            self.orphan_changes(doc, src)
        self.add_entries(doc, src, path)
        for i, include in enumerate(doc.include):
            self.fragment(include, src, f"/include/{i}")
        self.stack.pop()
        return doc

    def base(self, doc: m.TaxonomyDocument, src: SourceDoc, path: Path) -> None:
        value = doc.extends or ""
        target = self.reference(value, src, "/extends", builtin=True)
        if target is None:
            return
        label = str(target) if builtin_name(value) is not None else _label(src.label, value)
        self.document(target, label)
        if doc.subset is not None:
            apply_subset(self.merged, doc.subset, src)
        apply_refine(self.merged, doc.refine, src)

    def orphan_changes(self, doc: m.TaxonomyDocument, src: SourceDoc) -> None:
        """``subset`` and ``refine`` only mean something with ``extends``."""
        for key in ("subset", "refine"):
            if getattr(doc, key):
                where = location(src.pos(f"/{key}", key=True), src.label, f"/{key}")
                hint = "add extends: BASE.yaml, or define the classes directly"
                self._add(
                    UNKNOWN_REFINED_CLASS, f"{key} without extends: there is no base", where, hint
                )

    def fragment(self, value: str, src: SourceDoc, ptr: str) -> None:
        target = self.reference(value, src, ptr)
        if target is None:
            return
        part = self.read(target, _label(src.label, value))
        frag, problems = validate_document(part, fragment=True)
        self.merged.findings.extend(problems)
        if frag is not None:
            self.add_entries(frag, part, target)

    def add_entries(self, doc: Any, src: SourceDoc, path: Path) -> None:
        """Merge a document's sections; a name defined twice is a finding (T304)."""
        merged = self.merged
        twice: set[str] = set()
        for section in MERGED_SECTIONS:
            entries: dict[str, Any] = getattr(doc, section, {}) or {}
            target = merged.sections[section]
            for name, entry in entries.items():
                if name in target and section != "checks":  # later check overrides win
                    self._duplicate(section, name, src)
                    twice.add(f"/{section}/{name}")
                    continue
                target[name] = entry
                merged.base_dirs[f"{section}/{name}"] = path.parent
        _overlay(merged, src, twice)

    def _duplicate(self, section: str, name: str, src: SourceDoc) -> None:
        ptr = f"/{section}/{name}"
        where = location(src.pos(ptr, key=True), src.label, ptr)
        hint = "define it once; change a class from a base with refine:"
        self._add(
            DUPLICATE_DEFINITION, f"{ENTRY_WORDS[section]} {name!r} is defined twice", where, hint
        )


def _missing(value: str, target: Path | None) -> str:
    if target is not None and _exists(target):
        return f"{shorten(value, 80)!r} is not a regular file"
    return f"file {shorten(value, 80)!r} does not exist"


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _entry(ptr: str) -> str:
    return "/".join(ptr.split("/", 3)[:3])


def _overlay(merged: Merged, src: SourceDoc, skip: set[str]) -> None:
    """Positions of the file's pointers (a later, deriving file wins shared ones), except
    those of entries that were refused as duplicates: the first definition keeps its place."""
    for table, into in (
        (src.positions, merged.positions),
        (src.key_positions, merged.key_positions),
    ):
        if skip:
            into.update((p, pos) for p, pos in table.items() if _entry(p) not in skip)
        else:
            into.update(table)


def load_documents(path: Path) -> Merged:
    """Read ``path`` and every file it names; the merged entries plus every problem found."""
    path = Path(path)
    try:
        root = path.resolve().parent
    except (OSError, RuntimeError):
        root = path.parent
    merged = Merged(path=path, root=root)
    reader = _Reader(merged)
    merged.meta = reader.document(path.resolve() if is_file(path) else path, str(path))
    if merged.meta is not None:
        _read_lock(merged)
        read_files(merged, path, str(path))
    return merged


def _read_lock(merged: Merged) -> None:
    """The main file's id lock (``NAME.lock``), when there is one; its file joins the files
    read, so a changed lock invalidates the cache. A lock that does not read is a finding."""
    target = lock_file_for(merged.path)
    if target is None or not _exists(target):
        return
    lock, problems = read_lock(target)
    merged.findings.extend(problems)
    merged.files.append(target.resolve() if is_file(target) else target)
    merged.lock = lock
