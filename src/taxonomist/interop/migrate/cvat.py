"""Rewrite a CVAT XML 1.1 export (for images or for video) from one taxonomy version to the
next, by editing the bytes that change and leaving every other byte as it was.

The file is first read by the CVAT reader's own safe parse (``formats.cvat.meta``), so it is
refused for the same reasons (not well formed, entities or a DTD, nested too deep); then an
expat pass, which resolves nothing, finds where each element starts and ends. Edited are:
the ``label`` of each shape (``box``, ``polygon``, ``polyline``, ``points``, ``ellipse``,
``mask``, ``skeleton``, ``tag``) and of each ``track``; the text of each ``<attribute>``
whose value the new version's ``migrations:`` map; and the ``<meta>`` labels: a renamed or
merged label gets its new ``<name>`` (a second label merged into the same class is removed,
as it has no objects left), a split label is followed by a copy per target class and is
removed once no object uses it, attribute ``<values>`` and ``<default_value>`` are mapped,
and a skeleton's point labels are put in the new keypoint order, a new point copied from
the first and a dropped one removed. Each ``<skeleton>`` gains an ``outside`` point for a
new keypoint, as CVAT writes every point of a skeleton. A split class whose attributes
decide no target (for a track: the same target in every frame) keeps its label and is
listed for re-annotation. Only ASCII-compatible encodings (UTF-8 and the like) are edited.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import cannot_use, read_regular
from taxonomist.core.findings import Severity
from taxonomist.formats.cvat import SHAPES
from taxonomist.formats.cvat.meta import Meta, load_meta, typed_value
from taxonomist.interop.migrate.base import VALUES_MAPPED, Plan, Reannotate, Rewritten, fate_count
from taxonomist.interop.migrate.plan import Decision, decide
from taxonomist.interop.migrate.xml_spans import Edits, Node, child, scan
from taxonomist.taxonomy.change.fates import SAME, SPLIT, ClassFate, KeypointOrder

_HINT = "check the file against the old version first: taxonomist check -t OLD FILE"
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']{0,60})""")


def rewrite(source: Path, plan: Plan) -> Rewritten:
    """The CVAT XML export at ``source`` rewritten from ``plan.old`` to ``plan.new``."""
    meta = _safe_meta(source)
    data = _read(source)
    job = _Job(plan, str(source), meta, Edits(data, _encoding(data, source)))
    root = scan(data, str(source))
    for image in root.all("image"):
        job.image(image)
    for track in root.all("track"):
        job.track(track)
    job.meta(root.find("meta"))
    job.out.outputs.append((Path(source.name), job.edits.applied()))
    return job.out


def _safe_meta(source: Path) -> Meta:
    meta, findings = load_meta(source)
    errors = [f for f in findings if f.severity >= Severity.ERROR]
    if meta is None or errors:
        first = (errors or findings)[0] if findings else None
        where = first.location.describe() if first else str(source)
        message = first.message if first else "the file cannot be read"
        raise InvalidInput(f"{where}: {message}", hint=first.hint if first else None)
    return meta


def _read(source: Path) -> bytes:
    try:
        return read_regular(source)
    except OSError as error:
        raise cannot_use(error) from None


def _encoding(data: bytes, source: Path) -> str:
    declared = _ENCODING.match(data)
    name = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    wide = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if info is None or wide or "<".encode(info.name) != b"<":
        hint = "save the file as UTF-8 (CVAT exports are UTF-8)"
        raise InvalidInput(f"{source}:1:1: encoding {name!r} cannot be edited", hint=hint)
    return info.name


