"""Private copies of memory devices, so that no test can harm the machine's own."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


def private_device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device (1, minor) in ``tmp_path``: 3 is a null device, 7 a full one."""
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("creating a device needs CAP_MKNOD")
    return path
