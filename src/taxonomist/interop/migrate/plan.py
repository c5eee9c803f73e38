"""The plan of a migration and the per-object decisions every format's rewriter shares.

``make_plan(old, new)`` gathers what the change API says (each old class's fate, the value
maps of NEW's ``migrations:``, the keypoint orders, both YOLO indexes); ``decide`` answers
for one object (its old class and attributes) which class it becomes or why annotators must
decide; ``migrate_values`` maps its attribute values and says which ones cannot be kept;
``describe`` prints the plan for ``--dry-run``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taxonomist.interop.migrate.base import Plan
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.change import fates as f
from taxonomist.taxonomy.change.fates import KeypointOrder
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.yolo_index import yolo_index

UNDECIDED = "no rule decides which class it becomes"
AMBIGUOUS = "its attributes fit none or several of the split's targets"
REMOVED = "the class was removed"
NO_ATTRIBUTES = "the format holds no attributes to decide the split by"


def make_plan(old: Taxonomy, new: Taxonomy) -> Plan:
    """Everything a rewriter needs to move files written under ``old`` to ``new``."""
    return Plan(
        old=old,
        new=new,
        fates=f.class_fates(old, new),
        values=f.value_maps(new),
        keypoints=f.keypoint_orders(old, new),
        old_yolo=yolo_index(old),
        new_yolo=yolo_index(new),
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """What one object becomes: ``new`` (None: it cannot be placed; ``reason`` says why and
    ``candidates`` are the classes an annotator picks from)."""

    new: str | None
    how: str
    reason: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.new is not None and self.how not in (f.SAME, "unknown")


def decide(plan: Plan, old_class: str, attributes: Mapping[str, Any] | None = None) -> Decision:
    """The class an object of ``old_class`` with ``attributes`` becomes in NEW."""
    fate = plan.fate_of(old_class)
    if fate is None:  # not a class of OLD: the check of the input reports it; left alone
        return Decision(old_class, "unknown")
    if fate.how == f.SPLIT:
        return _split(plan, fate, attributes)
    if fate.how == f.REMOVED or fate.new is None:
        return Decision(None, f.REMOVED, REMOVED, suggestions(plan.new, old_class))
    return Decision(fate.new, fate.how)


def _split(plan: Plan, fate: f.ClassFate, attributes: Mapping[str, Any] | None) -> Decision:
    targets = tuple(t.class_ for t in fate.targets)
    if all(t.when is None for t in fate.targets):
        return Decision(None, f.SPLIT, UNDECIDED, targets)
    if attributes is None:
        return Decision(None, f.SPLIT, NO_ATTRIBUTES, targets)
    chosen = f.choose_split(fate, attributes, plan.new, old_class=fate.old, old=plan.old)
    if chosen is None:
        return Decision(None, f.SPLIT, AMBIGUOUS, targets)
    return Decision(chosen, f.SPLIT)


def suggestions(new: Taxonomy, name: str) -> tuple[str, ...]:
    """NEW's labellable classes whose names are closest to ``name``."""
    live = [c.name for c in new.classes.values() if c.labellable]
    return tuple(difflib.get_close_matches(name, live, n=3, cutoff=0.5))


