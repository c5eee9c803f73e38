"""The id lock: every class's stable id, YOLO index, id-space values and tool label names,
written by ``taxonomist lock`` next to the taxonomy (``NAME.yaml`` -> ``NAME.lock``) and
committed with it, so those numbers never drift between exports.

The lock lists every class, deprecated and abstract ones too, by stable id, and under
``retired`` the ids of classes an earlier lock had and the taxonomy no longer has: those are
never given to another class. The loader reads the lock of the main file (a base's lock is
its own project's business; a built-in taxonomy has none) into ``Taxonomy.lock``;
``taxonomy.yolo_index`` keeps the locked YOLO order; ``taxonomy.lock_diff`` compares a lock
with the one the taxonomy would have now, which lint (``linter/lock.py``) and
``taxonomist lock --check`` report. A lock that does not read is one finding (T309) at its
``line:col``, and the taxonomy loads as if it had none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding
from taxonomist.core.text import shorten
from taxonomist.taxonomy.source import parse_text, read_source
from taxonomist.taxonomy.source.document import SourceDoc, location

if TYPE_CHECKING:
    from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

LOCK_INVALID = CodeDoc(
    code="T309",
    name="lock-invalid",
    family="lock",
    summary="The taxonomy's lock file does not read as a lock.",
    why="Without it nothing keeps ids and YOLO indices from drifting between exports.",
    bad="classes: {person: 0}",
    good="(the file taxonomist lock writes)",
)

SUFFIX = ".lock"
# The tools whose exporters name each class with a label of its own (Label Studio's
# ``<Label value>``, CVAT's label ``name``); both write ``tool_label(cls)``.
TOOLS = ("cvat", "label_studio")
REGENERATE = "regenerate it with taxonomist lock"

CODES: tuple[CodeDoc, ...] = (LOCK_INVALID,)

__all__ = [
    "CODES",
    "LOCK_INVALID",
    "Lock",
    "LockedClass",
    "build_lock",
    "lock_file_for",
    "parse_lock",
    "read_lock",
    "render_lock",
    "tool_label",
]


@dataclass(frozen=True, slots=True)
class LockedClass:
    """One class as the lock holds it."""

    id: int
    name: str
    yolo: int | None  # its YOLO index, None when it never had one
    ids: Mapping[str, int]  # id space -> value, sorted by space
    labels: Mapping[str, str]  # tool -> the label name its exporter writes


@dataclass(frozen=True, slots=True)
class Lock:
    """A taxonomy's id lock: its classes by stable id and the ids retired for ever."""

    path: Path
    taxonomy: str
    version: str
    classes: tuple[LockedClass, ...]  # by stable id
    retired: tuple[int, ...] = ()  # sorted

    def by_id(self) -> dict[int, LockedClass]:
        return {c.id: c for c in self.classes}

    def by_name(self) -> dict[str, LockedClass]:
        return {c.name: c for c in self.classes}


def tool_label(cls: TaxonomyClass) -> str:
    """The label name the Label Studio and CVAT exporters give the class: its name."""
    return cls.name


def lock_file_for(taxonomy_path: Path) -> Path | None:
    """Where the lock of the taxonomy file lives (``NAME.yaml`` -> ``NAME.lock``); None for
    a built-in taxonomy, which has no lock."""
    from taxonomist.taxonomy import library

    path = Path(taxonomy_path)
    try:
        if path.resolve().parent == Path(library.__file__).resolve().parent:
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    return path.with_suffix(SUFFIX) if path.suffix else path.with_name(path.name + SUFFIX)


def read_lock(path: Path, label: str | None = None) -> tuple[Lock | None, list[Finding]]:
    """The lock in ``path``, or None and one T309 finding (at its ``line:col``, with the
    hint to regenerate it) when it does not read."""
    return _from_source(read_source(Path(path), label if label is not None else str(path)))


def parse_lock(text: str, path: Path) -> tuple[Lock | None, list[Finding]]:
    """The lock ``text`` holds (what ``read_lock`` would read from a file with it)."""
    return _from_source(parse_text(text, Path(path), str(path)))


