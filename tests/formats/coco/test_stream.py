"""COCO files read in parts (``formats.coco.stream``) give exactly the findings of a whole
read: codes, messages, pointers, lines, columns and ids, on real files, generated files with
every benchmark fault, files not grouped by image, tricky text and broken files. The parts
are made tiny (a few KB, a few dozen annotations) so that every file is cut many times."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from taxonomist.api import load_taxonomy
from taxonomist.check import run_check
from taxonomist.core.limits import Streaming, streamed
from taxonomist.formats import coco
from taxonomist.formats.coco.stream import plan_parts
from taxonomist.taxonomy.resolved import Taxonomy
from tests.formats.conftest import CORPUS, DATA

REPO = Path(__file__).parents[3]
TINY = Streaming(choice=True, chunk_bytes=2048, part_objects=25)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(REPO / "taxonomies" / "coco.yaml")


def _key(finding: Any) -> tuple[Any, ...]:
    where = finding.location
    return (
        finding.code,
        finding.message,
        where.pointer,
        where.line,
        where.column,
        where.annotation_id,
        where.image_id,
        where.image_file,
    )


def _findings(taxonomy: Taxonomy, path: Path, options: Streaming | None) -> list[Any]:
    if options is None:
        report = run_check(taxonomy, path, max_findings=0, stream=False)
    else:
        with streamed(options):
            report = run_check(taxonomy, path, max_findings=0)
    return sorted(map(_key, report.findings))


def _parts(path: Path, options: Streaming = TINY) -> list[Any]:
    with streamed(options):
        return list(coco.read(path))


def assert_same(taxonomy: Taxonomy, path: Path, *, parts: int | None = None) -> list[Any]:
    whole = _findings(taxonomy, path, None)
    assert _findings(taxonomy, path, TINY) == whole
    if parts is not None:
        got = _parts(path)
        assert len(got) >= parts
        assert [(d.part.index, d.part.count) for d in got] == [
            (i, len(got)) for i in range(len(got))
        ]
    return whole


def _write(path: Path, doc: dict[str, Any], *, indent: int | None = None, crlf: bool = False,
           bom: bool = False) -> Path:  # fmt: skip
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode()
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _doc(n_images: int = 40, seed: int = 3) -> dict[str, Any]:
    """A small instances file with a fault of every benchmark kind and then some: boxes
    outside the image, unknown categories, negative widths, repeated ids (near and far),
    odd polygons, a missing image, a missing bbox, crowd RLEs, keypoints, images without
    annotations, a repeated image id, non-ASCII file names."""
    rng = random.Random(seed)
    images, anns = [], []
    for i in range(1, n_images + 1):
        images.append({"id": i, "file_name": f"imäge_{i}.jpg", "width": 640, "height": 480})
        for _ in range(0 if i % 7 == 0 else rng.randint(1, 6)):
            x, y = rng.uniform(0, 500), rng.uniform(0, 400)
            ann: dict[str, Any] = {
                "id": len(anns) + 1,
                "image_id": i,
                "category_id": rng.choice((1, 2, 3, 18)),
                "bbox": [round(x, 2), round(y, 2), 20.5, 30.0],
                "segmentation": [[x, y, x + 20, y, x + 20, y + 30, x, y + 30]],
                "area": 615.0,
                "iscrowd": 0,
            }
            if ann["category_id"] == 1 and rng.random() < 0.5:
                ann["keypoints"] = [x + 1, y + 1, 2] * 17
                ann["num_keypoints"] = 17
            anns.append(ann)
    images.append({"id": 5, "file_name": "again.jpg", "width": 10, "height": 10})
    for n, ann in enumerate(anns):
        if n % 11 == 3:
            ann["bbox"][2] = 900.0
        elif n % 13 == 4:
            ann["category_id"] = 999
        elif n % 17 == 5:
            ann["bbox"][2] = -ann["bbox"][2]
        elif n % 19 == 6:
            ann["id"] = anns[n - 1]["id"]
        elif n % 23 == 7:
            ann["segmentation"] = [ann["segmentation"][0][:-1]]
        elif n % 29 == 8:
            ann["image_id"] = 10_000
        elif n % 31 == 9:
            del ann["bbox"]
        elif n % 37 == 10:
            ann["iscrowd"] = 1
            ann["segmentation"] = {"size": [480, 640], "counts": [0, 5, 307195]}
    anns[-1]["id"] = anns[0]["id"]  # repeated across the whole file
    categories = [
        {"id": 1, "name": "person", "keypoints": [f"k{i}" for i in range(17)], "skeleton": []},
        {"id": 2, "name": "bicycle"},
        {"id": 3, "name": "car"},
        {"id": 18, "name": "dog"},
        {"id": 77, "name": "perzon"},
    ]
    return {"info": {"description": "test"}, "images": images, "annotations": anns,
            "categories": categories}  # fmt: skip


def test_generated_faults_minified(taxonomy: Taxonomy, tmp_path: Path) -> None:
    whole = assert_same(taxonomy, _write(tmp_path / "a.json", _doc()), parts=4)
    codes = {f[0] for f in whole}
    assert {"G001", "R002", "R003", "R004", "R005"} <= codes  # the faults are there


@pytest.mark.parametrize(
    "style",
    [{"indent": 2}, {"indent": 2, "crlf": True}, {"bom": True}, {"indent": 1, "bom": True}],
    ids=["indented", "crlf", "bom", "indented-bom"],
)
def test_text_layouts(taxonomy: Taxonomy, tmp_path: Path, style: dict[str, Any]) -> None:
    path = _write(tmp_path / "a.json", _doc(), **style)
    whole = assert_same(taxonomy, path, parts=4)
    assert any(f[3] is not None and f[3] > 1 for f in whole) or not style.get("indent")


def test_not_grouped_by_image(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc(60)
    random.Random(5).shuffle(doc["annotations"])
    path = _write(tmp_path / "shuffled.json", doc)
    assert_same(taxonomy, path, parts=4)
    first = _parts(path)[0]
    assert len(first.objects) <= 25 + 6  # a part holds whole images, near the limit


def test_repeated_ids_across_parts(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc(50)
    anns = doc["annotations"]
    for ann in anns[-10:]:
        ann["id"] = anns[0]["id"]
    whole = assert_same(taxonomy, _write(tmp_path / "a.json", doc), parts=4)
    repeated = {f[2]: f[1] for f in whole if f[0] == "R005"}
    message = f"annotation id {anns[0]['id']} is used by an earlier annotation"
    for index in range(len(anns) - 10, len(anns)):
        assert repeated[f"/annotations/{index}"] == message
    assert "/annotations/0" not in repeated  # the first occurrence is not a repeat
    assert len(repeated) == len([f for f in whole if f[0] == "R005"])  # each once


def test_mistyped_records_in_one_chunk(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc()
    anns = doc["annotations"]
    anns[40]["area"] = "big"
    anns[41]["bbox"] = "wide"
    anns[42]["category_id"] = "7"
    anns[43]["keypoints"] = {"x": 1}
    whole = assert_same(taxonomy, _write(tmp_path / "a.json", doc), parts=4)
    assert {"/annotations/40/area", "/annotations/41/bbox"} <= {f[2] for f in whole}


def test_strings_that_look_like_boundaries(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc()
    for n, ann in enumerate(doc["annotations"]):
        ann["attributes"] = {"note": 'a"},{"id": 1} \\"},' * (n % 4), "deep": {"x": {"y": [1]}}}
    whole = assert_same(taxonomy, _write(tmp_path / "a.json", doc), parts=4)
    assert whole


def test_long_records_beyond_the_chunk(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc(10)
    doc["annotations"][3]["segmentation"] = [[float(i % 400) for i in range(3000)]]
    path = _write(tmp_path / "a.json", doc)
    assert path.stat().st_size > 4 * TINY.chunk_bytes
    assert_same(taxonomy, path, parts=1)


def test_empty_annotations(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc(5)
    doc["annotations"] = []
    assert_same(taxonomy, _write(tmp_path / "a.json", doc), parts=1)


def test_syntax_error_falls_back(taxonomy: Taxonomy, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    text = json.dumps(_doc(5), indent=2)
    path.write_text(text[:900] + "}" + text[900:])
    whole = assert_same(taxonomy, path)
    assert whole[0][0] == "F002" and whole[0][3] is not None and whole[0][4] is not None
    assert _parts(path)[0].part is None  # read whole


@pytest.mark.parametrize("annotations", [[1, 2], None, {"a": 1}])
def test_odd_annotations_fall_back(taxonomy: Taxonomy, tmp_path: Path, annotations: Any) -> None:
    doc = _doc(3)
    doc["annotations"] = annotations
    path = _write(tmp_path / "odd.json", doc)
    assert_same(taxonomy, path)
    assert _parts(path)[0].part is None


def test_broken_and_real_files(taxonomy: Taxonomy) -> None:
    files = [p for p in (DATA / "coco").rglob("*.json") if p.is_file()]
    files = [p for p in files if p.name != "expected.json"]
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("formats/coco*/**/*.json"))
    assert files
    for path in files:
        assert _findings(taxonomy, path, TINY) == _findings(taxonomy, path, None), path


def test_benchmark_generator_file(taxonomy: Taxonomy, tmp_path: Path) -> None:
    script = REPO / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(script), "2000", str(tmp_path)], check=True,
                   capture_output=True)  # fmt: skip
    whole = assert_same(taxonomy, tmp_path / "coco-2k-faults.json", parts=10)
    manifest = json.loads((tmp_path / "coco-2k-faults.manifest.json").read_text())
    found = {f[2] for f in whole}
    assert all(any(p.startswith(r["pointer"]) for p in found) for r in manifest["faults"])


def test_cli_stream_equals_default(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", _doc())
    reports = []
    for extra in ([], ["--stream"]):
        out = tmp_path / f"report{len(extra)}.json"
        args = ["check", "-t", str(REPO / "taxonomies" / "coco.yaml"), str(path), "-q"]
        command = [sys.executable, "-m", "taxonomist", *args, "--report", "json", "-o", str(out)]
        result = subprocess.run([*command, *extra], capture_output=True, text=True, check=False)
        assert result.returncode == 1, result.stderr
        reports.append(json.loads(out.read_text()))
    assert reports[0]["findings"] == reports[1]["findings"]
    assert reports[0]["summary"] == reports[1]["summary"]
    assert len(reports[0]["findings"]) > 20


def test_outside_a_check_nothing_streams(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", _doc(5))
    assert isinstance(coco.read(path), list)
    with streamed(Streaming(choice=None, threshold=1)):  # auto, every file is big
        assert not isinstance(coco.read(path), list)  # parts, made lazily
    assert isinstance(coco.read(path), list)
    assert copy.copy(Streaming()).choice is False


@pytest.mark.parametrize("jobs", [1, "auto"])
def test_a_run_reads_big_files_by_size_whichever_way_it_goes(
    taxonomy: Taxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int | str
) -> None:
    # Once only a run of --jobs 1 streamed by size: the default (--jobs auto) read every
    # file whole, and a 10M-annotation file took 10 GB.
    seen: list[Streaming] = []
    real = coco.streaming_options
    monkeypatch.setattr(coco, "streaming_options", lambda: seen.append(real()) or seen[-1])
    path = _write(tmp_path / "a.json", _doc(8))
    report = run_check(taxonomy, [path], jobs=jobs)
    assert [s.choice for s in seen] == [None]  # by size
    assert seen[0].threshold == Streaming().threshold
    assert report.findings


@pytest.mark.parametrize("jobs", [1, "auto"])
def test_a_big_file_is_read_in_parts_whichever_way_the_run_goes(
    taxonomy: Taxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int | str
) -> None:
    from taxonomist.formats.coco import stream

    path = _write(tmp_path / "a.json", _doc(8))
    second = _write(tmp_path / "b.json", _doc(8, seed=5))
    read = stream.read
    calls: list[Path] = []
    monkeypatch.setattr(stream, "read", lambda p, o: calls.append(p) or read(p, o))
    with streamed(Streaming(choice=None, threshold=1)):  # every file is big
        report = run_check(taxonomy, [path, second], jobs=jobs)
    assert calls == [path, second]
    whole = run_check(taxonomy, [path, second], jobs=1, stream=False)
    assert [(f.code, f.location.pointer) for f in report.findings] == [
        (f.code, f.location.pointer) for f in whole.findings
    ]
    assert report.findings


def test_sharded_stream_reaches_the_workers(taxonomy: Taxonomy, tmp_path: Path) -> None:
    from taxonomist.core.limits import streaming_for

    assert streaming_for(True).choice is True
    assert streaming_for(None).choice is None
    with streamed(Streaming(choice=None, threshold=7)):
        assert streaming_for(None).threshold == 7  # what a test set is sent on


def _parts_of(path: Path) -> int:
    return len(list(coco.read(path)))


def test_plan_parts_grouped_and_not() -> None:
    grouped = np.array([0, 0, 1, 1, 1, -1, 2, 3, 3], np.int64)
    ann_part, image_part, parts = plan_parts(grouped, 6, 3)
    assert parts == 4  # cut between images only; no image (-1) rides along
    assert ann_part.tolist() == [0, 0, 1, 1, 1, 2, 2, 3, 3]
    assert image_part.tolist() == [0, 1, 2, 3, 3, 3]  # rows 4, 5: no annotations
    shuffled = np.array([2, 0, 1, 0, 2, 1, -1], np.int64)
    ann_part, image_part, parts = plan_parts(shuffled, 3, 2)
    assert parts == 3 and image_part.tolist() == [0, 1, 2]
    assert ann_part.tolist() == [2, 0, 1, 0, 2, 1, 0]  # no image: part 0
    big = np.zeros(10, np.int64)  # one image with more than the limit: alone
    assert plan_parts(big, 1, 3)[2] == 1


def test_annotations_of_no_image_not_grouped(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc(30)
    for n, ann in enumerate(doc["annotations"]):
        if n % 3 == 0:
            ann["image_id"] = 50_000 + n  # no such image
    random.Random(2).shuffle(doc["annotations"])
    whole = assert_same(taxonomy, _write(tmp_path / "a.json", doc), parts=2)
    assert sum(f[0] == "R003" for f in whole) > 10


def test_wide_whitespace_between_items(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc(20)
    text = json.dumps(doc).replace('}, {"id"', "}  \n\n" + " " * 5000 + ', \t {"id"')
    path = tmp_path / "a.json"
    path.write_text(text)
    assert_same(taxonomy, path, parts=2)


def test_cap_lists_the_same_first_findings_when_grouped(taxonomy: Taxonomy, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", _doc(60))
    whole = run_check(taxonomy, path, max_findings=2, stream=False)
    with streamed(TINY):
        parts = run_check(taxonomy, path, max_findings=2)
    assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]
    assert parts.omitted == whole.omitted


def test_a_crash_in_a_later_part_keeps_the_earlier_findings(
    taxonomy: Taxonomy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taxonomist.formats.coco import stream

    path = _write(tmp_path / "a.json", _doc())
    build = stream._part

    def crash_in_part_2(plan: Any, k: int) -> Any:
        if k == 2:
            raise RuntimeError("boom")
        return build(plan, k)

    monkeypatch.setattr(stream, "_part", crash_in_part_2)
    with streamed(TINY):
        report = run_check(taxonomy, path, max_findings=0)
    codes = [f.code for f in report.findings]
    assert codes.count("F030") == 1, sorted(set(codes))
    assert "G001" in codes  # from the parts read before


def test_annotations_without_ids(taxonomy: Taxonomy, tmp_path: Path) -> None:
    doc = _doc()
    for ann in doc["annotations"][30::9]:
        del ann["id"]
    whole = assert_same(taxonomy, _write(tmp_path / "a.json", doc), parts=4)
    assert any(f[5] is not None and f[5].startswith("#") for f in whole)
