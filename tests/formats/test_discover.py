"""discover(): files, directories and globs to (path, format, reason)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from taxonomist.check.engine import read_source
from taxonomist.core.errors import UsageError
from taxonomist.formats import READERS
from taxonomist.formats.discover import FORCED_SUFFIXES, discover
from tests.formats.conftest import DATA

MASKS = Path(__file__).parents[1] / "data" / "interop" / "mask" / "valid"


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


def test_forced_format_applies_to_the_files_of_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"hello": 1}')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_text('{"hello": 2}')
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    found = discover([tmp_path], forced="coco")
    assert [(s.path.name, s.format) for s in found.sources] == [
        ("a.json", "coco"),
        ("b.json", "coco"),
    ]
    assert [s.path.name for s in found.skipped] == ["photo.jpg"]


def test_forced_mask_reads_a_folder_of_any_name(tmp_path: Path) -> None:
    folder = tmp_path / "labels_png"
    folder.mkdir()
    for png in sorted((MASKS / "gray" / "masks").glob("*.png")):
        shutil.copy(png, folder / png.name)
    assert discover([folder]).sources == []
    [source] = discover([folder], forced="mask").sources
    assert (source.path, source.format) == (folder, "mask")
    [dataset] = read_source(source.path, source.format)
    assert dataset.images.masks.values == {0: [0, 3]}


def test_every_reader_says_what_a_forced_walk_takes() -> None:
    assert set(FORCED_SUFFIXES) == set(READERS)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"images": []}'.encode("utf-16"), "UTF-16 text"),
        ('{"images": []}'.encode("utf-16-le"), "UTF-16 text"),
        ('{"images": []}'.encode("utf-16-be"), "UTF-16 text"),
        (b"\x00\x00\x00\x18ftypmp42", "no known format"),
        (b"", "empty"),
    ],
)
def test_a_skipped_file_says_why(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "file.bin"
    path.write_bytes(content)
    [skipped] = discover([tmp_path]).skipped
    assert (skipped.path, skipped.reason) == (path, reason)
