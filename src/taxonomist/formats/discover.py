"""Expand the paths a user gives (files, directories, globs) into annotation sources.

``discover(paths, forced=None)`` returns ``Discovery(sources, findings)``: each ``Source``
is ``(path, format, reason)``, the reason saying why that reader was chosen (shown under
``-v``). Readers are asked in ``READERS`` order; the first whose ``sniff`` answers wins. A
directory is first offered whole to the readers (folder formats such as YOLO or mask
folders claim it); otherwise it is walked. A forced ``--format`` applies to a directory's
files too: the walk hands its reader every file of a suffix it reads (or the whole folder,
for folder formats such as ``mask``), plus whatever its sniff claims.

Nothing passes unread: a file named on the command line that no reader can read (empty,
UTF-16, unreadable, of no known format) is an error finding with the reason, since the user
asked for it to be checked. A file met in a directory walk that nobody recognises is only
``skipped`` (with its reason, listed under ``-v`` and counted); JSON/XML-like ones are also an
F007 warning. A path that does not exist at all is a usage error (``UsageError``).
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from taxonomist.core.errors import UsageError
from taxonomist.core.files import read_regular
from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.formats import READERS, FormatReader, reader
from taxonomist.formats.codes import FILE_UNREADABLE, UNRECOGNISED_FILE

HEAD_BYTES = 64 * 1024
# Files worth an F007 when met in a directory walk: annotation-like text formats.
_REPORT_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".xml"})
# Image files only need their signature sniffed (a mask PNG): a dataset folder holds
# thousands of them, and reading 64 KiB of each would cost more than the check.
_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"})
IMAGE_HEAD_BYTES = 64
# What a forced ``--format`` takes from a directory it walks: the files its reader reads,
# by suffix (beyond what its sniff claims), and the formats that read a whole folder.
FORCED_SUFFIXES: dict[str, frozenset[str]] = {
    "native": frozenset({".json", ".jsonl", ".ndjson"}),
    "coco": frozenset({".json"}),
    "label-studio": frozenset({".json"}),
    "labelme": frozenset({".json"}),
    "scalabel": frozenset({".json"}),
    "cvat": frozenset({".xml"}),
    "labelme-xml": frozenset({".xml"}),
    "voc": frozenset({".xml"}),
    "kitti": frozenset({".txt"}),
    "openimages": frozenset({".csv"}),
    "yolo": frozenset(),  # a .txt is YOLO only if its lines are: the sniff decides
    "class-folders": frozenset(),  # a folder format: the whole folder
    "cityscapes": frozenset({".png", ".json"}),
    "mask": frozenset({".png"}),
    "mapillary-vistas": frozenset(),  # a folder format: the folder is read whole
    "ade20k": frozenset(),  # a folder format; its *_atr.txt and JSON files: the sniff decides
    "datumaro": frozenset({".json"}),
    "sagemaker": frozenset({".manifest", ".jsonl"}),
    "huggingface": frozenset({".jsonl"}),
    "supervisely": frozenset({".json"}),
    "darwin": frozenset({".json"}),
    "labelbox": frozenset({".ndjson", ".jsonl"}),
}
_FOLDER_FORMATS = frozenset(
    {"mask", "kitti", "class-folders", "cityscapes", "openimages", "mapillary-vistas", "ade20k"}
)


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to read: a file (or a folder, for folder formats) and its reader."""

    path: Path
    format: str
    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file no reader took, and why (``NO_READER``, ``EMPTY``, ...)."""

    path: Path
    reason: str


NO_READER = "no known format"
EMPTY = "empty"
UTF16 = "UTF-16 text"
UNREADABLE = "unreadable"


@dataclass(slots=True)
class Discovery:
    sources: list[Source] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def discover(paths: Sequence[str | Path], forced: str | None = None) -> Discovery:
    """Sources for ``paths`` (in order, each once), sniffed or forced to ``forced``."""
    if forced is not None and forced not in READERS:
        known = ", ".join(READERS)
        raise UsageError(f"unknown format {forced!r}", hint=f"use one of: {known}")
    found = Discovery()
    seen: set[Path] = set()
    readers = _readers(forced)
    for raw in paths:
        for path in _expand(raw):
            _visit(path, readers=readers, forced=forced, found=found, seen=seen, explicit=True)
    return found


def _readers(forced: str | None) -> list[tuple[str, FormatReader]]:
    names = [forced] if forced is not None else list(READERS)
    return [(name, reader(name)) for name in names]


def _expand(raw: str | Path) -> list[Path]:
    text = str(raw)
    if "\0" in text:  # the OS refuses such a name; pathlib would raise ValueError
        raise UsageError(f"{text!r}: a path cannot contain a NUL character", hint="check the path")
    if _has_magic(text) and not _exists(Path(text)):
        matches = _glob(text)
        if not matches:
            raise UsageError(f"{text}: no file matches this pattern")
        return [Path(m) for m in matches]
    path = Path(text)
    if not _exists(path):
        raise UsageError(f"{text}: no such file or directory", hint="check the path")
    return [path]


def _exists(path: Path) -> bool:
    """Whether anything is at ``path`` (a name too long for the OS is simply not there)."""
    try:
        path.lstat()
    except OSError:
        return False
    return True


def _visit(
    path: Path,
    *,
    readers: list[tuple[str, FormatReader]],
    forced: str | None,
    found: Discovery,
    seen: set[Path],
    explicit: bool,
) -> None:
    key = path.resolve()
    if key in seen:
        return
    seen.add(key)
    if _is_dir(path):
        _visit_dir(path, readers=readers, forced=forced, found=found, seen=seen, explicit=explicit)
        return
    size = IMAGE_HEAD_BYTES if path.suffix.lower() in _IMAGE_SUFFIXES else HEAD_BYTES
    head, error = _head(path, size)
    source = (
        None if error is not None or not head else _sniff(path, head, readers, forced, explicit)
    )
    if source is not None:
        found.sources.append(source)
        return
    reason = _why_unread(head, error)
    found.skipped.append(Skipped(path, reason))
    if explicit:
        found.findings.append(_unread(path, reason, error))
    elif reason == NO_READER and path.suffix.lower() in _REPORT_SUFFIXES:
        found.findings.append(_unrecognised(path, Severity.WARNING))


def _visit_dir(
    path: Path,
    *,
    readers: list[tuple[str, FormatReader]],
    forced: str | None,
    found: Discovery,
    seen: set[Path],
    explicit: bool,
) -> None:
    for name, module in readers:
        reason = module.sniff(path, b"")
        if reason:
            found.sources.append(Source(path, name, reason))
            return
    if forced in _FOLDER_FORMATS and explicit:
        found.sources.append(Source(path, forced, f"--format {forced} (the whole folder)"))
        return
    for child in _children(path, found):
        _visit(child, readers=readers, forced=forced, found=found, seen=seen, explicit=False)


def _is_dir(path: Path) -> bool:
    """A folder to walk; anything else (a file, or a name stat refuses) goes on to be read,
    where a failure is an F001 for that file."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _has_magic(text: str) -> bool:
    return any(c in text for c in "*?[")


