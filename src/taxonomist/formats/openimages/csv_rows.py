"""Open Images CSV rows, streamed with their line numbers through Python's ``csv`` module
(which handles quoting) from a regular file (``core.files.open_regular``): never a whole
2 GB box CSV in memory, and a field is bounded by ``csv``'s own field size limit.

The first row is the header; each later row comes as a dict keyed by it. A row with another
number of cells than the header (short, long), a row ``csv`` cannot parse (a NUL byte, an
unterminated quote, a field over the limit) is a finding at its line and the rest are read;
bytes that are not UTF-8 stop the file there (F004), since no later line can be trusted to
start where it seems to.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import open_regular
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats.codes import ENCODING, FILE_UNREADABLE, WRONG_LENGTH

MALFORMED_ROW = CodeDoc(
    code="F121",
    name="csv-row-malformed",
    family="file",
    summary="A CSV row the csv module cannot read (a NUL byte, a quote left open, a field over "
    "128 KiB); the row is skipped and the rest are read.",
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


def read_rows(file: Path, builder: DatasetBuilder) -> Iterator[Row]:
    """The header row, then each record of ``file``; problems are reported to ``builder``."""
    source = str(file)
    try:
        handle = open_regular(file)
    except OSError as exc:
        message = f"cannot read this file: {exc.strerror or exc}; it was not checked"
        builder.report(FILE_UNREADABLE, message, Place(source))
        return
    with handle, io.TextIOWrapper(handle, encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
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
            except UnicodeDecodeError as exc:
                message = f"not UTF-8 (byte {exc.start} of a block); the rest is not read"
                builder.report(ENCODING, message, place)
                break
            except OSError as exc:
                message = f"cannot read on: {exc.strerror or exc}; the rest is not read"
                builder.report(FILE_UNREADABLE, message, place)
                break
            start = reader.line_num + 1
            if not cells:
                continue  # a blank line
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
