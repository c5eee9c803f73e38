"""Run a command as a fresh process and measure it: wall time and peak resident memory.

Peak memory is the child's ``ru_maxrss``. Linux folds into it the memory of the process that
spawned it (the exec'ing process's old address space), so the command runs under GNU
``/usr/bin/time`` (a few hundred KiB itself) rather than straight from this Python parent,
whose own memory would otherwise show up in every number.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds, whole process
    rss_mb: float  # peak resident set size
    returncode: int
    timed_out: bool = False


@dataclass
class Series:
    """Repeated samples of one subject on one file."""

    label: str
    samples: list[Sample] = field(default_factory=list)
    op_seconds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def wall(self) -> float | None:
        return statistics.median(s.wall for s in self.samples) if self.samples else None

    @property
    def rss_mb(self) -> float | None:
        return statistics.median(s.rss_mb for s in self.samples) if self.samples else None

    @property
    def op(self) -> float | None:
        return statistics.median(self.op_seconds) if self.op_seconds else None


def run_process(
    cmd: list[str], stdout: Path, *, timeout: float | None = None, cwd: Path | None = None
) -> Sample:
    """Run ``cmd`` with stdout into ``stdout`` (stderr beside it); measure the one process."""
    stderr = stdout.with_suffix(stdout.suffix + ".stderr")
    rss_file = stdout.with_suffix(stdout.suffix + ".rss")
    rss_file.unlink(missing_ok=True)
    wrapped = [str(GNU_TIME), "-f", "%M", "-o", str(rss_file), *cmd] if GNU_TIME.exists() else cmd
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            wrapped, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
            start_new_session=True,
        )  # fmt: skip
        killer = (
            threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL)) if timeout else None
        )
        if killer:
            killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timed_out = killer is not None and killer.finished.is_set()
        if killer:
            killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; Popen must not wait
    kib = _gnu_time_kib(rss_file) if GNU_TIME.exists() else None
    # Linux reports ru_maxrss in KiB.
    rss = (kib if kib is not None else usage.ru_maxrss) / 1024
    return Sample(wall, rss, proc.returncode, timed_out)


def _gnu_time_kib(path: Path) -> int | None:
    """The last line GNU time wrote (``%M``); earlier lines say how the command ended."""
    try:
        lines = path.read_text().split()
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return None
