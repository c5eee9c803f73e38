"""Running the CLI on hostile input in a subprocess with a time bound, so that a regression
that hangs fails the test instead of hanging the suite."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
TAXONOMY = DATA / "check" / "taxonomies" / "base.yaml"
TIME_BOUND = 30.0  # seconds: "finishes", not a speed


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float


def taxonomist(*args: str | Path, cwd: Path | None = None) -> Run:
    """``python -m taxonomist ARGS`` (this tree's code), bounded by ``TIME_BOUND``."""
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "taxonomist", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIME_BOUND,
        cwd=cwd,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def check(*args: str | Path, cwd: Path | None = None) -> Run:
    """``taxonomist check -q -t base.yaml ARGS``."""
    return taxonomist("check", "-q", "-t", TAXONOMY, *args, cwd=cwd)
