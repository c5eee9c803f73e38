"""A cache of resolved taxonomies, so `taxonomist check` in CI and pre-commit does not pay for
YAML parsing, validation and linting on every run.

An entry is keyed by the main file's absolute path and is valid only while every file the
taxonomy refers to has the same SHA-256 (the files it was read from, bases and fragments,
its id lock, its translation files, and its rules' example images and annotations; the
absence of a lock or an example is recorded too, and which translation files lie beside it:
loading reads them, so a cached run and a cold run must agree),
and taxonomist's version and language model are the same. Only taxonomies that loaded
without errors are stored.

An entry is data, never code: JSON in the form ``taxonomy.cache_codec`` writes, decoded
into a typed envelope (format number, version, main file, digests) and rebuilt only into the
language's own classes. The folder is created ``0700`` and used only while it belongs to
the user and nobody else may write to it. Writes are atomic (temp file, then rename); a
missing, corrupt, truncated, foreign or older entry is a miss and is rebuilt, never an
error. Set ``TAXONOMIST_NO_CACHE=1`` to bypass it; ``XDG_CACHE_HOME`` moves it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from taxonomist.core.files import write_atomic
from taxonomist.core.memory import gc_paused
from taxonomist.core.version import __version__

if TYPE_CHECKING:
    from taxonomist.taxonomy.resolved import Taxonomy

# 2: example files in the key; 3: JSON, not a pickle; 4: the change fields; 5: the lock;
# 6: translations
FORMAT = 6
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_PRIVATE = 0o700
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


class Entry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """What one cache file holds, exactly; anything else does not decode."""

    format: int
    version: str
    main: str
    digests: dict[str, str | None]
    taxonomy: list[Any]


def enabled() -> bool:
    return not os.environ.get("TAXONOMIST_NO_CACHE")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "taxonomist" / "taxonomies"


def _model_stamp() -> str:
    """Changes whenever the language model's source changes (a development install)."""
    modules = sorted(Path(__file__).with_name("model").glob("*.py"))
    try:
        stats = [module.stat() for module in modules]
    except OSError:
        return "no-model"
    return ",".join(f"{stat.st_size}-{stat.st_mtime_ns}" for stat in stats) or "no-model"


def _entry_path(main: Path) -> Path:
    key = f"{FORMAT}|{__version__}|{sys.version_info[:2]}|{_model_stamp()}|{main}"
    return cache_dir() / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


_GLOB = "glob:"  # a digest key naming a set of files (the translations), not one file


def _digest(path: Path) -> str | None:
    if str(path).startswith(_GLOB):
        return _listing(str(path).removeprefix(_GLOB))
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _listing(pattern: str) -> str:
    """A digest of the names matching ``pattern``: a translation file appearing or going."""
    where = Path(pattern)
    try:
        names = "\n".join(sorted(p.name for p in where.parent.glob(where.name)))
    except (OSError, ValueError):
        names = ""
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()


def private(folder: Path) -> bool:
    """True when ``folder`` and its parent are folders of this user that nobody else may
    write to (another user could plant an entry in them); a folder that others may read
    is narrowed to ``0700``."""
    try:
        for place in (folder.parent, folder):
            found = place.stat()
            mine = found.st_uid == os.geteuid() and stat.S_ISDIR(found.st_mode)
            if not mine or found.st_mode & _OTHERS_WRITE:
                return False
        if stat.S_IMODE(found.st_mode) != _PRIVATE:
            folder.chmod(_PRIVATE)
    except OSError:
        return False
    return True


def _make_private(folder: Path) -> bool:
    try:
        folder.parent.mkdir(mode=_PRIVATE, parents=True, exist_ok=True)
        folder.mkdir(mode=_PRIVATE, exist_ok=True)
    except OSError:
        return False
    return private(folder)


def _read_entry(path: Path) -> bytes | None:
    """The entry's bytes, or None unless it is a regular file of this user's of a sane size
    (never blocks on a FIFO, never follows a link)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        found = os.fstat(stream.fileno())
        regular = stat.S_ISREG(found.st_mode) and found.st_uid == os.geteuid()
        if not regular or found.st_size > MAX_ENTRY_BYTES:
            return None
        return stream.read(MAX_ENTRY_BYTES + 1)


def get(path: Path) -> Taxonomy | None:
    """The cached taxonomy for ``path`` if every file it was read from is unchanged."""
    if not enabled() or not private(cache_dir()):
        return None
    main = path.resolve()
    data = _read_entry(_entry_path(main))
    if data is None:
        return None
    return _taxonomy(data, main)


def _taxonomy(data: bytes, main: Path) -> Taxonomy | None:
    from taxonomist.taxonomy.cache_codec import CorruptEntry, decode
    from taxonomist.taxonomy.resolved import Taxonomy

    try:
        with gc_paused():  # thousands of small containers, no cycles
            entry = msgspec.json.decode(data, type=Entry)
    except msgspec.DecodeError:  # truncated, corrupt, foreign or of an older format
        return None
    if (entry.format, entry.version, entry.main) != (FORMAT, __version__, str(main)):
        return None
    digests = entry.digests
    if not digests or any(_digest(Path(f)) != d for f, d in digests.items()):
        return None
    try:
        with gc_paused():
            taxonomy = decode(entry.taxonomy)
    except (CorruptEntry, RecursionError):
        return None
    return taxonomy if isinstance(taxonomy, Taxonomy) else None


def _examples(taxonomy: Taxonomy) -> set[str]:
    """The example images and annotations the taxonomy's rules name, resolved as the linter
    resolves them (a missing one is kept: its appearing must invalidate the entry too)."""
    from taxonomist.taxonomy.paths import resolve_path

    files: set[str] = set()
    for resolved in taxonomy.rules.values():
        for example in resolved.rule.examples:
            for value in (example.image, example.annotation):
                target = resolve_path(value, resolved.base_dir)
                if target is not None:
                    files.add(str(target))
    return files


def _lock_file(path: Path) -> set[str]:
    """The id lock the loader looks for, present or not (one appearing changes the load)."""
    from taxonomist.taxonomy.lock import lock_file_for

    found = lock_file_for(path)
    return set() if found is None else {str(found.resolve())}


def _translation_files(path: Path) -> set[str]:
    """The translation files the loader looks for beside ``path``, as one watched set."""
    from taxonomist.taxonomy.translation_files import watch_pattern

    return {_GLOB + watch_pattern(path.resolve())}


def put(path: Path, taxonomy: Taxonomy) -> None:
    """Store ``taxonomy``; silently does nothing when the cache cannot be written."""
    from taxonomist.taxonomy.cache_codec import encode

    if not enabled() or not _make_private(cache_dir()):
        return
    main = path.resolve()
    sources = {str(Path(f).resolve()) for f in (path, *taxonomy.files)}
    watched = _examples(taxonomy) | _lock_file(path) | _translation_files(path)
    digests = {f: _digest(Path(f)) for f in sorted(sources | watched)}
    if any(digests[f] is None for f in sources):
        return
    try:
        entry = Entry(FORMAT, __version__, str(main), digests, encode(taxonomy))
        write_atomic(_entry_path(main), msgspec.json.encode(entry))
    except Exception:  # a value JSON cannot hold exactly, a read-only home, a full disk
        return
