"""Read the annotators' files and split them into sides, one per annotator.

Each file is read whole and checked once (the checker's findings are kept per object row, so
a disagreement can be tied to the rule one side breaks). A single file whose objects carry an
``annotator`` field is split into one side per annotator; several files are one side each.
Images are matched across sides by file name (the base name, so folders may differ), falling
back to the image id where a record has no file name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from taxonomist.core.errors import InvalidInput, UsageError
from taxonomist.core.findings import Finding, Severity
from taxonomist.dataset.model import I64, Dataset
from taxonomist.taxonomy.resolved import Taxonomy

UNREADABLE = ("F001", "F030")  # the reader gave up or crashed: nothing to agree on
MATCH_HINT = "images are matched by file name (folders ignored), else by image id"


@dataclass(slots=True)
class Checked:
    """One file read and checked: its classes per object row and findings per row."""

    dataset: Dataset
    classes: list[str | None]  # object row -> taxonomy class name, None when unknown
    rules: dict[int, set[str]] = field(default_factory=dict)  # row -> rules it breaks
    findings: int = 0
    file: str = ""  # as the command line named it


@dataclass(slots=True)
class Side:
    """One annotator: the rows of a checked file that are theirs."""

    name: str
    checked: Checked
    rows: I64  # object rows with a known class
    unusable: int  # rows of theirs with a class the taxonomy does not know

    @property
    def dataset(self) -> Dataset:
        return self.checked.dataset

    def image_keys(self) -> dict[str, int]:
        """Image key -> image row."""
        images = self.dataset.images
        return {image_key(images.files[r], images.ids[r]): r for r in range(len(images))}


def image_key(file: str, image_id: object) -> str:
    name = PurePosixPath(file.replace("\\", "/")).name if file else ""
    return name or f"id:{image_id}"


def read_sides(
    taxonomy: Taxonomy, paths: Sequence[Path], fmt: str | None, annotators: Sequence[str] = ()
) -> list[Side]:
    """The sides to compare, in order; raises ``InvalidInput``/``UsageError`` (exit 2)."""
    checked = [read_checked(taxonomy, path, fmt) for path in paths]
    if len(checked) == 1:
        sides = split_by_annotator(checked[0], str(paths[0]))
    else:
        names = _labels(paths)
        sides = [_whole(c, n) for c, n in zip(checked, names, strict=True)]
    sides = _chosen(sides, annotators, paths)
    if len(sides) < 2:
        raise UsageError(
            f"{paths[0]}: one annotator only ({sides[0].name if sides else 'none'})",
            hint="name two or more files, or one file whose objects carry an annotator field",
        )
    return sides


def read_checked(taxonomy: Taxonomy, path: Path, fmt: str | None) -> Checked:
    checked = _check(taxonomy, _read(path, fmt))
    checked.file = str(path)
    return checked


def _read(path: Path, fmt: str | None) -> Dataset:
    from taxonomist.check.engine import read_source
    from taxonomist.core.limits import streamed
    from taxonomist.formats.discover import discover

    if not path.exists():
        raise UsageError(f"{path}: no such file", hint="name annotation files that exist")
    found = discover([path], fmt)
    if not found.sources:
        why = found.skipped[0].reason if found.skipped else "no reader recognises it"
        raise InvalidInput(f"{path}: cannot read ({why})", hint="--format NAME forces a reader")
    source = found.sources[0]
    with streamed(False):
        parts = list(read_source(source.path, source.format))
    dataset = parts[0]
    _refuse_unreadable(path, dataset)
    return dataset


def _refuse_unreadable(path: Path, dataset: Dataset) -> None:
    for finding in dataset.findings:
        if finding.code in UNREADABLE and finding.severity is Severity.ERROR:
            raise InvalidInput(f"{path}: {finding.message}", hint=finding.hint or MATCH_HINT)


def _check(taxonomy: Taxonomy, dataset: Dataset) -> Checked:
    from taxonomist.check.engine import bulk_memory, make_context, stream_context

    with bulk_memory():
        ctx = make_context(taxonomy, dataset)
        findings = list(stream_context(ctx))
    names = [c.name for c in ctx.classes]
    classes = [names[i] if i >= 0 else None for i in ctx.object_class.tolist()]
    checked = Checked(dataset, classes, findings=len(findings))
    _attach(taxonomy, checked, findings)
    return checked


def _attach(taxonomy: Taxonomy, checked: Checked, findings: list[Finding]) -> None:
    """Each finding about an object, as its rule id (or checker code) on that object's row."""
    dataset = checked.dataset
    rows: dict[tuple[str, str], int] = {}
    for row, object_id in enumerate(dataset.objects.ids):
        image = int(dataset.objects.image[row])
        image_id = str(dataset.images.ids[image]) if image >= 0 else ""
        rows.setdefault((image_id, str(object_id)), row)
    for finding in findings:
        where = finding.location
        found = rows.get((where.image_id or "", where.annotation_id or ""))
        if where.annotation_id is not None and found is not None:
            name = finding.name if finding.name in taxonomy.rules else finding.code
            checked.rules.setdefault(found, set()).add(name)


def _whole(checked: Checked, name: str) -> Side:
    rows = np.arange(len(checked.classes), dtype=np.int64)
    return _side(name, checked, rows)


def _side(name: str, checked: Checked, rows: I64) -> Side:
    known = np.array([checked.classes[r] is not None for r in rows.tolist()], dtype=np.bool_)
    return Side(name, checked, rows[known] if rows.size else rows, int((~known).sum()))


def split_by_annotator(checked: Checked, file: str) -> list[Side]:
    """One side per annotator named by the objects (rows without one are left out)."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for row, name in sorted(checked.dataset.objects.annotator.items()):
        by_name[name].append(row)
    return [_side(n, checked, np.array(r, dtype=np.int64)) for n, r in sorted(by_name.items())]


def _labels(paths: Sequence[Path]) -> list[str]:
    """The sides' names: each file's stem, its whole path where two stems are the same, and
    a number after a file named twice."""
    stems = [p.stem for p in paths]
    names = [p.stem if stems.count(p.stem) == 1 else str(p) for p in paths]
    return [
        n if names[:i].count(n) == 0 else f"{n}#{names[:i].count(n) + 1}"
        for i, n in enumerate(names)
    ]


def _chosen(sides: list[Side], annotators: Sequence[str], paths: Sequence[Path]) -> list[Side]:
    if not annotators:
        return sides
    known = {s.name: s for s in sides}
    unknown = [a for a in annotators if a not in known]
    if unknown:
        raise UsageError(
            f"{paths[0]}: no annotator {unknown[0]!r}",
            hint=f"annotators here: {', '.join(known) or 'none'}",
        )
    return [known[a] for a in annotators]


def common_images(sides: Sequence[Side], paths: Sequence[Path]) -> list[str]:
    """The image keys every side has, sorted; none in common is an error (exit 2)."""
    keys = [set(s.image_keys()) for s in sides]
    shared = set.intersection(*keys)
    if not shared:
        counts = ", ".join(
            f"{s.name} names {len(k)} images" for s, k in zip(sides, keys, strict=True)
        )
        where = ", ".join(dict.fromkeys(str(p) for p in paths))
        raise InvalidInput(f"{where}: no image in common: {counts}", hint=MATCH_HINT)
    return sorted(shared)
