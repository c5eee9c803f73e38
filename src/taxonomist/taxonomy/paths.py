"""The files a taxonomy names (bases, fragments, example images and annotations).

A taxonomy names other files by paths relative to itself. These helpers resolve such a path,
keep it inside the taxonomy's directory where it must stay, ask whether it is a file, and cut
it short for a message, all without raising for names no file system accepts: a bad path is
a finding, never a crash.
"""

from __future__ import annotations

from pathlib import Path


def resolve_path(value: str, base_dir: Path) -> Path | None:
    """``value`` resolved against ``base_dir``, or None when no path can mean it (NUL bytes,
    symlink loops)."""
    try:
        return (base_dir / value).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def inside_directory(value: str, base_dir: Path) -> Path | None:
    """``value`` resolved against ``base_dir``, or None when it leaves that directory
    (``..``, absolute, a symlink out) or cannot be resolved."""
    target, root = resolve_path(value, base_dir), resolve_path(".", base_dir)
    if target is None or root is None:
        return None
    return target if target.is_relative_to(root) else None


def is_file(path: Path) -> bool:
    """``path.is_file()`` that answers False instead of raising (names too long, bad bytes)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
