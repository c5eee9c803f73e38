"""The Cityscapes folder layout: which files are annotations, of which kind, for which frame,
and where each frame's image is.

``<root>/gtFine|gtCoarse/<split>/<city>/<city>_<seq>_<frame>_gtFine_<kind>.png`` (kinds
``labelIds``, ``instanceIds``, ``labelTrainIds``, ``color``; ``instanceTrainIds`` from
``createTrainIdInstanceImgs.py``) and ``..._polygons.json``, with
the images at ``<root>/leftImg8bit/<split>/<city>/<city>_<seq>_<frame>_leftImg8bit.png``
(cityscapesScripts ``helpers/csHelpers.py`` and ``preparation/createTrainIdLabelImgs.py``
name them so). Older converters write ``*_trainIds.png``; it is read as ``labelTrainIds``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

GT_DIRS = ("gtFine", "gtCoarse")
IMAGE_DIR = "leftImg8bit"
IMAGE_SUFFIX = "_leftImg8bit.png"
TEST_SPLITS = frozenset({"test"})  # the benchmark's hidden labels: no fine annotations due
PNG_KINDS = ("labelIds", "instanceIds", "labelTrainIds", "instanceTrainIds", "color")
# <frame>_gtFine_<kind>.png, <frame>_gtCoarse_polygons.json; the bare <frame>_labelIds.png
# (and _instanceIds, _labelTrainIds, _trainIds) that converters write without the gt part.
_NAME = re.compile(
    r"^(?P<frame>.+?)_(?P<gt>gtFine|gtCoarse)_(?P<kind>labelIds|instanceIds|labelTrainIds|"
    r"instanceTrainIds|trainIds|color)\.png$|^(?P<pframe>.+?)_(?P<pgt>gtFine|gtCoarse)_polygons\.json$|"
    r"^(?P<bframe>.+?)_(?P<bkind>labelIds|instanceIds|labelTrainIds|trainIds)\.png$"
)


@dataclass(frozen=True, slots=True)
class Name:
    """What an annotation file's name says: its frame, its kind and its gt folder."""

    frame: str  # <city>_<seq>_<frame>
    kind: str  # one of PNG_KINDS, or "polygons"
    gt: str | None  # gtFine / gtCoarse, None for a bare <frame>_labelIds.png


def parse(name: str) -> Name | None:
    """The frame and kind of an annotation file name, or None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    if match["frame"]:
        kind = "labelTrainIds" if match["kind"] == "trainIds" else match["kind"]
        return Name(match["frame"], kind, match["gt"])
    if match["pframe"]:
        return Name(match["pframe"], "polygons", match["pgt"])
    kind = "labelTrainIds" if match["bkind"] == "trainIds" else match["bkind"]
    return Name(match["bframe"], kind, None)


@dataclass(frozen=True, slots=True)
class Place:
    """Where an annotation file sits: the dataset root (the folder holding gtFine), its split
    and city, or None where the file is not in the layout."""

    root: Path | None
    split: str | None
    city: str | None

    def image_folder(self) -> Path | None:
        if self.root is None or self.split is None or self.city is None:
            return None
        return self.root / IMAGE_DIR / self.split / self.city

    def image(self, frame: str) -> Path | None:
        folder = self.image_folder()
        return None if folder is None else folder / (frame + IMAGE_SUFFIX)


def place_of(file: Path) -> Place:
    """The root, split and city of ``file`` (``<root>/gtFine/<split>/<city>/<file>``)."""
    parents = file.parents
    if len(parents) > 3 and parents[2].name in GT_DIRS:
        return Place(parents[3], parents[1].name, file.parent.name)
    return Place(None, None, None)


def is_dir(path: Path) -> bool:
    """``path.is_dir()`` that answers False instead of raising (names too long, bad bytes)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def gt_children(folder: Path) -> list[Path]:
    """The gtFine / gtCoarse folders of a dataset root."""
    return [folder / name for name in GT_DIRS if is_dir(folder / name)]


def image_scope(folder: Path) -> tuple[Path, list[Path]] | None:
    """The dataset root of a folder of the layout (the root, a gt folder, a split, a city)
    and the image folders (``leftImg8bit/<split>/<city>``) it covers, or None where the
    folder is not in the layout."""
    if gt_children(folder):
        return folder, _cities(folder / IMAGE_DIR, 2)
    if folder.name in GT_DIRS:
        return folder.parent, _cities(folder.parent / IMAGE_DIR, 2)
    if folder.parent.name in GT_DIRS:  # a split
        root = folder.parents[1]
        return root, _cities(root / IMAGE_DIR / folder.name, 1)
    if len(folder.parents) > 2 and folder.parents[1].name in GT_DIRS:  # a city
        root = folder.parents[2]
        city = root / IMAGE_DIR / folder.parent.name / folder.name
        return root, [city] if is_dir(city) else []
    return None


def _cities(folder: Path, depth: int) -> list[Path]:
    """The folders ``depth`` levels below ``folder`` (split/city, or city), sorted."""
    found = [folder] if is_dir(folder) else []
    for _ in range(depth):
        found = [c for f in found for c in _subfolders(f)]
    return found


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(c for c in folder.iterdir() if not c.is_symlink() and c.is_dir())
    except OSError:
        return []
