"""Big JSON Lines files (native: one image per line) read in batches of records.

From ``core.limits.STREAM_THRESHOLD`` on (or with ``taxonomist check --stream``) the file is
read line by line, never whole: every ``part_lines`` records make one ``Dataset``, built by
the same ``Builder`` as a whole read, with the same line numbers and pointers, so memory is
bounded by a batch. What a batch cannot see is carried from one batch to the next:

* image ids: a set of the ids seen so far gives each batch the rows that repeat an earlier
  image's id anywhere in the file (``Dataset.repeated_images``, R004 as a whole read has it);
* classes: where each class name was first used in the file, so a category finding (made
  once, by the first batch that uses the name: ``Dataset.part``) points where a whole read
  points;
* object rows: objects without an id are ``#<row in the file>`` as in a whole read;
* encoding: a byte-order mark is reported with the first line, invalid UTF-8 at its first
  line only, as ``fix_encoding`` does for the whole file.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from taxonomist.core.files import open_regular
from taxonomist.core.findings import Finding
from taxonomist.core.limits import Streaming
from taxonomist.core.memory import gc_paused
from taxonomist.dataset.model import Dataset, Part
from taxonomist.formats._io.json import fix_encoding, load_json, valid_utf8
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats.native.build import Builder, Place

FORMAT = "native"
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


def read_batches(path: Path, options: Streaming) -> Iterator[Dataset] | None:
    """The batches of ``path``, or None when it is read whole (small, or unreadable: the
    whole read reports that)."""
    try:
        if not options.wants(path.stat().st_size):
            return None
        with open_regular(path) as handle:
            if handle.read(4).startswith(_WIDE_BOMS):  # UTF-16/32: decoded whole
                return None
    except OSError:
        return None
    return _batches(path, str(path), max(1, options.part_lines))


class _Lines:
    """The file's lines, numbered, repaired as ``fix_encoding`` repairs the whole file."""

    def __init__(self, handle: IO[bytes], source: str) -> None:
        self.handle, self.source = handle, source
        self.findings: list[Finding] = []  # encoding findings not yet handed to a batch
        self.bom = False
        self.told_utf8 = False

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        for number, raw in enumerate(self.handle):
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if number == 0 and line.startswith(codecs.BOM_UTF8):
                self.bom = True
                line = line[len(codecs.BOM_UTF8) :]
                self.findings += fix_encoding(codecs.BOM_UTF8, self.source)[1]
            if not valid_utf8(line):
                line = self._repaired(line, number)
            yield number, line

    def _repaired(self, line: bytes, number: int) -> bytes:
        fixed, found = fix_encoding(line, self.source)
        if not (self.bom or self.told_utf8):  # a BOM's repair is silent, as a whole read's
            self.findings += [f.with_location(line=number + 1) for f in found]
            self.told_utf8 = True
        return fixed


def _batches(path: Path, source: str, size: int) -> Iterator[Dataset]:
    told: dict[tuple[Any, ...], int] = {}
    first_uses: dict[str, str] = {}
    seen: set[Any] = set()
    objects = 0
    with open_regular(path) as handle:
        lines = _Lines(handle, source)
        numbered = iter(lines)
        for index in range(1 << 62):
            builder = Builder(source, FORMAT, first_object=objects, first_uses=first_uses)
            more = fill(builder, numbered, size)
            dataset = builder.dataset(lines.findings)
            lines.findings = []
            dataset.part = Part(index, None, told)
            dataset.repeated_images = _repeated(dataset.images.ids, seen)
            objects += len(dataset.objects)
            del builder
            yield dataset
            del dataset
            if not more:
                return


def fill(builder: Builder, numbered: Iterator[tuple[int, bytes]], size: int) -> bool:
    """Read up to ``size`` records (numbered lines) into ``builder``; False when the lines
    have ended. A whole read and each batch of a read in parts go through here."""
    records: dict[int, tuple[int, bytes]] = {}
    source = builder.source

    def locator(i: int) -> JsonLocator:
        number, line = records[i]
        return JsonLocator(source, line, first_line=number + 1)

    builder.locator_for = locator
    with gc_paused():
        for number, line in numbered:
            if not line.strip():
                continue
            loaded = load_json(line, source)
            builder.findings += [f.with_location(line=number + 1) for f in loaded.findings]
            if not loaded.ok:
                continue
            index = len(records)
            records[index] = (number, line)
            builder.image(loaded.value, Place(index, ""))
            if len(records) >= size:
                return True
    return False


def _repeated(ids: list[Any], seen: set[Any]) -> list[int]:
    """Rows whose image id an earlier image of the file has (``dataset.ids`` equality:
    1 and "1" differ; ids are ints, strings or None here)."""
    rows = []
    for row, value in enumerate(ids):
        if value in seen:
            rows.append(row)
        else:
            seen.add(value)
    return rows
