"""What links classes: typed relations between objects, and maps to other class sets."""

from __future__ import annotations

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Markdown, Name


class Relation(Doc):
    """A typed link between two objects (a rider *on* a bicycle)."""

    description: Markdown | None = None
    subject: list[Name] = Field(min_length=1, description="Classes or subtrees.")
    object: list[Name] = Field(min_length=1)
    max_per_subject: int | None = Field(None, ge=1)
    required: bool = Field(False, description="Every subject must have one.")


class LabelMap(Doc):
    """A mapping to another class set (coarse classes, an evaluation set)."""

    description: Markdown | None = None
    map: dict[Name, str | None]
    complete: bool = Field(True, description="Every labellable class must be mapped.")
