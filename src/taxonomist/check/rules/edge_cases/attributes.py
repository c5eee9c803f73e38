"""Kinds about attributes: one the rule requires, values it allows where a condition holds."""

from __future__ import annotations

from collections.abc import Iterator

from taxonomist.check.conditions import evaluate
from taxonomist.check.context import Context
from taxonomist.check.rules.edge_cases.helpers import FAMILY, I64, Hit, individual
from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import bins
from taxonomist.taxonomy import model as m

ATTRIBUTE_REQUIRED = CodeDoc(
    code="X007",
    name="attribute-required",
    family=FAMILY,
    summary="An attribute the rule requires is missing (crowd regions carry none).",
    why="Evaluation subsets and training filters select objects by attribute (occluded, "
    "truncated); an object without it falls out of every subset or into a default it "
    "was never given, so per-subset results miscount it.",
    bad="check: {name: attribute-required, attribute: occluded}  # no occluded",
    good="attributes: {occluded: false}",
)


def attribute_required(ctx: Context, check: m.AttributeRequiredCheck, rows: I64) -> Iterator[Hit]:
    rows = individual(ctx, rows)
    attributes = ctx.dataset.objects.attributes
    for row in rows[evaluate(check.when, ctx, rows)].tolist():
        if attributes.get(row, {}).get(check.attribute) is None:
            yield "object", row, f"the attribute {check.attribute!r} is required here"


ATTRIBUTE_VALUE = CodeDoc(
    code="X008",
    name="attribute-value",
    family=FAMILY,
    summary="An attribute value the rule does not allow here (crowd regions exempt).",
    why="Some values contradict the context the rule names (a toy where only real objects "
    "are labelled); the object lands in a subset it does not belong to, and a model "
    "conditioned on the attribute learns the contradiction.",
    bad="check: {name: attribute-value, attribute: depiction, allowed: [real]}  # toy",
    good="attributes: {depiction: real}",
)


def attribute_value(ctx: Context, check: m.AttributeValueCheck, rows: I64) -> Iterator[Hit]:
    rows = individual(ctx, rows)
    attributes = ctx.dataset.objects.attributes
    allowed = list(check.allowed)
    spec = ctx.taxonomy.attributes.get(check.attribute)
    for row in rows[evaluate(check.when, ctx, rows)].tolist():
        value = attributes.get(row, {}).get(check.attribute)
        if value is not None and not any(bins.same(spec, value, a) for a in allowed):
            yield "object", row, _not_allowed(check.attribute, spec, value, allowed)


def _not_allowed(
    name: str, spec: m.Attribute | None, value: object, allowed: list[m.Scalar]
) -> str:
    """The message; an ordinal value and the allowed values are named by their bins."""
    if not isinstance(spec, m.OrdinalAttribute):
        return f"{name!r} is {value!r}; allowed here: {allowed}"
    found = bins.bin_of(spec, value)
    where = "" if found is None else f" (bin {bins.label(spec, found)!r})"
    chosen = sorted({i for a in allowed if (i := bins.bin_of(spec, a)) is not None})
    names = ", ".join(bins.label(spec, i) for i in chosen)
    return f"{name!r} is {value!r}{where}; allowed here: the bins {names}"
