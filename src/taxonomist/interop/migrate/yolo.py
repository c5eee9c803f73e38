"""YOLO datasets: each label line's class number (old number -> class -> fate -> NEW's YOLO
index), keypoint columns when the pose order changed, and data.yaml's ``names`` (``nc``,
``kpt_shape``, ``flip_idx``, ``kpt_names``) from NEW's index; the rest of data.yaml is kept.

Only the first token of a line whose class number changes is rewritten: every other byte
stays. YOLO has no attributes, so a split cannot be decided here: such an object keeps its
line where NEW's index still has its class, and is otherwise taken out of the label file and
listed for re-annotation with its original line (nothing is lost).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.yolo.config import DARKNET_NAMES, find_config, load_config
from taxonomist.interop.export.yolo import flip_index, yolo_name
from taxonomist.interop.migrate import jsonio
from taxonomist.interop.migrate.base import (
    KEYPOINTS_REORDERED,
    TAKEN_OUT,
    YOLO_RENUMBERED,
    Plan,
    Reannotate,
    Rewritten,
    fate_count,
)
from taxonomist.interop.migrate.plan import Decision, decide
from taxonomist.taxonomy.change.fates import KeypointOrder
from taxonomist.taxonomy.model import KeypointLabel

FORMAT = "yolo"
_LABEL_DIRS = frozenset({"labels", "labeltxt", "annotations", "obj_train_data", "obj_valid_data"})
_NOT_LABELS = frozenset({"train.txt", "val.txt", "valid.txt", "test.txt", "readme.txt"})
_NUMBER = re.compile(rb"^(\s*)(\S+)")


def rewrite(path: Path, plan: Plan) -> Rewritten:
    """The migrated label files and description of the YOLO dataset at ``path`` (a folder,
    its data.yaml, or one label file)."""
    root = path if path.is_dir() else path.parent
    config_path = find_config(path)
    job = _Job(plan, Rewritten())
    if config_path is not None:
        job.read_names(config_path)
    labels = [path] if path.is_file() and config_path is None else _labels(root)
    for label in labels:
        job.label_file(label, root)
    if config_path is not None and config_path.suffix.lower() in (".yaml", ".yml"):
        text = job.description(jsonio.read(config_path), config_path)
        job.out.outputs.append((config_path.relative_to(root), text))
    return job.out


def _labels(root: Path) -> list[Path]:
    out = []
    for label in _text_files(root):
        name = label.name.lower()
        if name in _NOT_LABELS or label.name in DARKNET_NAMES or name.startswith("readme"):
            continue
        if any(p.lower() in _LABEL_DIRS for p in label.relative_to(root).parts[:-1]):
            out.append(label)
    return sorted(out)


def _text_files(root: Path) -> list[Path]:
    """Every ``.txt`` under ``root``; links to folders are not followed (no loops)."""
    found = []
    for folder, _, files in os.walk(root):
        found += [Path(folder, name) for name in files if name.lower().endswith(".txt")]
    return found


class _Job:
    def __init__(self, plan: Plan, out: Rewritten) -> None:
        self.plan, self.out = plan, out
        self.old_names = {i: c.name for i, c in plan.old_yolo.classes.items()}
        self.new_numbers = {c.name: i for i, c in plan.new_yolo.classes.items()}
        self.kpt_shape: tuple[int, int] | None = None
        self.order: KeypointOrder | None = None

    def read_names(self, config_path: Path) -> None:
        """The file's own ``names`` say what its numbers mean (the check of the input
        compares them with OLD's index)."""
        config, _ = load_config(config_path)
        if config.names:
            self.old_names = {i: self._class_of(n) for i, (n, _) in config.names.items()}
            unknown = [(i, n) for i, n in self.old_names.items() if n not in self.plan.old.classes]
            if unknown:
                index, name = unknown[0]
                old = self.plan.old
                raise InvalidInput(
                    f"{config_path}: names[{index}] {name!r} is not a class of "
                    f"{old.name} {old.version}, the version migrated from",
                    hint="check the dataset against the old version first (taxonomist check "
                    "-t OLD); a dataset migrated already needs no second run",
                )
        self.kpt_shape = config.kpt_shape
        if config.kpt_shape is not None:
            self.order = _order(self.plan, config.kpt_shape[0])

    def _class_of(self, name: str) -> str:
        cls = self.plan.old.lookup(name) or self.plan.old.lookup(name.replace(" ", "_"))
        return cls.name if cls is not None else name

    def label_file(self, label: Path, root: Path) -> None:
        data = jsonio.read(label)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"{label}: not UTF-8 text", hint=jsonio.HINT) from None
        lines = data.splitlines(keepends=True)
        kept = [self._line(line, label, n) for n, line in enumerate(lines, 1)]
        body = b"".join(line for line in kept if line is not None)
        self.out.outputs.append((label.relative_to(root), body))

    def _line(self, line: bytes, label: Path, number: int) -> bytes | None:
        match = _NUMBER.match(line)
        if match is None:  # a blank line
            return line
        old = self._old_class(match.group(2), label, number)
        decision = decide(self.plan, old, None)
        target = self.new_numbers.get(decision.new) if decision.new else None
        if target is None:
            return self._unplaced(line, label, number, old, decision)
        if target != int(match.group(2)):
            line = match.group(1) + str(target).encode() + line[match.end(2) :]
        if decision.changed:
            self.out.counts[fate_count(decision.how)] += 1
        elif target != int(match.group(2)):
            self.out.counts[YOLO_RENUMBERED] += 1
        return self._keypoints(line)

    def _old_class(self, token: bytes, label: Path, number: int) -> str:
        text = token.decode("utf-8", "replace")
        if not text.isascii() or not text.isdigit() or int(text) not in self.old_names:
            known = f"0..{max(self.old_names)}" if self.old_names else "none"
            raise InvalidInput(
                f"{label}:{number}:1: class number {text!r} is not in the dataset's names "
                f"({known})",
                hint="fix or remove the line, then migrate again",
            )
        return self.old_names[int(text)]

    def _unplaced(
        self, line: bytes, label: Path, number: int, old: str, decision: Decision
    ) -> bytes | None:
        """An object the migration cannot place: kept where NEW's index has its class."""
        slot = self.new_numbers.get(old)
        reason = decision.reason or "its class has no YOLO number in the new version"
        text = line.decode("utf-8").rstrip("\r\n")
        row = Reannotate(str(label), label.stem, f"line {number}", old, decision.candidates, reason)
        if slot is None:
            self.out.reannotate.append(_not_kept(row, text))
            self.out.counts[TAKEN_OUT] += 1
            return None
        self.out.reannotate.append(row)
        match = _NUMBER.match(line)
        assert match is not None
        return match.group(1) + str(slot).encode() + line[match.end(2) :]

    def _keypoints(self, line: bytes) -> bytes:
        order, shape = self.order, self.kpt_shape
        if order is None or shape is None:
            return line
        body = line.rstrip(b"\r\n")
        tokens = body.split()
        if len(tokens) != 5 + shape[0] * shape[1]:
            return line  # not a pose line of this layout: the check reports it
        points = [tokens[5 + i * shape[1] : 5 + (i + 1) * shape[1]] for i in range(shape[0])]
        moved: list[bytes] = []
        for slot in range(len(order.new)):
            source = order.source_index(slot)
            moved += [b"0"] * shape[1] if source is None else points[source]
        self.out.counts[KEYPOINTS_REORDERED] += 1
        return b" ".join(tokens[:5] + moved) + line[len(body) :]

    def description(self, data: bytes, path: Path) -> bytes:
        """data.yaml with ``names`` (and the keypoint keys) of NEW; every other line kept."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"{path}: not UTF-8 text", hint=jsonio.HINT) from None
        index = self.plan.new_yolo.classes
        flow = re.search(r"(?m)^names\s*:\s*\[", text) is not None
        names = [yolo_name(c) for c in index.values()]
        block = f"names: [{', '.join(names)}]\n" if flow else _mapping("names", names)
        text = replace_block(text, "names", block)
        text = re.sub(r"(?m)^nc\s*:.*$", f"nc: {len(index)}", text)
        if self.order is not None and self.kpt_shape is not None:
            text = self._keypoint_keys(text, self.order, self.kpt_shape[1])
        return text.encode("utf-8")

    def _keypoint_keys(self, text: str, order: KeypointOrder, dim: int) -> str:
        spec = self.plan.new.label_types[order.label_type]
        assert isinstance(spec, KeypointLabel)
        text = replace_block(text, "kpt_shape", f"kpt_shape: [{len(order.new)}, {dim}]\n")
        flips = ", ".join(map(str, flip_index(spec)))
        text = replace_block(text, "flip_idx", f"flip_idx: [{flips}]\n")
        users = [
            i for i, c in self.plan.new_yolo.classes.items() if order.label_type in c.label_types
        ]
        points = f"[{', '.join(order.new)}]"
        lines = "".join(f"  {i}: {points}\n" for i in users)
        return replace_block(text, "kpt_names", f"kpt_names:\n{lines}")


def _not_kept(row: Reannotate, original: str) -> Reannotate:
    return Reannotate(
        row.file, row.image, row.object, row.old_class, row.candidates, row.reason, False, original
    )


def _mapping(key: str, names: list[str]) -> str:
    return f"{key}:\n" + "".join(f"  {i}: {name}\n" for i, name in enumerate(names))


def _order(plan: Plan, points: int) -> KeypointOrder | None:
    for order in plan.keypoints.values():
        if order.changed and len(order.old) == points:
            return order
    return None


def replace_block(text: str, key: str, block: str) -> str:
    """``text`` with the top-level YAML entry ``key`` (its line and the indented or ``-``
    lines under it) replaced by ``block``; unchanged when there is no such entry."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, x in enumerate(lines) if re.match(rf"{key}\s*:", x)), None)
    if start is None:
        return text
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\t", "-") or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # blank lines stay with what follows
        end -= 1
    if not lines[end - 1].endswith("\n") and end == len(lines):
        block = block.rstrip("\n")
    return "".join(lines[:start]) + block + "".join(lines[end:])
