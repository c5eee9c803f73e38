"""T2xx: every name a taxonomy mentions must exist (classes, label types, attributes, ...)."""

from __future__ import annotations

from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import bins
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.hierarchy import ancestors
from taxonomist.taxonomy.linter.context import Ctx, walk
from taxonomist.taxonomy.linter.vocabulary import did_you_mean
from taxonomist.taxonomy.model.metadata import GUIDELINE_TOOLS

UNKNOWN_PARENT = CodeDoc(
    code="T201",
    name="unknown-parent",
    family="references",
    summary="parent names no class.",
    why="The hierarchy, inheritance and subtree rules depend on it.",
    bad="car: {id: 3, parent: vehicel}",
    good="car: {id: 3, parent: vehicle}",
)

UNKNOWN_PART_OF = CodeDoc(
    code="T202",
    name="unknown-part-of",
    family="references",
    summary="part_of names no class.",
    why="Part-of checks need the whole.",
    bad="wheel: {id: 9, part_of: cra}",
    good="wheel: {id: 9, part_of: car}",
)

UNKNOWN_LABEL_TYPE = CodeDoc(
    code="T204",
    name="unknown-label-type",
    family="references",
    summary="A reference names no label type.",
    why="Classes and checks would have no geometry to check.",
    bad="label_types: [bbox]",
    good="label_types: [box]",
)

UNKNOWN_ATTRIBUTE = CodeDoc(
    code="T205",
    name="unknown-attribute",
    family="references",
    summary="A reference names no attribute.",
    why="The attribute would never be checked.",
    bad="attributes: {occluson: required}",
    good="attributes: {occlusion: required}",
)

UNKNOWN_THRESHOLD = CodeDoc(
    code="T207",
    name="unknown-threshold",
    family="references",
    summary="A $ref names no threshold.",
    why="The check would have no number.",
    bad="min_height: $min_hieght",
    good="min_height: $min_height",
)

UNKNOWN_ID_SPACE = CodeDoc(
    code="T208",
    name="unknown-id-space",
    family="references",
    summary="ids names an undeclared id space.",
    why="Exports to that id space would miss it.",
    bad="ids: {trainid: 3}",
    good="ids: {train_id: 3}",
)

HIERARCHY_CYCLE = CodeDoc(
    code="T209",
    name="hierarchy-cycle",
    family="references",
    summary="The parent chain loops.",
    why="Inheritance and subtrees are undefined on a loop.",
    bad="a: {id: 1, parent: b}\nb: {id: 2, parent: a}",
    good="a: {id: 1}\nb: {id: 2, parent: a}",
)

BAD_REPLACEMENT = CodeDoc(
    code="T214",
    name="bad-replacement",
    family="references",
    summary="replaced_by or split_into points at a deprecated or abstract class.",
    why="Migrated annotations would land on a class that cannot be labelled.",
    bad="replaced_by: old_name",
    good="replaced_by: live_class",
)

UNKNOWN_ATTRIBUTE_VALUE = CodeDoc(
    code="T215",
    name="unknown-attribute-value",
    family="references",
    summary="A value is not one the attribute can take (an enum value, an ordinal bin, ...).",
    why="The restriction or condition could never match, or matches another bin than meant.",
    bad="values: [real, toy]  # attribute has real, depicted",
    good="values: [real]",
)

WRONG_LABEL_TYPE_KIND = CodeDoc(
    code="T216",
    name="wrong-label-type-kind",
    family="references",
    summary="A label type of the wrong kind is referenced.",
    why="The check cannot apply to that geometry.",
    bad="keypoints-min-visible with label_type: box",
    good="label_type: pose",
)

UNKNOWN_TOOL = CodeDoc(
    code="T217",
    name="unknown-tool",
    family="references",
    summary="guidelines: tools names a labeling tool the guideline site cannot explain.",
    why="The site would have no page and no hotkeys for it, and nobody would notice.",
    bad="guidelines: {tools: [labelstudio]}",
    good="guidelines: {tools: [label-studio, cvat]}",
)

CODES: tuple[CodeDoc, ...] = (
    UNKNOWN_PARENT,
    UNKNOWN_PART_OF,
    UNKNOWN_LABEL_TYPE,
    UNKNOWN_ATTRIBUTE,
    UNKNOWN_THRESHOLD,
    UNKNOWN_ID_SPACE,
    HIERARCHY_CYCLE,
    BAD_REPLACEMENT,
    UNKNOWN_ATTRIBUTE_VALUE,
    WRONG_LABEL_TYPE_KIND,
    UNKNOWN_TOOL,
)


