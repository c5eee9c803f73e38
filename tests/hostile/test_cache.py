"""Hostile cache entries: a file planted where the cache keeps a taxonomy runs nothing, and
the run is a normal one (the entry is rebuilt from the taxonomy)."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from pathlib import Path

import pytest

from taxonomist.core.version import __version__
from taxonomist.taxonomy import cache
from tests.hostile.run import CACHE, DEMO, Run, taxonomist


class _Planted:
    """Unpickling this creates the marker file: what a planted pickle would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def _check(tmp_path: Path) -> Run:
    data = tmp_path / "instances.json"
    data.write_text(json.dumps({"images": [], "annotations": [], "categories": []}), "utf-8")
    return taxonomist("check", "-t", DEMO, data, cwd=tmp_path)


def _old_pickle_path() -> Path:
    """Where the pickle cache of earlier versions kept the demo taxonomy."""
    key = f"2|{__version__}|{sys.version_info[:2]}|{cache._model_stamp()}|{DEMO.resolve()}"
    return cache.cache_dir() / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".pickle")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / CACHE))
    cache.cache_dir().mkdir(parents=True, mode=0o700)
    cache.cache_dir().parent.chmod(0o700)
    return cache.cache_dir()


@pytest.mark.usefixtures("cache_home")
def test_a_planted_pickle_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    planted = pickle.dumps(({str(DEMO): None}, _Planted(marker)))
    entry = cache._entry_path(DEMO.resolve())
    for where in (entry, _old_pickle_path()):
        where.write_bytes(planted)
    result = _check(tmp_path)
    assert not marker.exists(), "a planted cache entry ran a command"
    assert result.code == 0, result.err
    assert result.out.startswith("No findings."), result.out
    assert result.err == ""
    assert json.loads(entry.read_bytes())["format"] == cache.FORMAT  # rebuilt as data


@pytest.mark.usefixtures("cache_home")
def test_a_planted_entry_naming_a_callable_runs_nothing(tmp_path: Path) -> None:
    """A well-formed entry whose tree names a callable instead of a class of the language."""
    marker = tmp_path / "owned"
    assert _check(tmp_path).code == 0  # a real entry to start from
    entry = cache._entry_path(DEMO.resolve())
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace('"Taxonomy"', '"os.system"', 1), encoding="utf-8")
    result = _check(tmp_path)
    assert not marker.exists()
    assert result.code == 0, result.err
    assert '"os.system"' not in entry.read_text(encoding="utf-8")
