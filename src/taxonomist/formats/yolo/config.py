"""YOLO dataset descriptions: an Ultralytics/Roboflow ``data.yaml`` or Darknet's
``obj.data`` + ``obj.names``. Gives the class names (with their lines), ``kpt_shape``,
``flip_idx``, ``kpt_names`` and the label files to read; problems become findings (F102, Y101,
Y102). ``load_config`` reads a description on its own, so ``taxonomist import yolo`` accepts
and refuses exactly what the reader does."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.images import IMAGE_SUFFIXES

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
    "read or "
    "lacks what the format needs (names, a valid kpt_shape).",
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

CODES: tuple[CodeDoc, ...] = (DATASET_CONFIG_INVALID, NAMES_COUNT_MISMATCH, FLIP_INDEX_INVALID)


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
    config = Config(path.parent, path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        place = Place(source, None if line is None else line + 1)
        builder.report(
            DATASET_CONFIG_INVALID, f"cannot read the dataset YAML: {_first_line(exc)}", place
        )
        return config
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        builder.report(DATASET_CONFIG_INVALID, "a dataset YAML must be a mapping", Place(source, 1))
        return config
    lines = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    config.names = _yaml_names(data.get("names"), lines.get("names"), source, builder)
    _check_count(data.get("nc"), config, _line(lines.get("nc")), source, builder)
    config.kpt_shape = _kpt_shape(
        data.get("kpt_shape"), _line(lines.get("kpt_shape")), source, builder
    )
    _check_flip(data.get("flip_idx"), config, _line(lines.get("flip_idx")), source, builder)
    kpt_names = data.get("kpt_names")
    config.kpt_names = kpt_names if isinstance(kpt_names, dict) else {}
    config.root = _dataset_root(path, data.get("path"))
    config.splits = _split_paths(config.root, path.parent, data)
    return config


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _line(node: Any) -> int | None:
    return None if node is None else int(node.start_mark.line) + 1


def _yaml_names(
    value: Any, node: Any, source: str, builder: DatasetBuilder
) -> dict[int, tuple[str, int | None]] | None:
    items: list[tuple[Any, Any, Any]]
    if isinstance(value, list) and isinstance(node, yaml.SequenceNode):
        items = [(i, v, n) for i, (v, n) in enumerate(zip(value, node.value, strict=False))]
    elif isinstance(value, dict) and isinstance(node, yaml.MappingNode):
        # Ultralytics accepts integer-like string keys ({"0": person}) as well as integers.
        items = [
            (_key(kn.value), value.get(_key(kn.value), value.get(kn.value)), vn)
            for kn, vn in node.value
        ]
    else:
        message = "names is missing" if value is None else "names must be a list or a mapping"
        builder.report(DATASET_CONFIG_INVALID, message, Place(source, _line(node)))
        return None
    names: dict[int, tuple[str, int | None]] = {}
    for index, name, name_node in items:
        if not isinstance(index, int) or index < 0 or name is None:
            message = f"names entry {index!r}: {name!r} is not 'index: name'"
            builder.report(DATASET_CONFIG_INVALID, message, Place(source, _line(name_node)))
            continue
        names[index] = (str(name), _line(name_node))
    return names


def _key(text: str) -> Any:
    """A mapping key's text as Ultralytics reads it: an integer where it is one."""
    try:
        return int(text)
    except ValueError:
        return text


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


def _dataset_root(path: Path, declared: Any) -> Path:
    if isinstance(declared, str) and declared:
        candidate = Path(declared)
        candidate = candidate if candidate.is_absolute() else path.parent / candidate
        if candidate.is_dir():
            return candidate
    return path.parent


def _split_paths(root: Path, config_dir: Path, data: dict[str, Any]) -> list[Path]:
    out: list[Path] = []
    for split in SPLITS:
        value = data.get(split)
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, str) and entry:
                found = _resolve(entry, (root, config_dir))
                if found is not None and found not in out:
                    out.append(found)
    return out


def _resolve(entry: str, bases: tuple[Path, ...]) -> Path | None:
    """``entry`` against each base; Roboflow writes ``../train/images`` for ``train/images``."""
    relative = Path(entry)
    if relative.is_absolute():
        return relative if relative.exists() else None
    parts = [p for p in relative.parts if p not in ("..", ".")] or ["."]
    # Darknet lists paths from its working folder ("data/obj_train_data/1.jpg").
    tails = (relative, Path(*parts), Path(*parts[1:]) if len(parts) > 1 else None)
    for base in bases:
        for candidate in (base / t for t in tails if t is not None):
            if candidate.exists():
                return candidate
    return None


# -- Darknet obj.data / obj.names --------------------------------------------------------
def _read_obj_data(path: Path, builder: DatasetBuilder) -> Config:
    config = Config(path.parent, path, darknet=True)
    values: dict[str, tuple[str, int]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        builder.report(DATASET_CONFIG_INVALID, f"cannot read obj.data: {exc}", Place(str(path)))
        return config
    for number, text in enumerate(lines, 1):
        key, sep, value = text.partition("=")
        if sep:
            values[key.strip()] = (value.strip(), number)
    names = values.get("names")
    names_path = _resolve(names[0], (path.parent, path.parent.parent)) if names else None
    names_path = names_path or (path.parent / "obj.names")
    config.names = _names_file(names_path, builder)
    if "classes" in values and config.names is not None:
        count, line = values["classes"]
        nc: Any = int(count) if count.isdigit() else count
        _check_count(nc, config, line, str(path), builder)
    for split in ("train", "valid", "test"):
        if split in values:
            found = _resolve(values[split][0], (path.parent, path.parent.parent))
            if found is not None:
                config.splits.append(found)
    return config


def _names_file(path: Path, builder: DatasetBuilder) -> dict[int, tuple[str, int | None]] | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        builder.report(
            DATASET_CONFIG_INVALID, f"cannot read the class names: {exc}", Place(str(path))
        )
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


def image_list(split: Path) -> list[Path] | None:
    """Images named by a split: a folder (recursively), a list file, or one image."""
    if split.is_dir():
        return sorted(p for p in split.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if split.suffix.lower() in IMAGE_SUFFIXES:
        return [split]
    try:
        lines = split.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    out = []
    for line in (t.strip() for t in lines):
        if line and not line.startswith("#"):
            found = _resolve(line, (split.parent, split.parent.parent))
            out.append(found if found is not None else split.parent / line)
    return out
