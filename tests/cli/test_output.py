"""Where ``-o`` and ``--write-baseline`` write: a path that cannot be written is exit 2 with
"cannot write PATH: reason", and a device is written through, never replaced."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from tests.devices import private_device

from taxonomist.cli import build_app
from taxonomist.cli.errors import run_guarded

ROOT = Path(__file__).resolve().parents[2]
DEMO = str(ROOT / "taxonomies" / "demo.yaml")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run_guarded(build_app, args)
    return code, capsys.readouterr().err


def _check(tmp_path: Path, *extra: str) -> list[str]:
    path = tmp_path / "instances.json"
    path.write_text(json.dumps({"images": [], "annotations": [], "categories": []}), "utf-8")
    return ["check", "-t", DEMO, str(path), *extra]


def test_check_output_to_dev_null_leaves_the_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private = private_device(tmp_path, "null", 3)
    code, err = _run(_check(tmp_path, "-o", str(private)), capsys)
    if not stat.S_ISCHR(private.stat().st_mode):  # never let a regression reach /dev/null
        pytest.fail(f"check -o replaced a character device: {err}")
    code, err = _run(_check(tmp_path, "-o", "/dev/null"), capsys)
    assert code in {0, 1}, err
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def _unwritable(tmp_path: Path, case: str) -> Path:
    if case == "full disk":
        return private_device(tmp_path, "full", 7)
    return {"missing folder": tmp_path / "missing" / "out.txt", "directory": tmp_path}[case]


@pytest.mark.parametrize("case", ["missing folder", "directory", "full disk"])
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_check_output_that_cannot_be_written_is_exit_2(
    case: str, option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _unwritable(tmp_path, case)
    code, err = _run(_check(tmp_path, option, str(target)), capsys)
    assert code == 2, err
    assert err.startswith(f"taxonomist: cannot write {target}: "), err
    assert "\n  hint: " in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 2


@pytest.mark.parametrize("case", ["directory", "full disk"])
@pytest.mark.parametrize(
    "command",
    [["export", DEMO, "--to", "yolo"], ["schema", "--language"], ["schema", DEMO]],
    ids=["export", "schema-language", "schema-taxonomy"],
)
def test_generated_output_that_cannot_be_written_is_exit_2(
    case: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _unwritable(tmp_path, case)
    code, err = _run([*command, "-o", str(target)], capsys)
    assert code == 2, err
    assert err.startswith(f"taxonomist: cannot write {target}: "), err
    assert stat.S_ISDIR(target.stat().st_mode) or stat.S_ISCHR(target.stat().st_mode)
