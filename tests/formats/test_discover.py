"""discover(): files, directories and globs to (path, format, reason)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from taxonomist.core.errors import UsageError
from taxonomist.formats.discover import discover
from tests.formats.conftest import DATA


def test_sniffs_native_files_in_a_directory() -> None:
    found = discover([DATA / "native"])
    formats = {s.path.name: s.format for s in found.sources}
    assert formats["valid.json"] == "native"
    assert formats["valid.jsonl"] == "native"
    assert all(s.reason for s in found.sources)


def test_unknown_file_is_a_finding(tmp_path: Path) -> None:
    other = tmp_path / "notes.json"
    other.write_text('{"hello": 1}')
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    found = discover([tmp_path])
    assert found.sources == []
    assert [(f.code, f.location.file) for f in found.findings] == [("F007", str(other))]


def test_forced_format_and_glob(tmp_path: Path) -> None:
    other = tmp_path / "x.json"
    other.write_text('{"hello": 1}')
    found = discover([str(tmp_path / "*.json")], forced="coco")
    assert [(s.path, s.format, s.reason) for s in found.sources] == [
        (other, "coco", "--format coco")
    ]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        discover([tmp_path / "nope.json"])
    with pytest.raises(UsageError):
        discover([str(tmp_path / "*.nothing")])
    with pytest.raises(UsageError):
        discover([tmp_path], forced="bogus")


XML_MODULES = (
    "defusedxml",
    "taxonomist.formats._io.xml",
    "taxonomist.formats.cvat",
    "taxonomist.formats.voc",
)


def test_reading_a_coco_file_never_imports_the_xml_readers() -> None:
    # A fresh interpreter: this one has imported every reader by now.
    path = DATA / "coco" / "valid" / "instances_small.json"
    script = f"""
import sys
from taxonomist.check.engine import read_source
from taxonomist.formats.discover import discover
source = discover([{str(path)!r}]).sources[0]
read_source(source.path, source.format)
print(source.format, sorted(set(sys.modules) & {set(XML_MODULES)!r}))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "coco []"
