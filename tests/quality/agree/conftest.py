"""Small native files for agreement tests: one or two images, objects given as
(id, class, box[, attributes])."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.quality.agree import run_agree
from taxonomist.quality.agree.model import AgreementReport
from taxonomist.quality.agree.run import Settings
from taxonomist.taxonomy.resolved import Taxonomy

REPO = Path(__file__).parents[3]
DEMO = REPO / "taxonomies" / "demo.yaml"
DEMO_A = REPO / "examples" / "demo" / "annotations.json"
DEMO_B = REPO / "examples" / "demo" / "annotator-b.json"
REAL = {"depiction": "real", "occlusion": 0}


def obj(number: int, name: str, box: list[float], **attributes: Any) -> dict[str, Any]:
    return {"id": number, "class": name, "box": box, "attributes": {**REAL, **attributes}}


def native(
    path: Path, images: dict[str, list[dict[str, Any]]], size: tuple[int, int] = (100, 100)
) -> Path:
    """A native file at ``path`` with one image per key (file ``<key>.png``)."""
    records = [
        {"id": key, "file": f"{key}.png", "width": size[0], "height": size[1], "objects": objects}
        for key, objects in images.items()
    ]
    data = {"taxonomy": "space-and-kitchen", "images": records}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo() -> Taxonomy:
    from taxonomist.api import load_taxonomy

    return load_taxonomy(DEMO)


def agree(taxonomy: Taxonomy, *paths: Path, **settings: Any) -> AgreementReport:
    return run_agree(taxonomy, list(paths), Settings(**settings)).report
