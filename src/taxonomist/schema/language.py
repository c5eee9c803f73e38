"""The JSON Schema (draft 2020-12) of the taxonomy language, generated from the pydantic
models in ``taxonomy.model`` so the two cannot disagree.

pydantic's output is post-processed for editors: OpenAPI's ``discriminator`` keyword goes,
``anyOf [X, null]`` becomes ``type: [X, "null"]`` where that is equivalent, ``default: null``
goes (an editor would otherwise insert ``null``), map keys must match the name pattern, and
the root gets ``$schema``, ``$id``, a title and a description.
Point an editor at it with a first line
``# yaml-language-server: $schema=<path or URL of taxonomy.schema.json>``. A translation file
(``demo.de.yaml``) has a schema of its own, ``language_schema(translation=True)``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from taxonomist.taxonomy.model import Fragment, TaxonomyDocument, TranslationFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"
LANGUAGE_ID = "urn:taxonomist:schema:taxonomy"
FRAGMENT_ID = "urn:taxonomist:schema:taxonomy-fragment"
TRANSLATION_ID = "urn:taxonomist:schema:taxonomy-translation"
DESCRIPTION = (
    "A taxonomist taxonomy: classes with stable ids, hierarchy, definitions, label types, "
    "attributes, thresholds and edge-case rules for one image-labeling project. Editors: put "
    "`# yaml-language-server: $schema=<path>/taxonomy.schema.json` on the first line."
)
TRANSLATION_DESCRIPTION = (
    "A translation of a taxonomist taxonomy into one language, kept beside it as "
    "<taxonomy>.<language>.yaml: the taxonomy's layout, with only the text annotators read. "
    "Editors: put `# yaml-language-server: $schema=<path>/translation.schema.json` on the "
    "first line."
)
SCHEMA_KEY_DESCRIPTION = "JSON Schema of this file, for editors; ignored by taxonomist."


def language_schema(*, fragment: bool = False, translation: bool = False) -> dict[str, Any]:
    """The schema of a taxonomy file (or, with ``fragment``, of a file named by ``include:``;
    with ``translation``, of a translation file beside a taxonomy)."""
    model: type[BaseModel] = TaxonomyDocument
    ident, title, description = LANGUAGE_ID, "taxonomist taxonomy", DESCRIPTION
    if fragment:
        model, ident, title = Fragment, FRAGMENT_ID, "taxonomist taxonomy fragment"
    elif translation:
        model, ident, title = TranslationFile, TRANSLATION_ID, "taxonomist taxonomy translation"
        description = TRANSLATION_DESCRIPTION
    raw = model.model_json_schema(by_alias=True, mode="validation")
    schema = _clean(raw)
    assert isinstance(schema, dict)
    schema["$schema"] = DRAFT
    schema["$id"] = ident
    schema["title"] = title
    schema["description"] = description
    if "$schema" in schema.get("properties", {}):
        schema["properties"]["$schema"] = {"description": SCHEMA_KEY_DESCRIPTION, "type": "string"}
    return schema


def _clean(node: Any) -> Any:
    """Recursively simplify pydantic's output (see the module docstring)."""
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: _clean(value) for key, value in node.items() if key != "discriminator"}
    if "default" in cleaned and cleaned["default"] is None:
        del cleaned["default"]
    return _strict_keys(_collapse_nullable(cleaned))


def _strict_keys(node: dict[str, Any]) -> dict[str, Any]:
    """Map keys must match the name pattern (``patternProperties`` alone lets others through)."""
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in node:
        names = dict(node.get("propertyNames", {}))
        names["pattern"] = next(iter(patterns))
        node["propertyNames"] = names
    return node


def _collapse_nullable(node: dict[str, Any]) -> dict[str, Any]:
    """``{anyOf: [{type: T, ...}, {type: null}]}`` -> ``{type: [T, null], ...}``."""
    options = node.get("anyOf")
    if not isinstance(options, list) or len(options) != 2 or options[1] != {"type": "null"}:
        return node
    first = options[0]
    if not isinstance(first.get("type"), str) or set(first) & set(node) - {"anyOf"}:
        return node
    merged = {key: value for key, value in node.items() if key != "anyOf"}
    merged.update(first)
    merged["type"] = [first["type"], "null"]
    if "enum" in merged:
        merged["enum"] = [*merged["enum"], None]
    return merged
