"""The Scalabel / BDD100K vocabulary, shared by the reader, the importer and the exporter.

From scalabel/scalabel (commit 071d073598e7, Apache-2.0): ``scalabel/label/typing.py`` (the
``Frame``, ``Label``, ``Box2D``, ``Poly2D``, ``Config``, ``Category`` and ``Attribute`` models),
``doc/src/format.rst`` and ``doc/src/config.rst``; and from bdd100k/bdd100k (commit
9ac17c6c7c51, BSD-3-Clause): ``bdd100k/configs/det.toml`` (the detection categories) and the
frame attributes of its label files.

Box convention: ``box2d`` corners are **inclusive**. ``format.rst`` says "box includes the
pixel at x2,y2 - width = x2 - x1 + 1", and ``scalabel/label/transforms.py`` converts
``box2d_to_bbox`` as ``[x1, y1, x2 - x1 + 1, y2 - y1 + 1]`` (and ``bbox_to_box2d`` back with
``- 1``), which ``to_coco.py`` uses; so the reader's box is ``w = x2 - x1 + 1``.

Attribute names: BDD100K writes label attributes in camelCase (``trafficLightColor``) and the
Scalabel tool under the config's names (``Traffic Light Color``); neither is a taxonomy name.
``attribute_name`` turns both into the same snake_case name (``traffic_light_color``), and the
reader and the importer both use it, so a dataset checks against the taxonomy imported from
its config.
"""

from __future__ import annotations

import re

# Frame attributes BDD100K writes (image-level labels: one value each).
FRAME_ATTRIBUTES = ("weather", "scene", "timeofday")
# Label attributes of BDD100K detection (scalabel's examples/bbox_attributes.yml names them).
LABEL_ATTRIBUTES = ("occluded", "truncated", "trafficLightColor", "crowd")
POLY_VERTEX = "L"  # a vertex of a poly2d
POLY_CONTROL = "C"  # a control point of a cubic Bezier segment
SWITCH = "switch"  # a Scalabel attribute type (``toolType`` in the web tool): a yes/no
LIST = "list"  # one value of ``values``
# BDD100K detection classes (bdd100k/configs/det.toml), grouped as there.
BDD100K_DET: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("human", ("pedestrian", "rider")),
    ("vehicle", ("car", "truck", "bus", "train")),
    ("bike", ("motorcycle", "bicycle")),
    ("traffic light", ()),
    ("traffic sign", ()),
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_OTHER = re.compile(r"[^a-z0-9]+")


def attribute_name(key: str) -> str:
    """A Scalabel attribute key as a taxonomy attribute name: ``trafficLightColor`` and
    ``Traffic Light Color`` both become ``traffic_light_color`` ('' when nothing is left)."""
    return _OTHER.sub("_", _CAMEL.sub("_", key.strip()).lower()).strip("_")


def box_from_corners(x1: float, y1: float, x2: float, y2: float) -> tuple[float, ...]:
    """``x, y, w, h`` pixels of an inclusive ``box2d``."""
    return x1, y1, x2 - x1 + 1, y2 - y1 + 1
