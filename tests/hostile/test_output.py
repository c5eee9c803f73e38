"""Hostile text in file names and values: escape sequences, a newline that would forge a report
line, bidi overrides, undecodable names, megabyte values. Whatever the data holds, no raw
control character reaches the terminal, no value prints a line of its own, no value is echoed
whole, and every report still renders (exit 1 for findings, never 3).

Each case runs the real CLI in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.hostile.run import DEMO, taxonomist

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\u202e"
FORGED = "\nNo findings. 0 findings (0 errors, 0 warnings, 0 info) in 1 file\r"


def _coco(path: Path | bytes, category: str = "person") -> None:
    """A COCO file with one box outside its image: one error at least."""
    document = {
        "images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [50, 50, 5, 5]}],
        "categories": [{"id": 1, "name": category}],
    }
    with open(path, "w", encoding="utf-8") as out:  # noqa: PTH123 - bytes names too
        json.dump(document, out)


def _clean(text: bytes) -> str:
    decoded = text.decode("utf-8")
    assert RAW_CONTROL.search(decoded.replace("\n", "").replace("\t", "")) is None, decoded
    return decoded


def test_escape_sequences_in_a_file_name_never_reach_the_terminal(tmp_path: Path) -> None:
    name = f"evil{ESCAPES}.json"
    _coco(tmp_path / name)
    run = taxonomist("check", "-t", DEMO, "-v", name, cwd=tmp_path)
    assert run.code == 1, run.stderr
    out, err = _clean(run.stdout), _clean(run.stderr)
    assert "evil\\x1b]0;owned\\x07\\x1b[2J\\x1b[31m\\u202e.json" in out
    assert "evil\\x1b]0;owned" in err  # the -v line names the file too


def test_a_newline_in_a_file_name_cannot_forge_a_report_line(tmp_path: Path) -> None:
    name = f"data{FORGED}.json"
    _coco(tmp_path / name)
    run = taxonomist("check", "-t", DEMO, name, cwd=tmp_path)
    assert run.code == 1, run.stderr
    lines = _clean(run.stdout).splitlines()
    assert not [line for line in lines if line.startswith("No findings")], lines
    assert re.match(r"\d+ findings? \(\d+ errors?, ", lines[-1]), lines


def test_a_usage_error_escapes_what_was_typed(tmp_path: Path) -> None:
    run = taxonomist(f"no-such{ESCAPES}command", cwd=tmp_path)
    assert run.code == 2
    err = _clean(run.stderr)
    assert err.startswith("taxonomist: ")
    assert "\\x1b]0;owned" in err


def test_lint_output_escapes_the_file_name(tmp_path: Path) -> None:
    name = f"taxonomy{ESCAPES}{FORGED}.yaml"
    (tmp_path / name).write_text("name: broken\nclasses: {}\n", encoding="utf-8")
    run = taxonomist("lint", name, cwd=tmp_path)
    assert run.code == 1, run.stderr
    lines = _clean(run.stdout).splitlines()
    assert all(line.startswith(("taxonomy\\x1b", "    ", "1 file linted")) for line in lines)


def test_a_megabyte_value_is_never_echoed_whole(tmp_path: Path) -> None:
    _coco(tmp_path / "big.json", category="x" * 1_000_000)
    for report in ("text", "json", "github"):
        run = taxonomist("check", "-t", DEMO, "--report", report, "big.json", cwd=tmp_path)
        assert run.code == 1, run.stderr
        assert len(run.stdout) < 20_000, report
        assert "(1000002 characters)" in run.stdout.decode(), report


@pytest.mark.parametrize("report", ["text", "json", "sarif", "junit", "github"])
def test_an_undecodable_file_name_renders_in_every_report(tmp_path: Path, report: str) -> None:
    name = b"bad-\xff\xfe-name.json"
    _coco(os.fsencode(tmp_path) + b"/" + name)
    run = taxonomist("check", "-t", DEMO, "--report", report, name, cwd=tmp_path)
    assert run.code == 1, run.stderr
    out = run.stdout.decode("utf-8")
    if report in {"json", "sarif"}:
        document = json.loads(out)
        assert "bad-" in json.dumps(document)
    elif report == "junit":
        assert ET.fromstring(out.encode()).get("failures") != "0"
    else:
        _clean(run.stdout)
        assert "bad-\\udcff\\udcfe-name.json" in out
