"""YOLO dataset descriptions: an Ultralytics/Roboflow ``data.yaml`` or Darknet's
``obj.data`` + ``obj.names``. Gives the class names (with their lines), ``kpt_shape``,
``flip_idx``, ``kpt_names`` and the label files to read; problems become findings (F102, Y101,
Y102). ``load_config`` reads a description on its own, so ``taxonomist import yolo`` accepts
and refuses exactly what the reader does."""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import read_regular_text
from taxonomist.core.findings import Finding
from taxonomist.core.pointer import escape
from taxonomist.core.text import shorten
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.images import IMAGE_SUFFIXES
from taxonomist.taxonomy.source import MAX_BYTES, read_source
from taxonomist.taxonomy.source.document import SourceDoc

YAML_NAMES = ("data.yaml", "data.yml", "dataset.yaml", "dataset.yml")
DARKNET_NAMES = ("obj.data", "obj.names", "classes.txt")
SPLITS = ("train", "val", "test", "valid")
# Placeholder names older taxonomist exports wrote for gaps in the ids; importers skip them.
UNUSED_PREFIX = "__unused_"

DATASET_CONFIG_INVALID = CodeDoc(
    code="F102",
    name="dataset-config-invalid",
    family="file",
    summary="A dataset description (YOLO data.yaml, Darknet obj.data/obj.names) cannot be "
    "read or lacks what the format needs (names, a valid kpt_shape), or an image list "
    "(train.txt) names an image no file can have (a NUL byte, a name too long).",
    why="Without the class names and the keypoint layout the label files cannot be "
    "interpreted; training would fail or read them wrongly.",
    bad="names: person, car   # a string, not a list",
    good="names: [person, car]",
)
NAMES_COUNT_MISMATCH = CodeDoc(
    code="Y101",
    name="names-count-mismatch",
    family="references",
    summary="A YOLO data.yaml's nc (or obj.data's classes) differs from the number of names.",
    why="Training builds its head from nc; with another count of names, indices and names "
    "no longer line up.",
    bad="nc: 3\nnames: [person, car]",
    good="nc: 2\nnames: [person, car]",
)
FLIP_INDEX_INVALID = CodeDoc(
    code="Y102",
    name="flip-index-invalid",
    family="keypoints",
    summary="A YOLO pose data.yaml's flip_idx is not a permutation of the keypoint indices "
    "that "
    "is its own inverse (left and right swap back).",
    why="Horizontal-flip augmentation swaps keypoints by flip_idx; a wrong entry teaches the "
    "model that a left wrist is a right knee.",
    bad="kpt_shape: [3, 3]\nflip_idx: [0, 2, 2]",
    good="kpt_shape: [3, 3]\nflip_idx: [0, 2, 1]",
)

PATH_OUTSIDE_DATASET = CodeDoc(
    code="F105",
    name="path-outside-dataset",
    family="file",
    summary="A dataset description names a path (path:, train:, val:, test:, names =), or an "
    "image list (train.txt) an image, that lies outside the folder of the description, "
    "symbolic links resolved; it is not read.",
    why="A description is data, not a licence to read the machine: path: / would walk the whole "
    "file system, and names = /etc/passwd would print that file's lines as class names.",
    bad="path: /\ntrain: .",
    good="path: .\ntrain: images/train",
)

CODES: tuple[CodeDoc, ...] = (
    DATASET_CONFIG_INVALID,
    NAMES_COUNT_MISMATCH,
    FLIP_INDEX_INVALID,
    PATH_OUTSIDE_DATASET,
)


@dataclass(slots=True)
class Config:
    """What a dataset description says (everything optional)."""

    root: Path
    file: Path | None = None
    names: dict[int, tuple[str, int | None]] | None = None  # index -> (name, line)
    kpt_shape: tuple[int, int] | None = None
    flip_idx: tuple[int, ...] | None = None  # only when valid for kpt_shape
    kpt_names: dict[Any, Any] = field(default_factory=dict)  # class index -> keypoint names
    splits: list[Path] = field(default_factory=list)  # folders, list files or image files
    darknet: bool = False

    @property
    def folder(self) -> Path:
        """The folder every path the description names must lie in (F105)."""
        return self.file.parent if self.file is not None else self.root


