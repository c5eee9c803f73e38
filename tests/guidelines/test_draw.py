"""The drawings, pixel by pixel: strokes with their halos, mask outlines, polygon vertices,
keypoints coloured by side with hidden ones distinct, the verdict badge, the callouts of a
Don't, the legend, and the sizes (lightbox drawing and thumbnail)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from taxonomist.core.errors import UnsafeInput
from taxonomist.guidelines import draw, marks, palette
from taxonomist.guidelines.shapes import DrawObject, ExampleShapes, Keypoints, Mark
from taxonomist.guidelines.skeleton import layout, side_of, skeleton_diagram
from taxonomist.taxonomy.model import KeypointLabel
from taxonomist.taxonomy.resolved import Taxonomy

RED, BLUE = "#ff0000", "#0000ff"
STYLE = draw.Style(colors={"person": RED, "cat": BLUE}, titles={"person": "person", "cat": "cat"})
GREY = (128, 128, 128)
INK_ON_GREY = (28, 28, 28)  # the dark halo (alpha 200) over grey
PAPER_ON_GREY = (228, 228, 228)  # the light halo over grey


def grey(width: int = 200, height: int = 150) -> Image.Image:
    return Image.new("RGB", (width, height), GREY)


def close(pixel: tuple[int, ...], rgb: tuple[int, int, int], tol: int = 8) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel[:3], rgb, strict=True))


def count(image: Image.Image, rgb: tuple[int, int, int], box: tuple[int, int, int, int]) -> int:
    """Pixels of ``box`` (x0, y0, x1, y1) within 40 of ``rgb`` on every channel."""
    pixels = np.asarray(image.convert("RGB").crop(box)).astype(int)
    return int((np.abs(pixels - np.array(rgb)).max(axis=2) <= 40).sum())


def shapes(*objects: DrawObject, marks: list[Mark] | None = None) -> ExampleShapes:
    return ExampleShapes(200, 150, list(objects), [], marks=marks or [])


def test_box_edge_is_drawn_in_the_class_colour_inside_a_dark_and_a_light_halo() -> None:
    out = draw.render(grey(), shapes(DrawObject("person", boxes=[(50, 40, 150, 120)])), STYLE)
    row = [out.getpixel((x, 80)) for x in range(46, 54)]
    assert close(row[3], (255, 0, 0)) and close(row[4], (255, 0, 0))  # the left edge
    assert close(row[2], INK_ON_GREY) and close(row[5], INK_ON_GREY)  # dark halo either side
    assert close(row[1], PAPER_ON_GREY) and close(row[6], PAPER_ON_GREY)  # light halo outside
    assert close(out.getpixel((150, 80)), (255, 0, 0))  # the right edge
    assert close(out.getpixel((100, 80)), GREY)  # inside: untouched
    assert out.height > 150  # a legend strip is added underneath


def test_mask_is_filled_with_transparency_and_its_boundary_traced() -> None:
    mask = np.zeros((150, 200), np.uint8)
    mask[10:60, 20:90] = 1
    out = draw.render(grey(), shapes(DrawObject("cat", masks=[(150, 200, _runs(mask))])), STYLE)
    inside = out.getpixel((50, 30))
    assert inside[2] > 128 + 20 and inside[0] < 128 - 20  # blue tint, grey still shows
    assert close(out.getpixel((150, 120)), GREY)
    # the outline follows the mask's edge: opaque blue on the boundary, a dark halo outside
    for x, y in [(20, 30), (89, 30), (50, 10), (50, 59)]:
        assert close(out.getpixel((x, y)), (0, 0, 255)), (x, y)
    assert close(out.getpixel((18, 30)), INK_ON_GREY)
    assert close(out.getpixel((17, 30)), PAPER_ON_GREY)
    assert close(out.getpixel((50, 35)), inside)  # the interior is only tinted


def test_mask_outline_reads_on_a_dark_object() -> None:
    """On a black object the dark halo vanishes, but the light one still shows the edge."""
    image = grey()
    image.paste((0, 0, 0), (0, 0, 120, 100))
    mask = np.zeros((150, 200), np.uint8)
    mask[10:60, 20:90] = 1
    out = draw.render(image, shapes(DrawObject("cat", masks=[(150, 200, _runs(mask))])), STYLE)
    column = [out.getpixel((x, 30)) for x in range(12, 22)]
    assert any(min(p) > 180 for p in column)  # the light halo, just outside the edge


def test_polygon_edges_and_vertex_dots() -> None:
    triangle = [(100.0, 20.0), (180.0, 20.0), (180.0, 100.0)]
    out = draw.render(grey(), shapes(DrawObject("person", polygons=[triangle])), STYLE)
    assert close(out.getpixel((140, 20)), (255, 0, 0))  # an edge, between two vertices
    for x, y in triangle:
        assert close(out.getpixel((int(x), int(y))), palette.PAPER), (x, y)  # a vertex dot
    assert close(out.getpixel((98, 20)), palette.INK)  # the dot's dark ring


def _pose() -> DrawObject:
    names = ("nose", "left_shoulder", "left_elbow", "right_shoulder", "right_elbow")
    points = ((100, 20, 2), (140, 60, 2), (140, 120, 2), (60, 60, 2), (60, 120, 1))
    skeleton = ((1, 2), (3, 4), (1, 3))
    return DrawObject("person", keypoints=[Keypoints(names, points, skeleton)])


def test_bones_take_the_colours_of_the_skeleton_diagram() -> None:
    out = draw.render(grey(), shapes(_pose()), STYLE)
    assert close(out.getpixel((140, 90)), palette.LEFT_COLOR)  # left shoulder - left elbow
    assert close(out.getpixel((60, 85)), palette.RIGHT_COLOR)  # right shoulder - right elbow
    assert close(out.getpixel((100, 60)), palette.CENTRE_COLOR)  # across: left - right
    # the diagram draws the same bones in the same colours
    spec = KeypointLabel(
        kind="keypoints",
        keypoints=["left_shoulder", "left_elbow", "right_shoulder", "right_elbow"],
        skeleton=[("left_shoulder", "left_elbow"), ("right_shoulder", "right_elbow")],
    )
    diagram = skeleton_diagram(spec)
    spots = layout(list(spec.keypoints))
    for a, b, color in [
        ("left_shoulder", "left_elbow", palette.LEFT_COLOR),
        ("right_shoulder", "right_elbow", palette.RIGHT_COLOR),
    ]:
        mid = ((spots[a][0] + spots[b][0]) / 2, (spots[a][1] + spots[b][1]) / 2)
        assert close(diagram.getpixel((round(mid[0]), round(mid[1]))), color), (a, b)


@pytest.mark.parametrize("thumb", [False, True])
def test_hidden_keypoints_differ_from_visible_ones(thumb: bool) -> None:
    """Visible: a disc filled with its side's colour. Hidden: a larger crossed ring, light at
    its centre; at thumbnail size as well as full size."""
    kp = Keypoints(("left_eye", "right_eye"), ((120, 150, 2), (280, 150, 1)), ())
    sh = ExampleShapes(400, 300, [DrawObject("cat", keypoints=[kp])], [])
    out = (draw.render_thumbnail if thumb else draw.render)(grey(400, 300), sh, STYLE)
    m = draw.Measure.of((400, 300), draw.THUMB_SIZE if thumb else draw.WEB_SIZE, thumb=thumb)
    visible, hidden = (120 * m.scale, 150 * m.scale), (280 * m.scale, 150 * m.scale)
    assert close(out.getpixel(visible), palette.LEFT_COLOR)  # filled
    assert close(out.getpixel(hidden), palette.PAPER, tol=40)  # where the cross crosses
    reach = m.point + 3  # beyond a visible point's disc, within a hidden point's ring
    assert close(out.getpixel((visible[0] + reach, visible[1])), GREY)
    assert not close(out.getpixel((hidden[0] + reach, hidden[1])), GREY)


def test_keypoint_sides_follow_their_names() -> None:
    assert side_of("left_hip") == "left" and side_of("r_wrist") == "right"
    assert side_of("nose") == "centre"
    assert palette.bone_color("left_hip", "left_knee") == palette.LEFT_COLOR
    assert palette.bone_color("left_hip", "right_hip") == palette.CENTRE_COLOR


def test_skeleton_puts_the_subjects_left_on_the_readers_right() -> None:
    names = ["nose", "left_eye", "right_eye", "left_hip", "right_hip", "tail"]
    spots = layout(names)
    assert spots["left_eye"][0] > spots["nose"][0] > spots["right_eye"][0]
    spec = KeypointLabel(kind="keypoints", keypoints=names, skeleton=[("left_hip", "right_hip")])
    image = skeleton_diagram(spec)
    x, y = spots["left_eye"]
    assert close(image.getpixel((round(x), round(y))), palette.LEFT_COLOR)


CORNER = (0, 0, 120, 60)  # where the badge sits on a 400x300 drawing


def far_corner(image: Image.Image) -> tuple[int, int, int, int]:
    return image.width - 120, image.height - 60, image.width, image.height


@pytest.mark.parametrize("render", [draw.render, draw.render_thumbnail])
def test_verdict_badge_in_the_top_left_corner(render: Callable[..., Image.Image]) -> None:
    do = render(grey(400, 300), ExampleShapes(400, 300, [], []), STYLE, "do")
    dont = render(grey(400, 300), ExampleShapes(400, 300, [], []), STYLE, "dont")
    assert count(do, palette.DO_COLOR, CORNER) > 400
    assert count(do, palette.DONT_COLOR, CORNER) == 0
    assert count(dont, palette.DONT_COLOR, CORNER) > 300
    assert count(dont, palette.DONT_STRIPE, CORNER) > 50  # the stripes: not colour alone
    assert count(dont, palette.DO_COLOR, CORNER) == 0
    for image in (do, dont):
        assert count(image, palette.PAPER, CORNER) > 100  # the word and the icon
        assert count(image, GREY, far_corner(image)) == 120 * 60  # nothing elsewhere
    plain = render(grey(400, 300), ExampleShapes(400, 300, [], []), STYLE)
    assert count(plain, GREY, CORNER) == 120 * 60  # no verdict, no badge


BADGE_COLOURS = (palette.DO_COLOR, palette.DONT_COLOR, palette.DONT_STRIPE)


def badge_rect(size: tuple[int, int], verdict: str) -> tuple[int, int, int, int]:
    """Where ``marks.badge`` puts the badge on a full drawing of ``size``, a pixel round it."""
    rect = marks.badge(ImageDraw.Draw(Image.new("RGB", size)), verdict, size, thumb=False)
    return (0, 0, round(rect[2]) + 2, round(rect[3]) + 2)


@pytest.mark.parametrize("verdict", ["do", "dont"])
def test_the_plain_twin_has_the_shapes_and_legend_but_no_badge_or_marks(verdict: str) -> None:
    """The quiz's drawing: what the lightbox drawing shows of the annotation, without the
    verdict badge or the marks of a Don't, drawn from the same drawing of the shapes."""
    cat = DrawObject("cat", boxes=[(150, 100, 250, 180)])
    person = DrawObject("person", boxes=[(20, 150, 80, 280)])
    marked = [Mark(1, "box too small"), Mark(None, "the image has no scene label")]
    sh = ExampleShapes(400, 300, [person, cat], [], marks=marked)
    full, plain = draw.render_pair(grey(400, 300), sh, STYLE, verdict)
    assert draw.encode(full) == draw.encode(draw.render(grey(400, 300), sh, STYLE, verdict))
    assert full.size == plain.size and plain.height > 300  # the same legend underneath
    corner = badge_rect(full.size, verdict)
    area = (corner[2] - corner[0]) * (corner[3] - corner[1])
    assert count(plain, GREY, corner) == area  # the photo, untouched: no badge pixel
    assert all(count(plain, rgb, corner) == 0 for rgb in BADGE_COLOURS)
    assert sum(count(full, rgb, corner) for rgb in BADGE_COLOURS) > 300
    everywhere = (0, 0, 400, 300)
    assert count(full, palette.MARK_COLOR, everywhere) > 600
    assert count(plain, palette.MARK_COLOR, everywhere) == 0  # no frame, callout or banner
    bottom = (0, 285, 400, 300)  # where the banner of the image's fault runs
    assert count(plain, GREY, bottom) == 400 * 15
    # the shapes and labels are those of the lightbox drawing
    for x, y in [(150, 140), (250, 140), (20, 200), (80, 200)]:
        assert close(plain.getpixel((x, y)), full.getpixel((x, y)))
        assert not close(plain.getpixel((x, y)), GREY)
    assert count(plain, (0, 0, 255), (140, 70, 260, 100)) > 50  # the cat's label


