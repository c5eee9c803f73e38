"""Reader of YOLO datasets: Ultralytics/Roboflow (``data.yaml``) and Darknet (``obj.data``,
``obj.names``) folders, or a single label file.

Label lines are ``class cx cy w h`` (detect), ``class x1 y1 ... x4 y4`` (OBB),
``class cx cy w h px py [pv] ...`` (pose, by ``kpt_shape``) or ``class x1 y1 x2 y2 ...``
(segment), all normalised to [0, 1]; a sixth detect value is a confidence (prediction files).
Roboflow's "yolo_obb" ``labelTxt`` files are DOTA lines (pixel corners and a class *name*)
and are read as such: rotated boxes (corners in ``Objects.rotated_boxes``, their
bounds as the box). A normalised 9-value line is read as a 4-point polygon, which is what
Ultralytics' OBB and segment formats both mean by it. Coordinates become pixels through the
image size read from the image header (no decoding); where the image is missing, boxes stay
unknown and coordinates outside [0, 1] are reported here (Y100) rather than by the checker's
box-inside-image rule.

Class indices become ``Category(id=index, name=names[index])`` with ids in the ``"yolo"``
space, so the checker compares both with the taxonomy's YOLO index
(``taxonomy.yolo_index``): a ``names`` order that disagrees with it is a finding there, never
silent. Each object's location is its label file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import read_regular
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.codes import IMAGE_NOT_FOUND, IMAGE_UNREADABLE
from taxonomist.formats._io.images import find_image, read_header
from taxonomist.formats._io.walk import report_unreadable, walk
from taxonomist.formats.codes import IMAGE_TOO_LARGE
from taxonomist.formats.yolo.config import (
    DARKNET_NAMES,
    Config,
    find_config,
    image_list,
    read_config,
)
from taxonomist.formats.yolo.lines import LineReader
from taxonomist.taxonomy.paths import is_file

FORMAT = "yolo"
_LABEL_LINE = re.compile(rb"^\s*\d+(\s+-?[0-9.eE+-]+){4,}\s*$")
_DOTA_LINE = re.compile(rb"^\s*(-?[0-9.eE+-]+\s+){8}\S+(\s+\d+)?\s*$")
_LABEL_DIRS = frozenset({"labels", "labeltxt", "annotations", "obj_train_data", "obj_valid_data"})
_NOT_LABELS = frozenset({"train.txt", "val.txt", "valid.txt", "test.txt", "readme.txt"})

# F103 lives in formats._io.codes: the KITTI reader reports it too.
CODES: tuple[CodeDoc, ...] = ()


def sniff(path: Path, head: bytes) -> str | None:
    """A YOLO dataset folder or description, or a file of YOLO label lines."""
    if path.is_dir():
        config = find_config(path)
        if config is not None and _is_yolo_config(config, _head(config)):
            return f"folder with a YOLO dataset description ({config.name})"
        return None
    if _is_yolo_config(path, head):
        return f"YOLO dataset description ({path.name})"
    if path.suffix.lower() == ".txt" and _looks_like_labels(head):
        return "text file of YOLO label lines (class and normalised coordinates)"
    return None


def _is_yolo_config(path: Path, head: bytes) -> bool:
    if path.name in DARKNET_NAMES:
        return path.name != "classes.txt" or _looks_like_names(head)
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    has_names = re.search(rb"(?m)^names\s*:", head) is not None
    return has_names and re.search(rb"(?m)^(train|val|path|nc|kpt_shape)\s*:", head) is not None


def _looks_like_names(head: bytes) -> bool:
    return bool(head.strip()) and b"{" not in head and b":" not in head


def _looks_like_labels(head: bytes) -> bool:
    lines = [line for line in head.splitlines()[:20] if line.strip()]
    if len(head) >= 4096 and not head.endswith(b"\n"):
        lines = lines[:-1]  # the last line may be cut
    return bool(lines) and all(_LABEL_LINE.match(x) or _DOTA_LINE.match(x) for x in lines)


def read(path: Path) -> list[Dataset]:
    """Read the dataset at ``path`` (folder, description file or one label file)."""
    config_path = find_config(path)
    builder = DatasetBuilder(str(path), FORMAT)
    if config_path is None:
        config_path = _config_above(path)
    if config_path is not None and path.is_dir():
        builder.source = str(config_path)  # the class list's lines are in this file
    config = read_config(config_path, builder) if config_path else Config(path.parent)
    if path.is_dir() and config_path is None:
        config.root = path
    lines = LineReader(builder, config)
    _declare_names(builder, config)
    if path.is_file() and config_path != path:
        _read_pair(lines, path, _image_for(path), path.parent)
    else:
        for label, image in _pairs(builder, config):
            _read_pair(lines, label, image, config.root)
    if config.kpt_shape is not None:
        builder.kind = "keypoints"
    dataset = builder.build()
    dataset.category_ids = "yolo"  # class numbers are the taxonomy's YOLO index
    return [dataset]


def _config_above(path: Path) -> Path | None:
    for folder in list(path.parents)[:4]:
        found = find_config(folder)
        if found is not None and _is_yolo_config(found, _head(found)):
            return found
    return None


def _declare_names(builder: DatasetBuilder, config: Config) -> None:
    if config.names is None:
        builder.declares_categories = False
        return
    source = str(config.file) if config.file else builder.source
    for index, (name, line) in sorted(config.names.items()):
        builder.category(name, index, Place(source, line))


def _pairs(builder: DatasetBuilder, config: Config) -> list[tuple[Path, Path | None]]:
    """(label file, image) pairs. An image without a label file is a background image: its
    pair names a label file that does not exist, and it still counts as an image."""
    pairs: dict[Path, Path | None] = {}
    for split in config.splits:
        for image in image_list(split, builder, config.folder) or []:
            label = _label_for(image)
            pairs.setdefault(label, image)
    # Declared splits may miss folders (Roboflow writes ../valid/images for val/): walk too.
    for label in _walk_labels(builder, config.root):
        pairs.setdefault(label, _image_for(label))
    return sorted(pairs.items(), key=lambda item: str(item[0]))


def _label_for(image: Path) -> Path:
    parts = list(image.parts)
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in ("images", "Images", "JPEGImages"):
            swapped = Path(
                *parts[:i], "labels" if parts[i] != "Images" else "Annotations", *parts[i + 1 :]
            )
            candidate = swapped.with_suffix(".txt")
            if is_file(candidate):  # an image list may name anything: no OSError here
                return candidate
            break
    return image.with_suffix(".txt")


def _image_for(label: Path) -> Path | None:
    parts = list(label.parts)
    for i in range(len(parts) - 2, -1, -1):
        if parts[i].lower() in _LABEL_DIRS:
            for folder in ("images", "Images", "JPEGImages"):
                found = find_image(Path(*parts[:i], folder, *parts[i + 1 : -1]), label.stem)
                if found is not None:
                    return found
            break
    return find_image(label.parent, label.stem)


def _walk_labels(builder: DatasetBuilder, root: Path) -> list[Path]:
    out = []
    found = walk(root, ".txt")
    report_unreadable(builder, found)
    for label in found.files:
        name = label.name.lower()
        if name in _NOT_LABELS or label.name in DARKNET_NAMES or name.startswith("readme"):
            continue
        in_label_dir = any(p.lower() in _LABEL_DIRS for p in label.parts[len(root.parts) :])
        if in_label_dir or _looks_like_labels(_head(label)):
            out.append(label)
    return out


def _head(path: Path) -> bytes:
    """The first 4 KB, never more: a data.yaml may be a link to /dev/zero."""
    try:
        return read_regular(path, 4096, head=True)
    except OSError:
        return b""


def _read_pair(lines: LineReader, label: Path, image: Path | None, root: Path) -> None:
    builder = lines.builder
    label_name = _relative(label, root)
    if image is None or not is_file(image):
        size: tuple[float | None, float | None] = (None, None)
        if is_file(label):
            hint = "put the image next to its labels (images/ beside labels/)"
            builder.report(
                IMAGE_NOT_FOUND, "no image found for this label file", Place(str(label)), hint=hint
            )
        file = label_name
    else:
        size = _size(builder, image)
        file = _relative(image, root)
    image_id = str(Path(file).with_suffix(""))
    row = builder.image(image_id, file=file, width=size[0], height=size[1], place=Place(str(label)))
    if is_file(label):
        lines.read_file(label, row, label_name)


def _size(builder: DatasetBuilder, image: Path) -> tuple[float | None, float | None]:
    header = read_header(image)
    if header.ok:
        return float(header.width), float(header.height)
    if header.problem == "too-large":
        builder.report(IMAGE_TOO_LARGE, "the image is too large to read safely", Place(str(image)))
    else:
        builder.report(
            IMAGE_UNREADABLE, f"cannot read the image header ({header.problem})", Place(str(image))
        )
    return None, None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
