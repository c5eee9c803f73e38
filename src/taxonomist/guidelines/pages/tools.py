"""A "Using <tool>" page per labeling tool the taxonomy names (``guidelines: tools``), and
each class's label, hotkeys and attribute controls in those tools (``tool_facts``, for the
class page). Everything comes from ``guidelines.tool_map``, which reads the exports."""

from __future__ import annotations

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    class_path,
    join,
    label_type_path,
    link,
    section,
    swatch,
    table,
)
from taxonomist.guidelines.pages.attributes import values_text
from taxonomist.guidelines.pages.label_type import used_label_types
from taxonomist.guidelines.tool_map import (
    IMAGE_CHOICE,
    Field,
    ToolClass,
    ToolMap,
    code,
    names,
    object_classes,
    tool_maps,
)
from taxonomist.taxonomy.model import (
    AttributeUse,
    EnumAttribute,
    NumberAttribute,
    TextAttribute,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

# How each input looks to the annotator: on the tool page, and in a class page's line.
INPUTS: dict[str, tuple[str, str]] = {
    "radio": ("radio buttons: pick one", "radio"),
    "choices": ("checkboxes: tick every one that applies", "checkboxes"),
    "checkbox": ("a checkbox: ticked means true", "checkbox"),
    "select": ("a drop-down list: pick one", "drop-down"),
    "number": ("a number field", "number"),
    "text": ("a text field", "text"),
    "tag": ("a tag on the image (CVAT's image-level annotation)", "tag"),
}
# What a CVAT label's type lets the annotator draw with it.
CVAT_TYPES: dict[str, str] = {
    "any": "any shape",
    "rectangle": "boxes only",
    "polygon": "polygons only",
    "polyline": "polylines only",
    "mask": "masks only",
    "skeleton": "skeletons (keypoints) only",
    "tag": "tags on the whole image only",
}
EXPORT = {"label-studio": "labeling config", "cvat": "labels"}


def tool_path(tool: str) -> str:
    return f"tools/{tool}.md"


def tool_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    """A page per tool the taxonomy names; none when it names none."""
    return [_page(tax, tool) for tool in tool_maps(tax)]


def tool_facts(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    """Where the class is picked and its attributes answered in each tool, one bullet per
    tool (Markdown, no heading); "" when the taxonomy names no tool or no tool offers it."""
    lines = []
    for tool in tool_maps(tax):
        entry = tool.classes.get(cls.name)
        if entry is None:
            continue
        how = link(page, tool_path(tool.tool), tool.title)
        parts = [_where(tool, entry), _answers(tool, cls.name)]
        lines.append(f"**{how}**: " + "; ".join(p for p in parts if p) + ".")
    return bullet_list(lines)


def _where(tool: ToolMap, entry: ToolClass) -> str:
    if tool.tool == "cvat":
        return f"label {code(entry.label)}, {CVAT_TYPES.get(entry.type, entry.type)}"
    region = [p for p in entry.picks if p.label is not None and p.kind != IMAGE_CHOICE]
    keyed = [f"{_key(p.hotkey)} in {code(p.control)}" for p in region if p.hotkey]
    unkeyed = [code(p.control) for p in region if not p.hotkey]
    text = f"label {code(entry.label)}"
    if keyed:
        text += ": hotkey " + ", ".join(keyed)
    if unkeyed:
        text += ("; " if keyed else ": ") + "no hotkey in " + ", ".join(unkeyed)
    parts = [text]
    parts += [f"its points in {code(p.control)}" for p in entry.picks if p.label is None]
    chosen = [code(p.control) for p in entry.picks if p.kind == IMAGE_CHOICE]
    if chosen:
        parts.append("a choice of " + ", ".join(chosen))
    return "; ".join(parts)


def _key(hotkey: str | None) -> str:
    return f"<kbd>{hotkey}</kbd>" if hotkey else "no key"


def _answers(tool: ToolMap, cls: str) -> str:
    mine = [f for f in tool.fields if f.per_object and cls in f.classes]
    if not mine:
        return ""
    where = "under the selected region" if tool.tool == "label-studio" else "in its attributes"
    items = [
        f"{code(f.control)} ({INPUTS[f.input][1]}{', required' if f.required else ''})"
        for f in mine
    ]
    return f"{where}: " + ", ".join(items)


# --------------------------------------------------------------------------- the page


def _page(tax: Taxonomy, tool: ToolMap) -> Page:
    path = tool_path(tool.tool)
    title = f"Using {tool.title}"
    body = join(
        f"# {title}",
        _intro(tax, tool),
        section("Picking a class", _classes(tax, tool, path)),
        section("Where each question is answered", _fields(tax, tool, path)),
        section("What to apply by hand", _limits(tool)),
    )
    return Page(path, title, body)


def _intro(tax: Taxonomy, tool: ToolMap) -> str:
    what = EXPORT[tool.tool]
    return (
        f"Your project in {tool.title} is set up with the {what} exported from this taxonomy "
        f"(version {mdx.plain(tax.version)}, `taxonomist export --to {tool.tool}`). This page "
        "says where each class of these guidelines is picked and where each question is "
        "answered, and what the tool cannot check, which you apply yourself."
    )


def _classes(tax: Taxonomy, tool: ToolMap, page: str) -> str:
    if tool.tool == "cvat":
        return _cvat_classes(tax, tool, page)
    return _label_studio_classes(tax, tool, page)


def _class_cell(tax: Taxonomy, page: str, name: str) -> str:
    cls = tax.classes[name]
    return f"{swatch(cls.color)} {link(page, class_path(name), mdx.plain(cls.title))}"


def _label_studio_classes(tax: Taxonomy, tool: ToolMap, page: str) -> str:
    controls = list(
        dict.fromkeys(
            (p.control, p.kind)
            for e in tool.classes.values()
            for p in e.picks
            if p.label is not None and p.kind != IMAGE_CHOICE
        )
    )
    rows = []
    for entry in tool.classes.values():
        keys = {p.control: p.hotkey for p in entry.picks if p.label is not None}
        if not any(c in keys for c, _ in controls):
            continue
        cells = [_key(keys[c]) if c in keys else "—" for c, _ in controls]
        rows.append([_class_cell(tax, page, entry.cls), code(entry.label), *cells])
    header = ["Class", "Label", *(f"{code(c)} ({k})" for c, k in controls)]
    how = (
        "Choose the control for the shape you draw (each label type is its own control), "
        "press the class's hotkey or click its label, then draw. A class drawn with several "
        "label types has a hotkey in each."
    )
    return join(how, table(header, rows), _keypoints(tax, tool, page), _absent(tax, tool, page))


def _keypoints(tax: Taxonomy, tool: ToolMap, page: str) -> str:
    groups: dict[str, list[str]] = {}
    for entry in tool.classes.values():
        for p in entry.picks:
            if p.label is None:
                groups.setdefault(p.control, []).append(entry.cls)
    lines = [
        f"Keypoints of {names(who)} go in {code(control)}: each point is its own label, "
        f"named after the point, not the class. The "
        f"{link(page, label_type_path(control), 'label type page')} gives their order."
        for control, who in groups.items()
    ]
    return "\n\n".join(lines)


def _absent(tax: Taxonomy, tool: ToolMap, page: str) -> str:
    missing = [c for c in tax.classes.values() if c.name not in tool.classes]
    if not missing:
        return ""
    shown = ", ".join(link(page, class_path(c.name), mdx.plain(c.title)) for c in missing[:20]) + (
        f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    )
    return (
        f"Not in {tool.title}, because they are abstract or deprecated (their pages say what "
        f"to use instead): {shown}."
    )


def _cvat_classes(tax: Taxonomy, tool: ToolMap, page: str) -> str:
    rows = [
        [
            _class_cell(tax, page, e.cls),
            code(e.label),
            f"{code(e.type)}: {CVAT_TYPES.get(e.type, e.type)}",
        ]
        for e in tool.classes.values()
    ]
    how = (
        "Pick the class's label from the label list, then draw. The export sets no "
        "shortcuts; CVAT's own keyboard shortcuts switch between labels. A label's type "
        "limits what you can draw with it."
    )
    return join(how, table(["Class", "Label", "Type"], rows), _absent(tax, tool, page))


def _fields(tax: Taxonomy, tool: ToolMap, page: str) -> str:
    every = object_classes(tax)
    rows = [_field_row(tax, tool, page, f, every) for f in tool.fields]
    rows += [_missing_row(tax, tool, page, name) for name in tool.missing]
    intro = (
        "Each object's attributes are answered on the object itself "
        + (
            "(select the region: the controls show below the image for its class); "
            if tool.tool == "label-studio"
            else "(in the object's attribute list in the sidebar); "
        )
        + "the image-level questions once per image."
    )
    if tool.tool == "label-studio" and _has_value_descriptions(tax, tool):
        intro += " Hold the pointer over a choice to see what it means."
    return join(intro, table(["Question", "Input", "Asked", "Values"], rows))


def _has_value_descriptions(tax: Taxonomy, tool: ToolMap) -> bool:
    return any(
        isinstance(spec := tax.attributes.get(f.name), EnumAttribute) and spec.value_descriptions
        for f in tool.fields
        if f.per_object
    )


def _field_row(tax: Taxonomy, tool: ToolMap, page: str, f: Field, every: list[str]) -> list[str]:
    if f.per_object:
        spec = tax.attributes[f.name]
        question = code(f.name)
        if spec.description:
            question += "<br>" + mdx.inline(spec.description, tax.thresholds)
        asked = "per object: " + names(f.classes, every)
        if isinstance(spec, NumberAttribute | TextAttribute):
            values = values_text(spec, AttributeUse(), pointers=False)
        elif f.input == "checkbox":
            values = "ticked: `true`, unticked: `false`"
        else:
            values = ", ".join(code(v) for v in f.values)
    else:
        question = _question(tax, page, f.name)
        asked = "per image"
        values = names(f.values, every) if f.classes else ", ".join(code(v) for v in f.values)
    return [mdx.cell(question), _input(f), asked, mdx.cell(values)]


def _input(f: Field) -> str:
    """The input, named when the tool calls it otherwise than the question, and whether the
    tool insists on an answer."""
    text = INPUTS[f.input][0]
    if f.control != f.name and f.input != "tag":
        text += f" ({code(f.control)})"
    return text + ("; required: the tool will not save without it" if f.required else "")


def _question(tax: Taxonomy, page: str, name: str) -> str:
    spec = tax.label_types[name]
    # Linked when the site has a page for it (label types no class lists may have none).
    has_page = name in used_label_types(tax)
    text = link(page, label_type_path(name), code(name)) if has_page else code(name)
    asked = getattr(spec, "question", None) or spec.title
    return text + (f"<br>{mdx.plain(asked)}" if asked else "")


def _missing_row(tax: Taxonomy, tool: ToolMap, page: str, name: str) -> list[str]:
    where = f"none: not in the {tool.title} {EXPORT[tool.tool]} (see below)"
    return [mdx.cell(_question(tax, page, name)), where, "per image", ""]


def _limits(tool: ToolMap) -> str:
    if not tool.limits:
        return ""
    intro = (
        f"What these guidelines ask that {tool.title} cannot enforce: it lets these "
        "through, so keep to them yourself (`taxonomist check` reports them later)."
    )
    return join(intro, bullet_list(tool.limits))
