"""The images annotators disagree on most, drawn: one PNG each with A's shapes on the left
and B's on the right, in each class's guideline colour, plus ``index.json`` and
``index.html`` listing them with their disagreements and the rules involved.

Matched objects are outlined thin, unmatched ones (misses, extras) and class swaps thick and
dashed. Images are looked for in ``--images DIR``, else beside the annotation file (by the
recorded path, then by file name); one not found is drawn on a blank canvas of its recorded
size. Only the files named here are written: nothing in the folder is deleted."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from taxonomist.core.errors import UsageError
from taxonomist.core.files import write_atomic
from taxonomist.quality import html
from taxonomist.quality.agree.draw import Shape, draw_side, side_by_side
from taxonomist.quality.agree.inputs import Side
from taxonomist.quality.agree.matching import ImageMatch
from taxonomist.quality.agree.run import AgreeRun

if TYPE_CHECKING:
    from PIL.Image import Image

    from taxonomist.taxonomy.resolved import Taxonomy


@dataclass(frozen=True, slots=True)
class HardCases:
    written: tuple[str, ...]  # file names written in the folder
    missing_images: int  # drawn on a blank canvas


def write_hard_cases(
    taxonomy: Taxonomy, run: AgreeRun, folder: Path, top: int, images_dir: Path | None
) -> HardCases:
    """Draw the ``top`` images with most disagreements into ``folder``."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: is a file, not a folder", hint="--hard-cases names a folder")
    folder.mkdir(parents=True, exist_ok=True)
    colours = {name: c.color for name, c in taxonomy.classes.items()}
    written, missing, entries = [], 0, []
    for rank, (image, pair) in enumerate(_ranked(run, top), start=1):
        a, b = run.sides[pair[0]], run.sides[pair[1]]
        match = next(m for m in run.matches[pair] if m.image == image)
        picture_a, found = _picture(a, match.a_image, run.paths, images_dir)
        picture_b, _ = _picture(b, match.b_image, run.paths, images_dir)
        missing += not found
        notes = _notes(run, pair, image)
        left = draw_side(picture_a, _shapes((a, b), match, notes, left=True), colours)
        right = draw_side(picture_b, _shapes((a, b), match, notes, left=False), colours)
        name = f"{rank:03d}-{_safe(image)}.png"
        write_atomic(folder / name, _png(side_by_side(left, right, a.name, b.name)))
        written.append(name)
        entries.append(_entry(run, image, pair, name, found))
    write_atomic(
        folder / "index.json", json.dumps({"hard_cases": entries}, indent=2, sort_keys=True) + "\n"
    )
    write_atomic(folder / "index.html", _index_html(entries))
    return HardCases((*written, "index.json", "index.html"), missing)


def _ranked(run: AgreeRun, top: int) -> list[tuple[str, tuple[int, int]]]:
    """(image, the pair disagreeing most on it), most disagreements first, then by name."""
    per: Counter[tuple[str, tuple[int, int]]] = Counter()
    for index, pair in zip(run.matches, run.report.pairs, strict=True):
        for item in pair.disagreements:
            per[item.image, index] += 1
    best: dict[str, tuple[int, tuple[int, int]]] = {}
    for (image, index), n in sorted(per.items()):
        if image not in best or n > best[image][0]:
            best[image] = (n, index)
    order = sorted(best, key=lambda i: (-best[i][0], i))
    return [(image, best[image][1]) for image in order[:top]]


def _shapes(
    pair: tuple[Side, Side], match: ImageMatch, notes: Mapping[tuple[str, int], str], left: bool
) -> list[Shape]:
    """What one half shows: its side's objects (misses, extras and swaps standing out,
    differing attributes noted) and, as ghosts, the other side's unmatched objects."""
    mine, theirs = pair if left else pair[::-1]
    out = []
    for ra, rb, _ in match.matches:
        row, other = (ra, rb) if left else (rb, ra)
        swapped = mine.checked.classes[row] != theirs.checked.classes[other]
        style = "stands_out" if swapped else "matched"
        out.append(Shape(mine, row, style, notes.get((mine.name, row), "")))
    own, others = (match.missed, match.extra) if left else (match.extra, match.missed)
    out += [Shape(mine, row, "stands_out") for row in own]
    return out + [Shape(theirs, row, "ghost") for row in others]


