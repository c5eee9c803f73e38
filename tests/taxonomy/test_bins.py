"""The ordinal bin rule every consumer calls: a bin holds its lower edge, the last bin both."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.check.engine import check_dataset
from taxonomist.taxonomy import bins
from taxonomist.taxonomy.model import OrdinalAttribute

from ..check.build import native_dataset, taxonomy_from

OCCLUSION = OrdinalAttribute(type="ordinal", edges=[0, 40, 60, 100], labels=["low", "mid", "high"])


@pytest.mark.parametrize(
    ("value", "index"),
    [
        (0, 0),
        (39.99, 0),
        (40, 1),
        (59, 1),
        (60, 2),
        (100, 2),
        ("mid", 1),
        ("none", None),
        (-1, None),
        (100.5, None),
        (True, None),
        (None, None),
    ],
)
def test_bin_of(value: object, index: int | None) -> None:
    assert bins.bin_of(OCCLUSION, value) == index


def test_conditions_at_an_edge_take_whole_bins() -> None:
    assert bins.compare(OCCLUSION, 45, 40, at_least=True)
    assert not bins.compare(OCCLUSION, 45, 50, at_least=False)  # 45's bin reaches 60
    assert bins.compare(OCCLUSION, "low", 40, at_least=False)
    assert not bins.compare(OCCLUSION, 100, 100, at_least=False)  # the last bin holds 100
    assert bins.span_text(OCCLUSION, 0) == "0 to under 40"
    assert bins.span_text(OCCLUSION, 2) == "60 to 100"


def test_attribute_value_names_the_bins(tmp_path: Path) -> None:
    taxonomy = taxonomy_from(
        {
            "attributes": {"occlusion": OCCLUSION.model_dump(exclude_none=True)},
            "classes": {"person": {"id": 1, "attributes": {"occlusion": "optional"}}},
            "rules": {
                "visible": {
                    "title": "Visible",
                    "guidance": "Mostly visible people only.",
                    "check": {"name": "attribute-value", "attribute": "occlusion", "allowed": [0]},
                }
            },
        },
        tmp_path,
    )
    objects = [{"class": "person", "attributes": {"occlusion": 45}}]
    document = {"images": [{"id": "a", "width": 10, "height": 10, "objects": objects}]}
    (finding,) = [
        f for f in check_dataset(taxonomy, native_dataset(document, taxonomy)) if f.code == "X008"
    ]
    assert "45 (bin 'mid'); allowed here: the bins low" in finding.message
