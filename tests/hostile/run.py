"""Running the CLI on hostile input in a subprocess with a time bound, so that a regression
that hangs fails the test instead of hanging the suite.

The one home of that harness for the hostile suite: every run gets a private cache (a planted
or stale entry elsewhere never leaks in), no debug switch (a bug prints what a user sees), no
colour, and no standard input (a read from it ends at once instead of waiting).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
TAXONOMY = DATA / "check" / "taxonomies" / "base.yaml"
DEMO = Path(__file__).resolve().parents[2] / "taxonomies" / "demo.yaml"
TIME_BOUND = 60.0  # seconds: "finishes", not a speed
CACHE = ".cache"  # the private cache folder, under the folder a run's environment is for

# bytes: a file name that is no text (os.fsencode'd names the tests make on purpose)
Arg = str | bytes | os.PathLike[str] | os.PathLike[bytes]


@dataclass(frozen=True)
class Run:
    """What a finished run left: its exit code, its raw output and how long it took."""

    code: int
    stdout: bytes
    stderr: bytes
    seconds: float

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", errors="replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", errors="replace")


def environment(cwd: Path, **extra: str) -> dict[str, str]:
    """This process's environment with a private cache under ``cwd``, without the debug and
    no-cache switches and colour, plus ``extra``."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / CACHE), "NO_COLOR": "1"}
    for switch in ("TAXONOMIST_DEBUG", "TAXONOMIST_NO_CACHE"):
        env.pop(switch, None)
    return {**env, **extra}


def program(
    argv: Sequence[Arg],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = TIME_BOUND,
) -> Run:
    """``argv`` run in ``cwd`` (with ``environment(cwd)`` unless ``env`` is given), killed and
    failed by ``subprocess.TimeoutExpired`` after ``timeout`` seconds."""
    start = time.monotonic()
    done = subprocess.run(
        list(argv),
        cwd=cwd,
        env=environment(cwd) if env is None else dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def python(
    argv: Sequence[Arg],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = TIME_BOUND,
) -> Run:
    """``python ARGV`` with this interpreter (and so this tree's code), as ``program`` runs
    it."""
    return program([sys.executable, *argv], cwd=cwd, env=env, timeout=timeout)


def taxonomist(*args: Arg, cwd: Path, **env: str) -> Run:
    """``taxonomist ARGS`` as a user runs it, ``env`` added to its environment."""
    return python(["-m", "taxonomist", *args], cwd=cwd, env=environment(cwd, **env))


def check(*args: Arg, cwd: Path) -> Run:
    """``taxonomist check -q -t base.yaml ARGS``."""
    return taxonomist("check", "-q", "-t", TAXONOMY, *args, cwd=cwd)
