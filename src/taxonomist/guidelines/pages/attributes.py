"""Attributes as annotators read them: the attributes table of a class page (each value with
its definition, when the answer is required, where the use comes from), the values section
of a rule page about an attribute, and conditions written out in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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
    ComputedCase,
    ComputedField,
    Condition,
    EnumAttribute,
    NotCondition,
    NumberAttribute,
    OrdinalAttribute,
    Scalar,
    TextAttribute,
    Threshold,
    TriStateAttribute,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

PRESENCE = {"required": "required", "optional": "optional", "forbidden": "not allowed"}


def attributes_section(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    """The attributes table, then what each value means, attribute by attribute (a table
    cell is too narrow for definitions)."""
    parts = [attributes_table(tax, cls, page)]
    for name, use in sorted(cls.attributes.items()):
        if use.presence == "forbidden":
            continue
        rows = _meaning_rows(tax, name, use)
        if rows:
            parts.append(f"### Values of `{name}`\n\n{table(['Value', 'Meaning'], rows)}")
        spec = tax.attributes.get(name)
        if spec is not None and spec.computed is not None:
            worked = computed_text(spec.computed, tax)
            parts.append(f"### How `{name}` is worked out\n\n{worked}")
    return "\n\n".join(parts)


def _meaning_rows(tax: Taxonomy, name: str, use: AttributeUse) -> list[list[str]]:
    spec = tax.attributes.get(name)
    if isinstance(spec, OrdinalAttribute):
        return [[label, span] for label, span in bin_lines(spec, use)]
    if not isinstance(spec, EnumAttribute):
        return []
    chosen = use.values if use.values is not None else spec.values
    texts = [(v, value_description(spec, v)) for v in chosen]
    if not any(text for _, text in texts):
        return []
    return [[f"`{mdx.scalar(v)}`", mdx.cell(mdx.inline(t, tax.thresholds))] for v, t in texts]


def attributes_table(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    """Every attribute the class uses, own and inherited, as a Markdown table."""
    rows = [_row(tax, cls, page, name, use) for name, use in sorted(cls.attributes.items())]
    return table(["Attribute", "Values", "When", "From"], rows)


def _row(tax: Taxonomy, cls: TaxonomyClass, page: str, name: str, use: AttributeUse) -> list[str]:
    spec = tax.attributes.get(name)
    title = f"`{name}`"
    if spec is not None and spec.description:
        title += "<br>" + mdx.inline(spec.description, tax.thresholds)
    shown = spec is not None and use.presence != "forbidden"  # its values are beside the point
    values = mdx.cell(values_text(spec, use, tax)) if spec is not None and shown else ""
    presence = mdx.cell(_presence(use, tax))
    return [mdx.cell(title), values, presence, _origin(tax, cls, page, name)]


MEANINGS_BELOW = " (meanings below)"
BINS_BELOW = " (the bins are below)"


def values_text(
    spec: Attribute,
    use: AttributeUse | None = None,
    tax: Taxonomy | None = None,
    *,
    pointers: bool = True,
) -> str:
    """The values an attribute takes, as one short table cell (already escaped); their
    meanings and how a computed one is worked out follow the table on a class page, which
    the text points to unless ``pointers`` is false (a page without those tables)."""
    thresholds = tax.thresholds if tax is not None else None
    text = _answer_text(spec, use, thresholds)
    if not pointers:
        return text.replace(MEANINGS_BELOW, "").replace(BINS_BELOW, "")
    if spec.computed is not None:
        text += "; worked out from the other answers (see below)"
    return text


def _answer_text(
    spec: Attribute, use: AttributeUse | None, thresholds: Mapping[str, Threshold] | None
) -> str:
    if isinstance(spec, EnumAttribute):
        return _enum(spec, use, thresholds)
    if isinstance(spec, TriStateAttribute):
        return or_list(f"`{mdx.attr(v)}`" for v in spec.values)
    if isinstance(spec, NumberAttribute):
        return _number(spec, thresholds)
    if isinstance(spec, OrdinalAttribute):
        unit = f" in {mdx.attr(spec.unit)}" if spec.unit else ""
        return f"a number{unit}, or the bin it falls in{BINS_BELOW}"
    if isinstance(spec, TextAttribute):
        return f"text up to {spec.max_length} characters" if spec.max_length else "free text"
    return "`true` or `false`"


def _enum(
    spec: EnumAttribute, use: AttributeUse | None, thresholds: Mapping[str, Threshold] | None
) -> str:
    chosen = use.values if use is not None and use.values is not None else spec.values
    lead = "any of" if spec.multiple else "one of"
    groups = [
        "at most one of " + or_list(f"`{mdx.scalar(v)}`" for v in group)
        for group in spec.exclusive_groups
    ]
    note = f" ({'; '.join(groups)})" if groups else ""
    names = f"{lead} " + ", ".join(f"`{mdx.scalar(v)}`" for v in chosen) + note
    described = any(value_description(spec, v) for v in chosen)
    return names + (MEANINGS_BELOW if described else "")


def value_description(spec: EnumAttribute, value: Scalar) -> str | None:
    """The taxonomy's definition of one enum value (keys are the values as written)."""
    if isinstance(value, bool):
        key = "true" if value else "false"
    else:
        key = value if isinstance(value, str) else f"{value:g}"
    return spec.value_descriptions.get(key)


