"""Migrating annotation files from one taxonomy version to the next (``taxonomist migrate``).

``plan.make_plan(old, new)`` says what becomes of every class, attribute value and keypoint;
each format's rewriter (registered below, keyed by the names ``taxonomist check --format``
uses) turns one source into the bytes to write and the objects it could not place
(``reannotate`` writes that list).
"""

from __future__ import annotations

from taxonomist.interop.migrate import coco, native, yolo
from taxonomist.interop.migrate.base import Rewriter

REWRITERS: dict[str, Rewriter] = {
    "native": native.rewrite,
    "coco": coco.rewrite,
    "yolo": yolo.rewrite,
}