def _from_source(src: SourceDoc) -> tuple[Lock | None, list[Finding]]:
    if src.findings:
        first = src.findings[0]
        return None, [LOCK_INVALID.finding(first.message, first.location, hint=REGENERATE)]
    try:
        return _lock(src), []
    except BadLock as exc:
        where = location(src.pos(exc.pointer), src.label, exc.pointer or None)
        return None, [LOCK_INVALID.finding(exc.message, where, hint=REGENERATE)]


def build_lock(taxonomy: Taxonomy, previous: Lock | None, path: Path) -> Lock:
    """The lock the taxonomy has now: its classes with their YOLO index (which keeps the
    previous lock's order, ``taxonomy.yolo_index``), and the previous lock's retired ids
    plus the ids of its classes that are gone."""
    from taxonomist.taxonomy.yolo_index import yolo_index

    yolo = {cls.name: i for i, cls in yolo_index(taxonomy).classes.items()}
    ordered = sorted(taxonomy.classes.values(), key=lambda c: (c.id, c.name))
    classes = tuple(_locked(cls, yolo.get(cls.name)) for cls in ordered)
    kept = {c.id for c in classes}
    gone: set[int] = set()
    if previous is not None:
        gone = set(previous.retired) | {c.id for c in previous.classes}
    return Lock(path, taxonomy.name, taxonomy.version, classes, tuple(sorted(gone - kept)))


def _locked(cls: TaxonomyClass, yolo: int | None) -> LockedClass:
    ids = dict(sorted(cls.spec.ids.items()))
    labels = {tool: tool_label(cls) for tool in TOOLS}
    return LockedClass(id=cls.id, name=cls.name, yolo=yolo, ids=ids, labels=labels)


def render_lock(lock: Lock, source: str) -> str:
    """The lock file's text: a header, then the lock in a fixed order (byte-identical for
    the same lock, so ``--check`` can compare texts)."""
    classes = [_entry(c) for c in lock.classes]
    document = {
        "taxonomy": lock.taxonomy,
        "version": lock.version,
        "classes": classes,
        "retired": list(lock.retired),
    }
    body = yaml.safe_dump(
        document, sort_keys=False, default_flow_style=False, allow_unicode=True, width=88
    )
    return _header(source) + body


def _entry(cls: LockedClass) -> dict[str, object]:
    entry: dict[str, object] = {"id": cls.id, "name": cls.name}
    if cls.yolo is not None:
        entry["yolo"] = cls.yolo
    entry["ids"] = dict(sorted(cls.ids.items()))
    entry["labels"] = dict(sorted(cls.labels.items()))
    return entry


def _header(source: str) -> str:
    return (
        f"# Generated by `taxonomist lock` from {source}; commit it next to that file.\n"
        "# It keeps every class id, YOLO index, id-space value and tool label name stable:\n"
        "# `taxonomist lint` refuses a taxonomy that contradicts it. Do not edit it by hand;\n"
        "# run `taxonomist lock` after adding or renaming classes.\n"
    )


# -- reading -----------------------------------------------------------------------------
MAX_NUMBER = 2**63 - 1  # what every tool's id fields hold; larger is no id
_TOP = {"taxonomy": str, "version": str, "classes": list, "retired": list}
_ENTRY = ("id", "name", "yolo", "ids", "labels")


