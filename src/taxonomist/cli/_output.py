"""Where a command's generated text goes: standard output, or a file given with --output.

For the length of a command, ``standard_streams`` puts a guard in front of standard output:
a write that fails (a full disk behind ``>``, a closed descriptor ``>&-``) becomes an
``InvalidInput`` naming standard output, exit 2, while a reader that went away (``| head``)
stays a ``BrokenPipeError`` for the error boundary to end the run quietly; a character the
stream's encoding cannot carry is written as an escape instead of stopping the run.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import cannot_write, write_atomic
from taxonomist.core.text import printable

STDOUT = "standard output"


class OutputFailed(InvalidInput):
    """Standard output could not be written: exit 2, and nothing more is written to it."""


def _failed(error: OSError) -> OutputFailed:
    refused = cannot_write(STDOUT, error)
    return OutputFailed(refused.message, hint=refused.hint)


def write_output(text: str, output: Path | None, detail: str = "") -> None:
    """``text`` on standard output, or written atomically to ``output`` with a ``wrote`` line
    (plus ``detail``) on standard error, so piping the output stays clean."""
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(output, text, make_parents=True)
    sys.stderr.write(f"wrote {printable(str(output))}{detail}\n")


class GuardedStdout:
    """Standard output whose failures say what failed (see the module docstring)."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        stream = self._open()
        try:
            return stream.write(text)
        except UnicodeEncodeError:
            encoding = stream.encoding or "utf-8"
            return stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed(exc) from None

    def flush(self) -> None:
        if self.stream is None:
            return
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed(exc) from None

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def _open(self) -> TextIO:
        if self.stream is None:
            hint = "standard output is closed; redirect it to a file, or use --output"
            raise OutputFailed(f"cannot write {STDOUT}: it is closed", hint=hint)
        return self.stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._open(), name)


@contextlib.contextmanager
def standard_streams() -> Iterator[None]:
    """Standard output guarded, and a closed standard error replaced by a sink (nothing can
    be said there), for the length of a command; the streams are put back after."""
    saved = sys.stdout, sys.stderr
    sys.stdout = GuardedStdout(saved[0])
    if saved[1] is None:
        sys.stderr = io.StringIO()
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def silence_stdout() -> None:
    """After a broken pipe, point the descriptor of standard output at the null device, so
    the interpreter's last flush has somewhere to go and prints no "Exception ignored" (the
    recipe of the Python documentation for SIGPIPE)."""
    stream = sys.stdout.stream if isinstance(sys.stdout, GuardedStdout) else sys.stdout
    if stream is None:
        return
    with contextlib.suppress(AttributeError, OSError, ValueError):
        descriptor = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, descriptor)
        os.close(null)
