"""``taxonomist stats`` on the command line: tables, reports to files, and bad input told
in one line per file with the exit code saying whether everything was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main

REPO = Path(__file__).parents[3]
DEMO = str(REPO / "taxonomies" / "demo.yaml")
DATA = str(REPO / "examples" / "demo" / "annotations.json")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(["stats", *args])
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def test_tables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["-t", DEMO, DATA], capsys)
    assert code == 0
    for title in ("Overview", "Classes", "Keypoint visibility", "Attribute values", "Image sizes"):
        assert title in out
    assert "mission_patch" in out and "Traceback" not in out


def test_json_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "stats.json"
    code, out, err = run(["-t", DEMO, DATA, "--report", "json", "-o", str(target)], capsys)
    assert code == 0 and out == "" and "wrote" in err
    assert json.loads(target.read_text(encoding="utf-8"))["stats"]["images"] == 5


def test_against(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["-t", DEMO, DATA, "--against", DATA], capsys)
    assert code == 0 and "Class shares compared" in out and "p = 1" in out


def test_unreadable_file_is_named_and_the_rest_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"images": [', encoding="utf-8")
    code, out, err = run(["-t", DEMO, DATA, str(broken), "--report", "json"], capsys)
    assert code == 1
    lines = [line for line in err.splitlines() if "broken.json" in line]
    assert len(lines) == 1 and "not read" in lines[0]
    document = json.loads(out)["stats"]
    assert document["images"] == 5
    assert [u["file"] for u in document["unread"]] == [str(broken)]


def test_nothing_readable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("not json at all", encoding="utf-8")
    code, _, err = run(["-t", DEMO, str(broken)], capsys)
    assert code == 2 and "broken.json" in err and "Traceback" not in err


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["-t", DEMO, str(tmp_path / "nope.json")], capsys)
    assert code == 2 and "nope.json" in err and "Traceback" not in err


def test_unknown_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["-t", DEMO, DATA, "--report", "pdf"], capsys)
    assert code == 2 and "unknown report" in err


def test_html_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "stats.html"
    code, _, _ = run(["-t", DEMO, DATA, "--report", "html", "-o", str(target)], capsys)
    page = target.read_text(encoding="utf-8")
    assert code == 0 and page.startswith("<!DOCTYPE html>") and "<svg" in page
