"""The tolerant COCO path: plain Python values in, the fast path's structs out.

Used only when the typed decode fails (a mistyped field somewhere, NaN in the file, a wrong
top-level shape). Each record is converted on its own, so one bad record costs an S002
finding at its JSON pointer and never stops the file: a mistyped field is dropped from the
record (and reported once), a record that is not an object is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import msgspec

from taxonomist.core.findings import Finding
from taxonomist.core.pointer import pointer
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats.coco.decode import (
    CocoAnn,
    CocoDoc,
    CocoDocTyped,
    CocoImage,
    PanopticAnn,
    PanopticDoc,
    PanopticSegment,
)
from taxonomist.formats.codes import WRONG_TYPE

_PATH = re.compile(r" - at `\$(.*)`$")
_TOKEN = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
SECTIONS = ("images", "annotations", "categories")


@dataclass(slots=True)
class Tolerant:
    """What the tolerant path recovered. ``*_index`` map kept rows to source indices."""

    doc: CocoDoc | CocoDocTyped | PanopticDoc | None
    results: list[Any] | None = None  # CocoAnnRaw (fast path) or CocoAnn records
    image_index: list[int] | None = None
    ann_index: list[int] | None = None
    findings: list[Finding] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)  # pointers already given an S002
    raw_geometry: bool = False  # geometry still raw JSON (the fast path)


class _Converter:
    def __init__(self, locator: JsonLocator) -> None:
        self.locator = locator
        self.findings: list[Finding] = []
        self.reported: set[str] = set()

    def records(
        self, value: Any, where: str, kind: type[msgspec.Struct]
    ) -> tuple[list[Any], list[int]]:
        """Convert a list of records; returns the structs and their source indices."""
        if value is None:
            return [], []
        if not isinstance(value, list):
            self.wrong_type(where, f"{where.rsplit('/', 1)[-1]} must be a list")
            return [], []
        out: list[Any] = []
        index: list[int] = []
        for i, record in enumerate(value):
            struct = self.record(record, f"{where}/{i}", kind)
            if struct is not None:
                out.append(struct)
                index.append(i)
        return out, index

    def record(self, record: Any, where: str, kind: type[msgspec.Struct]) -> Any:
        if not isinstance(record, dict):
            self.wrong_type(where, f"a record must be an object, not {_json_type(record)}")
            return None
        record = dict(record)
        for _ in range(len(record) + 1):
            try:
                return msgspec.convert(record, kind, str_keys=True)
            except msgspec.ValidationError as exc:
                if not self._drop_field(record, where, str(exc)):
                    return None
        return None

    def _drop_field(self, record: dict[str, Any], where: str, message: str) -> bool:
        tokens = _tokens(message)
        if not tokens or tokens[0] not in record:
            self.wrong_type(where, _clean(message))
            return False
        self.wrong_type(where + pointer(*tokens), f"{tokens[0]}: {_clean(message)}")
        del record[str(tokens[0])]
        return True

    def wrong_type(self, where: str, message: str) -> None:
        if where in self.reported:
            return
        self.reported.add(where)
        doc = WRONG_TYPE
        self.findings.append(doc.finding(message, self.locator.locate(where)))


def _tokens(message: str) -> list[str | int]:
    found = _PATH.search(message)
    if not found:
        return []
    return [name if name else int(index) for name, index in _TOKEN.findall(found.group(1))]


def _clean(message: str) -> str:
    return _PATH.sub("", message).replace("`", "").replace("Expected", "expected")


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def tolerant(value: Any, locator: JsonLocator, panoptic: bool) -> Tolerant:
    """Recover what can be recovered from an already-parsed COCO document."""
    conv = _Converter(locator)
    if isinstance(value, list):
        anns, index = conv.records(value, "", CocoAnn)
        return Tolerant(None, anns, None, index, conv.findings, conv.reported)
    images, image_index = conv.records(value.get("images"), "/images", CocoImage)
    categories = _categories(conv, value.get("categories"))
    if panoptic:
        anns, ann_index = _panoptic(conv, value.get("annotations"))
        doc: CocoDocTyped | PanopticDoc = PanopticDoc(images, anns, categories, value.get("info"))
    else:
        anns, ann_index = conv.records(value.get("annotations"), "/annotations", CocoAnn)
        doc = CocoDocTyped(images, anns, categories, value.get("info"))
    return Tolerant(doc, None, image_index, ann_index, conv.findings, conv.reported)


def _categories(conv: _Converter, value: Any) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        conv.wrong_type("/categories", "categories must be a list")
        return None
    return [v if isinstance(v, dict) else {"__bad__": v} for v in value]


def _panoptic(conv: _Converter, value: Any) -> tuple[list[Any], list[int]]:
    stripped = value
    if isinstance(value, list):
        stripped = [
            {k: v for k, v in r.items() if k != "segments_info"} if isinstance(r, dict) else r
            for r in value
        ]
    anns, index = conv.records(stripped, "/annotations", PanopticAnn)
    for ann, i in zip(anns, index, strict=True):
        segments = value[i].get("segments_info")
        where = f"/annotations/{i}/segments_info"
        ann.segments_info, kept = conv.records(segments, where, PanopticSegment)
        if len(kept) != len(ann.segments_info or ()) or kept != list(range(len(kept))):
            ann.segments_info = _with_holes(ann.segments_info, kept, len(segments))
    return anns, index


def _with_holes(kept: list[Any], index: list[int], total: int) -> list[Any]:
    # Keep segment positions aligned with the source (a skipped record becomes an empty
    # segment), so /annotations/i/segments_info/j pointers stay right.
    out: list[Any] = [PanopticSegment() for _ in range(total)]
    for struct, i in zip(kept, index, strict=True):
        out[i] = struct
    return out


def annotations_at(
    values: list[Any], indices: list[int], locator: JsonLocator, reported: set[str]
) -> tuple[list[CocoAnn], list[int], list[Finding]]:
    """Convert annotation records whose indices in the file's ``annotations`` are
    ``indices`` (a part of a file read in parts, ``formats.coco.stream``), as ``tolerant``
    would: the structs kept, their source indices, and the S002 findings; ``reported``
    is the file's set of pointers already given an S002 (updated)."""
    conv = _Converter(locator)
    conv.reported = reported
    out: list[CocoAnn] = []
    kept: list[int] = []
    for value, index in zip(values, indices, strict=True):
        struct = conv.record(value, f"/annotations/{index}", CocoAnn)
        if struct is not None:
            out.append(struct)
            kept.append(index)
    return out, kept, conv.findings