@dataclass
class _Job:
    plan: Plan
    source: str
    info: Meta
    edits: Edits
    out: Rewritten = field(default_factory=Rewritten)
    kept: Counter[str] = field(default_factory=Counter)  # old labels objects still use

    def image(self, image: Node) -> None:
        name = image.attrs.get("id", image.attrs.get("name", ""))
        if image.attrs.get("subset"):
            name = f"{image.attrs['subset']}/{name}"
        for index, shape in enumerate(image.children):
            if shape.tag in SHAPES and shape.attrs.get("label"):
                self.shape(shape, name, f"{name}/{index}")

    def shape(self, shape: Node, image: str, object_id: str) -> None:
        label = shape.attrs["label"]
        fate = self.fate(label, shape)
        where = (image, object_id)
        self.attributes(shape, label, where)
        if shape.tag == "skeleton":
            self.new_points(shape, label)
        if fate.how != SAME:
            self.relabel(shape, fate, self.decide(fate, shape, label), where)

    def decide(self, fate: ClassFate, shape: Node, label: str) -> Decision:
        return decide(self.plan, fate.old, self.read_attributes(shape, label))

    def track(self, track: Node) -> None:
        label = track.attrs.get("label")
        if not label:
            return
        fate = self.fate(label, track)
        where = ("", f"track{track.attrs.get('id', '?')}")
        shapes = [c for c in track.children if c.tag in SHAPES]
        for shape in shapes:
            self.attributes(shape, label, where)
            if shape.tag == "skeleton":
                self.new_points(shape, label)
        if fate.how != SAME:
            self.relabel(track, fate, self.decide_track(fate, shapes, label), where)

    def decide_track(self, fate: ClassFate, shapes: list[Node], label: str) -> Decision:
        """One class for the whole track: every frame must decide the same one."""
        decisions = [self.decide(fate, shape, label) for shape in shapes]
        if not decisions:
            return decide(self.plan, fate.old, None)
        if len({d.new for d in decisions}) == 1:
            return decisions[0]
        targets = tuple(t.class_ for t in fate.targets)
        return Decision(None, fate.how, "its frames' attributes decide different classes", targets)

    def relabel(
        self, node: Node, fate: ClassFate, decision: Decision, where: tuple[str, str]
    ) -> None:
        if decision.new is None:
            self.kept[fate.old] += 1
            row = Reannotate(self.source, *where, fate.old, decision.candidates, decision.reason)
            self.reannotate(row)
            return
        self.edits.attribute(node, "label", decision.new)
        self.out.counts[fate_count(fate.how)] += 1

    def reannotate(self, row: Reannotate) -> None:
        self.out.reannotate.append(row)

    def fate(self, label: str, node: Node) -> ClassFate:
        cls = self.plan.old.lookup(label)
        if cls is None:
            old = self.plan.old
            line = self.edits.data.count(b"\n", 0, node.start) + 1
            what = "label" if node.tag == "label" else f"<{node.tag}> label"
            message = (
                f"{self.source}:{line}: {what} {label!r} is not a class of {old.name} {old.version}"
            )
            raise InvalidInput(message, hint=_HINT)
        return self.plan.fates[cls.name]

    def read_attributes(self, shape: Node, label: str) -> dict[str, Any]:
        spec = self.info.labels.get(label)
        out: dict[str, Any] = {}
        for attribute in shape.all("attribute"):
            name = attribute.attrs.get("name", "")
            declared = spec.attributes.get(name) if spec else None
            out[name] = typed_value(declared, self.edits.value(attribute))
        return out

    def attributes(self, shape: Node, label: str, where: tuple[str, str]) -> None:
        for attribute in shape.all("attribute"):
            name = attribute.attrs.get("name", "")
            mapping = self.plan.values.get(name)
            if not mapping:
                continue
            text = self.edits.value(attribute)
            after = _mapped(text, mapping)
            if after is _DROPPED:
                reason = f"{name} {text!r} is dropped in {self.plan.new.version}"
                self.reannotate(Reannotate(self.source, *where, label, (), reason))
            elif isinstance(after, str):
                self.edits.text(attribute, after)
                self.out.counts[VALUES_MAPPED] += 1

    # -- skeletons --

    def order_for(self, label: str) -> KeypointOrder | None:
        cls = self.plan.old.lookup(label)
        if cls is None:
            return None
        orders = [self.plan.keypoints[t] for t in cls.label_types if t in self.plan.keypoints]
        return orders[0] if len(orders) == 1 and orders[0].changed else None

    def new_points(self, skeleton: Node, label: str) -> None:
        order = self.order_for(label)
        points = skeleton.all("points")
        if order is None or not points:
            return
        have = {p.attrs.get("label") for p in points}
        missing = [n for n in order.new if n not in order.old and n not in have]
        indent = self.edits.line_start(points[-1])
        for name in missing:
            element = (
                f'<points label="{escape(name)}" outside="1" occluded="0" points="0.00,0.00"/>'
            )
            self.edits.insert(points[-1].end, indent + element.encode(self.edits.encoding))

    # -- meta --

    def meta(self, meta: Node | None) -> None:
        for lists in _label_lists(meta) if meta is not None else ():
            if lists.tag == "labels":
                self.label_list(lists.all("label"))

    def label_list(self, labels: list[Node]) -> None:
        """One ``<labels>`` list: its classes, then its skeletons' points."""
        named = ((n, n.find("name")) for n in labels)
        names = {id(n): self.edits.value(name) for n, name in named if name is not None}
        taken = set(names.values())
        skeletons: dict[str, list[Node]] = {}
        for node in labels:
            parent = node.find("parent")
            if parent is not None:
                skeletons.setdefault(self.edits.value(parent), []).append(node)
            elif id(node) in names:
                self.meta_label(node, names[id(node)], taken, labels)
                self.sublabels(node, skeletons)
        for owner, points in skeletons.items():
            self.meta_points(owner, points)

    def sublabels(self, node: Node, skeletons: dict[str, list[Node]]) -> None:
        """The points held in a skeleton label's ``<sublabels>`` (the older layout)."""
        held = node.find("sublabels")
        if held is not None:
            owner = self.edits.value(child(node, "name"))
            skeletons.setdefault(owner, []).extend(held.all("label"))

    def meta_label(self, node: Node, name: str, taken: set[str], labels: list[Node]) -> None:
        fate = self.fate(name, node)
        self.meta_values(node)
        if fate.how == SAME:
            return
        if fate.how == SPLIT:
            self.split_label(node, fate, taken)
            return
        if fate.new is None:
            return  # removed: the label stays for the objects kept with it
        if fate.new in taken:
            self.edits.remove(node)
            return
        taken.add(fate.new)
        self.edits.text(child(node, "name"), fate.new)
        for other in labels:  # point labels naming this skeleton as their parent
            parent = other.find("parent")
            if parent is not None and self.edits.value(parent) == name:
                self.edits.text(parent, fate.new)

    def split_label(self, node: Node, fate: ClassFate, taken: set[str]) -> None:
        indent = self.edits.line_start(node)
        copies = b""
        for target in (t.class_ for t in fate.targets):
            if target not in taken:
                taken.add(target)
                copies += indent + self.edits.renamed_copy(node, target)
        if copies:
            self.edits.insert(node.end, copies)
        if not self.kept[fate.old]:
            self.edits.remove(node)

    def meta_values(self, node: Node) -> None:
        attributes = node.find("attributes")
        for attribute in attributes.all("attribute") if attributes is not None else ():
            name_node = attribute.find("name")
            mapping = (
                self.plan.values.get(self.edits.value(name_node)) if name_node is not None else None
            )
            if not mapping:
                continue
            for key in ("values", "default_value"):
                child = attribute.find(key)
                if child is not None:
                    text = self.edits.value(child)
                    mapped = "\n".join(_mapped_token(t, mapping) for t in text.split("\n"))
                    if mapped != text:
                        self.edits.text(child, mapped)

    def meta_points(self, owner: str, points: list[Node]) -> None:
        order = self.order_for(owner)
        if order is None:
            return
        by_name = {self.edits.value(child(p, "name")): p for p in points}
        if set(by_name) - set(order.old):
            self.out.notes.append(
                f"{self.source}: skeleton {owner!r}: its points are not named as the "
                f"keypoints of {order.label_type!r}; they are left in their order"
            )
            return
        filled = [self._point(name, by_name, points[0]) for name in order.new]
        for slot, node in enumerate(points):
            if slot < len(filled) and by_name.get(order.new[slot]) is not node:
                self.edits.replace(node.start, node.end, filled[slot])
            elif slot >= len(filled):
                self.edits.remove(node)
        tail = b"".join(self.edits.line_start(points[-1]) + f for f in filled[len(points) :])
        if tail:
            self.edits.insert(points[-1].end, tail)

    def _point(self, name: str, by_name: dict[str, Node], model: Node) -> bytes:
        if name in by_name:
            return self.edits.rendered(by_name[name])
        return self.edits.renamed_copy(model, name)


def _label_lists(meta: Node) -> Iterator[Node]:
    """Every ``<labels>`` under ``meta`` (not a skeleton's ``<sublabels>``)."""
    for part in meta.children:
        if part.tag == "labels":
            yield part
        elif part.tag != "label":
            yield from _label_lists(part)


_DROPPED = object()


def _mapped(text: str, mapping: Any) -> object:
    """The new text of a value, ``_DROPPED``, or None when the value is not mapped."""
    for before, after in mapping.items():
        if text == _spelled(before):
            return _DROPPED if after is None else _spelled(after)
    return None


def _mapped_token(text: str, mapping: Any) -> str:
    after = _mapped(text.strip(), mapping)
    return text.replace(text.strip(), after) if isinstance(after, str) and text.strip() else text


def _spelled(value: Any) -> str:
    """A value as CVAT writes it (``true``/``false`` for booleans)."""
    return str(value).lower() if isinstance(value, bool) else str(value)
