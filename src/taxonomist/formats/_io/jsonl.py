"""JSON Lines for the readers whose files hold one JSON record per line (SageMaker Ground
Truth manifests, Hugging Face ``metadata.jsonl``): the file read once through ``json.py``
(F001 unreadable, F004 encoding repaired), then each non-blank line parsed on its own, so a
malformed line is an F002 at its line (the column within it kept) and the lines after it are
still read. The native reader predates this and keeps its own loop (it also builds a locator
per line).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.json import fix_encoding, load_json, read_bytes
from taxonomist.formats._io.sniff import Shape, json_shape, keys_of


@dataclass(frozen=True, slots=True)
class Line:
    """One parsed record and its 1-based line number."""

    number: int
    value: Any


def read_lines(path: Path, builder: DatasetBuilder) -> Iterator[Line]:
    """The records of the JSON Lines file ``path``, with every problem on ``builder``."""
    source = builder.source
    data, problems = read_bytes(path, source)
    builder.findings += problems
    if data is None:
        return
    data, encoding = fix_encoding(data, source)
    builder.findings += encoding
    for index, raw in enumerate(data.split(b"\n")):
        if not raw.strip():
            continue
        loaded = load_json(raw, source)
        builder.findings += [f.with_location(line=index + 1) for f in loaded.findings]
        if loaded.ok:
            yield Line(index + 1, loaded.value)


def first_record_keys(head: bytes) -> dict[str, Shape]:
    """The keys (and, one level down, the shapes) of the first record of a JSON Lines head:
    for sniffing. Empty when the first line is not a JSON object."""
    line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    return keys_of(json_shape(line))
