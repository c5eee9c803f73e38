"""The JSON report (snapshot), the self-contained HTML page, and the hard-cases folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from tests.quality.agree.conftest import REPO, agree, native, obj
from tests.snapshot import assert_snapshot

from taxonomist.core.errors import UsageError
from taxonomist.quality.agree import run_agree
from taxonomist.quality.agree.draw import GAP, HEADER
from taxonomist.quality.agree.hard_cases import write_hard_cases
from taxonomist.quality.agree.report_html import render_html
from taxonomist.quality.agree.report_json import render_json
from taxonomist.quality.agree.run import Settings
from taxonomist.taxonomy.resolved import Taxonomy

A = Path("examples/demo/annotations.json")
B = Path("examples/demo/annotator-b.json")


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the report names the files as given: relative, the same anywhere


def test_json_snapshot(demo: Taxonomy, in_repo: None) -> None:
    text = render_json(agree(demo, A, B))
    assert_snapshot("quality/agree/demo.json", text)
    data = json.loads(text)["agreement"]
    assert data["pairs"][0]["overall"]["f1"] == pytest.approx(0.818182)
    assert render_json(agree(demo, A, B)) == text


def test_html_is_self_contained(demo: Taxonomy, in_repo: None) -> None:
    page = render_html(agree(demo, A, B))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert not re.search(r"url\((?!#)", page)  # only references inside the page
    assert page.count("<svg") == 3  # F1 per class, confusion heatmap, IoU histogram
    assert "min-object-size" in page and "Guideline gaps" in page


def test_hard_cases_folder(demo: Taxonomy, in_repo: None, tmp_path: Path) -> None:
    folder = tmp_path / "hard"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    run = run_agree(demo, [A, B], Settings())
    done = write_hard_cases(demo, run, folder, top=3, images_dir=None)
    assert done.missing_images == 0 and len(done.written) == 3 + 2
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))["hard_cases"]
    # astronaut: a class swap and an occlusion grade; then one each, by name
    assert [e["image"] for e in index] == ["astronaut.png", "chelsea.png", "coffee.png"]
    assert [d["kind"] for d in index[0]["disagreements"]] == ["class-swap", "attribute"]
    for entry in index:
        with Image.open(folder / entry["png"]) as png:
            assert_two_drawn_halves(png)
    assert (folder / "index.html").read_text(encoding="utf-8").count("<img") == 3


def assert_two_drawn_halves(png: Image.Image) -> None:
    half = (png.width - GAP) // 2
    assert png.height > HEADER + 100
    for box in ((0, HEADER, half, png.height), (half + GAP, HEADER, png.width, png.height)):
        spread = ImageStat.Stat(png.convert("L").crop(box)).stddev[0]
        assert spread > 10  # a photo with shapes on it, not a blank canvas


def test_missing_images_are_drawn_blank(demo: Taxonomy, tmp_path: Path) -> None:
    a = native(tmp_path / "a.json", {"gone": [obj(1, "cup", [10, 10, 40, 40])]}, size=(200, 120))
    b = native(tmp_path / "b.json", {"gone": [obj(1, "cup", [60, 60, 40, 40])]}, size=(200, 120))
    run = run_agree(demo, [a, b], Settings())
    done = write_hard_cases(demo, run, tmp_path / "hard", top=5, images_dir=None)
    assert done.missing_images == 1
    with Image.open(tmp_path / "hard" / "001-gone.png") as png:
        assert png.size == (200 + GAP + 200, HEADER + 120)


def test_hard_cases_draw_polygon_outlines(demo: Taxonomy, tmp_path: Path) -> None:
    """A polygon is drawn as its outline in the class's colour, not only its box."""
    triangle = [20.0, 100.0, 60.0, 20.0, 100.0, 100.0]  # x0 y0 x1 y1 x2 y2
    patch = obj(1, "mission_patch", [20, 20, 80, 80], depiction="real")
    moved = obj(1, "mission_patch", [120, 20, 60, 60], depiction="real")
    outlined = {**patch, "shapes": {"outline": [triangle]}}
    a = native(tmp_path / "a.json", {"gone": [outlined]}, size=(200, 120))
    b = native(tmp_path / "b.json", {"gone": [moved]}, size=(200, 120))
    run = run_agree(demo, [a, b], Settings())
    write_hard_cases(demo, run, tmp_path / "hard", top=1, images_dir=None)
    with Image.open(tmp_path / "hard" / "001-gone.png") as png:
        rgb = png.convert("RGB")
        colour = tuple(int(demo.classes["mission_patch"].color[i : i + 2], 16) for i in (1, 3, 5))
        edge = rgb.getpixel((40, HEADER + 60))  # the middle of the triangle's left side
        inside = rgb.getpixel((60, HEADER + 80))  # inside the triangle: the blank canvas
    assert edge == colour and inside != colour


def test_hard_cases_refuse_a_file(demo: Taxonomy, in_repo: None, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    run = run_agree(demo, [A, B], Settings())
    with pytest.raises(UsageError, match="is a file"):
        write_hard_cases(demo, run, target, top=2, images_dir=None)
    assert target.read_text(encoding="utf-8") == "x"
