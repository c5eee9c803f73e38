"""Snapshot testing: compare generated text with a file under ``tests/snapshots/``.

Refresh every snapshot with ``TAXONOMIST_UPDATE_SNAPSHOTS=1 pytest ...``; review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, text: str) -> None:
    """Assert ``text`` equals the snapshot ``name`` (a path under ``tests/snapshots/``)."""
    path = SNAPSHOTS / name
    if os.environ.get("TAXONOMIST_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no snapshot {path}; run with TAXONOMIST_UPDATE_SNAPSHOTS=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"output differs from snapshot {path}"


_SVG = re.compile(r"(<svg\b[^>]*>)(?:<title>[^<]*</title>)?.*?(</svg>)", re.DOTALL)


def without_plot_bodies(text: str) -> str:
    """``text`` with each inline SVG reduced to its opening tag (size, label): matplotlib
    versions draw the same plot with different path data, so a page's snapshot holds its
    structure and a plot's own bytes are tested for determinism where it is made."""
    return _SVG.sub(r"\1…\2", text)
