"""How ``taxonomist agree`` matches two annotators' objects: the thresholds and the shape."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc

MatchBy = Literal["box", "mask", "keypoints"]


class Agreement(Doc):
    """Agreement between annotators: two objects are the same object when their overlap
    reaches the threshold (defaults as CVAT's and Datumaro's: IoU 0.5)."""

    iou: float = Field(
        0.5, ge=0, le=1, description="Least box or mask IoU at which two objects match."
    )
    oks: float = Field(
        0.5, ge=0, le=1, description="Least keypoint similarity (OKS) at which two poses match."
    )
    match_by: MatchBy = Field(
        "box",
        description="The shape objects are matched by: box IoU, mask IoU (run-length masks, "
        "boxes where a side has none) or OKS with the keypoint label type's sigmas.",
    )