def find_config(path: Path) -> Path | None:
    """The description file of the dataset at ``path`` (a folder or a file)."""
    if path.is_file():
        return path if _is_config_name(path) else None
    for name in (*YAML_NAMES, *DARKNET_NAMES):
        if (path / name).is_file():
            return path / name
    return None


def _is_config_name(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml") or path.name in DARKNET_NAMES


def load_config(path: Path) -> tuple[Config, list[Finding]]:
    """The description at ``path`` read on its own, with the findings reading it gave."""
    builder = DatasetBuilder(str(path), "yolo")
    return read_config(path, builder), builder.findings


def read_config(path: Path, builder: DatasetBuilder) -> Config:
    """Read the description at ``path`` (data.yaml, obj.data or obj.names)."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _read_yaml(path, builder)
    if path.name == "obj.data":
        return _read_obj_data(path, builder)
    config = Config(path.parent, path, darknet=True)
    config.names = _names_file(path, builder)
    return config


# -- Ultralytics / Roboflow data.yaml ----------------------------------------------------
def _read_yaml(path: Path, builder: DatasetBuilder) -> Config:
    """Through the taxonomy's bounded YAML reader: an alias bomb, deep nesting, a FIFO or a
    huge file is an F102 at its line and column, not a hang or a crash."""
    config = Config(path.parent, path)
    source = str(path)
    doc = read_source(path, source, scalar_keys=True)
    for problem in doc.findings:
        where = problem.location
        place = Place(source, where.line, where.column)
        message = f"cannot read the dataset YAML: {problem.message}"
        builder.report(DATASET_CONFIG_INVALID, message, place, hint=problem.hint)
    data = doc.data
    if not isinstance(data, dict):
        if not doc.findings:
            builder.report(
                DATASET_CONFIG_INVALID, "a dataset YAML must be a mapping", Place(source, 1)
            )
        return config
    lines = {key: _line(doc, f"/{escape(str(key))}") for key in data}
    config.names = _yaml_names(data.get("names"), doc, source, builder)
    _check_count(data.get("nc"), config, lines.get("nc"), source, builder)
    config.kpt_shape = _kpt_shape(data.get("kpt_shape"), lines.get("kpt_shape"), source, builder)
    _check_flip(data.get("flip_idx"), config, lines.get("flip_idx"), source, builder)
    kpt_names = data.get("kpt_names")
    config.kpt_names = kpt_names if isinstance(kpt_names, dict) else {}
    config.root = _dataset_root(path, data.get("path"), lines.get("path"), builder)
    config.splits = _split_paths(config, path.parent, data, lines, builder)
    return config


def _line(doc: SourceDoc, pointer: str) -> int | None:
    pos = doc.positions.get(pointer)
    return None if pos is None else pos.line


def _yaml_names(
    value: Any, doc: SourceDoc, source: str, builder: DatasetBuilder
) -> dict[int, tuple[str, int | None]] | None:
    items: list[tuple[Any, Any, int | None]]
    if isinstance(value, list):
        items = [(i, v, _line(doc, f"/names/{i}")) for i, v in enumerate(value)]
    elif isinstance(value, dict):
        # Ultralytics accepts integer-like string keys ({"0": person}) as well as integers.
        items = [(_key(k), v, _line(doc, f"/names/{escape(str(k))}")) for k, v in value.items()]
    else:
        message = "names is missing" if value is None else "names must be a list or a mapping"
        builder.report(DATASET_CONFIG_INVALID, message, Place(source, _line(doc, "/names")))
        return None
    names: dict[int, tuple[str, int | None]] = {}
    for index, name, line in items:
        if not isinstance(index, int) or isinstance(index, bool) or index < 0 or name is None:
            shown = f"{shorten(repr(index), 80)}: {shorten(repr(name), 80)}"
            message = f"names entry {shown} is not 'index: name'"
            builder.report(DATASET_CONFIG_INVALID, message, Place(source, line))
            continue
        names[index] = (str(name), line)
    return names


def _key(key: Any) -> Any:
    """A mapping key as Ultralytics reads it: an integer where it is one ("0" is 0)."""
    if isinstance(key, str) and key.isascii() and key.isdigit():
        return int(key)
    return key


def _check_count(nc: Any, config: Config, line: int | None, source: str, b: DatasetBuilder) -> None:
    if nc is None or config.names is None:
        return
    if not isinstance(nc, int) or nc != len(config.names):
        message = f"nc is {nc!r} but names lists {len(config.names)} classes"
        b.report(
            NAMES_COUNT_MISMATCH, message, Place(source, line), hint="make nc the number of names"
        )


def _kpt_shape(
    value: Any, line: int | None, source: str, b: DatasetBuilder
) -> tuple[int, int] | None:
    if value is None:
        return None
    ok = isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
    if not ok or value[0] < 1 or value[1] not in (2, 3):
        message = f"kpt_shape must be [K, 2] or [K, 3], not {value!r}"
        b.report(
            DATASET_CONFIG_INVALID, message, Place(source, line), hint="e.g. kpt_shape: [17, 3]"
        )
        return None
    return int(value[0]), int(value[1])


def _check_flip(
    value: Any, config: Config, line: int | None, source: str, b: DatasetBuilder
) -> None:
    if value is None or config.kpt_shape is None:
        return
    k = config.kpt_shape[0]
    ok = isinstance(value, list) and len(value) == k and sorted(value) == list(range(k))
    if ok and all(value[value[i]] == i for i in range(k)):
        config.flip_idx = tuple(value)
        return
    message = f"flip_idx {value!r} is not a self-inverse permutation of 0..{k - 1}"
    b.report(
        FLIP_INDEX_INVALID,
        message,
        Place(source, line),
        hint="flip_idx[i] is the index of i's mirror",
    )


def _dataset_root(path: Path, declared: Any, line: int | None, b: DatasetBuilder) -> Path:
    """Ultralytics' ``path:`` (relative to the data.yaml here); the yaml's folder when it is
    not a folder, or lies outside the yaml's folder (refused with F105, so ``path: /`` never
    walks the whole file system)."""
    if isinstance(declared, str) and declared:
        candidate = Path(declared)
        candidate = candidate if candidate.is_absolute() else path.parent / candidate
        if _is_dir(candidate) and _within(candidate, path.parent):
            return candidate
        if _is_dir(candidate):
            _outside(b, "path", declared, path, line)
    return path.parent


def _split_paths(
    config: Config,
    config_dir: Path,
    data: dict[str, Any],
    lines: dict[Any, int | None],
    b: DatasetBuilder,
) -> list[Path]:
    out: list[Path] = []
    for split in SPLITS:
        value = data.get(split)
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, str) and entry:
                found, outside = _resolve(entry, (config.root, config_dir), config_dir)
                if outside and config.file is not None:
                    _outside(b, split, entry, config.file, lines.get(split))
                if found is not None and found not in out:
                    out.append(found)
    return out


def _outside(b: DatasetBuilder, key: str, value: str, config: Path, line: int | None) -> None:
    written = f"{key} =" if config.name == "obj.data" else f"{key}:"
    message = (
        f"{written} {shorten(value)!r} lies outside the dataset folder {config.parent} "
        "(links resolved); it is not read"
    )
    hint = f"name paths inside the folder of {config.name}, or check that folder itself"
    b.report(PATH_OUTSIDE_DATASET, message, Place(str(config), line), hint=hint)


def _resolve(entry: str, bases: tuple[Path, ...], inside: Path) -> tuple[Path | None, bool]:
    """``entry`` against each base, kept only where it lies in ``inside`` once links are
    resolved; and whether an existing candidate was refused for lying outside. Roboflow
    writes ``../train/images`` for ``train/images``."""
    relative = Path(entry)
    if relative.is_absolute():
        candidates = [relative]
    else:
        parts = [p for p in relative.parts if p not in ("..", ".")] or ["."]
        # Darknet lists paths from its working folder ("data/obj_train_data/1.jpg").
        tails = (relative, Path(*parts), Path(*parts[1:]) if len(parts) > 1 else None)
        candidates = [base / t for base in bases for t in tails if t is not None]
    outside = False
    for candidate in candidates:
        if _exists(candidate):
            if _within(candidate, inside):
                return candidate, False
            outside = True
    return None, outside


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies in ``folder``, symbolic links resolved in both."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


# -- Darknet obj.data / obj.names --------------------------------------------------------
def _read_obj_data(path: Path, builder: DatasetBuilder) -> Config:
    config = Config(path.parent, path, darknet=True)
    values: dict[str, tuple[str, int]] = {}
    try:
        lines = read_regular_text(path, MAX_BYTES).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read obj.data: {_reason(exc)}"
        builder.report(DATASET_CONFIG_INVALID, message, Place(str(path)))
        return config
    for number, text in enumerate(lines, 1):
        key, sep, value = text.partition("=")
        if sep:
            values[key.strip()] = (value.strip(), number)
    bases = (path.parent, path.parent.parent)
    names_path = path.parent / "obj.names"
    if "names" in values:
        found, outside = _resolve(values["names"][0], bases, path.parent)
        if outside:  # never read, so its lines are never shown as class names
            _outside(builder, "names", values["names"][0], path, values["names"][1])
            return config
        names_path = found or names_path
    config.names = _names_file(names_path, builder)
    if "classes" in values and config.names is not None:
        count, line = values["classes"]
        nc: Any = int(count) if count.isascii() and count.isdigit() else count
        _check_count(nc, config, line, str(path), builder)
    for split in ("train", "valid", "test"):
        if split in values:
            found, outside = _resolve(values[split][0], bases, path.parent)
            if outside:
                _outside(builder, split, values[split][0], path, values[split][1])
            if found is not None:
                config.splits.append(found)
    return config


def _reason(exc: Exception) -> str:
    """An error in words, without Python's ``[Errno N]`` and a repeat of the path."""
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _names_file(path: Path, builder: DatasetBuilder) -> dict[int, tuple[str, int | None]] | None:
    try:
        lines = read_regular_text(path, MAX_BYTES).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        message = f"cannot read the class names: {_reason(exc)}"
        builder.report(DATASET_CONFIG_INVALID, message, Place(str(path)))
        return None
    if _is_json_document("\n".join(lines)):
        builder.report(
            DATASET_CONFIG_INVALID,
            "the class names file holds a JSON document, not one class name a line",
            Place(str(path), 1),
            hint="write one class name a line, or give names: in a data.yaml",
        )
        return None
    names = [(text.strip(), n) for n, text in enumerate(lines, 1) if text.strip()]
    return {i: (name, line) for i, (name, line) in enumerate(names)}


