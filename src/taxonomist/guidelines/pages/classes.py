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
from taxonomist.guidelines.pages.attributes import attributes_section, describe_condition
from taxonomist.guidelines.pages.changes import class_changes
from taxonomist.guidelines.pages.class_index import index_order, index_page, neighbours
from taxonomist.guidelines.pages.crossrefs import questions_for, versus_about
from taxonomist.guidelines.pages.dataset import class_dataset_section
from taxonomist.guidelines.pages.label_maps import class_label_maps
from taxonomist.guidelines.pages.label_type import question
from taxonomist.guidelines.pages.pipeline import pipeline_block
from taxonomist.guidelines.pages.relations import class_relations
from taxonomist.guidelines.pages.rule import check_in_words
from taxonomist.guidelines.pages.tools import tool_facts
from taxonomist.taxonomy.model import IMAGE_LEVEL_KINDS, Exclude, KeypointLabel
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
        section("How to tell apart", _versus(tax, cls, path)),
        section("Attributes", attributes_section(tax, cls, path)),
        section("Relations", class_relations(tax, cls, path)),
        _keypoints(tax, cls, path, inputs),
        _examples(tax, cls, path, inputs),
        class_dataset_section(cls.name, path, inputs),
        section("Rules that apply", _rules(tax, cls, path)),
        section("In the labeling tools", tool_facts(tax, cls, path)),
        section("In other class sets", class_label_maps(tax, cls, path)),
        _pipeline(tax, cls),
        neighbours(tax, cls, path),
    )
    return Page(path, cls.title, body)


def _facts(tax: Taxonomy, cls: TaxonomyClass, path: str) -> str:
    facts = [f"{swatch(cls.color)} `{cls.name}`"]
    if cls.parent and cls.parent in tax.classes:
        facts.append("kind of " + _class_link(tax, path, cls.parent))
    if cls.spec.part_of and cls.spec.part_of in tax.classes:
        facts.append("part of " + _class_link(tax, path, cls.spec.part_of))
    lines = [" · ".join(facts)]
    drawn = [t for t in cls.label_types if _kind(tax, t) not in IMAGE_LEVEL_KINDS]
    if drawn:
        types = ", ".join(link(path, label_type_path(t), f"`{t}`") for t in drawn)
        lines.append(f"Drawn as: {types}")
    asked = questions_for(tax, cls)
    if asked:
        links = ", ".join(link(path, label_type_path(q), question(tax, q)) for q in asked)
        lines.append(f"An answer to the image question: {links}")
    lines += _status(tax, cls, path)
    if cls.children:
        kids = ", ".join(_class_link(tax, path, c) for c in cls.children)
        lines.append(f"Kinds: {kids}")
    return "\n\n".join(lines)


def _kind(tax: Taxonomy, label_type: str) -> str:
    spec = tax.label_types.get(label_type)
    return spec.kind if spec is not None else ""


def _pipeline(tax: Taxonomy, cls: TaxonomyClass) -> str:
    """Ids, other id spaces, foreign names and evaluation flags: for the pipeline."""
    facts = [f"Class `{cls.name}` · id **{cls.id}**"]
    facts += [f"`{k}` {v}" for k, v in sorted(cls.spec.ids.items())]
    lines = [" · ".join(facts)]
    external = [f"{mdx.plain(k)} `{mdx.attr(v)}`" for k, v in sorted(cls.spec.external_ids.items())]
    if external:
        lines.append("Elsewhere: " + ", ".join(external))
    if cls.spec.aliases:
        lines.append(
            "Names in other tools: " + ", ".join(f"`{mdx.attr(a)}`" for a in cls.spec.aliases)
        )
    if cls.spec.frequency:
        lines.append(f"Frequency: {mdx.plain(cls.spec.frequency)}")
    if cls.label_types:
        lines.append(
            "Label types: " + ", ".join(f"`{t}` ({_kind(tax, t)})" for t in cls.label_types)
        )
    if not cls.evaluated:
        lines.append("Not evaluated: left out of evaluation scores.")
    return pipeline_block("\n\n".join(lines))


def _split(tax: Taxonomy, cls: TaxonomyClass, path: str) -> str:
    """What to use instead of a class that was split: each target, and when it applies."""
    targets = cls.spec.split_targets()
    if not targets:
        return ""
    parts = [
        _class_link(tax, path, t.class_)
        + (f" when {describe_condition(t.when, tax)}" if t.when is not None else "")
        for t in targets
    ]
    return f" It was split: use {' or '.join(parts)}, whichever the object is."


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
        for f, on in (
            ("a dense group may be one crowd region", cls.crowd),
            ("a group of them may be one box marked group-of", cls.group_of),
        )
        if on
    ]
    if cls.kind == "stuff":
        flags.append("label it as one region per image, not object by object")
    if flags:
        notes.append("Also: " + "; ".join(flags) + ".")
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
    """The class's own decision tests, then those other classes wrote about it (a test
    holds both ways, so each side shows it)."""
    items = [
        f"**vs {_class_link(tax, page, v.other)}**: {mdx.inline(v.test, tax.thresholds)}"
        for v in cls.versus
    ]
    for name in versus_about(tax, cls.name):
        other = tax.classes[name]
        written = link(page, class_path(name), f"{mdx.plain(other.title)}'s page")
        for v in other.spec.versus:
            if v.other == cls.name:
                test = mdx.inline(v.test, tax.thresholds)
                items.append(
                    f"**vs {_class_link(tax, page, name)}**: {test} (written on {written})"
                )
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
    rows = [_rule_row(tax, cls, page, r) for r in tax.rules_for(cls.name) if _drawn(tax, cls, r)]
    return table(["Rule", "Applies", "What is checked"], rows)


def _drawn(tax: Taxonomy, cls: TaxonomyClass, rule: ResolvedRule) -> bool:
    """Whether the class is drawn with a label type the rule is about: a rule about boxes
    says nothing to a class that is never boxed (an image-level answer)."""
    named = rule.rule.applies_to.label_types
    if named and not set(named) & set(cls.label_types):
        return False
    kinds = type(rule.rule.check).label_kinds if rule.rule.check is not None else ()
    return not kinds or any(_kind(tax, t) in kinds for t in cls.label_types)


def _rule_row(tax: Taxonomy, cls: TaxonomyClass, page: str, rule: ResolvedRule) -> list[str]:
    text = mdx.title_text(rule.rule.title, tax.thresholds)
    title = link(page, rule_path(rule.id), mdx.plain(text))
    check = rule.rule.check
    how = (
        "Checked automatically: " + check_in_words(tax, check, mdx.plain(cls.title), page)
        if check
        else "Reviewers check it (guidance only)"
    )
    return [title, _applies(tax, cls, page, rule), mdx.cell(how)]


def _applies(tax: Taxonomy, cls: TaxonomyClass, page: str, rule: ResolvedRule) -> str:
    targets = rule.rule.applies_to.classes
    if not targets:
        return "every class"
    if cls.name in targets:
        return "this class"
    via = next((a for a in cls.ancestors if a in targets), None)
    return f"inherited from {_class_link(tax, page, via)}" if via else "this class"
