"""Reader of taxonomist's native annotation format: a JSON object with ``images`` (and the
taxonomy it follows: ``taxonomy: NAME`` with ``taxonomy_version``, or ``taxonomy: {name,
version}``), or JSON Lines with one image record per line.

Boxes are written the way the class's box label type says (``[x, y, w, h]`` pixels unless
it names another ``format`` or ``units``), so the checker converts them
(``Dataset.boxes_follow_label_types``); a box is a shape of its own, which the class's label
types must allow (``boxes_are_bounds`` is False); object ids are unique per image, where
relations name them (``ids_unique_per``). ``shapes`` is keyed by label-type name and each
value's shape says what it is: an object with ``counts`` is an RLE mask, a list of lists is
a polygon (its parts), a flat list of 4 numbers an extra box, any other flat list keypoints
(``x, y, v`` triples). Classes are named, not numbered, so the categories are the distinct
names the file uses (``Dataset.declares_categories`` is False).

Locations: JSON files give ``/images/<i>/objects/<j>`` pointers with line:col computed
lazily; JSON Lines give the exact line and a pointer inside that line's record.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from taxonomist.core.findings import Finding
from taxonomist.core.limits import streaming_options
from taxonomist.core.memory import gc_paused
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.declared import declared
from taxonomist.formats._io.json import (
    DUPLICATE_CHECK_LIMIT,
    duplicate_keys,
    fix_encoding,
    load_json,
    read_bytes,
)
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats._io.sniff import first, json_shape, keys_of
from taxonomist.formats.codes import UNKNOWN_FIELD, WRONG_TOP_LEVEL_SHAPE
from taxonomist.formats.native.build import Builder, Place

FORMAT = "native"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TOP_KEYS = frozenset({"taxonomy", "taxonomy_version", "images", "info", "$schema"})


def sniff(path: Path, head: bytes) -> str | None:
    """Native when the top-level object has a ``taxonomy`` key or an ``images`` list whose
    first record has ``objects``/``file`` (and no COCO ``annotations``/``categories`` list),
    or a ``.jsonl`` file's first record has an image record's keys."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        record = keys_of(json_shape(head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]))
        if "file_name" in record and "file" not in record:
            return None  # a Hugging Face ImageFolder record: native images name a "file"
        if any(k in record for k in ("objects", "file", "labels", "id")):
            return "JSON Lines of image records (native)"
        return None
    shape = json_shape(head)
    if not isinstance(shape, dict) or "annotations" in shape or "categories" in shape:
        return None
    if "taxonomy" in shape:
        return 'JSON object with a "taxonomy" key (native)'
    image = keys_of(first(shape.get("images")))
    if "objects" in image or "file" in image:
        return 'JSON object whose images have "objects"/"file" (native)'
    return None


def read(path: Path) -> Iterable[Dataset]:
    """Read one native file (JSON or JSON Lines); problems become findings. A big JSON
    Lines file in a check run comes in batches of records (``formats.native.lines``)."""
    options = streaming_options()
    if path.suffix.lower() in JSONL_SUFFIXES and options.choice is not False:
        from taxonomist.formats.native.lines import read_batches

        batches = read_batches(path, options)
        if batches is not None:
            return batches
    source = str(path)
    data, findings = read_bytes(path, source)
    if data is None:
        return [Dataset.empty(source, FORMAT, findings)]
    return [read_data(data, source, jsonl=path.suffix.lower() in JSONL_SUFFIXES, findings=findings)]


def read_data(
    data: bytes, source: str, *, jsonl: bool = False, findings: list[Finding] | None = None
) -> Dataset:
    """Read native JSON (or JSON Lines when ``jsonl``) from bytes."""
    findings = list(findings or [])
    data, encoding = fix_encoding(data, source)
    findings += encoding
    builder = Builder(source, FORMAT)
    if jsonl:
        _read_lines(data, source, builder)
    else:
        _read_document(data, source, builder)
    return builder.dataset(findings)


def _read_document(data: bytes, source: str, builder: Builder) -> None:
    locator = JsonLocator(source, data)
    builder.locator_for = lambda _i: locator
    if len(data) <= DUPLICATE_CHECK_LIMIT:
        builder.findings += duplicate_keys(data, source, locator)
    loaded = load_json(data, source)
    builder.findings += loaded.findings
    if not loaded.ok:
        return
    doc = loaded.value
    if not isinstance(doc, dict) or not isinstance(doc.get("images"), list):
        message = 'expected an object with an "images" list'
        hint = "see `taxonomist schema` for the native format"
        builder.findings.append(
            WRONG_TOP_LEVEL_SHAPE.finding(message, locator.locate(""), hint=hint)
        )
        return
    for key in sorted(set(doc) - TOP_KEYS):
        builder.report(UNKNOWN_FIELD, f"unknown top-level key {key!r}", locator.locate("/" + key))
    builder.declared = declared(doc)
    with gc_paused():
        for i, record in enumerate(doc["images"]):
            builder.image(record, Place(i, f"/images/{i}"))


def _read_lines(data: bytes, source: str, builder: Builder) -> None:
    from taxonomist.formats.native.lines import fill

    fill(builder, enumerate(data.split(b"\n")), 1 << 62)