def _notes(run: AgreeRun, pair: tuple[int, int], image: str) -> dict[tuple[str, int], str]:
    """(side name, object row) -> the attribute values it differs in, as ``name=value``."""
    a, b = run.sides[pair[0]], run.sides[pair[1]]
    report = run.report.pairs[list(run.matches).index(pair)]
    a_rows = {str(i): r for r, i in enumerate(a.dataset.objects.ids)}
    b_rows = {str(i): r for r, i in enumerate(b.dataset.objects.ids)}
    notes: dict[tuple[str, int], list[str]] = {}
    for item in report.disagreements:
        if item.image != image or item.values is None or item.a_id is None or item.b_id is None:
            continue
        for side, rows, key, value in (
            (a, a_rows, item.a_id, item.values[0]),
            (b, b_rows, item.b_id, item.values[1]),
        ):
            notes.setdefault((side.name, rows[key]), []).append(f"{item.attribute}={value}")
    return {k: " ".join(v) for k, v in notes.items()}


def _picture(
    side: Side, image_row: int, paths: list[Path], images_dir: Path | None
) -> tuple[Image, bool]:
    from PIL import Image as PilImage

    images = side.dataset.images
    recorded = images.files[image_row]
    for candidate in _candidates(recorded, side.dataset.source, paths, images_dir):
        if candidate.is_file():
            try:
                with PilImage.open(candidate) as opened:
                    return opened.convert("RGB"), True
            except (OSError, ValueError):
                continue
    width, height = images.width[image_row], images.height[image_row]
    known = not (math.isnan(width) or math.isnan(height))
    size = (int(width), int(height)) if known else (640, 480)
    return PilImage.new("RGB", (max(size[0], 1), max(size[1], 1)), "#f4f4f4"), False


def _candidates(
    recorded: str, source: str, paths: list[Path], images_dir: Path | None
) -> list[Path]:
    relative = PurePosixPath(recorded.replace("\\", "/"))
    folders = [images_dir] if images_dir is not None else []
    folders += [Path(source).parent if source else paths[0].parent]
    return [f / p for f in folders for p in (Path(*relative.parts), Path(relative.name))]


def _png(picture: Image) -> bytes:
    import io

    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _safe(image: str) -> str:
    stem = PurePosixPath(image).stem or "image"
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:60]


def _entry(
    run: AgreeRun, image: str, pair: tuple[int, int], name: str, found: bool
) -> dict[str, object]:
    report = next(
        p
        for p in run.report.pairs
        if (p.a, p.b) == (run.sides[pair[0]].name, run.sides[pair[1]].name)
    )
    items = [asdict(d) for d in report.disagreements if d.image == image]
    return {
        "image": image,
        "png": name,
        "a": report.a,
        "b": report.b,
        "image_found": found,
        "disagreements": items,
    }


def _index_html(entries: list[dict[str, object]]) -> str:
    parts = []
    for entry in entries:
        rows = [
            (
                d["kind"],
                " / ".join(d["classes"]),
                "; ".join([f"{r} (broken by {s})" for r, s in d["rules"]] + list(d["guidance"]))
                or "–",
            )
            for d in entry["disagreements"]  # type: ignore[attr-defined]
        ]
        body = f'<img src="{html.escape(entry["png"])}" alt="{html.escape(entry["image"])}">'
        body += html.table(("disagreement", "classes", "guideline"), rows)
        parts.append(
            html.Section(f"{entry['image']}: {entry['a']} (left) vs {entry['b']} (right)", body)
        )
    return html.page("Hard cases", f"{len(entries)} images with the most disagreement", parts)
