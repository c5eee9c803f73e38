"""Label types: the image-level questions and the shapes objects are drawn with."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Markdown, Name, Number, Scalar


class LabelTypeBase(Doc):
    title: str | None = None
    description: Markdown | None = Field(None, description="How to draw it (site page).")


class BinaryLabel(LabelTypeBase):
    """Image-level yes/no question, e.g. a quality flag ('is the image blurry?')."""

    kind: Literal["binary"]
    question: str | None = None
    values: tuple[Scalar, Scalar] = (False, True)


class MultiClassLabel(LabelTypeBase):
    """Image-level: exactly one class per image."""

    kind: Literal["multi_class"]
    classes: list[Name] | None = Field(
        None, description="Allowed classes or subtrees; default: classes listing this type."
    )


class MultiLabel(LabelTypeBase):
    """Image-level: any number of classes per image, with mutually exclusive groups."""

    kind: Literal["multi_label"]
    classes: list[Name] | None = None
    exclusive_groups: list[list[Name]] = Field(default_factory=list)
    min_labels: int = Field(0, ge=0)
    max_labels: int | None = Field(None, ge=1, description="At most this many per image.")


class BoxLabel(LabelTypeBase):
    kind: Literal["box"]
    format: Literal["xywh", "xyxy", "cxcywh"] = "xywh"
    units: Literal["pixels", "normalized"] = "pixels"
    extent: Literal["full", "visible"] = Field(
        "full", description="Full extent (amodal, guessed behind occluders) or visible part."
    )
    clip_to_image: bool = Field(True, description="Boxes are clipped at the image edge.")
    tolerance: float = Field(1.0, ge=0, description="Pixels a box may stick out of the image.")
    inside: Name | None = Field(None, description="Another label type this shape lies inside.")
    rotated: bool = False


class PolygonLabel(LabelTypeBase):
    kind: Literal["polygon"]
    min_points: int = Field(3, ge=3)
    holes: bool = False
    multipart: bool = Field(True, description="An object may have several parts.")
    inside: Name | None = None


class PolylineLabel(LabelTypeBase):
    kind: Literal["polyline"]
    min_points: int = Field(2, ge=2)


class MaskLabel(LabelTypeBase):
    kind: Literal["mask"]
    mode: Literal["semantic", "instance", "panoptic"] = "instance"
    void_value: int | None = Field(None, description="Pixel value meaning 'void / ignore'.")
    id_space: str | None = Field(None, description="Pixel values from this id space, not 'id'.")
    overlaps: bool = Field(False, description="Whether instance masks may overlap.")
    holes: bool = True
    min_area: Number | None = Field(None, description="Smallest allowed patch in pixels.")
    inside: Name | None = None


class KeypointLabel(LabelTypeBase):
    kind: Literal["keypoints"]
    keypoints: list[Name] = Field(min_length=1, description="Ordered keypoint names.")
    skeleton: list[tuple[Name, Name]] = Field(default_factory=list)
    flip_pairs: list[tuple[Name, Name]] = Field(
        default_factory=list, description="Left/right pairs, from the subject's view."
    )
    sigmas: dict[Name, float] = Field(default_factory=dict, description="OKS sigma per keypoint.")
    visibility: Literal["coco", "binary"] = Field(
        "coco", description="coco: 0 not labelled, 1 labelled but hidden, 2 visible."
    )
    min_visible: int = Field(0, ge=0)
    inside: Name | None = Field(None, description="Label type (box) the points lie inside.")


LabelType = Annotated[
    BinaryLabel
    | MultiClassLabel
    | MultiLabel
    | BoxLabel
    | PolygonLabel
    | PolylineLabel
    | MaskLabel
    | KeypointLabel,
    Field(discriminator="kind"),
]
IMAGE_LEVEL_KINDS = frozenset({"binary", "multi_class", "multi_label"})
