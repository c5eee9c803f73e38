"""Translations: the text of a taxonomy in another language, and the file that carries one.

A translation mirrors the taxonomy's own layout (``classes/person/definition``), but holds
only what annotators read: titles, definitions, includes, excludes, versus tests, synonyms,
guidance, example captions, descriptions, questions and value descriptions. Names, ids,
colours, values and numbers are the same in every language and have no place here. A list
(includes, excludes, captions, credits) is translated item by item, in the source's order;
a ``null`` item, a missing one at the end, or a missing field keeps the source text.

``taxonomy.translations`` applies one (``localized``) and lists what it lacks
(``untranslated``); lint checks that every name it uses exists in the taxonomy.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from taxonomist.taxonomy.model.base import RULE_ID_PATTERN, Doc, Markdown, Name

# BCP 47, as far as a guideline site needs it: a language (``de``), then optionally a
# script (``zh-Hant``) and a region (``pt-BR``, ``es-419``), in their canonical case.
LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
LanguageTag = Annotated[str, Field(pattern=LANGUAGE_TAG_PATTERN, max_length=16)]

Items = list[Markdown | None]


class ExampleTranslation(Doc):
    caption: Markdown | None = None


class ClassTranslation(Doc):
    title: str | None = Field(None, description="Default: the class name, untranslated.")
    definition: Markdown | None = None
    includes: Items | None = Field(None, description="One item per include, in order.")
    excludes: Items | None = Field(
        None, description="One item per exclude, in order (its text; the class to use stays)."
    )
    versus: dict[Name, Markdown] = Field(
        default_factory=dict, description="The test against each look-alike, by its class name."
    )
    synonyms: list[str] | None = Field(
        None, description="Other names people use in this language (replace the source's)."
    )


class RuleTranslation(Doc):
    title: str | None = None
    guidance: Markdown | None = None
    examples: list[ExampleTranslation | None] | None = Field(
        None, description="One item per example, in order."
    )


class ComputedTranslation(Doc):
    description: Markdown | None = None


class AttributeTranslation(Doc):
    title: str | None = None
    description: Markdown | None = None
    value_descriptions: dict[str, Markdown] = Field(
        default_factory=dict, description="Enum attributes: the description of each value."
    )
    computed: ComputedTranslation | None = None


class LabelTypeTranslation(Doc):
    title: str | None = None
    description: Markdown | None = None
    question: str | None = Field(None, description="Binary label types: the question.")


class DescriptionTranslation(Doc):
    """A threshold, relation or label map: its description (numbers are not translated)."""

    description: Markdown | None = None


class GuidelinesTranslation(Doc):
    about: Markdown | None = None
    credits: Items | None = Field(None, description="One item per credit line, in order.")


class Translation(Doc):
    """The text of a taxonomy in one language; what it leaves out stays in the source's."""

    title: str | None = None
    description: Markdown | None = None
    guidelines: GuidelinesTranslation | None = None
    classes: dict[Name, ClassTranslation] = Field(default_factory=dict)
    rules: dict[Annotated[str, Field(pattern=RULE_ID_PATTERN)], RuleTranslation] = Field(
        default_factory=dict
    )
    topics: dict[str, str] = Field(
        default_factory=dict, description="Rule topics as written in the source -> shown text."
    )
    attributes: dict[Name, AttributeTranslation] = Field(default_factory=dict)
    label_types: dict[Name, LabelTypeTranslation] = Field(default_factory=dict)
    thresholds: dict[Name, DescriptionTranslation] = Field(default_factory=dict)
    relations: dict[Name, DescriptionTranslation] = Field(default_factory=dict)
    label_maps: dict[Name, DescriptionTranslation] = Field(default_factory=dict)


class TranslationFile(Translation):
    """A translation kept in its own file, ``<taxonomy>.<language>.yaml`` beside the taxonomy."""

    schema_: str | None = Field(None, alias="$schema")
    translation_of: str = Field(description="The taxonomy file, relative to this one.")
    language: LanguageTag = Field(description="BCP 47 tag, as in the file name: de, pt-BR.")


TRANSLATION_SECTIONS = (
    "classes",
    "rules",
    "topics",
    "attributes",
    "label_types",
    "thresholds",
    "relations",
    "label_maps",
)
