"""Where a built site goes: never over files taxonomist did not write, never half a site.

A site is built into an empty hidden sibling of the output folder (same parent, so the renames
below stay on one file system) and only swapped in once the build succeeded:

1. ``.NAME.taxonomist-new-XXXX`` is created next to ``NAME`` and the build writes into it,
   then the marker file ``.taxonomist-site`` (JSON: tool, version and the files written).
2. When ``NAME`` does not exist, the new folder is renamed to ``NAME``: done.
3. Otherwise ``NAME`` is renamed aside to ``.NAME.taxonomist-old-XXXX``, the new folder is
   renamed to ``NAME`` (should that fail, the old one is renamed back), and the old one is
   removed.

A build that fails, or is stopped by SIGTERM, removes its new folder and leaves ``NAME`` as
it was. SIGTERM during the swap waits for the swap to finish. A process killed outright
(SIGKILL, power loss) can leave a hidden sibling behind, but always the old site or the new
one under its own name or beside it, never neither.

``NAME`` is replaced only when it is empty, holds a previous build and nothing else (no file
that build's marker does not list), or the user asked for it (``--clean``); never when it is,
or holds, the taxonomy, the docs folder, an example, or the current folder, and never when it
lies inside the docs folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from taxonomist.core.errors import InvalidInput, UsageError
from taxonomist.core.version import __version__

MARKER = ".taxonomist-site"
_MARKER_LIMIT = 64 * 1024 * 1024  # ~60 bytes a file; far more than the largest site writes


class Terminated(KeyboardInterrupt):
    """SIGTERM during a build: a ``BaseException``, like Ctrl-C, so no ``except Exception``
    in mkdocs or a plugin swallows it and every ``finally`` on the way out runs. Its message
    says what became of the output folder."""


def marker_text(files: Iterable[str]) -> str:
    written = sorted(files)
    return json.dumps({"tool": "taxonomist", "version": __version__, "files": written}) + "\n"


def files_in(folder: Path) -> set[str]:
    """Every file and link under ``folder`` (links not followed), as relative POSIX paths;
    the marker itself left out."""
    found: set[str] = set()
    for top, dirs, files in os.walk(folder):
        base = Path(top).relative_to(folder)
        links = [d for d in dirs if (Path(top) / d).is_symlink()]
        found.update((base / name).as_posix() for name in (*files, *links))
    found.discard(MARKER)
    return found


def written_by_build(folder: Path) -> set[str] | None:
    """The files the marker in ``folder`` says a taxonomist build wrote; None when there is
    no readable marker of ours."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        with marker.open("rb") as handle:
            text = handle.read(_MARKER_LIMIT + 1)
        data = json.loads(text) if len(text) <= _MARKER_LIMIT else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != "taxonomist":
        return None
    files = data.get("files")
    return {f for f in files if isinstance(f, str)} if isinstance(files, list) else set()


def check_target(
    target: Path, sources: Iterable[Path], docs_dir: Path | None, *, clean: bool
) -> None:
    """Refuse an output folder a build must not replace (``target`` is absolute)."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: is not a folder", hint="name a folder for the site with -o")
    cwd = Path.cwd().resolve()
    if cwd.is_relative_to(target):
        raise UsageError(
            f"{target}: is the current folder or one above it; the site would replace it",
            hint="name a folder of its own for the site, e.g. -o site",
        )
    held = sorted(str(s) for s in sources if s.resolve().is_relative_to(target))
    if held:
        raise UsageError(
            f"{target}: holds {held[0]}, which the site is built from; it would be deleted",
            hint="write the site to a folder of its own, e.g. -o site",
        )
    if docs_dir is not None and target.is_relative_to(docs_dir.resolve()):
        raise UsageError(
            f"{target}: lies inside the docs folder {docs_dir}; the site would contain itself",
            hint="write the site outside the docs folder",
        )
    if not clean and target.is_dir():
        _check_replaceable(target)


def _check_replaceable(target: Path) -> None:
    """Refuse a folder holding files no previous build wrote."""
    hint = "pick a new or empty folder, or pass --clean to replace everything in it"
    present = files_in(target)
    written = written_by_build(target)
    if written is None and present:
        raise UsageError(
            f"{target}: not empty and not a site taxonomist built (no {MARKER}); not replaced",
            hint=hint,
        )
    foreign = sorted(present - (written or set()))
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise UsageError(
            f"{target}: holds {foreign[0]!r}{more}, which the last site build did not write;"
            " not replaced",
            hint=hint,
        )


@contextlib.contextmanager
def publishing(target: Path) -> Iterator[Path]:
    """An empty sibling folder of ``target`` to build into, swapped in for ``target`` when
    the block ends without an exception and removed when it does not (SIGTERM included)."""
    with _cannot_write(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{target.name}.taxonomist-new-", dir=target.parent))
    guard = _TermGuard()
    try:
        with guard:
            yield new
            guard.defer()  # from here on a SIGTERM waits until the swap is done
            with _cannot_write(target):
                (new / MARKER).write_text(marker_text(files_in(new)), encoding="utf-8")
                _swap(new, target)
    except Terminated:
        raise Terminated(f"the site was not built; {target} is as it was") from None
    finally:
        shutil.rmtree(new, ignore_errors=True)
    if guard.pending:
        raise Terminated(f"after the new site was put in {target}")


@contextlib.contextmanager
def _cannot_write(target: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InvalidInput(f"{target}: cannot write the site: {reason}") from None


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is (steps 2 and 3 of the module docstring)."""
    if not target.exists():
        new.rename(target)
        return
    old = target.parent / f".{target.name}.taxonomist-old-{secrets.token_hex(4)}"
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old)


class _TermGuard:
    """Turns SIGTERM into ``Terminated`` while a build runs, so its cleanup runs; after
    ``defer()`` it only notes the signal. Signals reach the main thread alone, so in any
    other thread it does nothing."""

    def __init__(self) -> None:
        self.pending = False
        self._deferred = False
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> _TermGuard:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGTERM, self._previous)

    def defer(self) -> None:
        self._deferred = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._deferred:
            self.pending = True
            return
        raise Terminated("mid-build")
