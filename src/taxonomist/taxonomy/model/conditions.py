"""Conditions: when an attribute use, a computed value or a check applies to an object."""

from __future__ import annotations

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Name, Number, Scalar


class AttributeCondition(Doc):
    """True when an object's attribute has one of the given values (or is present)."""

    attribute: Name
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in")
    present: bool | None = None
    at_least: Number | None = None
    below: Number | None = None


class ClassCondition(Doc):
    """True when the object's class is one of these classes or lies in their subtrees."""

    class_in: list[Name]


class AllOf(Doc):
    all: list[Condition]


class AnyOf(Doc):
    any: list[Condition]


class NotCondition(Doc):
    not_: Condition = Field(alias="not")


Condition = AttributeCondition | ClassCondition | AllOf | AnyOf | NotCondition
