"""Writing files so that nobody ever sees half of one.

``write_atomic`` is the one place the project writes a file in place: the bytes go to a
temporary file in the target's own folder (so the rename never crosses a file system), then
the temporary file is renamed over the target. A reader sees the old file or the new one,
never a mix; a failure (full disk, a killed process) leaves the old file untouched and no
temporary file behind.

What the rename must never touch is decided first, by ``os.stat`` of the path as given:

- a target that is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO, a socket's
  device) is written *through*: opened and written like a shell's ``>``, never replaced;
- a symbolic link is followed, and its target is replaced, so the link stays a link;
- a new file gets the mode ``0o666`` less the process umask (the kernel applies the umask to
  the temporary file, as it would to any file the user creates), a replaced file keeps its mode.

Every failure is one ``InvalidInput`` (exit 2): "cannot write PATH: reason" with a hint.

The read side has one rule too: every input is opened with ``open_regular``, which refuses
anything that is not a regular file *before* reading a byte. A FIFO would block the run for
ever, ``/dev/zero`` never ends and ``/dev/urandom`` is not data; opening with ``O_NONBLOCK``
and checking ``fstat`` of the opened descriptor (not of the name, which could change in
between) refuses them at once. The refusal is a ``NotRegularFile``, an ``OSError``, so every
reader's existing "cannot read" path reports it without a special case.
"""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import stat
from pathlib import Path
from typing import BinaryIO

from taxonomist.core.errors import InvalidInput

_NEW_FILE_MODE = 0o666  # less the umask, like open(..., "w")
_HINTS = {
    errno.ENOENT: "the folder does not exist; create it first or name another path",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "name a file, not a folder",
    errno.EACCES: "choose a place you may write to",
    errno.EPERM: "choose a place you may write to",
    errno.EROFS: "the file system is read-only; choose another place",
    errno.ENOSPC: "the disk is full; free some space or write elsewhere",
    errno.EDQUOT: "the disk quota is used up; free some space or write elsewhere",
    errno.EFBIG: "the file is larger than this file system allows; write elsewhere",
    errno.ENAMETOOLONG: "the name is too long for the file system; choose a shorter one",
    errno.ELOOP: "the path is a loop of symbolic links",
    errno.EMFILE: "too many files are open; raise the limit (ulimit -n) or name fewer files",
    errno.ENFILE: "too many files are open on this system; try again later",
    errno.EIO: "the device reported an input/output error",
    errno.EBADF: "the stream is closed; redirect it to a file or to /dev/null",
}
_ANY_HINT = "check the path, its permissions and the free space"


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


class NotRegularFile(OSError):
    """An input that is not a regular file (a FIFO, a device, a socket, a directory)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file: {kind}", str(path))
        self.kind = kind


class FileTooLarge(OSError):
    """An input larger than the limit its reader sets."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        message = f"the file is {size / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB limit"
        super().__init__(errno.EFBIG, message, str(path))
        self.size = size
        self.limit = limit


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading in binary, refused at once unless it is a regular file.

    The name is checked before opening, so a FIFO is never opened (opening it would release
    a writer waiting on it); the opened descriptor is checked again with ``fstat``, and
    ``O_NONBLOCK`` keeps that open from waiting should the name have become a FIFO in
    between. The flag is cleared once a regular file is open (where it changes nothing)."""
    _refuse_special(path, path.stat().st_mode)  # a FIFO is not even opened (a writer waits)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        _refuse_special(path, os.fstat(handle).st_mode)  # what was opened, if the name changed
        fcntl.fcntl(handle, fcntl.F_SETFL, fcntl.fcntl(handle, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def _refuse_special(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _KINDS if test(mode)), "a special file")
        raise NotRegularFile(path, kind)


def read_regular(path: Path, limit: int | None = None, *, head: bool = False) -> bytes:
    """The bytes of the regular file ``path`` (see ``open_regular``).

    With a ``limit``, a longer file raises ``FileTooLarge`` without being read whole (it is
    checked while reading, so a file that grows meanwhile is bounded too); with ``head``, the
    first ``limit`` bytes are returned instead."""
    with open_regular(path) as handle:
        if limit is None:
            return handle.read()
        data = handle.read(limit if head else limit + 1)
    if not head and len(data) > limit:
        raise FileTooLarge(path, max(len(data), _size(path)), limit)
    return data


def read_regular_text(path: Path, limit: int | None = None) -> str:
    """``read_regular`` decoded as UTF-8 (``UnicodeDecodeError`` when it is not)."""
    return read_regular(path, limit).decode("utf-8")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def write_atomic(path: Path, data: bytes | str, *, make_parents: bool = False) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8 with ``\\n`` line ends)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write(path, payload, make_parents=make_parents)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def cannot_write(path: Path | str, error: OSError) -> InvalidInput:
    """The one-line error for an output that could not be written, with a hint by cause."""
    reason = error.strerror or str(error)
    hint = _HINTS.get(error.errno or 0, "choose another output path")
    return InvalidInput(f"cannot write {path}: {reason}", hint=hint)


def cannot_use(error: OSError) -> InvalidInput:
    """The one-line error for a file the environment would not let the run read or write
    (``error`` escaped every reader and writer): the path, the system's reason, a hint."""
    reason = error.strerror or str(error)
    hint = _HINTS.get(error.errno or 0, _ANY_HINT)
    path = error.filename
    if path is None:
        return InvalidInput(reason, hint=hint)
    shown = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    return InvalidInput(f"{shown}: {reason}", hint=hint)


def _write(path: Path, payload: bytes, *, make_parents: bool) -> None:
    found = _stat(path)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if found is not None and not stat.S_ISREG(found.st_mode):
        with path.open("wb") as out:  # a device or a pipe: write through, never rename over it
            out.write(payload)
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent if str(target.parent) else Path()
    if make_parents:
        directory.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(found.st_mode) if found is not None else None
    _replace(target, directory, payload, mode)


def _stat(path: Path) -> os.stat_result | None:
    """What ``path`` names once links are followed; ``None`` when nothing is there yet."""
    try:
        return path.stat()
    except OSError:
        return None  # missing, or a folder we may not search: creating the file will say why


def _replace(target: Path, directory: Path, payload: bytes, mode: int | None) -> None:
    handle, temp = _create_temporary(directory, target.name)
    try:
        with os.fdopen(handle, "wb") as out:
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            out.write(payload)
        os.replace(temp, target)  # noqa: PTH105  (the one rename the project does)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _create_temporary(directory: Path, name: str) -> tuple[int, Path]:
    """A new file beside the target, created ``0o666`` so the umask decides its mode
    (``tempfile.mkstemp`` creates ``0o600`` whatever the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = directory / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temp, flags, _NEW_FILE_MODE), temp
        except FileExistsError:
            continue
