"""Reader of Mapillary Vistas v1.2 and v2.0 datasets.

Layout (Mapillary's, as Datumaro reads it)::

    config_v1.2.json  config_v2.0.json          the label lists (formats.vistas.config)
    <split>/images/<stem>.jpg
    <split>/v1.2|v2.0/labels/<stem>.png         label indices (palette, grey or RGB colours)
    <split>/v1.2|v2.0/instances/<stem>.png      16-bit: label index x 256 + instance
    <split>/v1.2|v2.0/panoptic/panoptic_2018.json | panoptic_2020.json, and <stem>.png beside it
    <split>/v2.0/polygons/<stem>.json           outlines

The reader takes the dataset folder, a split, a version folder, one annotation folder of a
version, or one panoptic or polygons JSON file, and gives one dataset per config file
(its labels as declared categories) and per annotation folder or JSON file. The config is
looked for in the split folder, then beside it. Class values are label indices, the ``id``
of the classes ``taxonomist import mapillary`` makes.

Reference: Datumaro, ``src/datumaro/plugins/data_formats/mapillary_vistas/`` (base.py,
format.py) and ``tests/assets/mapillary_vistas_dataset/`` at commit 3d533b9cf8b9
(openvinotoolkit/datumaro, MIT); Mapillary's README of the dataset for the 16-bit
instance encoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats._io.sniff import json_shape, keys_of, lists_in
from taxonomist.formats.codes import (
    MISSING_COMPANION_FILE,
    UNRECOGNISED_FILE,
    WRONG_TOP_LEVEL_SHAPE,
    WRONG_TYPE,
)
from taxonomist.formats.vistas.config import KINDS, VERSIONS, Label, parse_labels
from taxonomist.formats.vistas.masks import CODES as MASK_CODES
from taxonomist.formats.vistas.masks import FORMAT, read_masks
from taxonomist.formats.vistas.panoptic import read_panoptic
from taxonomist.formats.vistas.polygons import read_polygons
from taxonomist.taxonomy.paths import is_file

CODES = MASK_CODES
__all__ = ["CODES", "FORMAT", "read", "sniff"]


@dataclass(frozen=True, slots=True)
class _Part:
    """One version folder of one split, and which of its annotation kinds to read."""

    folder: Path  # <split>/<version>
    kinds: tuple[str, ...]
    file: Path | None = None  # one JSON file only


def sniff(path: Path, head: bytes) -> str | None:
    """A Vistas folder (dataset, split, version or annotation folder) by its layout, or a
    panoptic or polygons JSON where Vistas keeps them."""
    if not _is_dir(path):
        return _sniff_file(path, head)
    if path.name in KINDS and path.parent.name in VERSIONS:
        return f"{path.name} folder of a Mapillary Vistas {path.parent.name} folder"
    if path.name in VERSIONS and _kinds(path):
        return f"Mapillary Vistas {path.name} folder with {', '.join(_kinds(path))}"
    if _versions(path):
        return "Mapillary Vistas split folder (v1.2 / v2.0 annotation folders)"
    configs = [v.config for v in VERSIONS.values() if is_file(path / v.config)]
    if configs and _splits(path):
        return f"Mapillary Vistas dataset ({configs[0]} and split folders)"
    return None


def _sniff_file(path: Path, head: bytes) -> str | None:
    version = path.parent.parent.name
    if version not in VERSIONS or path.suffix != ".json":
        return None
    shape = json_shape(head)
    panoptic = path.parent.name == "panoptic" and path.name == VERSIONS[version].panoptic
    if panoptic and (lists_in(shape, ("annotations",)) or not keys_of(shape)):
        return f"Mapillary Vistas {VERSIONS[version].panoptic} (PNGs beside it)"
    if path.parent.name == "polygons" and "objects" in keys_of(shape):
        return "Mapillary Vistas polygons file (objects with label and polygon)"
    return None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _kinds(version: Path) -> tuple[str, ...]:
    return tuple(k for k in KINDS if _is_dir(version / k))


def _versions(split: Path) -> list[Path]:
    return [split / v for v in VERSIONS if _is_dir(split / v) and _kinds(split / v)]


def _splits(root: Path) -> list[Path]:
    try:
        children = sorted(p for p in root.iterdir() if _is_dir(p))
    except OSError:
        return []
    return [p for p in children if _versions(p)]


def read(path: Path) -> list[Dataset]:
    """Every config and annotation source of the Vistas folder or file ``path``."""
    datasets: list[Dataset] = []
    configs: dict[Path, list[Label] | None] = {}
    parts = _parts(path)
    if not parts:
        builder = DatasetBuilder(str(path), FORMAT)
        message = "no Mapillary Vistas layout here (split folders with v1.2 / v2.0 folders)"
        builder.report(UNRECOGNISED_FILE, message, Place(str(path)), severity=Severity.ERROR)
        return [builder.build()]
    for part in parts:
        labels = _config(part, configs, datasets)
        datasets += _read_part(part, labels)
    return datasets


def _parts(path: Path) -> list[_Part]:
    if not _is_dir(path):
        return [_Part(path.parent.parent, (path.parent.name,), path)]
    if path.name in KINDS and path.parent.name in VERSIONS:
        return [_Part(path.parent, (path.name,))]
    if path.name in VERSIONS:
        return [_Part(path, _kinds(path))]
    splits = [path] if _versions(path) else _splits(path)
    return [_Part(v, _kinds(v)) for split in splits for v in _versions(split)]


def _config(
    part: _Part, configs: dict[Path, list[Label] | None], out: list[Dataset]
) -> list[Label] | None:
    """The labels of the part's config (read once per file; its dataset goes to ``out``)."""
    name = VERSIONS[part.folder.name].config
    split = part.folder.parent
    found = next((p for p in (split / name, split.parent / name) if is_file(p)), None)
    if found is None:
        builder = DatasetBuilder(str(part.folder), FORMAT, kind="config")
        message = f"no {name} in {split.name}/ or beside it: mask values are not checked against it"
        builder.report(
            MISSING_COMPANION_FILE,
            message,
            Place(str(part.folder)),
            hint=f"copy {name} from the dataset",
        )
        out.append(builder.build())
        return None
    if found not in configs:
        dataset, labels = read_config(found)
        configs[found] = labels
        out.append(dataset)
    return configs[found]


