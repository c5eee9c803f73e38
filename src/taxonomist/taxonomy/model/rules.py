"""Rules: guidance for annotators, the check that enforces it, and worked examples."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Markdown, Name
from taxonomist.taxonomy.model.checks import Check


class Example(Doc):
    """An image with its native-format annotation, shown on the site and checked."""

    image: str = Field(description="Image path, relative to the taxonomy file.")
    annotation: str = Field(description="Native annotation JSON, relative to the taxonomy file.")
    verdict: Literal["do", "dont"]
    caption: Markdown


class AppliesTo(Doc):
    classes: list[Name] = Field(default_factory=list, description="Classes or subtrees.")
    label_types: list[Name] = Field(default_factory=list)


class Rule(Doc):
    title: str
    guidance: Markdown
    topic: str | None = Field(
        None, description="e.g. depiction, reflection, occlusion, scope, night."
    )
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    severity: Literal["error", "warning", "info"] = "error"
    check: Check | None = Field(None, description="Omit for guidance-only rules.")
    examples: list[Example] = Field(default_factory=list)


class CheckOverride(Doc):
    severity: Literal["error", "warning", "info", "off"]
