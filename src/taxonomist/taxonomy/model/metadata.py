"""What a taxonomy says about itself: owners, the guideline site, id spaces, thresholds."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Markdown

# The labeling tools the guideline site can explain, by their exporters' names
# (``taxonomist export --to``): a "Using <tool>" page and each class's hotkey in it.
GUIDELINE_TOOLS: tuple[str, ...] = ("label-studio", "cvat")


class Owner(Doc):
    name: str = Field(description="Person or team responsible for the taxonomy.")
    email: str | None = None
    role: str | None = Field(None, description="e.g. 'project lead', 'reviewer'.")


class GuidelinesConfig(Doc):
    base_url: str | None = Field(
        None,
        description="Where the published guideline site lives; findings link to "
        "<base_url>/classes/<name>/, /rules/<id>/ and /checks/<code>/.",
    )
    about: Markdown | None = Field(None, description="Extra Markdown for the site's about page.")
    credits: list[str] = Field(default_factory=list, description="Credit lines for images.")
    tools: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list,
        description="Labeling tools the annotators use (label-studio, cvat): the site gets "
        "a 'Using <tool>' page per tool and shows each class's label and hotkey in them.",
    )


class IdSpace(Doc):
    """A further numbering of classes (e.g. Cityscapes' train id)."""

    description: Markdown | None = None
    ignore_value: int | None = Field(None, description="Value for classes left out of it.")
    unique: bool = Field(True, description="Whether two classes may share a value.")


class Threshold(Doc):
    """A named threshold, defined once and referred to as ``$name`` from rules and guidance."""

    value: float
    unit: Literal["px", "fraction", "percent", "m", "cm", "deg", "count", "s"] = "px"
    description: Markdown | None = None
