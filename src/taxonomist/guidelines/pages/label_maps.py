"""Label maps: an index and one page per map (what each class becomes in the other class
set, which classes it leaves out), and the line a class page gives each map."""

from __future__ import annotations

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    class_path,
    join,
    link,
    section,
    table,
)
from taxonomist.taxonomy.model import LabelMap
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

INDEX = "label-maps/index.md"


def label_map_path(name: str) -> str:
    return f"label-maps/{name}.md"


def label_map_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    """The map index and a page per map; none when the taxonomy has no label maps."""
    if not tax.label_maps:
        return []
    pages = [Page(INDEX, "Label maps", _index(tax))]
    pages += [_page(tax, name, spec) for name, spec in tax.label_maps.items()]
    return pages


def _index(tax: Taxonomy) -> str:
    rows = [
        [
            link(INDEX, label_map_path(name), f"`{name}`"),
            mdx.cell(mdx.inline(spec.description, tax.thresholds)),
            str(len(targets(spec))),
            str(sum(1 for t in spec.map.values() if t is None) + len(unlisted(tax, spec))),
        ]
        for name, spec in tax.label_maps.items()
    ]
    intro = (
        "Other class sets this taxonomy's classes are mapped to, for a coarser model or "
        "another dataset's classes. You label the classes of this site; the maps are applied "
        "afterwards, so they show which distinctions the other sets keep."
    )
    return join(
        "# Label maps", intro, table(["Map", "What it is for", "Classes", "Left out"], rows)
    )


def targets(spec: LabelMap) -> list[str]:
    """The classes of the other set, in the order the map first names them."""
    return list(dict.fromkeys(t for t in spec.map.values() if t is not None))


def unlisted(tax: Taxonomy, spec: LabelMap) -> list[TaxonomyClass]:
    """Labellable classes the map does not name (left out of an incomplete map)."""
    return [c for c in tax.classes.values() if c.labellable and c.name not in spec.map]


def _page(tax: Taxonomy, name: str, spec: LabelMap) -> Page:
    path = label_map_path(name)
    rows = [
        [_class(tax, path, cls), mdx.plain(target)]
        for cls, target in spec.map.items()
        if target is not None
    ]
    dropped = [_class(tax, path, cls) for cls, target in spec.map.items() if target is None]
    missing = [link(path, class_path(c.name), mdx.plain(c.title)) for c in unlisted(tax, spec)]
    scope = (
        "Every class to label is mapped (or left out on purpose)."
        if spec.complete
        else "Classes it does not list are not part of this set."
    )
    body = join(
        f"# Label map `{name}`",
        mdx.block(spec.description, tax.thresholds),
        scope,
        section("What each class becomes", table(["Class", "Becomes"], rows)),
        section("By class of the other set", _by_target(tax, path, spec)),
        section("Left out", ", ".join(dropped)),
        section("Not listed", ", ".join(missing)),
    )
    return Page(path, f"Label map {name}", body)


def _by_target(tax: Taxonomy, page: str, spec: LabelMap) -> str:
    lines = []
    for target in targets(spec):
        sources = [_class(tax, page, c) for c, t in spec.map.items() if t == target]
        lines.append(f"**{mdx.plain(target)}** ← " + ", ".join(sources))
    return bullet_list(lines)


def _class(tax: Taxonomy, page: str, name: str) -> str:
    cls = tax.classes.get(name)
    if cls is None:
        return f"`{mdx.attr(name)}`"
    return link(page, class_path(name), mdx.plain(cls.title))


def class_label_maps(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    """One line per map for a class page: what the class becomes in that set."""
    lines = []
    for name, spec in tax.label_maps.items():
        named = link(page, label_map_path(name), f"`{name}`")
        if cls.name in spec.map:
            target = spec.map[cls.name]
            becomes = f"becomes **{mdx.plain(target)}**" if target is not None else "is left out"
            lines.append(f"In the {named} set this class {becomes}.")
        elif cls.labellable:
            lines.append(f"The {named} set does not list this class: it is left out.")
    return bullet_list(lines)
