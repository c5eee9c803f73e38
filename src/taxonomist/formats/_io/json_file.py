"""One JSON annotation file read for a ``DatasetBuilder`` (the LabelMe and Label Studio
readers): the bytes, their encoding, the parse and duplicate keys, each step's findings put
on the builder, and a locator so that the reader's own findings get a line and column."""

from __future__ import annotations

from pathlib import Path

from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.json import (
    JsonLoad,
    duplicate_keys,
    fix_encoding,
    load_json,
    read_bytes,
)
from taxonomist.formats._io.locate import JsonLocator


def read_json_file(path: Path, builder: DatasetBuilder) -> JsonLoad | None:
    """The parsed file, or None when it could not be read or is not JSON (the findings that
    say why are on ``builder``)."""
    source = builder.source
    data, problems = read_bytes(path, source)
    builder.findings += problems
    if data is None:
        return None
    data, encoding = fix_encoding(data, source)
    builder.findings += encoding
    loaded = load_json(data, source)
    builder.findings += loaded.findings
    builder.json_locator = JsonLocator(source, data)
    if not loaded.ok:
        return None
    builder.findings += duplicate_keys(data, source, builder.json_locator)
    return loaded
