"""Open Images CSV rows, streamed with their line numbers through Python's ``csv`` module
(which handles quoting) from a regular file (``core.files.open_regular``): never a whole
2 GB box CSV in memory, and a field is bounded by ``csv``'s own field size limit.

The first row is the header; each later row comes as a dict keyed by it. A row with another
number of cells than the header (short, long), a row ``csv`` cannot parse (read strictly:
a quote in the middle of a field or left open, a field over the limit), a line longer than
``MAX_LINE`` bytes and a line that is not UTF-8 (F004) are findings at their line, and the
rest are read: the file is decoded line by line, so the line of a bad byte is known and one
bad line costs only itself.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import open_regular
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats.codes import ENCODING, FILE_UNREADABLE, WRONG_LENGTH

MALFORMED_ROW = CodeDoc(
    code="F121",
    name="csv-row-malformed",
    family="file",
    summary="A CSV row the csv module cannot read (a quote inside a field or left open, a "
    "field over 128 KiB, a line over 1 MiB); the row is skipped and the rest are read.",
    why="Loaders stop at such a row (pandas, Datumaro's csv.DictReader) or, worse, join it "
    "with the rows after it.",
    bad='b,xclick,"/m/0,1,0.2,1,0.3,0.5   (a quote never closed)',
    good="b,xclick,/m/0,1,0.2,1,0.3,0.5",
)


@dataclass(frozen=True, slots=True)
class Row:
    """One CSV record: ``fields`` by column, or None for the header row (``header``)."""

    line: int
    place: Place
    header: list[str]
    fields: dict[str, str] | None


MAX_LINE = 1024 * 1024  # bytes: the longest Open Images row (V7 boxes) is under 300


def read_rows(file: Path, builder: DatasetBuilder) -> Iterator[Row]:
    """The header row, then each record of ``file``; problems are reported to ``builder``."""
    source = str(file)
    try:
        handle = open_regular(file)
    except OSError as exc:
        message = f"cannot read this file: {exc.strerror or exc}; it was not checked"
        builder.report(FILE_UNREADABLE, message, Place(source))
        return
    with handle:
        reader = csv.reader(_lines(handle, source, builder), strict=True)
        header: list[str] | None = None
        start = 1
        while True:
            place = Place(source, line=start)
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                builder.report(MALFORMED_ROW, f"not a CSV row: {exc}; the row is skipped", place)
                start = reader.line_num + 1
                continue
            start = reader.line_num + 1
            if not cells:
                continue  # a blank line, or one reported by _lines
            if header is None:
                header = [c.strip() for c in cells]
                yield Row(place.line or 1, place, header, None)
                continue
            if len(cells) != len(header):
                message = (
                    f"{len(cells)} cells where the header has {len(header)} columns; "
                    "the row is skipped"
                )
                builder.report(WRONG_LENGTH, message, place)
                continue
            yield Row(place.line or 1, place, header, dict(zip(header, cells, strict=True)))


def _lines(handle: BinaryIO, source: str, builder: DatasetBuilder) -> Iterator[str]:
    """Each line decoded, with its newline; a line that is too long or not UTF-8 is reported
    and read as a blank line, so the line numbers ``csv`` counts stay the file's."""
    number = 0
    while True:
        try:
            raw = handle.readline(MAX_LINE)
        except OSError as exc:
            message = f"cannot read on: {exc.strerror or exc}; the rest is not read"
            builder.report(FILE_UNREADABLE, message, Place(source, line=number + 1))
            return
        if not raw:
            return
        number += 1
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if len(raw) >= MAX_LINE and not raw.endswith(b"\n"):
            message = f"a line longer than {MAX_LINE >> 20} MiB; it is skipped"
            builder.report(MALFORMED_ROW, message, Place(source, line=number))
            while raw and not raw.endswith(b"\n"):  # skip to the end of that line
                raw = handle.readline(MAX_LINE)
            yield "\n"
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"the line is not UTF-8 (byte {exc.start + 1}); it is skipped"
            builder.report(ENCODING, message, Place(source, line=number))
            yield "\n"