def _is_json_document(text: str) -> bool:
    """A JSON object or array (a class name never starts with a bracket and parses whole)."""
    if not text.lstrip().startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def image_list(
    split: Path, builder: DatasetBuilder, inside: Path | None = None
) -> list[Path] | None:
    """Images named by a split: a folder (recursively), a list file, or one image. A list
    file's entries are kept only inside ``inside`` (default: the folder above the list); an
    entry outside it (F105) or that can name no file (F102) is a finding at its line."""
    if split.is_dir():
        return sorted(p for p in split.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if split.suffix.lower() in IMAGE_SUFFIXES:
        return [split]
    try:
        lines = read_regular_text(split, MAX_BYTES).splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    out = []
    limit = inside if inside is not None else split.parent.parent
    for number, line in enumerate((t.strip() for t in lines), 1):
        if line and not line.startswith("#"):
            image = _listed_image(line, Place(str(split), number), split, limit, builder)
            if image is not None:
                out.append(image)
    return out


def _listed_image(
    entry: str, place: Place, split: Path, limit: Path, builder: DatasetBuilder
) -> Path | None:
    """The image a list file's line names; None, with a finding at that line, when it lies
    outside the dataset folder (F105) or can name no file at all (F102)."""
    found, outside = _resolve(entry, (split.parent, split.parent.parent), limit)
    if outside:
        _listed_outside(builder, entry, place, limit)
        return None
    if found is not None:
        return found
    unusable = _unusable(split.parent / entry)
    if unusable is not None:
        message = f"image {shorten(entry)!r} {unusable}; it is not read"
        builder.report(DATASET_CONFIG_INVALID, message, place)
        return None
    return split.parent / entry  # missing: a background image, as the pairing treats it


def _unusable(path: Path) -> str | None:
    """Why no file can have ``path`` as its name (a NUL byte, a name longer than the system
    allows), or None: such a name makes every later use of it raise."""
    try:
        path.stat()
    except ValueError:
        return "holds a NUL byte"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "is longer than a file name may be"
    return None


def _listed_outside(builder: DatasetBuilder, entry: str, place: Place, folder: Path) -> None:
    message = (
        f"image {shorten(entry)!r} lies outside the dataset folder {folder} (links resolved); "
        "it is not read"
    )
    hint = "list images inside the dataset folder, or check that folder itself"
    builder.report(PATH_OUTSIDE_DATASET, message, place, hint=hint)
