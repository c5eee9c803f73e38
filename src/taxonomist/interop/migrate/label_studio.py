"""Rewrite a Label Studio JSON export (a list of tasks, or one task) from one taxonomy
version to the next.

What the reader reads is what is rewritten: every region's class (``value.<type>`` of a
``rectanglelabels``, ``polygonlabels``, ``ellipselabels``, ``brushlabels``,
``polylinelabels`` or free ``keypointlabels`` result, and ``value.labels``), its attributes
(``choices``/``textarea``/``number``/... results sharing the region's ``id``, named by their
``from_name``) through the new version's ``migrations:``, and image-level ``choices`` or
``taxonomy`` results whose control is a class-naming label type. Predictions are rewritten
by the same rules. A class split with nothing to decide it stays as it was, and the region
is listed for re-annotation.

Keypoints linked by ``parentID`` are named points, not classes: their names are left alone.
A reordered or extended keypoint list changes nothing in the export, because Label Studio
stores one region per placed point and the reader orders them by the labeling config
(``taxonomist export --to label-studio``) lying next to the export. A point new in the
version has no region to add, and a point the version dropped keeps its region, which the
reader ignores under the new config.

The file is decoded and re-encoded, which loses nothing but may respell some values: key
order, the indent of the first indented line, the separators and a trailing newline are
kept; a number written ``1e3`` comes back as ``1000.0``, and ``\\u`` escapes of non-ASCII
text are kept only in files that have no raw non-ASCII text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.core.memory import gc_paused
from taxonomist.core.pointer import pointer
from taxonomist.formats.label_studio.config import (
    SHAPE_CONTROLS,
    VALUE_CONTROLS,
    load_config,
    result_type,
)
from taxonomist.interop.migrate import jsonio
from taxonomist.interop.migrate.base import (
    PREDICTIONS_KEPT,
    VALUES_MAPPED,
    Plan,
    Reannotate,
    Rewritten,
    fate_count,
)
from taxonomist.interop.migrate.plan import Decision, decide
from taxonomist.taxonomy.change.fates import REMOVED, SAME, SPLIT, ClassFate
from taxonomist.taxonomy.model import MultiClassLabel, MultiLabel

LABEL_KEYS = (*(result_type(tag) for tag in SHAPE_CONTROLS), "labels")
VALUE_TYPES = {result_type(tag): key for tag, key in VALUE_CONTROLS.items()}
KEYPOINTS = result_type("KeyPointLabels")
_HINT = "check the file against the old version first: taxonomist check -t OLD FILE"


def rewrite(source: Path, plan: Plan) -> Rewritten:
    """The export at ``source`` rewritten from ``plan.old`` to ``plan.new``."""
    data = jsonio.read(source)
    job = _Job(plan, str(source))
    with gc_paused():  # millions of containers and no cycles: the collector would rescan them
        document = _parse(data, source)
        for base, task in _tasks(document, source):
            job.task(task, base)
        encoded = jsonio.encode(document, jsonio.style(data), source)
    job.notes()
    job.out.outputs.append((Path(source.name), encoded))
    for config in _configs(source):
        job.out.outputs.append((Path(config.name), _new_config(plan)))
        job.out.companions.add(Path(config.name))
        job.out.notes.append(f"{config.name}: the labeling config of {plan.new.version}")
    return job.out


def _configs(source: Path) -> list[Path]:
    """Labeling configs lying next to the export: the reader orders keypoints by them, so
    they are written for the new version too."""
    found = []
    for path in sorted(source.parent.glob("*.xml")):
        try:
            element, _ = load_config(path)
        except OSError:
            continue
        if element is not None:
            found.append(path)
    return found


def _new_config(plan: Plan) -> bytes:
    from taxonomist.interop.export import exporter

    return exporter("label-studio").export(plan.new).encode("utf-8")


# -- reading and writing -------------------------------------------------------------------


def _parse(data: bytes, source: Path) -> Any:
    try:
        return jsonio.decode(data, source)
    except InvalidInput as error:
        raise InvalidInput(
            error.message, hint="export the project again from Label Studio"
        ) from None


def _tasks(document: Any, source: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(document, dict):
        yield "", document
        return
    if not isinstance(document, list):
        message = f"{source}: a Label Studio export is a list of tasks (pointer '')"
        raise InvalidInput(message, hint="export the project as JSON (a list of tasks)")
    for index, task in enumerate(document):
        if isinstance(task, dict):
            yield pointer(index), task


# -- the rewrite ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Where:
    """One result list: its pointer, task id, and whether it is a model's prediction."""

    base: str
    image: str
    prediction: bool


