"""Reader of ADE20K: the SceneParsing benchmark (ADEChallengeData2016) and the full dataset
of the 2017 and 2021 releases (``formats.ade20k.config`` has the layouts).

The reader takes an ADEChallengeData2016 folder, its ``annotations`` folder or one split of
it (one dataset per split folder), or a folder of the full dataset, or one ``*_atr.txt`` or
image JSON (one dataset per image annotation file). SceneParsing values are the class
indices of ``objectInfo150`` (the ``id`` of the classes ``taxonomist import ade20k`` makes);
0 is "other objects", the masks' void.

References: CSAILVision/sceneparsing at commit e20222964c58 (BSD-3-Clause): README.md (the
layout, 0 = other objects), objectInfo150.csv, convertFromADE/convertFromADE.m (class = R /
10 x 256 + G); Datumaro (openvinotoolkit/datumaro, MIT) at commit 3d533b9cf8b9:
``src/datumaro/plugins/data_formats/ade20k2017.py`` and ``ade20k2020.py``, and their assets
``tests/assets/ade20k2017_dataset/``, ``ade20k2020_dataset/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.sniff import json_shape, keys_of
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.ade20k.config import ANNOTATIONS, ATR, SCENE_SPLITS, SEG
from taxonomist.formats.ade20k.full import CODES as FULL_CODES
from taxonomist.formats.ade20k.full import read_item
from taxonomist.formats.ade20k.sceneparsing import CODES as SCENE_CODES
from taxonomist.formats.ade20k.sceneparsing import FORMAT, read_scene_parsing
from taxonomist.formats.codes import MISSING_COMPANION_FILE, UNRECOGNISED_FILE
from taxonomist.taxonomy.paths import is_file

CODES = (*SCENE_CODES, *FULL_CODES)
__all__ = ["CODES", "FORMAT", "read", "sniff"]
SNIFF_ENTRIES = 2000  # directory entries a folder sniff looks at, at most
SNIFF_DEPTH = 4


def sniff(path: Path, head: bytes) -> str | None:
    """An ADE20K folder by its layout, or an image's annotation file beside its _seg.png."""
    if not _is_dir(path):
        return _sniff_file(path, head)
    if _scene_splits(path):
        return "ADE20K SceneParsing annotations (training / validation PNG folders)"
    if path.name in SCENE_SPLITS and path.parent.name == ANNOTATIONS and _has_png(path):
        return f"ADE20K SceneParsing annotations/{path.name} folder"
    if _finds_item(path):
        return "ADE20K full dataset (images with *_seg.png and *_atr.txt or JSON)"
    return None


def _sniff_file(path: Path, head: bytes) -> str | None:
    if path.name.endswith(ATR) and is_file(_seg(path)):
        return "ADE20K *_atr.txt beside its *_seg.png"
    if path.suffix == ".json" and "annotation" in keys_of(json_shape(head)) and is_file(_seg(path)):
        return "ADE20K image JSON (annotation.object) beside its *_seg.png"
    return None


def _seg(annotation: Path) -> Path:
    stem = annotation.name.removesuffix(ATR) if annotation.name.endswith(ATR) else annotation.stem
    return annotation.parent / f"{stem}{SEG}.png"


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _has_png(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(".png") for e in entries)
    except OSError:
        return False


def _scene_splits(path: Path) -> list[Path]:
    """The split folders of an ``annotations`` folder, or of the one inside ``path``."""
    folder = path if path.name == ANNOTATIONS else path / ANNOTATIONS
    return [folder / s for s in SCENE_SPLITS if _is_dir(folder / s) and _has_png(folder / s)]


def _finds_item(root: Path) -> bool:
    """Whether a bounded walk finds an annotation file beside its ``_seg.png``."""
    queue, seen = [(root, 0)], 0
    while queue:
        folder, depth = queue.pop(0)
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        names = {e.name for e in entries}
        for entry in entries:
            seen += 1
            if seen > SNIFF_ENTRIES:
                return False
            if entry.name.endswith(f"{SEG}.png"):
                stem = entry.name.removesuffix(f"{SEG}.png")
                if f"{stem}{ATR}" in names or f"{stem}.json" in names:
                    return True
            elif depth < SNIFF_DEPTH and entry.is_dir(follow_symlinks=False):
                queue.append((Path(entry.path), depth + 1))
    return False


def read(path: Path) -> list[Dataset]:
    """Every SceneParsing split or full-dataset image annotation of ``path``."""
    if not _is_dir(path):
        return [read_item(path)]
    splits = _scene_splits(path)
    if not splits and path.name in SCENE_SPLITS and path.parent.name == ANNOTATIONS:
        splits = [path]
    if splits:
        return [read_scene_parsing(split) for split in splits]
    return _read_full(path)


def _read_full(root: Path) -> list[Dataset]:
    found = walk(root, ".png")
    seg = [p for p in found.files if p.name.endswith(f"{SEG}.png")]
    orphans = DatasetBuilder(str(root), FORMAT, kind="ade20k", declares_categories=False)
    report_unreadable(orphans, found)
    out = []
    for mask in seg:
        stem = mask.name.removesuffix(f"{SEG}.png")
        atr, doc = mask.parent / f"{stem}{ATR}", mask.parent / f"{stem}.json"
        annotation = atr if is_file(atr) else doc if is_file(doc) else None
        if annotation is None:
            message = f"{mask.name} has neither {stem}{ATR} nor {stem}.json beside it; not read"
            orphans.report(MISSING_COMPANION_FILE, message, Place(str(mask)))
            continue
        out.append(read_item(annotation))
    if not out and not orphans.findings:
        message = (
            "no ADE20K layout here (annotations/ split folders, or *_seg.png with its annotation)"
        )
        orphans.report(UNRECOGNISED_FILE, message, Place(str(root)), severity=Severity.ERROR)
    if orphans.findings:
        out.append(orphans.build())
    return out
