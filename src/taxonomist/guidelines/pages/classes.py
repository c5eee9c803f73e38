"""The class index (hierarchy tree) and one page per class."""

from __future__ import annotations

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    class_path,
    gallery,
    join,
    label_type_path,
    link,
    rel,
    rule_path,
    section,
    swatch,
    table,
)
from taxonomist.guidelines.pages.attributes import attributes_table
from taxonomist.guidelines.pages.changes import class_changes
from taxonomist.guidelines.pages.class_index import index_order, index_page, neighbours
from taxonomist.taxonomy.model import Exclude, KeypointLabel
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy, TaxonomyClass


def class_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    """The class index and a page per class."""
    pages = [index_page(tax, inputs)]
    pages += [_class_page(tax, tax.classes[name], inputs) for name in index_order(tax)]
    return pages


# --------------------------------------------------------------------------- class page


def _class_page(tax: Taxonomy, cls: TaxonomyClass, inputs: SiteInputs) -> Page:
    path = class_path(cls.name)
    spec = cls.spec
    body = join(
        f"# {mdx.plain(cls.title)}",
        _facts(tax, cls, path),
        class_changes(tax, inputs, cls.name, path),
        section("Definition", mdx.block(spec.definition, tax.thresholds)),
        section("Includes", bullet_list(mdx.inline(t, tax.thresholds) for t in spec.includes)),
        section("Excludes", bullet_list(_exclude(tax, path, e) for e in cls.excludes)),
        section("Synonyms", ", ".join(mdx.plain(s) for s in spec.synonyms)),
        section("Names in other tools", ", ".join(f"`{mdx.attr(a)}`" for a in spec.aliases)),
        section("How to tell apart", _versus(tax, cls, path)),
        section("Attributes", attributes_table(tax, cls, path)),
        _keypoints(tax, cls, path, inputs),
        _examples(tax, cls, path, inputs),
        section("Rules that apply", _rules(tax, cls, path)),
        neighbours(tax, cls, path),
    )
    return Page(path, cls.title, body)


def _facts(tax: Taxonomy, cls: TaxonomyClass, path: str) -> str:
    facts = [f"{swatch(cls.color)} `{cls.name}`", f"id **{cls.id}**"]
    if cls.parent and cls.parent in tax.classes:
        facts.append("kind of " + _class_link(tax, path, cls.parent))
    if cls.spec.part_of and cls.spec.part_of in tax.classes:
        facts.append("part of " + _class_link(tax, path, cls.spec.part_of))
    facts += [f"{k} {v}" for k, v in sorted(cls.spec.ids.items())]
    if cls.spec.frequency:
        facts.append(f"frequency {mdx.plain(cls.spec.frequency)}")
    lines = [" · ".join(facts)]
    external = [f"{mdx.plain(k)} `{mdx.attr(v)}`" for k, v in sorted(cls.spec.external_ids.items())]
    if external:
        lines.append("Elsewhere: " + ", ".join(external))
    if cls.label_types:
        types = ", ".join(link(path, label_type_path(t), f"`{t}`") for t in cls.label_types)
        lines.append(f"Drawn as: {types}")
    lines += _status(tax, cls, path)
    if cls.children:
        kids = ", ".join(_class_link(tax, path, c) for c in cls.children)
        lines.append(f"Kinds: {kids}")
    return "\n\n".join(lines)


def _split(tax: Taxonomy, cls: TaxonomyClass, path: str) -> str:
    """What to use instead of a class that was split: each target, and when it applies."""
    targets = cls.spec.split_targets()
    if not targets:
        return ""
    links = " or ".join(_class_link(tax, path, t.class_) for t in targets)
    return f" It was split: use {links}, whichever the object is."