def check_classes(ctx: Ctx) -> None:
    for name, spec in ctx.specs.items():
        base = f"/classes/{name}"
        if spec.parent is not None:
            ctx.need_class(spec.parent, f"{base}/parent", "parent", UNKNOWN_PARENT)
        if spec.part_of is not None:
            ctx.need_class(spec.part_of, f"{base}/part_of", "part_of", UNKNOWN_PART_OF)
        for i, exclude in enumerate(spec.excludes):
            if isinstance(exclude, m.Exclude) and exclude.use is not None:
                ctx.need_class(exclude.use, f"{base}/excludes/{i}/use", "exclude's use")
        for i, versus in enumerate(spec.versus):
            ctx.need_class(versus.other, f"{base}/versus/{i}/class", "versus class")
        _label_types(ctx, spec.label_types or [], f"{base}/label_types")
        for space in spec.ids:
            ctx.need("id_spaces", space, f"{base}/ids/{space}", "id space", UNKNOWN_ID_SPACE)
        _attribute_uses(ctx, spec.attributes, f"{base}/attributes")
        _replacement(ctx, spec, base)


def _label_types(ctx: Ctx, names: list[str], ptr: str) -> None:
    for i, label_type in enumerate(names):
        ctx.need("label_types", label_type, f"{ptr}/{i}", "label type", UNKNOWN_LABEL_TYPE)


def _attribute_uses(ctx: Ctx, uses: dict[str, Any], ptr: str) -> None:
    for attr, use in uses.items():
        if not ctx.need("attributes", attr, f"{ptr}/{attr}", "attribute", UNKNOWN_ATTRIBUTE):
            continue
        if isinstance(use, m.AttributeUse):
            if use.values is not None:
                attribute_values(ctx, attr, use.values, f"{ptr}/{attr}/values")
            if use.when is not None:
                condition(ctx, use.when, f"{ptr}/{attr}/when")


def _replacement(ctx: Ctx, spec: m.ClassDef, base: str) -> None:
    if spec.replaced_by is not None:
        _replacement_target(ctx, spec.replaced_by, f"{base}/replaced_by")
    for i, split in enumerate(spec.split_targets()):
        ptr = f"{base}/split_into/{i}"
        entry = spec.split_into[i]
        _replacement_target(ctx, split.class_, ptr if isinstance(entry, str) else f"{ptr}/class")
        if split.when is not None:
            condition(ctx, split.when, f"{ptr}/when")


def _replacement_target(ctx: Ctx, target: str, ptr: str) -> None:
    word = "split_into" if "/split_into/" in ptr else "replaced_by"
    if not ctx.need_class(target, ptr, word):
        return
    other = ctx.specs[target]
    if other.deprecated:
        hint = f"point at {other.replaced_by!r}" if other.replaced_by else None
        ctx.emit(BAD_REPLACEMENT, f"{word} {target!r} is itself deprecated", ptr, hint)
    elif other.abstract:
        ctx.emit(BAD_REPLACEMENT, f"{word} {target!r} is abstract and cannot be labelled", ptr)


def check_migrations(ctx: Ctx) -> None:
    """A migration names an attribute of this version and, unless it drops the value, a
    value the attribute takes now."""
    meta = ctx.merged.meta
    for i, migration in enumerate(meta.migrations if meta is not None else ()):
        ptr = f"/migrations/{i}"
        name = migration.attribute
        if not ctx.need("attributes", name, f"{ptr}/attribute", "attribute", UNKNOWN_ATTRIBUTE):
            continue
        if migration.to is not None:
            attribute_values(ctx, name, [migration.to], f"{ptr}/to")


def attribute_values(ctx: Ctx, attr: str, values: list[Any], ptr: str) -> None:
    """Each value an ``allowed:``, ``equals:``, ``in:`` or ``values:`` names must be one the
    attribute can take: an enum or tri-state value, an ordinal bin (a label or a number
    inside the edges), a boolean, a number in range, a text."""
    definition = ctx.section("attributes").get(attr)
    if definition is None:
        return
    for i, value in enumerate(values):
        hint = _value_hint(definition, value)
        if hint is not None:
            message = f"{value!r} is not a value of attribute {attr!r}"
            ctx.emit(UNKNOWN_ATTRIBUTE_VALUE, message, f"{ptr}/{i}", f"{attr!r} {hint}")


