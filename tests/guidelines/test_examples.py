from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from taxonomist.core.errors import UnsafeInput
from taxonomist.core.findings import Finding, Location, Report, Severity
from taxonomist.guidelines import draw, marks, palette
from taxonomist.guidelines.checked import CheckedExample, check_example, of_rule
from taxonomist.guidelines.examples import Drawer, inside, sources
from taxonomist.guidelines.shapes import Mark, marks_of, shapes_of
from taxonomist.guidelines.verify import mismatch, verify
from taxonomist.taxonomy.resolved import Taxonomy

DATA = Path(__file__).parent / "data"


def test_examples_are_drawn_once_and_named_by_content(sample: Taxonomy, tmp_path: Path) -> None:
    srcs = sources(sample, DATA)
    first = Drawer(sample, tmp_path)
    drawn = [first.example(s) for s in srcs]
    assert first.drawn == 2
    for ex in drawn:
        data = first.assets[ex.image]
        assert hashlib.sha256(data).hexdigest()[:20] in ex.image
    assert drawn[0].classes == ("person", "cat")
    again = Drawer(sample, tmp_path)
    assert [again.example(s) for s in srcs] == drawn
    assert again.drawn == 0  # unchanged examples come from the cache


def test_skeleton_diagrams_for_keypoint_types(sample: Taxonomy) -> None:
    drawer = Drawer(sample, None)
    skeletons = drawer.skeletons()
    assert set(skeletons) == {"pose"}
    assert drawer.assets[skeletons["pose"]].startswith(b"\x89PNG")


def test_paths_outside_the_project_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeInput, match=r"outside the project"):
        inside(DATA / "sample", DATA / "sample", "../sample.yaml", "example image", "t.yaml:3:5")


def test_example_outside_the_project_names_the_taxonomy_line(
    sample: Taxonomy, tmp_path: Path
) -> None:
    pattern = r"sample\.yaml:\d+:\d+: example image 'sample/street\.png' resolves outside"
    with pytest.raises(UnsafeInput, match=pattern):
        sources(sample, tmp_path)


def _report(*findings: Finding) -> Report:
    return Report(findings=findings)


