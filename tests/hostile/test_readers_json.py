"""Hostile and careless JSON annotation files: each becomes a clear finding for that file
(never an exception that ends the run), and a bug in a reader or a rule stops only the file
that tripped it.

The CLI cases run ``python -m taxonomist`` in a subprocess with a timeout, so a hang fails
instead of stalling CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check
from taxonomist.cli import main
from taxonomist.formats import coco
from taxonomist.taxonomy import load

TAXONOMY = Path(__file__).parents[1] / "data" / "check" / "taxonomies" / "base.yaml"
TIMEOUT = 30


def _coco(tmp_path: Path, name: str, **changes: Any) -> Path:
    doc: dict[str, Any] = {
        "images": [{"id": 1, "width": 64, "height": 48, "file_name": "a.jpg"}],
        "categories": [{"id": 1, "name": "person"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 4]}],
    }
    doc.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, bounded by ``TIMEOUT``."""
    command = [sys.executable, "-m", "taxonomist", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def _in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(args)
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out + err


# --- the safety net ---------------------------------------------------------------------------


def test_a_crashing_reader_stops_only_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    crash = _coco(tmp_path, "crash.json")
    other = _coco(tmp_path, "other.json", annotations=[{"id": 1, "image_id": 1}])
    real_read = coco.read

    def read(path: Path) -> Any:
        if path.name == "crash.json":
            raise ValueError("boom in the reader")
        return real_read(path)

    monkeypatch.setattr(coco, "read", read)
    code, output = _in_process(["check", "-t", str(TAXONOMY), str(crash), str(other)], capsys)
    assert code == 1, output
    assert "F030" in output and "ValueError: boom in the reader" in output
    assert "this is a bug in taxonomist" in output
    assert "S001" in output and "other.json" in output  # the other file was still checked
    assert "Traceback" not in output


def test_a_crashing_check_stops_only_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taxonomist.check import engine

    crash = _coco(tmp_path, "crash.json")
    other = _coco(tmp_path, "other.json", annotations=[{"id": 1, "image_id": 1}])
    real = engine.check_dataset

    def check(taxonomy: Any, dataset: Any) -> Any:
        if dataset.source.endswith("crash.json"):
            raise KeyError("boom in a rule")
        return real(taxonomy, dataset)

    monkeypatch.setattr(engine, "check_dataset", check)
    report = run_check(load(TAXONOMY), [crash, other])
    by_file = {(Path(f.location.file).name, f.code) for f in report.findings}
    assert ("crash.json", "F031") in by_file
    assert ("other.json", "S001") in by_file
    (failed,) = [f for f in report.findings if f.code == "F031"]
    assert "KeyError: 'boom in a rule'" in failed.message


def test_ctrl_c_in_a_reader_still_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(path: Path) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(coco, "read", read)
    with pytest.raises(KeyboardInterrupt):
        run_check(load(TAXONOMY), [_coco(tmp_path, "a.json")])


def test_a_bug_message_is_short_and_names_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(path: Path) -> Any:
        raise ValueError("x" * 50_000)

    monkeypatch.setattr(coco, "read", read)
    (finding,) = run_check(load(TAXONOMY), [_coco(tmp_path, "a.json")]).findings
    assert finding.code == "F030"
    assert len(finding.message) < 400
    assert "(at " in finding.message and "test_readers_json.py" not in finding.message
