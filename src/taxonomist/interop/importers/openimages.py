"""Open Images: a starter taxonomy from a class hierarchy (``bbox_labels_600_hierarchy.json``:
nested ``{LabelName, Subcategory: [...]}`` with MIDs only).

Ids are generated in depth-first traversal order: the root (Entity) gets 0 and is abstract,
the classes get 1, 2, ... in the order they are first met, so the same file always gives the
same ids. Open Images puts some classes under several parents; the language has a single
``parent``, so the first parent met is the ``parent`` and the others are kept, as MIDs, in
``external_ids.openimages_also_under`` (space-separated) and listed in the import notes.
Every class keeps its MID in ``external_ids.openimages``. With a class-descriptions CSV
(``MID,DisplayName``, as Open Images publishes it) classes get readable names and titles and
the MID becomes an alias (and the display name too, where it is a spelling of the name:
``Golf ball`` for ``golf_ball``), so rows naming classes either way match; without it the name
is the MID with ``/`` as ``.`` (``m.0bl9f``).

FILE may also be an Open Images dataset folder (the reader's layout,
``formats/openimages/layout.py``): the hierarchy and the class descriptions are taken from
its ``annotations/`` folder (either may be absent, not both). Every described class is a
class, as Datumaro reads the dataset: one the hierarchy does not place goes under its root
(or is a top-level class where there is no hierarchy), and the import notes count them.
Classes get a ``box`` label type and the multi-label ``image_labels`` for the dataset's
verified image-level labels.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.openimages import layout
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    bad_input,
    default_name,
    document_head,
    read_input_text,
    read_json,
    starter_document,
    to_name,
)
from taxonomist.taxonomy.resolved import normalize_name

HINT = "expected an Open Images hierarchy: {LabelName: /m/..., Subcategory: [...]}"
MAX_DEPTH = 100
BOX = {"kind": "box", "format": "xyxy", "units": "normalized"}
IMAGE_LABELS = {"kind": "multi_label"}
LABEL_TYPES = ["box", "image_labels"]
FOLDER_HINT = (
    "an Open Images dataset folder holds annotations/bbox_labels_600_hierarchy.json or "
    "annotations/oidv6-class-descriptions.csv"
)


@dataclass
class _Node:
    mid: str
    parents: list[str] = field(default_factory=list)


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from an Open Images hierarchy file or dataset folder."""
    hierarchy: Path | None = path
    names_file = options.names_file
    described: list[str] = []
    if path.is_dir():
        hierarchy, found = _dataset_files(path)
        names_file = names_file or found
    nodes = _walk(hierarchy, read_json(hierarchy)) if hierarchy is not None else {}
    display = _display_names(names_file) if names_file else {}
    if path.is_dir():
        described = _place_described(nodes, display)
    names = _names(nodes, display)
    roots = [mid for mid, node in nodes.items() if not node.parents]
    notes = [f"{len(nodes) - len(roots)} classes under the root {roots[0]}"] if hierarchy else []
    if described:
        where = f"under the root {roots[0]}" if hierarchy else "as top-level classes"
        notes.append(f"{len(described)} described classes not in a hierarchy, placed {where}")
    classes = {
        names[node.mid]: _class(index, node, names, display, notes, root=hierarchy is not None)
        for index, node in enumerate(nodes.values())
    }
    name = default_name(path, options.name)
    head = document_head(name, "Open Images (imported)", _description(path))
    doc = starter_document(head, {"box": BOX, "image_labels": IMAGE_LABELS}, classes)
    return ImportResult(document=doc, notes=tuple(notes))


def _dataset_files(folder: Path) -> tuple[Path | None, Path | None]:
    """The hierarchy and the class descriptions of a dataset folder (either may be None)."""
    annotations = layout.annotations_dir(folder)
    try:
        listing = sorted(p.name for p in annotations.iterdir())
    except OSError as exc:
        raise InvalidInput(f"{annotations}: cannot list: {exc.strerror or exc}") from None
    hierarchy = annotations / layout.HIERARCHY_FILE
    names = layout.class_descriptions_file(listing)
    found = (
        hierarchy if layout.HIERARCHY_FILE in listing else None,
        annotations / names if names else None,
    )
    if found == (None, None):
        raise InvalidInput(f"{folder}: no class hierarchy or class descriptions", hint=FOLDER_HINT)
    return found


