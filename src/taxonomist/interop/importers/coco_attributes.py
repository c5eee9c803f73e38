"""Attributes of COCO annotations written by datumaro and CVAT (``"attributes": {...}`` on each
annotation, not in the COCO standard). Each key becomes a taxonomy attribute, typed from the
values seen (all booleans: bool; all whole numbers: int; numbers: float; else text), used
optionally by the classes whose annotations carry it."""

from __future__ import annotations

from typing import Any

from taxonomist.interop.importers.common import attribute_type, to_name, value_kind


def scan_attributes(annotations: Any) -> dict[str, tuple[set[str], set[int]]]:
    """Attribute key -> (value kinds seen, category ids using it), in first-seen order."""
    found: dict[str, tuple[set[str], set[int]]] = {}
    for ann in annotations if isinstance(annotations, list) else ():
        attributes = ann.get("attributes") if isinstance(ann, dict) else None
        category_id = ann.get("category_id") if isinstance(ann, dict) else None
        if not isinstance(attributes, dict) or not isinstance(category_id, int):
            continue
        for key, value in attributes.items():
            kinds, users = found.setdefault(str(key), (set(), set()))
            kinds.add(value_kind(value))
            users.add(category_id)
    return found


def attribute_definitions(
    found: dict[str, tuple[set[str], set[int]]], notes: list[str]
) -> dict[str, Any]:
    """Taxonomy ``attributes`` for the keys that are valid names (others noted, skipped)."""
    definitions: dict[str, Any] = {}
    for key, (kinds, _users) in found.items():
        if to_name(key) != key:
            notes.append(f"annotation attribute {key!r} skipped: not a valid attribute name")
            continue
        definitions[key] = {"type": attribute_type(kinds)}
    return definitions
