"""Reading and checking run with the collector and numpy's huge-page advice paused, and
leave both as they found them, also when the file is bad."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

try:
    from numpy._core import multiarray  # numpy 2
except ImportError:  # numpy 1.26
    from numpy.core import multiarray  # type: ignore[no-redef]

from taxonomist.check.engine import bulk_memory, read_source


def _huge_pages() -> bool:
    advise = getattr(multiarray, "_set_madvise_hugepage")  # noqa: B009  (private in the stubs)
    before: bool = advise(True)
    advise(before)
    return before


@pytest.mark.parametrize("collector", [True, False])
def test_state_is_restored(collector: bool) -> None:
    was = gc.isenabled()
    (gc.enable if collector else gc.disable)()
    huge = _huge_pages()
    try:
        with bulk_memory():
            assert not gc.isenabled()
            assert not _huge_pages()
        assert gc.isenabled() is collector
        assert _huge_pages() is huge
    finally:
        (gc.enable if was else gc.disable)()


def test_a_bad_file_restores_it_too(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    huge, was = _huge_pages(), gc.isenabled()
    datasets = read_source(bad, "coco")
    assert [f.code for f in datasets[0].findings] == ["F002"]  # not JSON
    assert (_huge_pages(), gc.isenabled()) == (huge, was)
