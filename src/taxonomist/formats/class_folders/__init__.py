"""Reader of class-folder classification datasets: the Ultralytics YOLO classification
layout (``train/<class>/*.jpg``, ``val/...``, ``test/...``) and ImageNet-style folders
(``<split>/<wnid>/*.JPEG``), with an optional class index beside the splits
(``formats.class_folders.index``).

Each image in a class folder is an image whose image-level label ``class`` (the label type
``LABEL_TYPE``; a taxonomy declares it ``kind: multi_class``) is the folder's name as
written: a wnid stays a wnid, which the taxonomy matches through its aliases
(``taxonomist import imagenet`` writes each wnid as one), because ImageNet repeats names
(two classes are called "crane") and a name would merge them. The class is the folder
directly under the split, and images in folders below it belong to it, as torchvision's
``ImageFolder`` (which Ultralytics' classification dataset builds on) reads them. Without
split folders the folder given is one split (Datumaro's ``imagenet`` layout).

Images are measured from their headers (no pixel decoded). What a trainer would stumble on
or silently skip is a finding: a class folder without images (``F150``: torchvision refuses
the dataset), a file that is no image (``F151``), an image directly in a split folder, which
has no class (``F152``), an image whose header cannot be read (``F104``), and with a class
index, a class folder the index does not list (``F153``).

Layout and conventions follow Ultralytics' classification dataset docs
(docs.ultralytics.com/datasets/classify: "Each of these directories should contain one
subdirectory for each class in the dataset") and Datumaro's ``imagenet`` reader
(github.com/openvinotoolkit/datumaro ``src/datumaro/plugins/data_formats/imagenet.py``,
commit 3d533b9cf8b9, MIT) with its ``tests/assets/imagenet_subsets_dataset/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.images import IMAGE_SUFFIXES
from taxonomist.formats._io.measure import measure
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.class_folders.index import ClassIndex, find_index, load_index
from taxonomist.formats.codes import FILE_UNREADABLE

FORMAT = "class-folders"
LABEL_TYPE = "class"
SPLITS = ("train", "val", "valid", "validation", "test")
# Folders other formats keep images in: never class folders (YOLO's train/images and
# train/labels, VOC's JPEGImages, Cityscapes' leftImg8bit/train/<city>, mask folders).
_NOT_CLASSES = frozenset(
    {"images", "labels", "annotations", "jpegimages", "segmentationclass", "segmentationobject"}
    | {"masks", "leftimg8bit", "gtfine", "gtcoarse", "labeltxt", "image_2", "label_2"}
)
_ANNOTATION_SUFFIXES = frozenset({".txt", ".json", ".xml", ".csv", ".yaml", ".yml", ".jsonl"})
_SAMPLE = 50  # entries a sniff looks at in each of a few class folders
_IMAGES = frozenset(IMAGE_SUFFIXES)

CLASS_FOLDER_EMPTY = CodeDoc(
    code="F150",
    name="class-folder-empty",
    family="file",
    summary="A class folder (or a split folder) of a classification dataset holds no image.",
    why="The class has no examples in this split; torchvision's ImageFolder, which "
    "Ultralytics' classifier reads folders with, refuses a class folder without images.",
    bad="train/tench/   (empty)",
    good="train/tench/n01440764_10026.JPEG",
    severity=Severity.WARNING,
)
STRAY_FILE = CodeDoc(
    code="F151",
    name="stray-file",
    family="file",
    summary="A file that is no image (by its suffix) in a class or split folder of a "
    "classification dataset; it is not read.",
    why="Trainers skip it without a word: a label file or an archive left there is data "
    "nobody trains on.",
    bad="train/tench/notes.txt",
    good="notes kept outside the split folders",
    severity=Severity.WARNING,
)
IMAGE_WITHOUT_CLASS = CodeDoc(
    code="F152",
    name="image-outside-class-folder",
    family="file",
    summary="An image lies directly in a split folder, not in a class folder, so it has no "
    "class; it is not read.",
    why="A class-folder trainer ignores it (torchvision's ImageFolder only looks inside "
    "class folders): the image is lost from training.",
    bad="train/0001.jpg",
    good="train/tench/0001.jpg",
    severity=Severity.WARNING,
)
CLASS_NOT_IN_INDEX = CodeDoc(
    code="F153",
    name="class-not-in-index",
    family="file",
    summary="A class folder's name is neither a wnid nor a name of the dataset's class index "
    "(imagenet_class_index.json, LOC_synset_mapping.txt).",
    why="Training code numbers the classes through the index: a folder it does not list "
    "gets no class number, or the wrong one.",
    bad="train/n99999999/  with no n99999999 in imagenet_class_index.json",
    good="train/n01440764/  listed as 0: [n01440764, tench]",
)

CODES: tuple[CodeDoc, ...] = (
    CLASS_FOLDER_EMPTY,
    STRAY_FILE,
    IMAGE_WITHOUT_CLASS,
    CLASS_NOT_IN_INDEX,
)


def sniff(path: Path, head: bytes) -> str | None:
    """A folder of split folders of class folders, or one split folder of class folders."""
    if head or not _is_dir(path) or path.name.lower() in _NOT_CLASSES:
        return None
    splits = [name for name in SPLITS if _is_dir(path / name)]
    if splits and all(_holds_classes(path / name) for name in splits):
        return f"folder of class folders per split ({', '.join(splits)}/<class>/<image>)"
    inside = path.name in SPLITS and path.parent.name.lower() not in _NOT_CLASSES
    if inside and _holds_classes(path):
        return f"split folder of class folders ({path.name}/<class>/<image>)"
    return None


def _holds_classes(split: Path) -> bool:
    """Class folders holding images (a few looked at), and no file but images beside them."""
    entries = _entries(split)
    folders = [e for e in entries if e.is_dir(follow_symlinks=False)]
    files = [e for e in entries if not e.is_dir(follow_symlinks=False)]
    if not folders or any(e.name.lower() in _NOT_CLASSES for e in folders):
        return False
    if any(_suffix(e.name) not in _IMAGES for e in files):
        return False
    return all(_images_only(Path(e.path)) for e in folders[:3])


def _images_only(folder: Path) -> bool:
    entries = _entries(folder)[:_SAMPLE]
    files = [e for e in entries if not e.is_dir(follow_symlinks=False)]
    if any(_suffix(e.name) in _ANNOTATION_SUFFIXES for e in files):
        return False
    return any(_suffix(e.name) in _IMAGES for e in files) or len(files) < len(entries)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return sorted((e for e in found if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return []


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the OS is no folder
        return False


@dataclass(slots=True)
class _Reader:
    builder: DatasetBuilder
    root: Path
    index: ClassIndex | None
    known: frozenset[str] = frozenset()  # the index's wnids and names

    def split(self, split: Path) -> None:
        try:
            with os.scandir(split) as found:
                entries = sorted((e for e in found if not e.name.startswith(".")), key=_name)
        except OSError as exc:
            message = f"cannot list the folder: {exc.strerror or exc}; its images were not read"
            self.builder.report(FILE_UNREADABLE, message, Place(str(split)))
            return
        folders = [e for e in entries if e.is_dir(follow_symlinks=False)]
        if not folders:
            message = "the split folder holds no class folder"
            hint = "put each image in a folder named after its class: train/<class>/<image>"
            self.builder.report(CLASS_FOLDER_EMPTY, message, Place(str(split)), hint=hint)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                self.class_folder(Path(entry.path))
            elif entry.is_symlink() and _is_dir(Path(entry.path)):
                message = "a link to a folder is not followed; its images were not read"
                hint = "copy the class folder in, or check the folder the link points to"
                self.builder.report(STRAY_FILE, message, Place(entry.path), hint=hint)
            else:
                self.loose(Path(entry.path))

    def loose(self, file: Path) -> None:
        if _suffix(file.name) in _IMAGES:
            message = "the image is in no class folder, so it has no class; it was not read"
            hint = f"move it into {file.parent.name}/<class>/"
            self.builder.report(IMAGE_WITHOUT_CLASS, message, Place(str(file)), hint=hint)
        else:
            self.stray(file)

    def stray(self, file: Path) -> None:
        message = "the file is no image; it was not read"
        hint = "keep only images in class folders (.jpg, .jpeg, .png, ...)"
        self.builder.report(STRAY_FILE, message, Place(str(file)), hint=hint)

    def class_folder(self, folder: Path) -> None:
        name = folder.name
        if self.index is not None and name not in self.known:
            message = f"class folder {name!r} is not in the class index {self.index.path.name}"
            hint = "add the class to the index, or rename the folder to a wnid or name it lists"
            self.builder.report(CLASS_NOT_IN_INDEX, message, Place(str(folder)), hint=hint)
        found = walk(folder, "")
        report_unreadable(self.builder, found)
        images = 0
        for file in found.files:
            if any(part.startswith(".") for part in file.relative_to(folder).parts):
                continue
            if _suffix(file.name) not in _IMAGES:
                self.stray(file)
                continue
            images += 1
            self.image(file, name)
        if not images:
            message = f"the class folder {name!r} holds no image"
            hint = "add its images, or remove the folder"
            self.builder.report(CLASS_FOLDER_EMPTY, message, Place(str(folder)), hint=hint)

    def image(self, file: Path, name: str) -> None:
        relative = file.relative_to(self.root).as_posix()
        image_id = relative.rsplit(".", 1)[0]
        place = Place(str(file))
        row = self.builder.image(image_id, file=relative, width=None, height=None, place=place)
        self.builder.set_labels(row, {LABEL_TYPE: name})
        size = measure(self.builder, file)
        if size is not None:
            self.builder.set_size(row, size)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def read(path: Path) -> list[Dataset]:
    """Read the classification dataset at ``path`` (the root, or one split folder)."""
    builder = DatasetBuilder(str(path), FORMAT, declares_categories=False)
    splits = [path / name for name in SPLITS if _is_dir(path / name)]
    root = path if splits or path.name not in SPLITS else path.parent
    index = _index(builder, root)
    reader = _Reader(builder, root, index, frozenset(index.names() if index else ()))
    for split in splits or [path]:
        reader.split(split)
    return [builder.build()]


def _index(builder: DatasetBuilder, root: Path) -> ClassIndex | None:
    found = find_index(root)
    if found is None:
        return None
    index, findings = load_index(found)
    builder.findings += findings
    return index
