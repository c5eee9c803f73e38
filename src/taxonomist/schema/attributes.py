"""JSON Schema of attribute values and of the conditions that make attributes required."""

from __future__ import annotations

from typing import Any

from taxonomist.taxonomy.model import (
    AllOf,
    AnyOf,
    Attribute,
    AttributeCondition,
    AttributeUse,
    BoolAttribute,
    ClassCondition,
    Condition,
    EnumAttribute,
    NotCondition,
    NumberAttribute,
    OrdinalAttribute,
    TextAttribute,
    TriStateAttribute,
)
from taxonomist.taxonomy.resolved import Taxonomy


def attribute_schema(name: str, attribute: Attribute, taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema of one attribute's value, with its title, description and unit."""
    schema = _value(attribute, taxonomy)
    schema["title"] = attribute.title or name
    if attribute.description:
        schema["description"] = attribute.description.strip()
    return schema


def _value(attribute: Attribute, taxonomy: Taxonomy) -> dict[str, Any]:
    if isinstance(attribute, BoolAttribute):
        return {"type": "boolean"}
    if isinstance(attribute, TriStateAttribute):
        return {"enum": list(attribute.values)}
    if isinstance(attribute, EnumAttribute):
        return _enum(attribute, list(attribute.values))
    if isinstance(attribute, NumberAttribute):
        return _number(attribute, taxonomy)
    if isinstance(attribute, OrdinalAttribute):
        return _ordinal(attribute)
    return _text(attribute)


def _enum(attribute: EnumAttribute, values: list[Any]) -> dict[str, Any]:
    if not attribute.multiple:
        return {"enum": values}
    schema: dict[str, Any] = {"type": "array", "uniqueItems": True, "items": {"enum": values}}
    groups = [
        {"contains": {"enum": list(group)}, "minContains": 0, "maxContains": 1}
        for group in attribute.exclusive_groups
    ]
    if groups:
        schema["allOf"] = groups
    return schema


def _number(attribute: NumberAttribute, taxonomy: Taxonomy) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer" if attribute.type == "int" else "number"}
    low, high = taxonomy.threshold(attribute.min), taxonomy.threshold(attribute.max)
    if low is not None:
        schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    if attribute.unit:
        schema["$comment"] = f"unit: {attribute.unit}"
    return schema


def _ordinal(attribute: OrdinalAttribute) -> dict[str, Any]:
    """A bin label, or a number inside the edges (the checker bins it)."""
    number = {"type": "number", "minimum": attribute.edges[0], "maximum": attribute.edges[-1]}
    if not attribute.labels:
        return number
    return {"anyOf": [{"enum": list(attribute.labels)}, number]}


def _text(attribute: TextAttribute) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if attribute.max_length is not None:
        schema["maxLength"] = attribute.max_length
    if attribute.pattern is not None:
        schema["pattern"] = attribute.pattern
    return schema


def use_schema(name: str, attribute: Attribute, use: AttributeUse) -> dict[str, Any]:
    """The schema of the attribute for one class: a reference, narrowed to the class's values."""
    if use.presence == "forbidden":
        return {"not": {}, "$comment": "forbidden for this class"}
    ref: dict[str, Any] = {"$ref": f"#/$defs/attribute.{name}"}
    if use.values is None:
        return ref
    values = list(use.values)
    if isinstance(attribute, EnumAttribute) and attribute.multiple:
        return {"allOf": [ref, {"items": {"enum": values}}]}
    return {"allOf": [ref, {"enum": values}]}


def condition_schema(condition: Condition, taxonomy: Taxonomy) -> dict[str, Any]:
    """A schema an *object* matches exactly when ``condition`` holds for it."""
    if isinstance(condition, AllOf):
        return {"allOf": [condition_schema(c, taxonomy) for c in condition.all]}
    if isinstance(condition, AnyOf):
        return {"anyOf": [condition_schema(c, taxonomy) for c in condition.any]}
    if isinstance(condition, NotCondition):
        return {"not": condition_schema(condition.not_, taxonomy)}
    if isinstance(condition, ClassCondition):
        names = [n for n in taxonomy.classes if n in taxonomy.expand(condition.class_in)]
        return {"required": ["class"], "properties": {"class": {"enum": names}}}
    return _attribute_condition(condition, taxonomy)


def _attribute_condition(condition: AttributeCondition, taxonomy: Taxonomy) -> dict[str, Any]:
    name = condition.attribute
    inner: dict[str, Any] = {"required": [name]}
    has: dict[str, Any] = {"required": ["attributes"], "properties": {"attributes": inner}}
    if condition.present is False:
        return {"not": has}
    value: dict[str, Any] = {}
    if condition.equals is not None:
        value["const"] = condition.equals
    if condition.in_ is not None:
        value["enum"] = list(condition.in_)
    low, high = taxonomy.threshold(condition.at_least), taxonomy.threshold(condition.below)
    if low is not None:
        value["minimum"] = low
    if high is not None:
        value["exclusiveMaximum"] = high
    if value:
        inner["properties"] = {name: value}
    return has


def required_when(name: str, condition: Condition, taxonomy: Taxonomy) -> dict[str, Any]:
    """``if condition then attributes.<name> is required``."""
    then = {"required": ["attributes"], "properties": {"attributes": {"required": [name]}}}
    return {"if": condition_schema(condition, taxonomy), "then": then}