class BadLock(ValueError):
    """What is wrong with a lock file, and the JSON pointer where."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


def _lock(src: SourceDoc) -> Lock:
    data = src.data
    if not isinstance(data, dict):
        raise BadLock(f"a lock is a mapping, not {_kind(data)}", "")
    _keys(data, "", tuple(_TOP), required=("taxonomy", "version", "classes"))
    for key, kind in _TOP.items():
        if key in data and not isinstance(data[key], kind):
            raise BadLock(f"{key} must be {_KINDS[kind]}, not {_kind(data[key])}", f"/{key}")
    entries = data["classes"]
    classes = tuple(_class(item, f"/classes/{i}", len(entries)) for i, item in enumerate(entries))
    _unique(classes)
    retired = tuple(_number(v, f"/retired/{i}", 0) for i, v in enumerate(data.get("retired", [])))
    _retired(retired, {c.id for c in classes})
    return Lock(src.path, data["taxonomy"], data["version"], classes, tuple(sorted(retired)))


def _class(item: object, ptr: str, count: int) -> LockedClass:
    if not isinstance(item, dict):
        raise BadLock(f"a locked class is a mapping, not {_kind(item)}", ptr)
    _keys(item, ptr, _ENTRY, required=("id", "name"))
    name = item["name"]
    if not isinstance(name, str) or not name:
        raise BadLock(f"name must be a class name, not {_kind(name)}", f"{ptr}/name")
    yolo = item.get("yolo")
    if yolo is not None:
        yolo = _number(yolo, f"{ptr}/yolo", 0)
        if yolo >= count:
            message = f"YOLO index {yolo} is out of range: {count} classes number 0..{count - 1}"
            raise BadLock(message, f"{ptr}/yolo")
    ids = _ids(item.get("ids", {}), f"{ptr}/ids")
    labels = _labels(item.get("labels", {}), f"{ptr}/labels")
    class_id = _number(item["id"], f"{ptr}/id", 0)
    return LockedClass(class_id, name, yolo, ids, labels)


def _mapping(value: object, ptr: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise BadLock(f"must be a mapping, not {_kind(value)}", ptr)
    return dict(sorted(value.items()))


def _ids(value: object, ptr: str) -> dict[str, int]:
    items = _mapping(value, ptr).items()
    return {key: _number(item, f"{ptr}/{key}", -MAX_NUMBER) for key, item in items}


def _labels(value: object, ptr: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, item in _mapping(value, ptr).items():
        if not isinstance(item, str):
            raise BadLock(f"must be a label name, not {_kind(item)}", f"{ptr}/{key}")
        out[key] = item
    return out


def _number(value: object, ptr: str, low: int) -> int:
    what = _what(ptr)
    if type(value) is not int:
        raise BadLock(f"{what} must be a whole number, not {_kind(value)}", ptr)
    if not low <= value <= MAX_NUMBER:
        shown = shorten(str(value), 24)
        raise BadLock(f"{what} {shown} is out of range ({low}..{MAX_NUMBER})", ptr)
    return value


def _what(ptr: str) -> str:
    """How a message names the value at ``ptr``: 'yolo', 'retired id', 'train_id value'."""
    parent, _, last = ptr.rpartition("/")
    if last.isdigit():
        return "retired id"
    if parent.endswith("/ids"):
        return f"{shorten(last, 40)} value"
    return last


def _keys(
    data: dict[str, object], ptr: str, known: tuple[str, ...], required: tuple[str, ...]
) -> None:
    for key in data:
        if key not in known:
            raise BadLock(f"unknown key {shorten(str(key), 40)!r}", f"{ptr}/{key}")
    for key in required:
        if key not in data:
            raise BadLock(f"missing key {key!r}", ptr)


def _unique(classes: tuple[LockedClass, ...]) -> None:
    seen: dict[tuple[str, object], int] = {}
    for i, cls in enumerate(classes):
        for field, value in (("id", cls.id), ("name", cls.name), ("yolo", cls.yolo)):
            if value is None:
                continue
            first = seen.setdefault((field, value), i)
            if first != i:
                message = (
                    f"{field} {shorten(str(value), 40)} is locked twice (classes {first} and {i})"
                )
                raise BadLock(message, f"/classes/{i}/{field}")


def _retired(retired: tuple[int, ...], locked: set[int]) -> None:
    seen: set[int] = set()
    for i, value in enumerate(retired):
        if value in locked or value in seen:
            where = "locked for a class" if value in locked else "listed twice"
            raise BadLock(f"retired id {value} is also {where}", f"/retired/{i}")
        seen.add(value)


_KINDS = {str: "text", list: "a list", dict: "a mapping", int: "a number"}


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float):
        return "a decimal number"
    return _KINDS.get(type(value), type(value).__name__)
