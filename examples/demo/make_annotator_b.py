"""Write annotator-b.json: a second annotator's take on the demo images, made from
annotations.json by a few deliberate edits, so ``taxonomist agree`` on the two files shows
every kind of result. Run from anywhere: ``python examples/demo/make_annotator_b.py``.

The edits: two boxes shifted (person by 8 px, horse by 10 and 5 px), the space shuttle
labelled a rocket (a class swap), the spoon left out (a miss), a 13 px high flag added on the
launch pad photo (an extra, under the 16 px minimum), the astronaut's occlusion graded 45 %
instead of 10 % (the neighbouring bin), the cat's depiction said to be a photo, and the
launch photo marked blurry."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent


def edited(data: dict) -> dict:  # type: ignore[type-arg]
    images = {image["id"]: image for image in data["images"]}
    objects = {o["id"]: o for image in data["images"] for o in image["objects"]}
    objects[1]["box"][0] += 8
    objects[1]["attributes"]["occlusion"] = 45
    objects[11]["box"][0] += 10
    objects[11]["box"][1] += 5
    objects[3]["class"] = "rocket"
    objects[6]["attributes"]["depiction"] = "photo"
    coffee = images["coffee"]
    coffee["objects"] = [o for o in coffee["objects"] if o["class"] != "spoon"]
    rocket = images["rocket"]
    rocket["labels"]["blurry"] = True
    rocket["objects"].append(
        {
            "id": 12,
            "class": "flag",
            "box": [96, 300, 20, 13],
            "attributes": {"depiction": "real", "occlusion": 0},
        }
    )
    return data


def main() -> None:
    data = json.loads((HERE / "annotations.json").read_text(encoding="utf-8"))
    text = json.dumps(edited(data), indent=2, ensure_ascii=False) + "\n"
    (HERE / "annotator-b.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
