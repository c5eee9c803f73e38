"""Changing a taxonomy safely: what changed between two versions, and what old files become.

``diff(old, new)`` classifies every change (``change.model``) and says which ones break
existing annotation files; ``change.fates`` says what each old class, attribute value and
keypoint becomes, for ``taxonomist migrate``; ``change.source`` reads a version from a file or
a git revision (``git:REF:path``).
"""

from __future__ import annotations

from taxonomist.taxonomy.change.fates import (
    ClassFate,
    KeypointOrder,
    choose_split,
    class_fates,
    keypoint_orders,
    value_maps,
)
from taxonomist.taxonomy.change.model import Change, ChangeKind, TaxonomyDiff
from taxonomist.taxonomy.change.source import is_revision, load_any, load_revision

__all__ = [
    "Change",
    "ChangeKind",
    "ClassFate",
    "KeypointOrder",
    "TaxonomyDiff",
    "choose_split",
    "class_fates",
    "is_revision",
    "keypoint_orders",
    "load_any",
    "load_revision",
    "value_maps",
]
