"""The edge-case check kinds a rule may carry, each with what the language knows of it."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Name, Number, Scalar
from taxonomist.taxonomy.model.conditions import Condition


class CheckBase(Doc):
    """An edge-case check kind, as the language knows it.

    The class variables say what only the language side knows about a kind, so lint, the
    derivation of subsets and the guideline site ask the kind instead of listing kinds:

    * ``label_kinds``: the label-type kinds a ``label_type`` field of this kind may name
      (empty: any kind; a kind without ``label_type`` leaves it empty);
    * ``names_classes``: the kind names other classes in ``classes`` (inside-class, overlap);
    * ``names_attribute``: the kind names an attribute in ``attribute``.

    The checker side of a kind (its code and the function that runs it) is one entry of
    ``taxonomist.check.rules.edge_cases.KINDS``.
    """

    label_kinds: ClassVar[tuple[str, ...]] = ()
    names_classes: ClassVar[bool] = False
    names_attribute: ClassVar[bool] = False


class BoxSizeCheck(CheckBase):
    label_kinds = ("box",)
    name: Literal["box-size"]
    label_type: Name | None = None
    min_width: Number | None = None
    min_height: Number | None = None
    min_area: Number | None = None
    max_width: Number | None = None
    max_height: Number | None = None
    max_area: Number | None = None
    relative: bool = Field(False, description="Numbers are fractions of the image size.")


class AspectRatioCheck(CheckBase):
    label_kinds = ("box",)
    name: Literal["aspect-ratio"]
    label_type: Name | None = None
    min: Number | None = Field(None, description="Smallest width / height.")
    max: Number | None = None


class InsideImageCheck(CheckBase):
    name: Literal["inside-image"]
    tolerance: Number = 0.0


class InsideClassCheck(CheckBase):
    """Each object lies inside (mostly) an object of one of ``classes`` (part-of)."""

    names_classes = True
    name: Literal["inside-class"]
    classes: list[Name] = Field(min_length=1)
    min_fraction: Number = Field(0.9, description="Share of the box that must be inside.")


class OverlapCheck(CheckBase):
    """Objects may (max_iou) or must (min_iou) overlap objects of other classes."""

    names_classes = True
    name: Literal["overlap"]
    classes: list[Name] = Field(min_length=1)
    max_iou: Number | None = None
    min_iou: Number | None = None


class CountCheck(CheckBase):
    name: Literal["count-per-image"]
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, ge=0)


class AttributeRequiredCheck(CheckBase):
    names_attribute = True
    name: Literal["attribute-required"]
    attribute: Name
    when: Condition | None = None


class AttributeValueCheck(CheckBase):
    """When ``when`` holds, the attribute must take one of ``allowed``."""

    names_attribute = True
    name: Literal["attribute-value"]
    attribute: Name
    allowed: list[Scalar] = Field(min_length=1)
    when: Condition | None = None


class KeypointsVisibleCheck(CheckBase):
    label_kinds = ("keypoints",)
    name: Literal["keypoints-min-visible"]
    label_type: Name | None = None
    min: Number


class MaskAreaCheck(CheckBase):
    label_kinds = ("mask",)
    name: Literal["mask-min-area"]
    label_type: Name | None = None
    min: Number


class ForbiddenClassCheck(CheckBase):
    """The class must not be used at all (with guidance saying what to do instead)."""

    name: Literal["forbidden"]


Check = Annotated[
    BoxSizeCheck
    | AspectRatioCheck
    | InsideImageCheck
    | InsideClassCheck
    | OverlapCheck
    | CountCheck
    | AttributeRequiredCheck
    | AttributeValueCheck
    | KeypointsVisibleCheck
    | MaskAreaCheck
    | ForbiddenClassCheck,
    Field(discriminator="name"),
]
