"""Every file of ``../shared/corpus/formats`` is sniffed as its own format and no other.

One table: the corpus folder names the format (see its SOURCES.md); within it, annotation
files (JSON, XML, YAML descriptions, Darknet ``obj.*``, YOLO label ``.txt`` files, PNGs in
``Segmentation*`` folders) belong to that format, and everything else (images, class lists,
image-set lists, READMEs) to none. Each reader is asked on its own; exactly the expected one
must claim the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.formats import READERS, reader
from taxonomist.formats.discover import HEAD_BYTES, discover
from tests.formats.cases import SHARED

pytestmark = pytest.mark.corpus

FOLDER_FORMAT = {
    "coco": "coco",
    "coco_panoptic": "coco",
    "cvat": "cvat",
    "label_studio": "label-studio",
    "labelme_json": "labelme",
    "masks": "mask",
    "voc": "voc",
    "yolo": "yolo",
}
DESCRIPTIONS = frozenset({".json", ".xml", ".yaml"})
DARKNET = frozenset({"obj.names", "obj.data"})
YOLO_LABEL_DIRS = frozenset({"labels", "labelTxt", "Annotations", "obj_train_data", "train", "val"})


def expected(relative: Path) -> str | None:
    """The reader that must claim ``relative`` (a path inside the corpus), or None."""
    fmt = FOLDER_FORMAT[relative.parts[0]]
    suffix = relative.suffix.lower()
    if suffix in DESCRIPTIONS or relative.name in DARKNET:
        return fmt
    if suffix == ".png" and relative.parent.name.startswith("Segmentation"):
        return "mask"  # VOC's and labelme's mask folders are the mask reader's
    if fmt == "yolo" and suffix == ".txt" and relative.parent.name in YOLO_LABEL_DIRS:
        return None if relative.name == "README.txt" else "yolo"
    return None


def _files() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(
        p.relative_to(SHARED) for p in SHARED.rglob("*") if p.is_file() and p.suffix != ".md"
    )


FILES = _files()


@pytest.mark.skipif(not FILES, reason="../shared/corpus is absent")
@pytest.mark.parametrize("relative", FILES, ids=[str(p) for p in FILES])
def test_each_corpus_file_is_claimed_by_its_own_reader_only(relative: Path) -> None:
    path = SHARED / relative
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    claims = [name for name in READERS if reader(name).sniff(path, head)]
    want = expected(relative)
    assert claims == ([want] if want else [])
    if want is not None:  # where readers overlap, the registry order decides: discovery agrees
        assert [s.format for s in discover([path]).sources] == [want]


def test_the_table_covers_every_format_folder() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    assert {p.name for p in SHARED.iterdir() if p.is_dir()} == set(FOLDER_FORMAT)
    assert {expected(p) for p in FILES} >= set(FOLDER_FORMAT.values())
