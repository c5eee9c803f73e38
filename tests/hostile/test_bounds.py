"""Hostile input that used to hang or exhaust memory: each case is refused at once, with
a finding (check) or a one-line error (exit 2), well inside the time bound."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.hostile.run import TIME_BOUND, check, taxonomist

COCO = {"images": [], "annotations": [], "categories": [{"id": 1, "name": "person"}]}


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# -- only regular files are opened --------------------------------------------------------
def test_a_fifo_named_as_annotation_file_is_an_f001(tmp_path: Path) -> None:
    run = check(_fifo(tmp_path / "fifo.json"))
    assert run.code == 1, run.err
    assert "F001  cannot read this file: not a regular file: a FIFO (named pipe)" in run.out
    assert run.seconds < TIME_BOUND


def test_a_fifo_in_a_walked_folder_is_skipped_and_the_rest_is_checked(tmp_path: Path) -> None:
    _fifo(tmp_path / "fifo.json")
    (tmp_path / "ok.json").write_text(json.dumps(COCO))
    run = check(tmp_path, "-v")
    assert run.code == 0, run.out + run.err
    assert "in 1 file; 1 file skipped (1 unreadable)" in run.out


def test_dev_zero_forced_to_a_format_is_refused(tmp_path: Path) -> None:
    run = check("--format", "coco", "/dev/zero")  # read-only use of the device
    assert run.code == 1, run.err
    assert "not a regular file: a character device" in run.out


def test_a_fifo_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps(COCO))
    run = check("--baseline", _fifo(tmp_path / "base.json"), tmp_path / "ok.json")
    assert run.code == 2
    assert "cannot read the baseline (not a regular file: a FIFO (named pipe))" in run.err
    assert "Traceback" not in run.err


def test_dev_zero_as_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps(COCO))
    run = check("--baseline", "/dev/zero", tmp_path / "ok.json")
    assert run.code == 2
    assert "/dev/zero: cannot read the baseline (not a regular file: a character device)" in (
        run.err
    )


def test_a_fifo_as_import_input_is_a_one_line_error(tmp_path: Path) -> None:
    run = taxonomist("import", "coco", _fifo(tmp_path / "in.json"))
    assert run.code == 2
    assert run.err.startswith(f"taxonomist: {tmp_path / 'in.json'}: cannot read: not a regular")


def test_dev_zero_as_import_input_is_a_one_line_error() -> None:
    run = taxonomist("import", "cvat", "/dev/zero")
    assert run.code == 2
    assert "/dev/zero: cannot read: not a regular file: a character device" in run.err
