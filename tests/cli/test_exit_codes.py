"""The one error boundary: usage and input problems exit 2 with a one-line message, never a
traceback, whichever command they reach."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = str(ROOT / "taxonomies" / "demo.yaml")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(args)
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


USAGE_ERRORS = [
    ["check"],
    ["check", "-t"],
    ["check", "-t", DEMO, "--report", "nope", "x.json"],
    ["check", "-t", DEMO, "--fail-on", "sometimes", "x.json"],
    ["lint"],
    ["schema"],
    ["rules", "Z999"],
    ["export", DEMO, "--to", "nowhere"],
    ["import", "nowhere", "x.json"],
    ["no-such-command"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a)[-40:] or "empty")
def test_usage_errors_exit_2_without_traceback(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(args, capsys)
    assert code == 2, err
    assert "Traceback" not in err
    assert err.startswith("taxonomist: ") or ": T" in err


def test_missing_taxonomy_is_invalid_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "a.json"
    data.write_text('{"images": []}', encoding="utf-8")
    code, _out, err = run(["check", "-t", str(tmp_path / "missing.yaml"), str(data)], capsys)
    assert code == 2
    assert "missing.yaml" in err
    assert "Traceback" not in err


def test_missing_annotation_path_is_invalid_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(["check", "-t", DEMO, str(tmp_path / "nothing-here.json")], capsys)
    assert code == 2
    assert "nothing-here.json" in err


def test_version_is_answered_without_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["--version"], capsys)
    assert code == 0
    assert out.startswith("taxonomist ")
