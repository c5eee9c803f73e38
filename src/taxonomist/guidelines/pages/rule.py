"""The rule index and one page per edge-case rule: guidance, examples, the enforcing check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
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
from taxonomist.guidelines.pages.attributes import describe_condition
from taxonomist.guidelines.pages.changes import rule_changes
from taxonomist.taxonomy.model import Check, Threshold, threshold_name
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy
from taxonomist.taxonomy.text import threshold_value

INDEX = "rules/index.md"


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
            f"`{r.rule.check.name}`" if r.rule.check else "guidance only",
        ]
        for r in tax.rules.values()
    ]
    intro = "Edge-case decisions, each with its guidance, examples and the check that enforces it."
    return join(
        "# Rules",
        intro if rows else "This taxonomy has no rules yet.",
        table(["Rule", "Topic", "Check"], rows),
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
        section("Examples", gallery(path, mine, rule.id)),
        section("How it is checked", _enforcement(tax, rule, path, inputs)),
    )
    return Page(path, title, body)


def _facts(tax: Taxonomy, rule: ResolvedRule, page: str) -> str:
    facts = [f"`{rule.id}`", f"severity **{rule.rule.severity}**"]
    if rule.rule.topic:
        facts.append(f"topic: {mdx.plain(rule.rule.topic)}")
    applies = rule.rule.applies_to
    targets = [
        link(page, class_path(c), mdx.plain(tax.classes[c].title))
        for c in applies.classes
        if c in tax.classes
    ]
    lines = [" · ".join(facts), "Applies to: " + (", ".join(targets) or "every class")]
    if len(rule.classes) > len(applies.classes):
        lines[-1] += " (and the kinds of them)"
    if applies.label_types:
        types = [link(page, label_type_path(t), f"`{t}`") for t in applies.label_types]
        lines.append("Label types: " + ", ".join(types))
    return "\n\n".join(lines)


def _enforcement(tax: Taxonomy, rule: ResolvedRule, page: str, inputs: SiteInputs) -> str:
    check = rule.rule.check
    if check is None:
        return (
            "**Guidance only.** No automatic check enforces this rule; reviewers do. "
            "Its examples are still shown to annotators."
        )
    # A rule's findings carry an X code (taxonomy rule checks); prefer it over a built-in
    # code that happens to share the check's name.
    known = {d.name: d.code for d in sorted(inputs.checks, key=lambda d: d.code.startswith("X"))}
    name = f"`{check.name}`"
    if check.name in known:
        name = link(page, check_path(known[check.name]), f"`{known[check.name]}` {check.name}")
    lines = [
        f"Checked automatically by {name}. Findings are reported as `{rule.id}` "
        f"with severity **{_severity(tax, rule)}**.",
        table(["Parameter", "Value"], parameters(check, tax.thresholds)),
    ]
    return join(*lines)


def _severity(tax: Taxonomy, rule: ResolvedRule) -> str:
    override = tax.check_overrides.get(rule.id)
    return override.severity if override is not None else rule.rule.severity


def parameters(check: Check, thresholds: Mapping[str, Threshold]) -> list[list[str]]:
    """The check's set parameters as rows; thresholds shown by name and value."""
    data: dict[str, Any] = check.model_dump(exclude={"name"}, exclude_none=True, by_alias=True)
    return [[f"`{key}`", mdx.cell(_param_value(value, thresholds))] for key, value in data.items()]


def _param_value(value: Any, thresholds: Mapping[str, Threshold]) -> str:
    ref = threshold_name(value)
    if ref is not None:
        found = thresholds.get(ref)
        shown = threshold_value(found) if found is not None else "undefined"
        return f"`{ref}` = {shown}"
    if isinstance(value, dict) and value:
        return _condition_value(value)
    if isinstance(value, list):
        return ", ".join(_param_value(v, thresholds) for v in value)
    return f"`{mdx.scalar(value)}`"


def _condition_value(value: dict[str, Any]) -> str:
    from pydantic import TypeAdapter, ValidationError

    from taxonomist.taxonomy.model import Condition

    try:
        cond: Condition = TypeAdapter(Condition).validate_python(value)
    except ValidationError:
        return f"`{mdx.attr(str(value))}`"
    return describe_condition(cond)
