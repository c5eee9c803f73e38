"""The progress bar of ``taxonomist check``, on standard error, for runs worth waiting on.

A bar is drawn only on a terminal and never with ``--quiet``; it appears at once when the
named files hold more than ``BIG_INPUT_BYTES``, else once the run has taken
``SLOW_SECONDS``, so a quick check prints nothing and a single big file is not silent
while it is parsed (rich redraws the spinner and the elapsed time from its own thread).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from pathlib import Path

BIG_INPUT_BYTES = 50 * 1024 * 1024
SLOW_SECONDS = 1.0


def wanted(*, terminal: bool, quiet: bool) -> bool:
    """A bar only for a person watching a terminal who did not ask for quiet."""
    return terminal and not quiet


def delay(input_bytes: int) -> float:
    """Seconds to wait before drawing: none for big input, else until the run is slow."""
    return 0.0 if input_bytes > BIG_INPUT_BYTES else SLOW_SECONDS


def named_bytes(paths: Iterable[str]) -> int:
    """The size of the files named directly (folders and globs count for nothing: the
    timer covers them without walking them twice)."""
    total = 0
    for path in paths:
        candidate = Path(path)
        with contextlib.suppress(OSError, ValueError):
            total += candidate.stat().st_size if candidate.is_file() else 0
    return total


class CheckProgress:
    """A transient rich bar that starts after ``wait`` seconds and is gone when stopped."""

    def __init__(self, wait: float) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (SpinnerColumn(), TextColumn("checking"), BarColumn(), MofNCompleteColumn())
        console = Console(stderr=True)
        self._bar = Progress(*columns, TimeElapsedColumn(), console=console, transient=True)
        self._task = self._bar.add_task("checking", total=None)
        self._lock = threading.Lock()
        self._stopped = False
        self._timer = threading.Timer(wait, self._show)
        self._timer.daemon = True
        self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if not self._stopped:
                self._bar.start()

    def advance(self, done: int, total: int) -> None:
        self._bar.update(self._task, completed=done, total=total)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            self._bar.stop()


def for_check(paths: list[str], *, terminal: bool, quiet: bool) -> CheckProgress | None:
    """The bar for a check of ``paths``, or None when none should be drawn."""
    if not wanted(terminal=terminal, quiet=quiet):
        return None
    return CheckProgress(delay(named_bytes(paths)))