def _glob(pattern: str) -> list[Path]:
    # Path.glob wants a relative pattern: split off the longest literal prefix.
    parts = Path(pattern).parts
    literal = list(parts[: next(i for i, p in enumerate(parts) if _has_magic(p))])
    root = Path(*literal) if literal else Path()
    rest = "/".join(parts[len(literal) :])
    try:
        return sorted(root.glob(rest))
    except (ValueError, OSError) as exc:  # "**a": '**' can only be an entire path component
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        hint = "'**' stands alone between slashes (data/**/*.json); quote the pattern"
        raise UsageError(f"{pattern}: not a usable pattern: {reason}", hint=hint) from None


def _children(path: Path, found: Discovery) -> Iterable[Path]:
    """The entries of a folder being walked; one that cannot be listed is an F001 for that
    folder, and the walk goes on with the rest."""
    try:
        entries = sorted(path.iterdir())
    except OSError as exc:
        found.skipped.append(Skipped(path, UNREADABLE))
        message = f"cannot read this folder: {exc.strerror or exc}; its files were not checked"
        hint = "check the folder's permissions"
        found.findings.append(FILE_UNREADABLE.finding(message, Location(file=str(path)), hint=hint))
        return []
    return [p for p in entries if not p.name.startswith(".")]


def _head(path: Path, size: int) -> tuple[bytes, OSError | None]:
    try:
        return read_regular(path, size, head=True), None
    except OSError as exc:
        return b"", exc


def _why_unread(head: bytes, error: OSError | None) -> str:
    if error is not None:
        return UNREADABLE
    if not head:
        return EMPTY
    if _is_utf16(head):
        return UTF16
    return NO_READER


def _is_utf16(head: bytes) -> bool:
    """A UTF-16 byte-order mark, or a first character that is ASCII text next to a NUL
    (UTF-16 without a mark); not merely any NUL, which binary files are full of."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    pair = head[:2]
    if len(pair) < 2 or (pair[0] == 0) == (pair[1] == 0):
        return False
    char = max(pair)
    return 0x20 <= char < 0x7F or char in (0x09, 0x0A, 0x0D)


def _sniff(
    path: Path,
    head: bytes,
    readers: list[tuple[str, FormatReader]],
    forced: str | None,
    explicit: bool,
) -> Source | None:
    if forced is not None and (explicit or path.suffix.lower() in FORCED_SUFFIXES[forced]):
        return Source(path, forced, f"--format {forced}")
    for name, module in readers:
        reason = module.sniff(path, head)
        if reason:
            return Source(path, name, reason if forced is None else f"--format {forced}")
    return None


def _unread(path: Path, reason: str, error: OSError | None) -> Finding:
    """The error for a file the user named that nothing could read: a CI gate must not pass."""
    where = Location(file=str(path))
    if error is not None:
        message = f"cannot read this file: {error.strerror or error}; it was not checked"
        return FILE_UNREADABLE.finding(message, where, hint="check the path and its permissions")
    if reason == EMPTY:
        message = "the file is empty; it was not checked"
        return FILE_UNREADABLE.finding(message, where, hint="an annotation file has content")
    if reason == UTF16:
        message = "the file is UTF-16 text, which no reader takes; it was not checked"
        return FILE_UNREADABLE.finding(message, where, hint="save it as UTF-8")
    return _unrecognised(path, Severity.ERROR)


def _unrecognised(path: Path, severity: Severity) -> Finding:
    hint = "pass --format NAME to read it as one of: " + ", ".join(READERS)
    message = "no reader recognises this file; it was not checked"
    return UNRECOGNISED_FILE.finding(
        message, Location(file=str(path)), hint=hint, severity=severity
    )