def _value_hint(spec: Any, value: Any) -> str | None:
    """None when ``spec`` can take ``value``, else what it takes (for the hint)."""
    if isinstance(spec, m.OrdinalAttribute):
        if bins.bin_of(spec, value) is not None:
            return None
        labels = f"the bins {', '.join(spec.labels)} or " if spec.labels else ""
        return f"takes {labels}a number from {spec.edges[0]:g} to {spec.edges[-1]:g}"
    if isinstance(spec, m.EnumAttribute | m.TriStateAttribute):
        if any(bins.same(spec, value, v) for v in spec.values):
            return None
        return f"has: {', '.join(map(str, spec.values))}"
    if isinstance(spec, m.BoolAttribute):
        return None if isinstance(value, bool) else "is true or false"
    if isinstance(spec, m.NumberAttribute):
        return _number_hint(spec, value)
    return None if isinstance(value, str) else "is text"


def _number_hint(spec: m.NumberAttribute, value: Any) -> str | None:
    low, high = (b if isinstance(b, int | float) else None for b in (spec.min, spec.max))
    number = isinstance(value, int | float) and not isinstance(value, bool)
    whole = spec.type == "int"
    fits = number and (not whole or float(value).is_integer())
    if fits and (low is None or value >= low) and (high is None or value <= high):
        return None
    span = f"{'-inf' if low is None else f'{low:g}'} to {'inf' if high is None else f'{high:g}'}"
    return f"takes {'an integer' if whole else 'a number'} from {span}"


def condition(ctx: Ctx, cond: Any, ptr: str) -> None:
    """Classes and attributes named by a condition (recursively)."""
    if isinstance(cond, m.AttributeCondition):
        if ctx.need(
            "attributes", cond.attribute, f"{ptr}/attribute", "attribute", UNKNOWN_ATTRIBUTE
        ):
            values = [cond.equals] if cond.equals is not None else list(cond.in_ or [])
            key = "equals" if cond.equals is not None else "in"
            attribute_values(ctx, cond.attribute, values, f"{ptr}/{key}")
    elif isinstance(cond, m.ClassCondition):
        for i, name in enumerate(cond.class_in):
            ctx.need_class(name, f"{ptr}/class_in/{i}", "condition class")
    elif isinstance(cond, m.AllOf | m.AnyOf):
        items = cond.all if isinstance(cond, m.AllOf) else cond.any
        key = "all" if isinstance(cond, m.AllOf) else "any"
        for i, item in enumerate(items):
            condition(ctx, item, f"{ptr}/{key}/{i}")
    elif isinstance(cond, m.NotCondition):
        condition(ctx, cond.not_, f"{ptr}/not")


def check_label_types(ctx: Ctx) -> None:
    for name, label_type in ctx.section("label_types").items():
        base = f"/label_types/{name}"
        inside = getattr(label_type, "inside", None)
        if inside is not None and ctx.need(
            "label_types", inside, f"{base}/inside", "label type", UNKNOWN_LABEL_TYPE
        ):
            kind = ctx.section("label_types")[inside].kind
            if kind not in _AREA_KINDS:
                message = f"inside names {inside!r}, a {kind} label type, which has no area"
                hint = "a shape lies inside a box, polygon or mask label type"
                ctx.emit(WRONG_LABEL_TYPE_KIND, message, f"{base}/inside", hint)
        for i, cls in enumerate(getattr(label_type, "classes", None) or []):
            ctx.need_class(cls, f"{base}/classes/{i}", "class")
        space = getattr(label_type, "id_space", None)
        if space is not None:
            ctx.need("id_spaces", space, f"{base}/id_space", "id space", UNKNOWN_ID_SPACE)


_AREA_KINDS = frozenset({"box", "polygon", "mask"})


def check_relations_and_maps(ctx: Ctx) -> None:
    for name, rel in ctx.section("relations").items():
        for key in ("subject", "object"):
            for i, cls in enumerate(getattr(rel, key)):
                ctx.need_class(cls, f"/relations/{name}/{key}/{i}", f"relation {key}")
    for name, label_map in ctx.section("label_maps").items():
        for cls in label_map.map:
            ctx.need_class(cls, f"/label_maps/{name}/map/{cls}", "mapped class")