def _place_described(nodes: dict[str, _Node], display: dict[str, str]) -> list[str]:
    """Add the described MIDs the hierarchy does not hold: under its root, or as roots."""
    root = next(iter(nodes), None)
    added = [mid for mid in display if mid not in nodes]
    for mid in added:
        nodes[mid] = _Node(mid, [root] if root is not None else [])
    return added


def _description(path: Path) -> str:
    what = "dataset" if path.is_dir() else "hierarchy"
    return (
        f"Starter taxonomy imported from the Open Images {what} `{path.name}` by "
        "`taxonomist import openimages`. Ids follow the hierarchy's traversal order. A class "
        "listed under several parents has the first as `parent`; the others are kept as MIDs "
        "in `external_ids.openimages_also_under`."
    )


def _walk(path: Path, data: Any) -> dict[str, _Node]:
    """MID -> node, in first-met depth-first order, with every distinct parent."""
    nodes: dict[str, _Node] = {}
    stack: list[tuple[Any, str | None, str, int]] = [(data, None, "", 0)]
    while stack:
        item, parent, pointer, depth = stack.pop()
        mid = _mid(path, item, pointer, depth)
        node = nodes.setdefault(mid, _Node(mid))
        if parent is not None and parent not in node.parents:
            node.parents.append(parent)
        children = item.get("Subcategory") or []
        if not isinstance(children, list):
            raise bad_input(path, pointer + "/Subcategory", "Subcategory must be a list", HINT)
        for index in reversed(range(len(children))):
            stack.append((children[index], mid, f"{pointer}/Subcategory/{index}", depth + 1))
    return nodes


def _mid(path: Path, item: Any, pointer: str, depth: int) -> str:
    if depth > MAX_DEPTH:
        raise bad_input(path, pointer, f"hierarchy deeper than {MAX_DEPTH}", HINT)
    mid = item.get("LabelName") if isinstance(item, dict) else None
    if not isinstance(mid, str) or not to_name(mid):
        raise bad_input(path, pointer or "/", "missing LabelName", HINT)
    return mid


def _display_names(path: Path) -> dict[str, str]:
    """MID -> DisplayName from a class-descriptions CSV (header row optional)."""
    try:
        rows = list(csv.reader(io.StringIO(read_input_text(path), newline="")))
    except csv.Error as exc:
        raise InvalidInput(f"{path}: cannot read class descriptions: {exc}") from None
    return {row[0].strip(): row[1].strip() for row in rows if len(row) >= 2 and row[0][:1] == "/"}


def _names(nodes: dict[str, _Node], display: dict[str, str]) -> dict[str, str]:
    book = NameBook()
    fallbacks = {mid: to_name(mid.strip("/").replace("/", ".")) for mid in nodes}
    for mid in nodes:  # MID-based names first, so no display name can take one
        if mid not in display:
            book.reserve(fallbacks[mid])
    names: dict[str, str] = {}
    for mid in nodes:
        wanted = to_name(display[mid]) if mid in display else ""
        names[mid] = book.claim(wanted, fallbacks[mid]) if wanted else fallbacks[mid]
    return names


def _class(
    new_id: int,
    node: _Node,
    names: dict[str, str],
    display: dict[str, str],
    notes: list[str],
    *,
    root: bool = True,
) -> dict[str, Any]:
    """One class; a class without parents is the hierarchy's abstract ``root`` (or, with no
    hierarchy, a class of its own), and holds the label types and group-of for its tree."""
    entry: dict[str, Any] = {"id": new_id}
    if node.mid in display:
        entry["title"] = display[node.mid]
    if node.parents:
        entry["parent"] = names[node.parents[0]]
    else:
        if root:
            entry["abstract"] = True
        entry.update(label_types=LABEL_TYPES, group_of=True)
    if node.mid in display:
        entry["aliases"] = [node.mid]
        shown = display[node.mid]
        name = names[node.mid]
        if shown != name and normalize_name(shown) == normalize_name(name):
            entry["aliases"].append(shown)  # how files that use display names write it
    entry["external_ids"] = {"openimages": node.mid}
    if len(node.parents) > 1:
        entry["external_ids"]["openimages_also_under"] = " ".join(node.parents[1:])
        also = ", ".join(names[p] for p in node.parents[1:])
        notes.append(f"{names[node.mid]}: parent {names[node.parents[0]]}; also under {also}")
    return entry