def finding(name: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding("X001", name, severity, f"{name} found", Location("a.json"))


def test_verify_agrees_when_the_checker_does(sample: Taxonomy) -> None:
    srcs = sources(sample, DATA)

    def runner(tax: Taxonomy, paths: list[Path]) -> Report:
        tiny = paths[0].name == "person_tiny.json"
        return _report(finding("tiny-people")) if tiny else _report(finding("x", Severity.WARNING))

    assert verify(sample, srcs, runner) == []


def test_verify_names_example_rule_and_what_was_found(sample: Taxonomy) -> None:
    do, dont = sources(sample, DATA)
    message = mismatch(do, [finding("box-outside-image")])
    assert message is not None
    assert "sample.yaml:" in message and "\"do\" example 1 of rule 'tiny-people'" in message
    assert "X001 box-outside-image (box-outside-image found)" in message
    message = mismatch(dont, [])
    assert message is not None
    assert "should produce a 'tiny-people' finding, but the checker found: nothing" in message


def test_a_dont_is_drawn_with_its_rules_findings_marked(sample: Taxonomy, tmp_path: Path) -> None:
    do, dont = sources(sample, DATA)
    drawer = Drawer(sample, tmp_path)
    drawn_do, drawn_dont = drawer.example(do), drawer.example(dont)
    assert drawn_do.marks == ()
    # the rule's title (which the page shows) is left out of the message
    assert drawn_dont.marks == ("box height 18 is below the minimum 40",)
    yellow = palette.MARK_COLOR
    assert _pixels(drawer.assets[drawn_dont.image], yellow) > 100
    assert _pixels(drawer.assets[drawn_dont.thumb], yellow) > 50
    assert _pixels(drawer.assets[drawn_do.image], yellow) == 0
    again = Drawer(sample, tmp_path)
    assert again.example(dont) == drawn_dont  # marks come back from the cache too
    assert again.drawn == 0


def test_the_verdict_is_part_of_the_drawing(sample: Taxonomy, tmp_path: Path) -> None:
    do, _ = sources(sample, DATA)
    as_dont = replace(do, example=do.example.model_copy(update={"verdict": "dont"}))
    drawer = Drawer(sample, tmp_path)
    first, second = drawer.example(do), drawer.example(as_dont)
    assert first.image != second.image and first.thumb != second.thumb
    assert drawer.drawn == 2  # a different verdict is not read from the cache


def test_the_quiz_drawing_is_the_drawing_without_verdict_or_marks(
    sample: Taxonomy, tmp_path: Path
) -> None:
    do, dont = sources(sample, DATA)
    drawer = Drawer(sample, tmp_path)
    for src, drawn in [(do, drawer.example(do)), (dont, drawer.example(dont))]:
        assert drawn.plain.startswith("assets/taxonomist/quiz/")
        data = drawer.assets[drawn.plain]
        assert hashlib.sha256(data).hexdigest()[:20] in drawn.plain
        assert data != drawer.assets[drawn.image]
        plain, full = _decoded(data), _decoded(drawer.assets[drawn.image])
        assert plain.shape == full.shape  # web-sized like the lightbox drawing, legend too
        photo = np.asarray(draw.open_image(src.image)).astype(int)
        assert plain.shape[1] == photo.shape[1]  # the sample images are drawn unscaled
        top, left, bottom, right = _badge_box(photo.shape, src.example.verdict)
        badge = np.s_[top:bottom, left:right]
        colours = BADGE_COLOURS[src.example.verdict]  # the person's red is a Don't's too
        assert all(_near(plain[badge], rgb) == 0 for rgb in colours)
        assert sum(_near(full[badge], rgb) for rgb in colours) > 300
        # left of the person's box (x 60, less its halo) the plain drawing shows the bare
        # photo where the badge is drawn (JPEG noise aside); the box shows under the rest
        bare = np.s_[top:bottom, left:50]
        assert np.abs(plain[bare] - photo[bare]).mean() < 4
        assert np.abs(full[bare] - photo[bare]).mean() > 40
        assert _pixels(data, palette.MARK_COLOR) == 0
    assert _pixels(drawer.assets[drawer.example(dont).image], palette.MARK_COLOR) > 100
    again = Drawer(sample, tmp_path)
    assert [again.example(s).plain for s in (do, dont)] == [
        drawer.example(s).plain for s in (do, dont)
    ]  # cached with the other drawings
    assert again.drawn == 0 and again.assets == drawer.assets


BADGE_COLOURS = {"do": [palette.DO_COLOR], "dont": [palette.DONT_COLOR, palette.DONT_STRIPE]}


def _near(pixels: np.ndarray, rgb: tuple[int, int, int]) -> int:
    return int((np.abs(pixels - np.array(rgb)).max(axis=2) <= 40).sum())


def _decoded(jpeg: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB")).astype(int)


def _badge_box(shape: tuple[int, ...], verdict: str) -> tuple[int, int, int, int]:
    """Rows and columns (top, left, bottom, right) the badge covers on a drawing as wide
    and high as an image of ``shape``."""
    size = (shape[1], shape[0])
    rect = marks.badge(ImageDraw.Draw(Image.new("RGB", size)), verdict, size, thumb=False)
    return round(rect[1]), round(rect[0]), round(rect[3]), round(rect[2])


def _pixels(jpeg: bytes, rgb: tuple[int, int, int]) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB")).astype(int)
    return int((np.abs(pixels - np.array(rgb)).max(axis=2) <= 40).sum())


def _checked(sample: Taxonomy, tmp_path: Path) -> CheckedExample:
    images = [
        {"id": "a", "file": "a.png", "objects": [
            {"id": 7, "class": "person", "box": [1, 1, 5, 5]},
            {"id": 8, "class": "cat", "box": [2, 2, 5, 5]},
        ]},
        {"id": "b", "file": "b.png", "objects": [{"id": 7, "class": "cat", "box": [1, 1, 5, 5]}]},
    ]  # fmt: skip
    annotation = tmp_path / "two.json"
    annotation.write_text(json.dumps({"images": images}), encoding="utf-8")
    return check_example(sample, annotation)


def test_marks_point_at_the_object_a_finding_names(sample: Taxonomy, tmp_path: Path) -> None:
    checked = _checked(sample, tmp_path)
    dataset = checked.dataset
    shapes = shapes_of(sample, dataset, 0, (10, 10))
    about_cat = Finding("X1", "r", Severity.ERROR, "Rule: cat wrong",
                        dataset.object_location(1))  # fmt: skip
    about_image = Finding("X1", "r", Severity.ERROR, "no scene", dataset.image_location(0))
    elsewhere = Finding("X1", "r", Severity.ERROR, "other", dataset.object_location(2))
    gone = Location("x", image_id="a", annotation_id="99")  # an object the drawing lacks
    unknown = Finding("X1", "r", Severity.ERROR, "gone", gone)
    found = marks_of(dataset, 0, shapes, [about_cat, about_image, elsewhere, unknown], "Rule")
    assert found == [Mark(1, "cat wrong"), Mark(None, "no scene"), Mark(None, "gone")]
    assert marks_of(dataset, 0, shapes, [about_cat, about_cat]) == [Mark(1, "Rule: cat wrong")]


def test_of_rule_keeps_the_findings_the_rule_made() -> None:
    ours, other = finding("tiny-people"), finding("box-outside-image")
    assert of_rule([other, ours], "tiny-people") == [ours]