def _number(spec: NumberAttribute, thresholds: Mapping[str, Threshold] | None) -> str:
    kind = "a whole number" if spec.type == "int" else "a number"
    unit = spec.unit or ""
    if unit == "fraction":  # 0 to 1, which the words say better than a unit after each
        kind, unit = f"{kind} (a fraction)", ""
    if spec.min is not None and spec.max is not None:
        low, high = mdx.amount(spec.min, thresholds, unit), mdx.amount(spec.max, thresholds, unit)
        return f"{kind} from {low} to {high}"
    if spec.min is not None:
        return f"{kind}, at least {mdx.amount(spec.min, thresholds, unit)}"
    if spec.max is not None:
        return f"{kind}, at most {mdx.amount(spec.max, thresholds, unit)}"
    return f"{kind} in {mdx.attr(unit)}" if unit else kind


def bin_lines(spec: OrdinalAttribute, use: AttributeUse | None = None) -> list[tuple[str, str]]:
    """Each bin the class allows (all of them without ``use``) as its name and its span,
    which says the edge it holds (``taxonomy.bins`` decides)."""
    labels = spec.labels or [f"bin {i + 1}" for i in range(len(spec.edges) - 1)]
    unit = f" {mdx.attr(spec.unit)}" if spec.unit else ""
    chosen = {bins.bin_of(spec, v) for v in (use.values if use is not None else None) or []}
    return [
        (f"`{mdx.attr(labels[i])}`", f"{bins.span_text(spec, i)}{unit}")
        for i in range(min(len(labels), len(spec.edges) - 1))
        if not chosen or i in chosen
    ]


def computed_text(computed: ComputedField, tax: Taxonomy | None) -> str:
    """How a computed attribute is worked out: its description, then a table of its cases
    in order (the first that holds gives the value)."""
    thresholds = tax.thresholds if tax is not None else None
    intro = "Worked out from the other answers; the first case that holds gives the value."
    if computed.description:
        intro += " " + mdx.inline(computed.description, thresholds)
    rows = [[f"`{mdx.scalar(c.value)}`", mdx.cell(_case(c, tax))] for c in computed.cases]
    return "\n\n".join(p for p in (intro, table(["Value", "When"], rows)) if p)


def _case(case: ComputedCase, tax: Taxonomy | None) -> str:
    thresholds = tax.thresholds if tax is not None else None
    parts = [describe_condition(case.when, tax)] if case.when is not None else []
    if case.min_box_height is not None:
        height = mdx.amount(case.min_box_height, thresholds, "px")
        parts.append(f"the box is at least {height} high")
    return " and ".join(parts) if parts else "otherwise"


def _presence(use: AttributeUse, tax: Taxonomy | None = None) -> str:
    if use.presence == "required" and use.when is not None:
        return f"required when {describe_condition(use.when, tax)}"
    return PRESENCE.get(use.presence, use.presence)


