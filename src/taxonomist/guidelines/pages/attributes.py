"""The attributes table of a class page: type, values, when required, where it comes from."""

from __future__ import annotations

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import class_path, link, table
from taxonomist.taxonomy import bins
from taxonomist.taxonomy.model import (
    AllOf,
    AnyOf,
    Attribute,
    AttributeCondition,
    AttributeUse,
    ClassCondition,
    Condition,
    EnumAttribute,
    NotCondition,
    NumberAttribute,
    OrdinalAttribute,
    TextAttribute,
    TriStateAttribute,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass


def attributes_table(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    """Every attribute the class uses, own and inherited, as a Markdown table."""
    rows = [_row(tax, cls, page, name, use) for name, use in sorted(cls.attributes.items())]
    return table(["Attribute", "Type", "Values", "When", "From"], rows)


def _row(tax: Taxonomy, cls: TaxonomyClass, page: str, name: str, use: AttributeUse) -> list[str]:
    spec = tax.attributes.get(name)
    title = f"`{name}`"
    if spec is not None and spec.description:
        title += "<br>" + mdx.inline(spec.description, tax.thresholds)
    kind = spec.type if spec is not None else "?"
    values = mdx.cell(values_text(spec, use)) if spec is not None else ""
    return [mdx.cell(title), kind, values, mdx.cell(_presence(use)), _origin(tax, cls, page, name)]


def values_text(spec: Attribute, use: AttributeUse) -> str:
    """The values an attribute takes, as a short line of text (already escaped)."""
    if isinstance(spec, EnumAttribute):
        chosen = use.values if use.values is not None else spec.values
        text = ", ".join(f"`{mdx.scalar(v)}`" for v in chosen)
        return text + (" (several allowed)" if spec.multiple else "")
    if isinstance(spec, TriStateAttribute):
        return ", ".join(f"`{v}`" for v in spec.values)
    if isinstance(spec, NumberAttribute):
        return _range(spec.min, spec.max, spec.unit)
    if isinstance(spec, OrdinalAttribute):
        return _bins(spec, use)
    if isinstance(spec, TextAttribute):
        return f"text up to {spec.max_length} characters" if spec.max_length else "free text"
    return "`true`, `false`"


def _range(low: float | str | None, high: float | str | None, unit: str | None) -> str:
    text = f"{_num(low) if low is not None else '…'} to {_num(high) if high is not None else '…'}"
    return f"{text} {mdx.attr(unit)}" if unit else text


def _num(value: float | str) -> str:
    return f"`{value}`" if isinstance(value, str) else f"{value:g}"


def _bins(spec: OrdinalAttribute, use: AttributeUse) -> str:
    """The bins the class allows, each with the edge it holds (``taxonomy.bins`` decides)."""
    labels = spec.labels or [f"bin {i + 1}" for i in range(len(spec.edges) - 1)]
    unit = f" {mdx.attr(spec.unit)}" if spec.unit else ""
    chosen = {bins.bin_of(spec, v) for v in use.values or []}
    texts = [
        f"`{mdx.attr(labels[i])}` {bins.span_text(spec, i)}{unit}"
        for i in range(min(len(labels), len(spec.edges) - 1))
        if not chosen or i in chosen
    ]
    return ", ".join(texts)


def _presence(use: AttributeUse) -> str:
    if use.presence == "required" and use.when is not None:
        return f"required when {describe_condition(use.when)}"
    return use.presence


def describe_condition(cond: Condition) -> str:
    """A condition in words, e.g. ``occluded`` = `true` and class in `car`."""
    if isinstance(cond, AttributeCondition):
        return _attribute_condition(cond)
    if isinstance(cond, ClassCondition):
        return "class in " + ", ".join(f"`{c}`" for c in cond.class_in)
    if isinstance(cond, AllOf):
        return " and ".join(f"({describe_condition(c)})" for c in cond.all)
    if isinstance(cond, AnyOf):
        return " or ".join(f"({describe_condition(c)})" for c in cond.any)
    if isinstance(cond, NotCondition):
        return f"not ({describe_condition(cond.not_)})"
    return "?"


def _attribute_condition(cond: AttributeCondition) -> str:
    name = f"`{cond.attribute}`"
    if cond.equals is not None:
        return f"{name} = `{mdx.scalar(cond.equals)}`"
    if cond.in_ is not None:
        return f"{name} in " + ", ".join(f"`{mdx.scalar(v)}`" for v in cond.in_)
    if cond.at_least is not None:
        return f"{name} ≥ {_num(cond.at_least)}"
    if cond.below is not None:
        return f"{name} < {_num(cond.below)}"
    return f"{name} is set" if cond.present is not False else f"{name} is not set"


def _origin(tax: Taxonomy, cls: TaxonomyClass, page: str, name: str) -> str:
    if name in cls.spec.attributes:
        return "this class"
    owner = next((a for a in cls.ancestors if name in tax.classes[a].spec.attributes), None)
    if owner is None:
        return "inherited"
    return link(page, class_path(owner), mdx.plain(tax.classes[owner].title))
