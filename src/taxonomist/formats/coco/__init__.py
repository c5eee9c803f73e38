"""COCO reader: instances, keypoints, panoptic, image-level labels, captions, image_info and
results files, into the common ``Dataset``.

Fast path: ``msgspec`` decodes the bytes straight into typed structs with the collector
paused, leaving ``bbox``, ``segmentation`` and ``keypoints`` as raw JSON slices; those are
decoded in small chunks straight into numpy columns (``formats.coco.geometry``), and the
other columns are built in bulk (``formats._io.columns``). If a typed decode fails (a mistyped
field somewhere, NaN, a wrong top-level shape) the file is parsed into plain values and
converted record by record (``formats.coco.tolerant``), so each bad record becomes an S-finding
at its JSON pointer. Either way the same builder makes the dataset.

Duplicate keys (F005) are looked for on files up to ``DUPLICATE_CHECK_LIMIT`` (4 MB) only:
finding them takes a second parse with a Python hook per object, about six times the fast
read, and the machine-written exports that are bigger practically never have one (a
duplicate key is a hand-editing fault).

``Dataset.kind`` says which COCO variant the file is: ``instances``, ``keypoints``,
``panoptic``, ``labels`` (datumaro's image-level labels: objects without geometry),
``captions`` (no objects; the captions are not kept), ``image_info`` (no annotations) or
``results`` (a bare list of detections with ``score``: ``Dataset.is_results``). Every COCO
dataset has ``crowd_is_rle``; panoptic segment ids are unique per image (``ids_unique_per``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec

from taxonomist.core.findings import Finding
from taxonomist.core.limits import streaming_options
from taxonomist.core.memory import gc_paused
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.json import (
    DUPLICATE_CHECK_LIMIT,
    duplicate_keys,
    fix_encoding,
    load_json,
    read_bytes,
    syntax_finding,
    valid_utf8,
)
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats._io.sniff import first, json_shape, keys_of, lists_in
from taxonomist.formats.coco.build import dataset as build_dataset
from taxonomist.formats.coco.decode import CocoAnnRaw, CocoDoc, PanopticDoc
from taxonomist.formats.coco.geometry import Mistyped
from taxonomist.formats.coco.tolerant import Tolerant, tolerant
from taxonomist.formats.codes import NOT_JSON, WRONG_TOP_LEVEL_SHAPE

FORMAT = "coco"
_LEADING_SPACE = re.compile(rb"[ \t\r\n]*")
_SECTIONS = ("images", "annotations", "categories")


def sniff(path: Path, head: bytes) -> str | None:
    """COCO when the top level is an object with an ``annotations`` or ``categories`` list,
    or an ``images`` list of ``file_name`` records (an image-info file), or a list whose
    first record has image_id and category_id (a results file). Decided from the structure:
    a Datumaro file, whose ``annotations`` sit inside ``items`` and whose ``categories`` is
    an object, is not COCO."""
    shape = json_shape(head)
    lists = lists_in(shape, _SECTIONS)
    if "annotations" in lists or "categories" in lists:
        return f"JSON object with top-level COCO lists {', '.join(lists)}"
    if lists and "file_name" in keys_of(first(keys_of(shape)["images"])):
        return "JSON object with a top-level images list of file_name records (COCO)"
    record = keys_of(first(shape))
    if "image_id" in record and "category_id" in record:
        return "JSON list of records with image_id and category_id (COCO results)"
    return None


def read(path: Path) -> Iterable[Dataset]:
    """Read one COCO file; every problem is a finding on the returned dataset. A big file
    in a check run (``core.limits.Streaming``) comes as parts, built one at a time
    (``formats.coco.stream``)."""
    options = streaming_options()
    if options.choice is not False and options.wants(_size(path)):
        from taxonomist.formats.coco.stream import read as read_parts

        parts = read_parts(path, options)
        if parts is not None:
            return parts
    source = str(path)
    data, findings = read_bytes(path, source)
    if data is None:
        return [Dataset.empty(source, FORMAT, findings)]
    held = [data]
    del data  # only ``held`` refers to the bytes now, so they can be freed mid-read
    return [_read(held, source, path, findings)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read whole, which reports it


def read_data(
    data: bytes, source: str, path: Path | None = None, findings: list[Finding] | None = None
) -> Dataset:
    """Read COCO JSON from bytes (``path``, if given, locates panoptic PNGs and lets the
    locator release the bytes and re-read them only when a finding needs a line)."""
    return _read([data], source, path, list(findings or []))


def _read(held: list[bytes], source: str, path: Path | None, findings: list[Finding]) -> Dataset:
    data, encoding = fix_encoding(held.pop(), source, check_utf8=False)
    findings += encoding
    locator = JsonLocator(source, data, path, lists=("annotations", "images", "categories"))
    if len(data) <= DUPLICATE_CHECK_LIMIT:
        findings += duplicate_keys(data, source, locator)
    decoded = _decode(data, source, locator)
    findings += decoded.findings
    if decoded.doc is None and decoded.results is None:
        return Dataset.empty(source, FORMAT, findings)
    try:
        with gc_paused():  # building columns makes millions of short-lived objects too
            dataset = build_dataset(decoded, source, path, locator)
    except Mistyped:  # a geometry field of the wrong type: report it record by record
        del decoded
        decoded = _slow(data, source, locator, b'"segments_info"' in data)
        if decoded.doc is None and decoded.results is None:
            return Dataset.empty(source, FORMAT, [*findings, *decoded.findings])
        with gc_paused():
            dataset = build_dataset(decoded, source, path, locator)
        findings += decoded.findings
    # The locator keeps the bytes: the peak (bytes + structs while building) is behind us,
    # and re-reading a big file to locate the first finding would cost more than it saves.
    dataset.findings[:0] = findings
    return dataset


def _decode(data: bytes, source: str, locator: JsonLocator) -> Tolerant:
    panoptic = b'"segments_info"' in data
    kind: Any = PanopticDoc if panoptic else CocoDoc
    start = _LEADING_SPACE.match(data)
    if start is not None and data[start.end() : start.end() + 1] == b"[":
        kind = list[CocoAnnRaw]
    try:
        with gc_paused():
            value = msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError:
        return _slow(data, source, locator, panoptic)
    except UnicodeDecodeError:
        return _slow(data, source, locator, panoptic)  # load_json reports and repairs it
    except msgspec.DecodeError as exc:
        if not valid_utf8(data):  # load_json reports and repairs it
            return _slow(data, source, locator, panoptic)
        first = syntax_finding(data, source, exc)
        if first.code == NOT_JSON.code:
            return Tolerant(None, findings=[first])
        return _slow(data, source, locator, panoptic)
    if isinstance(value, list):
        return Tolerant(None, value, raw_geometry=True)
    if value.images is None and value.annotations is None and value.categories is None:
        return Tolerant(None, findings=[_shape({}, locator)])
    return Tolerant(value, raw_geometry=not panoptic)


def _slow(data: bytes, source: str, locator: JsonLocator, panoptic: bool) -> Tolerant:
    loaded = load_json(data, source)
    if not loaded.ok:
        return Tolerant(None, findings=loaded.findings)
    if not isinstance(loaded.value, dict | list) or (
        isinstance(loaded.value, dict) and not _has_sections(loaded.value)
    ):
        return Tolerant(None, findings=[*loaded.findings, _shape(loaded.value, locator)])
    with gc_paused():
        result = tolerant(loaded.value, locator, panoptic)
    result.findings[:0] = loaded.findings
    return result


def _has_sections(value: dict[str, Any]) -> bool:
    return any(key in value for key in ("images", "annotations", "categories"))


def _shape(value: Any, locator: JsonLocator) -> Finding:
    got = type(value).__name__ if not isinstance(value, dict) else "an object without them"
    got = {"str": "a string", "int": "a number", "float": "a number", "NoneType": "null"}.get(
        got, got
    )
    message = f"expected an object with images/annotations/categories or a results list, got {got}"
    hint = "is this a COCO file? use --format to choose another reader"
    return WRONG_TOP_LEVEL_SHAPE.finding(message, locator.locate(""), hint=hint)
