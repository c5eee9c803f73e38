"""Where a command's generated text goes: standard output, or a file given with --output."""

from __future__ import annotations

import sys
from pathlib import Path

from taxonomist.core.files import write_atomic


def write_output(text: str, output: Path | None, detail: str = "") -> None:
    """``text`` on standard output, or written atomically to ``output`` with a ``wrote`` line
    (plus ``detail``) on standard error, so piping the output stays clean."""
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(output, text, make_parents=True)
    sys.stderr.write(f"wrote {output}{detail}\n")
