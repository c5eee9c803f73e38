"""JSON Lines files read in batches (``formats.native.lines``) give exactly the findings of
a whole read: repeated image ids across batches, classes first used in a later batch, objects
without ids, broken lines, encoding faults. Batches are a few records, so every file is cut."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.api import load_taxonomy
from taxonomist.check import run_check
from taxonomist.core.limits import Streaming, streamed
from taxonomist.formats import native
from taxonomist.taxonomy.resolved import Taxonomy
from tests.formats.conftest import DATA

REPO = Path(__file__).parents[3]
TINY = Streaming(choice=True, part_lines=3)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(REPO / "taxonomies" / "coco.yaml")


def _key(finding: Any) -> tuple[Any, ...]:
    where = finding.location
    return (finding.code, finding.name, finding.message, where.pointer, where.line,
            where.column, where.annotation_id, where.image_id, where.image_file)  # fmt: skip


def _findings(taxonomy: Taxonomy, path: Path, options: Streaming | None) -> list[Any]:
    with streamed(options if options is not None else False):
        report = run_check(taxonomy, path, max_findings=0)
    return sorted(map(_key, report.findings))


def assert_same(taxonomy: Taxonomy, path: Path) -> list[Any]:
    whole = _findings(taxonomy, path, None)
    assert _findings(taxonomy, path, TINY) == whole
    return whole


def _records() -> list[dict[str, Any]]:
    names = ["person", "car", "human", "dog", "automobile", "perzon", "bike"]
    out = []
    for i in range(20):
        objects = [
            {"id": j, "class": names[(i + j) % len(names)], "box": [1, 2, 30 + j, 40]}
            for j in range(i % 4)
        ]
        if i % 5 == 2:
            objects.append({"class": "car", "box": [1, 2, -3, 4]})  # no id, a bad box
        out.append({"id": i, "file": f"ïmg{i}.jpg", "width": 100, "height": 80,
                    "objects": objects})  # fmt: skip
    out[13]["id"] = 4  # repeats an image of another batch
    out[17]["id"] = "4"  # not a repeat: 4 and "4" differ
    del out[18]["id"]
    del out[19]["id"]  # two images without an id
    out[9]["objects"].append({"id": 0, "class": "dog", "box": [1, 1, 2, 2]})  # repeated object id
    return out


def _write(path: Path, lines: list[bytes], newline: bytes = b"\n", bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + newline.join(lines) + newline)
    return path


def _lines() -> list[bytes]:
    return [json.dumps(r, ensure_ascii=False).encode() for r in _records()]


def test_batches_give_the_whole_reads_findings(taxonomy: Taxonomy, tmp_path: Path) -> None:
    whole = assert_same(taxonomy, _write(tmp_path / "a.jsonl", _lines()))
    codes = {f[0] for f in whole}
    assert {"R004", "R005", "R008", "G001"} <= codes
    repeated = [f for f in whole if f[0] == "R004"]
    assert [f[4] for f in repeated] == [14, 20]  # id 4 again; the second image without id
    with streamed(TINY):
        batches = list(native.read(tmp_path / "a.jsonl"))
    assert len(batches) == 7
    assert [b.part.index for b in batches if b.part] == list(range(7))


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_broken_lines_and_encoding(taxonomy: Taxonomy, tmp_path: Path, newline: bytes) -> None:
    lines = _lines()
    lines[2] = b'{"id": "c",, }'
    lines[5] = b""
    lines[7] = b"[1, 2]"
    lines[8] = lines[8].replace("ïmg".encode(), b"\xffmg")  # invalid UTF-8
    lines[11] = lines[11].replace("ïmg".encode(), b"\xfemg")  # reported once, at the first
    whole = assert_same(taxonomy, _write(tmp_path / "b.jsonl", lines, newline))
    assert [f[4] for f in whole if f[0] == "F004"] == [9]
    assert [f[4] for f in whole if f[0] == "F002"] == [3]


def test_bom(taxonomy: Taxonomy, tmp_path: Path) -> None:
    whole = assert_same(taxonomy, _write(tmp_path / "c.jsonl", _lines(), bom=True))
    assert [f[0] for f in whole].count("F004") == 1


def test_repository_files(taxonomy: Taxonomy) -> None:
    for path in sorted((DATA / "native").glob("*.jsonl")):
        assert_same(taxonomy, path)


def test_small_files_are_read_whole_by_size(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.jsonl", _lines())
    with streamed(Streaming(choice=None, part_lines=3)):
        assert isinstance(native.read(path), list)
    with streamed(Streaming(choice=None, threshold=1, part_lines=3)):
        assert not isinstance(native.read(path), list)
