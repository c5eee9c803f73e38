"""Native files (a JSON object with ``images``, or JSON Lines of image records): each object's
``class``, ``attributes`` and keypoint shapes, the images' ``verified_absent`` and
``not_exhaustive`` class lists, and the file's ``taxonomy``/``taxonomy_version``.

A JSON Lines record the migration does not change is written back byte for byte.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from taxonomist.interop.migrate.plan import decide, migrate_values, reorder, values_matter
from taxonomist.taxonomy.change.fates import MERGED, SPLIT

FORMAT = "native"
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def rewrite(path: Path, plan: Plan) -> Rewritten:
    """The migrated bytes of one native file."""
    data = jsonio.read(path)
    out = Rewritten()
    job = _Job(path, plan, out)
    with gc_paused():  # millions of containers and no cycles: the collector would rescan them
        if path.suffix.lower() in JSONL_SUFFIXES:
            body = _lines(data, path, job)
        else:
            body = _document(data, path, job)
    out.outputs.append((Path(path.name), body))
    return out


def _document(data: bytes, path: Path, job: _Job) -> bytes:
    doc = jsonio.decode(data, path)
    if not isinstance(doc, dict) or not isinstance(doc.get("images", []), list):
        raise jsonio.pointer_error(path, "", "not a native file (an object with an images list)")
    for i, image in enumerate(doc.get("images", [])):
        job.image(image, f"/images/{i}")
    stamp = {"taxonomy": job.plan.new.name, "taxonomy_version": job.plan.new.version}
    doc = {**stamp, **doc} if "taxonomy" not in doc else doc
    doc.update(stamp)
    return jsonio.encode(doc, jsonio.style(data), path)


def _lines(data: bytes, path: Path, job: _Job) -> bytes:
    out: list[bytes] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            out.append(line)
            continue
        record = jsonio.decode(line, path, number)
        if not isinstance(record, dict):
            raise jsonio.pointer_error(path, f"{number}", "a JSON Lines record is an object")
        before = job.changes
        job.image(record, f"line {number}")
        changed = job.changes != before
        ending = b"\r" if line.endswith(b"\r") else b""  # a CRLF file stays CRLF
        out.append(jsonio.encode_line(record, path, number) + ending if changed else line)
    return b"\n".join(out)


class _Job:
    def __init__(self, path: Path, plan: Plan, out: Rewritten) -> None:
        self.path, self.plan, self.out = path, plan, out
        self.changes = 0  # objects or lists changed so far (tells a line to re-encode)
        self.check_values = values_matter(plan)

    def image(self, image: Any, where: str) -> None:
        if not isinstance(image, dict):
            raise jsonio.pointer_error(self.path, where, "an image record is an object")
        image_id = str(image.get("id", image.get("file", "")))
        objects = image.get("objects", [])
        if not isinstance(objects, list):
            raise jsonio.pointer_error(self.path, f"{where}/objects", "not a list")
        for j, obj in enumerate(objects):
            if not isinstance(obj, dict):
                raise jsonio.pointer_error(self.path, f"{where}/objects/{j}", "not an object")
            self.object(obj, image_id, j)
        for key in ("verified_absent", "not_exhaustive"):
            if isinstance(image.get(key), list):
                self._class_list(image, key)

    def object(self, obj: dict[str, Any], image_id: str, index: int) -> None:
        name = obj.get("class")
        if not isinstance(name, str):
            return  # the check of the input reports it; nothing to move
        attrs = obj.get("attributes")
        attributes = attrs if isinstance(attrs, dict) else {}
        object_id = str(obj.get("id", f"#{index}"))
        if attributes and self.check_values:
            self._values(obj, attributes, name, image_id, object_id)
        decision = decide(self.plan, name, obj.get("attributes") or {})
        if decision.new is None:
            self._reannotate(image_id, object_id, name, decision.candidates, decision.reason)
        elif decision.changed:
            obj["class"] = decision.new
            self._count(fate_count(decision.how))
        self._keypoints(obj)

    def _values(
        self, obj: dict[str, Any], attributes: dict[str, Any], name: str, image: str, oid: str
    ) -> None:
        migrated, problems = migrate_values(self.plan, attributes)
        if migrated != attributes:
            obj["attributes"] = migrated
            self._count(VALUES_MAPPED)
        for problem in problems:
            self._reannotate(image, oid, name, (), problem)

    def _keypoints(self, obj: dict[str, Any]) -> None:
        shapes = obj.get("shapes")
        if not isinstance(shapes, dict):
            return
        for label_type, order in self.plan.keypoints.items():
            points = shapes.get(label_type)
            if order.changed and isinstance(points, list):
                shapes[label_type] = reorder(points, order, 3)
                self._count(KEYPOINTS_REORDERED)

    def _class_list(self, image: dict[str, Any], key: str) -> None:
        """Class names an image lists: a split class stands for all its targets; a merged
        class is verified absent only when every class merged into it was."""
        names = image[key]
        out: list[Any] = []
        for name in names:
            for new in self._listed(name, names, key):
                if new not in out:
                    out.append(new)
        if out != names:
            image[key] = out
            self.changes += 1

    def _listed(self, name: Any, names: list[Any], key: str) -> list[Any]:
        fate = self.plan.fate_of(name) if isinstance(name, str) else None
        if fate is None or fate.how == "same":
            return [name]
        if fate.how == SPLIT:
            return [t.class_ for t in fate.targets]
        if fate.new is None:
            return [name]
        if fate.how == MERGED and key == "verified_absent":
            sources = [f.old for f in self.plan.fates.values() if f.new == fate.new]
            return [fate.new] if all(s in names for s in sources) else []
        return [fate.new]

    def _count(self, kind: str) -> None:
        self.out.counts[kind] += 1
        self.changes += 1

    def _reannotate(
        self, image: str, oid: str, name: str, candidates: tuple[str, ...], why: str
    ) -> None:
        self.out.reannotate.append(Reannotate(str(self.path), image, oid, name, candidates, why))
