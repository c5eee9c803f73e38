"""Walking a dataset folder for the readers that read folders (YOLO labels, mask PNGs).

``Path.rglob`` skips a folder it may not list without a word and raises on any other error
(an I/O error ended the whole run), and it follows links to folders, so a link to ``/`` walks
the file system. ``walk`` lists regular folders only and returns the folders it could not
list, for the reader to report (F001), so one bad subfolder neither stops the run nor
vanishes silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats.codes import FILE_UNREADABLE


@dataclass(slots=True)
class Walk:
    """The files found, sorted, and each folder that could not be listed with the reason."""

    files: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def walk(root: Path, suffix: str) -> Walk:
    """Every file under ``root`` whose name ends with ``suffix``, without following links to
    folders."""
    found = Walk()

    def failed(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        found.unreadable.append((where, exc.strerror or type(exc).__name__))

    for folder, folders, files in os.walk(root, onerror=failed):
        folders.sort()
        found.files += [Path(folder) / name for name in files if name.endswith(suffix)]
    found.files.sort()
    return found


def report_unreadable(builder: DatasetBuilder, found: Walk) -> None:
    """F001 for each folder the walk could not list: its files were not checked."""
    for folder, reason in found.unreadable:
        message = f"cannot list the folder: {reason}; its files were not checked"
        builder.report(FILE_UNREADABLE, message, Place(str(folder)))
