"""Example images for the site: paths checked, drawings made once and cached, files named
by content hash.

Each example's drawing depends only on its image, its annotation and the colours and titles
of the taxonomy's classes, so those bytes form the cache key: an unchanged example is read
back from the cache directory instead of being decoded and drawn again.
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
from taxonomist.guidelines import draw
from taxonomist.guidelines.checked import CheckedExample, check_example
from taxonomist.guidelines.common import ASSETS, DrawnExample
from taxonomist.guidelines.shapes import image_row, shapes_of
from taxonomist.guidelines.skeleton import skeleton_diagram
from taxonomist.taxonomy.model import Example, KeypointLabel
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy

DRAW_VERSION = "5"  # bump when drawing changes, so cached drawings are redrawn


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
        """The drawn example, from the cache or drawn from ``checked`` (read when not given)."""
        key = self._key(src)
        cached = self._load(key)
        if cached is None:
            cached = self._draw(src, checked or check_example(self.tax, src.annotation))
            self._store(key, cached)
        full, thumb, classes = cached
        return DrawnExample(
            rule=src.rule,
            index=src.index,
            verdict=src.example.verdict,
            caption=src.example.caption,
            image=self._asset("examples", full, ".jpg"),
            thumb=self._asset("thumbs", thumb, ".jpg"),
            classes=tuple(classes),
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

    def _draw(self, src: ExampleSource, checked: CheckedExample) -> tuple[bytes, bytes, list[str]]:
        image = draw.open_image(src.image)
        dataset = checked.dataset
        row = image_row(dataset, src.annotation, src.image)
        shapes = shapes_of(self.tax, dataset, row, image.size, self._shown_attributes(src.rule))
        drawing = draw.render(image, shapes, self.style)
        classes = list(dict.fromkeys([o.cls for o in shapes.objects] + shapes.image_labels))
        self.drawn += 1
        return draw.encode(drawing), draw.encode(draw.thumbnail(drawing)), classes

    def _shown_attributes(self, rule_id: str) -> dict[str, frozenset[str]]:
        """The attribute an attribute rule is about, for the classes it applies to."""
        rule = self.tax.rules.get(rule_id)
        check = rule.rule.check if rule is not None else None
        if rule is None or check is None or not check.names_attribute:
            return {}
        # The kinds that say ``names_attribute`` name it in their ``attribute`` field.
        attribute: str = getattr(check, "attribute")  # noqa: B009
        return {attribute: rule.classes}

    def _key(self, src: ExampleSource) -> str:
        digest = hashlib.sha256(DRAW_VERSION.encode())
        shown = {k: sorted(v) for k, v in self._shown_attributes(src.rule).items()}
        digest.update(json.dumps(shown, sort_keys=True).encode())
        for chunk in _chunks(src.image, src.annotation):
            digest.update(chunk)
        style = json.dumps([self.style.colors, self.style.titles], sort_keys=True)
        digest.update(style.encode())
        return digest.hexdigest()

    def _load(self, key: str) -> tuple[bytes, bytes, list[str]] | None:
        if self.cache_dir is None:
            return None
        meta = self.cache_dir / f"{key}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            full = (self.cache_dir / f"{key}.jpg").read_bytes()
            thumb = (self.cache_dir / f"{key}.thumb.jpg").read_bytes()
        except (OSError, ValueError):
            return None
        return full, thumb, [str(c) for c in info.get("classes", [])]

    def _store(self, key: str, drawn: tuple[bytes, bytes, list[str]]) -> None:
        if self.cache_dir is None:
            return
        full, thumb, classes = drawn
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.cache_dir / f"{key}.jpg", full)
        write_atomic(self.cache_dir / f"{key}.thumb.jpg", thumb)
        write_atomic(self.cache_dir / f"{key}.json", json.dumps({"classes": classes}).encode())


def _chunks(*paths: Path) -> Iterator[bytes]:
    for path in paths:
        yield str(path.stat().st_size).encode()
        yield path.read_bytes()


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/taxonomist/drawings`` (or ``~/.cache/...``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "taxonomist" / "drawings"
