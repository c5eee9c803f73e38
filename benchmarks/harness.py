"""Run a command as a fresh process and measure it: wall time and peak resident memory.

Peak memory is the child's ``ru_maxrss``. Linux folds into it the memory of the process that
spawned it (the exec'ing process's old address space), so the command runs under GNU
``/usr/bin/time`` (a few hundred KiB itself) rather than straight from this Python parent,
whose own memory would otherwise show up in every number.

A run can be bounded in memory (``mem_limit_mb``): a watcher thread sums, four times a
second, the resident memory of every process in the command's session (the command, its
threads and any worker processes it starts) and kills the whole session once the sum passes
the limit; the sample then says ``killed_mb``. Watching RSS rather than setting
``RLIMIT_AS`` is deliberate: Rust allocators, thread stacks and numpy reserve far more
address space than they touch, so an address-space limit kills programs that would fit,
and it would not bound the sum over a command's worker processes. The same watcher gives
``group_mb``, the session's peak sum (for commands that fork workers, whose memory GNU
time's ``%M`` of one process does not add up; pages the workers share are counted in each).
"""

from __future__ import annotations

import contextlib
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
    killed_mb: float | None = None  # the session's RSS when the memory guard killed it
    group_mb: float | None = None  # peak sum of RSS over the session, as sampled

    @property
    def peak_mb(self) -> float:
        """Peak memory: one process's exact peak, or the sampled sum over its workers."""
        return max(self.rss_mb, self.group_mb or 0.0)

    @property
    def failed(self) -> str:
        """Why the run has no time to show ("" when it completed)."""
        if self.killed_mb is not None:
            return f"killed at {self.killed_mb / 1024:.1f} GiB"
        return "timeout" if self.timed_out else ""


@dataclass
class Series:
    """Repeated samples of one subject on one file."""

    label: str
    samples: list[Sample] = field(default_factory=list)
    op_seconds: list[float] = field(default_factory=list)
    note: str = ""
    failure: str = ""  # "timeout", "killed at N GiB", "n/a (...)": shown instead of a time
    stopped: bool = False  # no more runs of this series
    failed_wall: float | None = None  # when the failed run was stopped (s)

    @property
    def wall(self) -> float | None:
        return statistics.median(s.wall for s in self.samples) if self.samples else None

    @property
    def rss_mb(self) -> float | None:
        return statistics.median(s.peak_mb for s in self.samples) if self.samples else None

    @property
    def op(self) -> float | None:
        return statistics.median(self.op_seconds) if self.op_seconds else None


def run_process(
    cmd: list[str],
    stdout: Path,
    *,
    timeout: float | None = None,
    cwd: Path | None = None,
    mem_limit_mb: float | None = None,
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
        guard = _Guard(proc.pid, mem_limit_mb)
        guard.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        guard.stop()
        timed_out = killer is not None and killer.finished.is_set()
        if killer:
            killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; Popen must not wait
    kib = _gnu_time_kib(rss_file) if GNU_TIME.exists() else None
    # Linux reports ru_maxrss in KiB.
    rss = (kib if kib is not None else usage.ru_maxrss) / 1024
    return Sample(wall, rss, proc.returncode, timed_out and guard.killed_mb is None,
                  guard.killed_mb, guard.peak_mb or None)  # fmt: skip


PAGE_MB = os.sysconf("SC_PAGE_SIZE") / (1 << 20)


class _Guard(threading.Thread):
    """Samples a session's summed RSS; kills the session when it passes ``limit_mb``."""

    def __init__(self, session: int, limit_mb: float | None, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.session, self.limit_mb, self.interval = session, limit_mb, interval
        self.peak_mb = 0.0
        self.killed_mb: float | None = None
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            used = session_rss_mb(self.session)
            self.peak_mb = max(self.peak_mb, used)
            if self.limit_mb is not None and used > self.limit_mb:
                self.killed_mb = used
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.session, signal.SIGKILL)
                return

    def stop(self) -> None:
        self.done.set()
        self.join()


def session_rss_mb(session: int) -> float:
    """Resident memory summed over the live processes of ``session`` (MiB)."""
    pages = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # after "(comm)": state ppid pgrp session ...; comm may hold spaces
            fields = (entry / "stat").read_bytes().rpartition(b")")[2].split()
            if int(fields[3]) != session:
                continue
            pages += int((entry / "statm").read_bytes().split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return pages * PAGE_MB


def _gnu_time_kib(path: Path) -> int | None:
    """The last line GNU time wrote (``%M``); earlier lines say how the command ended."""
    try:
        lines = path.read_text().split()
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return None
