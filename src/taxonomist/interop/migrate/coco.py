"""COCO files: ``categories``, each annotation's ``category_id``, its ``attributes`` (as CVAT's
COCO export writes them) and ``keypoints``, and ``info.taxonomy``.

A renamed class keeps its category with the new name; merged classes collapse into one
category with the new id; a split's targets get new categories, and the old one stays while
objects the migration cannot place still use it (they check as the deprecated class and are
listed for re-annotation). Keypoints follow the new order (a new point is ``0, 0, 0``, not
labelled; ``num_keypoints`` is unchanged), and the category's ``keypoints``/``skeleton`` say
the new order. Everything else is written back as it was, in the file's own layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.core.memory import gc_paused
from taxonomist.interop.migrate import jsonio
from taxonomist.interop.migrate.base import (
    KEYPOINTS_REORDERED,
    VALUES_MAPPED,
    Plan,
    Reannotate,
    Rewritten,
    fate_count,
)
from taxonomist.interop.migrate.plan import Decision, decide, migrate_values, reorder, values_matter
from taxonomist.taxonomy.change.fates import SPLIT, KeypointOrder

FORMAT = "coco"


def rewrite(path: Path, plan: Plan) -> Rewritten:
    """The migrated bytes of one COCO file."""
    data = jsonio.read(path)
    with gc_paused():  # millions of containers and no cycles: the collector would rescan them
        return _rewrite(path, plan, data)


def _rewrite(path: Path, plan: Plan, data: bytes) -> Rewritten:
    doc = jsonio.decode(data, path)
    if not isinstance(doc, dict) or not isinstance(doc.get("categories"), list):
        raise jsonio.pointer_error(path, "", "not a COCO file (no categories list)")
    annotations = doc.get("annotations", [])
    if not isinstance(annotations, list):
        raise jsonio.pointer_error(path, "/annotations", "not a list")
    out = Rewritten()
    job = _Job(path, plan, _old_categories(path, doc["categories"]), out)
    for i, ann in enumerate(annotations):
        job.annotation(i, ann)
    doc["categories"] = job.categories()
    _set_taxonomy(doc, plan)
    out.outputs.append((Path(path.name), jsonio.encode(doc, jsonio.style(data), path)))
    return out


def _old_categories(path: Path, categories: list[Any]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for i, cat in enumerate(categories):
        ok = (
            isinstance(cat, dict)
            and type(cat.get("id")) is int
            and isinstance(cat.get("name"), str)
        )
        if not ok:
            raise jsonio.pointer_error(
                path, f"/categories/{i}", "a category needs an id and a name"
            )
        if cat["id"] in found:
            raise jsonio.pointer_error(path, f"/categories/{i}/id", f"id {cat['id']} is repeated")
        found[cat["id"]] = cat
    return found


def _set_taxonomy(doc: dict[str, Any], plan: Plan) -> None:
    stamp = {"name": plan.new.name, "version": plan.new.version}
    info = doc.get("info")
    if isinstance(info, dict):
        info["taxonomy"] = stamp
    else:
        doc["info"] = {"taxonomy": stamp}


class _Job:
    """One file's annotations moved category by category; ``categories`` is asked last."""

    def __init__(self, path: Path, plan: Plan, old: dict[int, dict[str, Any]], out: Rewritten):
        self.path, self.plan, self.old, self.out = path, plan, old, out
        self.static: dict[int, Decision | None] = {}  # old id -> decision (None: per object)
        for cid, cat in old.items():
            fate = plan.fate_of(cat["name"])
            per_object = fate is not None and (fate.how == SPLIT or fate.new is None)
            self.static[cid] = None if per_object else decide(plan, cat["name"])
        self.orders = {cid: _order(plan, cat) for cid, cat in old.items()}
        self.still_used: set[int] = set()  # old ids undecided objects still name
        self.check_values = values_matter(plan)

    def annotation(self, i: int, ann: Any) -> None:
        if not isinstance(ann, dict):
            raise jsonio.pointer_error(self.path, f"/annotations/{i}", "not an object")
        cid = ann.get("category_id")
        if type(cid) is not int or cid not in self.old:
            problem = f"category_id {cid!r} is not in categories"
            raise jsonio.pointer_error(self.path, f"/annotations/{i}/category_id", problem)
        attrs = ann.get("attributes")
        attributes = attrs if isinstance(attrs, dict) else None
        if attributes is not None and self.check_values:
            self._values(ann, attributes)
        decision = self.static[cid] or decide(self.plan, self.old[cid]["name"], attributes or {})
        self._place(ann, cid, decision)
        order = self.orders[cid]
        if order is not None and isinstance(ann.get("keypoints"), list):
            ann["keypoints"] = reorder(ann["keypoints"], order, 3)
            self.out.counts[KEYPOINTS_REORDERED] += 1

    def _values(self, ann: dict[str, Any], attributes: dict[str, Any]) -> None:
        migrated, problems = migrate_values(self.plan, attributes)
        if migrated != attributes:
            ann["attributes"] = migrated
            self.out.counts[VALUES_MAPPED] += 1
        for problem in problems:
            self._reannotate(ann, self.old[ann["category_id"]]["name"], (), problem)

    def _place(self, ann: dict[str, Any], cid: int, decision: Decision) -> None:
        name = self.old[cid]["name"]
        if decision.new is None:
            self.still_used.add(cid)
            self._reannotate(ann, name, decision.candidates, decision.reason)
            return
        new_id = self._new_id(cid, decision.new)
        if decision.changed or new_id != cid:
            ann["category_id"] = new_id
            self.out.counts[fate_count(decision.how)] += 1

    def _new_id(self, cid: int, name: str) -> int:
        cls = self.plan.new.classes.get(name)
        return cid if cls is None else cls.id

    def _reannotate(
        self, ann: dict[str, Any], old: str, candidates: tuple[str, ...], why: str
    ) -> None:
        row = Reannotate(
            file=str(self.path),
            image=str(ann.get("image_id", "")),
            object=str(ann.get("id", "")),
            old_class=old,
            candidates=candidates,
            reason=why,
        )
        self.out.reannotate.append(row)

    def categories(self) -> list[dict[str, Any]]:
        """The new category list, in the old one's order, new categories where their
        source stood."""
        out: dict[int, dict[str, Any]] = {}
        for cid, cat in self.old.items():
            for new in self._categories_for(cid, cat):
                taken = out.setdefault(new["id"], new)
                if taken["name"] != new["name"]:
                    raise self._collision(taken, new)
        return list(out.values())

    def _collision(self, a: dict[str, Any], b: dict[str, Any]) -> InvalidInput:
        """Two categories would share an id: a category the old version does not know keeps
        an id the new version gives one of its classes, and its objects would change class."""
        where = next(i for i, c in enumerate(self.old.values()) if c["id"] == a["id"])
        names = f"{a['name']!r} and {b['name']!r}"
        return jsonio.pointer_error(
            self.path,
            f"/categories/{where}/id",
            f"after migrating, {names} would both be category {a['id']}; "
            f"a category {self.plan.old.name} {self.plan.old.version} does not know holds "
            "that id",
        )

    def _categories_for(self, cid: int, cat: dict[str, Any]) -> list[dict[str, Any]]:
        fate = self.plan.fate_of(cat["name"])
        if fate is None:
            return [cat]
        if fate.how == SPLIT or fate.new is None:
            kept = [cat] if cid in self.still_used else []
            return kept + [self._target(t.class_, cat) for t in fate.targets]
        return [self._category(fate.new, cat)]

    def _target(self, name: str, like: dict[str, Any]) -> dict[str, Any]:
        """A split target's category: the split category's own keys (colour, extra
        fields) kept, with the target's id, name and parent."""
        cls = self.plan.new.classes[name]
        out = {k: v for k, v in like.items() if k not in ("keypoints", "skeleton")}
        out["id"], out["name"] = cls.id, cls.name
        if cls.parent:
            out["supercategory"] = cls.parent
        return out

    def _category(self, name: str, like: dict[str, Any]) -> dict[str, Any]:
        cls = self.plan.new.classes[name]
        order = self.orders[like["id"]]
        if cls.name == like["name"] and cls.id == like["id"] and order is None:
            return like
        out = dict(like)
        out["id"], out["name"] = cls.id, cls.name
        parent = out.get("supercategory")
        fate = self.plan.fate_of(parent) if isinstance(parent, str) else None
        if fate is not None and fate.new is not None:
            out["supercategory"] = fate.new
        if order is not None:
            out["keypoints"] = list(order.new)
            if isinstance(like.get("skeleton"), list):
                out["skeleton"] = skeleton(like["skeleton"], order)
        return out


def _order(plan: Plan, cat: dict[str, Any]) -> KeypointOrder | None:
    """The changed keypoint order whose old names are this category's keypoints."""
    names = cat.get("keypoints")
    if not isinstance(names, list):
        return None
    for order in plan.keypoints.values():
        if order.changed and list(order.old) == names:
            return order
    return None


def skeleton(edges: list[Any], order: KeypointOrder) -> list[Any]:
    """1-based COCO skeleton edges renumbered to the new order; edges to dropped points go."""
    out = []
    for edge in edges:
        if not (isinstance(edge, list) and len(edge) == 2 and all(type(e) is int for e in edge)):
            out.append(edge)
            continue
        names = [order.old[e - 1] if 0 < e <= len(order.old) else None for e in edge]
        if all(n is not None and n in order.new for n in names):
            out.append([order.new.index(n) + 1 for n in names if n is not None])
    return out