def _status(tax: Taxonomy, cls: TaxonomyClass, path: str) -> list[str]:
    notes = []
    if cls.abstract:
        notes.append('!!! note "Abstract class"\n    A grouping: label one of its kinds instead.')
    if cls.deprecated:
        instead = cls.spec.replaced_by
        use = (
            f" Use {_class_link(tax, path, instead)} instead."
            if instead
            else _split(tax, cls, path)
        )
        notes.append(f'!!! warning "Deprecated"\n    Do not use this class for new labels.{use}')
    if cls.spec.region:
        notes.append(f"A special region ({cls.spec.region}): it carries no attributes.")
    flags = [
        f
        for f, on in (("crowd regions allowed", cls.crowd), ("group-of allowed", cls.group_of))
        if on
    ]
    if cls.kind == "stuff":
        flags.append("stuff: one region per image, no instances")
    if not cls.evaluated:
        flags.append("not evaluated")
    if flags:
        notes.append("Flags: " + ", ".join(flags))
    return notes


def _class_link(tax: Taxonomy, page: str, name: str) -> str:
    cls = tax.classes.get(name)
    if cls is None:
        return f"`{name}`"
    return link(page, class_path(name), mdx.plain(cls.title))


def _exclude(tax: Taxonomy, page: str, exclude: Exclude) -> str:
    text = mdx.inline(exclude.text, tax.thresholds)
    if exclude.use is None:
        return text
    return f"{text} → use {_class_link(tax, page, exclude.use)}"


def _versus(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    items = [
        f"**vs {_class_link(tax, page, v.other)}**: {mdx.inline(v.test, tax.thresholds)}"
        for v in cls.versus
    ]
    return bullet_list(items)


def _keypoints(tax: Taxonomy, cls: TaxonomyClass, page: str, inputs: SiteInputs) -> str:
    parts = []
    for name in cls.label_types:
        spec = tax.label_types.get(name)
        if not isinstance(spec, KeypointLabel):
            continue
        image = inputs.skeletons.get(name)
        drawn = f"![Skeleton of {name}]({rel(page, image)})" if image else ""
        more = link(page, label_type_path(name), f"keypoint order and flip pairs of `{name}`")
        parts.append(join(drawn, f"Left and right are the subject's own. See the {more}."))
    return section("Keypoints", "\n\n".join(parts))


def _examples(tax: Taxonomy, cls: TaxonomyClass, page: str, inputs: SiteInputs) -> str:
    showing = [e for e in inputs.examples if cls.name in e.classes]
    # An example photo often shows several classes; a class page keeps those of the rules
    # about this class, and falls back to every example showing it.
    about = [e for e in showing if e.rule in tax.rules and cls.name in tax.rules[e.rule].classes]
    mine = about or showing
    do = [e for e in mine if e.verdict == "do"]
    dont = [e for e in mine if e.verdict == "dont"]
    body = join(
        "### Do\n\n" + gallery(page, do, cls.name) if do else "",
        "### Don't\n\n" + gallery(page, dont, cls.name) if dont else "",
    )
    return section("Examples", body) if mine else ""


def _rules(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    rows = [_rule_row(tax, cls, page, r) for r in tax.rules_for(cls.name)]
    return table(["Rule", "Applies", "Enforced by"], rows)


def _rule_row(tax: Taxonomy, cls: TaxonomyClass, page: str, rule: ResolvedRule) -> list[str]:
    text = mdx.title_text(rule.rule.title, tax.thresholds)
    title = link(page, rule_path(rule.id), mdx.plain(text))
    check = rule.rule.check
    enforced = f"`{check.name}` ({rule.rule.severity})" if check else "guidance only"
    return [title, _applies(tax, cls, page, rule), enforced]


def _applies(tax: Taxonomy, cls: TaxonomyClass, page: str, rule: ResolvedRule) -> str:
    targets = rule.rule.applies_to.classes
    if not targets:
        return "every class"
    if cls.name in targets:
        return "this class"
    via = next((a for a in cls.ancestors if a in targets), None)
    return f"inherited from {_class_link(tax, page, via)}" if via else "this class"
