"""Build the resolved ``Taxonomy`` from merged documents.

Inheritance walks the is-a chain from the farthest ancestor down: label types and the
thing/stuff kind, crowd, group-of and evaluated flags come from the nearest class that sets
them; attribute uses are merged, nearer classes overriding farther ones. Cycles are cut
(the lint reports them), so resolving never loops.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.colors import assign_colors
from taxonomist.taxonomy.hierarchy import ancestors, children, subtree
from taxonomist.taxonomy.merged import Merged
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy, TaxonomyClass


def _nearest(chain: list[m.ClassDef], attr: str, default: Any) -> Any:
    for spec in chain:
        value = getattr(spec, attr)
        if value is not None:
            return value
    return default


def _attributes(chain: list[m.ClassDef]) -> dict[str, m.AttributeUse]:
    out: dict[str, m.AttributeUse] = {}
    for spec in reversed(chain):
        for name, use in spec.attributes.items():
            out[name] = m.AttributeUse(presence=use) if isinstance(use, str) else use
    return out


def _classes(merged: Merged) -> dict[str, TaxonomyClass]:
    specs: dict[str, m.ClassDef] = merged.sections["classes"]
    order = sorted(specs, key=lambda n: (specs[n].id, n))
    below = children(specs)
    missing = [n for n in order if specs[n].color is None]
    fixed = [c for n in order if (c := specs[n].color) is not None]
    assigned = dict(zip(missing, assign_colors(fixed, len(missing)), strict=True))
    out: dict[str, TaxonomyClass] = {}
    for name in order:
        line = ancestors(name, specs)
        chain = [specs[name], *(specs[a] for a in line)]
        out[name] = TaxonomyClass(
            name=name,
            spec=specs[name],
            ancestors=line,
            children=tuple(sorted(below[name], key=lambda n: (specs[n].id, n))),
            label_types=tuple(_nearest(chain, "label_types", ())),
            attributes=_attributes(chain),
            color=(specs[name].color or assigned[name]).lower(),
            kind=_nearest(chain, "kind", "thing"),
            crowd=_nearest(chain, "crowd", False),
            group_of=_nearest(chain, "group_of", False),
            evaluated=_nearest(chain, "evaluated", True),
            origin=merged.key_positions.get(f"/classes/{name}"),
        )
    return out


def _rules(merged: Merged, classes: dict[str, TaxonomyClass]) -> dict[str, ResolvedRule]:
    out: dict[str, ResolvedRule] = {}
    for rule_id, rule in merged.sections["rules"].items():
        out[rule_id] = ResolvedRule(
            id=rule_id,
            rule=rule,
            classes=subtree(
                (n for n in rule.applies_to.classes if n in classes),
                lambda n: classes[n].children,
            ),
            origin=merged.key_positions.get(f"/rules/{rule_id}"),
            base_dir=merged.base_dirs.get(f"rules/{rule_id}", Path(merged.path).parent),
        )
    return out


def resolve(merged: Merged) -> Taxonomy | None:
    """The resolved taxonomy, or None when the main document itself could not be read."""
    meta = merged.meta
    if meta is None:
        return None
    classes = _classes(merged)
    sections = merged.sections
    return Taxonomy(
        name=meta.name,
        version=meta.version,
        title=meta.title or meta.name,
        description=meta.description,
        owners=tuple(meta.owners),
        license=meta.license,
        guidelines=meta.guidelines,
        classes=classes,
        label_types=dict(sections["label_types"]),
        attributes=dict(sections["attributes"]),
        thresholds=dict(sections["thresholds"]),
        id_spaces=dict(sections["id_spaces"]),
        relations=dict(sections["relations"]),
        label_maps=dict(sections["label_maps"]),
        rules=_rules(merged, classes),
        check_overrides=dict(sections["checks"]),
        path=Path(merged.path),
        files=tuple(dict.fromkeys(merged.files)),
        positions=merged.positions,
        migrations=tuple(meta.migrations),
        previous=meta.previous,
        changelog=tuple(meta.changelog),
        lock=merged.lock,
        language=merged.language,
        source_language=merged.language,
        translations=dict(merged.translations),
        agreement=meta.agreement,
    )