def _badge_height(image: Image.Image, rgb: tuple[int, int, int]) -> int:
    rows = np.flatnonzero([count(image, rgb, (0, y, image.width, y + 1)) for y in range(80)])
    return int(rows[-1] - rows[0] + 1)


def test_thumbnail_badge_is_drawn_at_thumbnail_size_not_shrunk() -> None:
    big = grey(1600, 1200)
    empty = ExampleShapes(1600, 1200, [], [])
    full = draw.render(big, empty, STYLE, "do")
    thumb = draw.render_thumbnail(big, empty, STYLE, "do")
    assert full.width == draw.WEB_SIZE and thumb.width == draw.THUMB_SIZE
    shrunk = _badge_height(full, palette.DO_COLOR) * draw.THUMB_SIZE / draw.WEB_SIZE
    assert _badge_height(thumb, palette.DO_COLOR) >= max(28, 1.2 * shrunk)


def test_a_dont_marks_the_faulty_object_with_a_callout() -> None:
    cat = DrawObject("cat", boxes=[(150, 100, 250, 180)])
    person = DrawObject("person", boxes=[(20, 150, 80, 280)])
    sh = ExampleShapes(400, 300, [person, cat], [], marks=[Mark(1, "box too small")])
    out = draw.render(grey(400, 300), sh, STYLE, "dont")
    # a yellow-and-black dashed frame just outside the cat's box, on all four sides
    for side in [
        (140, 90, 260, 98),
        (140, 182, 260, 190),
        (140, 90, 148, 190),
        (252, 90, 260, 190),
    ]:
        assert count(out, palette.MARK_COLOR, side) > 20, side
        assert count(out, palette.INK, side) > 20, side
    # the numbered label with the message, and nothing round the person
    assert count(out, palette.MARK_COLOR, (0, 0, 400, 300)) > 600
    assert count(out, palette.MARK_COLOR, (10, 140, 90, 290)) == 0
    unmarked = draw.render(
        grey(400, 300), ExampleShapes(400, 300, [person, cat], []), STYLE, "dont"
    )
    assert count(unmarked, palette.MARK_COLOR, (0, 0, 400, 300)) == 0


