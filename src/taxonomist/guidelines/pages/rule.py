"""The rule index and one page per edge-case rule: guidance, the attribute values it is about,
the thresholds it uses, examples, and what the check asks in words (its kind, code and
parameters in the collapsed block for the pipeline)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    check_path,
    class_path,
    gallery,
    join,
    label_type_path,
    link,
    rule_path,
    section,
    table,
)
from taxonomist.guidelines.keywords import spoken
from taxonomist.guidelines.pages.attributes import describe_condition, or_list, values_section
from taxonomist.guidelines.pages.changes import rule_changes
from taxonomist.guidelines.pages.pipeline import pipeline_block
from taxonomist.taxonomy.model import (
    AspectRatioCheck,
    AttributeRequiredCheck,
    AttributeValueCheck,
    BoxSizeCheck,
    Check,
    Condition,
    CountCheck,
    ForbiddenClassCheck,
    InsideClassCheck,
    InsideImageCheck,
    KeypointsVisibleCheck,
    MaskAreaCheck,
    OverlapCheck,
    Threshold,
    threshold_name,
)
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy
from taxonomist.taxonomy.text import THRESHOLD_REFERENCE

INDEX = "rules/index.md"
GUIDANCE_ONLY = (
    "**Guidance only.** No automatic check enforces this rule; reviewers do. "
    "Its examples are still shown to annotators."
)


def rule_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    """The rule index and a page per rule."""
    pages = [Page(INDEX, "Rules", _index(tax))]
    pages += [_rule_page(tax, rule, inputs) for rule in tax.rules.values()]
    return pages


def _index(tax: Taxonomy) -> str:
    rows = [
        [
            link(INDEX, rule_path(r.id), mdx.plain(mdx.title_text(r.rule.title, tax.thresholds))),
            mdx.plain(r.rule.topic or ""),
            "automatically" if r.rule.check else "by reviewers",
        ]
        for r in tax.rules.values()
    ]
    intro = "Edge-case decisions, each with its guidance, examples and how it is checked."
    return join(
        "# Rules",
        intro if rows else "This taxonomy has no rules yet.",
        table(["Rule", "Topic", "Checked"], rows),
    )


def _rule_page(tax: Taxonomy, rule: ResolvedRule, inputs: SiteInputs) -> Page:
    path = rule_path(rule.id)
    mine = [e for e in inputs.examples if e.rule == rule.id]
    title = mdx.title_text(rule.rule.title, tax.thresholds)
    body = join(
        f"# {mdx.plain(title)}",
        _facts(tax, rule, path),
        rule_changes(inputs, rule.id, path),
        section("Guidance", mdx.block(rule.rule.guidance, tax.thresholds)),
        _attribute_section(tax, rule),
        section("Thresholds", _thresholds(tax, rule)),
        section("Examples", gallery(path, mine, rule.id)),
        section("How it is checked", _enforcement(tax, rule, path, inputs)),
    )
    return Page(path, title, body)


def _facts(tax: Taxonomy, rule: ResolvedRule, page: str) -> str:
    applies = rule.rule.applies_to
    targets = [
        link(page, class_path(c), mdx.plain(tax.classes[c].title))
        for c in applies.classes
        if c in tax.classes
    ]
    lines = ["Applies to: " + (", ".join(targets) or "every class")]
    if len(rule.classes) > len(applies.classes):
        lines[-1] += " (and the kinds of them)"
    if applies.label_types:
        types = [link(page, label_type_path(t), f"`{t}`") for t in applies.label_types]
        lines.append("Label types: " + ", ".join(types))
    if rule.rule.topic:
        lines.insert(0, f"Topic: **{mdx.plain(rule.rule.topic)}**")
    limits = [
        f"{mdx.plain(spoken(n))} **{mdx.amount('$' + n, tax.thresholds)}**"
        for n in rule_thresholds(tax, rule)
    ]
    if limits:
        lines.append(("Threshold: " if len(limits) == 1 else "Thresholds: ") + ", ".join(limits))
    return "\n\n".join(lines)


# --------------------------------------------------------------------------- attribute


def _attribute_section(tax: Taxonomy, rule: ResolvedRule) -> str:
    """The values of the attribute the rule's check is about, each with its definition."""
    check = rule.rule.check
    if not isinstance(check, AttributeRequiredCheck | AttributeValueCheck):
        return ""
    allowed = check.allowed if isinstance(check, AttributeValueCheck) else None
    return section(
        f"The attribute `{check.attribute}`", values_section(tax, check.attribute, allowed)
    )