def check_thresholds(ctx: Ctx) -> None:
    """Every ``$name`` in attributes, label types, rules and class attribute uses."""
    sources = ("attributes", "label_types", "rules", "classes")
    thresholds = ctx.section("thresholds")
    for section in sources:
        for name, entry in ctx.section(section).items():
            dumped = entry.model_dump(by_alias=True, exclude_defaults=True)
            for ptr, leaf in walk(dumped, f"/{section}/{name}"):
                ref = m.threshold_name(leaf)
                if ref is not None and ref not in thresholds and not _is_text(ptr):
                    ctx.need("thresholds", ref, ptr, "threshold", UNKNOWN_THRESHOLD)


_TEXT_KEYS = frozenset({"guidance", "description", "definition", "caption", "text", "test"})


def _is_text(ptr: str) -> bool:
    parts = ptr.split("/")
    return any(p in _TEXT_KEYS for p in parts)


def check_rules(ctx: Ctx) -> None:
    for rule_id, rule in ctx.section("rules").items():
        base = f"/rules/{rule_id}"
        for i, cls in enumerate(rule.applies_to.classes):
            ctx.need_class(cls, f"{base}/applies_to/classes/{i}", "rule class")
        _label_types(ctx, rule.applies_to.label_types, f"{base}/applies_to/label_types")
        if rule.check is not None:
            _check_params(ctx, rule.check, f"{base}/check")


def _check_params(ctx: Ctx, check: Any, ptr: str) -> None:
    """What a rule's check names: a label type of a kind it accepts, classes, an attribute
    and the values it allows, a condition. The check's kind says which of them it has."""
    label_type = getattr(check, "label_type", None)
    if label_type is not None:
        _check_label_type(ctx, check, label_type, f"{ptr}/label_type")
    if check.names_classes:
        for i, cls in enumerate(check.classes):
            ctx.need_class(cls, f"{ptr}/classes/{i}", "check class")
    attr_ptr = f"{ptr}/attribute"
    if check.names_attribute and ctx.need(
        "attributes", check.attribute, attr_ptr, "attribute", UNKNOWN_ATTRIBUTE
    ):
        allowed = getattr(check, "allowed", None)
        if allowed is not None:
            attribute_values(ctx, check.attribute, allowed, f"{ptr}/allowed")
    when = getattr(check, "when", None)
    if when is not None:
        condition(ctx, when, f"{ptr}/when")


def _check_label_type(ctx: Ctx, check: Any, label_type: str, ptr: str) -> None:
    if not ctx.need("label_types", label_type, ptr, "label type", UNKNOWN_LABEL_TYPE):
        return
    kind = ctx.section("label_types")[label_type].kind
    wanted = type(check).label_kinds  # empty: any kind of label type will do
    if wanted and kind not in wanted:
        message = f"check {check.name!r} needs a {' or '.join(wanted)} label type, not {kind!r}"
        ctx.emit(WRONG_LABEL_TYPE_KIND, message, ptr)


def check_hierarchy(ctx: Ctx) -> None:
    """T209: a parent chain that comes back to where it started."""
    reported: set[str] = set()
    for name in ctx.specs:
        chain = [name, *ancestors(name, ctx.specs)]
        if ctx.specs[chain[-1]].parent == name and name not in reported:
            reported.update(chain)
            loop = " -> ".join([*chain, name])
            ctx.emit(HIERARCHY_CYCLE, f"the parent chain loops: {loop}", f"/classes/{name}/parent")


def check_tools(ctx: Ctx) -> None:
    """Each tool in ``guidelines: tools`` is one the site has a page for."""
    known = ", ".join(GUIDELINE_TOOLS)
    for i, tool in enumerate(ctx.tax.guidelines.tools):
        if tool not in GUIDELINE_TOOLS:
            close = did_you_mean(tool, list(GUIDELINE_TOOLS))
            hint = f"{close} known tools: {known}" if close else f"known tools: {known}"
            message = f"guidelines: tools names {tool!r}, a tool the site cannot explain"
            ctx.emit(UNKNOWN_TOOL, message, f"/guidelines/tools/{i}", hint)


FAMILY = (
    check_classes,
    check_label_types,
    check_relations_and_maps,
    check_thresholds,
    check_rules,
    check_hierarchy,
    check_migrations,
    check_tools,
)