def test_a_fault_about_the_image_is_a_banner() -> None:
    sh = ExampleShapes(400, 300, [], [], marks=[Mark(None, "the image has no scene label")])
    for render in (draw.render, draw.render_thumbnail):
        out = render(grey(400, 300), sh, STYLE, "dont")
        height = round(300 * out.width / 400)  # the image part, above any legend
        strip = (0, height - 12, out.width, height)
        assert count(out, palette.INK, strip) > out.width * 4
        assert count(out, palette.MARK_COLOR, (0, height - 40, out.width, height)) > 30


def test_legend_lists_only_classes_drawn() -> None:
    person = DrawObject("person", boxes=[(20, 20, 60, 60)])
    shapeless = DrawObject("cat")  # a class named, nothing to draw
    sh = ExampleShapes(200, 150, [person, shapeless], ["cat"])  # ... and an image label
    assert draw.legend_classes(sh) == ["person"]
    out = draw.render(grey(), sh, STYLE)
    legend = (0, 150, out.width, out.height)
    assert count(out, (255, 0, 0), legend) > 20  # the person's swatch
    assert count(out, (0, 0, 255), legend) == 0  # no swatch for the cat
    answered = ExampleShapes(200, 150, [person], ["cat"], answers=[("scene", ["cat"])])
    assert draw.render(grey(), answered, STYLE).height > out.height - 1  # shown as text


