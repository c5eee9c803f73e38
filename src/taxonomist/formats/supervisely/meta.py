"""The vocabulary of a Supervisely project: its ``meta.json`` (classes with their shape and,
for keypoint classes, the graph template; tag metas with their value type), read for the
reader, the importer (``interop/importers/supervisely.py``) and the exporter alike.

``load_meta(path, builder)`` reads the file into a ``Meta``, reporting what is wrong on the
builder (located by JSON pointer); a class or tag that cannot be used is reported and left
out, the rest is kept. Field names follow the Supervisely SDK's ``ObjClassJsonFields`` and
``TagMetaJsonFields`` (``supervisely/annotation/obj_class.py``, ``tag_meta.py``) and its
graph template (``supervisely/geometry/graph.py``: ``geometry_config.nodes`` keyed by node
id with a ``label``, ``edges`` of ``src``/``dst`` node ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.findings import Finding
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats.codes import MISSING_FIELD, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE

META_FILE = "meta.json"
ANN_FOLDER = "ann"
# Object shapes (a class's ``shape``, an object's ``geometryType``) the reader reads; the
# SDK's other geometries (cuboids, 3D, point clouds) are reported and skipped.
BOX_SHAPES = frozenset({"rectangle"})
POLYGON_SHAPES = frozenset({"polygon", "multipolygon"})
MASK_SHAPES = frozenset({"bitmap", "alpha_mask"})
READ_SHAPES = frozenset({*BOX_SHAPES, *POLYGON_SHAPES, *MASK_SHAPES, "line", "point", "graph"})
ANY_SHAPE = "any"
TAG_VALUE_TYPES = frozenset({"none", "any_string", "any_number", "oneof_string", "date"})
IMAGE_TAGS = frozenset({"all", "imagesOnly"})  # applicable_type values that reach images
OBJECT_TAGS = frozenset({"all", "objectsOnly"})
IMAGE_TAG_LABEL = "tag"  # the image-level label type image tags are read into


@dataclass(frozen=True, slots=True)
class ClassSpec:
    """One ``meta.json`` class: its title, shape, colour and (graph) keypoint template."""

    title: str
    shape: str
    color: str | None = None
    id: int | None = None
    nodes: tuple[tuple[str, str], ...] = ()  # (node id, label), in the template's order
    edges: tuple[tuple[str, str], ...] = ()  # node ids
    pointer: str = ""

    def node_labels(self) -> list[str]:
        return [label for _, label in self.nodes]


@dataclass(frozen=True, slots=True)
class TagSpec:
    """One tag meta: name, value type, the values of a ``oneof_string`` tag, where it applies."""

    name: str
    value_type: str
    values: tuple[str, ...] = ()
    applicable: str = "all"
    classes: tuple[str, ...] = ()
    pointer: str = ""


@dataclass(slots=True)
class Meta:
    """The classes and tags of a project, by title and name (the first of a repeated one)."""

    classes: dict[str, ClassSpec] = field(default_factory=dict)
    tags: dict[str, TagSpec] = field(default_factory=dict)


def read_meta(path: Path) -> tuple[Meta | None, list[Finding]]:
    """The project meta in ``path`` and what is wrong with it (for the importer)."""
    builder = DatasetBuilder(str(path), "supervisely", kind="meta")
    return load_meta(path, builder), builder.findings


def load_meta(path: Path, builder: DatasetBuilder) -> Meta | None:
    """The project meta in ``path``, or None when the file cannot be read as one."""
    loaded = read_json_file(path, builder)
    if loaded is None:
        return None
    doc = loaded.value
    if not isinstance(doc, dict):
        message = "a Supervisely meta.json is an object with classes and tags"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, pointer=""))
        return None
    meta = Meta()
    for index, raw in enumerate(_list(builder, doc, "classes")):
        spec = _class(builder, raw, f"/classes/{index}")
        if spec is not None:
            meta.classes.setdefault(spec.title, spec)
    for index, raw in enumerate(_list(builder, doc, "tags")):
        tag = _tag(builder, raw, f"/tags/{index}")
        if tag is not None:
            meta.tags.setdefault(tag.name, tag)
    return meta


def _list(builder: DatasetBuilder, doc: dict[str, Any], key: str) -> list[Any]:
    value = doc.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    message = f"{key} must be a list"
    builder.report(WRONG_TYPE, message, Place(builder.source, pointer=f"/{key}"))
    return []


def _text(builder: DatasetBuilder, raw: dict[str, Any], key: str, pointer: str) -> str | None:
    value = raw.get(key)
    if isinstance(value, str) and value:
        return value
    place = Place(builder.source, pointer=pointer)
    if value is None or value == "":
        builder.report(MISSING_FIELD, f"the entry has no {key}; it is left out", place)
    else:
        builder.report(WRONG_TYPE, f"{key} must be a string; the entry is left out", place)
    return None


def _class(builder: DatasetBuilder, raw: Any, pointer: str) -> ClassSpec | None:
    if not isinstance(raw, dict):
        builder.report(
            WRONG_TYPE, "a class must be an object", Place(builder.source, pointer=pointer)
        )
        return None
    title = _text(builder, raw, "title", pointer)
    shape = _text(builder, raw, "shape", pointer)
    if title is None or shape is None:
        return None
    color = raw.get("color") if isinstance(raw.get("color"), str) else None
    raw_id = raw.get("id")
    class_id = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else None
    nodes, edges = (
        _template(builder, raw.get("geometry_config"), pointer) if shape == "graph" else ((), ())
    )
    return ClassSpec(title, shape, color, class_id, nodes, edges, pointer)


def _template(
    builder: DatasetBuilder, config: Any, pointer: str
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The graph template's nodes (id, label) and edges of a keypoint class."""
    place = Place(builder.source, pointer=f"{pointer}/geometry_config")
    nodes_raw = config.get("nodes") if isinstance(config, dict) else None
    if not isinstance(nodes_raw, dict) or not nodes_raw:
        message = "a graph class needs geometry_config.nodes (its keypoint template)"
        builder.report(MISSING_FIELD, message, place)
        return (), ()
    nodes = tuple(
        (
            str(node_id),
            str(node.get("label") or node_id) if isinstance(node, dict) else str(node_id),
        )
        for node_id, node in nodes_raw.items()
    )
    known = {node_id for node_id, _ in nodes}
    edges: list[tuple[str, str]] = []
    raw_edges = config.get("edges") if isinstance(config, dict) else None
    for edge in raw_edges if isinstance(raw_edges, list) else ():
        if (
            isinstance(edge, dict)
            and str(edge.get("src")) in known
            and str(edge.get("dst")) in known
        ):
            edges.append((str(edge["src"]), str(edge["dst"])))
    return nodes, tuple(edges)


def _tag(builder: DatasetBuilder, raw: Any, pointer: str) -> TagSpec | None:
    if not isinstance(raw, dict):
        builder.report(
            WRONG_TYPE, "a tag must be an object", Place(builder.source, pointer=pointer)
        )
        return None
    name = _text(builder, raw, "name", pointer)
    value_type = _text(builder, raw, "value_type", pointer)
    if name is None or value_type is None:
        return None
    if value_type not in TAG_VALUE_TYPES:
        message = (
            f"value_type {value_type!r} is not a Supervisely tag value type; read as any_string"
        )
        builder.report(WRONG_TYPE, message, Place(builder.source, pointer=f"{pointer}/value_type"))
        value_type = "any_string"
    values = raw.get("values")
    options = tuple(str(v) for v in values) if isinstance(values, list) else ()
    applicable = raw.get("applicable_type")
    where = applicable if applicable in ("imagesOnly", "objectsOnly") else "all"
    classes = raw.get("classes")
    names = tuple(c for c in classes if isinstance(c, str)) if isinstance(classes, list) else ()
    return TagSpec(name, value_type, options, str(where), names, pointer)