def migrate_values(plan: Plan, attributes: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``attributes`` with NEW's value maps applied, and why any value cannot be kept
    (dropped by a migration, or no longer allowed without one); those stay as they were."""
    out = f.migrate_attributes(attributes, plan.values)
    problems: list[str] = []
    for name, value in out.items():
        for item in value if isinstance(value, list) else [value]:
            problem = _value_problem(plan, name, item)
            if problem:
                problems.append(problem)
    return out, problems


def _value_problem(plan: Plan, name: str, value: Any) -> str | None:
    mapping = plan.values.get(name, {})
    if _hashable(value) and value in mapping and mapping[value] is None:
        return f"the value {value!r} of {name} was dropped"
    spec = plan.new.attributes.get(name)
    old_spec = plan.old.attributes.get(name)
    if isinstance(spec, m.EnumAttribute) and isinstance(old_spec, m.EnumAttribute):
        allowed_before = _allowed(old_spec, value)
        if allowed_before and not _allowed(spec, value):
            return f"the value {value!r} of {name} is no longer allowed"
    return None


def _allowed(spec: m.EnumAttribute, value: Any) -> bool:
    return any(v == value and isinstance(v, bool) == isinstance(value, bool) for v in spec.values)


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def values_matter(plan: Plan) -> bool:
    """Whether some enum attribute lost values (objects using them need re-annotation)."""
    for name, spec in plan.new.attributes.items():
        before = plan.old.attributes.get(name)
        narrowed = isinstance(spec, m.EnumAttribute) and isinstance(before, m.EnumAttribute)
        if narrowed and any(v not in spec.values for v in before.values):  # type: ignore[union-attr]
            return True
    return bool(plan.values)


def reorder(values: list[Any], order: KeypointOrder, width: int) -> list[Any]:
    """Flat ``x, y, v`` groups in the new order; a new point is all zeros."""
    if len(values) != len(order.old) * width:
        return values  # not this layout: the check reports it, the migration leaves it
    out: list[Any] = []
    for slot in range(len(order.new)):
        source = order.source_index(slot)
        out += [0] * width if source is None else values[source * width : (source + 1) * width]
    return out


def yolo_map(plan: Plan) -> dict[int, int | None]:
    """Old YOLO class number -> new one, for classes whose objects keep a class (None: no
    slot in NEW's index, or no single class to go to)."""
    new_numbers = {cls.name: i for i, cls in plan.new_yolo.classes.items()}
    out: dict[int, int | None] = {}
    for number, cls in plan.old_yolo.classes.items():
        decision = decide(plan, cls.name)
        out[number] = new_numbers.get(decision.new) if decision.new else None
    return out


# -- the plan in words (--dry-run) --------------------------------------------------------


def describe(plan: Plan) -> list[str]:
    """The plan, one line per class fate, value map, keypoint order and YOLO number."""
    old, new = plan.old, plan.new
    lines = [f"migrate {old.name} {old.version} -> {new.name} {new.version}", "classes:"]
    lines += [f"  {_fate_line(fate)}" for fate in plan.fates.values()]
    if plan.values:
        lines.append("attribute values:")
        for attribute, mapping in plan.values.items():
            lines += [f"  {attribute}: {a} -> {_shown(b)}" for a, b in mapping.items()]
    changed = [o for o in plan.keypoints.values() if o.changed]
    if changed:
        lines.append("keypoints:")
        lines += [line for order in changed for line in _order_lines(order)]
    lines.append("YOLO index (old -> new):")
    lines += [f"  {line}" for line in _yolo_lines(plan)]
    return lines


def _fate_line(fate: f.ClassFate) -> str:
    if fate.how == f.SPLIT:
        parts = [t.class_ + _when(t.when) for t in fate.targets]
        undecided = all(t.when is None for t in fate.targets)
        tail = " (no rule decides: re-annotation)" if undecided else ""
        return f"{fate.old}: split into {', '.join(parts)}{tail}"
    if fate.how == f.REMOVED or fate.new is None:
        return f"{fate.old}: removed (re-annotation)"
    if fate.how == f.SAME:
        return f"{fate.old}: same"
    return f"{fate.old} -> {fate.new} ({fate.how}, id {fate.new_id})"


def _when(condition: m.Condition | None) -> str:
    if condition is None:
        return ""
    dumped = condition.model_dump(mode="json", by_alias=True, exclude_none=True)
    return " when " + json.dumps(dumped, separators=(", ", ": "))


def _shown(value: Any) -> str:
    return "(dropped: re-annotation)" if value is None else str(value)


def _order_lines(order: f.KeypointOrder) -> list[str]:
    added = [n for n in order.new if n not in order.old]
    lines = [f"  {order.label_type}: {' '.join(order.old)} -> {' '.join(order.new)}"]
    if added:
        lines.append(f"    new points written as 0,0,0 (not labelled): {', '.join(added)}")
    if order.dropped:
        lines.append(f"    points dropped: {', '.join(order.dropped)}")
    return lines


def _yolo_lines(plan: Plan) -> list[str]:
    out = []
    for number, target in yolo_map(plan).items():
        name = plan.old_yolo.classes[number].name
        if target is None:
            out.append(f"{number} {name} -> (no slot: objects go to the re-annotation list)")
        else:
            out.append(f"{number} {name} -> {target} {plan.new_yolo.classes[target].name}")
    return out
