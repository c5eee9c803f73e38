"""Hostile input that used to hang or exhaust memory: each case is refused at once, with
a finding (check) or a one-line error (exit 2), well inside the time bound."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.run import TIME_BOUND, check, taxonomist

COCO = {"images": [], "annotations": [], "categories": [{"id": 1, "name": "person"}]}


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# -- only regular files are opened --------------------------------------------------------
def test_a_fifo_named_as_annotation_file_is_an_f001(tmp_path: Path) -> None:
    run = check(_fifo(tmp_path / "fifo.json"), cwd=tmp_path)
    assert run.code == 1, run.err
    assert "F001  cannot read this file: not a regular file: a FIFO (named pipe)" in run.out
    assert run.seconds < TIME_BOUND


def test_a_fifo_in_a_walked_folder_is_skipped_and_the_rest_is_checked(tmp_path: Path) -> None:
    _fifo(tmp_path / "fifo.json")
    (tmp_path / "ok.json").write_text(json.dumps(COCO))
    run = check(tmp_path, "-v", cwd=tmp_path)
    assert run.code == 0, run.out + run.err
    assert "in 1 file; 1 file skipped (1 unreadable)" in run.out


def test_dev_zero_forced_to_a_format_is_refused(tmp_path: Path) -> None:
    run = check("--format", "coco", "/dev/zero", cwd=tmp_path)  # read-only use of the device
    assert run.code == 1, run.err
    assert "not a regular file: a character device" in run.out


def test_dev_zero_as_annotation_file_is_an_f001(tmp_path: Path) -> None:
    run = check("/dev/zero", cwd=tmp_path)  # read 64 KiB of zeros to sniff them before
    assert run.code == 1, run.err
    assert "F001  cannot read this file: not a regular file: a character device" in run.out


def test_a_fifo_taxonomy_is_refused_as_before(tmp_path: Path) -> None:
    run = taxonomist("lint", _fifo(tmp_path / "t.yaml"), cwd=tmp_path)
    assert run.code == 2
    assert "T001 not a regular file: a FIFO (named pipe)" in run.out


def test_a_fifo_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps(COCO))
    run = check("--baseline", _fifo(tmp_path / "base.json"), tmp_path / "ok.json", cwd=tmp_path)
    assert run.code == 2
    assert "cannot read the baseline (not a regular file: a FIFO (named pipe))" in run.err
    assert "Traceback" not in run.err


def test_dev_zero_as_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps(COCO))
    run = check("--baseline", "/dev/zero", tmp_path / "ok.json", cwd=tmp_path)
    assert run.code == 2
    assert "/dev/zero: cannot read the baseline (not a regular file: a character device)" in (
        run.err
    )


def test_a_fifo_as_import_input_is_a_one_line_error(tmp_path: Path) -> None:
    run = taxonomist("import", "coco", _fifo(tmp_path / "in.json"), cwd=tmp_path)
    assert run.code == 2
    assert run.err.startswith(f"taxonomist: {tmp_path / 'in.json'}: cannot read: not a regular")


def test_dev_zero_as_import_input_is_a_one_line_error(tmp_path: Path) -> None:
    run = taxonomist("import", "cvat", "/dev/zero", cwd=tmp_path)
    assert run.code == 2
    assert "/dev/zero: cannot read: not a regular file: a character device" in run.err


# -- bounded decoding -----------------------------------------------------------------------
def _rle_file(tmp_path: Path, counts: str) -> Path:
    segmentation = {"size": [10, 10], "counts": counts}
    annotation = {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 5, 5], "area": 25}
    annotation |= {"iscrowd": 1, "segmentation": segmentation}
    image = {"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}
    path = tmp_path / "rle.json"
    path.write_text(json.dumps(COCO | {"images": [image], "annotations": [annotation]}))
    return path


def test_a_megabyte_rle_of_continuation_characters_is_a_g008(tmp_path: Path) -> None:
    run = check(_rle_file(tmp_path, "o" * 1_000_000 + "0"), cwd=tmp_path)  # was 99 s, then exit 3
    assert run.code == 1, run.err
    assert "G008  the compressed counts string cannot be decoded" in run.out
    assert run.seconds < TIME_BOUND


def test_an_rle_with_more_runs_than_pixels_is_a_g008(tmp_path: Path) -> None:
    run = check(_rle_file(tmp_path, "1" * 500_000), cwd=tmp_path)  # 500,000 runs for 100 pixels
    assert run.code == 1, run.err
    assert "G008  the compressed counts string cannot be decoded" in run.out


def test_a_mask_png_that_decodes_past_the_byte_budget_is_an_f009(tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "SegmentationClass"
    folder.mkdir()
    Image.new("RGB", (4800, 4800)).save(folder / "a.png")  # 200 KB; 66 MiB decoded
    run = check(folder, cwd=tmp_path)  # the 9459 x 9459 one took 20 s and 4.5 GB before
    assert run.code == 1, run.err
    assert "F009  the mask is too large to decode safely (4800 x 4800 RGB: decoding" in run.out
    assert run.seconds < TIME_BOUND


def test_a_fifo_as_panoptic_png_is_an_f008(tmp_path: Path) -> None:
    source = Path(__file__).parents[1] / "data/formats/coco/panoptic/valid.json"
    (tmp_path / "valid.json").write_text(source.read_text())
    (tmp_path / "valid").mkdir()
    _fifo(tmp_path / "valid" / "1.png")
    run = check(tmp_path / "valid.json", cwd=tmp_path)
    assert run.code == 1, run.err
    assert "cannot read panoptic PNG" in run.out
    assert "not a regular file: a FIFO (named pipe)" in run.out


# -- every YAML through the one bounded reader ----------------------------------------------
def _alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(["train: images", *lines, "names: *a8"]) + "\n"


def test_an_alias_bomb_data_yaml_is_an_f102(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "a.txt").write_text("0 0.5 0.5 0.1 0.1\n")
    (tmp_path / "data.yaml").write_text(_alias_bomb())
    run = check(tmp_path, cwd=tmp_path)  # hung past 60 s at 1.5 GB before
    assert run.code == 1, run.err
    assert "F102  cannot read the dataset YAML: document expands to more than 200,000" in run.out
    assert run.seconds < TIME_BOUND


def test_an_alias_bomb_import_input_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "data.yaml").write_text(_alias_bomb())
    run = taxonomist("import", "yolo", tmp_path / "data.yaml", cwd=tmp_path)
    assert run.code == 2
    assert "data.yaml:2:31: cannot read the dataset YAML: document expands" in run.err


def test_a_5000_deep_data_yaml_import_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "data.yaml").write_text("names: " + "[" * 5000 + "]" * 5000 + "\n")
    run = taxonomist(
        "import", "yolo", tmp_path / "data.yaml", cwd=tmp_path
    )  # exit 3, RecursionError
    assert run.code == 2, run.err
    assert "cannot read the dataset YAML: nesting deeper than 100 levels" in run.err
    assert "Traceback" not in run.err


def test_a_fifo_data_yaml_import_is_a_one_line_error(tmp_path: Path) -> None:
    run = taxonomist("import", "yolo", _fifo(tmp_path / "data.yaml"), cwd=tmp_path)
    assert run.code == 2
    assert "cannot read the dataset YAML: not a regular file: a FIFO (named pipe)" in run.err


# -- discovery: one bad path never stops the walk -------------------------------------------
def test_an_unreadable_subfolder_is_an_f001_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taxonomist.formats.discover import discover

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.json").write_text(json.dumps(COCO))
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.json").write_text(json.dumps(COCO))
    real = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:  # as root, chmod 000 would not stop us
        if self.name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    found = discover([tmp_path])
    assert [s.path for s in found.sources] == [tmp_path / "ok" / "a.json"]
    [finding] = found.findings
    assert (finding.code, finding.location.file) == ("F001", str(tmp_path / "locked"))
    assert finding.message == (
        "cannot read this folder: Permission denied; its files were not checked"
    )


def test_a_malformed_glob_is_a_usage_error(tmp_path: Path) -> None:
    run = check("**a/[", cwd=tmp_path)  # exit 3 (ValueError from pathlib) before
    assert run.code == 2
    assert run.err.startswith("taxonomist: **a/[: not a usable pattern: Invalid pattern")
    assert "Traceback" not in run.err