@dataclass(frozen=True, slots=True)
class _Region:
    id: str
    old_class: str  # "" for an image-level value


@dataclass
class _Job:
    plan: Plan
    source: str
    out: Rewritten = field(default_factory=Rewritten)
    points_seen: set[str] = field(default_factory=set)  # keypoint label types met

    def task(self, task: dict[str, Any], base: str) -> None:
        image = str(task.get("id", base or "0"))
        for key in ("annotations", "predictions"):
            entries = task.get(key)
            for k, entry in enumerate(entries if isinstance(entries, list) else ()):
                results = entry.get("result") if isinstance(entry, dict) else None
                if isinstance(results, list):
                    where = _Where(f"{base}/{key}/{k}/result", image, key == "predictions")
                    self.results(results, where)

    def results(self, results: list[Any], where: _Where) -> None:
        items = [(i, r) for i, r in enumerate(results) if isinstance(r, dict)]
        regions = {_region_id(r): _first_label(r) for _, r in reversed(items) if _label_key(r)}
        attributes = _attributes(r for _, r in items)
        for index, result in items:
            place = f"{where.base}/{index}"
            if _label_key(result) is not None:
                self.region(result, attributes.get(_region_id(result), {}), place, where)
            elif result.get("type") in VALUE_TYPES:
                self.value(result, place, where, regions.get(_region_id(result)))

    # -- regions --

    def region(
        self, result: dict[str, Any], attributes: Mapping[str, Any], place: str, where: _Where
    ) -> None:
        key = _label_key(result)
        value = result["value"]
        if key == KEYPOINTS and isinstance(result.get("parentID"), str):
            self.points_seen.add(str(result.get("from_name", "")))
            return  # a named point of its parent region: no class
        names = value[key]
        value[key] = [
            self.class_name(n, attributes, f"{place}/value/{key}", where, result) for n in names
        ]

    def class_name(
        self,
        name: Any,
        attributes: Mapping[str, Any],
        place: str,
        where: _Where,
        result: dict[str, Any],
    ) -> Any:
        if not isinstance(name, str):
            return name
        fate = self.fate(name, place)
        if fate.how == SAME:
            return name
        decision = decide(self.plan, fate.old, attributes)
        if decision.new is None:
            self.undecided(fate, decision, where, _region_id(result))
            return name
        self.out.counts[fate_count(fate.how)] += 1
        return decision.new

    def fate(self, name: str, place: str) -> ClassFate:
        cls = self.plan.old.lookup(name)
        if cls is None:
            old = self.plan.old
            message = f"{self.source}: {place}: class {name!r} is not in {old.name} {old.version}"
            raise InvalidInput(message, hint=_HINT)
        return self.plan.fates[cls.name]

    def undecided(self, fate: ClassFate, decision: Decision, where: _Where, region: str) -> None:
        if where.prediction:
            self.out.counts[PREDICTIONS_KEPT] += 1
            return
        reason, candidates = decision.reason, decision.candidates
        row = Reannotate(self.source, where.image, region, fate.old, candidates, reason)
        self.out.reannotate.append(row)

    # -- values --

    def value(self, result: dict[str, Any], place: str, where: _Where, owner: str | None) -> None:
        """A value result; ``owner`` is the class of the region it belongs to (None: the
        image's)."""
        value = result.get("value")
        key = VALUE_TYPES[str(result["type"])]
        if not isinstance(value, dict) or key not in value:
            return
        control = str(result.get("from_name", result["type"]))
        if owner is None and self.names_classes(control):
            value[key] = self.image_classes(value[key], f"{place}/value/{key}", where, control)
            return
        mapping = self.plan.values.get(control)
        if mapping:
            region = _Region(_region_id(result), owner or "")
            value[key] = self.attribute(value[key], mapping, control, where, region)

    def names_classes(self, control: str) -> bool:
        spec = self.plan.old.label_types.get(control)
        return isinstance(spec, MultiClassLabel | MultiLabel)

    def image_classes(self, got: Any, place: str, where: _Where, control: str) -> Any:
        """Image-level class choices (a list of names, or of taxonomy paths)."""
        if not isinstance(got, list):
            return got
        label = f"image label {control}"
        return [
            [self.image_class(n, place, where, label) for n in item]
            if isinstance(item, list)
            else self.image_class(item, place, where, label)
            for item in got
        ]

    def image_class(self, name: Any, place: str, where: _Where, label: str) -> Any:
        if not isinstance(name, str):
            return name
        fate = self.fate(name, place)
        if fate.how == SAME:
            return name
        if fate.how in (SPLIT, REMOVED) or fate.new is None:
            self.undecided(fate, decide(self.plan, fate.old, None), where, label)
            return name
        self.out.counts[fate_count(fate.how)] += 1
        return fate.new

    def attribute(
        self, got: Any, mapping: Mapping[Any, Any], control: str, where: _Where, region: _Region
    ) -> Any:
        if isinstance(got, list):
            return [
                [*item[:-1], self.one_value(item[-1], mapping, control, where, region)]
                if isinstance(item, list) and item
                else self.one_value(item, mapping, control, where, region)
                for item in got
            ]
        return self.one_value(got, mapping, control, where, region)

    def one_value(
        self, got: Any, mapping: Mapping[Any, Any], control: str, where: _Where, region: _Region
    ) -> Any:
        for before, after in mapping.items():
            if _same_value(got, before):
                if after is None:
                    self.dropped(control, got, where, region)
                    return got
                self.out.counts[VALUES_MAPPED] += 1
                return (
                    after
                    if isinstance(after, str) or not isinstance(got, str)
                    else json.dumps(after)
                )
        return got

    def dropped(self, control: str, got: Any, where: _Where, region: _Region) -> None:
        if where.prediction:
            self.out.counts[PREDICTIONS_KEPT] += 1
            return
        reason = f"{control} {got!r} is dropped in {self.plan.new.version}"
        row = Reannotate(self.source, where.image, region.id, region.old_class, (), reason)
        self.out.reannotate.append(row)

    def notes(self) -> None:
        for name in sorted(self.points_seen):
            order = self.plan.keypoints.get(name)
            if order is not None and order.changed:
                self.out.notes.append(
                    f"{self.source}: keypoints {name}: points are regions named by point, "
                    "so nothing was rewritten; export the labeling config of the new version "
                    "(taxonomist export NEW --to label-studio) next to the file to order them"
                )


