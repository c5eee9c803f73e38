"""Nothing passes unread: a named file no reader can read is an error, a run that read no
annotation file at all is exit 2, and every skipped file is listed (-v) and counted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from taxonomist.cli.errors import run_guarded

from .build import DATA

TAXONOMY = DATA / "taxonomies" / "base.yaml"
COCO = {"images": [], "annotations": [], "categories": [{"id": 2, "name": "car"}]}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from taxonomist.cli import build_app

    code = run_guarded(build_app, ["check", "-t", str(TAXONOMY), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("content", "code", "reason"),
    [
        (b"", "F001", "the file is empty"),
        ('{"images": []}'.encode("utf-16"), "F001", "UTF-16"),
        (b'{"hello": 1}', "F007", "no reader recognises this file"),
        (b"just some notes\n", "F007", "no reader recognises this file"),
    ],
    ids=["empty", "utf-16", "other-json", "text"],
)
def test_a_named_file_no_reader_reads_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, code: str, reason: str
) -> None:
    path = tmp_path / "annotations.json"
    path.write_bytes(content)
    exit_code, out, err = _run([str(path), "--report", "json"], capsys)
    assert exit_code == 1, err
    document = json.loads(out)
    [finding] = document["findings"]
    assert (finding["code"], finding["severity"], finding["file"]) == (code, "error", str(path))
    assert reason in finding["message"]
    assert [item["file"] for item in document["skipped"]] == [str(path)]


def test_a_named_file_that_cannot_be_opened_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.json"
    path.write_text(json.dumps(COCO))
    real_open = os.open

    def refuse(name: object, *args: int) -> int:  # every input is opened by os.open
        if Path(str(name)) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    exit_code, out, _ = _run([str(path)], capsys)
    assert exit_code == 1
    assert "F001" in out
    assert "cannot read this file: Permission denied" in out


@pytest.mark.parametrize(
    "layout", ["empty", "unrecognised", "classification", "masks", "kitti", "cityscapes"]
)
def test_a_run_that_reads_nothing_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: str
) -> None:
    if layout == "unrecognised":
        (tmp_path / "notes.json").write_text('{"hello": 1}')
        (tmp_path / "README.md").write_text("hello")
    if layout == "classification":  # folders of images, no split: only --format reads them
        for name in ("cat", "dog"):
            (tmp_path / name).mkdir(parents=True)
            (tmp_path / name / "1.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    if layout == "masks":  # palette masks in a folder no convention names
        (tmp_path / "labels_png").mkdir()
        for name in ("1.png", "2.png"):
            (tmp_path / "labels_png" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    if layout == "kitti":  # a KITTI label_2 folder with no label file in it
        (tmp_path / "label_2").mkdir()
    if layout == "cityscapes":  # the layout's folders, no annotation file
        (tmp_path / "gtFine" / "train" / "aachen").mkdir(parents=True)
    exit_code, out, err = _run([str(tmp_path)], capsys)
    assert exit_code == 2
    assert out == ""
    [line, hint] = err.splitlines()
    assert line.startswith(f"taxonomist: nothing to check in {tmp_path}: ")
    assert hint.startswith("  hint: ")
    expected = {
        "empty": "no files found",
        "unrecognised": "2 files skipped (2 no known format)",
        "classification": "2 files skipped (2 no known format)",
        "masks": "2 files skipped (2 no known format)",
        "kitti": "no files found",
        "cityscapes": "no files found",
    }
    assert line.endswith(expected[layout])


def test_a_classification_dataset_is_read_as_class_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A YOLO classification dataset (train/<class>/<image>) is read, not skipped: its two
    truncated JPEGs are F104, and their class label type is none of the taxonomy's (L005)."""
    for name in ("cat", "dog"):
        (tmp_path / "train" / name).mkdir(parents=True)
        (tmp_path / "train" / name / "1.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    exit_code, out, _ = _run([str(tmp_path)], capsys)
    assert exit_code == 1
    assert "train/cat/1.jpg" in out and "train/dog/1.jpg" in out
    assert {"F104", "L005"} <= set(out.split())


def test_skipped_files_are_listed_with_v_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "instances.json").write_text(json.dumps(COCO))
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    exit_code, out, err = _run([str(tmp_path), "-v"], capsys)
    assert exit_code == 0, out
    assert f"{tmp_path / 'empty.json'}: skipped (empty)" in err.splitlines()
    assert f"{tmp_path / 'photo.jpg'}: skipped (no known format)" in err.splitlines()
    assert out.rstrip().endswith("in 1 file; 2 files skipped (1 empty, 1 no known format)")


def test_api_raises_invalid_input_when_nothing_was_read(tmp_path: Path) -> None:
    from taxonomist.api import check
    from taxonomist.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="nothing to check"):
        check(TAXONOMY, [tmp_path])
