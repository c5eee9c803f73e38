"""A cache of resolved taxonomies, so `taxonomist check` in CI and pre-commit does not pay for
YAML parsing, validation and linting on every run.

An entry is keyed by the main file's absolute path and is valid only while every file the
taxonomy refers to has the same SHA-256 (the files it was read from, bases and fragments,
and its rules' example images and annotations, whose absence is recorded too: loading lints
them, so a cached run and a cold run must agree), and taxonomist's version and language
model are the same. Only taxonomies that loaded without errors are stored. Writes
are atomic (temp file, then rename); any problem reading an entry is a miss, never an error.
Set ``TAXONOMIST_NO_CACHE=1`` to bypass it; ``XDG_CACHE_HOME`` moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from taxonomist.core.files import write_atomic
from taxonomist.core.version import __version__

if TYPE_CHECKING:
    from taxonomist.taxonomy.resolved import Taxonomy

_FORMAT = 2  # 2: example files are part of the key


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
    key = f"{_FORMAT}|{__version__}|{sys.version_info[:2]}|{_model_stamp()}|{main}"
    return cache_dir() / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".pickle")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def get(path: Path) -> Taxonomy | None:
    """The cached taxonomy for ``path`` if every file it was read from is unchanged."""
    if not enabled():
        return None
    main = path.resolve()
    try:
        with _entry_path(main).open("rb") as handle:
            digests, taxonomy = pickle.load(handle)  # our own cache directory, like .pyc files
    except Exception:  # a missing, partial or foreign entry is a miss
        return None
    if not digests or any(_digest(Path(f)) != d for f, d in digests.items()):
        return None
    return taxonomy  # type: ignore[no-any-return]


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


def put(path: Path, taxonomy: Taxonomy) -> None:
    """Store ``taxonomy``; silently does nothing when the cache cannot be written."""
    if not enabled():
        return
    sources = {str(Path(f).resolve()) for f in (path, *taxonomy.files)}
    digests = {f: _digest(Path(f)) for f in sorted(sources | _examples(taxonomy))}
    if any(digests[f] is None for f in sources):
        return
    target = _entry_path(path.resolve())
    try:
        data = pickle.dumps((digests, taxonomy), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(target, data, make_parents=True)
    except Exception:  # a read-only home, a full disk, an unpicklable value: no cache
        return
