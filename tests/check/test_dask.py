"""A Dask cluster checks sharded files with the findings one process makes."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check
from taxonomist.core.errors import UsageError
from tests.check.shards import coco_shard, coco_taxonomy

pytest.importorskip("distributed")


def _shards(folder: Path, count: int = 20) -> list[Path]:
    """``count`` shards of 3 images; shard 5 reuses shard 4's annotation ids and shard 9
    annotates an image of shard 8 again."""
    paths = []
    for k in range(count):
        first_image = 3 * k + 1 - (1 if k == 9 else 0)
        first_annotation = 6 * k + 1 - (2 if k == 5 else 0)
        paths.append(coco_shard(folder / f"shard-{k:02d}.json", first_image, 3, first_annotation))
    return paths


def _render(report: Any) -> list[str]:
    return [f.render() for f in report.findings]


def test_a_local_cluster_of_two_workers_finds_what_one_process_does(tmp_path: Path) -> None:
    _shards(tmp_path)
    tax = coco_taxonomy()
    serial = run_check(tax, [str(tmp_path)], jobs=1, sharded=True)
    on_dask = run_check(tax, [str(tmp_path)], scheduler="local:2", sharded=True)
    assert _render(on_dask) == _render(serial)
    codes = {f.code for f in serial.findings}
    assert len(serial.files) == 20
    assert len(codes) >= 3  # the shards' own faults and the cross-shard ones
    assert any("shard-04" in f.message or "shard-08" in f.message for f in serial.findings)


def test_a_scheduler_without_dask_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _shards(tmp_path, 2)
    real = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".", maxsplit=1)[0] in ("dask", "distributed"):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(UsageError) as caught:
        run_check(coco_taxonomy(), [str(tmp_path)], scheduler="local:2")
    assert "taxonomist[dask]" in (caught.value.hint or "") + caught.value.message