# --------------------------------------------------------------------------- thresholds


def rule_thresholds(tax: Taxonomy, rule: ResolvedRule) -> list[str]:
    """The defined thresholds a rule names in its title, guidance or check, in that order."""
    names = [m.group(1) for m in THRESHOLD_REFERENCE.finditer(rule.rule.title)]
    names += [m.group(1) for m in THRESHOLD_REFERENCE.finditer(rule.rule.guidance)]
    if rule.rule.check is not None:
        names += list(_references(rule.rule.check.model_dump(by_alias=True)))
    return [n for n in dict.fromkeys(names) if n in tax.thresholds]


def _references(value: Any) -> Iterator[str]:
    ref = threshold_name(value)
    if ref is not None:
        yield ref
    elif isinstance(value, dict):
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _references(item)


def _thresholds(tax: Taxonomy, rule: ResolvedRule) -> str:
    lines = []
    for name in rule_thresholds(tax, rule):
        found = tax.thresholds[name]
        line = f"`{name}` = {mdx.amount('$' + name, tax.thresholds)}"
        if found.description:
            line += ": " + mdx.inline(found.description, tax.thresholds)
        lines.append(line)
    return bullet_list(lines)


# --------------------------------------------------------------------------- the check


def _enforcement(tax: Taxonomy, rule: ResolvedRule, page: str, inputs: SiteInputs) -> str:
    check = rule.rule.check
    severity = _severity(tax, rule)
    if check is None:
        facts = f"Rule `{rule.id}` · severity **{severity}** · no automatic check"
        return join(GUIDANCE_ONLY, pipeline_block(facts))
    # A rule's findings carry an X code (taxonomy rule checks); prefer it over a built-in
    # code that happens to share the check's name.
    known = {d.name: d.code for d in sorted(inputs.checks, key=lambda d: d.code.startswith("X"))}
    name = f"`{check.name}`"
    if check.name in known:
        name = link(page, check_path(known[check.name]), f"`{known[check.name]}` {check.name}")
    words = check_in_words(tax, check, _who(tax, rule), page)
    facts = (
        f"Rule `{rule.id}` · check {name} · findings are reported as `{rule.id}` "
        f"with severity **{severity}**."
    )
    params = table(["Parameter", "Value"], parameters(check, tax.thresholds, tax))
    return join(f"Checked automatically: {words}.", pipeline_block(facts, params))


def _severity(tax: Taxonomy, rule: ResolvedRule) -> str:
    override = tax.check_overrides.get(rule.id)
    return override.severity if override is not None else rule.rule.severity


def _who(tax: Taxonomy, rule: ResolvedRule) -> str:
    """What the rule's sentence calls the objects it checks: the one class it names, or
    "object" (the page lists the classes just above)."""
    named = [c for c in rule.rule.applies_to.classes if c in tax.classes]
    return mdx.plain(tax.classes[named[0]].title) if len(named) == 1 else "object"


def check_in_words(tax: Taxonomy, check: Check, who: str, page: str) -> str:
    """What a check asks of an annotator, as a sentence without its full stop: "every
    helmet must say `depiction`". ``who`` is the (escaped) name of the objects checked."""
    th = tax.thresholds
    if isinstance(check, AttributeRequiredCheck):
        return f"every {who} must say `{check.attribute}`{_when(check.when, tax)}"
    if isinstance(check, AttributeValueCheck):
        allowed = or_list(f"`{mdx.scalar(v)}`" for v in check.allowed)
        return f"every {who} must have `{check.attribute}` set to {allowed}{_when(check.when, tax)}"
    if isinstance(check, BoxSizeCheck):
        return f"the box of every {who} must be {_box_size(check, th)}"
    if isinstance(check, AspectRatioCheck):
        return f"the box of every {who} must be {_aspect(check, th)}"
    if isinstance(check, InsideImageCheck):
        return f"the box of every {who} must stay inside the image{_tolerance(check, th)}"
    if isinstance(check, InsideClassCheck):
        share = mdx.share(check.min_fraction, th)
        return f"at least {share} of the box of every {who} must lie inside a box of " + (
            _classes(tax, check.classes, page)
        )
    if isinstance(check, OverlapCheck):
        return f"a box of a {who} {_overlap(tax, check, page)}"
    if isinstance(check, CountCheck):
        objects = "objects" if who == "object" else f"{who} objects"
        return f"an image holds {_count(check, th)} {objects}"
    if isinstance(check, KeypointsVisibleCheck):
        least = mdx.amount(check.min, th)
        return f"the pose of every {who} must have at least {least} points placed (seen or hidden)"
    if isinstance(check, MaskAreaCheck):
        least = mdx.amount(check.min, th, "pixels")
        return f"every patch of the mask of a {who} must cover at least {least}"
    if isinstance(check, ForbiddenClassCheck):
        return f"{'this class' if who == 'object' else who} must not be used at all"
    return f"`{check.name}`"


