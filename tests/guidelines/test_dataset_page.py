"""The Dataset page and the class pages' "In the dataset" section, from the demo's data:
snapshots of the Markdown, thumbnails cropped only where the images are, and a stats file
that cannot be read stopping the build instead of publishing partial counts."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from taxonomist.core.errors import InvalidInput
from taxonomist.guidelines.common import SiteInputs
from taxonomist.guidelines.dataset import NOT_FOUND, dataset_inputs
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.snapshot import assert_snapshot, without_plot_bodies

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "examples" / "demo" / "annotations.json"


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(REPO / "taxonomies" / "demo.yaml")


@pytest.fixture(scope="module")
def pages(demo: Taxonomy) -> dict[str, str]:
    given = dataset_inputs(demo, (DATA,), None, REPO)
    return {p.path: p.markdown for p in plan(demo, SiteInputs(dataset=given))}


def test_dataset_page_snapshot(pages: dict[str, str]) -> None:
    assert_snapshot("guidelines/dataset.md", without_plot_bodies(pages["dataset.md"]))


def test_class_section_snapshot(pages: dict[str, str]) -> None:
    page = pages["classes/cat.md"]
    start = page.index("## In the dataset")
    end = page.index("\n## ", start + 1)
    assert_snapshot("guidelines/dataset_class_section.md", without_plot_bodies(page[start:end]))


def test_the_dataset_page_has_plots_and_links(pages: dict[str, str]) -> None:
    page = pages["dataset.md"]
    assert page.count('<figure class="tx-plot"') == 4 and "<script" not in page
    assert "[cat](classes/cat.md)" in page and "examples/demo/annotations.json" in page


def test_no_dataset_page_without_stats(demo: Taxonomy) -> None:
    paths = {p.path for p in plan(demo, SiteInputs())}
    assert "dataset.md" not in paths
    assert "In the dataset" not in next(
        p.markdown for p in plan(demo) if p.path == "classes/cat.md"
    )


def test_thumbnails_are_crops_of_the_images(demo: Taxonomy) -> None:
    given = dataset_inputs(demo, (DATA,), None, REPO)
    cat = given.thumbnails["cat"]
    assert cat == ("assets/taxonomist/dataset/cat-0.png",)
    with Image.open(io.BytesIO(given.assets[cat[0]])) as image:
        assert max(image.size) == 160  # the cat's box, 376 x 300, with its margin, scaled
    assert given.images_note == ""


def test_without_images_the_page_says_so(demo: Taxonomy, tmp_path: Path) -> None:
    alone = tmp_path / "annotations.json"
    shutil.copy(DATA, alone)
    given = dataset_inputs(demo, (alone,), None, tmp_path)
    assert given.thumbnails == {} and given.images_note == NOT_FOUND
    page = next(
        p.markdown for p in plan(demo, SiteInputs(dataset=given)) if p.path == "classes/cat.md"
    )
    assert "No thumbnails: the image files were not found" in page


def test_an_images_folder_is_looked_in(demo: Taxonomy, tmp_path: Path) -> None:
    alone = tmp_path / "annotations.json"
    shutil.copy(DATA, alone)
    given = dataset_inputs(demo, (alone,), REPO / "examples" / "demo", tmp_path)
    assert "cat" in given.thumbnails


def test_an_unreadable_stats_file_stops_the_build(demo: Taxonomy, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"images": 3}), encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"broken\.json"):
        dataset_inputs(demo, (DATA, broken), None, REPO)