def _label_key(result: dict[str, Any]) -> str | None:
    """The key of ``value`` that names the region's class, when the result is a region."""
    value = result.get("value")
    if not isinstance(value, dict):
        return None
    kind = result.get("type")
    return kind if kind in LABEL_KEYS and isinstance(value.get(kind), list) else None


def _first_label(result: dict[str, Any]) -> str:
    key = _label_key(result)
    names = result["value"][key] if key else []
    return str(names[0]) if names else ""


def _region_id(result: Mapping[str, Any]) -> str:
    return str(result.get("id", ""))


def _attributes(results: Iterator[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Region id -> {control: value} as the reader reads them (one choice is a string)."""
    out: dict[str, dict[str, Any]] = {}
    for result in results:
        kind = VALUE_TYPES.get(str(result.get("type")))
        value = result.get("value")
        if kind is None or not isinstance(value, dict) or value.get(kind) is None:
            continue
        got = value[kind]
        if kind in ("choices", "text") and isinstance(got, list) and len(got) == 1:
            got = got[0]
        control = str(result.get("from_name", result.get("type")))
        out.setdefault(_region_id(result), {})[control] = got
    return out


def _same_value(got: Any, before: Any) -> bool:
    """Whether a value as Label Studio writes it (choices are strings) is ``before``."""
    if isinstance(got, str) and not isinstance(before, str):
        return got == json.dumps(before)
    return isinstance(got, bool) is isinstance(before, bool) and got == before
