"""Example images for the site: paths checked, drawings made once and cached, files named
by content hash.

What a taxonomy author sees of this: every drawing carries its verdict as a badge, and a
Don't's drawing frames the object each finding of its rule is about, numbered, with the
finding's message (less the rule's title, which the page shows); a finding about the whole
image becomes a banner. So a Don't reads best when its annotation holds the fault once, on
the object the caption talks about. The quiz shows a third drawing of each example, its
"plain" twin: the same shapes, labels and legend with neither badge nor marks, so a question
does not give its answer away.

Each example's drawing depends only on its image, its annotation, its verdict, the colours and
titles of the taxonomy's classes and, for a Don't, the faults the checker finds in it (they are
marked on the drawing), so those form the cache key: an unchanged example is read back from
the cache directory instead of being decoded and drawn again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from taxonomist.core.errors import InvalidInput, UnsafeInput
from taxonomist.core.files import write_atomic
from taxonomist.core.findings import Finding
from taxonomist.guidelines import draw
from taxonomist.guidelines.checked import CheckedExample, check_example, of_rule
from taxonomist.guidelines.common import ASSETS, DrawnExample
from taxonomist.guidelines.shapes import image_row, marks_of, shapes_of
from taxonomist.guidelines.skeleton import skeleton_diagram
from taxonomist.taxonomy.model import Example, KeypointLabel
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy
from taxonomist.taxonomy.text import render_thresholds

DRAW_VERSION = "7"  # bump when drawing changes, so cached drawings are redrawn
MAX_MARKS = 9  # faults marked on one Don't; a rule finding more is one fault shown often


@dataclass(frozen=True)
class ExampleSource:
    """An example with its files resolved and checked to lie inside the project."""

    rule: str
    index: int
    example: Example
    image: Path
    annotation: Path
    where: str  # taxonomy file:line of the example, for messages


def where(tax: Taxonomy, rule: ResolvedRule, pointer: str) -> str:
    """``file:line:col`` of a place in the taxonomy, as precisely as the loader knows it."""
    pos = tax.position(pointer) or rule.origin
    return pos.describe() if pos is not None else str(tax.path)


def inside(root: Path, base: Path, relative: str, what: str, place: str) -> Path:
    """``relative`` resolved against ``base``; refused outside ``root`` or when missing."""
    target = (base / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise UnsafeInput(
            f"{place}: {what} {relative!r} resolves outside the project ({root})",
            hint="keep example images and annotations inside the project directory",
        )
    if not target.is_file():
        raise InvalidInput(f"{place}: {what} {relative!r} not found (looked at {target})")
    return target


def sources(tax: Taxonomy, root: Path) -> list[ExampleSource]:
    """Every example of every rule, with checked paths."""
    found = []
    for rule in tax.rules.values():
        for i, ex in enumerate(rule.rule.examples):
            pointer = f"/rules/{rule.id}/examples/{i}"
            image = inside(
                root, rule.base_dir, ex.image, "example image", where(tax, rule, f"{pointer}/image")
            )
            annotation = inside(
                root,
                rule.base_dir,
                ex.annotation,
                "example annotation",
                where(tax, rule, f"{pointer}/annotation"),
            )
            found.append(
                ExampleSource(rule.id, i, ex, image, annotation, where(tax, rule, pointer))
            )
    return found


@dataclass(frozen=True)
class Drawing:
    """What drawing an example makes, as the cache keeps it."""

    full: bytes  # JPEG for the lightbox
    thumb: bytes  # JPEG for the gallery
    plain: bytes  # JPEG for the quiz: the lightbox drawing without verdict badge or marks
    classes: tuple[str, ...]  # classes the annotation shows (objects and image labels)
    marks: tuple[str, ...]  # the messages of the faults marked on a Don't, numbered from 1


class Drawer:
    """Draws examples and skeleton diagrams; collects the asset files (docs path -> bytes)."""

    def __init__(self, tax: Taxonomy, cache_dir: Path | None) -> None:
        self.tax = tax
        self.cache_dir = cache_dir
        self.assets: dict[str, bytes] = {}
        self.style = draw.Style(
            colors={n: c.color for n, c in tax.classes.items()},
            titles={n: c.title for n, c in tax.classes.items()},
        )
        self.drawn = 0  # examples drawn (not read from the cache), for tests and logs

    def example(self, src: ExampleSource, checked: CheckedExample | None = None) -> DrawnExample:
        """The drawn example, from the cache or drawn from ``checked`` (read when not given).

        A Don't is drawn with the faults its rule finds marked, so its findings are part of
        what the drawing depends on: a Don't is always checked, a Do only when it is drawn.
        """
        if checked is None and src.example.verdict == "dont":
            checked = check_example(self.tax, src.annotation)
        faults = self._faults(src, checked)
        key = self._key(src, faults)
        drawing = self._load(key)
        if drawing is None:
            drawing = self._draw(src, checked or check_example(self.tax, src.annotation), faults)
            self._store(key, drawing)
        return DrawnExample(
            rule=src.rule,
            index=src.index,
            verdict=src.example.verdict,
            caption=src.example.caption,
            image=self._asset("examples", drawing.full, ".jpg"),
            thumb=self._asset("thumbs", drawing.thumb, ".jpg"),
            classes=drawing.classes,
            marks=drawing.marks,
            plain=self._asset("quiz", drawing.plain, ".jpg"),
        )

    def skeletons(self) -> dict[str, str]:
        """Docs path of the skeleton diagram of every keypoint label type."""
        out = {}
        for name, spec in self.tax.label_types.items():
            if isinstance(spec, KeypointLabel):
                png = draw.encode(skeleton_diagram(spec), "PNG")
                out[name] = self._asset("skeletons", png, ".png")
        return out

    def _asset(self, folder: str, data: bytes, suffix: str) -> str:
        path = f"{ASSETS}/{folder}/{hashlib.sha256(data).hexdigest()[:20]}{suffix}"
        self.assets[path] = data
        return path

    def _faults(self, src: ExampleSource, checked: CheckedExample | None) -> list[Finding]:
        """The findings a Don't is about (none for a Do): what its drawing marks."""
        if src.example.verdict != "dont" or checked is None:
            return []
        return of_rule(checked.findings, src.rule)[:MAX_MARKS]

    def _draw(self, src: ExampleSource, checked: CheckedExample, faults: list[Finding]) -> Drawing:
        image = draw.open_image(src.image)
        dataset = checked.dataset
        row = image_row(dataset, src.annotation, src.image)
        shown, questions = self._shown_attributes(src.rule), self._questions(src.rule)
        shapes = shapes_of(self.tax, dataset, row, image.size, shown, questions=questions)
        shapes.marks = marks_of(dataset, row, shapes, faults, self._title(src.rule))
        verdict = src.example.verdict
        full, plain = draw.render_pair(image, shapes, self.style, verdict)
        thumb = draw.render_thumbnail(image, shapes, self.style, verdict)
        classes = tuple(dict.fromkeys([o.cls for o in shapes.objects] + shapes.image_labels))
        self.drawn += 1
        return Drawing(
            draw.encode(full),
            draw.encode(thumb),
            draw.encode(plain),
            classes,
            tuple(m.message for m in shapes.marks),
        )

    def _title(self, rule_id: str) -> str:
        """The rule's title as its findings begin with it (thresholds filled in)."""
        rule = self.tax.rules.get(rule_id)
        return render_thresholds(rule.rule.title, self.tax) if rule is not None else ""

    def _questions(self, rule_id: str) -> list[str]:
        """The image-level label types a rule applies to, whose answers its examples show."""
        rule = self.tax.rules.get(rule_id)
        image_level = self.tax.image_level_types()
        named = rule.rule.applies_to.label_types if rule is not None else []
        return [name for name in named if name in image_level]

    def _shown_attributes(self, rule_id: str) -> dict[str, frozenset[str]]:
        """The attribute an attribute rule is about, for the classes it applies to."""
        rule = self.tax.rules.get(rule_id)
        check = rule.rule.check if rule is not None else None
        if rule is None or check is None or not check.names_attribute:
            return {}
        # The kinds that say ``names_attribute`` name it in their ``attribute`` field.
        attribute: str = getattr(check, "attribute")  # noqa: B009
        return {attribute: rule.classes}

    def _key(self, src: ExampleSource, faults: list[Finding]) -> str:
        digest = hashlib.sha256(DRAW_VERSION.encode())
        shown = {k: sorted(v) for k, v in self._shown_attributes(src.rule).items()}
        marked = [
            [f.location.image_id, f.location.annotation_id, f.message, self._title(src.rule)]
            for f in faults
        ]
        about = {
            "shown": shown,
            "questions": self._questions(src.rule),
            "verdict": src.example.verdict,
            "marked": marked,
        }
        digest.update(json.dumps(about, sort_keys=True).encode())
        for chunk in _chunks(src.image, src.annotation):
            digest.update(chunk)
        style = json.dumps([self.style.colors, self.style.titles], sort_keys=True)
        digest.update(style.encode())
        return digest.hexdigest()

    def _load(self, key: str) -> Drawing | None:
        if self.cache_dir is None:
            return None
        meta = self.cache_dir / f"{key}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            full = (self.cache_dir / f"{key}.jpg").read_bytes()
            thumb = (self.cache_dir / f"{key}.thumb.jpg").read_bytes()
            plain = (self.cache_dir / f"{key}.plain.jpg").read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(info, dict):
            return None
        classes = tuple(str(c) for c in info.get("classes", []))
        marks = tuple(str(m) for m in info.get("marks", []))
        return Drawing(full, thumb, plain, classes, marks)

    def _store(self, key: str, drawing: Drawing) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.cache_dir / f"{key}.jpg", drawing.full)
        write_atomic(self.cache_dir / f"{key}.thumb.jpg", drawing.thumb)
        write_atomic(self.cache_dir / f"{key}.plain.jpg", drawing.plain)
        meta = {"classes": list(drawing.classes), "marks": list(drawing.marks)}
        write_atomic(self.cache_dir / f"{key}.json", json.dumps(meta).encode())


def _chunks(*paths: Path) -> Iterator[bytes]:
    for path in paths:
        yield str(path.stat().st_size).encode()
        yield path.read_bytes()


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/taxonomist/drawings`` (or ``~/.cache/...``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "taxonomist" / "drawings"