def read_config(path: Path) -> tuple[Dataset, list[Label] | None]:
    """A config file as a dataset of its labels (declared categories, id = list index)."""
    builder = DatasetBuilder(str(path), FORMAT, kind="config")
    loaded = read_json_file(path, builder)
    if loaded is None:
        return builder.build(), None
    if not isinstance(loaded.value, dict):
        message = 'a Vistas config is a JSON object with a "labels" list'
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(str(path), pointer=""))
        return builder.build(), None
    labels, problems = parse_labels(loaded.value)
    for pointer, message in problems:
        builder.report(WRONG_TYPE, message, Place(str(path), pointer=pointer))
    for index, label in enumerate(labels):
        if label.name:
            builder.category(label.name, index, Place(str(path), pointer=f"/labels/{index}"))
    return builder.build(), labels


def _read_part(part: _Part, labels: list[Label] | None) -> list[Dataset]:
    out: list[Dataset] = []
    for kind in part.kinds:
        folder = part.folder / kind
        if kind in ("labels", "instances"):
            out.append(read_masks(folder, labels))
        elif kind == "panoptic":
            out += _panoptic(part, folder, labels)
        else:
            files = [part.file] if part.file is not None else sorted(folder.glob("*.json"))
            out += [read_polygons(f, labels) for f in files if is_file(f)]
    return out


def _panoptic(part: _Part, folder: Path, labels: list[Label] | None) -> list[Dataset]:
    name = VERSIONS[part.folder.name].panoptic
    path = part.file or folder / name
    if is_file(path):
        return [read_panoptic(path, labels)]
    builder = DatasetBuilder(str(folder), FORMAT, kind="panoptic")
    message = f"the panoptic folder has no {name}: its PNGs were not checked"
    builder.report(MISSING_COMPANION_FILE, message, Place(str(folder)))
    return [builder.build()]