def values_section(tax: Taxonomy, name: str, allowed: Sequence[Scalar] | None = None) -> str:
    """What a rule page about attribute ``name`` shows of it: its description and a table of
    its values with their definitions (``allowed``: which of them the rule accepts)."""
    spec = tax.attributes.get(name)
    if spec is None:
        return ""
    intro = mdx.block(spec.description, tax.thresholds)
    rows = _value_rows(tax, spec, allowed)
    header = ["Value", "Meaning"] + (["This rule"] if allowed is not None else [])
    listed = table(header, rows) if rows else f"Values: {values_text(spec, None, tax)}"
    computed = computed_text(spec.computed, tax) if spec.computed is not None else ""
    return "\n\n".join(p for p in (intro, listed, computed) if p)


def _value_rows(
    tax: Taxonomy, spec: Attribute, allowed: Sequence[Scalar] | None
) -> list[list[str]]:
    if isinstance(spec, OrdinalAttribute):
        return [[name, span] for name, span in bin_lines(spec)]
    if not isinstance(spec, EnumAttribute):
        return []
    keep = {mdx.scalar(v) for v in allowed} if allowed is not None else None
    rows = []
    for value in spec.values:
        text = value_description(spec, value)
        row = [f"`{mdx.scalar(value)}`", mdx.cell(mdx.inline(text, tax.thresholds))]
        if keep is not None:
            row.append("✓ allowed" if mdx.scalar(value) in keep else "✗ not allowed")
        rows.append(row)
    return rows


def describe_condition(cond: Condition, tax: Taxonomy | None = None) -> str:
    """A condition in words, e.g. ``occluded`` is `true` and the class is `car`; with the
    taxonomy, numbers name their unit and threshold references their value."""
    if isinstance(cond, AttributeCondition):
        return _attribute_condition(cond, tax)
    if isinstance(cond, ClassCondition):
        return "the class is " + or_list(f"`{c}`" for c in cond.class_in)
    if isinstance(cond, AllOf):
        return _joined([_nested(c, tax) for c in cond.all], "and")
    if isinstance(cond, AnyOf):
        return _joined([_nested(c, tax) for c in cond.any], "or")
    if isinstance(cond, NotCondition):
        return f"not ({describe_condition(cond.not_, tax)})"
    return "?"


def _joined(parts: list[str], word: str) -> str:
    """``a and b``; ``a or b, or c`` when a part holds the word itself (a value list)."""
    glue = f", {word} " if any(f" {word} " in p for p in parts) else f" {word} "
    return glue.join(parts)


def _nested(cond: Condition, tax: Taxonomy | None) -> str:
    text = describe_condition(cond, tax)
    return f"({text})" if isinstance(cond, AllOf | AnyOf) else text


def _attribute_condition(cond: AttributeCondition, tax: Taxonomy | None) -> str:
    name = f"`{cond.attribute}`"
    spec = tax.attributes.get(cond.attribute) if tax is not None else None
    unit = getattr(spec, "unit", None) or ""
    thresholds = tax.thresholds if tax is not None else None
    if cond.equals is not None:
        return f"{name} is `{mdx.scalar(cond.equals)}`"
    if cond.in_ is not None:
        return f"{name} is " + or_list(f"`{mdx.scalar(v)}`" for v in cond.in_)
    if cond.at_least is not None:
        return f"{name} is at least {mdx.amount(cond.at_least, thresholds, unit)}"
    if cond.below is not None:
        return f"{name} is below {mdx.amount(cond.below, thresholds, unit)}"
    return f"{name} is given" if cond.present is not False else f"{name} is not given"


def or_list(items: Iterable[str], word: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    parts = list(items)
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def _origin(tax: Taxonomy, cls: TaxonomyClass, page: str, name: str) -> str:
    if name in cls.spec.attributes:
        return "this class"
    owner = next((a for a in cls.ancestors if name in tax.classes[a].spec.attributes), None)
    if owner is None:
        return "inherited"
    return link(page, class_path(owner), mdx.plain(tax.classes[owner].title))
