"""Classes: their definitions, and the refinements a derived taxonomy makes to them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from taxonomist.taxonomy.model.attributes import AttributeUse, Presence
from taxonomist.taxonomy.model.base import COLOR_PATTERN, Doc, Markdown, Name
from taxonomist.taxonomy.model.change import SplitTarget


class Exclude(Doc):
    """Something that is *not* this class, optionally naming the class to use instead."""

    text: Markdown
    use: Name | None = Field(None, description="Label it as this class instead.")


class Versus(Doc):
    """A pairwise decision test: how to tell this class from a look-alike."""

    other: Name = Field(alias="class")
    test: Markdown


class ClassDef(Doc):
    id: int = Field(ge=0, description="Stable numeric id; never reused, even when deprecated.")
    title: str | None = None
    parent: Name | None = Field(None, description="is-a parent.")
    part_of: Name | None = Field(None, description="The whole this class is a part of.")
    abstract: bool = Field(False, description="A grouping node that cannot be labelled.")
    definition: Markdown | None = None
    includes: list[Markdown] = Field(default_factory=list)
    excludes: list[Exclude | Markdown] = Field(default_factory=list)
    versus: list[Versus] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list, description="Other names people use.")
    aliases: list[str] = Field(
        default_factory=list, description="Foreign names (other tools, datasets) mapped here."
    )
    color: Annotated[str, Field(pattern=COLOR_PATTERN)] | None = None
    label_types: list[Name] | None = Field(None, description="Default: inherited from parent.")
    kind: Literal["thing", "stuff"] | None = Field(None, description="stuff: no instances.")
    crowd: bool | None = Field(None, description="Crowd regions allowed.")
    group_of: bool | None = Field(None, description="Group-of boxes allowed (Open Images).")
    evaluated: bool | None = None
    region: Literal["ignore", "dont_care", "crowd", "no_label", "void"] | None = Field(
        None, description="A special region, not an object; carries no attributes."
    )
    ids: dict[Name, int] = Field(default_factory=dict, description="Values in other id spaces.")
    attributes: dict[Name, Presence | AttributeUse] = Field(default_factory=dict)
    deprecated: bool = False
    replaced_by: Name | None = None
    split_into: list[Name | SplitTarget] = Field(
        default_factory=list,
        description="With deprecated: the classes that replace this one; a 'when' on a "
        "target decides which one an old object becomes.",
    )
    frequency: str | None = Field(None, description="Free-form rarity note, e.g. LVIS r/c/f.")
    external_ids: dict[str, str] = Field(
        default_factory=dict, description="e.g. {wordnet: dog.n.01, openimages: /m/0bt9lr}."
    )

    @model_validator(mode="after")
    def _replacement_needs_deprecation(self) -> ClassDef:
        if self.replaced_by is not None and not self.deprecated:
            raise ValueError("replaced_by is only meaningful with deprecated: true")
        if self.split_into and not self.deprecated:
            raise ValueError("split_into is only meaningful with deprecated: true")
        if self.split_into and self.replaced_by is not None:
            raise ValueError("a class is either replaced_by one class or split_into several")
        return self

    def split_targets(self) -> tuple[SplitTarget, ...]:
        """``split_into`` with every entry as a ``SplitTarget``."""
        return tuple(
            SplitTarget(**{"class": t}) if isinstance(t, str) else t for t in self.split_into
        )


class ClassRefinement(Doc):
    """Changes a derived taxonomy makes to a class it inherits through ``extends``."""

    definition: Markdown | None = None
    includes: list[Markdown] | None = None
    excludes: list[Exclude | Markdown] | None = None
    versus: list[Versus] | None = None
    synonyms: list[str] | None = None
    aliases: list[str] | None = None
    color: Annotated[str, Field(pattern=COLOR_PATTERN)] | None = None
    label_types: list[Name] | None = None
    crowd: bool | None = None
    evaluated: bool | None = None
    ids: dict[Name, int] | None = None
    attributes: dict[Name, Presence | AttributeUse] | None = None
    deprecated: bool | None = None
    replaced_by: Name | None = None
