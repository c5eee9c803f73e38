"""Attributes: their types, values derived from others, and how a class uses one."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Markdown, Number, Scalar
from taxonomist.taxonomy.model.conditions import Condition


class AttributeBase(Doc):
    title: str | None = None
    description: Markdown | None = None
    computed: ComputedField | None = Field(
        None, description="The value is derived, not drawn; the checker re-derives it."
    )


class BoolAttribute(AttributeBase):
    type: Literal["bool"]


class TriStateAttribute(AttributeBase):
    """Yes / no / unknown: for questions an annotator cannot always answer."""

    type: Literal["tristate"]
    values: tuple[str, str, str] = ("yes", "no", "unknown")


class EnumAttribute(AttributeBase):
    type: Literal["enum"]
    values: list[Scalar] = Field(min_length=1)
    multiple: bool = Field(False, description="A list of values instead of one.")
    exclusive_groups: list[list[Scalar]] = Field(
        default_factory=list, description="With multiple: at most one value from each group."
    )
    value_descriptions: dict[str, Markdown] = Field(default_factory=dict)


class NumberAttribute(AttributeBase):
    type: Literal["int", "float"]
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None


class OrdinalAttribute(AttributeBase):
    """Ordered bins with numeric edges, e.g. visibility 0-40-60-80-100 %."""

    type: Literal["ordinal"]
    edges: list[float] = Field(min_length=2)
    labels: list[str] | None = Field(None, description="One label per bin (len(edges) - 1).")
    unit: str | None = None


class TextAttribute(AttributeBase):
    type: Literal["text"]
    max_length: int | None = Field(None, ge=1)
    pattern: str | None = None


Attribute = Annotated[
    BoolAttribute
    | TriStateAttribute
    | EnumAttribute
    | NumberAttribute
    | OrdinalAttribute
    | TextAttribute,
    Field(discriminator="type"),
]


class ComputedCase(Doc):
    when: Condition | None = Field(None, description="Omit for the fallback case.")
    min_box_height: Number | None = None
    value: Scalar


class ComputedField(Doc):
    """A field derived from others (KITTI difficulty from height, occlusion, truncation)."""

    description: Markdown | None = None
    cases: list[ComputedCase] = Field(default_factory=list)


Presence = Literal["required", "optional", "forbidden"]
# The value a labelling tool writes for a question nobody answered (CVAT's blank first
# choice, which ``taxonomist export`` offers instead of pre-selecting an answer): the
# checker reads an attribute with this value as not given.
UNANSWERED = ""


class AttributeUse(Doc):
    """How a class uses an attribute; inherited down the hierarchy unless overridden."""

    presence: Presence = "optional"
    when: Condition | None = Field(
        None, description="With presence 'required': required only when this holds."
    )
    values: list[Scalar] | None = Field(None, description="Restrict enum values for this class.")
