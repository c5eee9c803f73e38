"""Writing files so that nobody ever sees half of one.

``write_atomic`` is the one place the project writes a file in place: the bytes go to a
temporary file in the target's own folder (so the rename never crosses a file system), then
the temporary file is renamed over the target. A reader sees the old file or the new one,
never a mix; a failure (full disk, a killed process) leaves the old file untouched and no
temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str, *, make_parents: bool = False) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8 with ``\\n`` line ends)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path()
    if make_parents:
        directory.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temp, path)  # noqa: PTH105  (the one rename the project does)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
