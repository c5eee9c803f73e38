"""Disagreements tied to the guideline, attribute agreement on a constructed table, and one
file split into one side per annotator (native and Label Studio)."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from tests.quality.agree.conftest import DEMO_A, DEMO_B, agree, native, obj

from taxonomist.taxonomy.resolved import Taxonomy


def test_demo_names_every_kind_of_disagreement(demo: Taxonomy) -> None:
    pair = agree(demo, DEMO_A, DEMO_B).pairs[0]
    kinds = sorted(d.kind for d in pair.disagreements)
    assert kinds == ["attribute", "attribute", "class-swap", "extra", "miss"]
    extra = next(d for d in pair.disagreements if d.kind == "extra")
    assert extra.rules == (("min-object-size", "B"),)
    assert extra.near == ("min-object-size: height 13 px near 16 px",)
    occlusion = next(d for d in pair.disagreements if d.attribute == "occlusion")
    assert occlusion.values == ("mostly_visible", "partly_occluded")
    assert occlusion.near == ("occlusion: neighbouring bins",)


def test_min_size_rule_is_a_guideline_gap(demo: Taxonomy, tmp_path: Path) -> None:
    a = native(tmp_path / "a.json", {"x": [obj(1, "cup", [10, 10, 40, 40])]})
    b_objects = [obj(1, "cup", [10, 10, 40, 40]), obj(2, "spoon", [60, 60, 20, 12])]
    b = native(tmp_path / "b.json", {"x": b_objects})
    report = agree(demo, a, b)
    top = report.gaps[0]
    assert (top.kind, top.name, top.disagreements, top.share) == ("rule", "min-object-size", 1, 1.0)
    assert top.title == "Leave out objects lower than 16 px"
    assert top.example == "x.png"


def test_clean_disagreements_point_at_the_rules_that_decide_them(demo: Taxonomy) -> None:
    """No side breaks a rule, yet the guideline says how to decide: an occlusion grade that
    differs points at the occlusion rule for that class, a swap at the look-alike test."""
    pair = agree(demo, DEMO_A, DEMO_B).pairs[0]
    occlusion = next(d for d in pair.disagreements if d.attribute == "occlusion")
    assert occlusion.rules == () and "grade-occlusion" in occlusion.guidance
    depiction = next(d for d in pair.disagreements if d.attribute == "depiction")
    assert "grade-occlusion" not in depiction.guidance
    swap = next(d for d in pair.disagreements if d.kind == "class-swap")
    assert swap.guidance == ("space_shuttle versus rocket",)
    gaps = {(g.kind, g.name): g for g in agree(demo, DEMO_A, DEMO_B).gaps}
    versus = gaps[("versus", "space_shuttle versus rocket")]
    assert versus.title.startswith("A shuttle has a winged orbiter")
    assert gaps[("guidance", "grade-occlusion")].title.startswith("Grade how much")


def test_a_swap_without_a_look_alike_test_has_no_guidance(demo: Taxonomy, tmp_path: Path) -> None:
    """A swap between classes without a look-alike test has no guidance to point at."""
    a = native(tmp_path / "a.json", {"x": [obj(1, "cup", [10, 10, 40, 40])]})
    b = native(tmp_path / "b.json", {"x": [obj(1, "horse", [10, 10, 40, 40])]})
    swap = next(d for d in agree(demo, a, b).pairs[0].disagreements if d.kind == "class-swap")
    assert swap.guidance == ()


def test_attribute_alpha_and_kappa_on_a_constructed_table(demo: Taxonomy, tmp_path: Path) -> None:
    a_values = ["real", "real", "drawing", "photo", "real", "photo"]
    b_values = ["real", "photo", "drawing", "photo", "real", "real"]
    boxes = [[20 * k, 0, 15, 30] for k in range(6)]

    def side(name: str, values: list[str]) -> Path:
        objects = [
            obj(k, "cup", box, depiction=v, occlusion=None)
            for k, (box, v) in enumerate(zip(boxes, values, strict=True))
        ]
        for o in objects:
            o["attributes"].pop("occlusion")
        return native(tmp_path / f"{name}.json", {"x": objects}, size=(130, 40))

    pair = agree(demo, side("a", a_values), side("b", b_values)).pairs[0]
    depiction = next(x for x in pair.attributes if x.name == "depiction")
    codes = {"drawing": 0, "photo": 1, "real": 2}
    table = np.array([[codes[v] for v in a_values], [codes[v] for v in b_values]], dtype=float)
    assert depiction.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=table, level_of_measurement="nominal")
    )
    # coincidence matrix by hand: pairs (r,r) x2, (d,d), (p,p), each twice; (r,p) and (p,r) twice
    # o_rr = 4, o_dd = 2, o_pp = 2, o_rp = o_pr = 2; n_r = 6, n_d = 2, n_p = 4, n = 12
    observed = 2 + 2
    expected = (6 * 2 + 6 * 4 + 2 * 6 + 2 * 4 + 4 * 6 + 4 * 2) / (12 - 1)
    assert depiction.alpha == pytest.approx(1 - observed / expected)
    # Cohen: p_o = 4/6; A shares r 3/6 d 1/6 p 2/6, B r 3/6 d 1/6 p 2/6
    p_e = (3 / 6) * (3 / 6) + (1 / 6) * (1 / 6) + (2 / 6) * (2 / 6)
    assert depiction.kappa == pytest.approx((4 / 6 - p_e) / (1 - p_e))
    assert (depiction.units, depiction.both, depiction.equal) == (6, 6, 4)


def test_native_file_split_by_annotator(demo: Taxonomy, tmp_path: Path) -> None:
    objects = [
        obj(1, "cup", [10, 10, 30, 30]),
        obj(2, "cup", [12, 10, 30, 30]),
        obj(3, "spoon", [60, 60, 20, 30]),
    ]
    for o, who in zip(objects, ["ann", "bob", "ann"], strict=True):
        o["annotator"] = who
    path = native(tmp_path / "both.json", {"x": objects})
    report = agree(demo, path)
    assert [s.name for s in report.sides] == ["ann", "bob"]
    overall = report.pairs[0].overall
    assert (overall.in_a, overall.in_b, overall.matched, overall.missed) == (2, 1, 1, 1)
    assert agree(demo, path, annotators=("bob", "ann")).pairs[0].a == "bob"


def label_studio(path: Path) -> Path:
    def annotation(who: int, x: float, label: str) -> dict[str, object]:
        value = {
            "x": x,
            "y": 10,
            "width": 20,
            "height": 30,
            "rotation": 0,
            "rectanglelabels": [label],
        }
        region = {
            "id": f"r{who}",
            "type": "rectanglelabels",
            "from_name": "label",
            "to_name": "image",
            "original_width": 200,
            "original_height": 100,
            "value": value,
        }
        return {"id": who, "completed_by": who, "result": [region]}

    task = {
        "id": 1,
        "data": {"image": "/data/upload/1/x.png"},
        "annotations": [annotation(1, 10, "cup"), annotation(2, 11, "saucer")],
    }
    path.write_text(json.dumps([task]), encoding="utf-8")
    return path


def test_label_studio_export_split_by_annotator(demo: Taxonomy, tmp_path: Path) -> None:
    report = agree(demo, label_studio(tmp_path / "export.json"))
    assert [s.name for s in report.sides] == ["1", "2"]
    assert report.pairs[0].confusion == (("cup", "saucer", 1),)


def test_image_labels_fleiss_by_hand(demo: Taxonomy) -> None:
    blurry = next(x for x in agree(demo, DEMO_A, DEMO_B).labels if x.name == "blurry")
    # 5 images, 2 raters: 4 agree (no, no), 1 differs -> P-bar = 4/5; p_no = 9/10, p_yes = 1/10
    p_bar, p_e = 4 / 5, (9 / 10) ** 2 + (1 / 10) ** 2
    assert blurry.images == 5
    assert blurry.fleiss_kappa == pytest.approx((p_bar - p_e) / (1 - p_e))
    assert blurry.alpha == pytest.approx(0.0)  # 1 - D_o/D_e with n=10: 1 - (2/10)/(18/90)
