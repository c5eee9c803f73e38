"""Derived taxonomies: ``subset`` trims the base's classes, ``refine`` changes inherited ones.

A refinement replaces the fields it sets, except mappings (``attributes``, ``ids``), which
it merges: a project adds an attribute to an inherited class without restating the others.

A subset keeps the named classes, their subtrees and their ancestors (so parents still
resolve); whatever in the base pointed at a dropped class is trimmed with it, so the base's
rules and relations do not turn into unknown-class errors in the derived taxonomy.
"""

from __future__ import annotations

from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.hierarchy import ancestors, children, subtree
from taxonomist.taxonomy.linter.messages import INCONSISTENT_ENTRY
from taxonomist.taxonomy.merged import Merged
from taxonomist.taxonomy.source.document import SourceDoc, location

UNKNOWN_REFINED_CLASS = CodeDoc(
    code="T213",
    name="unknown-refined-class",
    family="references",
    summary="refine or subset names a class the base does not have.",
    why="The change would apply to nothing.",
    bad="refine: {persn: {...}}",
    good="refine: {person: {...}}",
)

CODES: tuple[CodeDoc, ...] = (UNKNOWN_REFINED_CLASS,)


def _kept(classes: dict[str, m.ClassDef], names: list[str]) -> set[str]:
    named = [n for n in names if n in classes]
    below = children(classes)
    keep = set(subtree(named, lambda n: below[n]))
    for name in named:
        keep.update(ancestors(name, classes))
    return keep


def apply_subset(merged: Merged, names: list[str], src: SourceDoc) -> None:
    """Keep only ``names`` (with subtrees and ancestors) of the base's classes."""
    classes: dict[str, m.ClassDef] = merged.sections["classes"]
    for i, name in enumerate(names):
        if name not in classes:
            where = location(src.pos(f"/subset/{i}"), src.label, f"/subset/{i}")
            message = f"subset names {name!r}, which the base does not define"
            merged.findings.append(UNKNOWN_REFINED_CLASS.finding(message, where))
    keep = _kept(classes, names)
    merged.sections["classes"] = {n: _trim_class(c, keep) for n, c in classes.items() if n in keep}
    merged.sections["rules"] = _trim_rules(merged.sections["rules"], keep)
    merged.sections["relations"] = _trim_relations(merged.sections["relations"], keep)
    merged.sections["label_maps"] = {
        n: lm.model_copy(update={"map": {k: v for k, v in lm.map.items() if k in keep}})
        for n, lm in merged.sections["label_maps"].items()
    }
    merged.sections["label_types"] = {
        n: _trim_label_type(t, keep) for n, t in merged.sections["label_types"].items()
    }


def _trim_class(spec: m.ClassDef, keep: set[str]) -> m.ClassDef:
    excludes = [
        e.model_copy(update={"use": None}) if isinstance(e, m.Exclude) and e.use not in keep else e
        for e in spec.excludes
    ]
    return spec.model_copy(
        update={
            "part_of": spec.part_of if spec.part_of in keep else None,
            "replaced_by": spec.replaced_by if spec.replaced_by in keep else None,
            "split_into": [t for t in spec.split_into if _split_class(t) in keep],
            "excludes": excludes,
            "versus": [v for v in spec.versus if v.other in keep],
        }
    )


def _split_class(target: str | m.SplitTarget) -> str:
    return target if isinstance(target, str) else target.class_


def _trim_rules(rules: dict[str, m.Rule], keep: set[str]) -> dict[str, m.Rule]:
    out: dict[str, m.Rule] = {}
    for rule_id, rule in rules.items():
        named = rule.applies_to.classes
        left = [c for c in named if c in keep]
        if named and not left:
            continue
        check: Any = rule.check  # the kind says whether it names classes, not its type
        if check is not None and check.names_classes:
            kept_classes = [c for c in check.classes if c in keep]
            if not kept_classes:
                continue
            check = check.model_copy(update={"classes": kept_classes})
        applies = rule.applies_to.model_copy(update={"classes": left})
        out[rule_id] = rule.model_copy(update={"applies_to": applies, "check": check})
    return out


def _trim_relations(relations: dict[str, m.Relation], keep: set[str]) -> dict[str, m.Relation]:
    out: dict[str, m.Relation] = {}
    for name, rel in relations.items():
        subject = [c for c in rel.subject if c in keep]
        obj = [c for c in rel.object if c in keep]
        if subject and obj:
            out[name] = rel.model_copy(update={"subject": subject, "object": obj})
    return out


def _trim_label_type(label_type: Any, keep: set[str]) -> Any:
    if isinstance(label_type, m.MultiClassLabel | m.MultiLabel) and label_type.classes:
        return label_type.model_copy(
            update={"classes": [c for c in label_type.classes if c in keep]}
        )
    return label_type


def apply_refine(merged: Merged, refine: dict[str, m.ClassRefinement], src: SourceDoc) -> None:
    """Change inherited classes; positions of the changes point at the ``refine`` entry."""
    classes: dict[str, m.ClassDef] = merged.sections["classes"]
    for name, change in refine.items():
        ptr = f"/refine/{name}"
        if name not in classes:
            where = location(src.pos(ptr, key=True), src.label, ptr)
            message = f"refine names {name!r}, which the base does not define"
            merged.findings.append(UNKNOWN_REFINED_CLASS.finding(message, where))
            continue
        classes[name] = _refined(classes[name], change)
        _move_positions(merged, src, ptr, f"/classes/{name}")
        if classes[name].replaced_by is not None and not classes[name].deprecated:
            where = location(src.pos(f"{ptr}/replaced_by"), src.label, f"{ptr}/replaced_by")
            message = f"class {name!r}: replaced_by is only meaningful with deprecated: true"
            merged.findings.append(INCONSISTENT_ENTRY.finding(message, where))


def _refined(spec: m.ClassDef, change: m.ClassRefinement) -> m.ClassDef:
    """Fields set in the refinement replace the class's; mappings (attributes, ids) merge."""
    fields: dict[str, Any] = {}
    for key in change.model_fields_set:
        value = getattr(change, key)
        old = getattr(spec, key)
        fields[key] = (
            {**old, **value} if isinstance(value, dict) and isinstance(old, dict) else value
        )
    return spec.model_copy(update=fields)


def _move_positions(merged: Merged, src: SourceDoc, old: str, new: str) -> None:
    for table, into in (
        (src.positions, merged.positions),
        (src.key_positions, merged.key_positions),
    ):
        for ptr, pos in table.items():
            if ptr.startswith(old + "/"):
                into[new + ptr[len(old) :]] = pos
