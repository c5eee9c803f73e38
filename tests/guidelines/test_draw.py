from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from taxonomist.core.errors import UnsafeInput
from taxonomist.guidelines import draw
from taxonomist.guidelines.shapes import DrawObject, ExampleShapes, Keypoints
from taxonomist.guidelines.skeleton import layout, side_of, skeleton_diagram
from taxonomist.taxonomy.model import KeypointLabel
from taxonomist.taxonomy.resolved import Taxonomy

RED, BLUE = "#ff0000", "#0000ff"
STYLE = draw.Style(colors={"person": RED, "cat": BLUE}, titles={"person": "person", "cat": "cat"})


def grey(width: int = 200, height: int = 150) -> Image.Image:
    return Image.new("RGB", (width, height), (128, 128, 128))


def close(pixel: tuple[int, ...], rgb: tuple[int, int, int], tol: int = 8) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel[:3], rgb, strict=True))


def test_box_edge_is_drawn_in_the_class_colour() -> None:
    shapes = ExampleShapes(200, 150, [DrawObject("person", boxes=[(50, 40, 150, 120)])], [])
    out = draw.render(grey(), shapes, STYLE)
    assert close(out.getpixel((50, 80)), (255, 0, 0))  # left edge
    assert close(out.getpixel((149, 80)), (255, 0, 0))  # right edge (inside the line)
    assert close(out.getpixel((100, 80)), (128, 128, 128))  # inside: untouched
    assert out.height > 150  # a legend strip is added underneath


def test_mask_is_filled_with_transparency() -> None:
    mask = np.zeros((150, 200), np.uint8)
    mask[10:60, 20:90] = 1
    runs = _runs(mask)
    shapes = ExampleShapes(200, 150, [DrawObject("cat", masks=[(150, 200, runs)])], [])
    out = draw.render(grey(), shapes, STYLE)
    inside = out.getpixel((50, 30))
    assert inside[2] > 128 + 20 and inside[0] < 128 - 20  # blue tint, grey still shows
    assert close(out.getpixel((150, 120)), (128, 128, 128))


def test_polygon_and_keypoints_are_drawn() -> None:
    kp = Keypoints(("a", "b", "c"), ((20, 100, 2), (60, 100, 2), (100, 125, 1)), ((0, 1),))
    obj = DrawObject("person", polygons=[[(100, 20), (180, 20), (180, 80)]], keypoints=[kp])
    out = draw.render(grey(), ExampleShapes(200, 150, [obj], []), STYLE)
    assert close(out.getpixel((40, 100)), (255, 0, 0))  # skeleton edge between the points
    assert close(out.getpixel((20, 100)), (255, 255, 255))  # visible point: filled white
    assert close(out.getpixel((100, 125)), (128, 128, 128))  # hidden point: hollow ring
    assert close(out.getpixel((104, 125)), (255, 0, 0))
    assert close(out.getpixel((140, 20)), (255, 0, 0))  # polygon outline


def test_large_images_are_scaled_to_web_size_with_shapes() -> None:
    shapes = ExampleShapes(2048, 1024, [DrawObject("person", boxes=[(200, 200, 1000, 800)])], [])
    out = draw.render(grey(2048, 1024), shapes, STYLE)
    assert out.width == draw.WEB_SIZE
    assert close(out.getpixel((100, 300)), (255, 0, 0))  # x 200 scaled by 0.5


def test_decompression_bombs_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (8000, 8000)).save(path)  # 64 Mpx, a few kB on disk
    with pytest.raises(UnsafeInput, match=r"8000x8000 pixels refused"):
        draw.open_image(path)


def test_unreadable_image_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not.png"
    path.write_bytes(b"no image here")
    with pytest.raises(Exception, match="not a readable image"):
        draw.open_image(path)


def test_encoding_is_deterministic() -> None:
    image = draw.render(grey(), ExampleShapes(200, 150, [], []), STYLE)
    assert draw.encode(image) == draw.encode(image)
    assert Image.open(io.BytesIO(draw.encode(draw.thumbnail(image)))).width <= draw.THUMB_SIZE


def test_text_colour_is_readable() -> None:
    assert draw.text_color((255, 255, 0)) == (0, 0, 0)
    assert draw.text_color((0, 0, 128)) == (255, 255, 255)


def test_skeleton_puts_the_subjects_left_on_the_readers_right() -> None:
    names = ["nose", "left_eye", "right_eye", "left_hip", "right_hip", "tail"]
    spots = layout(names)
    assert spots["left_eye"][0] > spots["nose"][0] > spots["right_eye"][0]
    assert side_of("left_hip") == "left" and side_of("r_wrist") == "right"
    assert side_of("nose") == "centre"
    spec = KeypointLabel(kind="keypoints", keypoints=names, skeleton=[("left_hip", "right_hip")])
    image = skeleton_diagram(spec)
    x, y = spots["left_eye"]
    assert close(image.getpixel((round(x), round(y))), (31, 119, 180))


def _runs(mask: np.ndarray) -> list[int]:
    flat = mask.T.reshape(-1)
    runs, current, count = [], 0, 0
    for value in flat:
        if value == current:
            count += 1
        else:
            runs.append(count)
            current, count = value, 1
    runs.append(count)
    return runs


def test_labels_show_the_attribute_an_attribute_rule_is_about(
    sample: Taxonomy, tmp_path: Path
) -> None:
    from taxonomist.guidelines.checked import check_example
    from taxonomist.guidelines.shapes import shapes_of

    record = {
        "objects": [
            {"class": "person", "box": [1, 1, 5, 5], "attributes": {"depiction": "toy"}},
            {"class": "person", "box": [1, 1, 5, 5]},
            {"class": "cat", "box": [1, 1, 5, 5]},
        ]
    }
    annotation = tmp_path / "example.json"
    annotation.write_text(json.dumps({"images": [record]}), encoding="utf-8")
    dataset = check_example(sample, annotation).dataset
    shapes = shapes_of(sample, dataset, 0, (10, 10), {"depiction": frozenset({"person"})})
    assert [o.note for o in shapes.objects] == ["depiction: toy", "depiction: (none)", ""]
    assert shapes.objects[0].boxes == [(1.0, 1.0, 6.0, 6.0)]