def _when(cond: Condition | None, tax: Taxonomy) -> str:
    return f" when {describe_condition(cond, tax)}" if cond is not None else ""


def _box_size(check: BoxSizeCheck, th: Mapping[str, Threshold]) -> str:
    parts = []
    for bound, word in (("min", "at least"), ("max", "at most")):
        for what, unit, adjective in (("height", "px", "high"), ("width", "px", "wide"),
                                      ("area", "px²", "in area")):  # fmt: skip
            value = getattr(check, f"{bound}_{what}")
            if value is None:
                continue
            if check.relative:
                shown = f"{mdx.share(value, th)} of the image's {what}"
                parts.append(f"{word} {shown}")
            else:
                parts.append(f"{word} {mdx.amount(value, th, unit)} {adjective}")
    return or_list(parts, "and") or "of any size"


def _aspect(check: AspectRatioCheck, th: Mapping[str, Threshold]) -> str:
    low = mdx.amount(check.min, th) if check.min is not None else None
    high = mdx.amount(check.max, th) if check.max is not None else None
    if low and high:
        return f"between {low} and {high} times as wide as it is high"
    if low:
        return f"at least {low} times as wide as it is high"
    return f"at most {high} times as wide as it is high" if high else "of any shape"


def _tolerance(check: InsideImageCheck, th: Mapping[str, Threshold]) -> str:
    if threshold_name(check.tolerance) is None and not check.tolerance:
        return ", not a pixel past the border"
    return f" (at most {mdx.amount(check.tolerance, th, 'px')} past the border)"


def _classes(tax: Taxonomy, names: list[str], page: str) -> str:
    return or_list(
        link(page, class_path(n), mdx.plain(tax.classes[n].title)) if n in tax.classes else f"`{n}`"
        for n in names
    )


def _overlap(tax: Taxonomy, check: OverlapCheck, page: str) -> str:
    th = tax.thresholds
    others = _classes(tax, check.classes, page)
    parts = []
    if check.max_iou is not None:
        parts.append(f"may overlap a box of {others} by at most {mdx.share(check.max_iou, th)}")
    if check.min_iou is not None and (threshold_name(check.min_iou) or check.min_iou):
        parts.append(f"must overlap a box of {others} by at least {mdx.share(check.min_iou, th)}")
    said = or_list(parts, "and") or f"may overlap a box of {others}"
    return said + " (overlap: the shared area over the area the two cover together)"


def _count(check: CountCheck, th: Mapping[str, Threshold]) -> str:
    if check.min and check.max is not None:
        return f"from {mdx.amount(check.min, th)} to {mdx.amount(check.max, th)}"
    if check.max is not None:
        return f"at most {mdx.amount(check.max, th)}"
    return f"at least {mdx.amount(check.min, th)}" if check.min else "any number of"


def parameters(
    check: Check, thresholds: Mapping[str, Threshold], tax: Taxonomy | None = None
) -> list[list[str]]:
    """The check's set parameters as rows; thresholds shown by name, value and unit."""
    data: dict[str, Any] = check.model_dump(exclude={"name"}, exclude_none=True, by_alias=True)
    return [
        [f"`{key}`", mdx.cell(_param_value(value, thresholds, tax))] for key, value in data.items()
    ]


def _param_value(value: Any, thresholds: Mapping[str, Threshold], tax: Taxonomy | None) -> str:
    if threshold_name(value) is not None:
        return mdx.named_amount(value, thresholds)
    if isinstance(value, dict) and value:
        return _condition_value(value, tax)
    if isinstance(value, list):
        return ", ".join(_param_value(v, thresholds, tax) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"`{mdx.exact(value)}`"
    return f"`{mdx.scalar(value)}`"


def _condition_value(value: dict[str, Any], tax: Taxonomy | None) -> str:
    from pydantic import TypeAdapter, ValidationError

    try:
        cond: Condition = TypeAdapter(Condition).validate_python(value)
    except ValidationError:
        return f"`{mdx.attr(str(value))}`"
    return describe_condition(cond, tax)
