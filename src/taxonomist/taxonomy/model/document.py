"""A taxonomy file as written, and a fragment it includes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from taxonomist.taxonomy.model.agreement import Agreement
from taxonomist.taxonomy.model.attributes import Attribute
from taxonomist.taxonomy.model.base import RULE_ID_PATTERN, SEMVER_PATTERN, Doc, Markdown, Name
from taxonomist.taxonomy.model.change import Migration
from taxonomist.taxonomy.model.classes import ClassDef, ClassRefinement
from taxonomist.taxonomy.model.label_types import LabelType
from taxonomist.taxonomy.model.metadata import GuidelinesConfig, IdSpace, Owner, Threshold
from taxonomist.taxonomy.model.relations import LabelMap, Relation
from taxonomist.taxonomy.model.rules import CheckOverride, Rule
from taxonomist.taxonomy.model.translations import LanguageTag, Translation


class TaxonomyDocument(Doc):
    """One taxonomy file as written."""

    schema_: str | None = Field(None, alias="$schema")
    name: Name
    version: Annotated[str, Field(pattern=SEMVER_PATTERN)]
    title: str | None = None
    description: Markdown | None = None
    owners: list[Owner | str] = Field(default_factory=list)
    license: str | None = None
    language: LanguageTag = Field(
        "en", description="The language the taxonomy is written in (BCP 47: en, de, pt-BR)."
    )
    extends: str | None = Field(None, description="Path of a base taxonomy, relative to this.")
    include: list[str] = Field(default_factory=list, description="Fragments merged into this.")
    subset: list[Name] | None = Field(
        None, description="With extends: keep only these classes (and subtrees) of the base."
    )
    guidelines: GuidelinesConfig = Field(default_factory=GuidelinesConfig)
    agreement: Agreement = Field(
        default_factory=Agreement,
        description="How taxonomist agree matches annotators' objects (thresholds, shape).",
    )
    id_spaces: dict[Name, IdSpace] = Field(default_factory=dict)
    thresholds: dict[Name, Threshold] = Field(default_factory=dict)
    label_types: dict[Name, LabelType] = Field(default_factory=dict)
    attributes: dict[Name, Attribute] = Field(default_factory=dict)
    classes: dict[Name, ClassDef] = Field(default_factory=dict)
    refine: dict[Name, ClassRefinement] = Field(
        default_factory=dict, description="Changes to classes inherited through extends."
    )
    relations: dict[Name, Relation] = Field(default_factory=dict)
    label_maps: dict[Name, LabelMap] = Field(default_factory=dict)
    rules: dict[Annotated[str, Field(pattern=RULE_ID_PATTERN)], Rule] = Field(default_factory=dict)
    checks: dict[str, CheckOverride] = Field(
        default_factory=dict, description="Severity overrides for checker codes."
    )
    migrations: list[Migration] = Field(
        default_factory=list,
        description="Attribute values renamed or removed since the previous version, and "
        "the value old files' objects get (taxonomist migrate).",
    )
    previous: str | None = Field(
        None,
        description="The previous version of this taxonomy, kept as a file (relative path) "
        "or as git:REF:path; the guideline site's changes page and taxonomist diff read it.",
    )
    changelog: list[str] = Field(
        default_factory=list,
        description="Git revisions (tags, commits) holding earlier versions of this file, "
        "newest first; default: the repository's v* tags.",
    )
    translations: dict[LanguageTag, Translation] = Field(
        default_factory=dict,
        description="The text in other languages, by BCP 47 tag; a file "
        "<name>.<language>.yaml beside this one may hold one instead.",
    )


class Fragment(Doc):
    """A file named by ``include:``: any section of a document, without metadata."""

    id_spaces: dict[Name, IdSpace] = Field(default_factory=dict)
    thresholds: dict[Name, Threshold] = Field(default_factory=dict)
    label_types: dict[Name, LabelType] = Field(default_factory=dict)
    attributes: dict[Name, Attribute] = Field(default_factory=dict)
    classes: dict[Name, ClassDef] = Field(default_factory=dict)
    relations: dict[Name, Relation] = Field(default_factory=dict)
    label_maps: dict[Name, LabelMap] = Field(default_factory=dict)
    rules: dict[Annotated[str, Field(pattern=RULE_ID_PATTERN)], Rule] = Field(default_factory=dict)
