"""Typed msgspec structures for COCO files: the fast path decodes straight into these.

Every field is optional (``None`` when absent) so that a missing field is an S001 finding
reported in bulk, not a decode failure; only a *mistyped* field fails the typed decode and
sends the file to the tolerant path. ``gc=False``: these objects hold no cycles, so the
collector need not track them (millions of them would otherwise make every collection slow).
Unknown keys are skipped by the decoder, except ``attributes`` which is kept, and ``info``
(small, untyped: it may name the taxonomy the file follows, ``formats._io.declared``).
"""

from __future__ import annotations

from typing import Any

import msgspec

Id = int | str


class CocoRle(msgspec.Struct, gc=False):
    """``{"size": [h, w], "counts": [...] | "compressed"}``."""

    counts: str | list[int] | None = None
    size: list[int] | None = None


class CocoAnn(msgspec.Struct, gc=False):
    """One record of ``annotations`` (instances, keypoints, labels, captions, results)."""

    id: Id | None = None
    image_id: Id | None = None
    category_id: int | None = None
    bbox: list[float] | None = None
    segmentation: list[list[float]] | CocoRle | None = None
    area: float | None = None
    iscrowd: int | bool | None = None
    keypoints: list[float] | None = None
    num_keypoints: int | None = None
    score: float | None = None
    caption: str | None = None
    attributes: dict[str, Any] | None = None


class CocoAnnRaw(msgspec.Struct, gc=False):
    """``CocoAnn`` for the fast path: the geometry stays raw JSON (``Raw()`` when absent)
    and is decoded in bulk afterwards (``formats.coco.geometry``)."""

    id: Id | None = None
    image_id: Id | None = None
    category_id: int | None = None
    bbox: msgspec.Raw = msgspec.Raw()
    segmentation: msgspec.Raw = msgspec.Raw()
    area: float | None = None
    iscrowd: int | bool | None = None
    keypoints: msgspec.Raw = msgspec.Raw()
    num_keypoints: int | None = None
    score: float | None = None
    caption: str | None = None
    attributes: dict[str, Any] | None = None


class CocoImage(msgspec.Struct, gc=False):
    id: Id | None = None
    file_name: str | None = None
    width: float | None = None
    height: float | None = None
    # LVIS v1 names the image by its URL alone, and lists the categories verified absent
    # from it and those not labelled exhaustively (typed by the builder: a mistyped list
    # is an S002 there, not a decode failure)
    coco_url: str | None = None
    neg_category_ids: Any = None
    not_exhaustive_category_ids: Any = None


class CocoDoc(msgspec.Struct, gc=False):
    """A COCO dataset file. ``categories`` stays dicts: it is small, keys of other tools
    (``isthing``, ``color``, ``synonyms``...) must not fail the decode, and
    ``formats.coco.categories`` types each field it reads itself (a mistyped one is an S002)."""

    images: list[CocoImage] | None = None
    annotations: list[CocoAnnRaw] | None = None
    categories: list[dict[str, Any]] | None = None
    info: Any = None  # any type: a mistyped info must not send the file to the slow path


class CocoDocTyped(msgspec.Struct, gc=False):
    """What the tolerant path recovers: annotations with decoded geometry."""

    images: list[CocoImage] | None = None
    annotations: list[CocoAnn] | None = None
    categories: list[dict[str, Any]] | None = None
    info: Any = None


class PanopticSegment(msgspec.Struct, gc=False):
    id: int | None = None
    category_id: int | None = None
    bbox: list[float] | None = None
    area: float | None = None
    iscrowd: int | bool | None = None
    attributes: dict[str, Any] | None = None


class PanopticAnn(msgspec.Struct, gc=False):
    image_id: Id | None = None
    file_name: str | None = None
    segments_info: list[PanopticSegment] | None = None


class PanopticDoc(msgspec.Struct, gc=False):
    images: list[CocoImage] | None = None
    annotations: list[PanopticAnn] | None = None
    categories: list[dict[str, Any]] | None = None
    info: Any = None
