"""The image checks in a whole run: the command's options, train against val, the pool,
real photographs, and the bound on decoded images held at once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check
from taxonomist.check.rules.images import read
from taxonomist.check.rules.images.read import Decoding, read_all
from taxonomist.cli.errors import run_guarded
from taxonomist.core.errors import UsageError
from taxonomist.taxonomy import load

from .craft import make_all

SPLITS = {
    "a.jpg": {},
    "b.jpg": {"seed": 1},
    "blurred.jpg": {"seed": 2, "blur": 6},
    "bad.jpg": {"text": "not a picture"},
    "copy.jpg": {"copy_of": "a.jpg"},
}


def _coco(path: Path, rows: list[tuple[int, str, int, int]]) -> Path:
    images = [{"id": i, "file_name": n, "width": w, "height": h} for i, n, w, h in rows]
    doc = {"images": images, "categories": [{"id": 1, "name": "person"}], "annotations": []}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _splits(tmp: Path) -> list[Path]:
    """train.json (a, b, a blurred one, a broken one) and val.json (a copy of train's a)."""
    make_all(tmp / "images", SPLITS)
    train = [(1, "a.jpg", 96, 72), (2, "b.jpg", 96, 72), (3, "blurred.jpg", 96, 72)]
    train.append((4, "bad.jpg", 96, 72))
    return [_coco(tmp / "train.json", train), _coco(tmp / "val.json", [(70, "copy.jpg", 96, 72)])]


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from taxonomist.cli import build_app

    code = run_guarded(build_app, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _codes(findings: Any) -> list[tuple[str, str, str | None]]:
    return [(f.code, Path(f.location.file).name, f.location.image_id) for f in findings]


def test_a_copy_in_val_is_an_error_naming_both_files_and_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in _splits(tmp_path)]
    code, out, _ = _cli(["check", "-t", "builtin:coco", *paths, "--select", "I"], capsys)
    assert code == 1
    assert "error    I009" in out
    assert "images/copy.jpg (image 70)" in out and "images/a.jpg (image 1, annotated in" in out
    assert "train.json" in out and "image 70 (copy.jpg)" in out


def test_one_picture_annotated_in_two_files_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two annotators' files of the same images name the same files: not a copy, and not an
    error (a leak only if the files are two splits, which the user knows)."""
    make_all(tmp_path / "images", {"a.jpg": {}, "b.jpg": {"seed": 1}})
    rows = [(1, "a.jpg", 96, 72), (2, "b.jpg", 96, 72)]
    paths = [str(_coco(tmp_path / f"{who}.json", rows)) for who in ("anna", "ben")]
    code, out, _ = _cli(["check", "-t", "builtin:coco", *paths, "--select", "I"], capsys)
    assert code == 0, out
    assert out.count("warning  I009") == 2 and "error" not in out.split("findings")[0]
    assert "images/a.jpg (image 1) is annotated in" in out and "anna.json too (image 1)" in out


def test_one_bad_image_never_stops_the_rest(tmp_path: Path) -> None:
    report = run_check(load_coco(), _splits(tmp_path), select=["I"], images=None)
    assert _codes(report.findings) == [
        ("I006", "train.json", "3"),  # the blurred one, after the broken one was met
        ("I002", "train.json", "4"),
        ("I009", "val.json", "70"),
    ]


def load_coco() -> Any:
    from taxonomist.api import load_taxonomy

    return load_taxonomy("builtin:coco")


def test_no_images_turns_every_image_check_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in _splits(tmp_path)]
    code, out, _ = _cli(["check", "-t", "builtin:coco", *paths, "--no-images"], capsys)
    assert code == 0, out
    assert " I0" not in out


def test_a_missing_images_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in _splits(tmp_path)]
    args = ["check", "-t", "builtin:coco", *paths, "--images", str(tmp_path / "nowhere")]
    code, out, err = _cli(args, capsys)
    assert code == 2 and out == ""
    assert err.splitlines()[0] == f"taxonomist: --images {tmp_path / 'nowhere'}: no such folder"
    assert "Traceback" not in err
    with pytest.raises(UsageError):
        run_check(load_coco(), paths, images=tmp_path / "nowhere")


def test_images_and_no_images_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in _splits(tmp_path)]
    args = ["check", "-t", "builtin:coco", *paths, "--images", str(tmp_path), "--no-images"]
    code, _, err = _cli(args, capsys)
    assert code == 2 and "contradict" in err


def test_a_named_folder_makes_a_missing_image_an_error(tmp_path: Path) -> None:
    make_all(tmp_path / "pictures", {"a.jpg": {}})
    file = _coco(tmp_path / "train.json", [(1, "a.jpg", 96, 72), (2, "gone.jpg", 96, 72)])
    report = run_check(load_coco(), [file], images=tmp_path / "pictures", select=["I"])
    (missing,) = report.findings
    assert (missing.code, missing.severity.label) == ("I001", "error")
    assert missing.location.image_id == "2"
    beside = run_check(load_coco(), [file], select=["I"], images=None)
    assert beside.findings == ()  # none beside the file: no image checks


def test_images_in_the_annotation_files_folder_are_found(tmp_path: Path) -> None:
    make_all(tmp_path, {"a.jpg": {}, "b.jpg": {"seed": 1, "blur": 6}})
    file = _coco(tmp_path / "train.json", [(1, "a.jpg", 96, 72), (2, "b.jpg", 96, 72)])
    assert _codes(run_check(load_coco(), [file], select=["I"], images=None).findings) == [
        ("I006", "train.json", "2")
    ]


def test_a_pool_reports_what_the_serial_run_does(tmp_path: Path) -> None:
    paths = _splits(tmp_path)
    serial = run_check(load_coco(), paths, jobs=1, images=None)
    pooled = run_check(load_coco(), paths, jobs=2, images=None)  # two processes, a file each
    assert pooled == serial
    assert ("I009", "val.json", "70") in _codes(pooled.findings)


def test_real_photographs_raise_nothing(tmp_path: Path, shared_dir: Path) -> None:
    """The sample photographs (../shared/images) pass every image check: no false alarms
    (the horse silhouette is the one grey picture, below the share that expects colour)."""
    from PIL import Image

    rows = []
    for number, source in enumerate(sorted((shared_dir / "images").glob("*.*g")), start=1):
        shutil.copy(source, tmp_path / source.name)
        with Image.open(source) as image:
            rows.append((number, source.name, image.width, image.height))
    assert len(rows) == 5
    file = _coco(tmp_path / "photos.json", rows)
    assert run_check(load_coco(), [file], select=["I"], images=None).findings == ()


def test_the_pool_never_holds_more_decoded_images_than_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_all(tmp_path, {f"{n}.jpg": {"seed": n, "size": [400, 300]} for n in range(40)})
    counter = Decoding()
    monkeypatch.setattr(read, "DECODING", counter)
    paths = [str(tmp_path / f"{n}.jpg") for n in range(40)]
    pulled = 0

    def lazily() -> Any:
        nonlocal pulled
        for path in paths:
            pulled += 1
            yield path

    taken = 0
    for facts in read_all(lazily(), decode=True, workers=3):
        taken += 1
        assert facts.measures is not None and facts.path == paths[taken - 1]
        assert pulled - taken <= 2 * 3  # files read ahead of the consumer: the window
    assert taken == 40 and counter.now == 0
    assert 1 <= counter.peak <= 3


def test_the_threads_are_at_most_four(monkeypatch: pytest.MonkeyPatch) -> None:
    from taxonomist.check import scale

    monkeypatch.setattr(scale, "cores", lambda: 16)
    assert read._threads() == 4
    monkeypatch.setattr(scale, "cores", lambda: 1)
    assert read._threads() == 1


def test_a_taxonomy_threshold_and_override_change_the_run(tmp_path: Path) -> None:
    paths = _splits(tmp_path)
    text = tmp_path / "t.yaml"
    text.write_text(
        "name: t\nversion: 1.0.0\nclasses: {person: {id: 1}}\n"
        "thresholds: {min_sharpness: {value: 0.5}}\n"
        "checks: {I009: {severity: warning}, image-file-unreadable: {severity: 'off'}}\n",
        encoding="utf-8",
    )
    report = run_check(load(text), paths, select=["I"], images=None)
    assert [(f.code, f.severity.label) for f in report.findings] == [("I009", "warning")]
