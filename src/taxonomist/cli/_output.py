"""Where a command's generated text goes: standard output, or a file given with --output."""

from __future__ import annotations

import sys
from pathlib import Path


def write_output(text: str, output: Path | None, detail: str = "") -> None:
    """``text`` on standard output, or written atomically to ``output`` with a ``wrote`` line
    (plus ``detail``) on standard error, so piping the output stays clean."""
    if output is None:
        sys.stdout.write(text)
        return
    from taxonomist.interop.yaml_out import write_text_atomic  # only when writing a file

    write_text_atomic(output, text)
    sys.stderr.write(f"wrote {output}{detail}\n")