def test_large_images_are_scaled_to_web_size_with_shapes() -> None:
    sh = ExampleShapes(3200, 1600, [DrawObject("person", boxes=[(400, 400, 2000, 1600)])], [])
    out = draw.render(grey(3200, 1600), sh, STYLE)
    assert out.width == draw.WEB_SIZE == 1600
    assert close(out.getpixel((200, 500)), (255, 0, 0))  # x 400 scaled by 0.5
    thumb = draw.render_thumbnail(grey(3200, 1600), sh, STYLE)
    assert max(thumb.size) == draw.THUMB_SIZE


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
    image = draw.render(grey(), ExampleShapes(200, 150, [], []), STYLE, "dont")
    assert draw.encode(image) == draw.encode(image)
    thumb = draw.render_thumbnail(grey(), ExampleShapes(200, 150, [], []), STYLE, "dont")
    assert Image.open(io.BytesIO(draw.encode(thumb))).width <= draw.THUMB_SIZE


def test_text_colour_is_readable() -> None:
    assert draw.text_color((255, 255, 0)) == (0, 0, 0)
    assert draw.text_color((0, 0, 128)) == (255, 255, 255)


def _runs(mask: np.ndarray) -> list[int]:
    flat = mask.T.reshape(-1)
    runs, current, n = [], 0, 0
    for value in flat:
        if value == current:
            n += 1
        else:
            runs.append(n)
            current, n = value, 1
    runs.append(n)
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
